"""Errors a user can act on.  Each message names what was wrong and what was expected."""

from __future__ import annotations


class BindungError(Exception):
    """Base class: the CLI prints the message and exits with status 2.

    Raised as ``BindungError(N_("text with {placeholders}"), **values)``, the message is the
    English text and :meth:`said` gives it in another language from the catalogue; raised with
    a finished text, :meth:`said` gives that text as it is."""

    def __init__(self, message: str = "", /, **values: object) -> None:
        super().__init__(message.format(**values) if values else message)
        self.msgid = message if values else None
        self.values = values

    def said(self, lang: str) -> str:
        """The message in ``lang`` (``de``/``en``)."""
        if self.msgid is None:
            return str(self)
        from bindung.i18n import tr

        return tr(lang, self.msgid, **self.values)


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
