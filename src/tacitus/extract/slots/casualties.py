"""The casualty slot: toll statements read from parsed sentences, combined into one event's
killed and injured figures the way GTD and ACLED coders do.

``tolls_in(sentence)`` reads every toll statement of one sentence; ``combine(tolls)`` turns
the statements of all the sentences of one event into its figures. The words live in the
language pack (``lang/en/casualties.yaml``, ``lang/en/numbers.yaml``, ``lang/en/actors.yaml``);
number phrases are read by ``tacitus.extract.numbers.parse_count``.

Reading a sentence (the numbers recur as comments in the code):

R1. A coded figure ("Fatalities coded as 110", "coded as 47 for this event") is read by the
    pack's ``coded_patterns`` and marked ``coded``.
R2. Predicates of death and injury are found by lemma: verbs ("were killed", "killing",
    "died", "wounding"), verbs with a word that makes them lethal ("shot dead", "burned to
    death", "gunned down", "fatally shot", "lost their lives"), adjectives and nouns ("43
    dead", "13 fatalities", "no injuries"), toll nouns ("the toll rose to 137", "a toll of at
    least 110", "put the toll at 100") and, in the passive with no other predicate, wounding
    verbs ("was shot in the head" is one injured).
R3. Each predicate's victims come from the dependency parse: the subject of a passive or of an
    intransitive ("died"), the object of an active verb, the predicate noun itself with its
    numeral, the head of "left N dead"; a passive without a subject takes the subject of the
    clause it hangs from ("before being shot dead" is the gunman). When the parse gives
    nothing countable, the words next to the predicate are read instead (R8).
R4. A victims phrase is counted conjunct by conjunct and the conjuncts add up ("Four employees
    and all three assailants" = 4 + 3); each conjunct is read by ``parse_count`` without its
    appositions, relative clauses and prepositional phrases ("51 people, 40 of them children"
    = 51; "including the bomber" stays inside). Singular phrases count one ("the priest", "a
    Rwandan peacekeeper", "his 14-year-old son", a named person, "him"). A list after a
    generic figure that adds up to it is a breakdown, not more victims ("Twenty-six people, 25
    tourists and a local pony handler" = 26). Conjuncts whose head is an assailant noun are the
    assailants' share; an assailant inside "including ..." makes the statement ``mixed``.
    Heads that are not people (vehicles, shells, camps, years, kilometres) never count.
R5. Flags: ``update`` (a toll noun under "rose", "climbed", "reached"), ``superseded`` ("initial
    reports", "an earlier toll"), ``elsewhere`` (the pack's ``elsewhere_patterns`` in the
    predicate's own clause: "recorded separately", "across the region", "which together
    killed"; or a past-perfect clause under "after" that tells an earlier killing),
    ``subset`` ("Among the dead were 9 staff", "the dead included"), ``claimed`` (a side's own
    claim of kills: "claimed to have killed dozens"), ``vague`` (no figure, only "several",
    "dozens"), ``zero`` ("No one was killed", "no injuries", "no soldiers were hurt"),
    ``additive`` ("two others", "also", "more").
R6. Additions: "in addition to the bomber", "along with all seven assailants" and "as were all
    four assailants" add their phrase to the predicate they hang from.
R7. Zeros the parse misses are read by the pack's ``zero_patterns`` ("There were no
    casualties." is a zero for both kinds).
R8. Fallback: next to a predicate the parse left without victims, the nearest noun phrase is
    read from the surface words (left of a passive or intransitive, right of an active verb).

Combining one event's statements (the codebook rules):

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

import re
from dataclasses import dataclass, field, replace
from typing import Iterable, Sequence

from spacy.tokens import Span, Token

from ...annotate import Sentence
from ...lang import LanguagePack, pack as default_pack
from ..numbers import number_phrase_pattern, parse_count

__all__ = ["Toll", "Casualties", "tolls_in", "combine"]

KILLED, INJURED = "killed", "injured"
VICTIMS, ASSAILANTS, MIXED = "victims", "assailants", "mixed"

# R8: how far the surface fallback reads from a predicate, in tokens. Toll lists in the
# coder_dev notes and the unit tests run to 14 tokens ("Six French employees of the NGO ACTED,
# their Nigerien guide and their driver"); 16 leaves room, and the scan stops anyway at the
# first verb, preposition or bracket.
FALLBACK_WINDOW = 16
# R3: how many heads a passive without a subject climbs to find the clause's subject
# ("grazing ..., before being shot dead": shot -> before -> grazing -> opened).
SUBJECT_CLIMB = 4
# R4: a list after a generic figure is a breakdown when its parts add up to no more than the
# figure plus this many ("Twenty-six people, 25 tourists and a local pony handler" = 26).
BREAKDOWN_SLACK = 0
# R4: a wire dateline ("PESHAWAR, Pakistan (AP) -") ends within this many tokens of the
# sentence start; the longest in coder_dev and the tests is 7 tokens.
DATELINE_TOKENS = 10
# R5: how many heads above a predicate an "also" / "then" may stand ("He then drove home, where
# he killed his mother": killed -> home -> drove).
ADDITIVE_CLIMB = 2

# dependency labels of a conjunct's children that are not part of its count (R4)
_NOT_COUNTED = frozenset({"conj", "cc", "appos", "relcl", "acl", "punct", "prep", "advcl",
                          "npadvmod", "parataxis", "dep"})
_SINGULAR_DETS = frozenset({"a", "an", "the", "his", "her", "their", "its", "another", "one",
                            "each", "this", "that", "our", "my", "your"})
_PRONOUN_ONE = frozenset({"him", "her", "he", "she"})
_REFLEXIVE = frozenset({"himself", "herself"})
_SUBJECTS = ("nsubjpass", "nsubj")


@dataclass(frozen=True)
class Toll:
    kind: str                 # "killed" | "injured"
    low: int | None
    high: int | None          # None: open ("at least N")
    group: str                # "victims" | "assailants" | "mixed"
    sentence: int             # Sentence.index
    start: int                # article offsets of the evidence span
    end: int
    text: str                 # the sentence text (for Evidence)
    coded: bool = False       # an ACLED "coded as N" figure: overrides all others
    zero: bool = False        # an explicit zero
    update: bool = False      # "the toll rose to N": replaces earlier figures of its kind
    elsewhere: bool = False   # a figure for a wider area or other events: not this event's
    subset: bool = False      # "Among the dead were 9 staff ...": inside another figure
    vague: bool = False       # no figure, only "several", "dozens", "many"
    # added fields
    superseded: bool = False  # "initial reports spoke of 43 dead": replaced by any other
    claimed: bool = False     # a side's claim of kills: used only when nothing else is said
    additive: bool = False    # "two others", "also": more victims than a figure said before
    category: str = ""        # the victims' head lemmas, "+"-joined ("soldier+civilian")
    generic: bool = False     # the figure counts everyone ("people", "fatalities")
    statement: int = -1       # the predicate's token index: tolls of one statement add up
    inside: int = 0           # assailants counted inside a mixed figure


@dataclass(frozen=True)
class Casualties:
    killed: tuple[int | None, int | None] | None
    injured: tuple[int | None, int | None] | None
    assailants_killed: int | None
    used: tuple[Toll, ...] = field(default_factory=tuple)


# --- the words --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Words:
    killed: frozenset[str]
    injured: frozenset[str]
    casualty: frozenset[str]
    count_nouns: frozenset[str]
    phrases: dict[str, frozenset[str]]
    wounding: frozenset[str]
    intransitive: frozenset[str]
    body_parts: frozenset[str]
    tolls: tuple[tuple[str, ...], ...]
    updates: frozenset[str]
    superseded: frozenset[str]
    claims: frozenset[str]
    earlier_marks: frozenset[str]
    generic: frozenset[str]
    additive: frozenset[str]
    additions: tuple[tuple[str, ...], ...]
    not_victims: frozenset[str]
    assailants: frozenset[str]
    forces: frozenset[str]
    civilians: frozenset[str]
    coded: tuple[re.Pattern[str], ...]
    zeros: tuple[re.Pattern[str], ...]
    elsewhere: tuple[re.Pattern[str], ...]


_WORDS: dict[int, tuple[LanguagePack, _Words]] = {}


def _words(p: LanguagePack) -> _Words:
    cached = _WORDS.get(id(p))
    if cached is not None and cached[0] is p:
        return cached[1]
    num = number_phrase_pattern(p)

    def compiled(name: str) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(x.replace("{num}", num), re.IGNORECASE)
                     for x in p.patterns[name])

    w = _Words(
        killed=p.words("killed_words"), injured=p.words("injured_words"),
        casualty=p.words("casualty_nouns"), count_nouns=p.words("toll_count_nouns"),
        phrases={k: frozenset(v.split("|")) for k, v in p.map("killing_phrases").items()},
        wounding=p.words("wounding_verbs"), intransitive=p.words("intransitive_killing_verbs"), body_parts=p.words("body_part_nouns"),
        tolls=tuple(sorted((tuple(t.split()) for t in p.words("toll_nouns")), key=len, reverse=True)),
        updates=p.words("update_verbs"), superseded=p.words("superseded_words"),
        claims=p.words("claim_verbs"), earlier_marks=p.words("earlier_event_marks"),
        generic=p.words("generic_victim_nouns"), additive=p.words("additive_words"),
        additions=tuple(sorted((tuple(a.split()) for a in p.words("addition_phrases")), key=len, reverse=True)),
        not_victims=p.words("not_victim_nouns"),
        assailants=frozenset(a for a in p.words("assailant_nouns") if " " not in a),
        forces=frozenset(x.split()[-1] for x in p.words("force_nouns") | p.words("police_nouns")),
        civilians=p.words("civilian_nouns"),
        coded=compiled("coded_patterns"), zeros=compiled("zero_patterns"),
        elsewhere=compiled("elsewhere_patterns"),
    )
    _WORDS[id(p)] = (p, w)
    return w


def _lemma(t: Token) -> str:
    return t.lemma_.lower()


def _state_agent(t: Token, w: _Words) -> bool:
    """The subject of the killing verb is a state force ("police", "security forces")."""
    subj = _child(t, "nsubj") or (_child(t.head, "nsubj") if t.dep_ == "conj" else None)
    return subj is not None and (_lemma(subj) in w.forces or subj.lower_ in w.forces)


# --- R4: counting a victims phrase -------------------------------------------------------


@dataclass(frozen=True)
class _Part:
    low: int | None
    high: int | None
    group: str
    lemma: str
    vague: bool
    zero: bool
    additive: bool
    first: int  # token index range of the words counted
    last: int
    inside: int = 0
    numeric: bool = False  # the count was written as a number


def _own_tokens(head: Token) -> list[Token]:
    """The head's phrase without the children that are not part of its count."""
    drop: set[int] = set()
    for child in head.children:
        if child.dep_ in _NOT_COUNTED and not (child.dep_ == "prep" and child.lower_ == "of"):
            drop.update(t.i for t in child.subtree)
    return [t for t in head.subtree if t.i not in drop]


