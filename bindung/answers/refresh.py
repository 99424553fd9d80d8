"""``bindung refresh``: compute every answer that is out of date and store it.

>>> outcomes = refresh(Path("shop"))                                # doctest: +SKIP
>>> [(o.key, o.status, round(o.seconds, 1)) for o in outcomes]       # doctest: +SKIP

How it never blocks anybody:

1. It takes a **snapshot** of the store: it opens the DuckDB file read-only (waiting while an
   import writes), reads the table versions, copies the file, and lets go — a fraction of a
   second.  Everything else runs on the copy, so imports, ``goal set`` and every read command
   work while a refresh computes.
2. Answers are written one by one, atomically (:mod:`bindung.answers.store`); readers see
   either the old or the new document.
3. One refresh runs at a time per workspace (a lock file); a second one waits for it.

An answer is *current* when its stored fingerprint equals the one computed from today's table
versions, settings and parameters (:meth:`Spec.fingerprint`); ``force`` recomputes anyway.
"""

from __future__ import annotations

import contextlib
import fcntl
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from bindung import config
from bindung.answers.registry import Params, Spec, all_specs, slug
from bindung.answers.store import AnswerStore
from bindung.config import Settings
from bindung.errors import BindungError
from bindung.store import connection, schema

if TYPE_CHECKING:
    from bindung.store.protocol import Store

Status = Literal["computed", "current", "failed", "unavailable"]
#: Bookkeeping tables an answer may depend on, besides the canonical ones.
BOOKKEEPING = ("imports", "rejects", "bindung_models")


@dataclass
class Outcome:
    """What the refresh did with one answer variant."""

    key: str
    params: Params
    status: Status
    seconds: float = 0.0
    message: str = ""


@dataclass
class Plan:
    """The answers of a workspace with their fingerprints for the current data."""

    data_version: str
    versions: dict[str, Any]
    items: list[tuple[Spec, Params, str, bool]]  # spec, params, fingerprint, current?

    @property
    def stale(self) -> list[tuple[Spec, Params, str, bool]]:
        return [item for item in self.items if not item[3]]


def table_versions(con: Any) -> dict[str, Any]:
    """A version per table: its row count and the last import into it (plus the stored CLV
    fit and the import log).  An import, ``goal set`` or ``forget`` changes the versions of
    exactly the tables it wrote."""
    names = [t.name for t in schema.TABLES]
    union = " UNION ALL ".join(f"SELECT '{n}' AS name, count(*) AS n FROM {n}" for n in names)
    counts = {str(n): int(c) for n, c in con.execute(union).fetchall()}
    last = {
        str(k): int(i)
        for k, i in con.execute("SELECT kind, max(import_id) FROM imports GROUP BY kind").fetchall()
    }
    versions: dict[str, Any] = {n: [counts[n], last.get(n, 0)] for n in names}
    row = con.execute("SELECT count(*), coalesce(max(import_id), 0) FROM imports").fetchone()
    versions["imports"] = list(row) if row else [0, 0]
    row = con.execute("SELECT count(*) FROM rejects").fetchone()
    versions["rejects"] = [int(row[0]) if row else 0, versions["imports"][1]]
    row = con.execute("SELECT max(fitted_at), max(data_version) FROM bindung_models").fetchone()
    versions["bindung_models"] = [str(v) for v in row] if row else None
    return versions


def settings_values(settings: Settings) -> dict[str, Any]:
    return asdict(settings)


def now_text() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def variants(spec: Spec, ws: Store, langs: tuple[str, ...]) -> list[Params]:
    """The parameter sets stored for ``spec`` (per language for per-language answers)."""
    base = spec.variants(ws)
    if not spec.per_language:
        return base
    return [{**p, "lang": lang} for p in base for lang in langs]


def plan(
    ws: Store, store: AnswerStore, versions: dict[str, Any], *, only: list[str] | None = None
) -> Plan:
    """Every answer variant with its fingerprint and whether the stored one is current."""
    values = settings_values(ws.settings)
    stored = {(e["key"], slug(e["params"])): e.get("fingerprint") for e in store.entries()}
    items = []
    for spec in all_specs():
        if only and spec.key not in only:
            continue
        for params in variants(spec, ws, ("de", "en")):
            fp = spec.fingerprint(params, versions, values)
            items.append((spec, params, fp, stored.get((spec.key, slug(params))) == fp))
    return Plan(ws.data_version(), versions, items)


