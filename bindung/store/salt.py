"""The salt of the e-mail hashes: in the store, or in a file outside the workspace.

Imports store an e-mail address only as ``sha256(salt || lower(address))``.  That is
pseudonymisation, not anonymisation: whoever has the salt and the hashes can hash candidate
addresses (a customer list, guesses like firstname.lastname@provider) and recognise them.  By
default the salt lives in the store (``bindung_meta``), so a copied store keeps matching its
hashes; but then whoever has the workspace folder has both.

With ``BINDUNG_SALT_FILE`` set, the salt lives in that file (created when missing, mode 0600,
with the store's salt if it has one, else a new one) and is removed from the store the first
time the store is opened for writing (the store is then rewritten, so the salt's bytes are gone
from its file too).  Someone with only the workspace then cannot test candidates.  Every
process that imports or runs ``forget`` by address needs the variable; without it, a store
whose salt was moved out refuses rather than hash with another salt (docs/security.md).
"""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path

import duckdb

from bindung.errors import WorkspaceError
from bindung.i18n import tr

ENV = "BINDUNG_SALT_FILE"
_SALT = re.compile(r"[0-9a-f]{32,128}")


def file() -> Path | None:
    """The salt file named by ``$BINDUNG_SALT_FILE``, or None."""
    name = os.environ.get(ENV, "").strip()
    return Path(name).expanduser() if name else None


def stored(con: duckdb.DuckDBPyConnection) -> str | None:
    row = con.execute("SELECT value FROM bindung_meta WHERE key = 'email_salt'").fetchone()
    return str(row[0]) if row else None


def read(con: duckdb.DuckDBPyConnection, lang: str = "en") -> str:
    """The salt imports and ``forget`` hash with."""
    own = stored(con)
    path = file()
    if path is None:
        if own is None:
            raise WorkspaceError(
                tr(
                    lang,
                    "the e-mail salt of this workspace is kept outside it: set {env} to its "
                    "file (docs/security.md)",
                    env=ENV,
                )
            )
        return own
    outside = _read_or_create(path, own, lang)
    if own is not None and own != outside and _used(con):
        raise WorkspaceError(
            tr(
                lang,
                "{path}: this salt is not the one the workspace's e-mail hashes were made "
                "with; use the workspace's own salt file, or unset {env}",
                path=path,
                env=ENV,
            )
        )
    return outside


def move_out(con: duckdb.DuckDBPyConnection, lang: str = "en") -> bool:
    """With ``$BINDUNG_SALT_FILE`` set: make sure the file holds the salt and delete it from
    the store; True when it was deleted (the caller rewrites the store so its bytes go)."""
    if file() is None or stored(con) is None:
        return False
    read(con, lang)  # creates the file, or refuses a salt that does not match
    con.execute("DELETE FROM bindung_meta WHERE key = 'email_salt'")
    return True


def _used(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the store's own salt may have hashed something (any import so far)."""
    row = con.execute("SELECT count(*) FROM imports").fetchone()
    return bool(row and row[0])


def _read_or_create(path: Path, own: str | None, lang: str) -> str:
    try:
        text = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        text = ""
        value = own or secrets.token_hex(16)
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it meanwhile: read theirs
            return _read_or_create(path, own, lang)
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write(value + "\n")
        return value
    except (OSError, UnicodeDecodeError) as exc:
        raise WorkspaceError(f"{path}: {exc}") from None
    if not _SALT.fullmatch(text):
        raise WorkspaceError(
            tr(
                lang,
                "{path}: not a salt file (expected one line of 32 to 128 hexadecimal digits)",
                path=path,
            )
        )
    return text
