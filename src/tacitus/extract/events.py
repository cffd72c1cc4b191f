"""Events: attack mentions found sentence by sentence, then merged into one event per real
incident of the article.

1. Triggers: words and phrases of the lexicon ("bombing", "opened fire", "kidnapped") found in
   each sentence; weak ones ("killed", "strike") need a casualty figure, weapon, date or
   perpetrator beside them; triggers governed by plots, fears or plans are dropped.
2. Frame: in each trigger sentence, the date, places, casualty figures, weapons and the actors
   that claimed, are suspected of, or carried out the attack.
3. Plural triggers ("attacks in Iran, Pakistan and Turkey") make country-level aggregate
   mentions, one per country; they never merge with a specific attack.
4. Merge: mentions that agree on type, date, place and actors join the same event; a mention
   with nothing of its own ("the attack") joins the latest event.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache

from ..annotate import AnnotatedArticle, Sentence
from ..geo import Place, candidates, country_by_code, country_by_name, geocode
from ..models import Event, Evidence
from .actors import ActorIndex, Mention, demonym_country, group_index
from .casualties import find_counts
from .lexicon import lexicon
from .timex import DateValue, resolve_date
from .intervals import interval, overlaps, narrower

# Type preference when a sentence holds several triggers: the more specific wins.
# GTD's hierarchy: when one attack has several types, the first in this order is coded
TYPE_PRIORITY = ("assassination", "hijacking", "kidnapping", "bombing", "armed_assault", "unarmed_assault",
                 "arson", "infrastructure_attack", "unknown")
QUARTER_WORDS = frozenset({"district", "neighbourhood", "neighborhood", "quarter", "suburb", "area",
                           "township", "estate", "ward", "sector", "camp"})
SETTLEMENT_WORDS = frozenset({"village", "town", "city", "district", "province", "region", "county",
                              "neighbourhood", "neighborhood", "suburb", "department", "state", "area"})
VENUE_WORDS = frozenset(
    "hall hotel mosque church school university college airport market bazaar station embassy "
    "hospital stadium mall cathedral temple synagogue shrine camp base checkpoint bridge prison "
    "theatre theater restaurant cafe club complex centre center office headquarters compound "
    "barracks academy museum square park port terminal plaza arena venue gate avenue street road "
    "boulevard highway bazaar mall".split()
)
GENERIC_TARGETS = frozenset({"target", "country", "place", "area", "region", "site", "one", "interest"})
CLAIM_CUES = frozenset({"claim", "responsibility"})
SUSPECT_CUES = frozenset({"suspect", "suspected", "accuse", "charge", "arrest", "detain", "blame",
                          "implicate", "convict", "identify"})
# Confidence: a bare trigger starts here and each anchored field adds a step.
BASE_CONFIDENCE = 0.35
FIELD_STEP = 0.1


@dataclass
class _Mention:
    sentence: Sentence
    type: str
    plural: bool
    trigger_i: int
    date: DateValue | None = None
    places: list[tuple[str, Place | None, str]] = field(default_factory=list)  # (name, place, precision)
    countries: list[str] = field(default_factory=list)
    killed: tuple[int | None, int | None] | None = None
    injured: tuple[int | None, int | None] | None = None
    perpetrators: list[str] = field(default_factory=list)
    claimed_by: list[str] = field(default_factory=list)
    suspects: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    victims: list[str] = field(default_factory=list)
    weapons: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    group_mentions: list[Mention] = field(default_factory=list)  # armed groups named in the sentence

    def anchors(self) -> int:
        return sum(bool(x) for x in (self.date and self.date.precision != "unknown", self.places,
                                     self.killed or self.injured, self.perpetrators or self.claimed_by,
                                     self.suspects))


# --- 1. triggers -------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _phrases() -> tuple[tuple[tuple[str, ...], str], ...]:
    """Multi-word triggers as word tuples, longest first: ("set", "fire") -> arson."""
    lex = lexicon()
    words = [(tuple(w.split()), t) for w, t in lex.triggers.items() if " " in w]
    return tuple(sorted(words, key=lambda p: len(p[0]), reverse=True))


def _phrase_matches(span) -> list[tuple[int, int, str]]:
    """(start, end, type) of multi-word triggers, matched on lemmas or surface forms so that
    "burned down" and "set the hall on fire" count like "burn down" and "set on fire"."""
    toks = list(span)
    forms = [(t.lemma_.lower(), t.lower_) for t in toks]
    out: list[tuple[int, int, str]] = []
    taken: set[int] = set()
    for phrase, etype in _phrases():
        n = len(phrase)
        for i in range(len(toks) - n + 1):
            if i in taken:
                continue
            if all(phrase[k] in forms[i + k] for k in range(n)):
                out.append((toks[i].i, toks[i + n - 1].i + 1, etype))
                taken.update(range(i, i + n))
    return out


def _triggers(sent: Sentence) -> list[tuple[int, str, bool, bool]]:
    """(token index, type, plural, weak) for each trigger in the sentence."""
    lex = lexicon()
    span = sent.span
    found: dict[int, tuple[int, str, bool, bool]] = {}
    for start, end, etype in _phrase_matches(span):
        head = span.doc[start:end].root
        found[head.i] = (head.i, etype, head.tag_ in ("NNS", "NNPS"), False)
    for tok in span:
        if tok.i in found or tok.pos_ not in ("NOUN", "VERB", "PROPN", "ADJ"):
            continue
        for form in (tok.lemma_.lower(), tok.lower_):
            etype = lex.triggers.get(form)
            if etype is not None and form in lex.verb_only_triggers and tok.pos_ != "VERB":
                break  # "came under fire", "a big hit": the noun is not an attack
            if etype is not None:
                found[tok.i] = (tok.i, etype, tok.tag_ in ("NNS", "NNPS"), form in lex.weak_triggers)
                break
    return sorted(found.values())


SINGLE_INCIDENT_CUES = frozenset({"twin", "two", "double", "both", "coordinated", "simultaneous",
                                  "three", "triple", "series"})


def _single_incident(tok) -> bool:
    """A plural trigger that still names one incident: the attackers ("suicide bombers",
    "gunmen") or a coordinated attack ("twin blasts", "two explosions")."""
    if tok.lemma_.lower() in lexicon().agent_triggers:
        return True
    return any(c.lower_ in SINGLE_INCIDENT_CUES for c in tok.children)


def _hypothetical(sent: Sentence, token_i: int) -> bool:
    lex = lexicon()
    tok = sent.span.doc[token_i]
    chain = [tok, *list(tok.ancestors)[:3]]
    for t in chain:
        if t.lemma_.lower() in lex.hypothetical_cues or t.lower_ in lex.hypothetical_cues:
            return True
        if any(c.dep_ == "neg" for c in t.children) and t.pos_ == "VERB":
            return True
    return any(c.lemma_.lower() in lex.hypothetical_cues for c in tok.children if c.dep_ in ("aux", "amod"))


# --- 2. frame ----------------------------------------------------------------------------------

def _date(sent: Sentence, trigger_i: int, published: date | None) -> tuple[DateValue, object] | None:
    best = None
    claims = [t.i for t in sent.span if t.lemma_.lower() in CLAIM_CUES]
    dateline = DATELINE.match(sent.text)
    for ent in sent.span.ents:
        if ent.label_ not in ("DATE", "TIME"):  # "Sunday afternoon" is a TIME to spaCy
            continue
        if dateline and ent.end_char - sent.span.start_char <= dateline.end():
            continue  # "NAIROBI, Jan 17 (Reuters) -": the filing date, not the attack's
        to_trigger = min(abs(ent.start - trigger_i), abs(ent.end - 1 - trigger_i))
        if any(min(abs(ent.start - c), abs(ent.end - 1 - c)) < to_trigger for c in claims):
            continue  # the date of the claim, not of the attack ("IS claimed it on 4 January")
        if _dates_other_event(ent, trigger_i):
            continue
        value = resolve_date(ent.text, published)
        if value.precision == "unknown":
            continue
        dist = min(abs(ent.start - trigger_i), abs(ent.end - 1 - trigger_i))
        if best is None or dist < best[0]:
            best = (dist, value, ent)
    return (best[1], best[2]) if best else None


def _historical(sent: Sentence) -> bool:
    """The sentence compares with, or recalls, an earlier attack ("since 2003", "than in 2015")."""
    for ent in sent.span.ents:
        if ent.label_ == "DATE" and ent.start > 0 and ent.doc[ent.start - 1].lower_ in ("since", "than"):
            return True
    return False


DATELINE = re.compile(r"^[A-Z][A-Z .,'’-]{2,40},\s+[^-—–]{0,40}?\s[-—–]+\s")
OTHER_EVENT_NOUNS = frozenset({"coup", "election", "vote", "war", "ceasefire", "truce", "summit",
                               "holiday", "anniversary", "trial", "referendum", "visit", "meeting",
                               "talks", "festival", "invasion", "uprising", "revolution", "takeover"})
AFTERMATH_VERBS = frozenset({"find", "try", "jail", "execute", "free", "rise", "climb", "reach", "increase", "raise", "put", "say", "tell",
                             "announce", "report", "claim", "release", "confirm", "hold", "bury",
                             "mourn", "visit", "arrest", "detain", "charge", "extend", "sentence",
                             "convict", "identify", "name", "publish", "post", "issue", "submit",
                             "resign", "order", "promise", "vow", "condemn", "meet", "declare",
                             "attend", "travel", "leave", "return", "pay", "tour", "honour", "honor",
                             "observe", "call", "urge", "demand", "offer", "announce", "end",
                             "reopen", "deny", "blame", "accuse", "warn", "pledge", "appeal"})


def _dates_other_event(ent, trigger_i: int) -> bool:
    """"since 2004", "the Beslan siege in 2004", "the 2017 bombing": a date that belongs to
    another (earlier) event than the trigger's."""
    doc = ent.doc
    before = doc[ent.start - 1].lower_ if ent.start > 0 else ""
    if before in ("since", "than", "until"):
        return True
    head = ent.root.head
    if head.dep_ == "prep" or head.pos_ == "ADP":
        head = head.head
    if head.pos_ == "VERB" and head.lemma_.lower() in AFTERMATH_VERBS:
        return True  # "the toll rose to 100 on Tuesday", "police arrested two men on Monday"
    # "the 2015 bombing", "July's failed coup": a date that names another attack, or another
    # kind of event, dates that other thing
    lemma = head.lemma_.lower()
    return head.i != trigger_i and head.pos_ == "NOUN" and (
        lemma in OTHER_EVENT_NOUNS or lemma in lexicon().triggers or head.lower_ in lexicon().triggers)


