"""The error hierarchy and the coded reasons, kept in one place.

Every error that reaches a user carries a one-line reason. A document that cannot be stored
is rejected with a :class:`Code` (``E105``) and a line naming it::

    inbox/feed.jsonl#12: [E105] JSON nested deeper than 100 levels

Codes are grouped by where they arise: ``E1xx`` reading and decoding an input (ingest),
``E2xx`` cleaning and extracting it, ``E3xx`` values refused at the store's edge, ``E4xx``
serving and review, ``E9xx`` internal errors (a bug or a broken environment: the document is
named, the batch goes on, the exit code says so). Codes are never renumbered; a retired
code stays listed. ``tacitus ingest`` exits with one of ``EXIT_*`` (documented in the README).
"""

from __future__ import annotations

from dataclasses import dataclass

# --- exit codes of the command line ----------------------------------------------------------

EXIT_OK = 0  # every input stored (or already stored)
EXIT_REJECTED = 1  # some inputs rejected with a coded reason; the rest stored
EXIT_USAGE = 2  # bad command line (click's own usage errors exit 2 as well)
EXIT_INTERNAL = 3  # an internal error: a bug (named with its document) or a broken database


@dataclass(frozen=True)
class Code:
    """A coded reason: ``code`` (``E105``), whether it is ``internal`` (a bug, not bad
    input), and a message template filled by :meth:`format`."""

    code: str
    template: str
    internal: bool = False

    def format(self, **values: object) -> str:
        return f"[{self.code}] " + (self.template.format(**values) if values else self.template)

    def __str__(self) -> str:
        return self.code


class Codes:
    """Every coded reason. ``Codes.E105.format(depth=100)`` -> ``"[E105] JSON nested ..."``."""

    # E1xx: reading and decoding an input
    E100 = Code("E100", "{reason}")  # an input error without a more specific code
    E101 = Code("E101", "not found")
    E102 = Code("E102", "cannot read: {reason}")
    E103 = Code("E103", "{reason}")  # too large (size limit)
    E104 = Code("E104", "{reason}")  # empty or only whitespace
    E105 = Code("E105", "JSON nested deeper than {depth} levels")
    E106 = Code("E106", "JSON number with more than {digits} digits")
    E107 = Code("E107", "{reason}")  # malformed JSON
    E108 = Code("E108", "{reason}")  # a JSON record without usable fields
    E109 = Code("E109", "{reason}")  # binary data
    E110 = Code("E110", "{reason}")  # no text encoding fits
    E111 = Code("E111", "not a regular file")
    E112 = Code("E112", "no {suffixes} files in directory")
    E113 = Code("E113", "duplicate of {first}")
    E114 = Code("E114", "{reason}")  # a WARC record that cannot be read (malformed, truncated)

    # E2xx: cleaning and extracting
    E201 = Code("E201", "{reason}")  # the cleaner found no article text
    E202 = Code("E202", "no article text found after cleaning")

    # E3xx: the store's edge
    E301 = Code("E301", "{reason}")  # the extraction refers to something that does not exist
    E302 = Code("E302", "{reason}")  # a value out of range or not finite, refused

    # E4xx: serving and review
    E401 = Code("E401", "{reason}")  # an upload job could not be run

    # E9xx: internal errors (a bug, or the environment): the document is named, the batch goes on
    E901 = Code("E901", "internal error while {stage}: {error}", internal=True)
    E902 = Code("E902", "internal error: the worker process died while extracting", internal=True)
    E903 = Code("E903", "database error: {error}", internal=True)

    @classmethod
    def all(cls) -> dict[str, Code]:
        return {k: v for k, v in vars(cls).items() if isinstance(v, Code)}


def one_line(text: object, limit: int = 300) -> str:
    """``text`` on one line, at most ``limit`` characters (an exception message can hold a
    whole article)."""
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


class TacitusError(Exception):
    """Base class for errors tacitus reports to the user."""

    code: Code | None = None


class InputError(TacitusError):
    """An input file or record cannot be processed (unreadable, empty, binary, too large...)."""

    def __init__(self, source: str, reason: str, code: Code | None = None):
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason
        self.code = code


class DataFileError(TacitusError):
    """A bundled vocabulary or gazetteer file is missing, empty or malformed."""


class StoreError(TacitusError):
    """The database cannot be opened or written."""

    def __init__(self, message: str, code: Code | None = None):
        super().__init__(message)
        self.code = code


class ValueRefused(StoreError):
    """A value that may not be stored: not finite, out of range, not a real date."""

    def __init__(self, message: str):
        super().__init__(message, Codes.E302)


class DataUnavailable(TacitusError):
    """An evaluation data set is not where it was expected."""
