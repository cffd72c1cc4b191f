"""Place slot: where the event happened, from one sentence's locative phrases.

1. Named places: spaCy's GPE, LOC, FAC (and venue-like ORG) entities that stand where a place
   of the event stands (the object of "in", "at", "near" ..., directly or through a
   coordination, apposition or "the village of"), never an attribute ("Israel's war",
   "Islamabad-based") or the seat of something else ("the Taliban government in Kabul").
2. When NER names none: runs of proper nouns after a locative preposition or inside
   parentheses ("in Kidal (Kidal)", "near Damboa (Borno)") that the gazetteer knows, in the
   countries of the armed groups named in the sentence when there are any.
3. The dateline city ("ISTANBUL — ..."), when the sentence names no other place.

Each name is geocoded offline (tacitus.geo) with the article's country as a hint; a foreign
homonym of a quarter or village in that country is refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...annotate import Sentence
from ...geo import Place, candidates, country_by_name, geocode
from ...lang import LanguagePack
from ...lang.syntax import lemma
from ..actors import ActorIndex, demonym_country, group_index

DATELINE_PLACE = re.compile(r"^(?P<place>[A-Z][A-Z .'’-]{2,30}?)(?:,[^—–\n]{0,40})?\s*(?:\([^)]{0,30}\))?\s*[—–-]+\s")
# Cities this large are named abroad as themselves (Paris, Karachi), not as homonyms of a
# quarter or village in the article's country; set between Medina (1.3 M) and Paris (2.1 M).
HOMONYM_MAX_POPULATION = 1_500_000
UNIT_WORDS = frozenset({"city", "province", "region", "district", "town", "village"})


@dataclass(frozen=True)
class PlaceHit:
    name: str
    place: Place | None  # geocoded, when the gazetteer knows it
    precision: str  # venue | city | region | country (the geocoder's vocabulary)
    start: int  # doc token span
    end: int


def _locative(ent, lang: LanguagePack) -> bool:
    venues = lang.words("venue_words")
    settlements = lang.words("settlement_words")
    # spaCy's root of "the Crocus City Hall" (all four attached to "venue") is "the"
    tok = ent[1:].root if len(ent) > 1 and ent[0].dep_ == "det" else ent.root
    for _ in range(4):
        if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lower_ in settlements:
            tok = tok.head.head  # "the village of Duma"
            continue
        if tok.dep_ in ("conj", "appos") or (tok.dep_ == "compound" and tok.head.lower_ in venues | UNIT_WORDS):
            tok = tok.head
            continue
        break
    if tok.dep_ == "pobj" and tok.head.lower_ in lang.words("locative_preps"):
        owner = tok.head.head
        if owner.pos_ in ("NOUN", "PROPN") and lemma(owner) in lang.words("non_event_owners"):
            return False  # "the Taliban government in Kabul", "the US embassy in Moscow"
        return True
    if tok.dep_ == "pobj" and tok.head.lower_ in ("on", "against") and ent.label_ in ("FAC", "ORG") and \
            any(t.lower_ in venues for t in ent):
        return True  # "the attack on Garissa University College": the venue is the place
    return tok.dep_ in ("npadvmod",) and tok.i == ent.start == 0  # datelines: "KABUL - ..."


def _foreign_homonym(name: str, place: Place, words: set[str], lang: LanguagePack) -> bool:
    """A name read as a town abroad while the article is about another country: wrong when it
    names a quarter ("Medina district") or when the name has towns in several countries."""
    if words & lang.words("quarter_words"):
        return True
    return place.precision == "city" and place.population < HOMONYM_MAX_POPULATION and \
        len({c.country_code for c in candidates(name)}) > 1


def _named(sent: Sentence, index: ActorIndex, hint: str | None, lang: LanguagePack) -> list[PlaceHit]:
    venues = lang.words("venue_words")
    out: list[PlaceHit] = []
    doc = sent.span.doc
    for ent in sent.span.ents:
        if ent.label_ not in ("GPE", "LOC", "FAC", "ORG"):
            continue
        if index.at(sent.index, ent.start) is not None and ent.label_ != "FAC":
            continue  # an actor ("Pakistan blames", "Isis"), not a place
        nxt = doc[ent.end].text if ent.end < len(doc) else ""
        text = ent.text[4:] if ent.text.lower().startswith("the ") else ent.text
        words = {t.lower_ for t in ent}
        if ent.label_ == "GPE" and nxt in ("'s", "’s") and any(
                t.lower_ in venues for t in doc[ent.end + 1:min(len(doc), ent.end + 4)]):
            pass  # "Kabul's airport", "Istanbul's Istiklal Avenue": the city of the venue
        elif nxt in ("'s", "’s", "-") or not _locative(ent, lang):
            continue  # "Israel's war", "Islamabad-based": attributes, not where the attack was
        elif ent.label_ in ("GPE", "LOC") and nxt.lower() in venues:
            out.append(PlaceHit(f"{text} {nxt}", None, "venue", ent.start, ent.end + 1))
            continue  # "Santa Maria church": the name of a venue, not a town
        if ent.label_ in ("FAC", "ORG"):
            if ent.label_ == "FAC" or words & venues:
                out.append(PlaceHit(text, None, "venue", ent.start, ent.end))
            continue
        if demonym_country(ent.text) is not None and country_by_name(ent.text) is None:
            continue
        place = geocode(text, hint)
        if place is None:
            continue
        if hint and place.country_code != hint and _foreign_homonym(text, place, words | {nxt.lower()}, lang):
            continue  # "Medina district" of Mogadishu is not Medina in Saudi Arabia
        out.append(PlaceHit(text, place, place.precision, ent.start, ent.end))
    return out


def _proper_names(sent: Sentence, index: ActorIndex, hint: str | None, lang: LanguagePack) -> list[PlaceHit]:
    out: list[PlaceHit] = []
    doc = sent.span.doc
    toks = list(sent.span)
    preps = lang.words("locative_preps")
    # the countries of the armed groups named in the sentence: a small town elsewhere with the
    # same name ("Soum" in Senegal for a JNIM attack) is not the place
    groups = group_index()
    active = {c for m in index.in_sentence(sent.index, ("armed_group",))
              for c in getattr(groups.get(m.key), "countries", ())}
    i = 0
    while i < len(toks):
        tok = toks[i]
        if tok.pos_ != "PROPN" or tok.ent_type_ in ("DATE", "PERSON", "ARMED_GROUP", "NORP") or \
                index.at(sent.index, tok.i) is not None:
            i += 1
            continue
        j = i
        while j + 1 < len(toks) and toks[j + 1].pos_ == "PROPN" and toks[j + 1].ent_type_ == tok.ent_type_:
            j += 1
        before = doc[toks[i].i - 1].lower_ if toks[i].i > 0 else ""
        if before in preps | {"(", ","}:
            span = doc[toks[i].i:toks[j].i + 1]
            place = geocode(span.text, hint or next(iter(sorted(active)), None))
            if place is not None and (not active or place.country_code in active):
                out.append(PlaceHit(span.text, place, place.precision, span.start, span.end))
        i = j + 1
    order = {"city": 0, "region": 1, "country": 2}
    return sorted(out, key=lambda p: order.get(p.precision, 3))


def _dateline(sent: Sentence, hint: str | None) -> list[PlaceHit]:
    """"ISTANBUL — An explosion tore through...": the dateline city."""
    m = DATELINE_PLACE.match(sent.text)
    if not m:
        return []
    name = m.group("place").strip().title()
    place = geocode(name, hint)
    if place is None:
        return []
    span = sent.span.char_span(m.start("place"), m.start("place") + len(m.group("place").strip()),
                               alignment_mode="expand")
    return [PlaceHit(place.name, place, place.precision, span.start, span.end)] if span is not None else []


def places_in(sent: Sentence, index: ActorIndex, hint: str | None, lang: LanguagePack) -> list[PlaceHit]:
    """The places of one sentence, by the rules of the module docstring."""
    return _named(sent, index, hint, lang) or _proper_names(sent, index, hint, lang) or _dateline(sent, hint)


def country_hint(sentences, lang: LanguagePack) -> str | None:
    """The country a text is mostly about: the most frequent country among its place names
    (countries named outright count double). Used to read ambiguous town names and to tell
    whose are the "security forces" of a text that names no nationality."""
    counts: dict[str, int] = {}
    empty = ActorIndex()
    for sent in sentences:
        found = False
        for ent in sent.span.ents:
            if ent.label_ != "GPE":
                continue
            country = country_by_name(ent.text)
            place = country or geocode(ent.text)
            if place is not None:
                found = True
                counts[place.country_code] = counts.get(place.country_code, 0) + (2 if country else 1)
        if not found:
            for hit in _proper_names(sent, empty, None, lang):
                counts[hit.place.country_code] = counts.get(hit.place.country_code, 0) + 1
    return max(counts, key=counts.get) if counts else None
