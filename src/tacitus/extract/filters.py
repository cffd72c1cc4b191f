"""Stage 4: filters. Which triggers tell an event that happened, here and now.

* hypothetical: governed by a plot, fear, plan, threat or drill ("a plot to bomb", "fears of an
  attack") -> dropped;
* negated: "no shots were fired", "nobody was attacked" -> dropped;
* stopped: governed by a verb of ending ("agreed to stop targeting each other") -> dropped;
* background: an earlier event the text recalls to set the scene ("a day after protesters set
  fire to the consulate", "hours after a gunman had shot dead two brothers", "since 2003, when
  a car bomb...", "the 2015 bombing"), or a campaign told as a span of time ("after weeks of
  air strikes") -> kept as a background mention: it may be linked to its
  own incident but is never this text's event and lends it no field.
"""

from __future__ import annotations

from spacy.tokens import Token

from ..annotate import Sentence
from ..lang import LanguagePack, words as _words
from ..lang.syntax import lemma, subject
from .triggers import TriggerHit

# prepositions and subordinators that put what they govern before the main event
# how far up the parse a governing cue may stand
CUE_DEPTH = 3
# how far up a clause may run before its subordinator ("after X caused the loss of life of any attack")
CLAUSE_DEPTH = 8



def hypothetical(sent: Sentence, hit: TriggerHit, lang: LanguagePack) -> bool:
    cues = lang.words("hypothetical_cues")
    tok = sent.span.doc[hit.i]
    chain = [tok, *list(tok.ancestors)[:CUE_DEPTH]]
    if tok.dep_ == "relcl":
        # a relative clause is as real as the noun it describes ("to commemorate the victims
        # of the 2017 bombing, which killed 500 people")
        chain += list(tok.head.ancestors)[:CUE_DEPTH]
    for t in chain:
        if lemma(t) in cues or t.lower_ in cues:
            return True
    return any(lemma(c) in cues for c in tok.children if c.dep_ in ("aux", "amod", "compound"))


def negated(sent: Sentence, hit: TriggerHit, lang: LanguagePack) -> bool:
    """The trigger's own clause is denied: "no shots were fired", "no one was attacked",
    "did not attack", "without major incidents"."""
    negations = lang.words("negations")
    tok = sent.span.doc[hit.i]
    if tok.dep_ == "pobj" and tok.head.lower_ in negations:
        return True
    if tok.dep_ == "pobj" and tok.head.lower_ == "of" and \
            any(c.dep_ == "det" and c.lower_ in negations for c in tok.head.head.children):
        return True  # "no reports of violence", "no sign of fighting"
    verb = tok if tok.pos_ in ("VERB", "AUX") else tok.head
    for t in {tok, verb}:
        for c in t.children:
            if c.dep_ == "neg":
                return True
            if c.dep_ in ("nsubj", "nsubjpass", "dobj", "det") and (
                    c.lower_ in negations or any(g.dep_ == "det" and g.lower_ in negations for g in c.children)):
                return True
    return False


def stopped(sent: Sentence, hit: TriggerHit, lang: LanguagePack) -> bool:
    """What a verb of ending, not yet done, governs: "agreed to stop targeting each other",
    "to halt the air strikes", "an end to the shelling" tell no act of violence ("forces ended
    the siege" tells one that happened)."""
    verbs = lang.words("cessation_verbs")
    tok = sent.span.doc[hit.i]
    while tok.dep_ == "conj" and tok.head is not tok:
        tok = tok.head
    if tok.dep_ in ("dobj", "obj", "xcomp", "pcomp") and lemma(tok.head) in verbs:
        return tok.head.tag_ == "VB"  # the bare verb: "to stop", "would halt", "must end"
    # "an end to the attacks", "a halt to the fighting"
    return tok.dep_ == "pobj" and tok.head.lower_ == "to" and tok.head.head.pos_ == "NOUN" \
        and lemma(tok.head.head) in verbs


