"""The demo business's order lines: what Bohnenwerk's customers buy (:mod:`bindung.demo`).

Every order of the orders export gets lines (SKU, product, category, quantity, unit price,
discount) whose quantities add up to the order's ``Anzahl`` (items), written as a WooCommerce
"Advanced Order Export" (one row per product, the order's fields on every row), which the
importer reads with the ``woocommerce`` preset into ``orders`` (the same values as the orders
export: nothing changes there) and ``order_lines``.

Drawn from a random stream of its own (:data:`STREAM`), after every other part, so that no
other file changes.

Process
-------
*Taste*: every customer drinks filter coffee (55 %), espresso (33 %) or decaf (12 %), has a
favourite coffee of that kind and a preferred bag size.  The chance of preferring the 1 kg
bag rises with the customer's purchase rate (log-odds + 2.5 per unit of ``log lambda``): a
first order with a 1 kg bag therefore brings customers who buy again more often (selection,
not an effect of the bag).

*Main line*: a 1 kg customer's favourite bag is in the first order and in every later order
placed at least :data:`REORDER_DAYS` days after the last one with it (the planted re-order
interval; the measured median is longer, by the wait for the next order); every other
customer's favourite is in each order with probability 0.75.  Otherwise the first line is
drawn from the further products (:data:`OTHER_WEIGHTS`).

*Further lines*: ``lines = min(items, 1 + Poisson(0.6))``; lines 2, 3, ... are drawn from
:data:`OTHER_WEIGHTS`; the same product twice in an order becomes one line.  *Planted pair*:
an order of two or more items with the Handfilter gets Filterpapier too with probability
:data:`PAIR_CHANCE` (a further line when the items allow, else in place of the line after
or before the Handfilter), so the pair's lift is far above 1.  The durable accessories
(:data:`DURABLE`: Handfilter, Milchkännchen, Handmühle) are bought once per customer: a
customer's later draw of one becomes a 250 g coffee.

*Quantities*: one unit per line, the rest of the order's items added one at a time to the
first line (60 %) or a random line.  *Prices*: the catalogue price per unit; when the lines
come to more than the order's amount, the difference is a discount (a voucher) spread over
the lines in proportion to their amounts, so ``Σ quantity × unit price − Σ discount`` is the
order's amount; when they come to less, the rest is shipping and service, which an order line
does not carry (the orders table keeps the order's amount: ``docs/tables.md``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

Array = npt.NDArray[Any]

#: The random stream of the order lines (``_Business.rng``): none of the others uses it.
STREAM = 40
DAY = 1440
#: A 1 kg customer re-orders their bag when at least this many days have passed since the last.
REORDER_DAYS = 35
#: Chance that a line with the Handfilter is followed by Filterpapier.
PAIR_CHANCE = 0.7
PAIR = ("ZB-HANDFILTER", "ZB-FILTER")
#: Bought once per customer (a later draw of one becomes a 250 g coffee).
DURABLE = ("ZB-HANDFILTER", "ZB-KANNE", "ZB-MUEHLE")
MAIN_CHANCE = 0.75  # the favourite's chance per order of a customer who prefers 250 g / 500 g
EXTRA_LINES = 0.6  # Poisson mean of the lines beyond the first

# (SKU, product name, category, price in cents)
PRODUCTS: tuple[tuple[str, str, str, int], ...] = (
    ("HM-250", "Hausmischung 250 g", "Kaffee", 890),
    ("HM-500", "Hausmischung 500 g", "Kaffee", 1590),
    ("HM-1000", "Hausmischung 1 kg", "Kaffee", 2890),
    ("ET-250", "Äthiopien Yirgacheffe 250 g", "Kaffee", 1190),
    ("ET-500", "Äthiopien Yirgacheffe 500 g", "Kaffee", 2190),
    ("ET-1000", "Äthiopien Yirgacheffe 1 kg", "Kaffee", 3990),
    ("KO-250", "Kolumbien Huila 250 g", "Kaffee", 1050),
    ("KO-500", "Kolumbien Huila 500 g", "Kaffee", 1890),
    ("KO-1000", "Kolumbien Huila 1 kg", "Kaffee", 3490),
    ("BR-250", "Brasilien Santos 250 g", "Kaffee", 950),
    ("BR-500", "Brasilien Santos 500 g", "Kaffee", 1690),
    ("BR-1000", "Brasilien Santos 1 kg", "Kaffee", 3090),
    ("EC-250", "Espresso Classico 250 g", "Espresso", 990),
    ("EC-500", "Espresso Classico 500 g", "Espresso", 1790),
    ("EC-1000", "Espresso Classico 1 kg", "Espresso", 3290),
    ("EF-250", "Espresso Forte 250 g", "Espresso", 1050),
    ("EF-500", "Espresso Forte 500 g", "Espresso", 1890),
    ("EF-1000", "Espresso Forte 1 kg", "Espresso", 3490),
    ("DE-250", "Entkoffeiniert Schweizer Wasser 250 g", "Entkoffeiniert", 1090),
    ("DE-500", "Entkoffeiniert Schweizer Wasser 500 g", "Entkoffeiniert", 1990),
    ("DE-1000", "Entkoffeiniert Schweizer Wasser 1 kg", "Entkoffeiniert", 3690),
    ("ZB-FILTER", "Filterpapier Gr. 4, 100 Stück", "Zubehör", 490),
    ("ZB-HANDFILTER", "Handfilter Porzellan", "Zubehör", 2490),
    ("ZB-KANNE", "Milchkännchen 350 ml", "Zubehör", 1990),
    ("ZB-MUEHLE", "Handmühle Keramik", "Zubehör", 6990),
    ("ZB-ENTKALKER", "Entkalker 500 ml", "Zubehör", 990),
    ("GS-ENTDECKER", "Geschenkset Entdecker (3 × 250 g)", "Geschenkset", 3490),
    ("GS-ESPRESSO", "Geschenkset Espresso mit zwei Tassen", "Geschenkset", 4990),
)
SKUS = tuple(p[0] for p in PRODUCTS)
PRICES: Array = np.array([p[3] for p in PRODUCTS], dtype=np.int64)
# taste -> favourite origin (first three characters of the SKU) and its chance
ORIGINS = (("HM", "ET", "KO", "BR"), ("EC", "EF"), ("DE",))
ORIGIN_CHANCE = ((0.4, 0.2, 0.2, 0.2), (0.6, 0.4), (1.0,))
TASTE_CHANCE = (0.55, 0.33, 0.12)
SIZES = ("250", "500", "1000")
#: Weights of the products of further lines (and of a first line without the favourite).
OTHER_WEIGHTS = {
    "HM-250": 0.10,
    "ET-250": 0.08,
    "KO-250": 0.08,
    "BR-250": 0.07,
    "EC-250": 0.07,
    "EF-250": 0.05,
    "DE-250": 0.05,
    "ZB-FILTER": 0.12,
    "ZB-HANDFILTER": 0.06,
    "ZB-KANNE": 0.08,
    "ZB-MUEHLE": 0.04,
    "ZB-ENTKALKER": 0.06,
    "GS-ENTDECKER": 0.08,
    "GS-ESPRESSO": 0.06,
}


@dataclass
class Lines:
    """One row per order line, sorted by order index and line number."""

    order: Array  # index into the business's orders
    product: Array  # index into PRODUCTS
    quantity: Array
    price: Array  # cents per unit
    discount: Array  # cents on the line
    truth: dict[str, Any]


def draw(
    rng: np.random.Generator,
    *,
    lam: Array,
    o_cust: Array,
    o_time: Array,
    o_items: Array,
    o_cents: Array,
    last: int,
) -> Lines:
    """The lines of every order (``o_*`` per order, ``lam`` per customer; times in minutes,
    ``last`` the last minute of the data)."""
    n, m = len(lam), len(o_cust)
    # -- tastes and favourites
    taste = rng.choice(3, size=n, p=TASTE_CHANCE)
    u_origin = rng.random(n)
    loglam = np.log(lam)
    logit = -3.0 + 2.5 * (loglam - loglam.mean())
    big = rng.random(n) < 1 / (1 + np.exp(-logit))
    small = rng.random(n) < 0.55
    size = np.where(big, 2, np.where(small, 0, 1))
    sku_index = {s: i for i, s in enumerate(SKUS)}
    favourite = np.zeros(n, dtype=np.int64)
    for kind, (origins, chances) in enumerate(zip(ORIGINS, ORIGIN_CHANCE, strict=True)):
        pick = np.minimum(np.searchsorted(np.cumsum(chances), u_origin), len(origins) - 1)
        table = np.array([[sku_index[f"{o}-{s}"] for s in SIZES] for o in origins])
        mine = taste == kind
        favourite[mine] = table[pick[mine], size[mine]]

    # -- main line: the 1 kg rule walks each customer's orders in time order (vectorised
    # over customers, one step per order rank)
    by_cust = np.lexsort((np.arange(m), o_time, o_cust))
    cust_sorted = o_cust[by_cust]
    starts = np.r_[0, np.nonzero(np.diff(cust_sorted))[0] + 1]
    rank = np.arange(m) - np.repeat(starts, np.diff(np.r_[starts, m]))
    u_main = rng.random(m)
    main = np.zeros(m, dtype=bool)
    last_bag = np.full(n, -(10**9), dtype=np.int64)
    step = np.argsort(rank, kind="stable")
    bounds = np.searchsorted(rank[step], np.arange(int(rank.max()) + 2))
    for r in range(int(rank.max()) + 1):
        idx = by_cust[step[bounds[r] : bounds[r + 1]]]
        c, t = o_cust[idx], o_time[idx]
        due = (r == 0) | (t - last_bag[c] >= REORDER_DAYS * DAY)
        inc = np.where(big[c], due, u_main[idx] < MAIN_CHANCE)
        main[idx] = inc
        last_bag[c] = np.where(big[c] & inc, t, last_bag[c])

    # -- lines: a slot matrix (order x line), the first slot the main line
    other = np.array([sku_index[s] for s in OTHER_WEIGHTS])
    weights = np.array(list(OTHER_WEIGHTS.values()))
    weights = weights / weights.sum()
    n_lines = np.minimum(o_items, 1 + rng.poisson(EXTRA_LINES, m))
    width = int(n_lines.max())
    slots = other[rng.choice(len(other), size=(m, width), p=weights)]
    slots[:, 0] = np.where(main, favourite[o_cust], slots[:, 0])
    # the planted pair: an order with the Handfilter gets Filterpapier too (a further line
    # when the items allow, else in place of the line after or before the Handfilter)
    u_pair = rng.random(m)
    hf, fp = sku_index[PAIR[0]], sku_index[PAIR[1]]
    inside = np.arange(width)[None, :] < n_lines[:, None]
    is_hf = (slots == hf) & inside
    has_fp = ((slots == fp) & inside).any(axis=1)
    pair = is_hf.any(axis=1) & ~has_fp & (u_pair < PAIR_CHANCE) & (o_items >= 2)
    pos = np.argmax(is_hf, axis=1)
    grow = pair & (o_items > n_lines)
    slots = np.concatenate([slots, np.zeros((m, 1), dtype=slots.dtype)], axis=1)
    width += 1
    target = np.where(grow, n_lines, np.where(pos + 1 < n_lines, pos + 1, pos - 1))
    n_lines = n_lines + grow
    slots[np.nonzero(pair)[0], target[pair]] = fp
    used = np.arange(width)[None, :] < n_lines[:, None]
    row_order, row_slot = np.nonzero(used)  # row-major: by order, then slot
    row_product = slots[row_order, row_slot]
    # durable accessories are bought once: a customer's later one becomes a 250 g coffee
    rc, rt = o_cust[row_order], o_time[row_order]
    by_product = np.lexsort((row_slot, rt, row_product, rc))
    again = np.zeros(len(row_product), dtype=bool)
    again[by_product[1:]] = (rc[by_product][1:] == rc[by_product][:-1]) & (
        row_product[by_product][1:] == row_product[by_product][:-1]
    )
    swap = again & np.isin(row_product, [sku_index[s] for s in DURABLE])
    coffees = np.array([sku_index[s] for s in OTHER_WEIGHTS if s.endswith("-250")])
    row_product[swap] = coffees[rng.integers(0, len(coffees), int(swap.sum()))]
    # quantities: one per line, the rest one unit at a time
    first_row = np.r_[0, np.cumsum(n_lines)[:-1]]
    rest = o_items - n_lines
    unit_order = np.repeat(np.arange(m), rest)
    to_first = rng.random(len(unit_order)) < 0.6
    slot_pick = (rng.random(len(unit_order)) * n_lines[unit_order]).astype(np.int64)
    target = first_row[unit_order] + np.where(to_first, 0, slot_pick)
    quantity = 1 + np.bincount(target, minlength=len(row_order))
    # the same product twice in an order: one line (its first place), quantities added
    key = row_order * len(PRODUCTS) + row_product
    uniq, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    qty = np.bincount(inverse, weights=quantity).astype(np.int64)
    keep = np.argsort(first, kind="stable")
    order = (uniq // len(PRODUCTS))[keep]
    product = (uniq % len(PRODUCTS))[keep]
    qty = qty[keep]
    # prices and the voucher discount
    price = PRICES[product]
    amount = qty * price
    listed = np.bincount(order, weights=amount, minlength=m).astype(np.int64)
    voucher = np.maximum(listed - o_cents, 0)
    share = amount * voucher[order] // np.maximum(listed[order], 1)
    discount = share.copy()
    line_first = np.r_[True, order[1:] != order[:-1]]
    remainder = voucher - np.bincount(order, weights=share, minlength=m).astype(np.int64)
    discount[line_first] += remainder[order[line_first]]
    truth = _truth(
        order, product, o_cust, o_time, favourite, big, last, lam=lam, n_customers=n, m=m
    )
    return Lines(order, product, qty, price, discount, truth)


def _truth(
    order: Array,
    product: Array,
    o_cust: Array,
    o_time: Array,
    favourite: Array,
    big: Array,
    last: int,
    *,
    lam: Array,
    n_customers: int,
    m: int,
) -> dict[str, Any]:
    """What the generated lines hold, counted here with numpy (the products answer's oracle)."""
    sku_index = {s: i for i, s in enumerate(SKUS)}
    hf, fp = sku_index[PAIR[0]], sku_index[PAIR[1]]
    has_hf = np.zeros(m, dtype=bool)
    has_fp = np.zeros(m, dtype=bool)
    has_hf[order[product == hf]] = True
    has_fp[order[product == fp]] = True
    both_ = int((has_hf & has_fp).sum())
    support = both_ / m
    lift = both_ * m / (int(has_hf.sum()) * int(has_fp.sum()))
    # re-order intervals of the 1 kg bags by their 1 kg customers: consecutive purchases
    bag = big[o_cust[order]] & (product == favourite[o_cust[order]])
    c, t = o_cust[order[bag]], o_time[order[bag]]
    s = np.lexsort((t, c))
    c, t = c[s], t[s]
    same = c[1:] == c[:-1]
    days = (t[1:] - t[:-1])[same] / DAY
    sku_of = product[bag][s][1:][same]
    return {
        "description": (
            "Order lines (bestellpositionen.csv, a WooCommerce 'Advanced Order Export'): "
            "products with categories; the quantities of an order's lines add up to its items. "
            "A customer's chance of preferring the 1 kg bag rises with their purchase rate; "
            f"1 kg customers re-order their bag at the first order at least {REORDER_DAYS} "
            "days after the last one with it; an order of two or more items with the "
            f"Handfilter gets Filterpapier too with probability {PAIR_CHANCE}. Measured values "
            "are counted on the generated lines over all orders (support = orders with both "
            "/ orders; lift = support / (share with Handfilter x share with Filterpapier))."
        ),
        "products": len(PRODUCTS),
        "lines": len(order),
        "planted_pair": {
            "products": list(PAIR),
            "chance_follows": PAIR_CHANCE,
            "orders": m,
            "orders_with_both": both_,
            "orders_with_first": int(has_hf.sum()),
            "orders_with_second": int(has_fp.sum()),
            "support_pct": round(100 * support, 4),
            "confidence_pct": round(100 * both_ / int(has_hf.sum()), 2),
            "lift": round(lift, 3),
        },
        "reorder_interval": {
            "products": "the 1 kg bags (SKU ending in -1000) of customers who prefer 1 kg",
            "customers_preferring_1kg": int(big.sum()),
            "min_days": REORDER_DAYS,
            "intervals": len(days),
            "median_days": round(float(np.median(days)), 2) if len(days) else None,
            "median_days_by_sku": {
                SKUS[k]: round(float(np.median(days[sku_of == k])), 2)
                for k in np.unique(sku_of).tolist()
            },
            "mean_purchase_rate_1kg_customers": round(float(lam[big].mean()), 3),
            "mean_purchase_rate_others": round(float(lam[~big].mean()), 3),
            "last_minute": last,
        },
    }


def check(lines: Lines, o_items: Array, o_cents: Array) -> None:
    """The lines' quantities add up to the items; lines minus discounts never exceed the
    amount (raises AssertionError otherwise: a generator bug)."""
    m = len(o_items)
    qty = np.bincount(lines.order, weights=lines.quantity, minlength=m)
    assert np.array_equal(qty.astype(np.int64), o_items)
    net = np.bincount(
        lines.order, weights=lines.quantity * lines.price - lines.discount, minlength=m
    )
    assert (net <= o_cents + 0.5).all() and (lines.discount >= 0).all()
    assert math.isfinite(float(net.sum()))
