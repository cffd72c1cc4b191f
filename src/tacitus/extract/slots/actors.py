"""Actors slot: who did it, to whom, who claimed it, who is suspected, who denied it.

Over the actor mentions of one sentence (``ActorIndex``) and the trigger's parse:

* side A (actor1): the subject or agent of the trigger verb, the possessor or modifier of the
  trigger noun ("JNIM's attack", "an Israeli air strike"), "by X", or the subject of the
  clause that governs the trigger ("militants stormed the hall, killing ...");
* side B (actor2): the object of the trigger ("attacked army positions"), "with X" ("clashed
  with Al Shabaab"), "against X", "on X"; "fighting between X and Y" gives X and Y;
* claimed_by: the subject of "claim" or the agent of "claimed by" (a group that speaks of the
  attack as its own claims it); never a group that denies it ("denied involvement",
  "distanced itself"); a caption's claim must be said in so many words ("an attack claimed
  by Isis"), not guessed from a group near a claim word;
* suspects: groups and people beside suspicion cues ("suspected BRN insurgents", "blamed
  al-Shabaab", "attributed the attack to X"); GTD codes a suspected group as perpetrator;
* unidentified: the attackers are named only as "gunmen", "assailants", "unidentified armed men".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ...annotate import Sentence
from ...lang import LanguagePack, words as _words
from ...lang.syntax import agent, lemma, objects, prep_objects, subject
from ..actors import ActorIndex, Mention

ARMED_KINDS = ("armed_group", "state_force")
# how near (tokens) a cue must stand to the actor it governs when the parse does not link them
CUE_WINDOW = 8



@dataclass
class Sides:
    side_a: list[str] = field(default_factory=list)  # actor keys
    side_b: list[str] = field(default_factory=list)
    claimed_by: list[str] = field(default_factory=list)
    suspects: list[str] = field(default_factory=list)
    denied: list[str] = field(default_factory=list)
    unidentified: bool = False
    mob: bool = False  # the attackers are a crowd or mob ("a crowd seized 13 men and beat them")
    protesters: bool = False  # the attackers are protesters ("protesters set fire to the parliament")
    evidence: list[tuple[Mention, str]] = field(default_factory=list)  # (mention, field)

    def without(self, drop) -> "Sides":
        """These sides less the mentions ``drop`` accepts."""
        out = Sides(unidentified=self.unidentified, mob=self.mob, protesters=self.protesters)
        for m, attr in self.evidence:
            if not drop(m):
                out.add(attr, m)
        return out

    def add(self, attr: str, m: Mention) -> None:
        values = getattr(self, attr)
        if m.key not in values:
            values.append(m.key)
            self.evidence.append((m, attr))


def _mention_at(index: ActorIndex, sent: Sentence, tok) -> Mention | None:
    """The actor mention covering ``tok`` or one of its conjuncts or compounds."""
    if tok is None:
        return None
    for t in (tok, *[c for c in tok.children if c.dep_ in ("compound", "poss", "amod", "nmod")]):
        m = index.at(sent.index, t.i)
        if m is not None:
            return m
    # "fighters of the Maute Group": the group is the object of "of"
    for prep in tok.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for g in prep.children:
                m = index.at(sent.index, g.i)
                if m is not None:
                    return m
    return None


def _with_conjuncts(tok) -> list:
    return [tok, *tok.conjuncts] if tok is not None else []


def _mentions_in(index: ActorIndex, sent: Sentence, tok) -> list[Mention]:
    """Every actor mention inside the phrase ``tok`` heads: "Malian armed forces (FAMa) and
    foreign military personnel identified as Wagner Group", "army and MINUSCA positions"."""
    lo, hi = tok.left_edge.i, tok.right_edge.i
    return [m for m in index.in_sentence(sent.index) if lo <= m.start <= hi]


def _side_a(sent: Sentence, index: ActorIndex, trigger) -> list[Mention]:
    out: list[Mention] = []
    heads = [agent(trigger)] if trigger.pos_ in ("VERB", "AUX") else []
    if trigger.pos_ in ("NOUN", "PROPN"):
        heads += [c for c in trigger.children if c.dep_ in ("compound", "poss", "amod", "nmod")]
        for prep in trigger.children:
            if prep.dep_ == "prep" and prep.lower_ in ("by", "from"):
                heads += [g for g in prep.children if g.dep_ == "pobj"]
        # "X carried out / launched / conducted an attack", "jets dropped dozens of bombs"
        t = trigger
        while t.dep_ == "pobj" and t.head.lower_ == "of" and t.head.head.pos_ in ("NOUN", "NUM"):
            t = t.head.head
        if t.dep_ in ("dobj", "nsubjpass"):
            heads.append(agent(t.head))
    for h in heads:
        if h is None:
            continue
        for m in _mentions_in(index, sent, h):
            if m not in out:
                out.append(m)
    return out


