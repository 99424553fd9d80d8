"""A workspace: a folder with ``bindung.toml`` and its store.

>>> ws = bindung.init("shop")                 # doctest: +SKIP
>>> ws.import_file("orders", "orders.csv")    # doctest: +SKIP
>>> ws.table("orders").to_pandas()            # doctest: +SKIP

The workspace holds the store's only connection in this process.  Importing needs the store
for writing; DuckDB allows one writing process per file, so a second one gets ``BusyError``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from bindung import config
from bindung.config import Settings
from bindung.errors import BindungError, WorkspaceError
from bindung.i18n import t, tr
from bindung.ingest import load
from bindung.ingest.load import ImportOptions, ImportResult
from bindung.metrics import run as metrics_run
from bindung.store import backends, connection, migrations, repair, salt, schema


@dataclass(frozen=True)
class ForgetResult:
    """What ``forget`` removed: rows per table, and the stored answers that named the
    customer (deleted; the next refresh computes them again)."""

    customer_id: str
    rows: dict[str, int]
    #: the customer ids erased (an e-mail address: its hash and the customers that carry it)
    customer_ids: tuple[str, ...] = ()
    #: stored answers deleted because they held the customer (``key/variant``)
    answers: tuple[str, ...] = ()
    #: files in the workspace folder (reports, exports: ``bindung report --out``, ``--out``,
    #: the demo's) that held an erased id, deleted; paths relative to the folder
    files: tuple[str, ...] = ()
    #: import sources (the import log's files) in the workspace folder that hold an erased
    #: id: the user's own files, kept; relative paths
    sources: tuple[str, ...] = ()

    @property
    def total(self) -> int:
        return sum(self.rows.values())

    @property
    def by_email(self) -> bool:
        return "@" in self.customer_id


class Workspace:
    """Open with :func:`bindung.open` or create with :func:`bindung.init`."""

    def __init__(
        self, folder: Path, settings: Settings, *, read_only: bool = False, wait: float = 0.0
    ) -> None:
        self.folder = folder
        self.settings = settings
        #: results shared by the answers of one refresh (:func:`bindung.answers.sections.memo`)
        self.memo: dict[Any, Any] | None = None
        self._ibis: Any = None
        self._remote: Callable[[str], Any] | None = None
        self._con: duckdb.DuckDBPyConnection | None = None
        #: what opening did that the user must hear of (a torn import rolled back)
        self.notices: list[str] = []
        if not connection.is_duckdb(settings.store):
            # Another engine (Spark, BigQuery, Postgres, ...): metrics read it, nothing writes.
            self.path: Path | None = None
            self.read_only = True
            self._remote = backends.tables_for(settings.store)
            return
        self.path = path = connection.store_path(settings.store, folder)
        if read_only and not path.exists():
            raise WorkspaceError(f"{path}: the store does not exist; run `bindung init`")
        self._con = con = connection.connect(path, read_only=read_only, wait=wait)
        self.read_only = read_only
        if not read_only:
            migrations.migrate(con)
            torn = repair.repair(con)
            if torn is not None:
                self.notices.append(_torn_notice(torn, settings.lang))
            if salt.move_out(con, settings.lang):  # $BINDUNG_SALT_FILE: out of the file too
                self._rewrite_store()
        elif migrations.current_version(con) != migrations.SCHEMA_VERSION:
            con.close()
            raise WorkspaceError(
                f"{path}: the store needs a migration; open it once for writing "
                "(e.g. `bindung status`)"
            )
        elif repair.find(con) is not None:
            # Reading would show a half import; repairing needs the store for writing.
            con.close()
            raise WorkspaceError(
                tr(
                    settings.lang,
                    "{path}: an import was interrupted and left part of its rows; run "
                    "`bindung status` to remove them",
                    path=path,
                )
            )

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        """The DuckDB connection of the store (not available for other engines)."""
        if self._con is None:
            raise WorkspaceError(
                t("remote_store", self.settings.lang, store=backends.redact(self.settings.store))
            )
        return self._con

    @property
    def remote(self) -> bool:
        """True when the store is another engine than DuckDB (read-only, metrics only)."""
        return self._remote is not None

    # -- lifecycle
    def close(self) -> None:
        if self._con is not None:
            self._con.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading
    def table(self, name: str) -> Any:
        """The canonical table ``name`` as an Ibis table expression."""
        schema.table(name)
        if self._remote is not None:
            return self._remote(name)
        if self._ibis is None:
            import ibis

            self._ibis = ibis.duckdb.from_connection(self.con)
        found = self._ibis.table(name)
        # Bookkeeping of the store (torn imports: bindung/store/repair.py), not data: readers
        # see the declared columns, as another engine's tables have them.
        return found.drop(schema.IMPORT_ID) if schema.IMPORT_ID in found.columns else found

    # -- metrics
    def kpis(self, period: str = "month", **options: Any) -> pd.DataFrame:
        """The KPI table, one row per period (and group); see :func:`bindung.metrics.run.kpis`.

        >>> ws.kpis(period="quarter", by="channel", start="2025-Q1")   # doctest: +SKIP
        """
        return metrics_run.kpis(self.table, self.settings, period=period, **options)  # type: ignore[arg-type]

    def cohorts(self, period: str = "month", **options: Any) -> pd.DataFrame:
        """The cohort matrix; see :func:`bindung.metrics.run.cohorts`."""
        return metrics_run.cohorts(self.table, self.settings, period=period, **options)  # type: ignore[arg-type]

    def metric(self, key: str, period: str = "month", **options: Any) -> Any:
        """One catalogue metric as an Ibis expression (columns g, k, period and ``key``)."""
        from bindung.metrics.kpis import metric_expr

        src = metrics_run.source(self.table, self.settings, period=period, **options)  # type: ignore[arg-type]
        return metric_expr(src, key)

    # -- answers (report sections: .tables, .table(key).frame, .findings)
    def social(self, period: str = "month", **window: Any) -> Any:
        """Reply times, SMER-B, SMAI and community share per platform
        (:func:`bindung.report.social.social_section`; ``start``/``end`` optional)."""
        from bindung.report.social import social_section

        return social_section(self, period=period, **window)

    def satisfaction(self, period: str = "month", **window: Any) -> Any:
        """NPS, SMCSS, CSAT and the value of satisfaction
        (:func:`bindung.report.satisfaction.satisfaction_section`)."""
        from bindung.report.satisfaction import satisfaction_section

        return satisfaction_section(self, period=period, **window)

    def complaints(self, period: str = "month", **window: Any) -> Any:
        """Complaint handling and what complaints do to buying
        (:func:`bindung.report.complaints.complaints_section`)."""
        from bindung.report.complaints import complaints_section

        return complaints_section(self, period=period, **window)

    def compare_fans(self, horizon: int = 12) -> Any:
        """Fans against others: raw, weighted on history and within customers
        (:func:`bindung.insights.fans.compare_fans`; ``.frame()`` for a table)."""
        from bindung.insights.fans import compare_fans

        return compare_fans(self, horizon=horizon)

    def roi(
        self,
        *,
        clv: float | None = None,
        kept: float | None = None,
        cost: float | None = None,
        horizon: int = 12,
    ) -> Any:
        """ROI of the social-media measures, or with ``clv``, ``kept`` and ``cost`` the
        formula of source 000 for one measure (:func:`bindung.report.fans.roi_section`)."""
        from bindung.report.fans import roi_section

        return roi_section(self, clv=clv, kept=kept, cost=cost, horizon=horizon)

    def alerts(self) -> Any:
        """Every alert against the benchmarks with its revenue at risk
        (:func:`bindung.report.alerts.alerts`)."""
        from bindung.report.alerts import alerts

        return alerts(self)

    def experiment(self, name: str, *, window_days: int | None = None) -> Any:
        """Each variant of test ``name`` against the control, with the sample-ratio check
        (:func:`bindung.report.experiments.experiment_section`)."""
        from bindung.report.experiments import experiment_section

        return experiment_section(self, name, window_days=window_days)

    def loyalty(self) -> Any:
        """Programme figures, referred customers' CLV, and members against comparable
        non-members (:func:`bindung.report.loyalty.loyalty_section`)."""
        from bindung.report.loyalty import loyalty_section

        return loyalty_section(self)

    def budget(self, *, points: float = 5.0, years: int = 3) -> Any:
        """The spend split against the 60/40 rule of source 000, the business phase and the
        what-if of ``points`` more retention from the fitted model
        (:func:`bindung.report.budget.budget_section`)."""
        from bindung.report.budget import budget_section

        return budget_section(self, points=points, years=years)

    def goals(self, *, as_of: date | None = None) -> Any:
        """Progress and forecast of every goal, judged on the local day ``as_of`` (default
        the last day with data; :func:`bindung.report.goals.goals_section`)."""
        from bindung.report.goals import goals_section

        return goals_section(self, as_of=as_of)

    def sql(self, query: str, params: list[Any] | None = None) -> pd.DataFrame:
        """Run read-only SQL on the store (for analysts and tests)."""
        return self.con.execute(query, params or []).df()

    def counts(self) -> dict[str, int]:
        """Rows per canonical table (for another engine: the tables it has)."""
        if self._remote is not None:
            found = {}
            for t_ in schema.TABLES:
                try:
                    found[t_.name] = int(self._remote(t_.name).count().execute())
                except Exception:  # the other engine lacks this table: not counted
                    continue
            return found
        union = " UNION ALL ".join(
            f"SELECT '{t.name}' AS name, count(*) AS n FROM {t.name}" for t in schema.TABLES
        )
        return {name: int(n) for name, n in self.con.execute(union).fetchall()}

    def data_version(self) -> str:
        """A fingerprint of the data: rows per table and the last import.  Fitted models and
        cached report sections are reused while it stays the same."""
        last = 0
        if self._remote is None:
            row = self.con.execute("SELECT coalesce(max(import_id), 0) FROM imports").fetchone()
            last = int(row[0]) if row else 0
        text = json.dumps([sorted(self.counts().items()), last])
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def imports(self) -> pd.DataFrame:
        if self._remote is not None:
            return pd.DataFrame(columns=["import_id", "kind", "file", "stored", "rejected", "at"])
        return self.sql("SELECT * FROM imports ORDER BY import_id")

    def rejects(self, import_id: int | None = None) -> pd.DataFrame:
        where = "WHERE r.import_id = ?" if import_id is not None else ""
        return self.sql(
            "SELECT r.import_id, i.file, r.line, r.reasons, r.raw FROM rejects r "
            f"JOIN imports i USING (import_id) {where} ORDER BY r.import_id, r.line",
            [import_id] if import_id is not None else None,
        )

    # -- writing
    def import_file(self, kind: str, file: str | Path, **options: Any) -> ImportResult:
        """Import ``file`` into table ``kind``; see :class:`ImportOptions` for ``options``.

        Raises ``ImportRefused`` (``strict=True`` and a bad row), ``MappingError`` and
        ``InputFileError``; otherwise every row is stored, rejected or a duplicate.
        """
        self._writable()
        table = schema.table(kind)
        if kind in schema.PRIVATE_TABLES and not self.settings.contacts_enabled:
            raise BindungError(
                tr(
                    self.settings.lang,
                    "contacts are e-mail addresses in clear text, and this workspace does not "
                    "allow them: set contacts_enabled = true in bindung.toml (only with a legal "
                    "basis for e-mailing these customers; docs/lists.md), then import again",
                )
            )
        opts = ImportOptions(kind=kind, **options)
        return load.run(self.con, table, Path(file), opts, self._context())

    def email_hash(self, email: str) -> str:
        """The salted hash an import stores for ``email`` (as customer id with ``:hash``, in
        ``customers.email_hash`` and as an e-mail handle in ``identities``)."""
        key = self._context().salt
        row = self.con.execute(
            f"SELECT {load.hash_sql('$2', '$1')}", [key, email.strip(" \t\u00a0")]
        ).fetchone()
        assert row is not None
        return str(row[0])

    def forget(self, customer: str) -> ForgetResult:
        """GDPR erasure: delete a customer from every table (one transaction) and the stored
        answers that name them.

        ``customer`` is a customer id or an e-mail address.  An address is hashed with the
        workspace salt exactly as imports hash it; the customers erased are the one keyed by
        that hash (Shopify orders, WooCommerce guests), those whose ``email_hash`` it is,
        those linked to it in ``identities`` and those whose address it is in ``contacts``.
        Rows that merely mention the customer as
        referrer target keep the event but lose the id; the customers' social handles
        (``identities``) go with the interactions and mentions made under them; rejected raw
        rows that contain the id, the address or a handle are deleted too.  The store is then
        rewritten into a fresh file (:meth:`_rewrite_store`), so the deleted rows' bytes are
        gone from it.  Stored answers holding any erased id are deleted, so no view shows the
        customer and the next refresh computes them again (and those listing rejects, when
        rejects went); so are the files in the workspace folder that hold one (reports,
        exports: :meth:`_forget_files`), except import sources, which are kept and named.
        """
        self._writable()
        ids = [customer]
        patterns = [customer]
        hashed = None
        if load.EMAIL_RE.fullmatch(customer.strip()) or load.ADDRESS_RE.fullmatch(customer.strip()):
            hashed = self.email_hash(customer)
            linked = self.con.execute(
                "SELECT customer_id FROM customers WHERE email_hash = ? UNION "
                "SELECT customer_id FROM identities WHERE handle = ? AND customer_id IS NOT NULL "
                "UNION SELECT customer_id FROM contacts WHERE lower(email) = lower(?)",
                [hashed, hashed, customer.strip()],
            ).fetchall()
            ids = list(dict.fromkeys([hashed, *(str(r[0]) for r in linked)]))
            patterns = [customer.strip(), *ids]
        # The customers' social handles (identities): their interactions and mentions name
        # them by handle, often without a customer id (matched later through identities).
        handles = [
            (str(r[0]), str(r[1]))
            for r in self.con.execute(
                "SELECT platform, handle FROM identities WHERE list_contains(?, customer_id) "
                "AND lower(platform) <> 'email'",
                [ids],
            ).fetchall()
        ]
        patterns += [h.lstrip("@") for _, h in handles if h.lstrip("@")]
        # Their addresses in clear text (contacts): an export to an e-mail tool may name the
        # customer by address only, without the id.
        patterns += [
            str(r[0])
            for r in self.con.execute(
                "SELECT DISTINCT email FROM contacts WHERE list_contains(?, customer_id)", [ids]
            ).fetchall()
            if r[0]
        ]
        rows: dict[str, int] = {}
        self.con.execute("BEGIN TRANSACTION")
        try:
            for customer_id in ids:
                self._forget_id(customer_id, rows)
            for platform, handle in handles:
                for table, column in (
                    ("social_interactions", "actor"),
                    ("social_mentions", "author"),
                ):
                    n = self._changes(
                        f"DELETE FROM {table} WHERE lower(ltrim({column}, '@')) = "
                        "lower(ltrim(?, '@')) AND (platform IS NULL OR lower(platform) = lower(?))",
                        [handle, platform],
                    )
                    if n:
                        rows[table] = rows.get(table, 0) + n
            if hashed is not None:
                n = self._changes("DELETE FROM identities WHERE handle = ?", [hashed])
                if n:
                    rows["identities"] = rows.get("identities", 0) + n
            for text in patterns:
                n = self._changes(
                    "DELETE FROM rejects WHERE regexp_matches(raw, ?)",
                    [r"(^|[^0-9A-Za-z_])" + re.escape(text) + r"($|[^0-9A-Za-z_])"],
                )
                if n:
                    rows["rejects"] = rows.get("rejects", 0) + n
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        if not rows:
            assert self.path is not None
            if self.path.with_name(self.path.name + ".fresh").exists():
                # An earlier rewrite was interrupted: its deletions are committed, but their
                # bytes may still be in the file.  Asking again finishes the erasure.
                self._rewrite_store()
            else:
                self.con.execute("CHECKPOINT")
            return ForgetResult(customer, rows)
        self._rewrite_store()
        answers = self._forget_answers(ids, ["rejects"] if rows.get("rejects") else [])
        files, sources = self._forget_files(list(dict.fromkeys([*ids, *patterns])))
        return ForgetResult(customer, rows, tuple(ids), answers, files, sources)

    def _rewrite_store(self) -> None:
        """Copy the store into a fresh file and put that in its place, so that the bytes of
        deleted rows are gone: a DELETE and a CHECKPOINT only mark their blocks free, and the
        text stays readable in the file until DuckDB happens to reuse them.

        The copy holds only the live rows (``COPY FROM DATABASE``); it is checked table by
        table (row counts), checkpointed, closed and renamed over the store (atomic: a crash
        leaves the old store or the new one, and a leftover ``.fresh`` file that the next
        rewrite removes).  From closing the old connection to opening the new file it holds the
        swap lock (:func:`bindung.store.connection.swapping`): other processes wait to open
        the store, so none writes into the file being replaced.  Time: about one full read and
        write of the store."""
        assert self.path is not None
        path = self.path
        fresh = path.with_name(path.name + ".fresh")
        for leftover in (fresh, fresh.with_name(fresh.name + ".wal")):
            leftover.unlink(missing_ok=True)
        con = self.con
        con.execute("CHECKPOINT")
        row = con.execute("SELECT current_database()").fetchone()
        assert row is not None
        name = str(row[0]).replace('"', '""')
        con.execute("ATTACH '" + str(fresh).replace("'", "''") + "' AS __fresh")
        try:
            con.execute(f'COPY FROM DATABASE "{name}" TO __fresh')
            tables = [
                str(r[0])
                for r in con.execute(
                    "SELECT table_name FROM duckdb_tables() WHERE database_name = ? "
                    "AND NOT temporary",
                    [str(row[0])],
                ).fetchall()
            ]
            for table in tables:
                counts = con.execute(
                    f'SELECT (SELECT count(*) FROM "{name}".main."{table}"), '
                    f'(SELECT count(*) FROM __fresh.main."{table}")'
                ).fetchone()
                if counts is None or counts[0] != counts[1]:
                    raise WorkspaceError(f"{path}: rewriting the store lost rows of {table}")
            con.execute("CHECKPOINT __fresh")
        except BaseException:
            con.execute("DETACH __fresh")
            fresh.unlink(missing_ok=True)
            raise
        con.execute("DETACH __fresh")
        # No other process opens the store from closing the old file to opening the new one
        # (connection.swapping): a writer there would write into the file being replaced.
        with connection.swapping(path, connection.busy_wait()):
            self._ibis = None
            con.close()
            self._con = None
            os.replace(fresh, path)
            with contextlib.suppress(OSError):  # the rename made durable (POSIX)
                folder = os.open(path.parent, os.O_RDONLY)
                try:
                    os.fsync(folder)
                finally:
                    os.close(folder)
            self._con = connection.connect(path, wait=connection.busy_wait(), swap_locked=True)

    def _forget_files(self, values: list[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Delete the files in the workspace folder that hold any of ``values`` as a whole
        value (a CSV field, a table cell, a JSON string, an Excel text cell): the reports and
        exports Bindung wrote there.  Not searched: the store and its WAL, ``bindung.toml``,
        the answers folder (:meth:`_forget_answers`), hidden files and folders, symbolic
        links.  Files named in the import log are the user's sources: they are kept and
        returned apart.  Files outside the folder are not known to Bindung."""
        from bindung.answers.store import AnswerStore

        root = self.folder.resolve()
        answers = AnswerStore(self.folder).root.resolve()
        store: Path | None = None
        if connection.is_duckdb(self.settings.store):
            store = connection.store_path(self.settings.store, self.folder).resolve()
        sources = {
            Path(str(r[0])).resolve()
            for r in self.con.execute("SELECT DISTINCT file FROM imports").fetchall()
            if r[0]
        }
        needles = [v for v in dict.fromkeys(v.strip() for v in values) if v]
        deleted: list[str] = []
        kept: list[str] = []

        def skipped(path: Path) -> bool:
            if path.name.startswith(".") or path.is_symlink():
                return True
            if store is not None and path.parent == store.parent:
                return path.name.startswith(store.name)  # the store, .wal, .tmp
            return False

        for here, folders, names in os.walk(root):  # top-down: pruning `folders` skips them
            base = Path(here)
            folders[:] = sorted(
                f for f in folders if not skipped(base / f) and (base / f).resolve() != answers
            )
            for name in sorted(names):
                path = base / name
                if skipped(path) or path == root / config.CONFIG_FILE or not path.is_file():
                    continue
                if not files_hold(path, needles):
                    continue
                relative = path.relative_to(root).as_posix()
                if path.resolve() in sources:
                    kept.append(relative)
                    continue
                path.unlink(missing_ok=True)
                deleted.append(relative)
        return tuple(sorted(deleted)), tuple(sorted(kept))

    def _forget_id(self, customer_id: str, rows: dict[str, int]) -> None:
        # A review keeps its reviewer's e-mail hash even when no customer matched it.
        n = self._changes("DELETE FROM reviews WHERE email_hash = ?", [customer_id])
        if n:
            rows["reviews"] = rows.get("reviews", 0) + n
        for table in (*schema.TABLES, *schema.PRIVATE_TABLES.values()):
            for col in table.customer_columns:
                if col == "referred_customer_id":
                    n = self._changes(
                        f"UPDATE {table.name} SET referred_customer_id = NULL "
                        "WHERE referred_customer_id = ?",
                        [customer_id],
                    )
                    if n:
                        key = f"{table.name} (referral link removed)"
                        rows[key] = rows.get(key, 0) + n
                    continue
                n = self._changes(f"DELETE FROM {table.name} WHERE {col} = ?", [customer_id])
                if n:
                    rows[table.name] = rows.get(table.name, 0) + n

    def _forget_answers(self, ids: list[str], tables: Iterable[str] = ()) -> tuple[str, ...]:
        """Delete the stored answers (document and Parquet rows) that hold any of ``ids`` as
        a value, and those that read one of ``tables`` (the raw text of deleted rejects holds
        the customer inside a line, not as a value: the import history shows it); returns
        them as ``key/variant``.  Missing answers count as out of date, so ``bindung refresh``
        (or the server) computes them again."""
        import pyarrow as pa
        import pyarrow.compute as pc
        import pyarrow.parquet as pq

        from bindung.answers.store import AnswerStore

        store = AnswerStore(self.folder)
        if not store.root.exists():
            store.root.mkdir(parents=True)
            store._touch()
            return ()
        quoted = [json.dumps(i) for i in ids]
        wanted = pa.array(ids, type=pa.string())
        readers = set()
        if tables:
            from bindung.answers.registry import all_specs

            readers = {s.key for s in all_specs() if set(s.depends_on) & set(tables)}
        removed = []
        for doc in sorted(store.root.glob("*/*.json")):
            try:
                text = doc.read_text(encoding="utf-8")
            except OSError:
                continue
            hit = doc.parent.name in readers or any(q in text for q in quoted)
            parquets = sorted(doc.parent.glob(f"{doc.stem}.*.parquet"))
            for path in parquets if not hit else []:
                table = pq.read_table(path)
                for column in table.columns:
                    if (
                        column.type in (pa.string(), pa.large_string())
                        and pc.any(pc.is_in(column, value_set=wanted)).as_py()
                    ):
                        hit = True
                        break
                if hit:
                    break
            if not hit:
                continue
            doc.unlink(missing_ok=True)
            for path in parquets:
                path.unlink(missing_ok=True)
            removed.append(f"{doc.parent.name}/{doc.stem}")
        # The web app's caches key on the answers' stamp: changed even when no answer held
        # the customer, since pages read the rejects (and their raw text) from the store.
        store._touch()
        return tuple(removed)

    # -- helpers
    def _changes(self, sql: str, params: list[Any]) -> int:
        row = self.con.execute(sql, params).fetchone()
        return int(row[0]) if row else 0

    def _writable(self) -> None:
        if self._remote is not None:
            self.con  # noqa: B018 - raises the message for stores of other engines
        if self.read_only:
            raise WorkspaceError(f"{self.path}: opened read-only")

    def _context(self) -> load.Context:
        return load.Context(
            timezone=self.settings.timezone,
            currency=self.settings.currency.upper(),
            salt=salt.read(self.con, self.settings.lang),
            lang=self.settings.lang,
            now=load.now_utc(),
        )


