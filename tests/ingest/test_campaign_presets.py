"""Campaign reports of e-mail tools (issue 17): the Mailchimp and Brevo presets against
hand-counted truth, detection from the header, event logs (one row per event), and
recipients' opened/clicked given as yes/no or counts.

The fixtures (tests/ingest/exports/mailchimp_*.csv, brevo_marketing_events.csv) are written
in the field names the tools document (Mailchimp's Marketing API, Brevo's marketing
webhooks; the preset files name the pages).  CleverReach and Klaviyo document no column list
of their campaign exports that we found (docs/campaigns.md): their files are matched by
header names, tested here with German and English headers, not as "their" layout.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from bindung.errors import MappingError
from bindung.ingest import presets
from bindung.workspace import Workspace

EXPORTS = Path(__file__).parent / "exports"
CUSTOMERS = (
    "Kundennummer;E-Mail\n"
    "K1;anna@example.de\n"
    "K2;bernd@example.de\n"
    "K3;carla@example.de\n"
    "K4;dora@example.de\n"
    "K5;emil@example.de\n"
    "K6;\n"
)
CAMPAIGNS = EXPORTS / "mailchimp_reports.csv"
SENT_TO = EXPORTS / "mailchimp_sent_to.csv"


@pytest.fixture
def shop(workspace: Workspace, write: Callable[..., Path]) -> Workspace:
    assert workspace.import_file("customers", write("customers.csv", CUSTOMERS)).rejected == 0
    return workspace


def salted(ws: Workspace, email: str) -> str:
    row = ws.con.execute("SELECT value FROM bindung_meta WHERE key = 'email_salt'").fetchone()
    assert row is not None
    return hashlib.sha256((str(row[0]) + email.lower()).encode()).hexdigest()


def test_mailchimp_campaign_reports_hand_counted(shop: Workspace) -> None:
    r = shop.import_file("campaigns", CAMPAIGNS)  # no --preset: detected from the header
    assert r.preset == "mailchimp"
    assert r.detected == "detected: Mailchimp campaign reports (API)"
    # 6 rows: 42694e9e57, 6a1b2c3d4e and c1d2e3f4a5 stored; b7c8d9e0f1 has no campaign_title
    # (line 4) and d5e6f7a8b9 no send_time (a draft, line 6): rejected; line 7 repeats line 2.
    assert (r.read, r.stored, r.rejected, r.duplicates) == (6, 3, 2, 1)
    assert [(x.line, x.reasons) for x in r.rejects] == [
        (4, ("column 'campaign_title' (name): is empty; a value is required",)),
        (6, ("column 'send_time' (sent_at): is empty; a value is required",)),
    ]
    assert shop.con.execute(
        "SELECT campaign_id, name, channel, sent_at FROM campaigns ORDER BY sent_at"
    ).fetchall() == [
        # send_time is UTC (+00:00) and stored as such.
        ("42694e9e57", "Newsletter Januar", "email", datetime(2025, 1, 15, 8, 0)),
        ("6a1b2c3d4e", "Newsletter Februar", "email", datetime(2025, 2, 15, 8, 0)),
        ("c1d2e3f4a5", "Sommer-Sale", "email", datetime(2025, 7, 1, 6, 30)),
    ]
    assert "subject_line" in r.unused and "emails_sent" in r.unused
    again = shop.import_file("campaigns", CAMPAIGNS)
    assert (again.stored, again.duplicates) == (0, 4)


def test_mailchimp_sent_to_hand_counted(shop: Workspace) -> None:
    shop.import_file("campaigns", CAMPAIGNS)
    r = shop.import_file("campaign_recipients", SENT_TO)
    assert r.preset == "mailchimp"
    assert r.detected == "detected: Mailchimp campaign recipients (API sent-to)"
    # 14 rows (lines 2-15).  Stored: lines 2 (anna), 3 (Bernd@Example.de, matched in lower
    # case), 4 (carla, hard bounce: still sent), 5 (dora, soft bounce, open_count 1 without
    # last_open), 10 (anna, group a), 12 (carla, winner), 14 (dora, February) = 7.
    # Duplicate: line 8 repeats line 2 = 1.  Rejected: 6, 7, 9, 11, 13, 15 = 6.  7 + 1 + 6 = 14.
    assert (r.read, r.stored, r.rejected, r.duplicates, r.excluded) == (14, 7, 6, 1, 0)
    reasons = {x.line: " ".join(x.reasons) for x in r.rejects}
    assert sorted(reasons) == [6, 7, 9, 11, 13, 15]
    assert reasons[6] == (
        "column 'open_count' says no ('0') but 'last_open' holds a time "
        "('2025-01-16T10:00:00+00:00'); which one is right cannot be decided"
    )
    assert "is not a known customer" in reasons[7]  # nobody@example.de
    assert reasons[9] == (
        "column 'status': status 'queued' is not one this export writes (sent, hard, soft); "
        "whether the e-mail went out to the recipient cannot be decided"
    )
    assert reasons[11] == (
        "column 'open_count' (opened_at): 'viele' is neither yes/no nor a number (of openings "
        "or clicks); whether the recipient opened or clicked cannot be decided"
    )
    assert "'ffffffffff' is not a known campaign" in reasons[13]
    assert reasons[15] == "column 'email_address' (customer_id): is empty; a value is required"
    # No address in the rejects (masked) or the store.
    assert "example.de" not in " ".join(x.raw + " ".join(x.reasons) for x in r.rejects)
    assert "example.de" not in str(shop.con.execute("SELECT * FROM campaign_recipients").fetchall())

    rows = shop.con.execute(
        "SELECT campaign_id, customer_id, variant, holdout, opened_at, clicked_at "
        "FROM campaign_recipients ORDER BY 1, 2"
    ).fetchall()
    assert rows == [
        ("42694e9e57", "K1", None, False, datetime(2025, 1, 15, 9, 12), None),
        ("42694e9e57", "K2", None, False, None, None),
        ("42694e9e57", "K3", None, False, None, None),
        # open_count 1, no last_open: at the campaign's send_time (08:00 UTC).
        ("42694e9e57", "K4", None, False, datetime(2025, 1, 15, 8, 0), None),
        ("6a1b2c3d4e", "K4", None, False, datetime(2025, 2, 15, 8, 30), None),
        ("c1d2e3f4a5", "K1", "a", False, datetime(2025, 7, 1, 7, 0), None),
        ("c1d2e3f4a5", "K3", "winner", False, None, None),
    ]
    # Per campaign: recipients, opened, clicked (what bindung campaigns counts).
    assert shop.con.execute(
        "SELECT campaign_id, count(*), count(opened_at), count(clicked_at) "
        "FROM campaign_recipients GROUP BY 1 ORDER BY 1"
    ).fetchall() == [("42694e9e57", 4, 2, 0), ("6a1b2c3d4e", 1, 1, 0), ("c1d2e3f4a5", 2, 1, 0)]
    # Matched customers: K1-K4 (emil's rows were rejected, nobody is no customer).
    assert shop.con.execute(
        "SELECT list(DISTINCT customer_id ORDER BY customer_id) FROM campaign_recipients"
    ).fetchone() == (["K1", "K2", "K3", "K4"],)
    assert r.notes == [
        "Mailchimp's sent-to report gives the last opening (last_open), not the first: "
        "opened_at holds the last one. Whether a recipient opened is right; the time is the "
        "latest opening",
        "Mailchimp's sent-to report has no clicks: clicked_at stays empty, so the campaign's "
        "click share reads 0 %. Importing the email activity of the same campaigns (preset "
        "mailchimp_activity) adds the clicks and the first openings to these recipients",
        "1 openings and 0 clicks are known without their time (open_count): stored at the "
        "sending time. The shares opened and clicked are right; how soon after sending they "
        "happened is not known",
    ]
    assert r.mapping["opened_flag"] == "open_count" and r.mapping["status"] == "status"
    assert r.unused == ["email_id", "gmt_offset", "list_id", "list_is_active", "vip"]
    again = shop.import_file("campaign_recipients", SENT_TO)
    assert (again.stored, again.rejected, again.duplicates) == (0, 6, 8)


def test_detection_picks_the_mailchimp_preset_from_the_header_alone() -> None:
    sent_to = SENT_TO.read_text().splitlines()[0].split(",")
    reports = CAMPAIGNS.read_text().splitlines()[0].split(",")
    found = presets.detect("campaign_recipients", sent_to)
    assert found is not None and found[0] == "mailchimp"
    found = presets.detect("campaigns", reports)
    assert found is not None and found[0] == "mailchimp"
    # Each header set belongs to its table only, and a plain report is no Mailchimp export.
    assert presets.detect("campaigns", sent_to) is None
    assert presets.detect("campaign_recipients", reports) is None
    plain = ["Campaign ID", "Email Address", "Opened", "Clicked"]
    assert presets.detect("campaign_recipients", plain) is None


def test_the_preset_named_explicitly_reads_the_same(shop: Workspace) -> None:
    shop.import_file("campaigns", CAMPAIGNS, preset="mailchimp")
    r = shop.import_file("campaign_recipients", SENT_TO, preset="mailchimp")
    assert (r.read, r.stored, r.rejected, r.duplicates) == (14, 7, 6, 1)
    assert r.detected is None and r.preset == "mailchimp"


# ------------------------------------------------------------- yes/no without a preset

CAMPAIGNS_DE = (
    "Kampagnen-ID;Kampagnenname;Versendet am;Kosten\nNL-1;Januar;15.01.2025 09:00;1.234,50\n"
)


def test_yes_no_columns_say_whether_not_when(shop: Workspace, write: Callable[..., Path]) -> None:
    """Geöffnet/Geklickt holding ja/nein (or 1/0, or counts) are flags: a yes is stored at the
    sending time (the row's, else the campaign's) and counted; another word is a reject."""
    r = shop.import_file("campaigns", write("k.csv", CAMPAIGNS_DE))
    assert r.stored == 1
    # 09:00 in Berlin = 08:00 UTC; the cost with a German decimal comma.
    assert shop.con.execute("SELECT sent_at, cost FROM campaigns").fetchone() == (
        datetime(2025, 1, 15, 8, 0),
        pytest.approx(1234.5),
    )
    recipients = (
        "Kampagne;E-Mail-Adresse;Versendet am;Geöffnet;Geklickt\n"
        "NL-1;anna@example.de;15.01.2025 09:05;ja;ja\n"  # the row's own sending time
        "NL-1;bernd@example.de;;1;0\n"  # the campaign's
        "NL-1;carla@example.de;;nein;nein\n"
        "NL-1;dora@example.de;;3;2\n"  # counts: opened, clicked
        "NL-1;emil@example.de;;vielleicht;nein\n"  # neither: rejected
    )
    r = shop.import_file("campaign_recipients", write("r.csv", recipients))
    assert (r.read, r.stored, r.rejected) == (5, 4, 1)
    assert r.mapping["opened_flag"] == "Geöffnet" and r.mapping["clicked_flag"] == "Geklickt"
    (reject,) = r.rejects
    assert reject.line == 6 and "'vielleicht' is neither yes/no nor a number" in reject.reasons[0]
    at_0805, at_0800 = datetime(2025, 1, 15, 8, 5), datetime(2025, 1, 15, 8, 0)
    assert shop.con.execute(
        "SELECT customer_id, opened_at, clicked_at FROM campaign_recipients ORDER BY 1"
    ).fetchall() == [
        ("K1", at_0805, at_0805),
        ("K2", at_0800, None),
        ("K3", None, None),
        ("K4", at_0800, at_0800),
    ]
    # Openings: anna, bernd, dora = 3; clicks: anna, dora = 2.
    assert r.notes == [
        "3 openings and 2 clicks are known without their time (Geöffnet, Geklickt): stored "
        "at the sending time. The shares opened and clicked are right; how soon after sending "
        "they happened is not known"
    ]


def test_a_column_mixing_times_and_yes_no_stays_a_time_column(
    shop: Workspace, write: Callable[..., Path]
) -> None:
    shop.import_file("campaigns", write("k.csv", CAMPAIGNS_DE))
    recipients = (
        "Kampagne;E-Mail-Adresse;Geöffnet am\n"
        "NL-1;anna@example.de;15.01.2025 10:00\n"
        "NL-1;bernd@example.de;ja\n"
    )
    r = shop.import_file("campaign_recipients", write("r.csv", recipients))
    assert (r.stored, r.rejected) == (1, 1)
    assert "'ja' is not a date" in r.rejects[0].reasons[0]
    assert r.notes == []


def test_a_yes_beside_a_time_keeps_the_time(shop: Workspace, write: Callable[..., Path]) -> None:
    """A Mailchimp-layout row with open_count and last_open: the time is the one given."""
    shop.import_file("campaigns", CAMPAIGNS)
    header = SENT_TO.read_text().splitlines()[0]
    row = "6a1b2c3d4e,Emil@example.de,e5,sent,2,2025-02-15T09:00:00+00:00,,1,57afe96172,true,false"
    r = shop.import_file("campaign_recipients", write("s.csv", f"{header}\n{row}\n"))
    assert (r.stored, r.rejected) == (1, 0)
    assert r.notes[-1].startswith("Mailchimp's sent-to report has no clicks")  # none filled
    assert shop.con.execute(
        "SELECT customer_id, opened_at FROM campaign_recipients"
    ).fetchall() == [("K5", datetime(2025, 2, 15, 9, 0))]
    assert salted(shop, "emil@example.de") not in str(
        shop.con.execute("SELECT * FROM campaign_recipients").fetchall()
    )


def test_campaign_headers_named_as_klaviyo_names_them_match_by_name(
    workspace: Workspace, write: Callable[..., Path]
) -> None:
    """Klaviyo documents no column list of Export Analytics; headers named Campaign ID,
    Campaign Name and Send Time (and a Subject beside them) are matched by name: the name is
    the campaign's name, not its subject."""
    text = (
        "Campaign Name,Subject,Send Time,Total Recipients,Campaign ID\n"
        "Frühling,Neu im März,2025-03-01 10:00:00,120,01JABC\n"
    )
    r = workspace.import_file("campaigns", write("klaviyo.csv", text))
    assert (r.stored, r.rejected, r.preset) == (1, 0, None)
    assert r.mapping == {
        "campaign_id": "Campaign ID",
        "name": "Campaign Name",
        "sent_at": "Send Time",
    }
    assert workspace.con.execute("SELECT campaign_id, name, sent_at FROM campaigns").fetchone() == (
        "01JABC",
        "Frühling",
        datetime(2025, 3, 1, 9, 0),  # 10:00 in Berlin (the workspace's zone) = 09:00 UTC
    )


