"""Alerts against the benchmarks (source 000's by default), each valued by the revenue at risk.

>>> for a in alerts(ws): print(a.key, a.platform, a.value, a.revenue_at_risk)  # doctest: +SKIP

The checks live with their figures (:func:`bindung.report.satisfaction.satisfaction_alerts`,
:func:`bindung.report.social.social_alerts`, :func:`bindung.report.complaints.complaint_alerts`);
each returns the measured value, its threshold (from ``bindung.toml``: ``alert_*`` settings)
and the customers concerned.  This module puts them in one list and values them:

**Revenue at risk** of an alert = Σ over the customers concerned of
``CLV × (1 − P(alive))`` — the same definition as the segments' and the win-back list's
(:mod:`bindung.insights.segments`): predicted CLV over 12 months (BG/NBD × Gamma-Gamma, margin
from the settings) times the model's probability that the customer has already gone.  Without
a usable CLV model it falls back to the customers' revenue of the last 12 months
(``basis = "revenue_12m"``), which states what a complete loss would cost.  The values per
customer come from :func:`bindung.insights.risk.customer_risk`.

Thresholds (defaults, overridable; all but the NPS drop from source 000): SMCSS below 7.5;
SMER-B below 1 % (weak); SMAI below 0.3 (typical); median reply slower than 60 minutes; NPS
fallen by at least 5 points.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from bindung.i18n import N_, both, tr
from bindung.insights.risk import customer_risk

if TYPE_CHECKING:
    from bindung.store.protocol import Store

__all__ = ["Alert", "alerts", "alerts_section", "customer_risk", "message"]


@dataclass(frozen=True)
class Alert:
    key: str
    value: float
    threshold: float
    customers: int
    revenue_at_risk: float
    basis: str  # "clv" (CLV × (1 − P(alive))) or "revenue_12m"
    platform: str | None = None
    period: str | None = None
    details: dict[str, Any] = field(default_factory=dict)


Source = Callable[["Store"], list[dict[str, Any]]]


def _sources() -> list[Source]:
    from bindung.report.complaints import complaint_alerts
    from bindung.report.satisfaction import satisfaction_alerts
    from bindung.report.social import social_alerts
    from bindung.report.themes import theme_alerts

    return [satisfaction_alerts, social_alerts, complaint_alerts, theme_alerts]


def alerts(ws: Store, sources: list[Source] | None = None) -> list[Alert]:
    """Every alert of every source, with the revenue at risk of the customers concerned,
    largest first."""
    found: list[dict[str, Any]] = []
    for source in sources if sources is not None else _sources():
        found += source(ws)
    if not found:
        return []
    risk, basis = customer_risk(ws)
    out = []
    for a in found:
        ids = [str(c) for c in a.get("customer_ids", [])]
        at_risk = float(risk.reindex(ids).fillna(0.0).sum()) if ids else 0.0
        details = {
            k: v
            for k, v in a.items()
            if k not in ("key", "value", "threshold", "customer_ids", "platform", "period")
        }
        out.append(
            Alert(
                key=str(a["key"]),
                value=float(a["value"]) if a.get("value") is not None else math.nan,
                threshold=float(a["threshold"]) if a.get("threshold") is not None else math.nan,
                customers=len(ids),
                revenue_at_risk=at_risk,
                basis=basis,
                platform=None if a.get("platform") is None else str(a["platform"]),
                period=None if a.get("period") is None else str(a["period"]),
                details=details,
            )
        )
    return sorted(out, key=lambda x: -x.revenue_at_risk)


# --- the section ------------------------------------------------------------------------------

#: Message per alert key; ``{value}``, ``{threshold}``, ``{platform}``, ``{period}`` are filled
#: in formatted for the reader.
MESSAGES: dict[str, str] = {
    "smcss_low": N_("SMCSS {platform}: {value} is below the benchmark {threshold}"),
    "nps_falling": N_("NPS fell by {value} points in {period} (threshold {threshold})"),
    "smer_b_weak": N_("SMER-B {platform}: {value} % – weak (below {threshold} %)"),
    "smai_low": N_("SMAI: {value} per customer – below the typical {threshold}"),
    "reply_slow": N_("Reply time {platform}: median {value} min – slower than {threshold} min"),
    "open_complaints_old": N_("{value} open complaints are older than {threshold} days"),
    "unresolved_recent": N_("{value} complaints of the last {threshold} days stayed unresolved"),
    "negative_mentions_surge": N_(
        "{value} negative mentions in {period}: above their seasonal range (up to {threshold})"
    ),
}


def message(alert: Alert, lang: str) -> str:
    """The alert in plain words, numbers in the reader's format."""
    from bindung.report import format as fmt

    template = MESSAGES.get(alert.key, N_("{key}: {value} (threshold {threshold})"))
    whole = alert.key in (
        "open_complaints_old",
        "unresolved_recent",
        "reply_slow",
        "nps_falling",
        "negative_mentions_surge",
    )
    decimals = 0 if whole and alert.key != "reply_slow" else (1 if whole else 2)
    value = abs(alert.value) if alert.key == "nps_falling" else alert.value
    threshold = abs(alert.threshold) if alert.key == "nps_falling" else alert.threshold
    return tr(
        lang,
        template,
        key=alert.key,
        value=fmt.number(value, lang, decimals) if not math.isnan(value) else "–",
        threshold=fmt.number(threshold, lang, decimals) if not math.isnan(threshold) else "–",
        platform=alert.platform or tr(lang, "all platforms"),
        period=alert.period or "",
    )