def _head_noun(head: Token) -> Token:
    """The noun a count is of: "10 of the attackers" -> attackers, "one of his bodyguards"."""
    if head.pos_ in ("NUM", "PRON") or head.lower_ in ("one", "some", "all", "both", "most"):
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                for obj in child.children:
                    if obj.dep_ == "pobj" and obj.lower_ not in ("them", "whom", "us"):
                        return obj
    return head


def _singular(head: Token, w: _Words) -> bool:
    if head.lower_ in _PRONOUN_ONE or head.lower_ in _REFLEXIVE:
        return True
    if head.pos_ == "PROPN" and head.ent_type_ in ("PERSON", ""):
        return True
    if head.tag_ == "NN" and _lemma(head) not in w.not_victims:
        return any(c.dep_ in ("det", "poss") and c.lower_ in _SINGULAR_DETS | {"'s"} or c.dep_ == "poss"
                   for c in head.children)
    return False


def _group(noun: Token, w: _Words) -> str:
    if noun.lower_ in _REFLEXIVE or noun.lower_ == "themselves":
        return ASSAILANTS
    if _lemma(noun) in w.assailants or noun.lower_ in w.assailants:
        if any(c.dep_ == "poss" for c in noun.children):  # "their driver" is a victim
            return VICTIMS
        return ASSAILANTS
    return VICTIMS