def _torn_notice(torn: repair.Torn, lang: str) -> str:
    tables = ", ".join(f"{name} {n}" for name, n in torn.rows.items())
    return tr(
        lang,
        "an interrupted import (no. {ids}) was rolled back: {rows} rows it had left without "
        "its log entry were removed ({tables}); import its file again",
        ids=", ".join(map(str, torn.import_ids)),
        rows=torn.total,
        tables=tables,
    )


# A value counts as held when it stands alone: between these bytes (or the file's start and
# end), as a CSV/TSV field, an HTML cell or attribute, a JSON string.  "K1" inside "K10" and
# "17" inside "2017" are not the customer (a number cell "17" of a report is, for an id "17").
_BEFORE = frozenset(b"\r\n,;\t|\"'>")
_AFTER = frozenset(b"\r\n,;\t|\"'<")
_CHUNK = 1 << 23


def files_hold(path: Path, values: list[str]) -> bool:
    """Whether the file holds one of ``values`` as a whole value (see ``_BEFORE``): Excel
    workbooks by their text cells, Parquet files by their text columns, every other file as
    text (UTF-8, Latin-1 or, with its byte order mark, UTF-16)."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        found = _workbook_holds(path, values)
        if found is not None:
            return found
    if suffix == ".parquet":
        found = _parquet_holds(path, values)
        if found is not None:
            return found
    try:
        with path.open("rb") as fh:
            head = fh.read(2)
        if head in (b"\xff\xfe", b"\xfe\xff"):
            text = path.read_bytes().decode("utf-16", errors="replace").encode("utf-8")
            return _bytes_hold([text], _needles(values))
    except OSError:
        return False
    return _bytes_hold(_chunks(path), _needles(values))


def _workbook_holds(path: Path, values: list[str]) -> bool | None:
    """Text cells (shared or inline strings) equal to a value; None: not a workbook."""
    import html
    import zipfile

    texts = [html.escape(v, quote=False).encode() for v in values]
    wanted = re.compile(rb"<t(?:\s[^>]*)?>(?:" + b"|".join(map(re.escape, texts)) + rb")</t>")
    try:
        with zipfile.ZipFile(path) as book:
            return any(
                wanted.search(book.read(entry))
                for entry in book.namelist()
                if entry.endswith(".xml")
            )
    except (OSError, zipfile.BadZipFile, KeyError):
        return None


def _parquet_holds(path: Path, values: list[str]) -> bool | None:
    """A text column holding a value; None: not a Parquet file."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(path)
    except (OSError, pa.ArrowException):
        return None
    value_set = pa.array(values, type=pa.string())
    return any(
        bool(pc.any(pc.is_in(pc.utf8_trim_whitespace(column), value_set)).as_py())
        for column in table.columns
        if column.type in (pa.string(), pa.large_string())
    )


