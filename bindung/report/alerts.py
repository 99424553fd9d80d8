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

    return [satisfaction_alerts, social_alerts, complaint_alerts]


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
}


def message(alert: Alert, lang: str) -> str:
    """The alert in plain words, numbers in the reader's format."""
    from bindung.report import format as fmt

    template = MESSAGES.get(alert.key, N_("{key}: {value} (threshold {threshold})"))
    whole = alert.key in ("open_complaints_old", "unresolved_recent", "reply_slow", "nps_falling")
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
    if found:
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
    else:
        findings = [
            Finding(*both("No alert: no benchmark for which there are data is missed."), "good")
        ]
    return Section("alerts", *both("Alerts"), [table], findings, {"basis": basis})
