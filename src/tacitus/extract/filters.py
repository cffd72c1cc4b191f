"""Stage 4: filters. Which triggers tell an event that happened, here and now.

* hypothetical: governed by a plot, fear, plan, threat or drill ("a plot to bomb", "fears of an
  attack") -> dropped;
* negated: "no shots were fired", "nobody was attacked" -> dropped;
* background: an earlier event the text recalls to set the scene ("a day after protesters set
  fire to the consulate", "hours after a gunman had shot dead two brothers", "since 2003, when
  a car bomb...", "the 2015 bombing") -> kept as a background mention: it may be linked to its
  own incident but is never this text's event and lends it no field.
"""

from __future__ import annotations

from spacy.tokens import Token

from ..annotate import Sentence
from ..lang import LanguagePack
from ..lang.syntax import lemma
from .triggers import TriggerHit

# prepositions and subordinators that put what they govern before the main event
BEFORE_WORDS = frozenset({"after", "following", "since", "before", "than", "like"})
# how far up the parse a governing cue may stand
CUE_DEPTH = 3


def hypothetical(sent: Sentence, hit: TriggerHit, lang: LanguagePack) -> bool:
    cues = lang.words("hypothetical_cues")
    tok = sent.span.doc[hit.i]
    chain = [tok, *list(tok.ancestors)[:CUE_DEPTH]]
    for t in chain:
        if lemma(t) in cues or t.lower_ in cues:
            return True
    return any(lemma(c) in cues for c in tok.children if c.dep_ in ("aux", "amod", "compound"))


def negated(sent: Sentence, hit: TriggerHit, lang: LanguagePack) -> bool:
    """The trigger's own clause is denied: "no shots were fired", "no one was attacked",
    "did not attack"."""
    negations = lang.words("negations")
    tok = sent.span.doc[hit.i]
    verb = tok if tok.pos_ in ("VERB", "AUX") else tok.head
    for t in {tok, verb}:
        for c in t.children:
            if c.dep_ == "neg":
                return True
            if c.dep_ in ("nsubj", "nsubjpass", "dobj", "det") and (
                    c.lower_ in negations or any(g.dep_ == "det" and g.lower_ in negations for g in c.children)):
                return True
    return False


def _under_before_word(tok: Token) -> bool:
    """The token stands in a phrase or clause introduced by "after", "since", "than"...:
    "a day after protesters set fire to ...", "following the attack on ..."."""
    t = tok
    for _ in range(CUE_DEPTH + 1):
        # the clause's own subordinator ("after protesters set fire"), or the phrase's
        # preposition ("after the attack on"); a "Hours after X, militants attacked" modifier
        # of the trigger itself says nothing about the trigger
        if any(c.dep_ == "mark" and c.lower_ in BEFORE_WORDS for c in t.children):
            return True
        if t.dep_ in ("pobj", "pcomp") and t.head.lower_ in BEFORE_WORDS:
            return True
        if t.head is t or t.dep_ in ("ROOT",):
            break
        t = t.head
    return False


def _past_perfect(tok: Token) -> bool:
    """"had shot dead", "had been killed": told as earlier than the story's own time."""
    verb = tok if tok.pos_ == "VERB" else tok.head
    return verb.tag_ == "VBN" and any(c.dep_ == "aux" and c.lower_ in ("had", "'d") for c in verb.children)


def _comparison(tok: Token, lang: LanguagePack) -> bool:
    """"the deadliest bombing in the city since 2003", "the worst attack in years": the
    trigger compares with the past rather than telling an event."""
    words = lang.words("comparison_words")
    return any(c.lower_ in words and c.dep_ in ("amod", "advmod", "prep") for c in tok.children)


def background(sent: Sentence, hit: TriggerHit, lang: LanguagePack) -> bool:
    tok = sent.span.doc[hit.i]
    return _under_before_word(tok) or _past_perfect(tok) or _comparison(tok, lang)
