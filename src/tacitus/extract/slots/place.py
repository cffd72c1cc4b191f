"""Place slot: where the event happened, from one sentence's location phrases.

1. Chains: the sentence's location phrases as chains of names, most specific first ("Koutougou
   (Soum, Sahel)", "Shin Kalay, Kandahar, Afghanistan", "30 km northeast of Jilib"), read by
   ``tacitus.geo.find_chains`` and resolved jointly by ``tacitus.geo.resolve`` with the text's
   country as hint and the armed groups' home countries as context. A chain that is the name of
   an actor ("Islamic State West Africa Province") or stands inside one is not a place.
2. Venues: a building or site named where the event stands ("at the Crocus City Hall concert
   venue", "the attack on Garissa University College"), from spaCy's FAC (and venue-like ORG)
   entities; a venue takes the point of the town a chain of the same sentence resolves.
3. A wire dateline ("MOGADISHU, Somalia (Reuters) -") is kept apart: where the story was
   filed, the event's place only when the text names no other.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

from ...annotate import Sentence
from ...geo import Chain, ResolvedPlace, country_by_name, find_chains, resolve
from ...lang import LanguagePack
from ...lang.syntax import lemma
from ..actors import ActorIndex

# the order of precisions, finest first
PRECISION_ORDER = {"venue": 0, "town": 1, "district": 2, "province": 3, "country": 4, "unknown": 5}


@dataclass(frozen=True)
class PlaceHit:
    name: str  # as the coder writes it
    resolved: ResolvedPlace | None  # None for a venue with no town beside it
    precision: str  # venue | town | district | province | country
    start: int  # doc token span
    end: int
    dateline: bool = False

    @property
    def country_code(self) -> str | None:
        return self.resolved.country_code if self.resolved else None


@lru_cache(maxsize=256)
def chains_of(text: str) -> tuple[Chain, ...]:
    """``geo.find_chains`` of a sentence, once per sentence text (the actor and place stages
    both ask)."""
    return tuple(find_chains(text))


def _chain_tokens(sent: Sentence, chain: Chain):
    base = sent.span.start_char
    return sent.span.doc.char_span(base + chain.start, base + chain.end, alignment_mode="expand")


def _inside_actor(index: ActorIndex, sent: Sentence, tokens, chain: Chain | None = None) -> bool:
    """The chain's first name stands inside an actor's name ("Islamic State West Africa"); the
    words before the name ("the Houthi-held port of Hodeidah") do not count."""
    first = tokens[0].i
    if chain is not None:
        name = sent.span.doc.char_span(sent.span.start_char + chain.names[0].start,
                                       sent.span.start_char + chain.names[0].end, alignment_mode="expand")
        first = name.start if name is not None else first
    m = index.at(sent.index, first)
    return m is not None and index.kind(m.key) in ("armed_group", "state_force", "government", "person")


def _venues(sent: Sentence, index: ActorIndex, lang: LanguagePack) -> list[tuple[str, int, int]]:
    venues = lang.words("venue_words")
    preps = lang.words("locative_preps")
    out = []
    for ent in sent.span.ents:
        if ent.label_ not in ("FAC", "ORG") or not ({t.lower_ for t in ent} & venues or ent.label_ == "FAC"):
            continue
        if index.at(sent.index, ent.start) is not None:
            continue
        head = ent[1:].root if len(ent) > 1 and ent[0].dep_ == "det" else ent.root
        while head.dep_ in ("compound", "conj", "appos") and head.head is not head:
            head = head.head
        if head.dep_ == "pobj" and (head.head.lower_ in preps or head.head.lower_ in ("against",)) and \
                lemma(head.head.head) not in lang.words("non_event_owners"):
            name = ent.text[4:] if ent.text.lower().startswith("the ") else ent.text
            out.append((name, ent.start, ent.end))
    return out


def _in_area(ent, lang: LanguagePack) -> bool:
    """The name stands where the area of an event stands: the object of "in", "across"...,
    directly or through a coordination ("in Iran, Pakistan and Turkey")."""
    tok = ent.root
    for _ in range(6):
        if tok.dep_ in ("conj", "appos") and tok.head is not tok:
            tok = tok.head
            continue
        break
    return tok.dep_ == "pobj" and tok.head.lower_ in lang.words("area_preps")


def _countries_listed(sent: Sentence, hits: list[PlaceHit], index: ActorIndex, lang: LanguagePack) -> list[PlaceHit]:
    """"attacks in Iraq, Syria and Nigeria": a list of countries is not a chain (Iraq is not in
    Syria): each country named as a place is a place of its own."""
    countries = []
    for ent in sent.span.ents:
        if ent.label_ != "GPE" or index.at(sent.index, ent.start) is not None or not _in_area(ent, lang):
            continue
        place = country_by_name(ent.text)
        if place is None or place.precision != "country":
            continue
        inside = [h for h in hits if h.start <= ent.start < h.end]
        if inside and all(h.precision != "country" for h in inside):
            continue  # the country closing a chain ("Kabul, Afghanistan")
        found = resolve([ent.text])
        if found is not None:
            countries.append(PlaceHit(found.country or ent.text, found, "country", ent.start, ent.end))
    if len(countries) < 2:
        return hits
    spans = [(c.start, c.end) for c in countries]
    kept = [h for h in hits if not (h.precision == "country" and any(s < h.end and h.start < e for s, e in spans))]
    return sorted(kept + countries, key=lambda h: h.start)


def _name_modifiers(sent: Sentence, index: ActorIndex, hint: str | None, context: tuple[str, ...],
                    lang: LanguagePack) -> list[PlaceHit]:
    """Headline style: a place name modifying the event ("Baghdad bombing toll", "Nairobi
    hotel attack", "Maiduguri market bombing"): in headlines and standfirsts, or before an event
    noun anywhere."""
    heads = lang.words("event_noun_heads") | lang.words("venue_words")
    top = sent.paragraph.kind in ("headline", "standfirst")
    out = []
    for ent in sent.span.ents:
        if ent.label_ not in ("GPE", "LOC") or index.at(sent.index, ent.start) is not None:
            continue
        root = ent.root
        if root.dep_ != "compound" or not (top or lemma(root.head) in heads):
            continue
        found = resolve([ent.text], country_hint=hint, context_countries=context)
        if found is not None and found.precision not in ("unknown",):
            out.append(PlaceHit(found.place or ent.text, found, found.precision, ent.start, ent.end))
    return out


def places_in(sent: Sentence, index: ActorIndex, hint: str | None, lang: LanguagePack,
              context: tuple[str, ...] = ()) -> list[PlaceHit]:
    """The places of one sentence, in text order (see the module docstring)."""
    out: list[PlaceHit] = []
    towns: list[PlaceHit] = []
    venues = lang.words("venue_words")
    for chain in chains_of(sent.text):
        tokens = _chain_tokens(sent, chain)
        if tokens is None or not len(tokens):
            continue
        if _inside_actor(index, sent, tokens, chain):
            # "a CRPF camp in Jakuradhor (Jiribam, Manipur)": the actor's name is no place, the
            # rest of the chain still is
            if len(chain.names) == 1:
                continue
            chain = replace(chain, names=chain.names[1:], joins=chain.joins[1:])
        after = sent.text[chain.names[0].end:].split()
        if after and after[0].strip(",.;:").lower() in venues:
            # "the Santa Maria church in the Sariyer district": the first name is a venue's,
            # not a town's; the rest of the chain places it
            if len(chain.names) == 1:
                continue
            chain = replace(chain, names=chain.names[1:], joins=chain.joins[1:])
        found = resolve(chain, country_hint=hint, context_countries=context)
        if found is None or found.precision == "unknown":
            continue
        hit = PlaceHit(found.place or found.country or chain.names[0].text, found, found.precision,
                       tokens.start, tokens.end, dateline=chain.dateline)
        out.append(hit)
        if found.precision == "town" and not chain.dateline:
            towns.append(hit)
    out = _countries_listed(sent, out, index, lang)
    out += [h for h in _name_modifiers(sent, index, hint, context, lang)
            if not any(o.start <= h.start < o.end for o in out)]
    for name, start, end in _venues(sent, index, lang):
        town = towns[0] if towns else None
        label = f"{name}, {town.name}" if town is not None else name
        out.append(PlaceHit(label, town.resolved if town else None, "venue", start, end))
    return sorted(out, key=lambda h: h.start)


def country_hint(sentences, lang: LanguagePack | None = None) -> str | None:
    """The country a text is mostly about: the most frequent country among its resolved
    location phrases, a country named outright counting double. It reads ambiguous town names
    and tells whose are the "security forces" of a text that names no nationality."""
    counts: dict[str, int] = {}
    for sent in sentences:
        for chain in chains_of(sent.text):
            found = resolve(chain)
            if found is None or not found.country_code:
                continue
            weight = 2 if found.precision == "country" or len(chain.names) > 1 else 1
            counts[found.country_code] = counts.get(found.country_code, 0) + weight
    return max(counts, key=counts.get) if counts else None
