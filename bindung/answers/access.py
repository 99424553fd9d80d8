"""How a view gets an answer: the stored one, with how current it is.

>>> got = get(Path("shop"), "fans", {}, lang="de")                    # doctest: +SKIP
>>> got.state, got.note                                               # doctest: +SKIP
('current', 'Berechnet 2026-12-07 03:10:11 UTC auf Datenstand 1a2b… (4.2 s).')

* A stored answer is returned as it is.  Whether it is still current is decided without the
  database when nothing changed since the last refresh (the store file's and ``bindung.toml``'s
  stamps equal those the refresh recorded); otherwise from the store's table versions
  (read-only, a few milliseconds).  A stale answer is still shown, with a note.
* ``fresh=True`` (``--fresh``) computes the answer now on the store and stores it.
* An answer that was never stored (a new workspace before its first refresh) or options that
  are not a stored variant (``bindung social --from 2026-01``) are computed now, and said so;
  a registered variant computed this way is stored for the next reader.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from bindung import config
from bindung.answers import refresh as refresh_mod
from bindung.answers.registry import Params, slug, spec
from bindung.answers.store import AnswerStore, Stored
from bindung.errors import BindungError
from bindung.i18n import tr
from bindung.report.tables import Section, document
from bindung.store import connection

State = Literal["current", "stale", "unknown", "computed", "adhoc"]


@dataclass
class Got:
    """An answer as a view gets it."""

    key: str
    section: Section
    document: dict[str, Any]
    state: State
    note: str


def store_stamp(folder: Path) -> list[Any]:
    """Modification stamps of ``bindung.toml`` and the DuckDB store (file and WAL)."""
    settings = config.load(folder)
    paths = [folder / config.CONFIG_FILE]
    if connection.is_duckdb(settings.store):
        store = connection.store_path(settings.store, folder)
        paths += [store, store.with_name(store.name + ".wal")]
    out: list[Any] = []
    for p in paths:
        try:
            st = p.stat()
            out.append([st.st_mtime_ns, st.st_size])
        except FileNotFoundError:
            out.append(None)
    return out


def state_of(folder: Path, found: Stored) -> State:
    """Is the stored answer computed from today's data and settings?"""
    store = AnswerStore(folder)
    recorded = store.state()
    if recorded.get("stamp") == store_stamp(folder) and found.fingerprint in set(
        recorded.get("fingerprints", [])
    ):
        return "current"
    settings = config.load(folder)
    if not connection.is_duckdb(settings.store):
        return "unknown"
    try:
        con = connection.connect(connection.store_path(settings.store, folder), read_only=True)
    except BindungError:  # an import is writing right now: we cannot tell
        return "unknown"
    try:
        versions = refresh_mod.table_versions(con)
    finally:
        con.close()
    values = refresh_mod.settings_values(settings)
    now = spec(found.key).fingerprint(found.params, versions, values)
    return "current" if now == found.fingerprint else "stale"


def note(found: Stored, state: State, lang: str) -> str:
    at = found.computed_at.replace("T", " ").replace("+00:00", " UTC")
    text = tr(lang, "Computed {at} on data version {version}.", at=at, version=found.data_version)
    if state == "stale":
        text += " " + tr(
            lang, "The data or settings changed since: `bindung refresh` updates it (or --fresh)."
        )
    return text


def get(
    folder: Path,
    key: str,
    params: Params | None = None,
    *,
    lang: str,
    fresh: bool = False,
    stored_variant: bool = True,
) -> Got:
    """The answer ``key`` for ``params`` (see the module docstring).  ``stored_variant=False``
    says the options are not a stored variant (computed now, not stored)."""
    folder = Path(folder)
    chosen = dict(params or {})
    the_spec = spec(key)
    if the_spec.per_language:
        chosen["lang"] = lang
    store = AnswerStore(folder)
    if not fresh and stored_variant:
        found = store.read(key, chosen)
        if found is not None:
            if found.section is None:
                raise BindungError(found.error or key)
            state = state_of(folder, found)
            return Got(key, found.section, found.document(), state, note(found, state, lang))
    return compute_now(folder, key, chosen, lang=lang, store_it=stored_variant)


def compute_now(folder: Path, key: str, params: Params, *, lang: str, store_it: bool) -> Got:
    """Compute the answer on the store now (read-only); store it when ``store_it`` and it is
    one of the variants a refresh stores."""
    from bindung.workspace import Workspace

    settings = config.load(folder)
    the_spec = spec(key)
    if connection.is_duckdb(settings.store):
        path = connection.store_path(settings.store, folder)
        if not path.exists():
            raise BindungError(f"{path}: the store does not exist; run `bindung init`")
        refresh_mod.connect_waiting(path, read_only=True).close()  # wait while an import writes
    ws = Workspace(folder, settings, read_only=True)
    started = time.perf_counter()
    try:
        if store_it:
            versions = (
                refresh_mod.table_versions(ws.con)
                if not ws.remote
                else {"remote": ws.data_version()}
            )
            registered = {slug(p) for p in refresh_mod.variants(the_spec, ws, ("de", "en"))}
            store_it = slug(params) in registered
        build_params = {k: v for k, v in params.items()}
        if not the_spec.per_language:
            build_params.pop("lang", None)
        section = refresh_mod.compute(the_spec, ws, build_params)
        if store_it:
            fp = the_spec.fingerprint(params, versions, refresh_mod.settings_values(settings))
            provenance = {
                "fingerprint": fp,
                "data_version": ws.data_version(),
                "computed_at": refresh_mod.now_text(),
                "seconds": round(time.perf_counter() - started, 3),
                "title": {"de": the_spec.title_de, "en": the_spec.title_en},
            }
            doc = AnswerStore(folder).write(key, params, provenance, section)
        else:
            doc = {
                "answer": {"key": key, "params": params, "computed_now": True},
                **document(section),
            }
    finally:
        ws.close()
    text = (
        tr(lang, "Computed now and stored.")
        if store_it
        else tr(lang, "Computed now for these options (not stored).")
    )
    return Got(key, section, doc, "computed" if store_it else "adhoc", text)