# ------------------------------------------------------------- event logs

BREVO = EXPORTS / "brevo_marketing_events.csv"
ACTIVITY = EXPORTS / "mailchimp_email_activity.csv"
MARCH = "campaign_id,name,sent_at\n12,Newsletter März,2025-03-10T08:00:00+00:00\n"
T = datetime(2025, 3, 10, 8, 0)  # ts_sent 1741593600


def test_brevo_marketing_events_hand_counted(shop: Workspace, write: Callable[..., Path]) -> None:
    assert shop.import_file("campaigns", write("k.csv", MARCH)).stored == 1
    r = shop.import_file("campaign_recipients", BREVO)
    assert r.preset == "brevo"
    assert r.detected == "detected: Brevo marketing events (webhook fields)"
    # 14 event rows (lines 2-15).  Rejected before grouping: line 10 (proxy_open: not a name
    # the preset knows) and 11 (ts_event without a zone).  The other 12 rows are 7
    # recipients: campaign 12 anna (lines 2-5), bernd (6, 14: Bernd@Example.de), carla (7),
    # dora (8, 9), nobody (12), emil (15); campaign 13 bernd (13); 12 - 7 = 5 merged away
    # (duplicates).  Of the 7, nobody (no customer) and campaign 13 (unknown) are rejected.
    # Stored 5 + rejected 4 + duplicates 5 = 14.
    assert (r.read, r.stored, r.rejected, r.duplicates) == (14, 5, 4, 5)
    reasons = {x.line: " ".join(x.reasons) for x in r.rejects}
    assert sorted(reasons) == [10, 11, 12, 13]
    assert reasons[10] == (
        "column 'event': event 'proxy_open' is not one this export writes (opened, click, "
        "delivered, hard_bounce, soft_bounce, unsubscribe, spam); what happened to the "
        "recipient cannot be decided"
    )
    assert reasons[11].startswith(
        "column 'ts_event': '2025-03-10 09:00:00' is no time of the 'opened' event"
    )
    assert "is not a known customer" in reasons[12]  # nobody@example.de, by its hash
    assert reasons[13] == (
        "column 'camp_id' (campaign_id): '13' is not a known campaign; import campaigns first"
    )
    assert "@example.de" not in " ".join(x.raw + " ".join(x.reasons) for x in r.rejects)
    assert shop.con.execute(
        "SELECT customer_id, sent_at, opened_at, clicked_at FROM campaign_recipients ORDER BY 1"
    ).fetchall() == [
        # anna: first opening ts 1741595400 (the earlier of two, in the later row), click
        # 1741597600; sent ts_sent 1741593600.
        ("K1", T, datetime(2025, 3, 10, 8, 30), datetime(2025, 3, 10, 9, 6, 40)),
        ("K2", T, datetime(2025, 3, 10, 9, 23, 20), None),  # opened as Bernd@Example.de
        ("K3", T, None, None),  # hard bounce: sent, stored
        ("K4", T, None, None),  # delivered, unsubscribed (the proxy open rejected)
        ("K5", T, None, None),  # spam report; its opening had no readable time (rejected)
    ]
    assert r.mapping["event"] == "event" and r.mapping["event_time"] == "ts_event"
    assert r.unused == ["id", "campaign name", "date_sent", "date_event", "tag", "ts", "URL"]
    again = shop.import_file("campaign_recipients", BREVO)
    assert (again.stored, again.rejected, again.duplicates) == (0, 4, 10)


