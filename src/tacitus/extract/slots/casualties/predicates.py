"""The predicates of death and injury in a sentence (R2) and the victims each takes from the
dependency parse (R3).

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
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Span, Token

from ....lang.syntax import lemma as _lemma
from .model import INJURED, KILLED
from .phrases import _conjuncts, _partitive
from .words import _Words

# R3: how many heads a passive without a subject climbs to find the clause's subject
# ("grazing ..., before being shot dead": shot -> before -> grazing -> opened).
SUBJECT_CLIMB = 4
_SUBJECTS = ("nsubjpass", "nsubj")


# --- R2: predicates -----------------------------------------------------------------------


@dataclass(frozen=True)
class _Predicate:
    token: Token
    kind: str
    form: str  # "passive" | "active" | "intransitive" | "noun" | "toll" | "wound"


@lru_cache(maxsize=4)
def _tolls_from(tolls: tuple[tuple[str, ...], ...]) -> dict[str, tuple[tuple[str, ...], ...]]:
    """The toll phrases by their first word, each list in the pack's order (the first that
    matches wins, as before): a token is compared only with the phrases it can begin."""
    out: dict[str, list[tuple[str, ...]]] = {}
    for x in tolls:
        out.setdefault(x[0], []).append(x)
    return {k: tuple(v) for k, v in out.items()}


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
        toll = next((x for x in _tolls_from(w.tolls).get(lemma, ())
                     if (lemma,) + tuple(y.lower_ for y in t.doc[t.i + 1:t.i + len(x)]) == x), None)
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
        if subjects and any(c.dep_ == "prep" and c.lower_ in w.subset_preps and c.i < subjects[0].i
                            for c in t.children):
            # "X were killed, among them A and B, and 30 were injured": the parse joined the
            # subset list to the next clause's subject; that subject is the last conjunct
            return [max(_conjuncts(subjects[0], w), key=lambda x: x.i)]
        if len(subjects) > 1:  # "..., several children among them, and 550 were injured"
            subjects = [x for x in subjects if not _partitive(x, w)] or subjects[:1]
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
        if t.dep_ == "nsubj" and _lemma(t.head) in w.subset_verbs:  # "the dead included 9 staff"
            obj = _child(t.head, "dobj")
            return [obj] if obj is not None else []
        if t.dep_ == "amod" and t.head.pos_ in ("NOUN", "PROPN"):  # "injured soldiers"
            return [t.head] if any(c.like_num for c in t.head.children) else []
        return [t]
    if p.form == "toll":
        return _toll_figure(t, w)
    return []


def _toll_figure(t: Token, w: _Words) -> list[Token]:
    """The number a toll noun carries: "a toll of N", "the toll rose to N", "put the toll at N",
    "the toll is N"."""
    for prep in (c for c in t.children if c.dep_ == "prep" and c.lower_ in w.toll_preps):
        obj = _child(prep, "pobj")
        if obj is not None and (obj.like_num or any(x.like_num for x in obj.subtree)):
            return [obj]
    verb = t.head
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in w.toll_verb_preps):
        obj = _child(prep, "pobj")
        if obj is not None:
            return [obj]
    if t.dep_ == "nsubj":
        obj = _child(verb, "attr", "dobj")
        if obj is not None and obj.i != t.i:
            return [obj]
    return []
