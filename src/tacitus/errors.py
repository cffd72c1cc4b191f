"""The error hierarchy. Every error that reaches a user carries a one-line reason."""

from __future__ import annotations


class TacitusError(Exception):
    """Base class for errors tacitus reports to the user."""


class InputError(TacitusError):
    """An input file or record cannot be processed (unreadable, empty, binary, too large...)."""

    def __init__(self, source: str, reason: str):
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class DataFileError(TacitusError):
    """A bundled vocabulary or gazetteer file is missing, empty or malformed."""


class StoreError(TacitusError):
    """The database cannot be opened or written."""


class DataUnavailable(TacitusError):
    """An evaluation data set is not where it was expected."""
