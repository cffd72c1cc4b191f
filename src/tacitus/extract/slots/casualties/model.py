"""The casualty slot's records: one toll statement (``Toll``) and one event's figures
(``Casualties``)."""

from __future__ import annotations

from dataclasses import dataclass, field

KILLED, INJURED = "killed", "injured"
VICTIMS, ASSAILANTS, MIXED = "victims", "assailants", "mixed"


@dataclass(frozen=True)
class Toll:
    kind: str                 # "killed" | "injured"
    low: int | None
    high: int | None          # None: open ("at least N")
    group: str                # "victims" | "assailants" | "mixed"
    sentence: int             # Sentence.index
    start: int                # article offsets of the evidence span
    end: int
    text: str                 # the sentence text (for Evidence)
    coded: bool = False       # an ACLED "coded as N" figure: overrides all others
    zero: bool = False        # an explicit zero
    update: bool = False      # "the toll rose to N": replaces earlier figures of its kind
    elsewhere: bool = False   # a figure for a wider area or other events: not this event's
    subset: bool = False      # "Among the dead were 9 staff ...": inside another figure
    vague: bool = False       # no figure, only "several", "dozens", "many"
    # added fields
    superseded: bool = False  # "initial reports spoke of 43 dead": replaced by any other
    claimed: bool = False     # a side's claim of kills: used only when nothing else is said
    additive: bool = False    # "two others", "also": more victims than a figure said before
    category: str = ""        # the victims' head lemmas, "+"-joined ("soldier+civilian")
    generic: bool = False     # the figure counts everyone ("people", "fatalities")
    statement: int = -1       # the predicate's token index: tolls of one statement add up
    inside: int = 0           # assailants counted inside a mixed figure


@dataclass(frozen=True)
class Casualties:
    killed: tuple[int | None, int | None] | None
    injured: tuple[int | None, int | None] | None
    assailants_killed: int | None
    used: tuple[Toll, ...] = field(default_factory=tuple)
