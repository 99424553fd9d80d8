"""Saved segments: named rules over the customer list, kept in ``segments.toml`` in the
workspace and applied to the stored customers answer (``bindung customers --saved NAME``,
``--rule "…"``, and every export of a list).

>>> check("orders >= 3 and customer_group = 'B2B'")                        # doctest: +SKIP
>>> frame[mask(frame, "clv > 500 and not overdue")]                         # doctest: +SKIP

A rule is an expression of :data:`FIELDS`, numbers, texts in quotes, ``true``/``false``,
comparisons (``=`` or ``==``, ``!=``, ``<``, ``<=``, ``>``, ``>=``), ``in [...]`` / ``not in
[...]``, ``and``, ``or``, ``not`` and parentheses.  It is parsed with Python's :mod:`ast` and
only those nodes are accepted (nothing is evaluated as code); a field that is not in the list,
or any other construct, is an error naming it.  A comparison with an empty value (a customer
without a CLV) is false.
"""

from __future__ import annotations

import ast
import re
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import tomli_w

from bindung.errors import BindungError
from bindung.i18n import N_

FILE = "segments.toml"
#: Field -> what it is (the customers answer's columns, and the customer's own attributes).
FIELDS: dict[str, str] = {
    "orders": N_("orders"),
    "revenue": N_("revenue of all orders"),
    "recency_days": N_("days since the last order"),
    "revenue_12m": N_("revenue of the last 12 months"),
    "p_alive": N_("probability the customer still buys (0-1)"),
    "clv": N_("predicted CLV (12 months)"),
    "clv_tier": N_("CLV tier (A, B, C)"),
    "revenue_at_risk": N_("CLV × (1 − P(alive))"),
    "overdue": N_("past the predicted next order's interval (true/false)"),
    "segment": N_("RFM segment key, e.g. champions or loyal (all keys: docs/segments.md)"),
    "customer_group": N_("the customer's own segment from the customers file (e.g. B2B)"),
    "channel": N_("acquisition channel"),
    "country": N_("country"),
}
#: Fields read from the customers table rather than the answer.
ATTRIBUTES = {"customer_group": "segment", "channel": "acquisition_channel", "country": "country"}
_OPS: dict[type, Callable[[Any, Any], Any]] = {
    ast.Eq: lambda a, b: a == b,
    ast.NotEq: lambda a, b: a != b,
    ast.Lt: lambda a, b: a < b,
    ast.LtE: lambda a, b: a <= b,
    ast.Gt: lambda a, b: a > b,
    ast.GtE: lambda a, b: a >= b,
}


class RuleError(BindungError):
    """A rule that is not an expression over the fields."""


def _parse(rule: str) -> ast.Expression:
    text = re.sub(r"(?<![<>!=])=(?!=)", "==", rule.strip())
    text = re.sub(r"\btrue\b", "True", re.sub(r"\bfalse\b", "False", text))
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as exc:
        raise RuleError(
            N_(
                "rule {rule}: not an expression at column {column}; expected e.g. "
                "\"orders >= 3 and customer_group = 'B2B'\""
            ),
            rule=repr(rule),
            column=exc.offset,
        ) from None
    return tree


def fields_of(rule: str) -> set[str]:
    """The fields a rule uses; :class:`RuleError` for anything else in it."""
    tree = _parse(rule)
    used: set[str] = set()
    allowed = (
        ast.Expression,
        ast.BoolOp,
        ast.And,
        ast.Or,
        ast.UnaryOp,
        ast.Not,
        ast.USub,
        ast.Compare,
        ast.Name,
        ast.Load,
        ast.Constant,
        ast.List,
        ast.Tuple,
        ast.In,
        ast.NotIn,
        *_OPS,
    )
    for node in ast.walk(tree):
        if not isinstance(node, allowed):
            raise RuleError(
                N_("rule {rule}: {element} is not allowed in a rule"),
                rule=repr(rule),
                element=type(node).__name__,
            )
        if isinstance(node, ast.Name):
            if node.id not in FIELDS:
                raise RuleError(
                    N_("rule {rule}: unknown field {field}; expected one of {fields}"),
                    rule=repr(rule),
                    field=repr(node.id),
                    fields=", ".join(FIELDS),
                )
            used.add(node.id)
    return used


def check(rule: str) -> str:
    """``rule`` when it is valid (see :func:`fields_of`)."""
    fields_of(rule)
    return rule


def _value(node: ast.AST, frame: pd.DataFrame) -> Any:
    if isinstance(node, ast.Name):
        return frame[node.id]
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return -_value(node.operand, frame)
    if isinstance(node, ast.List | ast.Tuple):
        return [_value(e, frame) for e in node.elts]
    return _mask(node, frame)


def _mask(node: ast.AST, frame: pd.DataFrame) -> pd.Series:
    if isinstance(node, ast.Expression):
        return _mask(node.body, frame)
    if isinstance(node, ast.BoolOp):
        parts = [_mask(v, frame) for v in node.values]
        combine = np.logical_and if isinstance(node.op, ast.And) else np.logical_or
        out = parts[0]
        for p in parts[1:]:
            out = pd.Series(combine(out, p), index=frame.index)
        return out
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        return ~_mask(node.operand, frame)
    if isinstance(node, ast.Compare):
        out = pd.Series(True, index=frame.index)
        left = _value(node.left, frame)
        for op, comparator in zip(node.ops, node.comparators, strict=True):
            right = _value(comparator, frame)
            _check_values(node, op, left, right)
            if isinstance(op, ast.In | ast.NotIn):
                hit = pd.Series(left).isin(right)
                result = hit if isinstance(op, ast.In) else ~hit
            else:
                try:
                    result = _OPS[type(op)](left, right)
                except TypeError:
                    raise RuleError(
                        N_(
                            "{where}: compares a text with a number; put texts in quotes and "
                            "numbers without"
                        ),
                        where=ast.unparse(node),
                    ) from None
            result = pd.Series(result, index=frame.index).fillna(False).astype(bool)
            known = pd.Series(left).notna() if isinstance(left, pd.Series) else True
            out &= result & known
            left = right
        return out
    if isinstance(node, ast.Name):
        return frame[node.id].fillna(False).astype(bool)
    raise RuleError(N_("{element} is not a condition"), element=type(node).__name__)