def _concerned(alert: Alert, currency: str) -> Callable[[str], dict[str, str]]:
    """The values of an alert's finding, in the reader's format."""
    from bindung.report import format as fmt

    return lambda lang: {
        "alert": message(alert, lang),
        "customers": fmt.number(alert.customers, lang),
        "revenue": fmt.value(alert.revenue_at_risk, "money", lang, currency),
    }


def alerts_section(ws: Store, found: list[Alert] | None = None) -> Any:
    """Every alert with the customers concerned and the revenue at risk."""
    from bindung.report.tables import Column, Finding, Section, Table

    lang, currency = ws.settings.lang, ws.settings.currency
    found = alerts(ws) if found is None else found
    basis = found[0].basis if found else "clv"
    frame = pd.DataFrame(
        [
            {
                "key": a.key,
                "alert": message(a, lang),
                "platform": a.platform or "",
                "period": a.period or "",
                "value": a.value,
                "threshold": a.threshold,
                "customers": a.customers,
                "revenue_at_risk": a.revenue_at_risk,
            }
            for a in found
        ],
        columns=[
            "key",
            "alert",
            "platform",
            "period",
            "value",
            "threshold",
            "customers",
            "revenue_at_risk",
        ],
    )
    risk_label = (
        both("revenue at risk (CLV × (1 − P(alive)))")
        if basis == "clv"
        else both("revenue of the last 12 months")
    )
    table = Table(
        "alerts",
        *both("Alerts against the benchmarks"),
        [
            Column("alert", *both("alert")),
            Column("value", *both("value"), "score"),
            Column("threshold", *both("threshold"), "score"),
            Column("customers", *both("customers concerned"), "count"),
            Column("revenue_at_risk", *risk_label, "money"),
        ],
        frame,
        keys=("key", "platform", "period"),
    )
    findings = [
        Finding(
            *both(
                "{alert}; {customers} customers concerned, {revenue} at risk.",
                _concerned(a, currency),
            ),
            "alarm",
        )
        for a in found
    ]
    from bindung.insights.watch import watch

    checks = watch(ws)
    rule_table, rule_findings = _rule_tables(checks, currency)
    findings += rule_findings
    if not findings:
        findings = [
            Finding(*both("No alert: no benchmark for which there are data is missed."), "good")
        ]
    baseline = _baseline_table(ws, checks)
    return Section(
        "alerts",
        *both("Alerts"),
        [table, rule_table, baseline],
        findings,
        {"basis": basis, "currency": currency},
    )


#: The dashboard page that shows a figure (the alert links there).
PAGES = {
    "retention": ("customers", "retention", "churn", "kept", "lost", "reactivated", "repeat"),
    "value": ("clv", "aov", "purchase_interval"),
}


def page_of(metric: str) -> str:
    for page, words in PAGES.items():
        if any(w in metric for w in words):
            return page
    return "overview"


def _rule_message(c: Any, lang: str, currency: str) -> str:
    from bindung import formatting
    from bindung.metrics.catalogue import BY_KEY

    metric = BY_KEY[c.rule.metric]
    unit = metric.unit

    def shown(v: float) -> str:
        return formatting.value(v, unit, lang, currency)

    values = {"metric": metric.label(lang), "period": c.period, "value": shown(c.value)}
    if c.rule.kind == "anomaly":
        template = (
            N_("{metric} {period}: {value} – below the expected range {low} … {high}")
            if c.value < c.low
            else N_("{metric} {period}: {value} – above the expected range {low} … {high}")
        )
        return tr(lang, template, **values, low=shown(c.low), high=shown(c.high))
    if c.rule.kind in ("below", "above"):
        template = (
            N_("{metric} {period}: {value} is below {threshold}")
            if c.rule.kind == "below"
            else N_("{metric} {period}: {value} is above {threshold}")
        )
        return tr(lang, template, **values, threshold=shown(c.rule.value))
    change_unit: Any = "percent" if unit == "percent" else "customers"
    return tr(
        lang,
        N_("{metric} {period}: changed by {change} against the period before (rule: {rule})"),
        **values,
        change=formatting.change(c.expected, change_unit, lang),
        rule=formatting.change(c.rule.value, change_unit, lang),
    )


