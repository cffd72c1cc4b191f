"""Relations between actors (and from actors to events and places), each with evidence.

From events: claims_responsibility_for, suspected_of (actor -> event), operates_in (a
perpetrator -> the event's country). From sentences: affiliate_of (cue words such as
"affiliate", "branch", "offshoot", direction from the gazetteer when it knows the pair, else
from word order), based_in ("Afghanistan-based X", "using Afghanistan as a base"),
operates_in ("Turkey as a logistical centre"), targets ("militants striking Chinese
interests"), member_of (a person's organisation), blames (from claims), allied_with and
opposes (cue words between two actors).
"""

from __future__ import annotations

import re

from ..annotate import AnnotatedArticle, Sentence
from ..lang import words as _words
from ..models import Claim, Event, Evidence, Relation
from .actors import ActorIndex, Mention, group_index, slug

AFFILIATION_WINDOW = 8  # tokens between a cue word and each of the two groups it links
BASE_WORDS = r"(?:base|homebase|home base|headquarters|sanctuary|safe haven|haven|rear base|stronghold)"
HUB_WORDS = r"(?:hub|logistical centre|logistical center|logistics hub|transit point|staging ground|centre|center|corridor)"
_USING = re.compile(
    rf"\busing\s+(?P<place>[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)*)\s+as\s+(?:a\s+|an\s+|its\s+|their\s+)?(?P<what>{BASE_WORDS}|[\w\s]{{0,20}}?{HUB_WORDS})\b"
)
_BASED = re.compile(r"\b(?P<place>[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)?)-based\b")
_BASED_IN = re.compile(r"\b(?:based|headquartered|operating)\s+(?:in|out of)\s+(?P<place>[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)*)")

GROUPS = ("armed_group",)
ACTORS = ("armed_group", "state_force", "government", "descriptor", "person", "organisation")



def _ev(article_id: str, sent: Sentence, start: int, end: int, name: str) -> Evidence:
    return Evidence(article_id, sent.index, start, end, sent.text, name)


def _from_events(events: tuple[Event, ...]) -> list[Relation]:
    out: list[Relation] = []
    for e in events:
        for field, rtype in (("claimed_by", "claims_responsibility_for"), ("suspects", "suspected_of")):
            ev = tuple(x for x in e.evidence if x.field == field)
            for key in getattr(e, field):
                out.append(Relation(key, rtype, e.key, "event", evidence=ev, confidence=e.confidence))
        if e.country:
            ev = tuple(x for x in e.evidence if x.field in ("place", "perpetrators", "claimed_by"))
            for key in e.perpetrators:
                out.append(Relation(key, "operates_in", e.country, "place", evidence=ev,
                                    confidence=round(e.confidence * 0.9, 2)))
    return out


def _affiliations(sent: Sentence, index: ActorIndex, aid: str) -> list[Relation]:
    groups = index.in_sentence(sent.index, GROUPS)
    if len(groups) < 2:
        return []
    cues = [t for t in sent.span if t.lemma_.lower() in _words("affiliation_cues")]
    if not cues:
        return []
    groups_by_key = group_index()
    out: list[Relation] = []
    for cue in cues:
        near = [g for g in groups if g.distance(cue.i) <= AFFILIATION_WINDOW]
        pairs = [(a, b) for a in near for b in near if a.key != b.key and a.start < b.start]
        if not pairs:
            continue
        a, b = min(pairs, key=lambda p: p[0].distance(cue.i) + p[1].distance(cue.i))
        if a.key in groups_by_key and b.key in groups_by_key[a.key].affiliate_of:
            child, parent = a, b
        elif b.key in groups_by_key and a.key in groups_by_key[b.key].affiliate_of:
            child, parent = b, a
        elif cue.i < b.start and cue.i > a.end:
            # "Y through its affiliate X": the group after the cue is the affiliate
            child, parent = b, a
        else:
            # "X, a Y affiliate": the group right before the cue is the parent
            child, parent = a, b
        start, end = min(child.char_start, parent.char_start), max(child.char_end, parent.char_end)
        out.append(Relation(child.key, "affiliate_of", parent.key, "actor",
                            evidence=(_ev(aid, sent, start, end, "affiliate_of"),), confidence=0.75))
    return out


def _nearest(mentions: list[Mention], char_pos: int) -> Mention | None:
    return min(mentions, key=lambda m: abs(m.char_start - char_pos), default=None)


def _bases(sent: Sentence, index: ActorIndex, aid: str) -> list[Relation]:
    groups = index.in_sentence(sent.index, GROUPS) or index.in_sentence(sent.index, ACTORS)
    if not groups:
        return []
    out: list[Relation] = []
    text, base = sent.text, sent.start
    for m in _USING.finditer(text):
        actor = _nearest(groups, base + m.end())
        what = m.group("what").strip()
        rtype = "based_in" if re.fullmatch(BASE_WORDS, what) else "operates_in"
        out.append(Relation(actor.key, rtype, m.group("place"), "place", description=f"{m.group('place')} as {what}",
                            evidence=(_ev(aid, sent, base + m.start(), base + m.end(), rtype),), confidence=0.7))
    for m in _BASED.finditer(text):
        actor = next((g for g in groups if 0 <= g.char_start - (base + m.end()) <= 40), None)
        if actor is not None:
            out.append(Relation(actor.key, "based_in", m.group("place"), "place",
                                evidence=(_ev(aid, sent, base + m.start(), actor.char_end, "based_in"),), confidence=0.7))
    for m in _BASED_IN.finditer(text):
        actor = next((g for g in reversed(groups) if g.char_end <= base + m.start()), None)
        if actor is not None:
            out.append(Relation(actor.key, "based_in", m.group("place"), "place",
                                evidence=(_ev(aid, sent, actor.char_start, base + m.end(), "based_in"),), confidence=0.65))
    return out


