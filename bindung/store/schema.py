"""The canonical tables, each declared exactly once.

Every other part of Bindung (DDL, importer, validation, docs, GDPR deletion) reads these
declarations; nothing restates a column list of its own.  The tables follow
``../shared/DESIGN.md`` ("Canonical tables").

Conventions
-----------
* Ids are text.  Money is ``DECIMAL(18,2)`` in the workspace currency.
* Times are ``TIMESTAMP`` in UTC, converted from the workspace time zone at import.
* Keys are enforced by the importer (the store's only writer), not by DuckDB indexes: a
  primary-key index made bulk inserts 4.5x slower (docs/decisions/0001-keys-without-indexes.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from bindung.i18n import N_, Pairs

ColumnType = Literal[
    "id", "text", "category", "money", "integer", "number", "timestamp", "date", "boolean", "email"
]

SQL_TYPES: dict[str, str] = {
    "id": "VARCHAR",
    "text": "VARCHAR",
    "category": "VARCHAR",
    "money": "DECIMAL(18,2)",
    "integer": "BIGINT",
    "number": "DOUBLE",
    "timestamp": "TIMESTAMP",
    "date": "DATE",
    "boolean": "BOOLEAN",
    "email": "VARCHAR",
}


@dataclass(frozen=True)
class Column:
    """One column of a canonical table.

    ``minimum``/``maximum`` bound numbers; ``choices`` bounds categories (compared in lower
    case); ``negative`` allows amounts below zero (refunds, redeemed points).
    """

    name: str
    type: ColumnType
    required: bool = False
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    negative: bool = False
    max_length: int = 200
    default: str | None = None
    doc: str = ""
    #: free text written by people (a survey comment): e-mail addresses and phone numbers in
    #: it are replaced at import (:mod:`bindung.store.scrub`)
    free_text: bool = False

    @property
    def sql_type(self) -> str:
        return SQL_TYPES[self.type]


@dataclass(frozen=True)
class Reference:
    """``column`` must name an existing row of ``table`` (its key column ``target``).

    ``creates`` means the importer creates the missing row instead of rejecting (orders and
    subscriptions create their customers).
    """

    column: str
    table: str
    target: str
    creates: bool = False


@dataclass(frozen=True)
class Order:
    """A check between two columns of one row: ``later`` must not be before ``earlier``."""

    earlier: str
    later: str


@dataclass(frozen=True)
class Table:
    name: str
    key: tuple[str, ...]
    columns: tuple[Column, ...]
    references: tuple[Reference, ...] = ()
    orders: tuple[Order, ...] = ()
    derived_key: bool = False
    doc: str = ""
    # survey -> (min, max) score range; only survey_responses uses it.
    score_ranges: dict[str, tuple[float, float]] = field(default_factory=dict)

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(f"{self.name} has no column {name!r}")

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)

    @property
    def customer_columns(self) -> tuple[str, ...]:
        """Columns that hold a customer id (for GDPR deletion)."""
        return tuple(c for c in self.column_names if c in ("customer_id", "referred_customer_id"))

    def ddl(self) -> str:
        cols = ",\n  ".join(
            [
                f"{q(c.name)} {c.sql_type}"
                + (" NOT NULL" if c.required or c.name in self.key else "")
                for c in self.columns
            ]
            + [f"{IMPORT_ID} BIGINT"]
        )
        return f"CREATE TABLE IF NOT EXISTS {self.name} (\n  {cols}\n)"


#: The import that wrote a row (``imports.import_id``), in every table an import writes: not a
#: declared column (no file maps onto it), set by the importer.  A row whose import has no log
#: entry is the rest of a torn commit and is removed when the store is opened
#: (:mod:`bindung.store.repair`, docs/decisions/0014-torn-imports.md); NULL: written before
#: rows carried it (schema version 7), or by ``goal set`` (one row, never a bulk write).
IMPORT_ID = "import_id"


def q(name: str) -> str:
    """A quoted SQL identifier (``at`` is a reserved word in DuckDB)."""
    return '"' + name.replace('"', '""') + '"'


def _id(name: str, required: bool = True, doc: str = "") -> Column:
    return Column(name, "id", required=required, doc=doc)


def _ts(name: str, required: bool = False, doc: str = "") -> Column:
    return Column(name, "timestamp", required=required, doc=doc)


def _money(name: str, required: bool = False, negative: bool = False, doc: str = "") -> Column:
    return Column(name, "money", required=required, negative=negative, doc=doc)


def _cat(name: str, *choices: str, required: bool = False, doc: str = "") -> Column:
    return Column(name, "category", required=required, choices=choices, doc=doc)


CUSTOMER = Reference("customer_id", "customers", "customer_id")
CHANNEL = Column("channel", "category", doc="sales or contact channel, free text")
PLATFORMS = ("facebook", "instagram", "tiktok", "x", "linkedin", "youtube", "pinterest", "other")

TABLES: tuple[Table, ...] = (
    Table(
        "customers",
        key=("customer_id",),
        columns=(
            _id("customer_id"),
            _ts("first_seen", doc="first order or subscription; filled from orders if empty"),
            Column("acquisition_channel", "category"),
            _money("acquisition_cost"),
            Column("segment", "category"),
            Column("country", "category"),
            Column(
                "email_hash",
                "text",
                max_length=64,
                doc="salted SHA-256 of the lower-cased e-mail; the address is never stored",
            ),
        ),
        doc="One row per customer.",
    ),
    Table(
        "orders",
        key=("order_id",),
        columns=(
            _id("order_id"),
            _id("customer_id"),
            _ts("ordered_at", required=True),
            _money("revenue", required=True, doc="order value in the workspace currency"),
            Column("items", "integer", minimum=0, default="1"),
            CHANNEL,
            Column(
                "currency",
                "category",
                max_length=3,
                doc="the currency the order was paid in (as in the file)",
            ),
            _money(
                "revenue_original",
                doc="the order value in `currency` before conversion at the day's ECB rate; "
                "empty when the order is in the workspace currency",
            ),
        ),
        references=(Reference("customer_id", "customers", "customer_id", creates=True),),
        derived_key=True,
        doc="One row per order. Orders create the customers they name.",
    ),
    Table(
        "order_lines",
        key=("order_id", "line"),
        columns=(
            _id("order_id"),
            Column(
                "line",
                "integer",
                required=True,
                minimum=1,
                doc="the line's number within its order (1, 2, ...), in the file's order",
            ),
            _id("customer_id", doc="the order's customer"),
            Column("sku", "id", doc="article number (SKU) as written in the export"),
            Column("product_name", "text", max_length=500),
            Column(
                "category",
                "text",
                max_length=500,
                doc="the product's category as the export writes it (WooCommerce's Category); "
                "empty when the export has none",
            ),
            Column("quantity", "integer", minimum=0),
            _money("unit_price", doc="price of one unit, as the export writes it"),
            _money("discount", doc="discount on the line, as the export writes it"),
        ),
        references=(Reference("order_id", "orders", "order_id"), CUSTOMER),
        doc="One row per line of an order, written by an orders import from an export with "
        "one row per line item (Shopify; WooCommerce one row per product), in the same "
        "transaction as its orders; an order imported again has its lines replaced. The "
        "orders table stays one row per order (items = the lines' quantities; revenue = the "
        "order's total net of refunds, not the sum of the lines).",
    ),
    Table(
        "returns",
        key=("return_id",),
        columns=(
            _id("return_id"),
            _id("order_id"),
            _id("customer_id", required=False, doc="taken from the order when empty"),
            _ts("returned_at", required=True),
            Column("items", "integer", minimum=0),
            _money("amount", doc="refunded amount"),
        ),
        references=(Reference("order_id", "orders", "order_id"), CUSTOMER),
        derived_key=True,
    ),
    Table(
        "subscriptions",
        key=("subscription_id",),
        columns=(
            _id("subscription_id"),
            _id("customer_id"),
            Column("plan", "category"),
            _ts("started_at", required=True),
            _ts("ended_at", doc="empty while the subscription runs"),
            _money("mrr", required=True, doc="monthly recurring revenue"),
        ),
        references=(Reference("customer_id", "customers", "customer_id", creates=True),),
        orders=(Order("started_at", "ended_at"),),
    ),
    Table(
        "survey_responses",
        key=("response_id",),
        columns=(
            _id("response_id"),
            _id("customer_id", required=False),
            _ts("responded_at", required=True),
            Column("survey", "category", required=True, doc="nps, csat, smcss, ces or your own"),
            Column("score", "number", required=True),
            CHANNEL,
            Column(
                "comment",
                "text",
                max_length=10_000,
                free_text=True,
                doc="e-mail addresses and phone numbers in it are stored as [e-mail], [phone]",
            ),
        ),
        references=(CUSTOMER,),
        derived_key=True,
        score_ranges={"nps": (0, 10), "smcss": (1, 10), "csat": (1, 5), "ces": (1, 7)},
    ),
    Table(
        "social_posts",
        key=("post_id",),
        columns=(
            _id("post_id"),
            Column("platform", "category", required=True),
            _ts("published_at", required=True),
            Column("kind", "category", doc="photo, video, story, text, ..."),
        ),
    ),
    Table(
        "social_interactions",
        key=("interaction_id",),
        columns=(
            _id("interaction_id"),
            _id("post_id"),
            Column("platform", "category"),
            Column("actor", "text", doc="the handle that interacted"),
            _id("customer_id", required=False),
            _cat("kind", "like", "comment", "share", "save", "click", required=True),
            _ts("at", required=True),
        ),
        references=(Reference("post_id", "social_posts", "post_id"), CUSTOMER),
        derived_key=True,
    ),
    Table(
        "social_mentions",
        key=("mention_id",),
        columns=(
            _id("mention_id"),
            Column("platform", "category", required=True),
            _ts("at", required=True),
            Column("author", "text"),
            _id("customer_id", required=False),
            _cat("sentiment", "positive", "neutral", "negative"),
            Column("needs_reply", "boolean"),
            _ts("first_reply_at"),
            _ts("resolved_at"),
            Column(
                "text",
                "text",
                max_length=10_000,
                free_text=True,
                doc="what the mention says (the post or message); e-mail addresses and phone "
                "numbers in it are stored as [e-mail], [phone]",
            ),
        ),
        references=(CUSTOMER,),
        orders=(Order("at", "first_reply_at"), Order("at", "resolved_at")),
        derived_key=True,
    ),
    Table(
        "identities",
        key=("platform", "handle"),
        columns=(
            Column(
                "platform",
                "category",
                required=True,
                doc="a social platform, or 'email' (the handle is then hashed)",
            ),
            Column("handle", "text", required=True),
            _id("customer_id"),
        ),
        references=(CUSTOMER,),
        doc="Links social handles and e-mail hashes to customers.",
    ),
    Table(
        "complaints",
        key=("complaint_id",),
        columns=(
            _id("complaint_id"),
            _id("customer_id"),
            CHANNEL,
            _ts("opened_at", required=True),
            _ts("first_reply_at"),
            _ts("resolved_at"),
            _cat("outcome", "resolved", "partly_resolved", "unresolved", "open"),
            _money("compensation"),
            Column(
                "text",
                "text",
                max_length=10_000,
                free_text=True,
                doc="what the customer wrote (the complaint's description); e-mail addresses and "
                "phone numbers in it are stored as [e-mail], [phone]",
            ),
        ),
        references=(CUSTOMER,),
        orders=(Order("opened_at", "first_reply_at"), Order("opened_at", "resolved_at")),
        derived_key=True,
    ),
    Table(
        "costs",
        key=("cost_id",),
        columns=(
            _id("cost_id"),
            Column("period_start", "date", required=True),
            Column(
                "period_end",
                "date",
                required=True,
                doc="last day of the cost period, inclusive (as budget sheets write 'bis')",
            ),
            CHANNEL,
            _cat("purpose", "retention", "acquisition", "mixed", required=True),
            Column("program", "category"),
            _money("amount", required=True),
        ),
        orders=(Order("period_start", "period_end"),),
        derived_key=True,
    ),
    Table(
        "loyalty_events",
        key=("event_id",),
        columns=(
            _id("event_id"),
            _id("customer_id"),
            _ts("at", required=True),
            Column("program", "category"),
            _cat("kind", "enroll", "earn", "redeem", "tier", "referral", required=True),
            Column("points", "integer", negative=True),
            _id("referred_customer_id", required=False),
        ),
        references=(CUSTOMER, Reference("referred_customer_id", "customers", "customer_id")),
        derived_key=True,
    ),
    Table(
        "assignments",
        key=("experiment", "customer_id"),
        columns=(
            Column("experiment", "category", required=True),
            _id("customer_id"),
            Column("variant", "category", required=True),
            _ts("assigned_at"),
        ),
        references=(CUSTOMER,),
    ),
    Table(
        "campaigns",
        key=("campaign_id",),
        columns=(
            _id("campaign_id"),
            Column("name", "text", required=True, doc="the campaign's name or subject"),
            Column("channel", "category", default="email", doc="email (the default)"),
            _ts("sent_at", required=True, doc="when the campaign was sent"),
            _money("cost", doc="what the campaign cost, when known"),
        ),
        doc="One row per e-mail campaign (a newsletter issue, a mailing).",
    ),
    Table(
        "campaign_recipients",
        key=("campaign_id", "customer_id"),
        columns=(
            _id("campaign_id"),
            _id(
                "customer_id",
                doc="the customer; an e-mail address (column email) is matched to the "
                "customer with its hash",
            ),
            Column("variant", "category", doc="the campaign's variant (A/B), when it has one"),
            Column(
                "holdout",
                "boolean",
                default="false",
                doc="true: in the holdout group, chosen at random and not sent the campaign",
            ),
            _ts("sent_at", doc="when the e-mail went out; empty: the campaign's time"),
            _ts("opened_at", doc="first opening, as the e-mail tool reports it"),
            _ts("clicked_at", doc="first click, as the e-mail tool reports it"),
        ),
        references=(Reference("campaign_id", "campaigns", "campaign_id"), CUSTOMER),
        orders=(Order("sent_at", "opened_at"), Order("sent_at", "clicked_at")),
        doc="One row per customer a campaign was sent to (or held out from), as the e-mail "
        "tool's campaign report lists them.",
    ),
    Table(
        "reviews",
        key=("review_id",),
        columns=(
            _id("review_id"),
            Column(
                "platform",
                "category",
                default="other",
                doc="trustpilot, google, trustedshops, ... (a preset sets it; empty: other)",
            ),
            Column(
                "rating",
                "integer",
                required=True,
                minimum=1,
                maximum=5,
                doc="stars, 1 (worst) to 5 (best)",
            ),
            Column("title", "text", max_length=500, free_text=True),
            Column(
                "text",
                "text",
                max_length=10_000,
                free_text=True,
                doc="e-mail addresses and phone numbers in it are stored as [e-mail], [phone]",
            ),
            _ts("reviewed_at", required=True, doc="when the review was written"),
            _id(
                "customer_id",
                required=False,
                doc="the customer; empty: found from the order reference or the e-mail's "
                "hash when they match a stored order or customer",
            ),
            Column("order_reference", "id", doc="the order number the review platform was given"),
            Column(
                "email_hash",
                "text",
                max_length=64,
                doc="salted SHA-256 of the reviewer's e-mail (column email); never the address",
            ),
            Column("reply_text", "text", max_length=10_000, free_text=True),
            _ts("replied_at", doc="when the business replied"),
        ),
        references=(CUSTOMER,),
        orders=(Order("reviewed_at", "replied_at"),),
        derived_key=True,
        doc="One row per review on a review platform (Trustpilot, Google, Trusted Shops).",
    ),
    Table(
        "goals",
        key=("metric", "period"),
        columns=(
            Column("metric", "category", required=True),
            Column("period", "category", required=True, doc="2026, 2026-Q1, 2026-03 or 2026-W05"),
            Column("target", "number", required=True, negative=True),
            Column("priority", "integer", minimum=1, default="1"),
        ),
    ),
)

TABLE_BY_NAME: dict[str, Table] = {t.name: t for t in TABLES}
#: The tables' names for readers (German, English); the keys are what commands take.
TABLE_LABELS: Mapping[str, tuple[str, str]] = Pairs(
    {
        "customers": N_("customers"),
        "orders": N_("orders"),
        "order_lines": N_("order lines"),
        "returns": N_("returns"),
        "subscriptions": N_("subscriptions"),
        "survey_responses": N_("survey responses"),
        "social_posts": N_("social media posts"),
        "social_interactions": N_("social media interactions"),
        "social_mentions": N_("social media mentions"),
        "identities": N_("customers' social media accounts"),
        "complaints": N_("complaints"),
        "costs": N_("costs"),
        "loyalty_events": N_("loyalty programme"),
        "assignments": N_("A/B test assignments"),
        "campaigns": N_("e-mail campaigns"),
        "campaign_recipients": N_("e-mail campaign recipients"),
        "goals": N_("goals"),
        "reviews": N_("reviews"),
        "exchange_rates": N_("exchange rates"),
        "contacts": N_("e-mail contacts"),
    }
)
# The tables a file is imported into.  order_lines is written by an orders import (the line
# rows of a line-item export, with their orders), not imported on its own.
KINDS: tuple[str, ...] = tuple(n for n in TABLE_BY_NAME if n != "order_lines")

# Reference data an import reads, not data about the business (not a canonical table: no
# metric reads it, and stores made before it get it on its first import).
EXCHANGE_RATES = Table(
    "exchange_rates",
    key=("day", "currency"),
    columns=(
        Column("day", "date", required=True, doc="the ECB's reference day"),
        Column("currency", "category", required=True, max_length=3, doc="ISO code, upper case"),
        Column("rate", "number", required=True, doc="units of the currency per 1 EUR"),
    ),
    doc="Euro foreign exchange reference rates of the ECB (eurofxref-hist.csv): orders in "
    "another currency are converted at them.",
)
REFERENCE_TABLES: dict[str, Table] = {EXCHANGE_RATES.name: EXCHANGE_RATES}

# E-mail addresses in clear text, for the exports to e-mail tools (bindung/report/mailing.py).
# Declared here like every table, but kept apart from TABLES: no metric or answer reads it, it
# is imported only when the workspace enables it (setting ``contacts_enabled``), the demo and
# the browser upload have none, and an import of it leaves the answers current.  ``forget``
# erases its rows with the customer's (docs/lists.md).
CONTACTS = Table(
    "contacts",
    key=("customer_id",),
    columns=(
        _id("customer_id"),
        Column(
            "email",
            "email",
            required=True,
            max_length=254,
            doc="the address in clear text (only with contacts_enabled = true)",
        ),
        Column("first_name", "text"),
        Column("last_name", "text"),
        Column(
            "consent",
            "boolean",
            doc="marketing consent as the shop recorded it; empty: not recorded",
        ),
    ),
    references=(CUSTOMER,),
    doc="E-mail contacts of customers, for exports to e-mail tools only; imported only when "
    "`contacts_enabled = true` in bindung.toml. Addresses are stored in clear text here and "
    "nowhere else (not in answers, logs or reports; rejected rows are masked).",
)
PRIVATE_TABLES: dict[str, Table] = {CONTACTS.name: CONTACTS}

# Bookkeeping tables (not canonical data).
META_DDL: tuple[str, ...] = (
    "CREATE TABLE IF NOT EXISTS bindung_meta (key VARCHAR NOT NULL, value VARCHAR)",
    """CREATE TABLE IF NOT EXISTS imports (
  import_id BIGINT NOT NULL,
  kind VARCHAR NOT NULL,
  file VARCHAR NOT NULL,
  sha256 VARCHAR NOT NULL,
  rows_read BIGINT NOT NULL,
  stored BIGINT NOT NULL,
  rejected BIGINT NOT NULL,
  duplicates BIGINT NOT NULL,
  status VARCHAR NOT NULL,
  "at" TIMESTAMP NOT NULL,
  excluded BIGINT DEFAULT 0
)""",
    """CREATE TABLE IF NOT EXISTS rejects (
  import_id BIGINT NOT NULL,
  line BIGINT NOT NULL,
  raw VARCHAR,
  reasons VARCHAR[] NOT NULL,
  excluded BOOLEAN DEFAULT false
)""",
)

# Fitted models (bindung/models/workflow.py): one row per role ("purchases", "spend"); the
# model itself as the JSON of Model.to_dict(), never pickled.
MODELS_DDL = """CREATE TABLE IF NOT EXISTS bindung_models (
  role VARCHAR NOT NULL,
  model VARCHAR NOT NULL,
  document VARCHAR NOT NULL,
  options VARCHAR NOT NULL,
  data_version VARCHAR NOT NULL,
  fitted_at TIMESTAMP NOT NULL
)"""


def table(name: str) -> Table:
    """The declaration of canonical table ``name`` (KeyError lists the valid names)."""
    try:
        if name in TABLE_BY_NAME:
            return TABLE_BY_NAME[name]
        return PRIVATE_TABLES[name] if name in PRIVATE_TABLES else REFERENCE_TABLES[name]
    except KeyError:
        raise KeyError(f"unknown table {name!r}; expected one of: {', '.join(KINDS)}") from None
