"""The metric catalogue: every KPI declared once, with its formula, unit, source and benchmarks.

Each :class:`Metric` names the components it reads (:mod:`bindung.metrics.components`) and
gives its value as an Ibis expression over the assembled period table
(:mod:`bindung.metrics.kpis`), whose columns are:

* ``S``, ``E``: customers active at the start and at the end of the period; ``N``: new
  customers (first activity in the period); ``lost``; ``gained_new``, ``gained_re``: customers
  active at the end but not at the start, new and reactivated.
* ``orders``, ``revenue``, ``items``, ``orders_new``, ``revenue_new`` (orders of customers whose
  first order is in the period), ``interval_n``, ``interval_sum``, ``interval_median`` (days
  between consecutive orders, for intervals ending in the period), and the cumulative counts
  ``buyers_to_date``, ``repeat_to_date``, ``loyal_to_date`` (customers with at least 1, 2, k
  orders by the end of the period), ``net_revenue_to_date`` (revenue minus returns).
* ``items_returned``, ``amount_returned`` (by return date).
* ``mrr_start``, ``mrr_end``, ``mrr_churned``, ``mrr_contraction``, ``mrr_expansion``.
* ``cost_acquisition``, ``cost_retention`` (spend spread over the days it covers),
  ``cac_recorded`` (``customers.acquisition_cost`` of the period's new customers).

A value that cannot be computed (a rate over zero customers) is NULL, never 0 or an error.
The docs page ``docs/metrics.md`` is generated from this module.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from bindung.i18n import benchmark, both, literature
from bindung.metrics.source import Options

Unit = Literal["customers", "percent", "money", "days", "factor", "orders"]


def _formula_of(source: str) -> str:
    """The ``source`` text of a KPI whose formula comes from the trade literature: "the formula
    of the trade literature (source 002); DESIGN.md, Definitions"."""
    return f"the formula of the {literature(source)}; DESIGN.md, Definitions"


def ratio(num: Any, den: Any, scale: float = 1.0) -> Any:
    """``num / den * scale``; NULL when ``den`` is 0 or NULL (not defined, never a silent 0)."""
    den = den.cast("float64")
    value = num.cast("float64") / den * scale
    import ibis

    return ibis.ifelse(den.isnull() | (den == 0), ibis.null("float64"), value)


@dataclass(frozen=True)
class Metric:
    key: str
    label_de: str
    label_en: str
    unit: Unit
    formula: str
    higher_is_better: bool | None
    source: str
    needs: tuple[str, ...]
    value: Callable[[Any, Options], Any]
    benchmarks: str = ""  # English
    note: str = ""
    benchmarks_de: str = ""

    def label(self, lang: str) -> str:
        return self.label_de if lang == "de" else self.label_en

    def benchmark(self, lang: str) -> str:
        """The benchmarks in the reader's language (German falls back to nothing, never to
        the English text)."""
        return self.benchmarks_de if lang == "de" else self.benchmarks


def _benchmarks(texts: tuple[str, str]) -> dict[str, str]:
    """The fields ``benchmarks`` (English) and ``benchmarks_de`` of a metric from
    :func:`~bindung.i18n.both`."""
    return {"benchmarks": texts[1], "benchmarks_de": texts[0]}


def _kept(c: Any) -> Any:
    return c.S - c.lost


def kept_or_back(c: Any) -> Any:
    """Customers kept over the period or reactivated in it: ``S − lost + reactivated`` (the
    denominator of the retention cost per kept customer)."""
    return _kept(c) + c.gained_re


def acquisition_spend(c: Any) -> Any:
    """Acquisition spend of the period from the costs table; where it records none, the
    recorded ``acquisition_cost`` of the period's new customers."""
    return _acquisition_spend(c)


def _acquisition_spend(c: Any) -> Any:
    import ibis

    return ibis.ifelse(c.cost_acquisition > 0, c.cost_acquisition, c.cac_recorded)


