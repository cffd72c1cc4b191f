"""Stage 8: the learned role tagger (``tacitus.roles``): who attacked (people and
organisations), what was hit, who was hurt, with what.

The tagger reads the whole article; each entity it finds is attached to the event told in the
same sentence, or the nearest one before or after it. Its targets, victims and weapons replace
the rule-based guesses (the tagger is measured on MUC-4; the rules are not); the organisations
it names join the perpetrators, the individuals join the suspects. When the tagger finds
fillers in an article where the rules found no event but an attack is told, the fillers make
one event of their own. ``role_additions`` computes all this without touching its inputs; the
orchestrator applies the result. When the model or torch is missing, nothing is added.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field, replace
from functools import lru_cache

from ..annotate import AnnotatedArticle
from ..models import Event, Evidence
from .actors import ActorIndex, slug

# PerpInd fillers ("two gunmen", "urban guerrillas") are people, not the group coders record
# as perpetrator: they join the event's suspects, the people held or said to have done it
ROLE_FIELDS = {"Target": "targets", "Victim": "victims", "Weapon": "weapons", "PerpInd": "suspects",
               "PerpOrg": "perpetrators"}
REPLACED = ("targets", "victims", "weapons")


@lru_cache(maxsize=1)
def load_tagger():
    """The trained tagger, or None when it (or torch) is not installed."""
    try:
        from ..roles import RoleModelMissing, RoleTagger
    except ImportError:
        return None
    try:
        return RoleTagger.load()
    except (RoleModelMissing, ImportError, OSError):
        return None


@dataclass(frozen=True)
class NewActor:
    key: str
    name: str
    kind: str
    evidence: Evidence


@dataclass
class RoleAdditions:
    events: tuple[Event, ...]  # the events with the tagger's fillers
    actors: list[NewActor] = field(default_factory=list)  # actors only the tagger found
    surfaces: dict[str, list[str]] = field(default_factory=dict)  # fuller names of known actors


def _sentence_of(annotated: AnnotatedArticle, start: int) -> int:
    starts = [s.start for s in annotated.sentences]
    return max(0, bisect.bisect_right(starts, start) - 1)


def _nearest_event(events: list[Event], sentence: int) -> int | None:
    """Index of the specific (non-aggregate) event told closest to ``sentence``."""
    best, best_distance = None, None
    for i, event in enumerate(events):
        sentences = {ev.sentence for ev in event.evidence}
        if event.aggregate or not sentences:
            continue
        distance = min(abs(sentence - s) for s in sentences)
        if best_distance is None or distance < best_distance:
            best, best_distance = i, distance
    return best


def _actor_key(index: ActorIndex, out: RoleAdditions, annotated: AnnotatedArticle, role: str, text: str,
               start: int, end: int, sentence: int) -> str:
    """The actor a perpetrator filler names: an actor already found at that span, else a new
    one (an organisation for PerpOrg, a descriptor of people for PerpInd)."""
    for mention in index.by_sentence.get(sentence, []):
        if mention.char_start < end and start < mention.char_end:
            # a person's fuller name ("colonel hector heriberto hernandez" around the
            # recogniser's "heriberto hernandez"); an organisation keeps its own surfaces
            if role == "PerpInd":
                out.surfaces.setdefault(mention.key, []).append(text)
            return mention.key
    key = slug(text)
    if key not in index.actors and not any(a.key == key for a in out.actors):
        sent = annotated.sentences[sentence]
        kind = "armed_group" if role == "PerpOrg" else "descriptor"
        out.actors.append(NewActor(key, text, kind,
                                   Evidence(annotated.article.id, sentence, start, end, sent.text, "mention")))
    return key


def role_additions(annotated: AnnotatedArticle, index: ActorIndex, events: tuple[Event, ...],
                   tells_attack: bool, tagger=None) -> RoleAdditions | None:
    """The tagger's fillers attached to ``events``; None without a tagger. ``tells_attack``:
    the rules saw an attack told (not a plot or a threat), so that fillers alone may make one
    event when the rules made none."""
    tagger = tagger or load_tagger()
    if tagger is None:
        return None
    article = annotated.article
    out_events = [replace(e, targets=(), victims=(), weapons=()) for e in events]
    out = RoleAdditions(tuple(out_events))
    if not tells_attack and not any(not e.aggregate for e in out_events):
        # no specific event to attach a filler to and none the fillers may make: whatever the
        # tagger finds is dropped below, so it is not run (the output is the same)
        return out
    predicted = tagger.predict(article.text)
    anchor = None
    if not any(not e.aggregate for e in out_events) and any(predicted.values()):
        if not tells_attack:
            return out  # fillers around a foiled plot or a threat make no event
        out_events.append(Event(key=f"e{len(out_events) + 1}", type="unknown", confidence=0.4))
        anchor = len(out_events) - 1
    for role, entities in predicted.items():
        for entity in entities:
            start, end = entity.spans[0]
            sentence = _sentence_of(annotated, start)
            target = anchor if anchor is not None else _nearest_event(out_events, sentence)
            if target is None:
                continue
            event, sent = out_events[target], annotated.sentences[sentence]
            name = ROLE_FIELDS[role]
            value = entity.mentions[0]
            if name in ("perpetrators", "suspects"):
                value = _actor_key(index, out, annotated, role, value, start, end, sentence)
            values = getattr(event, name)
            if name == "suspects" and value in event.perpetrators:
                continue
            if value not in values:
                values = (*values, value)
            evidence = Evidence(article.id, sentence, start, end, sent.text, name)
            out_events[target] = replace(event, **{name: values}, evidence=(*event.evidence, evidence))
    out.events = tuple(out_events)
    return out