def _campaign(tok: Token, lang: LanguagePack) -> bool:
    """A span of time filled with violence ("after weeks of US air strikes", "years of
    fighting"), or violence told as lasting months ("holding him hostage for more than 19
    months"): a campaign or a state, not an incident."""
    spans = lang.words("campaign_spans")
    for t in [tok, *list(tok.ancestors)[:CUE_DEPTH]]:
        if t.dep_ == "pobj" and t.head.lower_ == "of" and t.head.head.lower_ in spans:
            return True
    lasting = lang.words("lasting_spans")
    verb = tok if tok.pos_ in ("VERB", "AUX") else tok.head
    # the verb, or its predicate's complement ("holding him hostage for 19 months")
    heads = {tok, verb, *(c for c in tok.children if c.dep_ in ("oprd", "xcomp", "acomp"))}
    return any(prep.dep_ == "prep" and prep.lower_ == "for"
               and any(o.dep_ == "pobj" and o.lower_ in lasting for o in prep.children)
               for h in heads for prep in h.children)


def under_before_word(tok: Token) -> bool:
    """The token stands in a phrase or clause introduced by "after", "since", "than"...:
    "a day after protesters set fire to ...", "following the attack on ..."."""
    t = tok
    for _ in range(CLAUSE_DEPTH):
        # the clause's own subordinator ("after protesters set fire"), or the phrase's
        # preposition ("after the attack on"); a "Hours after X, militants attacked" modifier
        # of the trigger itself says nothing about the trigger
        if any(c.dep_ == "mark" and c.lower_ in _words("before_words") for c in t.children):
            return True
        if t.dep_ in ("pobj", "pcomp") and t.head.lower_ in _words("before_words"):
            return True
        if t.head is t or t.dep_ in ("ROOT",):
            break
        t = t.head
    return False


def _past_perfect(tok: Token, speech: frozenset[str] = frozenset()) -> bool:
    """"had shot dead", "had been killed": told as earlier than the story's own time (but
    not in reported speech: "police said 21 people had been killed" tells the event)."""
    verb = tok if tok.pos_ == "VERB" else tok.head
    if not (verb.tag_ == "VBN" and any(c.dep_ == "aux" and c.lower_ in ("had", "'d") for c in verb.children)):
        return False
    return not any(lemma(a) in speech for a in list(verb.ancestors)[:CUE_DEPTH])


def _comparison(tok: Token, lang: LanguagePack) -> bool:
    """"the deadliest bombing in the city since 2003", "the worst attack in years": the
    trigger compares with the past rather than telling an event."""
    words = lang.words("comparison_words")
    return any(c.lower_ in words and c.dep_ in ("amod", "advmod", "prep") for c in tok.children)


def _time_gap(tok: Token) -> bool:
    """"a day after", "two days after", "hours after": the clause sets the trigger apart in
    time from what the sentence tells (the measure hangs from the clause's verb or from the
    preposition)."""
    t = tok
    for _ in range(CUE_DEPTH + 1):
        if any(c.dep_ == "mark" and c.lower_ in _words("before_words") for c in t.children):
            cue = next(c for c in t.children if c.dep_ == "mark" and c.lower_ in _words("before_words"))
            return any(c.dep_ == "npadvmod" for c in (*t.children, *cue.children))
        if t.dep_ in ("pobj", "pcomp") and t.head.lower_ in _words("before_words"):
            return any(c.dep_ in ("npadvmod", "nummod") for c in t.head.children)
        if t.head is t:
            break
        t = t.head
    return False


def judicial(tok: Token, lang: LanguagePack) -> bool:
    """Governed by a court's verb ("sentenced ... for the bombing", "convicted of murder"):
    the subject matter of a ruling, told after the fact."""
    verbs = lang.words("judicial_verbs")
    return any(lemma(a) in verbs for a in tok.ancestors)


def _of_a_wider_event(tok: Token, lang: LanguagePack) -> bool:
    """In a clause about a war or a campaign ("a civil war that has killed tens of thousands")."""
    nouns = lang.words("other_event_nouns")
    for t in [tok, *list(tok.ancestors)[:CUE_DEPTH]]:
        if t.dep_ in ("relcl", "acl") and lemma(t.head) in nouns:
            return True
    return False