def _is_agentive(index: ActorIndex, sent: Sentence, start: int) -> bool:
    m = index.at(sent.index, start)
    return m is not None and index.kind(m.key) == "government"


LOCATIVE_PREPS = frozenset({"in", "at", "near", "outside", "inside", "across", "around", "into",
                            "throughout", "within", "through", "along", "beside", "off"})


_NON_EVENT_OWNERS = frozenset({"government", "embassy", "official", "authority", "ministry", "court",
                               "regime", "leadership", "spokesman", "office", "correspondent", "base",
                               "summit", "conference", "meeting", "talks", "visit", "trip", "tour",
                               "university", "school", "student", "parent", "relative", "family",
                               "hospital", "doctor", "funeral", "burial", "vigil", "rally", "protest"})


def _locative(ent) -> bool:
    """The entity names where something happened: the object of a locative preposition
    ("in Iran, Pakistan and Turkey", "at the Crocus City Hall concert venue"), directly, through
    a coordination or apposition, or as the name part of such an object."""
    # spaCy's root of "the Crocus City Hall" (all four attached to "venue") is "the"
    tok = ent[1:].root if len(ent) > 1 and ent[0].dep_ == "det" else ent.root
    for _ in range(4):
        if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lower_ in SETTLEMENT_WORDS:
            tok = tok.head.head  # "the village of Duma"
            continue
        if tok.dep_ in ("conj", "appos") or (tok.dep_ == "compound" and tok.head.lower_ in VENUE_WORDS | {"city", "province", "region", "district", "town", "village"}):
            tok = tok.head
            continue
        break
    if tok.dep_ == "pobj" and tok.head.lower_ in LOCATIVE_PREPS:
        owner = tok.head.head
        if owner.pos_ in ("NOUN", "PROPN") and owner.lemma_.lower() in _NON_EVENT_OWNERS:
            return False  # "the Taliban government in Kabul", "the US embassy in Moscow"
        return True
    if tok.dep_ == "pobj" and tok.head.lower_ in ("on", "against") and ent.label_ in ("FAC", "ORG") and \
            any(t.lower_ in VENUE_WORDS for t in ent):
        return True  # "the attack on Garissa University College": the venue is the place
    return tok.dep_ in ("npadvmod",) and tok.i == ent.start == 0  # datelines: "KABUL - ..."