def _inside_assailants(head: Token, w: _Words) -> int:
    """Assailants named inside "including ..." / "among them ...": already in the figure."""
    n = 0
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ in ("including", "among"):
            for t in child.subtree:
                if t.pos_ == "NOUN" and _group(t, w) == ASSAILANTS:
                    lo, _ = parse_count(" ".join(x.text for x in _own_tokens(t)))
                    n += lo if lo else 1
    return n


def _dateline_end(sent: Span) -> int:
    """The token index after a wire dateline ("MOSCOW (Reuters) -", "PESHAWAR, Pakistan (AP)
    -"), or the sentence start when there is none: a dateline is never a victim."""
    for t in sent[:DATELINE_TOKENS]:
        if t.text in ("-", "\u2013", "\u2014") and t.i > sent.start:
            first = sent[0]
            if first.is_upper and first.is_alpha and len(first) > 1:
                return t.i + 1
            return sent.start
    return sent.start


def _is_more(t: Token, w: _Words) -> bool:
    """An additive word ("two others", "also"), not the "more" of "more than 100"."""
    return t.lower_ in w.additive and not (t.i + 1 < len(t.doc) and t.nbor(1).lower_ == "than")


def _count_one(head: Token, w: _Words) -> _Part | None:
    if head.i < _dateline_end(head.sent):
        return None
    noun = _head_noun(head)
    if _lemma(noun) in w.not_victims or _lemma(head) in w.not_victims:
        return None
    own = _own_tokens(head)
    text = " ".join(t.text for t in own)
    lo, hi = parse_count(text)
    numeric = any(t.like_num for t in own) and lo is not None
    if any(t.lower_ == "how" for t in own):
        return None  # "how many people died" asks
    if lo is None and hi is None:
        if any(c.dep_ == "det" and c.lower_ == "no" for c in head.children):
            lo, hi = 0, 0  # "no soldiers were hurt"
        elif _singular(head, w):
            lo, hi = 1, 1
        else:
            return None
    if not numeric and head.tag_ in ("NNS", "NNPS") and lo == 1 and hi == 1:
        return None  # "the men" is not one
    additive = any(_is_more(t, w) for t in own)
    return _Part(lo, hi, _group(noun, w), _lemma(noun), not numeric and lo != hi,
                 lo == 0 and hi == 0, additive, own[0].i, own[-1].i, _inside_assailants(head, w), numeric)


