"""Bindung: customer retention (Kundenbindung) and what it is worth.

The Python API for analysts::

    import bindung
    ws = bindung.open("shop")                    # or bindung.init("shop")
    ws.import_file("orders", "bestellungen.csv")
    ws.table("orders").to_pandas()               # an Ibis table
"""

from bindung.errors import (
    BindungError,
    BusyError,
    ImportRefused,
    InputFileError,
    MappingError,
    WorkspaceError,
)
from bindung.ingest.load import ImportResult
from bindung.workspace import Workspace, init
from bindung.workspace import open_workspace as open

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