def _aov(c: Any) -> Any:
    return ratio(c.revenue, c.orders)


def _cac(c: Any) -> Any:
    return ratio(_acquisition_spend(c), c.N)


def _retention_cost(c: Any) -> Any:
    return ratio(c.cost_retention, kept_or_back(c))


CATALOGUE: tuple[Metric, ...] = (
    # -- customers
    Metric(
        "customers_start",
        *both("Customers at start (S)"),
        "customers",
        "S = customers active at the period's start",
        True,
        "DESIGN.md: active = an order within the activity window W before the instant "
        "(non-contractual) or a covering subscription (contractual)",
        ("activity",),
        lambda c, o: c.S,
    ),
    Metric(
        "customers_end",
        *both("Customers at end (E)"),
        "customers",
        "E = customers active at the period's end",
        True,
        "DESIGN.md, as customers at start",
        ("activity",),
        lambda c, o: c.E,
    ),
    Metric(
        "new_customers",
        *both("New customers (N)"),
        "customers",
        "N = customers whose first order or subscription falls in the period",
        True,
        "DESIGN.md",
        ("activity",),
        lambda c, o: c.N,
    ),
    Metric(
        "kept_customers",
        *both("Kept customers"),
        "customers",
        "active at the start and at the end",
        True,
        "DESIGN.md (the strict count behind the strict retention rate)",
        ("activity",),
        lambda c, o: _kept(c),
    ),
    Metric(
        "lost_customers",
        *both("Lost customers"),
        "customers",
        "active at the start, not active at the end",
        False,
        "DESIGN.md (churn rate numerator)",
        ("activity",),
        lambda c, o: c.lost,
    ),
    Metric(
        "reactivated_customers",
        *both("Reactivated customers"),
        "customers",
        "active at the end, not at the start, first activity before the period",
        True,
        "DESIGN.md (reactivated customers count as kept in the retention rate of source 003)",
        ("activity",),
        lambda c, o: c.gained_re,
    ),
    # -- retention
    Metric(
        "retention_rate",
        *both("Customer retention rate (CRR)"),
        "percent",
        "(E − N) / S × 100",
        True,
        _formula_of("003") + "; reactivated customers count as kept",
        ("activity",),
        lambda c, o: ratio(c.E - c.N, c.S, 100),
    ),
    Metric(
        "retention_rate_strict",
        *both("Retention rate (strict)"),
        "percent",
        "customers active at start and at end / S × 100",
        True,
        "DESIGN.md: the strict rate next to the formula of source 003",
        ("activity",),
        lambda c, o: ratio(_kept(c), c.S, 100),
    ),
    Metric(
        "churn_rate",
        *both("Churn rate"),
        "percent",
        "customers active at start and not at end / S × 100",
        False,
        "DESIGN.md; equals 100 − strict retention rate",
        ("activity",),
        lambda c, o: ratio(c.lost, c.S, 100),
    ),
    # -- revenue
    Metric(
        "revenue",
        *both("Revenue"),
        "money",
        "sum of order revenue in the period",
        True,
        "orders table",
        ("orders",),
        lambda c, o: c.revenue.cast("float64"),
    ),
    Metric(
        "orders",
        *both("Orders"),
        "orders",
        "number of orders in the period",
        True,
        "orders table",
        ("orders",),
        lambda c, o: c.orders,
    ),
    Metric(
        "mrr_start",
        *both("MRR at start"),
        "money",
        "sum of the MRR of subscriptions covering the start",
        True,
        "subscriptions table; standard SaaS definition",
        ("mrr",),
        lambda c, o: c.mrr_start.cast("float64"),
    ),
    Metric(
        "mrr_end",
        *both("MRR at end"),
        "money",
        "sum of the MRR of subscriptions covering the end",
        True,
        "subscriptions table; standard SaaS definition",
        ("mrr",),
        lambda c, o: c.mrr_end.cast("float64"),
    ),
    Metric(
        "revenue_churn_rate",
        *both("Revenue churn (MRR)"),
        "percent",
        "(MRR of customers who cancelled + MRR lost by downgrades) / MRR at start × 100",
        False,
        "DESIGN.md (revenue churn); per customer, start against end of the period",
        ("mrr",),
        lambda c, o: ratio(c.mrr_churned + c.mrr_contraction, c.mrr_start, 100),
        note="a subscription row has one MRR: record a downgrade or upgrade as the old row "
        "ending and a new row starting; a pause is a gap between two rows",
    ),
    Metric(
        "gross_revenue_retention",
        *both("Gross revenue retention (GRR)"),
        "percent",
        "(MRR at start − cancelled − downgrades) / MRR at start × 100",
        True,
        "DESIGN.md; standard SaaS definition",
        ("mrr",),
        lambda c, o: ratio(c.mrr_start - c.mrr_churned - c.mrr_contraction, c.mrr_start, 100),
        **_benchmarks(
            both("SaaS medians around 90 % a year (industry surveys; not from sources 000–004)")
        ),
    ),
    Metric(
        "net_revenue_retention",
        *both("Net revenue retention (NRR)"),
        "percent",
        "(MRR at start − cancelled − downgrades + upgrades) / MRR at start × 100",
        True,
        "DESIGN.md; standard SaaS definition (new customers excluded)",
        ("mrr",),
        lambda c, o: ratio(
            c.mrr_start - c.mrr_churned - c.mrr_contraction + c.mrr_expansion, c.mrr_start, 100
        ),
    ),
    # -- buying again
    Metric(
        "repeat_customer_rate",
        *both("Repeat customer rate"),
        "percent",
        "customers with ≥ 2 orders / customers with ≥ 1 order × 100, all orders up to the "
        "period's end",
        True,
        _formula_of("002"),
        ("orders",),
        lambda c, o: ratio(c.repeat_to_date, c.buyers_to_date, 100),
        **_benchmarks(
            both(
                "below 30 %: the {literature} advises 70–80 % of the budget for retention",
                lambda lang: {"literature": literature("000", lang)},
            )
        ),
    ),
    Metric(
        "loyal_customer_rate",
        *both("Loyal customer rate"),
        "percent",
        "customers with ≥ k orders / customers with ≥ 1 order × 100 (k = loyalty_threshold), "
        "all orders up to the period's end",
        True,
        _formula_of("002") + " (loyal rate, k configurable)",
        ("orders",),
        lambda c, o: ratio(c.loyal_to_date, c.buyers_to_date, 100),
    ),
    Metric(
        "aov",
        *both("Average order value"),
        "money",
        "revenue / orders",
        True,
        _formula_of("002"),
        ("orders",),
        lambda c, o: _aov(c),
    ),
    Metric(
        "aov_new",
        *both("Average order value, new customers"),
        "money",
        "revenue / orders of customers whose first order is in the period",
        True,
        _formula_of("002") + " (split new vs existing)",
        ("orders",),
        lambda c, o: ratio(c.revenue_new, c.orders_new),
    ),
    Metric(
        "aov_existing",
        *both("Average order value, existing customers"),
        "money",
        "revenue / orders of customers whose first order was before the period",
        True,
        _formula_of("002") + " (split new vs existing)",
        ("orders",),
        lambda c, o: ratio(c.revenue - c.revenue_new, c.orders - c.orders_new),
    ),
    Metric(
        "aov_ratio",
        *both("Existing vs new order value"),
        "factor",
        "average order value of existing / of new customers",
        True,
        # DESIGN.md ("Definitions") does not say which of the sources 000–004 claims the 67 %
        _formula_of("002") + "; the trade literature claims existing customers spend 67 % more",
        ("orders",),
        lambda c, o: ratio(
            ratio(c.revenue - c.revenue_new, c.orders - c.orders_new),
            ratio(c.revenue_new, c.orders_new),
        ),
        **_benchmarks(both("trade literature: 1.67 (existing customers spend 67 % more)")),
    ),
    Metric(
        "purchase_interval_mean",
        *both("Purchase interval (mean)"),
        "days",
        "mean days between consecutive orders of one customer, for intervals ending in the "
        "period (exact elapsed time; orders on one day are 0 days apart)",
        False,
        "DESIGN.md (purchase interval)",
        ("orders",),
        lambda c, o: ratio(c.interval_sum, c.interval_n),
    ),
    Metric(
        "purchase_interval_median",
        *both("Purchase interval (median)"),
        "days",
        "median days between consecutive orders of one customer, for intervals ending in the "
        "period",
        False,
        "DESIGN.md (purchase interval)",
        ("orders",),
        lambda c, o: c.interval_median.cast("float64"),
    ),
    # -- returns
    Metric(
        "return_rate_items",
        *both("Return rate (items)"),
        "percent",
        "items returned in the period / items sold in the period × 100",
        False,
        "DESIGN.md (return rate); returns counted by return date",
        ("orders", "returns"),
        lambda c, o: ratio(c.items_returned, c.items, 100),
    ),
    Metric(
        "return_rate_amount",
        *both("Return rate (amount)"),
        "percent",
        "amount refunded in the period / revenue in the period × 100",
        False,
        "DESIGN.md (return rate); returns counted by return date",
        ("orders", "returns"),
        lambda c, o: ratio(c.amount_returned, c.revenue, 100),
    ),
    # -- value
    Metric(
        "clv_historical",
        *both("Historical CLV"),
        "money",
        "margin × (revenue − returns) to date / customers with an order to date",
        True,
        "DESIGN.md (CLV historical); margin from the workspace setting",
        ("orders", "returns"),
        lambda c, o: ratio(c.net_revenue_to_date, c.buyers_to_date, o.margin),
    ),
    Metric(
        "clv_simple",
        *both("Simple CLV (formula of source 002)"),
        "money",
        "average order value × repeat customer rate − acquisition cost per new customer",
        True,
        _formula_of("002") + "; labelled as such; not a forecast",
        ("orders", "activity", "costs", "recorded_cac"),
        lambda c, o: _aov(c) * ratio(c.repeat_to_date, c.buyers_to_date) - _cac(c),
    ),
    # -- cost
    Metric(
        "acquisition_cost_per_new",
        *both("Acquisition cost per new customer"),
        "money",
        "acquisition spend in the period / N (spend from the costs table; where it records "
        "none for the period, the customers' recorded acquisition_cost)",
        False,
        "DESIGN.md (acquisition vs retention cost)",
        ("activity", "costs", "recorded_cac"),
        lambda c, o: _cac(c),
    ),
    Metric(
        "retention_cost_per_kept",
        *both("Retention cost per kept customer"),
        "money",
        "retention spend in the period / (kept + reactivated customers); read over 12 "
        "months only (KPI table by year, bindung costs): a month keeps nearly everyone",
        False,
        "DESIGN.md (acquisition vs retention cost)",
        ("activity", "costs"),
        lambda c, o: _retention_cost(c),
    ),
    Metric(
        "cost_ratio",
        *both("Acquisition vs retention cost"),
        "factor",
        "acquisition cost per new customer / retention cost per kept customer, over 12 "
        "months (bindung costs, the KPI table by year)",
        None,
        "DESIGN.md (acquisition vs retention cost); source 003 quotes 5–25×",
        ("activity", "costs", "recorded_cac"),
        lambda c, o: ratio(_cac(c), _retention_cost(c)),
        **_benchmarks(
            both(
                "{benchmark}: winning a customer costs 5–25× keeping one",
                lambda lang: {"benchmark": benchmark("003", lang)},
            )
        ),
    ),
)

BY_KEY: dict[str, Metric] = {m.key: m for m in CATALOGUE}


def metric(key: str) -> Metric:
    try:
        return BY_KEY[key]
    except KeyError:
        raise KeyError(f"unknown metric {key!r}; expected one of: {', '.join(BY_KEY)}") from None