def _conjuncts(head: Token) -> list[Token]:
    """The head and its conjuncts; an apposition that opens a list with a possessive ("X, his
    bodyguard and their driver") is a conjunct too."""
    out = [head]
    for child in head.children:
        if child.dep_ == "conj":
            out.extend(_conjuncts(child))
        elif child.dep_ == "appos" and any(c.dep_ == "conj" for c in child.children) \
                and not _partitive(child):
            out.extend(_conjuncts(child))
    return sorted(out, key=lambda t: t.i)


def _partitive(t: Token) -> bool:
    """ "40 of them children", "many of them women and children": a part of the figure."""
    return any(x.lower_ in ("them", "whom") and x.head.lower_ in ("of", "among")
               for c in t.children if c.dep_ not in ("appos", "conj", "relcl", "acl", "cc")
               for x in c.subtree)


def _count_phrase(head: Token, w: _Words) -> list[_Part]:
    if head.pos_ == "PROPN" and head.is_upper:
        # a dateline parsed as the subject ("YANGON (Reuters) - At least 29 people ..."): the
        # apposition that carries a numeral is the phrase
        head = next((c for c in head.children if c.dep_ == "appos" and c.pos_ == "NOUN" and
                     any(x.like_num for x in c.children)), head)
    heads = _conjuncts(head)
    if len(heads) > 1:  # "several children among them": a part of another conjunct
        heads = [h for h in heads if not _partitive(h)] or heads[:1]
    parts = [p for p in (_count_one(h, w) for h in heads) if p is not None]
    if len(parts) >= 2 and parts[0].low is not None and parts[0].low == parts[0].high:
        rest = sum(p.low or 0 for p in parts[1:])
        after = _separator(heads[1])
        generic = parts[0].lemma in w.generic and after in (",", ":")
        if generic and rest <= parts[0].low + BREAKDOWN_SLACK or after == ":" and rest == parts[0].low:
            # a breakdown of the figure, not more victims ("Twenty-six people, 25 tourists and
            # a local pony handler"; "Five attackers died: the bomber and four gunmen")
            return parts[:1]
    return parts


def _separator(head: Token) -> str:
    """The punctuation right before a conjunct's words ("people, 25 tourists": ",")."""
    start = min(t.i for t in _own_tokens(head))
    return head.doc[start - 1].text if start > 0 else ""


# --- R2: predicates -----------------------------------------------------------------------


@dataclass(frozen=True)
class _Predicate:
    token: Token
    kind: str
    form: str  # "passive" | "active" | "intransitive" | "noun" | "toll" | "wound"


def _predicates(span: Span, w: _Words) -> list[_Predicate]:
    out: list[_Predicate] = []
    taken: set[int] = set()
    for t in span:
        lemma, lower = _lemma(t), t.lower_
        if t.i in taken:
            continue
        words = w.phrases.get(lemma)
        if words and t.pos_ == "VERB":
            mate = next((x for x in list(t.children) + [t.nbor(1) if t.i + 1 < len(t.doc) else t]
                         if x.lower_ in words or _lemma(x) in words or
                         (x.dep_ == "prep" and any(y.lower_ in words for y in x.children))), None)
            if mate is not None:
                taken.update(x.i for x in mate.subtree if x.lower_ in words or _lemma(x) in words)
                out.append(_Predicate(t, KILLED, _voice(t, lemma, w)))
                continue
        toll = next((x for x in w.tolls if (lemma,) + tuple(y.lower_ for y in t.doc[t.i + 1:t.i + len(x)]) == x), None)
        if toll is not None and t.pos_ in ("NOUN", "PROPN"):
            taken.update(range(t.i, t.i + len(toll)))
            taken.update(c.i for c in t.children if c.dep_ == "compound")
            out.append(_Predicate(t, KILLED, "toll"))
            continue
        kind = KILLED if (lemma in w.killed or lower in w.killed) else \
            INJURED if (lemma in w.injured or lower in w.injured) else None
        if kind is None:
            if lemma in w.casualty and t.pos_ == "NOUN":
                out.append(_Predicate(t, "both", "noun"))
            elif lemma in w.wounding and t.pos_ == "VERB" and _passive(t):
                out.append(_Predicate(t, INJURED, "wound"))
            continue
        if t.pos_ in ("NOUN", "PROPN", "NUM") or (t.pos_ == "ADJ" and lemma != "dead" and t.dep_ != "ROOT"):
            if lemma in w.count_nouns or lower in w.count_nouns:  # "13 fatalities", not "the massacre"
                out.append(_Predicate(t, kind, "noun"))
        elif t.pos_ == "ADJ":
            out.append(_Predicate(t, kind, "dead"))
        elif t.pos_ in ("VERB", "AUX"):
            out.append(_Predicate(t, kind, _voice(t, lemma, w)))
    # a wounding verb beside a word of death or injury is that word's ("shot and killed")
    heads = {p.token.i for p in out if p.form != "wound"}
    return [p for p in out if p.form != "wound" or not (
        p.token.head.i in heads or any(c.i in heads for c in p.token.children if c.dep_ == "conj"))]


