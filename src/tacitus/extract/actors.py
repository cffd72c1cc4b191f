"""Actor mentions: armed groups (gazetteer and unknown), state forces, governments, people
with their role and organisation, and nationalities/ethnic groups used as descriptors.

The result is an ``ActorIndex``: per sentence, the actor mentions with their token spans, so
that the event, claim and relation extractors can ask "which actor stands here?".
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Span

from ..annotate import GROUP_LABEL, AnnotatedArticle, Sentence
from ..gazetteer import groups_by_id, lookup_demonym
from ..geo import country_by_code, country_by_name
from ..models import ActorMention, Evidence
from .lexicon import lexicon

_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    return _SLUG.sub("-", text.casefold()).strip("-")


@dataclass(frozen=True)
class Mention:
    """One mention of an actor in one sentence (token indices are doc-level)."""

    key: str
    sentence: int
    start: int  # first token (doc index)
    end: int  # one past the last token
    surface: str
    char_start: int  # offsets into Article.text
    char_end: int

    def distance(self, token_i: int) -> int:
        if self.start <= token_i < self.end:
            return 0
        return min(abs(token_i - self.start), abs(token_i - (self.end - 1)))


@dataclass
class _Actor:
    key: str
    name: str
    kind: str
    country: str | None = None
    role: str | None = None
    organisation: str | None = None
    surface: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    confidence: float = 0.5


@dataclass
class ActorIndex:
    actors: dict[str, _Actor] = field(default_factory=dict)
    by_sentence: dict[int, list[Mention]] = field(default_factory=lambda: defaultdict(list))

    def in_sentence(self, index: int, kinds: tuple[str, ...] | None = None) -> list[Mention]:
        found = self.by_sentence.get(index, [])
        if kinds is None:
            return list(found)
        return [m for m in found if self.actors[m.key].kind in kinds]

    def at(self, sentence: int, token_i: int) -> Mention | None:
        for m in self.by_sentence.get(sentence, []):
            if m.start <= token_i < m.end:
                return m
        return None

    def kind(self, key: str) -> str:
        return self.actors[key].kind

    def name(self, key: str) -> str:
        return self.actors[key].name

    def records(self) -> tuple[ActorMention, ...]:
        return tuple(
            ActorMention(
                key=a.key, name=a.name, kind=a.kind, surface=tuple(dict.fromkeys(a.surface)),
                role=a.role, organisation=a.organisation, country=a.country,
                evidence=tuple(a.evidence), confidence=a.confidence,
            )
            for a in self.actors.values()
        )

    # -- building ------------------------------------------------------------------------

    def ensure(self, key: str, name: str, kind: str, evidence: Evidence) -> None:
        """Register an actor known only indirectly (a person's organisation)."""
        if key not in self.actors:
            self.actors[key] = _Actor(key, name, kind, surface=[name], evidence=[evidence])

    def add(self, sent: Sentence, key: str, name: str, kind: str, span: Span, *,
            confidence: float, country: str | None = None) -> Mention:
        actor = self.actors.get(key)
        if actor is None:
            actor = self.actors[key] = _Actor(key, name, kind, country=country, confidence=confidence)
        actor.confidence = max(actor.confidence, confidence)
        start, end = sent.offset(span)
        actor.surface.append(span.text)
        # the article id is filled in by find_actors once all sentences are read
        actor.evidence.append(Evidence("", sent.index, start, end, sent.text, "mention"))
        mention = Mention(key, sent.index, span.start, span.end, span.text, start, end)
        existing = self.by_sentence[sent.index]
        if not any(m.start == mention.start and m.end == mention.end for m in existing):
            existing.append(mention)
            existing.sort(key=lambda m: m.start)
        return mention


# --- helpers over the vocabularies ---------------------------------------------------------

group_index = lru_cache(maxsize=1)(groups_by_id)  # id -> ArmedGroup, built once


def demonym_country(word: str) -> tuple[str | None, bool] | None:
    """(country code, is_ethnic) for a nationality/ethnic word, plural forms included."""
    entry = lookup_demonym(word)
    return None if entry is None else (entry.country, entry.ethnic)


def _span_has_upper(span: Span) -> bool:
    return any(t.text[:1].isupper() for t in span)


# --- the finders -------------------------------------------------------------------------------

def _armed_groups(sent: Sentence, index: ActorIndex, taken: set[int]) -> None:
    groups = group_index()
    for ent in sent.span.ents:
        if ent.label_ != GROUP_LABEL:
            continue
        group = groups.get(ent.ent_id_)
        if group is None:
            continue
        kind = getattr(group, "kind", None) or "armed_group"
        country = group.countries[0] if group.countries else None
        # "Taliban forces", "Isis militants": the group word plus its fighter noun
        end = ent.end
        if end < len(ent.doc) and ent.doc[end].lemma_.lower() in lexicon().fighter_nouns | lexicon().force_nouns:
            end += 1
        span = ent.doc[ent.start:end]
        index.add(sent, group.id, group.name, kind, span, confidence=0.9, country=country)
        taken.update(range(span.start, span.end))


def _unknown_groups(sent: Sentence, index: ActorIndex, taken: set[int]) -> None:
    lex = lexicon()
    for ent in sent.span.ents:
        if ent.label_ != "ORG" or any(t.i in taken for t in ent):
            continue
        words = {t.lower_ for t in ent}
        state_words = any(demonym_country(t.text) or country_by_name(t.text) for t in ent if t.text[:1].isupper())
        if words & lex.group_name_words and state_words and words & lex.force_nouns:
            # "the Afghan National Army", "Nigerian Army": a state's force, not a rebel group
            name = ent.text[4:] if ent.text.lower().startswith("the ") else ent.text
            index.add(sent, slug(name), name, "state_force", ent, confidence=0.6)
            taken.update(range(ent.start, ent.end))
        elif words & lex.group_name_words and _span_has_upper(ent) and len(ent) > 1:
            name = ent.text[4:] if ent.text.lower().startswith("the ") else ent.text
            index.add(sent, slug(name), name, "armed_group", ent, confidence=0.6)
            taken.update(range(ent.start, ent.end))


def _descriptor_phrases(sent: Sentence, index: ActorIndex, taken: set[int]) -> None:
    """Nationality/ethnic word + people noun ("four Tajik men", "Uygurs", "Baloch militants",
    "American forces", "Turkish prosecutors")."""
    lex = lexicon()
    doc = sent.span.doc
    for tok in sent.span:
        if tok.i in taken or not tok.text[:1].isupper():
            continue
        found = demonym_country(tok.text)
        if found is None:
            continue
        country, ethnic = found
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        noun = nxt.lemma_.lower() if nxt is not None and nxt.i < sent.span.end else ""
        kinds = ((lex.fighter_nouns, "armed_group", 0.55), (lex.force_nouns, "state_force", 0.6),
                 (lex.official_nouns, "government", 0.6), (lex.people_nouns, "descriptor", 0.6))
        kind = next(((k, conf) for nouns, k, conf in kinds if noun in nouns), None)
        if kind is not None:
            span = doc[tok.i:tok.i + 2]
            name = f"{tok.text} {nxt.text.lower()}"
        elif tok.tag_ in ("NNPS", "NNS") or tok.text.endswith("s") and ethnic:
            # a plural nationality used as a noun: "Uygurs from Xinjiang"
            span, name, kind = doc[tok.i:tok.i + 1], tok.text, ("descriptor", 0.5)
        else:
            continue
        index.add(sent, slug(name), name, kind[0], span, confidence=kind[1], country=country)
        taken.update(range(span.start, span.end))


def _governments(sent: Sentence, index: ActorIndex, taken: set[int]) -> None:
    """A country name used as an agent ("Pakistan blames", "suspected by Moscow") stands for
    its government. Capitals count as metonyms of their country's government."""
    lex = lexicon()
    for ent in sent.span.ents:
        if ent.label_ != "GPE" or any(t.i in taken for t in ent):
            continue
        head = ent.root
        agentive = head.dep_ in ("nsubj", "nsubjpass") and head.head.lemma_.lower() in lex.speech_verbs | lex.accuse_verbs
        agentive |= head.dep_ == "pobj" and head.head.dep_ == "agent"
        agentive |= head.dep_ == "poss" and head.head.lemma_.lower() in lex.official_nouns | {"government"}
        if not agentive:
            continue
        place = country_by_name(ent.text)
        capital_of = lex.capitals.get(ent.text.casefold())
        code = place.country_code if place else capital_of
        country = place or (country_by_code(code) if code else None)
        if country is None:
            continue
        name = f"Government of {country.country}"
        index.add(sent, f"government-{code.lower()}", name, "government", ent, confidence=0.6, country=code)
        taken.update(range(ent.start, ent.end))


_APPOSITION = re.compile(
    r"^,\s+(?:the\s+|a\s+|an\s+)?(?P<role>[a-z][\w\s'-]{2,60}?)\s+(?:of|for|at|with|in)\s+"
    r"(?P<org>(?:the\s+|The\s+)?[A-Z][\w'&.-]*(?:\s+(?:of\s+|for\s+|and\s+)?[A-Z][\w'&.-]*)*)"
)


def _people(sent: Sentence, index: ActorIndex, taken: set[int], people: dict[str, str]) -> None:
    lex = lexicon()
    doc = sent.span.doc
    for ent in sent.span.ents:
        if ent.label_ != "PERSON" or any(t.i in taken for t in ent) or len(ent.text) < 3:
            continue
        if demonym_country(ent.text) is not None or ent.text.isupper():
            continue
        name = ent.text.strip()
        parts = name.split()
        # a surname alone refers back to the full name seen earlier in the article
        key = people.get(name) or people.get(parts[-1]) or slug(name)
        if len(parts) > 1:
            people.setdefault(name, key)
            people.setdefault(parts[-1], key)
        mention = index.add(sent, key, name if len(parts) > 1 or key not in index.actors else index.actors[key].name,
                            "person", ent, confidence=0.7)
        taken.update(range(ent.start, ent.end))
        actor = index.actors[mention.key]
        # role after the name: "Riccardo Valle, director of research for The Khorasan Diary"
        rest = doc.text[ent.end_char:min(len(doc.text), ent.end_char + 160)]
        m = _APPOSITION.match(rest)
        if m and actor.role is None:
            actor.role = m.group("role").strip()
            actor.organisation = m.group("org").strip()
        # title before the name: "Interior Minister Ali Yerlikaya", "spokesman Zabihullah Mujahid"
        if actor.role is None:
            j = ent.start - 1
            title: list[str] = []
            while j >= sent.span.start and (doc[j].lower_ in lex.role_words or
                                            (title and doc[j].text[:1].isupper() and doc[j].ent_type_ in ("", "NORP"))):
                title.insert(0, doc[j].text)
                j -= 1
            if title and any(w.lower() in lex.role_words for w in title):
                actor.role = " ".join(title)


def find_actors(annotated: AnnotatedArticle) -> ActorIndex:
    index = ActorIndex()
    people: dict[str, str] = {}
    article_id = annotated.article.id
    for sent in annotated.sentences:
        taken: set[int] = set()
        _armed_groups(sent, index, taken)
        _unknown_groups(sent, index, taken)
        _descriptor_phrases(sent, index, taken)
        _governments(sent, index, taken)
        _people(sent, index, taken, people)
    # evidence carries the article id
    for actor in index.actors.values():
        actor.evidence = [Evidence(article_id, e.sentence, e.start, e.end, e.text, e.field) for e in actor.evidence]
    return index
