"""The working record of the extractor: one frame per sentence that tells (or adds to) an
event, with its slots filled. Frames never leave ``extract``; ``merge`` groups them into
incidents and ``classify`` and ``build`` turn each group into an ``Event``."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..annotate import Sentence
from ..models import Evidence
from .slots.actors import Sides
from .slots.casualties import Toll
from .slots.date import DateHit
from .slots.place import PlaceHit
from .slots.targets import Harmed
from .slots.weapons import WeaponHit
from .triggers import TriggerHit


@dataclass
class Frame:
    sentence: Sentence
    hits: list[TriggerHit] = field(default_factory=list)  # the sentence's kept triggers
    trigger: TriggerHit | None = None  # the one whose frame the slots read (None: an add-on sentence)
    plural: bool = False  # plural triggers only ("attacks in Iran, Pakistan and Turkey")
    background: bool = False  # an earlier event recalled to set the scene
    apart: bool = False  # the text sets it apart from what came before ("in a separate attack")
    elsewhere: bool = False  # the text says it is recorded elsewhere ("is recorded separately")
    caption: bool = False
    date: DateHit | None = None
    date_sentence: Sentence | None = None  # where the date stands (a neighbour, in narratives)
    places: list[PlaceHit] = field(default_factory=list)
    place_sentence: Sentence | None = None
    countries: list[str] = field(default_factory=list)  # ISO codes of the places
    tolls: list[Toll] = field(default_factory=list)
    sides: Sides = field(default_factory=Sides)
    weapons: list[WeaponHit] = field(default_factory=list)
    harmed: Harmed = field(default_factory=Harmed)
    instrument: str | None = None  # the weapon that acts ("military helicopters fired on"): its kind

    @property
    def index(self) -> int:
        return self.sentence.index

    def keys(self) -> set[str]:
        return {h.key for h in self.hits}

    def dated(self) -> bool:
        return self.date is not None and self.date.value.precision in ("day", "month", "range")

    def placed(self) -> bool:
        return any(p.precision in ("venue", "town", "district", "province") and not p.dateline for p in self.places)

    def hurt(self) -> bool:
        """Someone was killed or injured (an explicit "no casualties" is not hurt)."""
        return any(t.kind in ("killed", "injured") and not t.elsewhere and t.low for t in self.tolls)

    def counted(self) -> bool:
        """A toll is told, a zero included."""
        return any(not t.elsewhere and (t.low or t.zero) for t in self.tolls)

    def bare(self) -> bool:
        """Nothing that pins the frame to one incident: no day or month, no place finer than
        a country, no casualty figure. Such a frame may join an event but never starts one."""
        return not (self.dated() or self.placed() or self.counted())

    def anchors(self) -> int:
        return sum(bool(x) for x in (self.dated(), self.places, self.counted(),
                                     self.sides.side_a or self.sides.claimed_by, self.sides.suspects))

    def evidence(self) -> list[Evidence]:
        """Evidence for every filled slot (article id filled in by the orchestrator)."""
        s = self.sentence
        out: list[Evidence] = []
        doc = s.span.doc
        if self.trigger is not None:
            out.append(_span_ev(s, doc[self.trigger.start:self.trigger.end], "type"))
        if self.date is not None:
            ds = self.date_sentence or s
            out.append(_span_ev(ds, ds.span.doc[self.date.start:self.date.end], "date"))
        ps = self.place_sentence or s
        for p in self.places:
            out.append(_span_ev(ps, ps.span.doc[p.start:p.end], "place"))
        for t in self.tolls:
            out.append(Evidence("", t.sentence, t.start, t.end, t.text, t.kind))
        for m, attr in self.sides.evidence:
            name = {"side_a": "perpetrators", "side_b": "targets"}.get(attr, attr)
            out.append(Evidence("", m.sentence, m.char_start, m.char_end, s.text, name))
        for w in self.weapons:
            out.append(Evidence("", s.index, w.start, w.end, s.text, "weapons"))
        return out


def _span_ev(sent: Sentence, span, name: str) -> Evidence:
    start, end = sent.offset(span)
    return Evidence("", sent.index, start, end, sent.text, name)