def _needles(values: list[str]) -> list[bytes]:
    """The values as they are written: UTF-8 or Latin-1, plain or HTML-escaped."""
    import html

    out: list[bytes] = []
    for value in values:
        for text in (value, html.escape(value)):
            for encoding in ("utf-8", "latin-1"):
                with contextlib.suppress(UnicodeEncodeError):
                    out.append(text.encode(encoding))
    return list(dict.fromkeys(out))


def _chunks(path: Path) -> Iterator[bytes]:
    try:
        with path.open("rb") as fh:
            while chunk := fh.read(_CHUNK):
                yield chunk
    except OSError:
        return


def _bytes_hold(chunks: Iterable[bytes], needles: list[bytes]) -> bool:
    """Whether a needle stands alone in the bytes, read in chunks with an overlap: a match
    touching a buffer's edge is judged in the buffer that also holds its neighbour byte."""
    if not needles:
        return False
    overlap = max(len(n) for n in needles) + 1
    chunks = iter(chunks)
    current = next(chunks, None)
    tail = b""
    first = True
    while current is not None:
        following = next(chunks, None)
        last = following is None
        buffer = tail + current
        for needle in needles:
            at = buffer.find(needle)
            while at != -1:
                end = at + len(needle)
                if (at > 0 or first) and (end < len(buffer) or last):
                    before = at == 0 or buffer[at - 1] in _BEFORE
                    after = end == len(buffer) or buffer[end] in _AFTER
                    if before and after:
                        return True
                at = buffer.find(needle, at + 1)
        tail = buffer[-overlap:]
        first = False
        current = following
    return False


def init(folder: str | Path = ".", **settings: Any) -> Workspace:
    """Create (or re-open) a workspace in ``folder``: ``bindung.toml`` and the store."""
    path = Path(folder)
    path.mkdir(parents=True, exist_ok=True)
    if (path / config.CONFIG_FILE).exists():
        current = config.load(path)
        if settings:
            current = replace(current, **settings).validate(str(path / config.CONFIG_FILE))
            config.write(path, current)
    else:
        current = Settings(**settings).validate(str(path / config.CONFIG_FILE))
        config.write(path, current)
    return Workspace(path, current)


def open_workspace(
    folder: str | Path = ".", *, read_only: bool = False, wait: float = 0.0
) -> Workspace:
    """Open the workspace in ``folder`` (``bindung.toml`` must exist); ``wait`` seconds while
    another process writes the store before :class:`BusyError`."""
    path = Path(folder)
    return Workspace(path, config.load(path), read_only=read_only, wait=wait)