def _passive(t: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in t.children) or (
        t.tag_ == "VBN" and t.dep_ in ("conj", "acl", "advcl", "pcomp") and not any(c.dep_ == "dobj" for c in t.children))


def _voice(t: Token, lemma: str, w: _Words) -> str:
    if lemma in w.intransitive and not any(c.dep_ == "dobj" and c.lower_ not in w.phrases.get(lemma, ())
                                           for c in t.children):
        return "intransitive"
    if any(c.dep_ == "auxpass" for c in t.children) or (
            _passive(t) and not any(c.dep_ == "dobj" for c in t.children)):
        return "passive"
    if t.tag_ == "VBN" and any(c.dep_ == "nsubj" for c in t.children) and not any(c.dep_ == "dobj" for c in t.children):
        return "passive"  # "32 people were killed and 159 injured": 159 is the subject
    return "active"


# --- R3: arguments ------------------------------------------------------------------------


def _child(t: Token, *deps: str) -> Token | None:
    return next((c for c in t.children if c.dep_ in deps), None)


def _children(t: Token, *deps: str) -> list[Token]:
    return [c for c in t.children if c.dep_ in deps]


def _climb_subject(t: Token) -> Token | None:
    node = t
    for _ in range(SUBJECT_CLIMB):
        if node.head is node:
            return None
        node = node.head
        subj = _child(node, *_SUBJECTS)
        if subj is not None:
            return subj
    return None


def _arguments(p: _Predicate, w: _Words) -> list[Token]:
    t = p.token
    if p.form == "active" and _child(t, "dobj") is None:
        # "police shot [the driver dead]": the small clause's subject is the victim
        for mate in t.children:
            if mate.lower_ in w.phrases.get(_lemma(t), ()) and _child(mate, "nsubj") is not None:
                return [_child(mate, "nsubj")]
    if p.form in ("passive", "wound", "intransitive"):
        subjects = _children(t, *_SUBJECTS)
        if subjects and any(c.dep_ == "prep" and c.lower_ in ("among", "including") and c.i < subjects[0].i
                            for c in t.children):
            # "X were killed, among them A and B, and 30 were injured": the parse joined the
            # subset list to the next clause's subject; that subject is the last conjunct
            return [max(_conjuncts(subjects[0]), key=lambda x: x.i)]
        if len(subjects) > 1:  # "..., several children among them, and 550 were injured"
            subjects = [x for x in subjects if not _partitive(x)] or subjects[:1]
        if subjects:
            return subjects  # the small model gives "26 hostages and 33 assailants" two subjects
        if t.dep_ == "conj":
            # "were killed and injured" shares the subject; "and over 200 were injured" has its
            # own, which the parse lost: the surface fallback reads it
            between = t.doc[t.head.i + 1:t.i]
            if all(x.pos_ in ("CCONJ", "AUX", "ADV", "PART", "PUNCT") for x in between):
                return _children(t.head, *_SUBJECTS)
            return []
        subj = _climb_subject(t) if t.dep_ in ("advcl", "pcomp", "xcomp", "acl") else None
        return [subj] if subj is not None else []
    if p.form == "active":
        obj = _child(t, "dobj")
        if obj is None and t.lemma_ == "graze":
            return []
        if obj is not None and _lemma(obj) in w.body_parts:
            owner = _child(obj, "poss")
            return [owner] if owner is not None else []
        if obj is None:
            return []
        # "killed a priest and his driver" with the driver parsed as the verb's conjunct
        return [obj] + [c for c in t.children if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN", "PRON")
                        and c.i > obj.i]
    if p.form == "dead":
        if t.dep_ in ("oprd", "acomp", "xcomp", "ccomp", "advcl") and t.head.pos_ == "VERB":
            if _child(t.head, "dobj") is not None:  # "left 5 people dead", "found 3 bodies dead"
                return [_child(t.head, "dobj")]
            if _child(t.head, "nsubjpass") is not None:  # "two hostages were found dead"
                return [_child(t.head, "nsubjpass")]
        num = _child(t, "nummod", "npadvmod", "quantmod")
        if num is not None:
            return [t]
        if t.dep_ == "amod" and t.head.pos_ in ("NOUN", "NUM"):  # "shot dead 2 brothers" misparsed
            return [t.head]
        if t.dep_ in ("acomp", "attr") and _child(t.head, "nsubj"):
            return [_child(t.head, "nsubj")]  # "five were dead"
        return []
    if p.form == "noun":
        if t.dep_ == "pobj" and t.head.lower_ == "among":  # "Among the dead were 9 staff"
            verb = t.head.head
            subj = _child(verb, "nsubj", "attr", "nsubjpass")
            return [subj] if subj is not None else []
        if t.dep_ == "nsubj" and _lemma(t.head) == "include":  # "the dead included 9 staff"
            obj = _child(t.head, "dobj")
            return [obj] if obj is not None else []
        if t.dep_ == "amod" and t.head.pos_ in ("NOUN", "PROPN"):  # "injured soldiers"
            return [t.head] if any(c.like_num for c in t.head.children) else []
        return [t]
    if p.form == "toll":
        return _toll_figure(t)
    return []