def _check_values(node: ast.AST, op: ast.cmpop, left: Any, right: Any) -> None:
    """A text field compared with a number (or the reverse), or with a text it never holds,
    is an error naming the values it has: an empty list must not come from a typo."""
    if not isinstance(left, pd.Series):
        return
    constants = right if isinstance(right, list) else [right]
    if any(isinstance(c, pd.Series) for c in constants):
        return
    text = left.dtype == object or pd.api.types.is_string_dtype(left)
    numbers = [c for c in constants if isinstance(c, int | float) and not isinstance(c, bool)]
    texts = [c for c in constants if isinstance(c, str)]
    where = ast.unparse(node)
    if text and numbers:
        raise RuleError(N_("{where}: this field holds texts; put the value in quotes"), where=where)
    if not text and texts and left.dtype != bool:
        raise RuleError(
            N_("{where}: this field holds numbers; write the value without quotes"), where=where
        )
    if text and isinstance(op, ast.Eq | ast.NotEq | ast.In | ast.NotIn):
        present = set(left.dropna().astype(str).unique())
        unknown = [c for c in texts if c not in present]
        if unknown:
            shown = ", ".join(sorted(present)[:12])
            raise RuleError(
                N_("{where}: no customer has {value}; the values are: {shown}"),
                where=where,
                value=repr(unknown[0]),
                shown=shown,
            )


def mask(frame: pd.DataFrame, rule: str) -> pd.Series:
    """The customers of ``frame`` (the customers answer, with the attributes the rule uses)
    for whom ``rule`` holds."""
    fields_of(rule)
    return _mask(_parse(rule), frame)


def with_fields(frame: pd.DataFrame, attributes: pd.DataFrame | None) -> pd.DataFrame:
    """The customers answer's rows with ``orders`` (its ``frequency``: orders, all of them),
    ``revenue`` (its ``monetary``: their revenue) and the customer attributes (``attributes``:
    customer_id and the customers table's columns of :data:`ATTRIBUTES`)."""
    out = frame.copy()
    out["orders"] = out["frequency"]
    out["revenue"] = out["monetary"]
    if attributes is not None:
        renamed = attributes.rename(columns={v: k for k, v in ATTRIBUTES.items()})
        out = out.merge(renamed, on="customer_id", how="left")
    return out


#: ``attributes(columns)``: ``customer_id`` and those columns of the customers table.
Attributes = Callable[[list[str]], pd.DataFrame]


def stored_attributes(folder: Path) -> Attributes:
    """Reads ``customer_id`` and the named columns of the workspace's customers table
    (read-only, opened only when a rule names a customer attribute)."""

    def read(columns: list[str]) -> pd.DataFrame:
        from bindung.workspace import open_workspace

        ws = open_workspace(folder, read_only=True)
        try:
            found: pd.DataFrame = ws.table("customers").select("customer_id", *columns).to_pandas()
            return found
        finally:
            ws.close()

    return read


def select(
    frame: pd.DataFrame,
    rules: list[str],
    attributes: Attributes | None = None,
) -> pd.DataFrame:
    """The rows of ``frame`` (the customers answer) for which every rule holds.
    ``attributes(columns)`` reads ``customer_id`` and those columns of the customers table; it
    is called only when a rule names a customer attribute (customer_group, channel, country).
    """
    if not rules:
        return frame
    used = set().union(*(fields_of(r) for r in rules))
    wanted = sorted(ATTRIBUTES[f] for f in used & set(ATTRIBUTES))
    table = attributes(wanted) if wanted and attributes is not None else None
    full = with_fields(frame, table)
    keep = pd.Series(True, index=full.index)
    for rule in rules:
        keep &= mask(full, rule)
    return frame[keep.to_numpy()].reset_index(drop=True)


# -- saved segments -------------------------------------------------------------------------


def saved(folder: Path) -> dict[str, str]:
    path = folder / FILE
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise BindungError(N_("{path}: not valid TOML: {error}"), path=path, error=exc) from None
    return {str(k): str(v) for k, v in data.get("segments", {}).items()}


def save(folder: Path, name: str, rule: str) -> None:
    if not re.fullmatch(r"[\w][\w\- ]{0,59}", name):
        raise RuleError(
            N_("segment name {name}: letters, digits, '-', '_' and spaces, up to 60 characters"),
            name=repr(name),
        )
    check(rule)
    found = saved(folder) | {name: rule}
    (folder / FILE).write_text(tomli_w.dumps({"segments": found}), encoding="utf-8")


def delete(folder: Path, name: str) -> None:
    found = saved(folder)
    if name not in found:
        raise BindungError(
            N_("no saved segment {name}; saved: {saved}"),
            name=repr(name),
            saved=", ".join(found) or "–",
        )
    del found[name]
    (folder / FILE).write_text(tomli_w.dumps({"segments": found}), encoding="utf-8")