def possessed(sent: Sentence, hit: TriggerHit, lang: LanguagePack) -> bool:
    """A weapon noun held, found or seized ("recovered 2 pistols and 4 hand grenades"): no
    attack is told by it."""
    tok = sent.span.doc[hit.i]
    if tok.pos_ not in ("NOUN", "PROPN"):
        return False
    head = tok
    while head.dep_ == "conj" and head.head is not head:
        head = head.head
    if head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.pos_ in ("NOUN", "NUM"):
        head = head.head.head  # "seized 40 kilograms of explosives", "a cache of grenades"
        while head.dep_ == "conj" and head.head is not head:
            head = head.head
    return head.dep_ in ("dobj", "obj", "nsubjpass") and lemma(head.head) in lang.words("possession_verbs")


def seized_by_state(sent: Sentence, hit: TriggerHit, lang: LanguagePack) -> bool:
    """The verb that holds the weapon ``possessed`` found has police or troops as its subject."""
    tok = sent.span.doc[hit.i]
    verb = next((a for a in tok.ancestors if lemma(a) in lang.words("possession_verbs")), None)
    who = subject(verb) if verb is not None else None
    state = lang.words("force_nouns") | lang.words("police_nouns")
    return who is not None and (lemma(who) in state or who.lower_ in state)


def _followed(tok: Token) -> bool:
    """The object of "followed": "the deal followed weeks of shelling"."""
    t = tok
    for _ in range(CUE_DEPTH + 1):
        if t.dep_ in ("dobj", "obj") and lemma(t.head) in _words("before_verbs"):
            return True
        if t.head is t or t.dep_ == "ROOT":
            return False
        t = t.head
    return False


def background(sent: Sentence, hit: TriggerHit, lang: LanguagePack, main_violent: bool = False,
               short: bool = False) -> bool:
    """An earlier event recalled: after "after", "since", "following" when the sentence tells
    a violent event of its own, or (in a short description, which tells one incident) sets the
    two apart in time ("a vigil a day after a bombing"); in the past perfect; compared with
    ("the deadliest bombing since 2003"); the subject of a ruling; part of a war told as a
    whole. (An article that reports a resignation "two days after a truck bomb" is still about
    the bombing.)"""
    tok = sent.span.doc[hit.i]
    before = under_before_word(tok) and (main_violent or (short and _time_gap(tok)))
    return before or _followed(tok) or _past_perfect(tok, lang.words("speech_verbs")) or _comparison(tok, lang) or \
        judicial(tok, lang) or _of_a_wider_event(tok, lang) or _campaign(tok, lang)


def background_span(sent: Sentence, hit: TriggerHit) -> tuple[int, int]:
    """The tokens of the clause or phrase that recalls the earlier event (doc indices,
    end exclusive): its places, actors and figures are that event's, not the text's."""
    tok = sent.span.doc[hit.i]
    t = tok
    for _ in range(CUE_DEPTH + 1):
        if any(c.dep_ == "mark" and c.lower_ in _words("before_words") for c in t.children):
            break
        if t.dep_ in ("pobj", "pcomp") and t.head.lower_ in _words("before_words"):
            t = t.head
            break
        if t.head is t or t.dep_ == "ROOT" or (t.pos_ == "VERB" and _past_perfect(t)):
            break
        t = t.head
    if t.dep_ == "ROOT" and t is not tok:
        t = tok  # no clause found above: the trigger's own phrase
    return t.left_edge.i, t.right_edge.i + 1


def _object_heads(tok: Token) -> list[Token]:
    """What a taking verb takes; for its noun, the object of "of" ("the capture of Baghuz")."""
    heads = [c for c in tok.children if c.dep_ in ("dobj", "obj", "nsubjpass")]
    if tok.pos_ == "NOUN":
        heads += [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
                  for g in c.children if g.dep_ == "pobj"]
    return [h for x in heads for h in (x, *x.conjuncts)]


def human_object(sent: Sentence, hit: TriggerHit, lang: LanguagePack) -> bool:
    """"seized 3 hostages", "captured the governor": a weak taking verb tells an abduction only
    when what it takes is people (not "seized weapons", "captured the town")."""
    tok = sent.span.doc[hit.i]
    people = lang.words("people_nouns") | lang.words("civilian_nouns") | lang.words("combatant_nouns")
    for h in _object_heads(tok):
        if h.ent_type_ == "PERSON" or h.lower_ in ("him", "her", "them") or lemma(h) in people:
            return True
    return False