def test_mailchimp_email_activity_hand_counted(shop: Workspace) -> None:
    shop.import_file("campaigns", CAMPAIGNS)
    r = shop.import_file("campaign_recipients", ACTIVITY)
    assert r.preset == "mailchimp_activity"
    assert r.detected == "detected: Mailchimp email activity (API)"
    # 12 rows (lines 2-13).  Rejected before grouping: 7 (timestamp without its offset) and
    # 9 (unsub: email activity writes open, click, bounce).  The other 10 are 8 recipients:
    # 42694e9e57 anna (2, 3, 4), bernd (5, no activity), carla (6), dora (8), emil (10),
    # nobody (11); 6a1b2c3d4e anna (12), dora (13, no activity): 2 merged away.  nobody is
    # no customer.  Stored 7 + rejected 3 + duplicates 2 = 12.
    assert (r.read, r.stored, r.rejected, r.duplicates) == (12, 7, 3, 2)
    assert [x.line for x in r.rejects] == [7, 9, 11]
    assert r.rejects[1].reasons == (
        "column 'action': event 'unsub' is not one this export writes (open, click, bounce); "
        "what happened to the recipient cannot be decided",
    )
    assert r.rejects[0].reasons == (
        "column 'timestamp': '2025-01-15 10:00:00' is no time of the 'open' event; expected "
        "seconds since 1970 (UTC) or ISO 8601 with its offset (2025-01-15T09:12:00+00:00): a "
        "time without its zone is not read",
    )
    assert shop.con.execute(
        "SELECT campaign_id, customer_id, opened_at, clicked_at FROM campaign_recipients "
        "ORDER BY 1, 2"
    ).fetchall() == [
        # anna's first opening is 08:30 (line 4), not 09:12 (line 2).
        ("42694e9e57", "K1", datetime(2025, 1, 15, 8, 30), datetime(2025, 1, 15, 9, 13)),
        ("42694e9e57", "K2", None, None),
        ("42694e9e57", "K3", None, None),  # bounce
        ("42694e9e57", "K4", None, datetime(2025, 1, 15, 10, 1)),  # its opening rejected
        ("42694e9e57", "K5", datetime(2025, 1, 15, 10, 0), None),  # 11:00+01:00
        ("6a1b2c3d4e", "K1", datetime(2025, 2, 15, 8, 20), None),
        ("6a1b2c3d4e", "K4", None, None),
    ]
    assert shop.con.execute(
        "SELECT campaign_id, count(*), count(opened_at), count(clicked_at) "
        "FROM campaign_recipients GROUP BY 1 ORDER BY 1"
    ).fetchall() == [("42694e9e57", 5, 2, 2), ("6a1b2c3d4e", 2, 1, 0)]
    assert r.notes == []  # no last-opening or no-clicks note: that is the sent-to report


