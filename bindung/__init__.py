"""Bindung: customer retention (Kundenbindung) and what it is worth.

The Python API for analysts::

    import bindung
    ws = bindung.open("shop")                    # or bindung.init("shop")
    ws.import_file("orders", "bestellungen.csv")
    ws.table("orders").to_pandas()               # an Ibis table
"""

import os
from typing import TYPE_CHECKING, Any

# NumPy asks Linux for transparent huge pages for every array of 4 MiB or more; a fresh
# process then waits for the kernel to assemble them, and the comparisons on a
# million-customer panel took a fifth longer (bench/RESULTS.md, "Huge pages").  Off unless
# the user sets the variable; it only takes effect when numpy is imported after bindung
# (https://numpy.org/doc/stable/reference/global_state.html).
os.environ.setdefault("NUMPY_MADVISE_HUGEPAGE", "0")

from bindung.errors import (
    BindungError,
    BusyError,
    ImportRefused,
    InputFileError,
    MappingError,
    WorkspaceError,
)

if TYPE_CHECKING:
    from bindung.ingest.load import ImportResult
    from bindung.workspace import Workspace, init
    from bindung.workspace import open_workspace as open

_LAZY = {
    "ImportResult": ("bindung.ingest.load", "ImportResult"),
    "Workspace": ("bindung.workspace", "Workspace"),
    "init": ("bindung.workspace", "init"),
    "open": ("bindung.workspace", "open_workspace"),
}

__version__ = "0.1.0"

__all__ = [
    "BindungError",
    "BusyError",
    "ImportRefused",
    "ImportResult",
    "InputFileError",
    "MappingError",
    "Workspace",
    "WorkspaceError",
    "__version__",
    "init",
    "open",
]


def __getattr__(name: str) -> Any:
    """The workspace API, imported on first use (reading a stored answer needs neither the
    query engine nor the importer)."""
    import importlib

    if name in _LAZY:
        module, attr = _LAZY[name]
        return getattr(importlib.import_module(module), attr)
    raise AttributeError(f"module 'bindung' has no attribute {name!r}")
