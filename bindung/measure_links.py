"""How a cost programme is linked to the customers it touched: the grammar of the ``measures``
setting in ``bindung.toml`` (``"Winback-Kampagne 2026" = "experiment:winback-2026"``,
``"Newsletter" = "campaign:Newsletter"``), read by
the settings' check and by :mod:`bindung.insights.measures`."""

from __future__ import annotations

from dataclasses import dataclass

from bindung.errors import BindungError

#: The kinds of measure (each has its estimator, :mod:`bindung.insights.measures`).
KINDS = ("fans", "loyalty", "complaints", "experiment", "campaign")


class MeasureError(BindungError):
    """A measure link in ``bindung.toml`` that names no known kind or target."""


@dataclass(frozen=True)
class Link:
    """A cost programme, the kind of measure it is, what it names (a platform, a loyalty
    programme, an experiment) and where the link comes from (``settings`` or ``name``)."""

    programme: str
    kind: str | None
    target: str | None = None
    source: str = "name"


def parse_link(programme: str, text: str) -> Link:
    """``"experiment:winback-2026"``, ``"loyalty"``, ``"none"`` … as set in ``bindung.toml``."""
    kind, _, target = str(text).strip().partition(":")
    kind = kind.strip().lower()
    if kind == "none":
        return Link(programme, None, None, "settings")
    if kind not in KINDS:
        raise MeasureError(
            f"measures: {programme!r} = {text!r}: expected one of "
            f"{', '.join(KINDS)} or none, optionally with ':name' (e.g. 'experiment:winback-2026')"
        )
    if kind in ("experiment", "campaign") and not target.strip():
        raise MeasureError(f"measures: {programme!r} = {text!r}: name the {kind} ('{kind}:NAME')")
    return Link(programme, kind, target.strip() or None, "settings")