def _toll_figure(t: Token) -> list[Token]:
    """The number a toll noun carries: "a toll of N", "the toll rose to N", "put the toll at N",
    "the toll is N"."""
    for prep in (c for c in t.children if c.dep_ == "prep" and c.lower_ in ("of", "at")):
        obj = _child(prep, "pobj")
        if obj is not None and (obj.like_num or any(x.like_num for x in obj.subtree)):
            return [obj]
    verb = t.head
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("to", "at", "of")):
        obj = _child(prep, "pobj")
        if obj is not None:
            return [obj]
    if t.dep_ == "nsubj":
        obj = _child(verb, "attr", "dobj")
        if obj is not None and obj.i != t.i:
            return [obj]
    return []


# --- R5: flags ----------------------------------------------------------------------------


def _clause(t: Token) -> Token:
    node = t
    for _ in range(SUBJECT_CLIMB):
        if node.pos_ in ("VERB", "AUX") or node.head is node:
            return node
        node = node.head
    return node


def _clause_tokens(root: Token) -> list[Token]:
    """The clause of ``root``: its subtree without the other clauses joined to it by "and"."""
    drop: set[int] = set()
    for child in root.children:
        if child.dep_ == "conj" and child.pos_ in ("VERB", "AUX"):
            drop.update(x.i for x in child.subtree)
    return [x for x in root.subtree if x.i not in drop]


def _flags(p: _Predicate, heads: list[Token], w: _Words) -> dict[str, bool]:
    t = p.token
    root = _clause(t)
    clause = _clause_tokens(root)
    text = " ".join(x.text for x in clause)
    elsewhere = any(r.search(text) for r in w.elsewhere)
    # a past-perfect clause under "after"/"since" tells an earlier killing
    for node in (t, root):
        if any(c.dep_ == "aux" and _lemma(c) == "have" and c.tag_ == "VBD" for c in node.children) and \
                any(c.dep_ == "mark" and c.lower_ in w.earlier_marks for c in node.children):
            elsewhere = True
    near = [x for x in clause if x.dep_ in ("amod", "advmod") and x.head.i in {t.i, root.i, *(h.i for h in heads)}]
    subj = _child(root, "nsubj")
    if subj is not None:
        near += [x for x in subj.children if x.dep_ == "amod"]
    near += [x for x in t.children if x.dep_ == "amod"]
    superseded = any(x.lower_ in w.superseded for x in near)
    update = p.form == "toll" and (_lemma(t.head) in w.updates or (
        _lemma(root) in w.updates and any(c.dep_ == "prep" and c.lower_ == "to" for c in root.children)))
    subset = p.form == "noun" and (t.dep_ == "pobj" and t.head.lower_ == "among" or
                                   t.dep_ == "nsubj" and _lemma(t.head) == "include")
    claimed = (t.dep_ in ("xcomp", "ccomp", "advcl") and
               any(_lemma(a) in w.claims for a in list(t.ancestors)[:3] if a.pos_ == "VERB")) or \
        (root.dep_ in ("xcomp", "ccomp") and _lemma(root.head) in w.claims)
    # "also", "then" on the predicate or the clauses above it: more victims than said before
    additive = any(c.dep_ == "advmod" and c.lower_ in w.additive
                   for node in [t, *list(t.ancestors)[:ADDITIVE_CLIMB]] for c in node.children)
    return dict(elsewhere=elsewhere, superseded=superseded, update=update, subset=subset,
                claimed=claimed, additive=additive)


# --- R8: the surface fallback ---------------------------------------------------------------


_NP_POS = frozenset({"NUM", "NOUN", "PROPN", "ADJ", "DET", "PRON"})
_NP_WORDS = frozenset({"of", "-", "and", ","})
_SKIP = frozenset({"AUX", "ADV", "PART"})
_QUANT_WORDS = frozenset({"at", "least", "than", "more", "over"})