def _places(sent: Sentence, index: ActorIndex, hint: str | None = None) -> list[tuple[str, Place | None, str, object]]:
    out = []
    doc = sent.span.doc
    for ent in sent.span.ents:
        if ent.label_ not in ("GPE", "LOC", "FAC", "ORG"):
            continue
        if index.at(sent.index, ent.start) is not None and ent.label_ != "FAC":
            continue  # an actor ("Pakistan blames", "Isis"), not a place
        nxt = doc[ent.end].text if ent.end < len(doc) else ""
        after = doc[ent.end + 1] if ent.end + 1 < len(doc) else None
        text = ent.text[4:] if ent.text.lower().startswith("the ") else ent.text
        words = {t.lower_ for t in ent}
        if ent.label_ == "GPE" and nxt in ("'s", "’s") and any(
                t.lower_ in VENUE_WORDS for t in doc[ent.end + 1:min(len(doc), ent.end + 4)]):
            pass  # "Kabul's airport", "Istanbul's Istiklal Avenue": the city of the venue
        elif nxt in ("'s", "’s", "-") or not _locative(ent):
            continue  # "Israel's war", "Islamabad-based": attributes, not where the attack was
        elif ent.label_ in ("GPE", "LOC") and nxt.lower() in VENUE_WORDS:
            # "Santa Maria church": the name of a venue, not a town
            out.append((f"{text} {nxt}", None, "venue", ent))
            continue
        if ent.label_ in ("FAC", "ORG"):
            if ent.label_ == "ORG" and not words & VENUE_WORDS:
                continue
            out.append((text, None, "venue", ent))
            continue
        if demonym_country(ent.text) is not None and country_by_name(ent.text) is None:
            continue
        place = geocode(text, hint)
        if place is None:
            continue
        if hint and place.country_code != hint and _foreign_homonym(text, place, words | {nxt.lower()}):
            continue  # "Medina district" of Mogadishu is not Medina in Saudi Arabia
        out.append((text, place, place.precision, ent))
    return out