def _side_b(sent: Sentence, index: ActorIndex, trigger) -> list[Mention]:
    out: list[Mention] = []
    heads = objects(trigger) if trigger.pos_ == "VERB" else []
    heads += prep_objects(trigger, {"with", "against", "on", "at"})
    if trigger.pos_ in ("NOUN",) and trigger.dep_ in ("dobj",):
        heads += prep_objects(trigger.head, {"on", "against", "with"})  # "carried out strikes on X"
    for h in heads:
        for m in _mentions_in(index, sent, h):
            if m not in out:
                out.append(m)
    return out


def _between(sent: Sentence, index: ActorIndex, trigger) -> tuple[list[Mention], list[Mention]]:
    """"fighting between the SAF and the RSF": the two sides."""
    for prep in trigger.children:
        if prep.dep_ == "prep" and prep.lower_ == "between":
            objs = [g for g in prep.children if g.dep_ == "pobj"]
            if not objs:
                continue
            sides = [_mention_at(index, sent, t) for t in _with_conjuncts(objs[0])]
            sides = [m for m in sides if m is not None]
            if len(sides) >= 2:
                return sides[:1], sides[1:]
    return [], []


def _speaks(head) -> bool:
    if head.dep_ in ("appos", "compound") and head.head.dep_ == "nsubj":
        head = head.head  # "the Somali Islamist group al-Shabab said"
    return head.dep_ == "nsubj" and lemma(head.head) in _words("claim_speech_verbs")


def _governed_by(head, cues: frozenset[str], depth: int = 3) -> bool:
    """A cue word up the parse within ``depth`` steps, or further along a noun phrase's
    descriptions ("blamed dissidents of the group known as the EMC"), never past a clause."""
    t = head
    for step in range(2 * depth):
        if t.head is t:
            return False
        if step >= depth and (t.dep_ in _CLAUSES or t.pos_ in ("VERB", "AUX") and t.dep_ not in ("acl",)):
            return False
        t = t.head
        if lemma(t) in cues or t.lower_ in cues:
            return True
    return False


_CLAUSES = frozenset({"ROOT", "ccomp", "advcl", "relcl", "conj", "xcomp"})




def _anaphoric(tok) -> bool:
    """"they", "the group", "the militants", "its fighters", "members of the group": the
    attackers named before."""
    if tok is None:
        return False
    if tok.lower_ == "they":
        return True
    if lemma(tok) not in _words("anaphors"):
        return False
    det = [c.lower_ for c in tok.children if c.dep_ in ("det", "poss")]
    if lemma(tok) == "member":
        return any(lemma(g) == "group" for p in tok.children if p.lower_ == "of" for g in p.children)
    return any(d in ("the", "its", "their") for d in det)


def sides_in(sent: Sentence, index: ActorIndex, trigger_i: int | None, lang: LanguagePack,
             caption: bool = False, antecedents: list[Mention] = ()) -> Sides:
    out = Sides()
    mentions = index.in_sentence(sent.index)
    doc = sent.span.doc
    claim_cues, suspect_cues = lang.words("claim_cues"), lang.words("suspect_cues")
    denial_cues, accusers = lang.words("denial_cues"), lang.words("accuse_verbs")
    lemmas = {t.i: lemma(t) for t in sent.span}
    claim_is = [i for i, l in lemmas.items() if l in claim_cues]
    suspect_is = [i for i, l in lemmas.items() if l in suspect_cues or doc[i].lower_ in suspect_cues]
    deny_is = [i for i, l in lemmas.items() if l in denial_cues]
    armed = [m for m in mentions if index.kind(m.key) in ARMED_KINDS]
    # 1. who denied, who claimed
    for m in armed:
        head = doc[m.start:m.end].root
        if deny_is and (_governed_by(head, denial_cues) or (head.dep_ == "nsubj" and lemma(head.head) in denial_cues)):
            out.add("denied", m)
    claimants = [m for m in armed if m.key not in out.denied and _claimant(doc[m.start:m.end].root, claim_is)]
    if not claimants and claim_is and not caption:
        near = [m for m in armed if m.key not in out.denied and index.kind(m.key) == "armed_group"
                and min(abs(m.start - i) for i in claim_is) <= CUE_WINDOW]
        claimants = near[:1]
    if not claimants and trigger_i is not None and not caption:
        # "Al Shabaab said it carried out the attacks": a group speaking of it claims it
        claimants = [m for m in armed if index.kind(m.key) == "armed_group" and m.key not in out.denied
                     and _speaks(doc[m.start:m.end].root)]
    for m in claimants:
        out.add("claimed_by", m)
    # 2. suspects
    for m in mentions:
        if m.key in out.claimed_by or m.key in out.denied:
            continue
        kind = index.kind(m.key)
        if kind not in ("armed_group", "person", "descriptor"):
            continue
        head = doc[m.start:m.end].root
        if head.dep_ == "nsubj" and lemma(head.head) in accusers:
            continue  # "President Petro blamed the EMC": the accuser
        if suspect_is and (min(abs(m.start - i) for i in suspect_is) <= 6 or _governed_by(head, suspect_cues)):
            out.add("suspects", m)
    # 3. the sides of the trigger
    if trigger_i is not None:
        trigger = doc[trigger_i]
        a, b = _between(sent, index, trigger)
        a = a or _side_a(sent, index, trigger)
        b = b or _side_b(sent, index, trigger)
        if not [m for m in a if index.kind(m.key) in ARMED_KINDS] and trigger.pos_ in ("VERB", "AUX") \
                and _anaphoric(agent(trigger)):
            a = list(antecedents)  # "the group set fire to a truck": the group named before
        for m in a:
            if index.kind(m.key) in ARMED_KINDS and m.key not in out.denied:
                out.add("side_a", m)
        for m in b:
            if index.kind(m.key) in ARMED_KINDS and m.key not in out.side_a:
                out.add("side_b", m)
        for m in armed:  # armed actors harmed ("two soldiers were killed") are the other side
            if m.key not in out.side_a and _harmed(doc[m.start:m.end].root):
                out.add("side_b", m)
        groups = [m for m in armed if index.kind(m.key) == "armed_group"]
        free = [m for m in groups if m.key not in set(out.side_b) | set(out.denied) | set(out.suspects)
                and not _speaks(doc[m.start:m.end].root) and not _inside_harmed(doc[m.start:m.end].root)]
        if not out.side_a and len({m.key for m in free}) == 1 and len({m.key for m in groups}) <= 2:
            # the only armed group of a trigger sentence, or the one of two that is not the harmed
            # ("Barrio 18 inmates attacked members of the rival MS-13 gang")
            out.add("side_a", free[0])
        out.unidentified = not out.side_a and _unidentified_agent(trigger, lang)
        crowd = crowd_agent(trigger, lang)
        out.mob = not out.side_a and crowd == "mob"
        out.protesters = crowd == "protesters"
    return out


