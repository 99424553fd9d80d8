"""Errors a user can act on.  Each message names what was wrong and what was expected."""

from __future__ import annotations


class BindungError(Exception):
    """Base class: the CLI prints the message and exits with status 2."""


class WorkspaceError(BindungError):
    """The workspace folder or its settings are missing or invalid."""


class BusyError(BindungError):
    """Another process holds the workspace's store for writing."""


class InputFileError(BindungError):
    """A file cannot be read at all (empty, binary, unknown format, no header)."""


class MappingError(BindungError):
    """Required fields of a table cannot be found among a file's columns."""


class ImportRefused(BindungError):
    """``--strict``: one bad row refuses the whole file.  ``result`` holds the counts."""

    def __init__(self, message: str, result: object) -> None:
        super().__init__(message)
        self.result = result