DATELINE_PLACE = re.compile(r"^(?P<place>[A-Z][A-Z .'’-]{2,30}?)(?:,[^—–\n]{0,40})?\s*(?:\([^)]{0,30}\))?\s*[—–-]+\s")


def _dateline_place(sent: Sentence, hint: str | None) -> list:
    """"ISTANBUL — An explosion tore through...": the dateline city, when the sentence names
    no other place."""
    m = DATELINE_PLACE.match(sent.text)
    if not m:
        return []
    name = m.group("place").strip().title()
    place = geocode(name, hint)
    if place is None:
        return []
    span = sent.span.char_span(m.start("place"), m.start("place") + len(m.group("place").strip()),
                               alignment_mode="expand")
    return [(place.name, place, place.precision, span)] if span is not None else []


def _proper_name_places(sent: Sentence, index: ActorIndex, hint: str | None) -> list:
    """When NER names no place: runs of proper nouns after a locative preposition or inside
    parentheses ("in Kidal (Kidal)", "near Damboa (Borno)") that the gazetteer knows."""
    out = []
    doc = sent.span.doc
    toks = list(sent.span)
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
        if before in LOCATIVE_PREPS | {"(", ","}:
            span = doc[toks[i].i:toks[j].i + 1]
            place = geocode(span.text, hint or next(iter(sorted(active)), None))
            if place is not None and (not active or place.country_code in active):
                out.append((span.text, place, place.precision, span))
        i = j + 1
    order = {"city": 0, "region": 1, "country": 2}
    return sorted(out, key=lambda p: order.get(p[2], 3))


# Cities this large are named abroad as themselves (Paris, Karachi), not as homonyms of a
# quarter or village in the article's country; set between Medina (1.3 M) and Paris (2.1 M).
HOMONYM_MAX_POPULATION = 1_500_000


def _foreign_homonym(name: str, place: Place, words: set[str]) -> bool:
    """A name read as a town abroad while the article is about another country: wrong when it
    names a quarter ("Medina district") or when the name has towns in several countries."""
    if words & QUARTER_WORDS:
        return True
    return place.precision == "city" and place.population < HOMONYM_MAX_POPULATION and \
        len({c.country_code for c in candidates(name)}) > 1


def country_hint(annotated: AnnotatedArticle) -> str | None:
    """The country an article is mostly about: the most frequent country among its place
    names (countries named outright count double). Used to read ambiguous town names."""
    counts: dict[str, int] = {}
    for sent in annotated.sentences:
        for ent in sent.span.ents:
            if ent.label_ != "GPE":
                continue
            country = country_by_name(ent.text)
            place = country or geocode(ent.text)
            if place is not None:
                counts[place.country_code] = counts.get(place.country_code, 0) + (2 if country else 1)
    return max(counts, key=counts.get) if counts else None


def _fill_actors(m: _Mention, sent: Sentence, index: ActorIndex) -> None:
    doc = sent.span.doc
    mentions = index.in_sentence(sent.index)
    if not mentions:
        return
    lemmas = {t.i: t.lemma_.lower() for t in sent.span}
    claim_is = [i for i, l in lemmas.items() if l in CLAIM_CUES]
    suspect_is = [i for i, l in lemmas.items() if l in SUSPECT_CUES]
    groups = [x for x in mentions if index.kind(x.key) == "armed_group"]
    claimants = {x.key for x in groups if _claimant(doc[x.start:x.end].root, claim_is)}
    # "the Islamic State group issued a statement saying one of its members carried out the
    # bombing", "Isis has said one of its suicide bombers drove...": a group speaking about the
    # attack claims it
    speaking = {x.key for x in groups if _speaks(doc[x.start:x.end].root)}
    if speaking and not claimants:
        claim_is = claim_is or [m.trigger_i]
        claimants = speaking
    for x in mentions:
        kind = index.kind(x.key)
        head = doc[x.start:x.end].root
        is_agent_of_suspicion = head.dep_ == "pobj" and head.head.dep_ == "agent" and \
            head.head.head.lemma_.lower() in SUSPECT_CUES
        if kind == "armed_group" and claim_is and (x.key in claimants or (
                not claimants and min(abs(x.start - i) for i in claim_is) <= 8)):
            m.claimed_by.append(x.key)
            m.evidence.append(_ev(sent, x, "claimed_by"))
        elif suspect_is and not is_agent_of_suspicion and kind in ("person", "descriptor", "armed_group") \
                and min(abs(x.start - i) for i in suspect_is) <= 6:
            m.suspects.append(x.key)
            m.evidence.append(_ev(sent, x, "suspects"))
            if kind == "armed_group":
                # GTD codes a suspected group as the perpetrator (with its doubt noted): so do
                # we, and the group stays listed among the suspects
                m.perpetrators.append(x.key)
        elif kind == "armed_group" and (len(groups) == 1 or _agent_of(head, m.trigger_i)):
            m.perpetrators.append(x.key)
            m.evidence.append(_ev(sent, x, "perpetrators"))