def test_event_logs_are_detected_by_their_header() -> None:
    for path, name in ((BREVO, "brevo"), (ACTIVITY, "mailchimp_activity")):
        header = path.read_text().splitlines()[0].split(",")
        found = presets.detect("campaign_recipients", header)
        assert found is not None and found[0] == name, path
        assert presets.detect("campaigns", header) is None


def test_an_event_log_without_its_time_column_is_refused(
    shop: Workspace, write: Callable[..., Path]
) -> None:
    text = "camp_id,email,event,date_event\n12,anna@example.de,opened,2025-03-10 09:00:00\n"
    with pytest.raises(MappingError) as err:
        shop.import_file("campaign_recipients", write("e.csv", text), preset="brevo")
    assert str(err.value).startswith(
        "e.csv: an event log (one row per event) needs the time of each event (ts_event)"
    )


def test_email_activity_after_sent_to_adds_clicks_and_first_openings(shop: Workspace) -> None:
    """As the sent-to note says: the activity of the same campaign updates its recipients."""
    shop.import_file("campaigns", CAMPAIGNS)
    shop.import_file("campaign_recipients", SENT_TO)
    r = shop.import_file("campaign_recipients", ACTIVITY)
    # Of the 7 recipients the activity file stores, 42694e9e57 K1 (opening 08:30 instead of
    # the last one, 09:12; a click), K4 (a click; its opening at the send time stays) and K5
    # (new: rejected in the sent-to file) and 6a1b2c3d4e K1 are new or changed; K2, K3 and
    # 6a1b2c3d4e K4 hold nothing new: duplicates.
    assert (r.stored, r.rejected) == (4, 3)
    assert r.duplicates == 2 + 3
    assert shop.con.execute(
        "SELECT customer_id, opened_at, clicked_at FROM campaign_recipients "
        "WHERE campaign_id = '42694e9e57' ORDER BY 1"
    ).fetchall() == [
        ("K1", datetime(2025, 1, 15, 8, 30), datetime(2025, 1, 15, 9, 13)),
        ("K2", None, None),
        ("K3", None, None),
        ("K4", datetime(2025, 1, 15, 8, 0), datetime(2025, 1, 15, 10, 1)),
        ("K5", datetime(2025, 1, 15, 10, 0), None),
    ]


def test_the_preview_names_yes_no_columns_as_the_import_reads_them(
    write: Callable[..., Path],
) -> None:
    from bindung.ingest import preview

    path = write("r.csv", "Kampagne;E-Mail-Adresse;Geöffnet;Geklickt\nNL-1;a@example.de;ja;nein\n")
    found = preview.preview("campaign_recipients", path, lang="en")
    assert found.problem is None
    assert found.mapping == {
        "campaign_id": "Kampagne",
        "email": "E-Mail-Adresse",
        "opened_flag": "Geöffnet",
        "clicked_flag": "Geklickt",
    }
