"""The contacts of customers (e-mail address and name in clear text), read from the store only
when a list is exported to an e-mail tool (decision 0013): no answer holds them."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from bindung.store.protocol import Store


def contacts_of(ws: Store, customer_ids: list[str]) -> pd.DataFrame:
    """The contact rows (customer_id, email, first_name, last_name, consent) of
    ``customer_ids``, read from the store at export time."""
    wanted = pd.DataFrame({"customer_id": pd.Series(customer_ids, dtype=object)})
    con = ws.con
    con.register("__wanted", wanted)
    try:
        found: pd.DataFrame = con.execute(
            "SELECT c.customer_id, c.email, c.first_name, c.last_name, c.consent "
            "FROM contacts c JOIN __wanted w USING (customer_id)"
        ).df()
    finally:
        con.unregister("__wanted")
    return found