def crowd_agent(trigger, lang: LanguagePack) -> str | None:
    """"protesters" when protesters did it ("protesters set fire to the parliament", "thousands
    of supporters invaded the Congress"), "mob" when a crowd did ("a crowd seized 13 men",
    "hundreds of men stormed the airport"), else None."""
    verb = trigger
    for _ in range(2):  # "set part of the building on fire": the phrase's verb
        if verb.pos_ in ("VERB", "AUX") or verb.dep_ not in ("pobj", "dobj", "prep"):
            break
        verb = verb.head
    who = agent(verb) if verb.pos_ in ("VERB", "AUX") else None
    if who is None:
        return None
    large = who.tag_ == "CD" or lemma(who) in lang.words("crowd_sizes")
    if large:
        # "thousands of supporters": the people counted
        who = next((g for c in who.children if c.dep_ == "prep" and c.lower_ == "of"
                    for g in c.children if g.dep_ == "pobj"), who)
    word = {lemma(who), who.lower_}
    if word & lang.words("protester_nouns"):
        return "protesters"
    if word & lang.words("mob_nouns") or large and lemma(who) in lang.words("people_nouns") and who.tag_ == "NNS":
        return "mob"
    return None




def _inside_harmed(tok) -> bool:
    """The phrase of someone harmed holds it ("killing Hezbollah leader Hassan Nasrallah")."""
    verbs = _words("harmed_position_verbs")
    return any(a.dep_ in ("dobj", "nsubjpass") and lemma(a.head) in verbs for a in [tok, *tok.ancestors])


def _harmed(head) -> bool:
    """The phrase stands where the harmed stand: the subject of a passive or of "died", the
    object of a harm verb, the object of "on"/"against" after an attack word."""
    verb = head.head
    if head.dep_ in ("nsubjpass", "dobj") and lemma(verb) in _words("harmed_position_verbs"):
        return True
    if head.dep_ == "nsubj" and lemma(verb) == "die":
        return True
    return head.dep_ == "pobj" and verb.lower_ in ("on", "against") and lemma(verb.head) in _words("harmed_position_verbs")


def _claimant(head, claim_is: list[int]) -> bool:
    """The group is the subject of "claim" or the agent of "claimed by"."""
    if head.dep_ in ("nsubj", "nsubjpass") and head.head.i in claim_is:
        return True
    if head.dep_ in ("appos", "compound") and head.head.dep_ == "nsubj" and head.head.head.i in claim_is:
        return True
    return head.dep_ == "pobj" and head.head.dep_ == "agent" and head.head.head.i in claim_is


def _unidentified_agent(trigger, lang: LanguagePack) -> bool:
    words = lang.words("unidentified_words") | lang.words("assailant_nouns")
    who = agent(trigger) if trigger.pos_ in ("VERB", "AUX") else None
    if who is None and trigger.pos_ in ("NOUN", "PROPN"):
        who = trigger if lemma(trigger) in words else None
    if who is None:
        who = subject(trigger.head) if trigger.head is not trigger else None
    return who is not None and (lemma(who) in words or who.lower_ in words or
                                any(c.lower_ in words for c in who.children))
