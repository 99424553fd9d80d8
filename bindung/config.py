"""Workspace settings, read from ``bindung.toml``.

Every setting is declared once in :data:`SETTINGS` with its default and help text; the file
written by ``bindung init`` and the docs are generated from it.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import tomli_w

from bindung.errors import WorkspaceError
from bindung.i18n import benchmark

CONFIG_FILE = "bindung.toml"
#: Where the alert thresholds' defaults come from, in the help texts.
LITERATURE = benchmark("000")


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
    Setting(
        "business_hours",
        "",
        "Opening hours of customer care, e.g. 'Mo-Fr 08:00-18:00' (workspace time zone); "
        "reply times are then also counted in open minutes only. Empty: around the clock.",
    ),
    Setting(
        "csat_satisfied_from",
        4,
        "A CSAT score (1-5) counts as satisfied from this value on (4: the top-2-box).",
    ),
    Setting(
        "alert_smcss_below",
        7.5,
        "Alarm when the social-media satisfaction score SMCSS (1-10) falls below this; "
        f"{LITERATURE}: 7.5.",
    ),
    Setting(
        "alert_smer_b_weak",
        1.0,
        f"SMER-B (engagement of existing customers, %) below this is weak; {LITERATURE}: 1 %.",
    ),
    Setting(
        "alert_smer_b_strong",
        3.5,
        f"SMER-B above this is strong; {LITERATURE}: 3.5 %.",
    ),
    Setting(
        "alert_smai_typical",
        0.3,
        f"SMAI (advocacy per customer) below this is under the typical value; {LITERATURE}: 0.3.",
    ),
    Setting(
        "alert_smai_excellent",
        0.5,
        f"SMAI above this is excellent; {LITERATURE}: 0.5.",
    ),
    Setting(
        "alert_reply_minutes",
        60,
        "Alarm when the median reply time to mentions needing a reply exceeds this many "
        f"minutes; {LITERATURE}: replies within 60 minutes.",
    ),
    Setting(
        "alert_nps_drop_points",
        5.0,
        "Alarm when the NPS fell by at least this many points against the previous period.",
    ),
    Setting(
        "ltv_cac_min",
        3.0,
        "Unit economics: flag an acquisition channel whose LTV:CAC (customer value over "
        "acquisition cost per new customer) is below this; the common rule of thumb is 3.",
    ),
    Setting(
        "payback_months_max",
        12,
        "Unit economics: flag an acquisition channel whose new customers need more than this "
        "many months of margin to pay back their acquisition cost.",
    ),
    Setting(
        "contacts_enabled",
        False,
        "Allow `bindung import contacts FILE`: customers' e-mail addresses and names in clear "
        "text, stored in the table contacts only, for the exports to e-mail tools (`bindung "
        "customers --export`). Addresses are personal data (GDPR): enable this only with a "
        "legal basis for e-mailing these customers, and keep the workspace folder private. "
        "false: Bindung holds no address (imports keep salted hashes only) and refuses both.",
    ),
    Setting(
        "alert_rules",
        [],
        'Alert rules on any figure of the catalogue, e.g. [[alert_rules]] metric = "revenue" '
        'kind = "anomaly" (below the seasonal baseline\'s 99 % interval), or kind = '
        '"below" / "above" / "change" with a value. None: anomalies of revenue, orders '
        "and new customers (docs/alerts.md).",
    ),
    Setting(
        "alert_negative_mentions_level",
        0.99,
        "Alarm when the negative social media mentions of the last complete month lie above "
        "their seasonal range; this is the range's coverage (0.99: a month above it happens "
        "by chance about once in 200 months; 0.95 alarms sooner).",
    ),
    Setting(
        "themes_discovered",
        3,
        "Themes of the texts (comments, complaints, mentions) found beyond the theme list "
        "(TF-IDF and NMF); 0 leaves the discovery out.",
    ),
    # TOML tables: they must stay the last settings (keys after a table header belong to it)
    Setting(
        "themes",
        {},
        'The theme list: keywords per theme, e.g. Mahlgrad = ["mahlgrad*", "gemahlen"] '
        "(liefer* begins, *service ends, *liefer* contains a word; phrases in quotes); the "
        "defaults delivery, price, quality, service and app are changed by their key "
        "(app = [] leaves it out; docs/themes.md).",
    ),
    Setting(
        "measures",
        {},
        "ROI per measure: links a cost programme to the customers it touched, as "
        "'fans', 'loyalty[:PROGRAMME]', 'complaints', 'experiment:NAME', 'campaign:NAME' or "
        "'none', e.g. "
        '"Winback-Kampagne 2026" = "experiment:winback-2026". Programmes not named here '
        "are linked by their name and channel (docs/measures.md).",
    ),
    Setting(
        "digest",
        {},
        "Where `bindung digest --send` goes: e-mail over SMTP and Slack, Microsoft Teams or "
        "Mattermost webhooks; passwords and webhook URLs come from environment variables or "
        "files outside the workspace, never from this file (docs/digests.md).",
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
    business_hours: str = ""
    csat_satisfied_from: int = 4
    alert_smcss_below: float = 7.5
    alert_smer_b_weak: float = 1.0
    alert_smer_b_strong: float = 3.5
    alert_smai_typical: float = 0.3
    alert_smai_excellent: float = 0.5
    alert_reply_minutes: int = 60
    alert_nps_drop_points: float = 5.0
    ltv_cac_min: float = 3.0
    payback_months_max: int = 12
    contacts_enabled: bool = False
    alert_rules: list[dict[str, Any]] = field(default_factory=list)
    alert_negative_mentions_level: float = 0.99
    themes_discovered: int = 3
    themes: dict[str, list[str]] = field(default_factory=dict)
    measures: dict[str, str] = field(default_factory=dict)
    digest: dict[str, Any] = field(default_factory=dict)

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
        for name in (
            "alert_smcss_below",
            "alert_smer_b_weak",
            "alert_smer_b_strong",
            "alert_smai_typical",
            "alert_smai_excellent",
            "alert_nps_drop_points",
            "ltv_cac_min",
        ):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
                raise WorkspaceError(f"{source}: {name} must be a number >= 0, got {value!r}")
        if self.alert_smer_b_weak > self.alert_smer_b_strong:
            raise WorkspaceError(
                f"{source}: alert_smer_b_weak ({self.alert_smer_b_weak}) must not exceed "
                f"alert_smer_b_strong ({self.alert_smer_b_strong})"
            )
        if self.alert_smai_typical > self.alert_smai_excellent:
            raise WorkspaceError(
                f"{source}: alert_smai_typical ({self.alert_smai_typical}) must not exceed "
                f"alert_smai_excellent ({self.alert_smai_excellent})"
            )
        if not isinstance(self.business_hours, str):
            raise WorkspaceError(
                f"{source}: business_hours must be text such as 'Mo-Fr 08:00-18:00', "
                f"got {self.business_hours!r}"
            )
        from bindung.hours import parse_business_hours

        parse_business_hours(self.business_hours, self.lang)
        if self.csat_satisfied_from not in (1, 2, 3, 4, 5):
            raise WorkspaceError(
                f"{source}: csat_satisfied_from must be a whole number 1-5, "
                f"got {self.csat_satisfied_from!r}"
            )
        measures = self.measures
        if not isinstance(measures, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in measures.items()
        ):
            raise WorkspaceError(
                f'{source}: measures must be a table of programme = "kind" such as '
                f'[measures] "Winback-Kampagne 2026" = "experiment:winback-2026", got {measures!r}'
            )
        from bindung.measure_links import MeasureError, parse_link

        for programme, text in measures.items():
            try:
                parse_link(programme, text)
            except MeasureError as exc:
                raise WorkspaceError(f"{source}: {exc}") from None
        from bindung.alert_rules import rule
        from bindung.errors import BindungError

        if not isinstance(self.alert_rules, list):
            raise WorkspaceError(
                f"{source}: alert_rules must be a list of tables ([[alert_rules]])"
            )
        for i, table in enumerate(self.alert_rules):
            try:
                rule(table, f"alert_rules[{i}]")
            except BindungError as exc:
                raise WorkspaceError(f"{source}: {exc}") from None
        from bindung.theme_list import theme_list

        try:
            theme_list(self.themes)
        except BindungError as exc:
            raise WorkspaceError(f"{source}: {exc}") from None
        level = self.alert_negative_mentions_level
        if isinstance(level, bool) or not isinstance(level, int | float) or not 0.5 <= level < 1:
            raise WorkspaceError(
                f"{source}: alert_negative_mentions_level must lie in [0.5, 1), got {level!r}"
            )
        n = self.themes_discovered
        if isinstance(n, bool) or not isinstance(n, int) or not 0 <= n <= 20:
            raise WorkspaceError(
                f"{source}: themes_discovered must be a whole number 0-20, got {n!r}"
            )
        if not isinstance(self.contacts_enabled, bool):
            raise WorkspaceError(
                f"{source}: contacts_enabled must be true or false, got {self.contacts_enabled!r}"
            )
        from bindung.digest_settings import digest_settings

        digest_settings(self.digest, source)
        for name in (
            "activity_window_days",
            "loyalty_threshold",
            "min_customers",
            "alert_reply_minutes",
            "payback_months_max",
        ):
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


def language(folder: Path, requested: str | None) -> str:
    """``requested`` when it is ``de`` or ``en``, else the workspace's language, else German
    (a folder that is no workspace yet: the welcome and upload pages)."""
    if requested in ("de", "en"):
        return str(requested)
    try:
        return load(folder).lang
    except WorkspaceError:
        return "de"


def write(folder: Path, settings: Settings) -> Path:
    """Write ``bindung.toml`` with a comment per setting."""
    path = folder / CONFIG_FILE
    lines = ["# Bindung workspace settings (see docs/settings.md)", ""]
    for s in SETTINGS:
        value = getattr(settings, s.name)
        lines.append(f"# {s.help}")
        if isinstance(value, dict) and not value:
            # an empty table is left out: keys added below a table's header would belong to
            # it, so the file ends with plain settings until a table is filled in
            lines.append(f"# [{s.name}]")
        else:
            lines.append(tomli_w.dumps({s.name: value}).strip())
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")
    return path