def _rule_tables(checks: list[Any], currency: str) -> tuple[Any, list[Any]]:
    """The rules' checks as a table (every rule, alerting or not) and a finding per alert."""
    from bindung.metrics.catalogue import BY_KEY
    from bindung.report.tables import Column, Finding, Table

    frame = pd.DataFrame(
        [
            {
                "metric": c.rule.metric,
                "kind": c.rule.kind,
                "label": BY_KEY[c.rule.metric].label("en"),
                "period": c.period,
                "value": c.value,
                "expected": c.expected,
                "low": c.low,
                "high": c.high,
                "alert": bool(c.alert),
                "revenue_at_risk": c.revenue_at_risk,
                "page": page_of(c.rule.metric),
            }
            for c in checks
        ],
        columns=[
            "metric",
            "kind",
            "label",
            "period",
            "value",
            "expected",
            "low",
            "high",
            "alert",
            "revenue_at_risk",
            "page",
        ],
    )
    table = Table(
        "rules",
        *both("Alert rules on the key figures (last complete period)"),
        [
            Column("metric", *both("metric"), labels=_metric_labels(frame["metric"])),
            Column("kind", *both("rule"), labels=RULE_KINDS),
            Column("period", *both("period")),
            Column("value", *both("value"), "score"),
            Column("expected", *both("expected or threshold"), "score"),
            Column("low", *both("range from"), "score"),
            Column("high", *both("range to"), "score"),
            Column("alert", *both("alert"), "flag"),
            Column("revenue_at_risk", *both("revenue at risk"), "money"),
        ],
        frame,
        keys=("page", "label"),
    )
    findings = []
    for c in checks:
        if not c.alert:
            continue
        risk = c.revenue_at_risk
        findings.append(
            Finding(
                *both(
                    "{alert}; {revenue} at risk (page {page}).",
                    _rule_values(c, currency, risk),
                ),
                "alarm" if risk > 0 else "warning",
            )
        )
    return table, findings


def _rule_values(c: Any, currency: str, risk: float) -> Callable[[str], dict[str, str]]:
    from bindung.report import format as fmt

    return lambda lang: {
        "alert": _rule_message(c, lang, currency),
        "revenue": fmt.value(risk, "money", lang, currency) if math.isfinite(risk) else "–",
        "page": f"/{page_of(c.rule.metric)}",
    }


RULE_KINDS = (
    ("anomaly", *both("outside the seasonal range")),
    ("below", *both("below a threshold")),
    ("above", *both("above a threshold")),
    ("change", *both("change against the period before")),
)


def _metric_labels(metrics: pd.Series) -> tuple[tuple[str, str, str], ...]:
    from bindung.metrics.catalogue import BY_KEY

    return tuple((m, BY_KEY[m].label("de"), BY_KEY[m].label("en")) for m in sorted(set(metrics)))


def _baseline_table(ws: Store, checks: list[Any]) -> Any:
    """The seasonal range of the last 12 months of every figure with an anomaly rule."""
    from bindung.insights.watch import bands
    from bindung.report.tables import Column, Table

    metrics = list(dict.fromkeys(c.rule.metric for c in checks if c.rule.kind == "anomaly"))
    levels = {c.rule.metric: c.rule.level for c in checks if c.rule.kind == "anomaly"}
    frames = [bands(ws, m, 12, levels[m]) for m in metrics]
    frame = (
        pd.concat(frames, ignore_index=True)
        if frames
        else pd.DataFrame(columns=["metric", "period", "value", "expected", "low", "high"])
    )
    return Table(
        "baseline",
        *both("Key figures against their seasonal range (last 12 months)"),
        [
            Column("metric", *both("metric"), labels=_metric_labels(frame["metric"])),
            Column("period", *both("period")),
            Column("value", *both("value"), "score"),
            Column("expected", *both("expected"), "score"),
            Column("low", *both("range from"), "score"),
            Column("high", *both("range to"), "score"),
        ],
        frame,
    )