@contextlib.contextmanager
def refresh_lock(store: AnswerStore, *, wait: bool = True) -> Iterator[bool]:
    """Hold the workspace's refresh lock (True), or yield False without waiting."""
    store.root.mkdir(parents=True, exist_ok=True)
    with open(store.root / ".refresh.lock", "w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def connect_waiting(path: Path, *, read_only: bool, wait_seconds: float = 120.0) -> Any:
    """Connect to the store, waiting while another process writes it."""
    return connection.connect(path, read_only=read_only, wait=wait_seconds)


@contextlib.contextmanager
def live(folder: Path, settings: Settings) -> Iterator[tuple[Any, dict[str, Any]]]:
    """The store itself, read-only, for answers that take milliseconds (the import log after
    an import): writers wait for it as for any reader."""
    from bindung.answers.access import store_stamp
    from bindung.workspace import Workspace

    ws = Workspace(folder, settings, read_only=True, wait=120.0)
    try:
        versions: dict[str, Any] = (
            table_versions(ws.con) if not ws.remote else {"remote": ws.data_version()}
        )
        versions["_stamp"] = store_stamp(folder)
        yield ws, versions
    finally:
        ws.close()


@contextlib.contextmanager
def snapshot(
    folder: Path, settings: Settings, store: AnswerStore
) -> Iterator[tuple[Any, dict[str, Any]]]:
    """A workspace on a copy of the store (and the table versions of that copy)."""
    from bindung.workspace import Workspace

    if not connection.is_duckdb(settings.store):
        ws = Workspace(folder, settings)
        try:
            yield ws, {"remote": ws.data_version()}
        finally:
            ws.close()
        return
    source = connection.store_path(settings.store, folder)
    if not source.exists():
        raise BindungError(f"{source}: the store does not exist; run `bindung init`")
    target_dir = store.root / ".snapshot"
    shutil.rmtree(target_dir, ignore_errors=True)
    target_dir.mkdir(parents=True)
    target = target_dir / "store.duckdb"
    from bindung.answers.access import store_stamp

    con = connect_waiting(source, read_only=True)
    try:  # while this read-only connection is open, no process writes the file
        versions = table_versions(con)
        versions["_stamp"] = store_stamp(folder)
        shutil.copyfile(source, target)
        wal = source.with_name(source.name + ".wal")
        if wal.exists():
            shutil.copyfile(wal, target.with_name(target.name + ".wal"))
    finally:
        con.close()
    ws = Workspace(folder, replace(settings, store=f"duckdb:///{target.resolve()}"))
    try:
        yield ws, versions
    finally:
        ws.close()
        shutil.rmtree(target_dir, ignore_errors=True)


def compute(spec: Spec, ws: Store, params: Params) -> Any:
    """Build one answer variant on ``ws`` (in the variant's language, if it has one).  Outside
    a refresh the build gets its own ``memo`` (intermediate results it needs twice are made
    once)."""
    build_params = dict(params)
    lang = build_params.pop("lang", None)
    before = ws.settings
    own_memo = getattr(ws, "memo", None) is None
    if own_memo:
        ws.memo = {}
    _kept_fit(ws)
    if lang is not None:
        ws.settings = replace(before, locale="de_DE" if lang == "de" else "en_GB")
    try:
        return spec.build(ws, **build_params)
    finally:
        ws.settings = before
        if own_memo:
            ws.memo = None


#: The memo key of the default CLV fit (:func:`bindung.models.workflow.current`).
FIT_KEY = ("clv_fit",)


def _kept_fit(ws: Store) -> None:
    """Put the CLV fit the last refresh kept (:meth:`AnswerStore.write_fit`) into the memo
    when it was made on the same data and in the same time zone, so that an answer computed
    on its own uses that fit instead of fitting again (looked at once per memo)."""
    memo = ws.memo
    if memo is None or FIT_KEY in memo or ("kept_fit_checked",) in memo:
        return
    memo[("kept_fit_checked",)] = True
    from bindung.models import workflow

    doc = AnswerStore(ws.folder).read_fit()
    if doc is None or doc.get("timezone") != ws.settings.timezone:
        return
    if doc.get("data_version") != ws.data_version():
        return
    memo[FIT_KEY] = workflow.from_document(doc)


def _keep_fit(store: AnswerStore, ws: Store) -> None:
    """Keep the default CLV fit this refresh made or used (see :func:`_kept_fit`)."""
    from bindung.models import workflow

    result = (ws.memo or {}).get(FIT_KEY)
    if isinstance(result, workflow.ClvFit):
        store.write_fit({**workflow.to_document(result), "timezone": ws.settings.timezone})


def store_one(
    store: AnswerStore,
    spec: Spec,
    ws: Store,
    params: Params,
    fingerprint: str,
    data_version: str,
) -> Outcome:
    """Compute and store one variant; a :class:`BindungError` (the data do not allow the
    answer) is stored as the answer's message."""
    started = time.perf_counter()
    section, error, status = None, None, "computed"
    try:
        section = compute(spec, ws, params)
    except BindungError as exc:
        error, status = str(exc), "unavailable"
    seconds = time.perf_counter() - started
    provenance = {
        "fingerprint": fingerprint,
        "data_version": data_version,
        "computed_at": now_text(),
        "seconds": round(seconds, 3),
        "title": {"de": spec.title_de, "en": spec.title_en},
    }
    store.write(spec.key, params, provenance, section, error)
    return Outcome(spec.key, params, status, seconds, error or "")  # type: ignore[arg-type]


def refresh(
    folder: Path,
    *,
    only: list[str] | None = None,
    force: bool = False,
    on_start: Callable[[Plan], None] | None = None,
    on_done: Callable[[Outcome], None] | None = None,
    wait: bool = True,
    on_store: bool = False,
) -> list[Outcome]:
    """Compute and store every answer that is out of date (all with ``force``).

    ``only`` limits it to some answer keys; ``on_start`` gets the plan, ``on_done`` each
    outcome as it happens (the CLI's progress bar).  With ``wait=False`` a refresh that is
    already running makes this return ``[]`` at once.  ``on_store`` computes on the store
    itself instead of a snapshot (for cheap answers such as ``imports`` right after a write).
    """
    folder = Path(folder)
    settings = config.load(folder)
    store = AnswerStore(folder)
    if only:
        known = {s.key for s in all_specs()}
        unknown = [k for k in only if k not in known]
        if unknown:
            raise BindungError(
                f"unknown answer {', '.join(unknown)}; expected some of {', '.join(sorted(known))}"
            )
    from threadpoolctl import threadpool_limits

    outcomes: list[Outcome] = []
    with threadpool_limits(limits=1, user_api="blas"):  # decision 0008: faster on 2 cores
        _run(folder, settings, store, only, force, on_start, on_done, wait, on_store, outcomes)
    return outcomes


def _run(
    folder: Path,
    settings: Settings,
    store: AnswerStore,
    only: list[str] | None,
    force: bool,
    on_start: Callable[[Plan], None] | None,
    on_done: Callable[[Outcome], None] | None,
    wait: bool,
    on_store: bool,
    outcomes: list[Outcome],
) -> None:
    """The refresh itself (see :func:`refresh`); appends to ``outcomes``."""
    # a partial refresh on the store itself (milliseconds) does not queue behind a full one
    lock = contextlib.nullcontext(True) if on_store else refresh_lock(store, wait=wait)
    with lock as held:
        if not held:
            return
        source = live(folder, settings) if on_store else snapshot(folder, settings, store)
        with source as (ws, versions):
            ws.memo = {}
            work = plan(ws, store, versions, only=only)
            if on_start is not None:
                on_start(work)
            for spec, params, fp, current in work.items:
                if current and not force:
                    outcome = Outcome(spec.key, params, "current")
                else:
                    try:
                        outcome = store_one(store, spec, ws, params, fp, work.data_version)
                    except Exception as exc:  # a bug: report it, keep the other answers
                        outcome = Outcome(spec.key, params, "failed", 0.0, repr(exc))
                outcomes.append(outcome)
                if on_done is not None:
                    on_done(outcome)
            _keep_fit(store, ws)
            if on_store:  # a partial refresh: the last full refresh's record stays
                return
            store.write_state(
                {
                    "refreshed_at": now_text(),
                    "data_version": work.data_version,
                    "stamp": versions.pop("_stamp", None),
                    "fingerprints": [fp for _, _, fp, _ in work.items],
                    "versions": versions,
                    "answers": len(work.items),
                    "computed": sum(o.status in ("computed", "unavailable") for o in outcomes),
                    "failed": [
                        f"{o.key} {slug(o.params)}: {o.message}"
                        for o in outcomes
                        if o.status == "failed"
                    ],
                }
            )


def stale(folder: Path) -> list[tuple[str, Params]]:
    """The answer variants whose stored result is out of date or missing (reads the store's
    table versions read-only; for the import summary and ``bindung answers``)."""
    from bindung.workspace import Workspace

    folder = Path(folder)
    settings = config.load(folder)
    store = AnswerStore(folder)
    ws = Workspace(folder, settings, read_only=True)
    try:
        versions = table_versions(ws.con) if not ws.remote else {"remote": ws.data_version()}
        work = plan(ws, store, versions)
    finally:
        ws.close()
    return [(spec.key, params) for spec, params, _, _ in work.stale]
