"""Targets slot: what was hit and who was hurt, and what kind of people they were.

Victims are the objects of harm verbs ("killed two soldiers", "abducted 2 staff members") and
the subjects of their passives ("9 civilians were killed"); targets are the objects of attack
verbs and nouns ("attacked a checkpoint", "the attack on the hotel"). Each is classed by its
head noun: civilians (villagers, worshippers, passengers...), combatants (soldiers, police,
positions, bases, checkpoints...) or protesters. The classifier reads the classes: an armed
group against combatants is a battle, against civilians violence against civilians.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ...annotate import Sentence
from ...lang import LanguagePack, words as _words
from ...lang.syntax import lemma

HARM_WEIGHT = 2
ATTACK_WEIGHT = 1



@dataclass
class Harmed:
    targets: list[str] = field(default_factory=list)
    victims: list[str] = field(default_factory=list)
    # civilians | combatants | protesters -> weight: a person harmed counts HARM_WEIGHT, a thing
    # or person attacked ATTACK_WEIGHT
    classes: Counter = field(default_factory=Counter)
    prominent: bool = False  # a high-profile person singled out (GTD's assassination)


def counted(tok, lang: LanguagePack):
    """The people a number or a part names ("18 of the attackers", "one member of the guard")."""
    if tok.pos_ == "NUM" or tok.lower_ in lang.words("partitive_heads") or lemma(tok) in lang.words("member_nouns"):
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in lang.words("partitive_preps"):
                pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
                if pobj is not None and pobj.pos_ in ("NOUN", "PROPN"):
                    return pobj
    return tok


def noun_class(tok, lang: LanguagePack) -> str | None:
    """civilians, combatants or protesters, from a noun phrase's head and its modifiers."""
    tok = counted(tok, lang)
    words = {lemma(tok), tok.lower_}
    words |= {lemma(c) for c in tok.children if c.dep_ in ("compound", "amod")}
    compound = " ".join(t.lower_ for t in tok.subtree if t.dep_ in ("compound",) or t is tok)
    if words & lang.words("protester_nouns"):
        return "protesters"
    if words & lang.words("combatant_nouns") or compound in lang.words("combatant_nouns") or \
            words & (lang.words("force_nouns") | lang.words("police_nouns")):
        return "combatants"
    if words & lang.words("civilian_nouns"):
        return "civilians"
    return None


def _add(out: Harmed, phrase: str, kind: str) -> None:
    values = out.victims if kind == "victim" else out.targets
    if phrase not in values:
        values.append(phrase)


def _prominent_in(tok, high: frozenset[str], speech: frozenset[str] = frozenset()) -> bool:
    """A prominent office named in the phrase ``tok`` heads ("the residence of President X", "a
    convoy carrying party leaders", "the body of X, who had been sworn in as mayor"), but not
    one among others ("52 people, including a police superintendent"), not in a clause about a
    building ("the hotel, which was hosting politicians"), and not a target a speaker only
    claims (``speech``: "the military said the strike targeted a commander")."""
    if speech and any(lemma(a) in speech for a in tok.ancestors):
        return False
    skip: set[int] = set()
    for t in tok.subtree:
        if t.dep_ == "relcl" and t.head.ent_type_ != "PERSON" and lemma(t.head) not in high:
            skip.update(x.i for x in t.subtree)
        if t.dep_ == "prep" and t.lower_ in ("including", "among"):
            skip.update(x.i for x in t.subtree)
    return any(t.lower_ in high and t.i not in skip for t in tok.subtree)


def harmed_in(sent: Sentence, lang: LanguagePack, keep=None) -> Harmed:
    """Who was harmed and what attacked in ``sent``; ``keep(token_index)`` leaves out the
    words of a clause that recalls another event."""
    out = Harmed()
    doc = sent.span.doc
    high = lang.words("high_profile_roles")
    people = lang.words("people_nouns")
    speech = lang.words("speech_verbs")
    for tok in sent.span:
        if keep is not None and not keep(tok.i):
            continue
        lem = lemma(tok)
        if lem in _words("harm_verbs") and tok.pos_ == "VERB":
            # "shot dead the mayor": the object may hang from "dead"
            kids = [*tok.children, *(g for c in tok.children if c.dep_ in ("oprd", "acomp") for g in c.children)]
            for child in kids:
                if child.dep_ in ("dobj", "nsubjpass") and child.pos_ in ("NOUN", "PROPN", "NUM", "PRON"):
                    for head in (child, *child.conjuncts):
                        _add(out, doc[head.left_edge.i:head.i + 1].text, "victim")
                        cls = noun_class(head, lang)
                        if cls:
                            out.classes[cls] += HARM_WEIGHT
                        if lem in ("kill", "shoot", "murder", "stab", "assassinate", "graze") and \
                                _prominent_in(head, high):
                            out.prominent = True
        if lem in _words("attack_words"):
            for child in tok.children:
                obj = None
                if child.dep_ == "dobj" and tok.pos_ == "VERB":
                    obj = child
                elif child.dep_ == "prep" and child.lower_ in ("on", "against", "at") and tok.pos_ in ("NOUN", "VERB"):
                    obj = next((g for g in child.children if g.dep_ == "pobj"), None)
                if obj is None or obj.pos_ not in ("NOUN", "PROPN") or lemma(obj) in _words("generic_targets"):
                    continue
                for head in (obj, *obj.conjuncts):
                    cls = noun_class(head, lang)
                    if cls:
                        out.classes[cls] += ATTACK_WEIGHT
                    if lemma(head) not in people:
                        _add(out, doc[head.left_edge.i:head.i + 1].text, "target")
                    if _prominent_in(head, high, speech if lem == "target" else frozenset()):
                        out.prominent = True
    return out
