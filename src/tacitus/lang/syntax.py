"""Grammatical roles over a spaCy parse, in one place: subject(), objects(), agent(), and the
noun phrase a token heads. Written for spaCy's English labels (nsubj, nsubjpass, dobj, agent,
pobj) with the Universal Dependencies names beside them (obj, obl, nsubj:pass), so that a
second language's model can use the same helpers."""

from __future__ import annotations

from spacy.tokens import Span, Token

SUBJECTS = frozenset({"nsubj", "csubj"})
PASSIVE_SUBJECTS = frozenset({"nsubjpass", "nsubj:pass", "csubjpass"})
OBJECTS = frozenset({"dobj", "obj", "iobj"})
ATTRIBUTES = frozenset({"attr", "oprd"})
CONJUNCTS = frozenset({"conj", "appos"})


def lemma(tok: Token) -> str:
    return tok.lemma_.lower()


def phrase(tok: Token) -> Span:
    """The whole phrase ``tok`` heads (its subtree)."""
    return tok.doc[tok.left_edge.i:tok.right_edge.i + 1]


def head_verb(tok: Token) -> Token:
    """The verb a token hangs from: itself when it is one, else the nearest verb above it."""
    t = tok
    for _ in range(6):
        if t.pos_ in ("VERB", "AUX") or t.head is t:
            return t
        t = t.head
    return t


def subject(verb: Token) -> Token | None:
    """The active subject of ``verb``; a verb in a coordination ("stormed ... and killed")
    shares the subject of the first verb; a participle ("militants attacking") its head noun."""
    for child in verb.children:
        if child.dep_ in SUBJECTS:
            return child
    if verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
        return subject(verb.head)
    if verb.dep_ == "acl" and verb.tag_ == "VBD":
        # a finite verb the parser hung on a noun ("protesters angered by a remark by a teacher
        # set fire"): its subject is the subject noun phrase it was hung inside
        for up in verb.ancestors:
            if up.pos_ in ("NOUN", "PROPN") and (up.dep_ in SUBJECTS or up.dep_ in PASSIVE_SUBJECTS or up.dep_ == "ROOT"):
                return up
        return verb.head
    if verb.dep_ in ("acl", "relcl") and verb.head.pos_ in ("NOUN", "PROPN"):
        return verb.head if verb.dep_ == "acl" else None
    if verb.dep_ in ("advcl", "xcomp") and verb.tag_ == "VBG":
        return subject(verb.head)  # "militants stormed the hall, killing ..."
    return None


def passive_subject(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ in PASSIVE_SUBJECTS), None)


def objects(verb: Token) -> list[Token]:
    """Direct objects of ``verb``, with their conjuncts ("killed a soldier and two civilians")."""
    out: list[Token] = []
    for child in verb.children:
        if child.dep_ in OBJECTS:
            out.append(child)
            out.extend(c for c in child.conjuncts if c not in out)
    return out


def agent(verb: Token) -> Token | None:
    """Who did it: the active subject, or the object of "by" in a passive ("was claimed by X")."""
    if passive_subject(verb) is not None or verb.tag_ == "VBN":
        for child in verb.children:
            if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ == "by"):
                pobj = next((g for g in child.children if g.dep_ in ("pobj", "obj")), None)
                if pobj is not None:
                    return pobj
        if passive_subject(verb) is not None:
            return None
    return subject(verb)


def prep_objects(tok: Token, preps: frozenset[str] | set[str]) -> list[Token]:
    """Objects of the prepositions in ``preps`` that hang from ``tok`` ("clashed with X")."""
    out: list[Token] = []
    for child in tok.children:
        if child.dep_ in ("prep", "case", "obl") and child.lower_ in preps:
            for g in child.children:
                if g.dep_ in ("pobj", "obj", "pcomp"):
                    out.append(g)
                    out.extend(c for c in g.conjuncts if c not in out)
    return out


def negated(tok: Token, negations: frozenset[str]) -> bool:
    """A "not", "no", "never" attached to the token or its governing verb."""
    for t in (tok, tok.head):
        if any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ in negations) for c in t.children):
            return True
    return False