CLAIM_SPEECH_VERBS = frozenset({"say", "state", "announce", "issue", "publish", "release", "post", "declare"})


def _speaks(head) -> bool:
    if head.dep_ in ("appos", "compound") and head.head.dep_ == "nsubj":
        head = head.head  # "the Somali Islamist group al-Shabab said"
    return head.dep_ == "nsubj" and head.head.lemma_.lower() in CLAIM_SPEECH_VERBS


def _claimant(head, claim_is: list[int]) -> bool:
    """The group is the subject of "claim" or the agent of "claimed by"."""
    if head.dep_ in ("nsubj", "nsubjpass") and head.head.i in claim_is:
        return True
    return head.dep_ == "pobj" and head.head.dep_ == "agent" and head.head.head.i in claim_is


def _agent_of(head, trigger_i: int) -> bool:
    """The group is the subject, agent, possessor or modifier of the trigger."""
    if head.dep_ in ("nsubj", "compound", "poss", "amod") and head.head.i == trigger_i:
        return True
    if head.dep_ == "pobj" and (head.head.dep_ == "agent" or head.head.lower_ == "by"):
        return True  # "attacks carried out by Islamic State", "an attack by the group"
    # the subject of a clause whose verb governs the trigger ("militants stormed... killing")
    return head.dep_ == "nsubj" and any(a.i == trigger_i for a in head.head.subtree)


def _ev(sent: Sentence, item, field_name: str) -> Evidence:
    if isinstance(item, Mention):
        start, end = item.char_start, item.char_end
    else:
        start, end = sent.offset(item)
    return Evidence("", sent.index, start, end, sent.text, field_name)


def _weapons(sent: Sentence) -> list[tuple[str, str, int, int]]:
    text = sent.text.lower()
    found: list[tuple[str, str, int, int]] = []
    for word in sorted(lexicon().weapons, key=len, reverse=True):
        for m in re.finditer(rf"\b{re.escape(word)}\b", text):
            if any(s <= m.start() < e for _, _, s, e in found):
                continue
            found.append((word, lexicon().weapons[word], m.start(), m.end()))
    return sorted(found, key=lambda w: w[2])


def _victims_targets(m: _Mention, sent: Sentence) -> None:
    lex = lexicon()
    for tok in sent.span:
        lemma = tok.lemma_.lower()
        if lemma in ("kill", "injure", "wound", "kidnap", "abduct", "shoot", "murder", "assassinate", "stab"):
            for child in tok.children:
                if child.dep_ in ("dobj", "nsubjpass") and child.pos_ in ("NOUN", "PROPN"):
                    victim = sent.span.doc[child.left_edge.i:child.right_edge.i + 1]
                    phrase = sent.span.doc[child.left_edge.i:child.i + 1].text
                    if phrase not in m.victims:
                        m.victims.append(phrase)
                    if lemma in ("kill", "shoot", "murder", "stab") and child.tag_ != "NNS" and \
                            m.type not in ("bombing", "arson") and \
                            any(t.lower_ in lex.high_profile_roles for t in victim):
                        m.type = "assassination"  # a prominent person singled out
        if lemma in ("attack", "bomb", "storm", "target", "hit", "raid", "torch", "bombing", "strike"):
            for child in tok.children:
                obj = None
                if child.dep_ == "dobj" and tok.pos_ == "VERB":
                    obj = child
                elif child.dep_ == "prep" and child.lower_ in ("on", "against") and tok.pos_ == "NOUN":
                    obj = next((g for g in child.children if g.dep_ == "pobj"), None)
                if obj is not None and obj.pos_ in ("NOUN", "PROPN") and \
                        obj.lemma_.lower() not in lex.people_nouns | GENERIC_TARGETS:
                    phrase = sent.span.doc[obj.left_edge.i:obj.i + 1].text
                    if phrase not in m.targets:
                        m.targets.append(phrase)


KILL_VERBS = frozenset({"kill", "murder", "assassinate", "behead", "execute", "slay", "lynch"})


def _single_victim(sent: Sentence):
    """One person killed, said without a number: "the ambassador was shot dead", "gunmen
    killed a worshipper". Returns the victim's token, or None."""
    for tok in sent.span:
        lemma = tok.lemma_.lower()
        if tok.pos_ != "VERB":
            continue
        dead = any(c.lower_ == "dead" for c in tok.children) or \
            (tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "dead")
        if lemma not in KILL_VERBS and not (lemma in ("shoot", "stab", "gun") and dead):
            continue
        for child in tok.children:
            if child.dep_ in ("nsubjpass", "dobj") and child.tag_ in ("NN", "NNP") and \
                    not any(g.pos_ == "NUM" or g.lower_ in ("two", "both", "several") for g in child.children):
                if child.dep_ == "nsubjpass" or any(g.lower_ in ("a", "an", "the", "his", "her") for g in child.children) \
                        or child.tag_ == "NNP":
                    return child
    return None


