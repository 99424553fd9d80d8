"""After ``bindung forget`` the running dashboard no longer shows the customer's rejected raw
row (issue 18): the Imports answer listing it is dropped and the pages' cache stamp changes."""

from __future__ import annotations

from pathlib import Path

import bindung
from bindung.answers.refresh import refresh
from tests.web.conftest import Servers

SECRET = "Zacharias-Quellmalz-Unverwechselbar"
ORDERS = (
    "Bestellnummer;Kundennummer;Bestelldatum;Bestellwert;Anzahl\r\n"
    "A1;KQ4711;05.03.2024 10:00;12,50;1\r\n"
    "A2;K2;15.03.2024 23:30;99,90;1\r\n"
    f"A3;KQ4711;kein Datum {SECRET};5,00;1\r\n"
)


def test_the_dashboard_drops_the_forgotten_customers_reject(
    servers: Servers, tmp_path: Path
) -> None:
    folder = tmp_path / "ws"
    source = tmp_path / "orders.csv"
    source.write_text(ORDERS, encoding="utf-8")
    with bindung.init(folder, locale="en_GB") as ws:
        assert ws.import_file("orders", source).rejected == 1
    assert all(o.status != "failed" for o in refresh(folder, only=["imports"]))
    server = servers.start(folder)
    try:
        with server.client() as client:
            before = client.get("/imports?lang=en")
            assert before.status_code == 200
            assert SECRET in before.text  # the oracle: the page showed it (and cached it)
            with bindung.open(folder, wait=60) as ws:
                assert ws.forget("KQ4711").rows["rejects"] == 1
            after = client.get("/imports?lang=en")
            assert after.status_code == 200
            assert SECRET not in after.text
    finally:
        server.stop()
