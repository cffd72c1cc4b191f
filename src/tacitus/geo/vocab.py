"""The geo vocabularies, read from ``geo/data`` by strict loaders.

Each list lives once, in one file: stop words (``stop_hard.txt``, ``stop_soft.txt``), the unit
words written with place names (``units.tsv``), the type words inside subdivision names
(``subdivision_type_words.txt``), the location cues of :mod:`tacitus.geo.chains`
(``cues.tsv``) and the countries (``countries.tsv``, read by :mod:`tacitus.geo.countries`).
A missing, malformed or empty file raises :class:`~tacitus.errors.DataFileError` naming it.
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from pathlib import Path

from tacitus.errors import DataFileError

from .normalize import normalize_place_name

DATA_DIR = Path(__file__).resolve().parent / "data"
TIERS = ("site", "town", "part", "district", "province")


def read_words(name: str, directory: Path = DATA_DIR) -> frozenset[str]:
    """The non-comment lines of a word list, normalised; refuses an empty list."""
    path = directory / name
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise DataFileError(f"cannot read {path}: {exc}") from exc
    words = {normalize_place_name(x) for x in lines if x.strip() and not x.startswith("#")}
    words.discard("")
    if not words:
        raise DataFileError(f"{path.name}: empty word list")
    return frozenset(words)


def read_table(name: str, columns: tuple[str, ...], directory: Path = DATA_DIR) -> list[dict[str, str]]:
    """The rows of a tab-separated table with a header (``#`` lines are comments); every row
    must fill every named column; refuses an empty table."""
    path = directory / name
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            lines = [x for x in fh if x.strip() and not x.startswith("#")]
    except OSError as exc:
        raise DataFileError(f"cannot read {path}: {exc}") from exc
    reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    missing = [c for c in columns if c not in (reader.fieldnames or ())]
    if missing:
        raise DataFileError(f"{path.name}: missing columns {', '.join(missing)}")
    rows = []
    for n, row in enumerate(reader, start=2):
        if any(row.get(c) is None for c in columns) or not row[columns[0]].strip():
            raise DataFileError(f"{path.name}: row {n} is incomplete")
        rows.append({k: (v or "").strip() for k, v in row.items() if k is not None})
    if not rows:
        raise DataFileError(f"{path.name}: empty table")
    return rows


@dataclass(frozen=True)
class Unit:
    word: str  # as written, normalised ("local government area")
    kind: str  # normalised kind ("lga")
    tier: str  # town | part | district | province
    standin: bool  # a same-named town may stand in for it (old API)


@functools.lru_cache(maxsize=None)
def units(directory: Path = DATA_DIR) -> dict[str, Unit]:
    """Unit words by their normalised form."""
    out: dict[str, Unit] = {}
    for row in read_table("units.tsv", ("word", "kind", "tier", "standin"), directory):
        if row["tier"] not in TIERS or row["standin"] not in ("yes", "no"):
            raise DataFileError(f"units.tsv: bad tier or standin for {row['word']!r}")
        word = normalize_place_name(row["word"])
        if word in out:
            raise DataFileError(f"units.tsv: {row['word']!r} listed twice")
        out[word] = Unit(word, row["kind"], row["tier"], row["standin"] == "yes")
    return out


@functools.lru_cache(maxsize=None)
def hard_stop() -> frozenset[str]:
    return read_words("stop_hard.txt")


@functools.lru_cache(maxsize=None)
def soft_stop() -> frozenset[str]:
    return read_words("stop_soft.txt")


@functools.lru_cache(maxsize=None)
def held_words() -> frozenset[str]:
    """The second halves of "Houthi-held", "rebel-controlled"."""
    return read_words("held_words.txt")


def tier_of(kind: str | None) -> str | None:
    """The tier of a normalised unit kind ("village" -> town); a quarter is a part."""
    if kind == "quarter":
        return "part"
    return _tiers().get(kind or "")


@functools.lru_cache(maxsize=None)
def _tiers() -> dict[str, str]:
    out: dict[str, str] = {}
    for u in units().values():
        out.setdefault(u.kind, u.tier)
    return out


@functools.lru_cache(maxsize=None)
def directions() -> frozenset[str]:
    """Compass words ("north", "northern", "northeast"), one word each."""
    return frozenset(w for w in read_words("directions.txt") if " " not in w)


@functools.lru_cache(maxsize=None)
def subdivision_type_words() -> tuple[str, ...]:
    """Longest first, so that "autonomous region" goes before "region"."""
    return tuple(sorted(read_words("subdivision_type_words.txt"), key=len, reverse=True))
