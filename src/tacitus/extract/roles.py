"""Role fillers from the learned tagger (``tacitus.roles``): who attacked (people and
organisations), what was hit, who was hurt, with what.

The tagger reads the whole article; each entity it finds is attached to the event told in the
same sentence, or the nearest one before or after it. Its targets, victims and weapons replace
the rule-based guesses (the tagger is measured on MUC-4; the rules are not); the organisations
it names join the perpetrators, the individuals join the suspects. When the tagger finds fillers in an article where the rules found no
event, the fillers make one event of their own (the tagger only tags fillers of incidents).
When the model or torch is missing, events are returned unchanged.
"""

from __future__ import annotations

import bisect
from dataclasses import replace
from functools import lru_cache

from ..annotate import AnnotatedArticle
from ..models import Event, Evidence
from .actors import ActorIndex, slug
from .events import TYPE_PRIORITY, tells_an_attack
from .lexicon import lexicon

# PerpInd fillers ("two gunmen", "urban guerrillas") are people, not the group coders record
# as perpetrator: they join the event's suspects, the people held or said to have done it
ROLE_FIELDS = {"Target": "targets", "Victim": "victims", "Weapon": "weapons", "PerpInd": "suspects",
               "PerpOrg": "perpetrators"}


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


def _perpetrator_key(index: ActorIndex, annotated: AnnotatedArticle, role: str, text: str,
                     start: int, end: int, sentence: int) -> str:
    """The actor a perpetrator filler names: an actor already found at that span, else a new
    one (an organisation for PerpOrg, a descriptor of people for PerpInd)."""
    for mention in index.by_sentence.get(sentence, []):
        if mention.char_start < end and start < mention.char_end:
            actor = index.actors[mention.key]
            # a person's fuller name ("colonel hector heriberto hernandez" around the
            # recogniser's "heriberto hernandez"); an organisation keeps its own surfaces,
            # which a tagger span running on past the name would only blur
            if role == "PerpInd" and text not in actor.surface:
                actor.surface.append(text)
            return mention.key
    key = slug(text)
    kind = "armed_group" if role == "PerpOrg" else "descriptor"
    sent = annotated.sentences[sentence]
    index.ensure(key, text, kind, Evidence(annotated.article.id, sentence, start, end, sent.text, "mention"))
    actor = index.actors[key]
    if text not in actor.surface:
        actor.surface.append(text)
    return key


def fill_roles(annotated: AnnotatedArticle, index: ActorIndex, events: tuple[Event, ...],
               tagger=None) -> tuple[Event, ...]:
    tagger = tagger or load_tagger()
    if tagger is None:
        return events
    article = annotated.article
    predicted = tagger.predict(article.text)
    # the tagger's targets, victims and weapons replace the rules' guesses
    out = [replace(e, targets=(), victims=(), weapons=()) for e in events]
    anchor = None
    if not any(not e.aggregate for e in out) and any(predicted.values()):
        if not tells_an_attack(annotated):
            return tuple(out)  # fillers around a foiled plot or a threat make no event
        out.append(Event(key=f"e{len(out) + 1}", type="unknown", confidence=0.4))
        anchor = len(out) - 1
    for role, entities in predicted.items():
        for entity in entities:
            start, end = entity.spans[0]
            sentence = _sentence_of(annotated, start)
            target = anchor if anchor is not None else _nearest_event(out, sentence)
            if target is None:
                continue
            event, sent = out[target], annotated.sentences[sentence]
            field = ROLE_FIELDS[role]
            mention = entity.mentions[0]
            if field in ("perpetrators", "suspects"):
                mention = _perpetrator_key(index, annotated, role, mention, start, end, sentence)
            values = getattr(event, field)
            if field == "suspects" and mention in event.perpetrators:
                continue
            if mention not in values:
                values = (*values, mention)
            evidence = Evidence(article.id, sentence, start, end, sent.text, field)
            out[target] = replace(event, **{field: values}, evidence=(*event.evidence, evidence))
    return tuple(_typed(e) for e in out)


def _typed(event: Event) -> Event:
    """An event of unknown type takes the type its weapons imply ("bomb" -> bombing)."""
    if event.type != "unknown":
        return event
    implied = [lexicon().weapons.get(w.lower()) for w in event.weapons]
    implied = [t for t in implied if t in TYPE_PRIORITY and t != "unknown"]
    return replace(event, type=min(implied, key=TYPE_PRIORITY.index)) if implied else event
