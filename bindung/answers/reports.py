"""The e-mailable report documents (HTML and Excel) from the stored answers: the chapters of
:mod:`bindung.report.contents` read through :func:`bindung.answers.section`, the summary of
:mod:`bindung.report.summary`, laid out by :mod:`bindung.report.document`.

>>> write_html(Path("shop"), Path("bericht.html"), period="quarter")     # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bindung.answers.store import AnswerStore
from bindung.errors import BindungError
from bindung.report.contents import ALL_CHAPTERS, build_chapters
from bindung.report.document import UNITS, Report, save_html, save_xlsx
from bindung.report.summary import build_summary
from bindung.report.tables import Section


def stored_experiments(folder: Path, lang: str) -> list[str]:
    """The experiments whose answer is stored (in ``lang``), by name."""
    names = {
        str(p["name"])
        for p in AnswerStore(folder).stored_params("experiment")
        if p.get("lang", lang) == lang and "name" in p and "window_days" not in p
    }
    return sorted(names)


def build_report(
    folder: Path,
    *,
    period: str = "month",
    chapters: Sequence[str] = ALL_CHAPTERS,
    focus: str | None = None,
    lang: str | None = None,
) -> Report:
    """The summary and the ``chapters`` (keys of :data:`ALL_CHAPTERS`, in that order) for the
    period unit, from the answers stored in the workspace ``folder`` (``bindung refresh``)."""
    from bindung import answers, config

    if period not in UNITS:
        raise BindungError(f"unknown period {period!r}; expected one of {', '.join(UNITS)}")
    folder = Path(folder)
    settings = config.load(folder)
    chosen = lang or settings.lang

    def read(key: str, params: dict[str, Any]) -> Section:
        return answers.section(folder, key, params, lang=chosen)

    built = build_chapters(
        read,
        period=period,
        lang=chosen,
        currency=settings.currency,
        focus=focus,
        experiments=stored_experiments(folder, chosen),
        chosen=chapters,
        titles={s.key: (s.title_de, s.title_en) for s in answers.all_specs()},
    )
    tiles = answers.read(folder, "tiles", {"period": period}, lang=chosen)
    last_text = tiles.section.meta.get("last_day") if tiles and tiles.section else None
    return Report(
        workspace=folder.resolve().name,
        lang=chosen,
        currency=settings.currency,
        period=period,
        generated=datetime.now(ZoneInfo(settings.timezone)),
        last_day=date.fromisoformat(str(last_text)) if last_text else None,
        chapters=built,
        summary=build_summary(built, lang=chosen, currency=settings.currency),
        timezone=settings.timezone,
        focus=focus,
    )


def write_html(
    folder: Path,
    path: Path,
    *,
    period: str = "month",
    chapters: Sequence[str] = ALL_CHAPTERS,
    focus: str | None = None,
) -> Path:
    """The report as one self-contained HTML file at ``path``."""
    return save_html(build_report(folder, period=period, chapters=chapters, focus=focus), path)


def write_xlsx(
    folder: Path,
    path: Path,
    *,
    period: str = "month",
    chapters: Sequence[str] = ALL_CHAPTERS,
    focus: str | None = None,
) -> Path:
    """The report as one Excel workbook at ``path``."""
    return save_xlsx(build_report(folder, period=period, chapters=chapters, focus=focus), path)
