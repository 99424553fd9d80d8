"""The KPI table shared by the answers of one refresh (:func:`bindung.metrics.run.kpi_table`,
:func:`~bindung.metrics.run.kpi_wide`) against ``ws.kpis`` computed directly."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

from bindung.metrics.run import ROW_KEYS, kpi_table, kpi_wide
from bindung.workspace import Workspace
from tests.metrics.test_fixtures import shop  # noqa: F401  (the fixture)


@pytest.mark.parametrize("period", ["week", "month", "quarter"])
def test_wide_from_the_shared_table_equals_the_direct_wide_table(
    shop: Workspace,  # noqa: F811
    period: Any,
) -> None:
    direct = shop.kpis(period=period).sort_values("k").reset_index(drop=True)
    shop.memo = {}
    try:
        wide = kpi_wide(shop, period)
    finally:
        shop.memo = None
    assert wide["k"].tolist() == direct["k"].tolist()
    for key in ROW_KEYS:
        assert wide[key].astype(str).tolist() == direct[key].astype(str).tolist(), key
    metrics = [c for c in direct.columns if c not in ROW_KEYS]
    assert sorted(metrics) == sorted(c for c in wide.columns if c not in ROW_KEYS)
    for metric in metrics:
        np.testing.assert_allclose(
            wide[metric].astype(float), direct[metric].astype(float), rtol=1e-12, err_msg=metric
        )


def test_the_table_is_made_once_per_refresh(
    shop: Workspace,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[dict[str, Any]] = []
    real = Workspace.kpis

    def counted(self: Workspace, *args: Any, **kwargs: Any) -> pd.DataFrame:
        calls.append(kwargs)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Workspace, "kpis", counted)
    shop.memo = {}
    try:
        first = kpi_table(shop, "month")
        assert kpi_table(shop, "month") is first
        kpi_wide(shop, "month")
        assert len(calls) == 1 and calls[0]["compare"] is True
        kpi_table(shop, "quarter")
        assert len(calls) == 2
    finally:
        shop.memo = None
    kpi_table(shop, "month")  # outside a refresh: made on every call
    kpi_table(shop, "month")
    assert len(calls) == 4
