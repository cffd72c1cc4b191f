"""Stage 6: merge. Frames that tell the same incident join one cluster (one event).

* A short description (a coder's note, a wire item of one paragraph) tells one incident: all
  its frames join, add-on sentences (tolls, claims) included; the background is left out.
* In a full article, frames join when they agree on date, place and actors; a frame with
  nothing of its own ("the attack", "the group claimed it") joins the latest event within a few
  sentences (a claim or an accusation joins the latest event wherever it stands).
* Plural triggers over several countries ("attacks in Iran, Pakistan and Turkey") make
  country-level aggregates, one per country, that never merge with a specific attack.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..lang import GENERIC_ATTACK
from ..taxonomy import taxonomy
from .frame import Frame
from .intervals import interval, overlaps
from .timex import DateValue

# a frame with no date, place or figure only joins an event told this many sentences before it
ANAPHORA_WINDOW = 3


@dataclass
class Cluster:
    frames: list[Frame]

    @property
    def aggregate(self) -> bool:
        return self.frames[0].plural

    def told(self) -> list[Frame]:
        """Frames with a trigger (the add-on sentences of a short text have none)."""
        return [f for f in self.frames if f.trigger is not None]

    def date(self) -> DateValue | None:
        """The date of the earliest frame that gives one (the lead dates the event)."""
        for f in sorted(self.frames, key=lambda f: f.index):
            if f.date is not None:
                return f.date.value
        return None

    def countries(self) -> set[str]:
        return {c for f in self.frames for c in f.countries}

    def keys(self) -> set[str]:
        return {k for f in self.frames for k in f.keys()}


def split_aggregate(f: Frame) -> list[Frame]:
    if not (f.plural or len(f.countries) > 1):
        return [f]
    f.plural = True
    if len(f.countries) <= 1:
        return [f]
    return [replace(f, countries=[c], places=[p for p in f.places if p.country_code == c])
            for c in f.countries]


def _specific_keys(frames: list[Frame]) -> set[str]:
    return {k for f in frames for k in f.keys()} - {GENERIC_ATTACK}


def _families(keys: set[str]) -> set[str]:
    """The ACLED event types of trigger keys: a "bombing" and a "suicide bombing" are one
    kind of event, a "bombing" and a "protest" are not."""
    tax = taxonomy()
    out = set()
    for k in keys:
        sub = k if k in tax.sub_event_types else (tax.gtd_types[k].acled_sub_event_type if k in tax.gtd_types else None)
        out.add(tax.sub(sub).event_type if sub else k)
    return out


def _may_share(c: Cluster, f: Frame) -> bool:
    """The two tests every join passes: both single or both aggregate, and no two days apart."""
    if c.aggregate != f.plural:
        return False
    cd = c.date()
    fd = f.date.value if f.date is not None else None
    return cd is None or fd is None or overlaps(interval(cd), interval(fd))


def _compatible(c: Cluster, f: Frame, bare: bool = False) -> bool:
    if not _may_share(c, f):
        return False
    cd = c.date()
    fd = f.date.value if f.date is not None else None
    if bare:
        # a frame with nothing of its own ("the attack, claimed by ISIS, killed...") only has
        # to agree on the date; its incidental places and type do not pin it elsewhere
        return True
    keys, fkeys = _families(_specific_keys(c.frames)), _families(f.keys() - {GENERIC_ATTACK})
    if keys and fkeys and not keys & fkeys and (cd is None or fd is None):
        return False  # different kinds of attack, and no date to say they are one
    cc, fc = c.countries(), set(f.countries)
    if cc and fc and not cc & fc:
        return False
    if c.aggregate:
        return bool(cc & fc) or not fc
    # two specific frames are one attack unless their places disagree at town level
    towns = {p.name.lower() for x in c.frames for p in x.places if p.precision == "town" and not p.dateline}
    f_towns = {p.name.lower() for p in f.places if p.precision == "town" and not p.dateline}
    return not (towns and f_towns and not towns & f_towns)


def keep(c: Cluster) -> bool:
    """A cluster is an event when it pins an incident down."""
    if c.aggregate:
        return bool(c.countries())
    told = c.told()
    if not told:
        return False
    anchors = max(f.anchors() for f in c.frames)
    specific = any(f.dated() or f.placed() or f.counted() for f in c.frames)
    known = bool(_specific_keys(told))
    if all(h.weak for f in told for h in f.hits) and not any(f.hurt() for f in c.frames):
        return False  # "the operation", "the violence": told only by weak words, and no toll
    return specific and anchors >= (1 if known else 2)


def _joins_short(c: Cluster, f: Frame) -> bool:
    """In a short description a frame tells the same incident unless the text sets it apart:
    another day, or a word such as "separate" or "elsewhere" ("In a separate attack, ...")."""
    if not _may_share(c, f):
        return False
    if c.aggregate and c.countries() and f.countries and not c.countries() & set(f.countries):
        return False  # one aggregate per country
    return not f.apart


def merge(frames: list[Frame], short: bool = False) -> list[Cluster]:
    """Frames into incidents. ``short``: the text is a short description, whose add-on
    sentences (tolls, claims, suspects) and bare mentions belong to the incident it tells
    wherever they stand, and whose incident needs no further anchor to be kept."""
    clusters: list[Cluster] = []
    pending: list[Frame] = []  # a short text's add-on sentences told before its first trigger
    for f in frames:
        if f.background:
            continue
        weak = bool(f.hits) and all(h.weak for h in f.hits) and not f.hurt()
        if f.trigger is None or (f.bare() and not f.plural) or (weak and not short):
            # an add-on or a bare mention joins an event, never starts one
            target = next((c for c in reversed(clusters) if (short or keep(c)) and _compatible(c, f, bare=True)), None)
            if target is None and short and f.trigger is not None:
                clusters.append(Cluster([*pending, f]))
                pending = []
                continue
            if target is None and short:
                pending.append(f)
                continue
            near = target is not None and (short or f.sides.claimed_by or f.sides.suspects
                                           or f.index - target.frames[-1].index <= ANAPHORA_WINDOW)
            if near:
                target.frames.append(f)
            continue
        joins = _joins_short if short else _compatible
        target = next((c for c in reversed(clusters) if joins(c, f)), None)
        if target is None:
            clusters.append(Cluster([*pending, f]))
            pending = []
        else:
            target.frames.append(f)
    return [c for c in clusters if (short and c.told()) or keep(c)]