def _targets(sent: Sentence, index: ActorIndex, aid: str) -> list[Relation]:
    out: list[Relation] = []
    doc = sent.span.doc
    for tok in sent.span:
        if tok.lemma_.lower() not in _words("target_verbs") or tok.pos_ != "VERB":
            continue
        obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
        if obj is None or obj.lemma_.lower() in ("target", "one", "place", "it", "them"):
            continue  # "hit targets in Russia": says nothing about whom
        agent = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        if agent is None and tok.dep_ in ("acl", "relcl"):
            agent = tok.head
        if agent is None:
            continue
        actor = index.at(sent.index, agent.i)
        if actor is None or index.kind(actor.key) not in ("armed_group", "state_force"):
            continue
        phrase = doc[obj.left_edge.i:obj.right_edge.i + 1]
        start, end = sent.offset(phrase)
        out.append(Relation(actor.key, "targets", phrase.text, "other",
                            evidence=(_ev(aid, sent, min(actor.char_start, start), max(actor.char_end, end), "targets"),),
                            confidence=0.6))
    return out


def _stances(sent: Sentence, index: ActorIndex, aid: str) -> list[Relation]:
    actors = [m for m in index.in_sentence(sent.index, ACTORS) if index.kind(m.key) != "person"]
    out: list[Relation] = []
    for a, b in zip(actors, actors[1:]):
        between = [t for t in sent.span.doc[a.end:b.start]]
        lemmas = {t.lemma_.lower() for t in between}
        if len(between) > 8 or a.key == b.key:
            continue
        for cues, rtype in ((_words("ally_cues"), "allied_with"), (_words("oppose_cues"), "opposes")):
            if lemmas & cues:
                words = " ".join(t.text for t in between).strip(" ,")
                out.append(Relation(a.key, rtype, b.key, "actor", description=words or None,
                                    evidence=(_ev(aid, sent, a.char_start, b.char_end, rtype),), confidence=0.55))
                break
    return out




def _poaching(sent: Sentence, index: ActorIndex, aid: str) -> list[Relation]:
    """"Isis-K has called for members of the Turkistan Islamic Party ... to defect": a group
    urging another's members to defect works against it."""
    if not any(t.lemma_.lower() == "defect" for t in sent.span):
        return []
    groups = index.in_sentence(sent.index, GROUPS)
    out: list[Relation] = []
    for a in groups:
        head = sent.span.doc[a.start:a.end].root
        if head.dep_ != "nsubj" or head.head.lemma_.lower() not in _words("urge_verbs"):
            continue
        for b in groups:
            if b.key != a.key and b.start > a.end:
                out.append(Relation(a.key, "opposes", b.key, "actor", description="urges its members to defect",
                                    evidence=(_ev(aid, sent, a.char_start, b.char_end, "opposes"),), confidence=0.6))
                break
    return out


def _memberships(index: ActorIndex, aid: str) -> list[Relation]:
    out: list[Relation] = []
    for actor in list(index.actors.values()):
        if actor.kind != "person" or not actor.organisation:
            continue
        org_key = slug(actor.organisation.removeprefix("the ").removeprefix("The "))
        target = next((k for k, a in index.actors.items() if k == org_key or a.name.lower() == actor.organisation.lower()), None)
        if target is None:
            index.ensure(org_key, actor.organisation.removeprefix("The ").removeprefix("the "), "organisation",
                         actor.evidence[0])
            target = org_key
        out.append(Relation(actor.key, "member_of", target, "actor", description=actor.role,
                            evidence=actor.evidence[:1], confidence=0.7))
    return out


def _blames(claims: tuple[Claim, ...], index: ActorIndex, annotated: AnnotatedArticle) -> list[Relation]:
    out: list[Relation] = []
    for c in claims:
        if c.verb not in ("blame", "accuse", "hold", "charge") or not c.speaker_key:
            continue
        sent_index = c.evidence[-1].sentence
        targets = [m for m in index.in_sentence(sent_index) if c.start <= m.char_start < c.end and m.key != c.speaker_key]
        if targets:
            out.append(Relation(c.speaker_key, "blames", targets[0].key, "actor", description=c.text[:200],
                                evidence=c.evidence, confidence=c.confidence))
    return out


def find_relations(annotated: AnnotatedArticle, index: ActorIndex, events: tuple[Event, ...],
                   claims: tuple[Claim, ...]) -> tuple[Relation, ...]:
    aid = annotated.article.id
    out = _from_events(events)
    for sent in annotated.sentences:
        out += _affiliations(sent, index, aid)
        out += _bases(sent, index, aid)
        out += _targets(sent, index, aid)
        out += _stances(sent, index, aid)
        out += _poaching(sent, index, aid)
    out += _memberships(index, aid)
    out += _blames(claims, index, annotated)
    unique: dict[tuple[str, str, str], Relation] = {}
    for r in out:
        k = (r.source, r.type, r.target)
        if k in unique:
            prev = unique[k]
            unique[k] = Relation(prev.source, prev.type, prev.target, prev.target_kind, prev.description,
                                 prev.evidence + r.evidence, max(prev.confidence, r.confidence))
        else:
            unique[k] = r
    return tuple(unique.values())
