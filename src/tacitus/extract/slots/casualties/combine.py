"""Combining the toll statements of one event's sentences into its killed and injured
figures, by the codebook rules (GTD and ACLED; the numbers recur as comments in the code):

C1. A coded figure overrides every other killed figure (ACLED).
C2. Figures ``elsewhere`` (a wider area, other events, a related attack coded apart) and
    ``subset`` figures are dropped; ``superseded`` and ``claimed`` figures are used only when
    nothing else of their kind is said.
C3. An ``update`` replaces the earlier victims figures of its kind (the last update wins).
C4. The same category said twice is not added: the first victims statement is the figure and a
    later one adds only when it says it is more ("two others", "also") or counts a different,
    specific category (soldiers after civilians); a generic figure ("people", "fatalities")
    never adds to another. Statements of one predicate always add (they are one list).
C5. The assailants' stated deaths are added (GTD counts perpetrators in the killed figure) and
    kept apart as ``assailants_killed``, unless a victims figure is ``mixed`` ("including the
    bomber" is already inside). A suicide bomber whose death is only implied is not added.
C6. A vague word keeps its range ("several" = (3, 9)) but never overrides a stated figure.
C7. An explicit zero gives (0, 0) for what it covers, when nothing else of that kind is said.
C8. Ranges add bound by bound; an open maximum ("at least 30") stays open.
"""

from __future__ import annotations

from typing import Iterable, Sequence

from .model import ASSAILANTS, INJURED, KILLED, MIXED, VICTIMS, Casualties, Toll


def _sum(tolls: Iterable[Toll]) -> tuple[int | None, int | None]:
    lo: int | None = 0
    hi: int | None = 0
    for t in tolls:
        lo = None if lo is None or t.low is None else lo + t.low
        hi = None if hi is None or t.high is None else hi + t.high
    return lo, hi


def _statements(tolls: list[Toll]) -> list[list[Toll]]:
    out: dict[tuple[int, int], list[Toll]] = {}
    for t in tolls:
        out.setdefault((t.sentence, t.statement if t.statement >= 0 else -t.start), []).append(t)
    return list(out.values())


def _pick(stated: list[Toll]) -> list[Toll]:
    """C3-C4: the figures of one group that add up."""
    updates = [t for t in stated if t.update]
    if updates:
        last = updates[-1]
        stated = [last] + [t for t in stated if t.sentence > last.sentence or
                           (t.sentence == last.sentence and t.start > last.start and t.additive)]
    chosen: list[Toll] = []
    for st in _statements(stated):
        if not chosen:
            chosen.extend(st)
            continue
        if any(t.statement == st[0].statement and t.sentence == st[0].sentence for t in chosen):
            chosen.extend(st)  # one statement's parts are one list
            continue
        additive = any(t.additive for t in st)
        distinct = not any(t.generic for t in chosen + st) and \
            not set(_cats(chosen)) & set(_cats(st))
        if additive or distinct:
            chosen.extend(st)
    return chosen


def _cats(tolls: list[Toll]) -> list[str]:
    return [c for t in tolls for c in t.category.split("+") if c]


def _kind(tolls: list[Toll], kind: str) -> tuple[tuple[int | None, int | None] | None, int | None, list[Toll]]:
    mine = [t for t in tolls if t.kind == kind]
    # C1: the coded figure wins
    coded = [t for t in mine if t.coded]
    if coded:
        return (coded[0].low, coded[0].high), None, [coded[0]]
    # C2: other events, subsets out; superseded and claimed figures only when alone
    mine = [t for t in mine if not t.elsewhere and not t.subset]
    figures = [t for t in mine if not t.zero]
    firm = [t for t in figures if not t.superseded and not t.claimed]
    figures = firm or figures
    # C6: vague words never override a stated figure
    stated = [t for t in figures if not t.vague]
    if not stated:
        vague = [t for t in figures if t.vague]
        if vague:
            return (vague[0].low, vague[0].high), None, [vague[0]]
        # C7: explicit zeros
        zeros = [t for t in mine if t.zero]
        return ((0, 0), None, [zeros[0]]) if zeros else (None, None, [])
    # C3, C4: one figure per category; C5: the assailants added unless inside a mixed figure
    victims = _pick([t for t in stated if t.group in (VICTIMS, MIXED)])
    assailants = _pick([t for t in stated if t.group == ASSAILANTS])
    mixed = any(t.group == MIXED for t in victims)
    used = victims + ([] if mixed and not any(t.additive for t in assailants) else assailants)
    lo, hi = _sum(used)
    own = sum(t.low or 0 for t in assailants) if assailants else None
    if mixed:
        own = max(own or 0, sum(t.inside for t in victims))
    return (lo, hi), own, sorted(used, key=lambda t: (t.sentence, t.start))


def combine(tolls: Sequence[Toll]) -> Casualties:
    """One event's killed and injured figures from the statements of its sentences (C1-C8)."""
    killed, own, used_k = _kind(list(tolls), KILLED)
    injured, _, used_i = _kind(list(tolls), INJURED)
    return Casualties(killed, injured, own if killed is not None else None, tuple(used_k + used_i))