def vehicle_taken(sent: Sentence, hit: TriggerHit, lang: LanguagePack) -> bool:
    """"seized the Jaffar Express, a passenger train": taking a vehicle is a hijacking."""
    tok = sent.span.doc[hit.i]
    vehicles = lang.words("vehicle_nouns")
    return any(lemma(t) in vehicles for h in _object_heads(tok) for t in h.subtree)


def place_taken(sent: Sentence, hit: TriggerHit, lang: LanguagePack, places: frozenset[int] = frozenset()) -> bool:
    """"fighters seized Mirebalais", "captured the town of X", "overran the army base": what
    is taken is a place (a place entity, a settlement or base word, or a token of a place name
    the place slot found: ``places``)."""
    tok = sent.span.doc[hit.i]
    ground = lang.words("settlement_words") | lang.words("military_site_words")
    for h in _object_heads(tok):
        if h.ent_type_ in ("GPE", "LOC") or h.i in places or lemma(h) in ground or \
                f"{h.nbor(-1).lower_} {h.lower_}" in ground and h.i > 0:
            return True
    return False


def figurative(sent: Sentence, hit: TriggerHit, lang: LanguagePack) -> bool:
    """A trigger word used in a sense that is not violence: aimed at an idea, a fire or an
    illness ("attacked the budget plan", "fought a wildfire", "the battle against corruption"),
    a clash of words ("two lawmakers clashed in a debate"), a strike of work ("went on strike",
    "a hunger strike"), or an accident ("blaming a gas leak")."""
    doc = sent.span.doc
    tok = doc[hit.i]
    text = sent.text.lower()
    if any(cue in text for cue in lang.words("accident_cues")):
        return True
    if lemma(tok) in lang.words("warning_fire_words") and any(cue in text for cue in lang.words("warning_fire_cues")):
        return True  # "fired warning shots into the air"
    if hit.end - hit.start == 1:
        aimed = [c for c in tok.children if c.dep_ in ("dobj", "obj")]
        aimed += [g for c in tok.children if c.dep_ == "prep" and c.lower_ in ("against", "on")
                  for g in c.children if g.dep_ == "pobj"]
        objects = lang.words("figurative_objects")
        if any(lemma(o) in objects or f"{o.nbor(-1).lower_} {o.lower_}" in objects for o in aimed if o.i > 0):
            return True
        if lemma(tok) == "strike" and tok.pos_ == "NOUN":
            labour = lang.words("labour_strike_words")
            if (tok.dep_ == "pobj" and tok.head.lower_ == "on") or \
                    any(c.dep_ in ("amod", "compound", "poss") and lemma(c) in labour for c in tok.children):
                return True
    verb = tok if tok.pos_ in ("VERB", "AUX") else None
    if verb is not None:
        who = subject(verb)
        if who is not None and lemma(who) in lang.words("debating_nouns"):
            return True
    return False


def about_earlier(sent: Sentence, hit: TriggerHit, lang: LanguagePack) -> bool:
    """Violence told only to say who or what a phrase is about: "the funeral of six soldiers
    killed in Sunday's ambush", "the release of girls abducted in 2014", "compensation for a
    killing in May" (a noun of ``about_nouns`` governs the trigger with no finite clause
    between them); or what a purpose clause of grievance is aimed at ("marched to denounce the
    killing of a classmate")."""
    tok = sent.span.doc[hit.i]
    about = lang.words("about_nouns")
    if tok.pos_ == "NOUN" and tok.dep_ in ("dobj", "obj") and lemma(tok.head) in lang.words("grievance_verbs") \
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.head.children):
        return True  # "(marched) to denounce the killing of a classmate"
    for t in list(tok.ancestors)[:CLAUSE_DEPTH]:
        if lemma(t) in about and t.pos_ == "NOUN":
            return True
        if t.dep_ == "ROOT" or t.tag_ in ("VBD", "VBZ", "VBP", "MD"):
            return False  # a clause of its own tells its own event
    return False


def protest_props(sent: Sentence, hit: TriggerHit, lang: LanguagePack) -> bool:
    """What was burned or piled up is a protest's props ("youths burned tyres", "set up
    barricades"), nothing else."""
    tok = sent.span.doc[hit.i]
    props = lang.words("protest_props")
    aimed = _object_heads(tok) + [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "to"
                                  for g in c.children if g.dep_ == "pobj"]
    return bool(aimed) and all(lemma(o) in props or o.lower_ in props for o in aimed)