def _mention(sent: Sentence, index: ActorIndex, published: date | None, hint: str | None,
             previous: Sentence | None = None) -> _Mention | None:
    triggers = [t for t in _triggers(sent) if not _hypothetical(sent, t[0])]
    if not triggers:
        return _attribution(sent, index)
    counts = find_counts(sent.text)
    weapons = _weapons(sent)
    strong = [t for t in triggers if not t[3]]
    fighters = any(t.lemma_.lower() in lexicon().fighter_nouns for t in sent.span)
    if not strong and not counts and not weapons and not fighters and \
            not index.in_sentence(sent.index, ("armed_group",)):
        return None
    triggers.sort(key=lambda t: (t[3], TYPE_PRIORITY.index(t[1])))
    trigger_i, etype, _, _ = triggers[0]
    plural = all(t[2] and not _single_incident(sent.span.doc[t[0]]) for t in triggers)
    if etype == "unknown":
        implied = [w[1] for w in weapons if w[1] in TYPE_PRIORITY]
        if implied:
            etype = min(implied, key=TYPE_PRIORITY.index)
    m = _Mention(sent, etype, plural, trigger_i)
    m.evidence.append(_ev(sent, sent.span.doc[trigger_i], "type"))
    found = _date(sent, trigger_i, published)
    if found is None and _historical(sent):
        # "the deadliest bombing in Bogotá since 2003, when a car bomb blamed on the FARC...":
        # a comparison with the past; its figures and culprits belong to the older attack
        return m
    if found is None and previous is not None:
        # narrative context: "On Friday, March 22, gunmen entered the hall. They shot ..."
        found = _date(previous, previous.span.end, published)
        date_sent = previous
    else:
        date_sent = sent
    if found:
        m.date = found[0]
        m.evidence.append(_ev(date_sent, found[1], "date"))
    places = _places(sent, index, hint) or _proper_name_places(sent, index, hint) or \
        _dateline_place(sent, hint)
    place_sent = sent
    if not places and previous is not None:
        places, place_sent = _places(previous, index, hint), previous
    for name, place, precision, ent in places:
        m.places.append((name, place, precision))
        if place is not None and place.country not in m.countries:
            m.countries.append(place.country)
        m.evidence.append(_ev(place_sent, ent, "place"))
    for count in counts:
        rng = (count.low, count.high)
        start = sent.start + count.start
        m.evidence.append(Evidence("", sent.index, start, sent.start + count.end, sent.text, count.kind))
        # within a sentence the first figure of each kind is the attack's ("killing four people
        # and wounding 23 before being shot dead" -- the attacker is not a fifth victim)
        if count.kind == "killed" and m.killed is None:
            m.killed = rng
        elif count.kind == "injured" and m.injured is None:
            m.injured = rng
    if m.killed is None and (m.date is not None or m.places):
        # counted only where the sentence pins the attack down: a passing "the attack killed
        # the candidate" must not make a new event of its own
        single = _single_victim(sent)
        if single is not None:
            m.killed = (1, 1)
            start, end = sent.offset(single)
            m.evidence.append(Evidence("", sent.index, start, end, sent.text, "killed"))
    for word, _, s, e in weapons:
        if word not in m.weapons:
            m.weapons.append(word)
            m.evidence.append(Evidence("", sent.index, sent.start + s, sent.start + e, sent.text, "weapons"))
    _fill_actors(m, sent, index)
    m.group_mentions = index.in_sentence(sent.index, ("armed_group",))
    _victims_targets(m, sent)
    return m


def _attribution(sent: Sentence, index: ActorIndex) -> _Mention | None:
    """A sentence that blames an armed group without naming the attack ("the president blamed
    al-Shabaab") says who is suspected of the attack told around it."""
    lex = lexicon()
    for tok in sent.span:
        if tok.pos_ != "VERB" or tok.lemma_.lower() not in lex.accuse_verbs:
            continue
        for x in index.in_sentence(sent.index, ("armed_group",)):
            if x.start > tok.i:
                m = _Mention(sent, "unknown", False, tok.i)
                m.suspects.append(x.key)
                m.perpetrators.append(x.key)
                m.evidence.append(_ev(sent, x, "suspects"))
                return m
    return None


# --- 3 and 4. aggregate split, merge ---------------------------------------------------------------

def _split_aggregate(m: _Mention) -> list[_Mention]:
    countries = m.countries
    if not (m.plural or len(countries) > 1):
        return [m]
    m.plural = True
    if len(countries) <= 1:
        return [m]
    out = []
    for country in countries:
        part = replace(m, countries=[country],
                       places=[p for p in m.places if p[1] is not None and p[1].country == country],
                       evidence=list(m.evidence))
        out.append(part)
    return out


