"""The e-mailable report documents (HTML and Excel) from the stored answers: the pages of
:mod:`bindung.report.pages` read through :func:`bindung.answers.section` and laid out by
:mod:`bindung.report.document`.

>>> write_html(Path("shop"), Path("bericht.html"), period="quarter")     # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bindung.errors import BindungError
from bindung.report.document import ALL_PAGES, UNITS, Report, save_html, save_xlsx
from bindung.report.pages import PAGES, build_page
from bindung.report.tables import Section


def build_report(
    folder: Path,
    *,
    period: str = "month",
    pages: Sequence[str] = ALL_PAGES,
    focus: str | None = None,
    lang: str | None = None,
) -> Report:
    """The ``pages`` (keys of :data:`PAGES`, in that order) for the period unit, from the
    answers stored in the workspace ``folder`` (``bindung refresh``)."""
    from bindung import answers, config

    if period not in UNITS:
        raise BindungError(f"unknown period {period!r}; expected one of {', '.join(UNITS)}")
    unknown = [p for p in pages if p not in PAGES]
    if unknown or not pages:
        raise BindungError(f"unknown pages {unknown}; expected some of {', '.join(PAGES)}")
    folder = Path(folder)
    settings = config.load(folder)
    chosen = lang or settings.lang

    def read(key: str, params: dict[str, Any]) -> Section:
        return answers.section(folder, key, params, lang=chosen)

    built = [
        build_page(
            read, key, period=period, lang=chosen, focus=focus if key == "overview" else None
        )
        for key in pages
    ]
    tiles = answers.read(folder, "tiles", {"period": period}, lang=chosen)
    last_text = tiles.section.meta.get("last_day") if tiles and tiles.section else None
    return Report(
        workspace=folder.resolve().name,
        lang=chosen,
        currency=settings.currency,
        period=period,
        generated=datetime.now(ZoneInfo(settings.timezone)),
        last_day=date.fromisoformat(str(last_text)) if last_text else None,
        pages=built,
        timezone=settings.timezone,
        focus=focus,
    )


def write_html(
    folder: Path,
    path: Path,
    *,
    period: str = "month",
    pages: tuple[str, ...] = ALL_PAGES,
    focus: str | None = None,
) -> Path:
    """The report as one self-contained HTML file at ``path``."""
    return save_html(build_report(folder, period=period, pages=pages, focus=focus), path)


def write_xlsx(
    folder: Path,
    path: Path,
    *,
    period: str = "month",
    pages: tuple[str, ...] = ALL_PAGES,
    focus: str | None = None,
) -> Path:
    """The report as one Excel workbook at ``path``."""
    return save_xlsx(build_report(folder, period=period, pages=pages, focus=focus), path)


# -- HTML
