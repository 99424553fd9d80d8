"""Answers as a reader sees them: what the imports answer shows of the import log."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd

from bindung.answers import refresh as refresh_mod
from bindung.answers.registry import spec
from bindung.workspace import Workspace


def test_imports_show_the_file_name_local_time_and_the_tables_name(
    workspace_de: Workspace, write: Callable[..., Path]
) -> None:
    source = write(
        "bestellungen.csv",
        "order_id,customer_id,ordered_at,revenue\nA1,K1,2026-07-01 10:00,10.00\n",
    )
    workspace_de.import_file("orders", source)
    section = refresh_mod.compute(spec("imports"), workspace_de, {})
    history = section.table("history")
    row = history.frame.iloc[0]
    # the log keeps the whole path; the answer shows the file's name
    logged = workspace_de.imports().iloc[0]
    assert str(logged["file"]).endswith("/bestellungen.csv") and row["file"] == "bestellungen.csv"
    # the time in the workspace's zone (Europe/Berlin), to the minute; by hand from the log
    utc = pd.Timestamp(logged["at"]).tz_localize("UTC").to_pydatetime()
    local = utc.astimezone(ZoneInfo("Europe/Berlin")).strftime("%Y-%m-%d %H:%M")
    assert row["at"] == local
    kind = next(c for c in history.columns if c.key == "kind")
    assert row["kind"] == "orders"
    assert kind.show(row["kind"], "de") == "Bestellungen"
    assert kind.show("loyalty_events", "en") == "loyalty programme"