def _np_word(t: Token) -> bool:
    """A word that may stand inside a victims phrase; an acronym counts as a name whatever the
    tagger made of it ("the NGO ACTED" tagged as a verb)."""
    return t.pos_ in _NP_POS or t.lower_ in _NP_WORDS or (t.is_upper and len(t) > 1 and t.is_alpha)


def _surface(p: _Predicate, w: _Words) -> list[_Part]:
    t = p.token
    doc = t.doc
    sent = t.sent
    if p.form == "active":
        i = t.i + 1
        while i < sent.end and (doc[i].pos_ in _SKIP or doc[i].lower_ in w.phrases.get(_lemma(t), ())):
            i += 1
        j = i
        while j < min(sent.end, i + FALLBACK_WINDOW) and _np_word(doc[j]):
            j += 1
        words = [doc[k] for k in range(i, j)]
    else:
        j = t.i - 1
        while j >= sent.start and doc[j].pos_ in _SKIP and doc[j].lower_ not in ("at", "least"):
            j -= 1
        i = j
        while i >= max(sent.start, j - FALLBACK_WINDOW) and (_np_word(doc[i]) or doc[i].lower_ in _QUANT_WORDS):
            i -= 1
        words = [doc[k] for k in range(max(i + 1, _dateline_end(sent)), j + 1)]
    while words and words[-1].lower_ in _NP_WORDS:
        words.pop()
    while words and words[0].lower_ in _NP_WORDS:
        words.pop(0)
    if not words or not any(x.like_num for x in words):
        return []
    nouns = [x for x in words if x.pos_ in ("NOUN", "PROPN")]
    if any(_lemma(x) in w.not_victims for x in nouns):
        return []
    # the phrase is a list: each piece counts on its own, a partitive piece ("40 of them
    # children") is inside the figure before it
    pieces: list[list[Token]] = [[]]
    for x in words:
        if x.lower_ in (",", "and"):
            pieces.append([])
        else:
            pieces[-1].append(x)
    lo: int | None = 0
    hi: int | None = 0
    for piece in (q for q in pieces if q):
        if any(x.lower_ in ("them", "whom") for x in piece):
            continue
        plo, phi = parse_count(" ".join(x.text for x in piece))
        if plo is None and phi is None:
            head = piece[-1]
            if piece[0].lower_ in _SINGULAR_DETS and head.tag_ in ("NN", "NNP") or \
                    head.pos_ == "PROPN" and head.ent_type_ == "PERSON":
                plo, phi = 1, 1
            else:
                continue
        lo = None if lo is None or plo is None else lo + plo
        hi = None if hi is None or phi is None else hi + phi
    if lo == 0 and hi == 0 and not any(x.lower_ in ("no", "none") for x in words):
        return []
    group = _group(nouns[-1], w) if nouns else VICTIMS
    return [_Part(lo, hi, group, _lemma(nouns[-1]) if nouns else "", False, lo == 0 and hi == 0,
                  any(_is_more(x, w) for x in words), words[0].i, words[-1].i, numeric=True)]


# --- R6: additions ------------------------------------------------------------------------


def _additions(span: Span, preds: list[_Predicate], w: _Words) -> list[tuple[_Predicate, list[_Part]]]:
    out: list[tuple[_Predicate, list[_Part]]] = []
    by_token = {p.token.i: p for p in preds}
    lowers = [t.lower_ for t in span]
    for k, t in enumerate(span):
        phrase = next((a for a in w.additions if tuple(lowers[k:k + len(a)]) == a), None)
        if phrase is not None:
            last = span[k + len(phrase) - 1]
            obj = _child(last, "pobj")
            if obj is None:
                continue
            host = _host(t, by_token, preds)
        elif _lemma(t) == "be" and t.head.i in by_token and any(c.dep_ == "mark" and c.lower_ == "as" for c in t.children):
            obj = _child(t, "nsubj", "nsubjpass")  # "..., as were all four assailants"
            host = by_token[t.head.i]
        else:
            continue
        if obj is None or host is None:
            continue
        parts = _count_phrase(obj, w)
        if parts:
            out.append((host, [replace(x, additive=True) for x in parts]))
    return out


def _host(t: Token, by_token: dict[int, _Predicate], preds: list[_Predicate]) -> _Predicate | None:
    for a in t.ancestors:
        if a.i in by_token:
            return by_token[a.i]
    killed = [p for p in preds if p.kind == KILLED]
    before = [p for p in killed if p.token.i < t.i]
    return before[-1] if before else (killed[0] if killed else None)


# --- tolls_in -------------------------------------------------------------------------------


