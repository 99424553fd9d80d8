"""The server never blocks the user: while ``bindung serve`` runs, ``bindung import``,
``goal set``, ``refresh`` and the read commands work, and the new figures reach the pages
once the server's background refresh has stored them."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

import bindung
from bindung.answers.refresh import refresh
from tests.web.conftest import Servers

ORDERS = """order_id,customer_id,ordered_at,revenue
A1,K1,2024-01-10,100.00
A2,K2,2024-01-20,50.00
A3,K1,2024-02-15,30.00
A4,K3,2024-02-05,20.00
"""
MORE = """order_id,customer_id,ordered_at,revenue
A5,K2,2024-02-20,70.00
A6,K4,2024-03-03,15.00
"""


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bindung", *args],
        capture_output=True,
        text=True,
        timeout=300,
    )


def _revenue(client: object, period: str) -> float | None:
    body = client.get("/api/answers/kpis", params={"period": "month"}).json()  # type: ignore[attr-defined]
    for row in body["tables"]["kpis"]["rows"]:
        if row["period"] == period and row["metric"] == "revenue":
            return float(row["value"])
    return None


@pytest.mark.slow
def test_import_beside_the_server_reaches_the_pages(servers: Servers, tmp_path: Path) -> None:
    folder = tmp_path / "shop"
    with bindung.init(folder, locale="en_GB") as ws:
        (tmp_path / "o.csv").write_text(ORDERS, encoding="utf-8")
        ws.import_file("orders", tmp_path / "o.csv")
    refresh(folder)
    server = servers.start(folder, "--refresh-every", "0.5")
    with server.client() as client:
        assert _revenue(client, "2024-02") == pytest.approx(50.0)  # 30 + 20, by hand
        (tmp_path / "more.csv").write_text(MORE, encoding="utf-8")
        done = cli("import", "orders", str(tmp_path / "more.csv"), "-w", str(folder))
        assert done.returncode == 0, done.stderr
        done = cli("goal", "set", "revenue", "2024-03", "500", "-w", str(folder))
        assert done.returncode == 0, done.stderr
        for args in (("status",), ("kpis", "--format", "json"), ("refresh",)):
            done = cli(*args, "-w", str(folder))
            assert done.returncode == 0, (args, done.stderr)
        deadline = time.monotonic() + 120
        while _revenue(client, "2024-02") != pytest.approx(120.0):  # 30 + 20 + 70
            assert time.monotonic() < deadline, "the new figures never reached the API"
            time.sleep(0.5)
        # the refresh is over: within 5 s the pages show what it stored
        status = client.get("/api/status").json()
        waited = time.monotonic()
        while client.get("/api/status").json()["refreshing"]:
            assert time.monotonic() - waited < 60
            time.sleep(0.2)
        ended = time.monotonic()
        page = client.get("/imports", params={"lang": "en"})
        assert page.status_code == 200 and "more.csv" in page.text
        overview = client.get("/api/pages/retention", params={"lang": "en"}).json()
        periods = [
            r["period"] for r in overview["sections"][0]["tables"]["retention_over_time"]["rows"]
        ]
        assert "2024-03" in periods  # the month the import added
        assert time.monotonic() - ended < 5.0
        assert status["data_version"]