@dataclass
class _Cluster:
    mentions: list[_Mention]

    @property
    def aggregate(self) -> bool:
        return self.mentions[0].plural

    def value(self, attr: str):
        for x in self.mentions:
            v = getattr(x, attr)
            if v:
                return v
        return None

    def date(self) -> DateValue | None:
        best = None
        for x in self.mentions:
            if x.date is not None and (best is None or narrower(x.date, best)):
                best = x.date
        return best

    def countries(self) -> set[str]:
        return {c for x in self.mentions for c in x.countries}

    def keys(self, attr: str) -> set[str]:
        return {k for x in self.mentions for k in getattr(x, attr)}


def _compatible(c: _Cluster, m: _Mention, bare: bool = False) -> bool:
    if c.aggregate != m.plural:
        return False
    cd = c.date()
    if bare:
        # a mention with nothing of its own ("the attack, claimed by ISIS, killed...") only
        # has to agree on the date; its incidental places and type do not pin it elsewhere
        return cd is None or m.date is None or overlaps(interval(cd), interval(m.date))
    types = {x.type for x in c.mentions} - {"unknown"}
    if m.type != "unknown" and types and m.type not in types:
        # different specific types may still be one attack ("gunmen stormed... then set fire")
        if m.date is None or c.date() is None:
            return False
    cd = c.date()
    if cd is not None and m.date is not None and not overlaps(interval(cd), interval(m.date)):
        return False
    cc, mc = c.countries(), set(m.countries)
    if cc and mc and not cc & mc:
        return False
    if c.aggregate:
        return bool(cc & mc) or not mc
    # two specific mentions are one attack unless their places disagree at city level
    cities = {p[0].lower() for x in c.mentions for p in x.places if p[2] == "city"}
    m_cities = {p[0].lower() for p in m.places if p[2] == "city"}
    if cities and m_cities and not cities & m_cities:
        return False
    return True


# a mention with no date, place or figure ("the attack", "militants striking Chinese
# interests") only joins an event told just before it (within this many sentences), unless it
# is a claim of responsibility or an accusation, which joins the latest event wherever it stands
ANAPHORA_WINDOW = 3


def _bare(m: _Mention) -> bool:
    """Nothing that pins the mention to one incident: no day or month, no place finer than a
    country, no casualty figure. Such a mention may join an event but never starts one."""
    dated = m.date is not None and m.date.precision in ("day", "month")
    placed = any(p[2] in ("venue", "city", "region") for p in m.places)
    return not (dated or placed or m.killed or m.injured)


def _merge(mentions: list[_Mention]) -> list[_Cluster]:
    clusters: list[_Cluster] = []
    for m in mentions:
        target = next((c for c in reversed(clusters) if _compatible(c, m)), None)
        if _bare(m) and not m.plural:
            target = next((c for c in reversed(clusters) if _keep(c) and _compatible(c, m, bare=True)), None)
            near = target is not None and (
                m.claimed_by or m.suspects or m.sentence.index - target.mentions[-1].sentence.index <= ANAPHORA_WINDOW)
            if near:
                target.mentions.append(m)
        elif target is None:
            clusters.append(_Cluster([m]))
        else:
            target.mentions.append(m)
    return clusters


def _keep(c: _Cluster) -> bool:
    if c.aggregate:
        return bool(c.countries())
    anchors = max(x.anchors() for x in c.mentions)
    specific = any(x.date is not None and x.date.precision in ("day", "month") for x in c.mentions) or \
        any(p[2] in ("venue", "city") for x in c.mentions for p in x.places) or \
        any(x.killed or x.injured for x in c.mentions)
    known_type = any(x.type != "unknown" for x in c.mentions)
    return specific and anchors >= (1 if known_type else 2)


def _place_of(c: _Cluster, article_countries: list[str]) -> tuple[str | None, str, Place | None, str | None]:
    """(place name, precision, geocoded place for coordinates, country)."""
    order = {"venue": 0, "city": 1, "region": 2, "country": 3}
    places = [p for x in c.mentions for p in x.places]
    counts: dict[str, int] = {}
    for p in places:
        counts[p[0]] = counts.get(p[0], 0) + 1
    # the most precise level first; within it the place named most often, then the first named
    places.sort(key=lambda p: (order.get(p[2], 9), -counts[p[0]]))
    coded = [p for p in places if p[1] is not None]
    country = coded[0][1].country if coded else None
    if country is None:
        # a nationality word in the event's own sentences ("a Russian soldier secures...")
        for x in c.mentions:
            for tok in x.sentence.span:
                inside_group = any(mm.start <= tok.i < mm.end for mm in x.group_mentions)
                found = demonym_country(tok.text) if tok.text[:1].isupper() and not inside_group else None
                if found and found[0] and not found[1]:
                    place = country_by_code(found[0])
                    if place is not None:
                        country = place.country
                        coded = [(place.country, place, "country")]
                        break
            if country:
                break
    if country is None and len(article_countries) == 1:
        place = country_by_name(article_countries[0])  # a country name
        if place is not None:
            country, coded = place.country, [(place.country, place, "country")]
    if not places:
        return (country, "country", coded[0][1], country) if coded else (None, "unknown", None, None)
    name, _, precision = places[0]
    if coded and coded[0][1].country != country:
        coded = [p for p in coded if p[1].country == country] or coded
    if precision == "venue":
        city = next((p for p in coded if p[2] in ("city", "region")), None)
        if city is not None:
            name = f"{name}, {city[0]}"
    return name, precision, coded[0][1] if coded else None, country