def _tolls(sentence: Sentence, p: _Predicate, parts: list[_Part], flags: dict[str, bool],
           kind: str, w: _Words) -> list[Toll]:
    out: list[Toll] = []
    doc = p.token.doc
    for group in (VICTIMS, ASSAILANTS):
        mine = [x for x in parts if x.group == group]
        if not mine:
            continue
        lo: int | None = 0
        hi: int | None = 0
        for x in mine:
            lo = None if lo is None or x.low is None else lo + x.low
            hi = None if hi is None or x.high is None else hi + x.high
        first = min([p.token.i] + [x.first for x in mine])
        last = max([p.token.i] + [x.last for x in mine])
        start, _ = sentence.offset(doc[first])
        _, end = sentence.offset(doc[last])
        inside = sum(x.inside for x in mine)
        lemmas = sorted({x.lemma for x in mine if x.lemma})
        out.append(Toll(
            kind=kind, low=lo, high=hi, group=MIXED if inside and group == VICTIMS else group,
            sentence=sentence.index, start=start, end=end, text=sentence.text,
            zero=all(x.zero for x in mine), vague=all(x.vague for x in mine),
            category="+".join(lemmas), generic=any(x in w.generic for x in lemmas) or not lemmas,
            statement=p.token.i, inside=inside,
            additive=flags.get("additive", False) or any(x.additive for x in mine),
            **{k: v for k, v in flags.items() if k != "additive"},
        ))
    return out


def tolls_in(sentence: Sentence, pack: LanguagePack | None = None) -> list[Toll]:
    """Every toll statement of one sentence, in order (R1-R8 of the module docstring)."""
    w = _words(pack or default_pack())
    span = sentence.span
    text = span.text
    out: list[Toll] = []
    # R1: coded figures
    for rx in w.coded:
        for m in rx.finditer(text):
            lo, hi = parse_count(m["num"])
            if lo is None:
                continue
            out.append(Toll(KILLED, lo, hi, VICTIMS, sentence.index, sentence.start + m.start(),
                            sentence.start + m.end(), text, coded=True, statement=-2))
            break
    coded_at = [(t.start, t.end) for t in out]
    # R2: predicates, R3: arguments, R4: counts, R5: flags, R8: fallback
    preds = _predicates(span, w)
    seen: set[tuple[str, int]] = set()
    for p in preds:
        heads = _arguments(p, w)
        parts = [x for h in heads for x in _count_phrase(h, w)]
        if p.form == "noun" and heads == [p.token]:
            # a noun of death counts only with a figure ("13 fatalities", "no deaths",
            # "dozens of bodies"): "his body" is not a toll
            parts = [x for x in parts if x.numeric or x.zero or x.vague]
        if p.form in ("passive", "active", "intransitive") and (not heads or not any(x.numeric for x in parts)):
            # R8: no victims from the parse, or only singular ones where the words beside the
            # predicate carry a numeral the parse lost ("Six employees of the NGO ACTED, their
            # guide and their driver", with ACTED read as a verb)
            surface = _surface(p, w)
            if not parts or (surface and surface[0].numeric and
                             surface[0].first <= min(x.first for x in parts) and
                             surface[0].last >= max(x.last for x in parts)):
                parts = surface or parts
        if not parts:
            continue
        kinds = (KILLED, INJURED) if p.kind == "both" else (p.kind,)
        if p.kind == "both" and not all(x.zero for x in parts):
            continue  # "N casualties" mixes the dead and the wounded: only a zero is read
        if p.form == "active" and _state_agent(p.token, w):
            # "police shot dead all three assailants", "security forces shot dead two
            # accomplices": in an attack, whom the forces kill are the attackers, unless the
            # phrase names civilians
            parts = [x if x.group == ASSAILANTS or x.lemma in w.civilians else replace(x, group=ASSAILANTS)
                     for x in parts]
        key = (p.kind, parts[0].first)
        if key in seen:
            continue  # two predicates of one phrase ("shot and wounded")
        seen.add(key)
        flags = _flags(p, heads, w)
        for kind in kinds:
            for toll in _tolls(sentence, p, parts, flags, kind, w):
                if not any(a <= toll.start < b for a, b in coded_at):
                    out.append(toll)
    # R6: additions
    for host, parts in _additions(span, preds, w):
        flags = _flags(host, [], w)
        flags["additive"] = True
        out.extend(_tolls(sentence, host, parts, flags, host.kind if host.kind != "both" else KILLED, w))
    # R7: zeros the parse missed
    for rx in w.zeros:
        for m in rx.finditer(text):
            what = (m.groupdict().get("how") or m["what"]).lower()
            kinds = (KILLED, INJURED) if what.startswith(("casualt", "victim")) else \
                (KILLED,) if what.startswith(("death", "fatalit", "kill", "dead", "died")) else (INJURED,)
            for kind in kinds:
                if any(t.kind == kind and t.zero for t in out):
                    continue
                out.append(Toll(kind, 0, 0, VICTIMS, sentence.index, sentence.start + m.start(),
                                sentence.start + m.end(), text, zero=True, generic=True, statement=-3))
    return sorted(out, key=lambda t: (t.start, t.kind))


# --- combine --------------------------------------------------------------------------------


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
