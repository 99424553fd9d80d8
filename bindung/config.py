"""Workspace settings, read from ``bindung.toml``.

Every setting is declared once in :data:`SETTINGS` with its default and help text; the file
written by ``bindung init`` and the docs are generated from it.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import tomli_w

from bindung.errors import WorkspaceError

CONFIG_FILE = "bindung.toml"


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "store",
        "duckdb:///bindung.duckdb",
        "Store URL; a relative DuckDB path is relative to the workspace folder. Other engines "
        "(pyspark://, bigquery://, snowflake://, postgres://) are read for metrics only: "
        "see docs/backends.md.",
    ),
    Setting("currency", "EUR", "Workspace currency (ISO 4217); money is stored in it."),
    Setting(
        "timezone",
        "Europe/Berlin",
        "Time zone of the exports; time stamps are converted from it to UTC at import.",
    ),
    Setting("locale", "de_DE", "Language and number formats of the output (de_DE, en_GB, ...)."),
    Setting(
        "activity_window_days",
        365,
        "A customer without a subscription is active while their last order is this recent.",
    ),
    Setting("loyalty_threshold", 3, "A customer with at least this many orders counts as loyal."),
    Setting(
        "activity_basis",
        "both",
        "What makes a customer active: 'orders' (an order within the activity window), "
        "'subscriptions' (a covering subscription) or 'both'.",
    ),
    Setting(
        "margin",
        1.0,
        "Gross margin as a fraction (0.35 = 35 %) for CLV; 1.0 values customers at revenue.",
    ),
    Setting(
        "min_customers",
        30,
        "Periods with fewer customers at the start are flagged as too small to compare.",
    ),
)


@dataclass(frozen=True)
class Settings:
    store: str = "duckdb:///bindung.duckdb"
    currency: str = "EUR"
    timezone: str = "Europe/Berlin"
    locale: str = "de_DE"
    activity_window_days: int = 365
    loyalty_threshold: int = 3
    activity_basis: str = "both"
    margin: float = 1.0
    min_customers: int = 30

    @property
    def lang(self) -> str:
        """``de`` or ``en``: the language of messages and labels."""
        return "de" if self.locale.lower().startswith("de") else "en"

    def validate(self, source: str) -> Settings:
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise WorkspaceError(
                f"{source}: timezone {self.timezone!r} is unknown; expected an IANA name "
                "such as 'Europe/Berlin'"
            ) from None
        if len(self.currency) != 3 or not self.currency.isalpha():
            raise WorkspaceError(
                f"{source}: currency {self.currency!r} is not an ISO 4217 code such as 'EUR'"
            )
        if self.activity_basis not in ("orders", "subscriptions", "both"):
            raise WorkspaceError(
                f"{source}: activity_basis {self.activity_basis!r}: expected 'orders', "
                "'subscriptions' or 'both'"
            )
        margin = self.margin
        if isinstance(margin, bool) or not isinstance(margin, int | float) or not 0 < margin <= 1:
            raise WorkspaceError(
                f"{source}: margin must be a fraction in (0, 1] such as 0.35, got {margin!r}"
            )
        for name in ("activity_window_days", "loyalty_threshold", "min_customers"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise WorkspaceError(f"{source}: {name} must be a whole number >= 1, got {value!r}")
        return self


def load(folder: Path) -> Settings:
    """Read ``folder/bindung.toml``; unknown keys are an error (a typo must not pass silently)."""
    path = folder / CONFIG_FILE
    if not path.is_file():
        raise WorkspaceError(
            f"{folder} is not a Bindung workspace (no {CONFIG_FILE}); run `bindung init {folder}`"
        )
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise WorkspaceError(f"{path}: not valid TOML: {exc}") from None
    known = {f.name for f in fields(Settings)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise WorkspaceError(
            f"{path}: unknown setting(s) {', '.join(unknown)}; expected: {', '.join(sorted(known))}"
        )
    return Settings(**data).validate(str(path))


def write(folder: Path, settings: Settings) -> Path:
    """Write ``bindung.toml`` with a comment per setting."""
    path = folder / CONFIG_FILE
    lines = ["# Bindung workspace settings (see docs/settings.md)", ""]
    for s in SETTINGS:
        lines.append(f"# {s.help}")
        lines.append(tomli_w.dumps({s.name: getattr(settings, s.name)}).strip())
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")
    return path
