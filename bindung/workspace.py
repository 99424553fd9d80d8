"""A workspace: a folder with ``bindung.toml`` and its store.

>>> ws = bindung.init("shop")                 # doctest: +SKIP
>>> ws.import_file("orders", "orders.csv")    # doctest: +SKIP
>>> ws.table("orders").to_pandas()            # doctest: +SKIP

The workspace holds the store's only connection in this process.  Importing needs the store
for writing; DuckDB allows one writing process per file, so a second one gets ``BusyError``.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from bindung import config
from bindung.config import Settings
from bindung.errors import WorkspaceError
from bindung.i18n import t
from bindung.ingest import load
from bindung.ingest.load import ImportOptions, ImportResult
from bindung.metrics import run as metrics_run
from bindung.store import backends, connection, migrations, schema


@dataclass(frozen=True)
class ForgetResult:
    customer_id: str
    rows: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.rows.values())


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
        elif migrations.current_version(con) != migrations.SCHEMA_VERSION:
            raise WorkspaceError(
                f"{path}: the store needs a migration; open it once for writing "
                "(e.g. `bindung status`)"
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
        return self._ibis.table(name)

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
        """ROI of the social-media measures, or with ``clv``, ``kept`` and ``cost`` the seeds'
        formula for one measure (:func:`bindung.report.fans.roi_section`)."""
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
        """The spend split against the seeds' rule, the business phase and the what-if of
        ``points`` more retention from the fitted model
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
        opts = ImportOptions(kind=kind, **options)
        return load.run(self.con, table, Path(file), opts, self._context())

    def forget(self, customer_id: str) -> ForgetResult:
        """GDPR erasure: delete ``customer_id`` from every table (one transaction).

        Rows that merely mention the customer as referrer target keep the event but lose the
        id; rejected raw rows that contain the id are deleted too.
        """
        self._writable()
        rows: dict[str, int] = {}
        self.con.execute("BEGIN TRANSACTION")
        try:
            for t in schema.TABLES:
                for col in t.customer_columns:
                    if col == "referred_customer_id":
                        n = self._changes(
                            f"UPDATE {t.name} SET referred_customer_id = NULL "
                            "WHERE referred_customer_id = ?",
                            [customer_id],
                        )
                        if n:
                            rows[f"{t.name} (referral link removed)"] = n
                        continue
                    n = self._changes(f"DELETE FROM {t.name} WHERE {col} = ?", [customer_id])
                    if n:
                        rows[t.name] = rows.get(t.name, 0) + n
            n = self._changes(
                "DELETE FROM rejects WHERE regexp_matches(raw, ?)",
                [r"(^|[^0-9A-Za-z_])" + re.escape(customer_id) + r"($|[^0-9A-Za-z_])"],
            )
            if n:
                rows["rejects"] = n
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        self.con.execute("CHECKPOINT")  # do not keep the deleted rows in the WAL
        return ForgetResult(customer_id, rows)

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
        row = self.con.execute("SELECT value FROM bindung_meta WHERE key = 'email_salt'").fetchone()
        salt = str(row[0]) if row else ""
        return load.Context(
            timezone=self.settings.timezone,
            currency=self.settings.currency.upper(),
            salt=salt,
            lang=self.settings.lang,
            now=load.now_utc(),
        )


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