def _armed_attack(c: _Cluster) -> bool:
    hurt = any(x.killed or x.injured for x in c.mentions)
    armed = any(x.perpetrators or x.claimed_by for x in c.mentions) or any(
        t.lemma_.lower() in lexicon().fighter_nouns for x in c.mentions for t in x.sentence.span)
    return hurt and armed and not any(x.weapons for x in c.mentions)


def _confidence(c: _Cluster) -> float:
    fields = [c.date(), c.countries(), c.value("killed") or c.value("injured"),
              c.keys("perpetrators") | c.keys("claimed_by"), c.value("weapons")]
    score = BASE_CONFIDENCE + FIELD_STEP * sum(bool(f) for f in fields) + 0.05 * min(3, len(c.mentions) - 1)
    return round(min(score, 0.95), 2)


def _to_event(key: str, c: _Cluster, article_id: str, article_countries: list[str]) -> Event:
    # the type comes from the mentions that pin the attack down; a passing "the attack,
    # claimed by ISIS, killed the candidate" does not retype a bombing
    typed = [x for x in c.mentions if not _bare(x)] or c.mentions
    types = [x.type for x in typed if x.type != "unknown"]
    etype = min(types, key=TYPE_PRIORITY.index) if types else "unknown"
    implied = [lexicon().weapons.get(w) for x in c.mentions for w in x.weapons]
    implied = [t for t in implied if t in TYPE_PRIORITY and t != "unknown"]
    if etype == "unknown" and implied:
        etype = min(implied, key=TYPE_PRIORITY.index)
    if etype == "unknown" and not c.aggregate and _armed_attack(c):
        # coders' default: armed attackers who kill or wound, with no bomb, fire or abduction
        # mentioned, carried out an armed assault
        etype = "armed_assault"
    d = c.date()
    name, precision, place, country = _place_of(c, article_countries)
    killed = max((x.killed for x in c.mentions if x.killed), key=lambda r: r[0] or 0, default=None)
    injured = max((x.injured for x in c.mentions if x.injured), key=lambda r: r[0] or 0, default=None)
    claimed = list(dict.fromkeys(k for x in c.mentions for k in x.claimed_by))
    perps = list(dict.fromkeys([*claimed, *(k for x in c.mentions for k in x.perpetrators)]))
    suspects = [k for k in dict.fromkeys(k for x in c.mentions for k in x.suspects) if k not in perps]
    evidence = tuple(replace(e, article_id=article_id) for x in c.mentions for e in x.evidence)
    return Event(
        key=key, type=etype,
        date=d.value if d else None, date_end=d.end if d else None,
        date_precision=d.precision if d else "unknown",
        country=country, place=name, place_precision=precision if name else "unknown",
        latitude=place.latitude if place else None, longitude=place.longitude if place else None,
        killed_min=killed[0] if killed else None, killed_max=killed[1] if killed else None,
        injured_min=injured[0] if injured else None, injured_max=injured[1] if injured else None,
        perpetrators=tuple(perps), claimed_by=tuple(claimed), suspects=tuple(suspects),
        targets=tuple(dict.fromkeys(t for x in c.mentions for t in x.targets)),
        victims=tuple(dict.fromkeys(v for x in c.mentions for v in x.victims)),
        weapons=tuple(dict.fromkeys(w for x in c.mentions for w in x.weapons)),
        aggregate=c.aggregate,
        summary=c.mentions[0].sentence.text.strip()[:300],
        evidence=evidence,
        confidence=_confidence(c),
    )


def tells_an_attack(annotated: AnnotatedArticle) -> bool:
    """Some sentence reports an attack (a trigger not governed by a plot, fear or plan)."""
    return any(not _hypothetical(s, t[0]) for s in annotated.sentences for t in _triggers(s))


def find_events(annotated: AnnotatedArticle, index: ActorIndex) -> tuple[Event, ...]:
    article = annotated.article
    mentions: list[_Mention] = []
    hint = country_hint(annotated)
    previous: Sentence | None = None
    for sent in annotated.sentences:
        context = previous if previous is not None and previous.paragraph.start == sent.paragraph.start else None
        m = _mention(sent, index, article.published, hint, context)
        previous = sent
        if m is not None:
            mentions.extend(_split_aggregate(m))
    clusters = [c for c in _merge(mentions) if _keep(c)]
    article_countries = sorted({c for m in mentions for c in m.countries})
    return tuple(_to_event(f"e{i}", c, article.id, article_countries) for i, c in enumerate(clusters, 1))
