"""Casualty slot (interim): toll statements of a sentence and their combination into one
event's figures. This first version reads figures with the sentence patterns of
``extract.casualties``; the casualty grammar replaces it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ...annotate import Sentence
from ...lang import LanguagePack
from ..casualties import find_counts


@dataclass(frozen=True)
class Toll:
    kind: str  # "killed" | "injured"
    low: int | None
    high: int | None
    group: str  # "victims" | "assailants" | "mixed"
    sentence: int
    start: int
    end: int
    text: str
    coded: bool = False
    zero: bool = False
    update: bool = False
    elsewhere: bool = False
    subset: bool = False
    vague: bool = False


@dataclass(frozen=True)
class Casualties:
    killed: tuple[int | None, int | None] | None
    injured: tuple[int | None, int | None] | None
    assailants_killed: int | None
    used: tuple[Toll, ...]


def tolls_in(sentence: Sentence, pack: LanguagePack | None = None) -> list[Toll]:
    return [Toll(c.kind, c.low, c.high, "victims", sentence.index, sentence.start + c.start,
                 sentence.start + c.end, sentence.text) for c in find_counts(sentence.text)]


def combine(tolls: Sequence[Toll]) -> Casualties:
    """The highest figure of each kind (a later toll is usually an update)."""
    killed = max((t for t in tolls if t.kind == "killed"), key=lambda t: t.low or 0, default=None)
    injured = max((t for t in tolls if t.kind == "injured"), key=lambda t: t.low or 0, default=None)
    used = tuple(t for t in (killed, injured) if t is not None)
    return Casualties((killed.low, killed.high) if killed else None,
                      (injured.low, injured.high) if injured else None, None, used)
