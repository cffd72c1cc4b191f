"""Stage 3: triggers. The language pack's trigger words found in one sentence, each pointing
to a taxonomy key (an ACLED sub-event type, a GTD attack type, or a plain attack).

Phrases are matched first, word by word on lemmas or surface forms, so "burned down" and
"set the hall on fire" count like "burn down" and "set on fire" (a phrase may skip one
determiner or possessive between its words); then single words, on lemma or surface form,
nouns, verbs, proper nouns and adjectives only. ``verb_only`` and ``noun_only`` words must
stand in that part of speech.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Span

from ..lang import LanguagePack, Trigger, words as _words
from ..lang.syntax import lemma

# words a phrase may skip between two of its words: "set the hall on fire", "opened heavy fire"
CONTENT_POS = frozenset({"NOUN", "VERB", "PROPN", "ADJ"})
# a trigger word inside a name is part of the name ("March" the month, "Army Public School")
NAME_LABELS = frozenset({"DATE", "TIME", "PERSON", "GPE", "LOC", "NORP", "ARMED_GROUP"})



@dataclass(frozen=True)
class TriggerHit:
    i: int  # doc index of the token that heads the trigger
    start: int  # doc span of the whole trigger
    end: int
    key: str  # taxonomy key or "attack"
    weak: bool
    plural: bool  # "attacks", "bombings": maybe several incidents
    text: str


@lru_cache(maxsize=8)
def _tables(lang: LanguagePack) -> tuple[dict[str, Trigger], tuple[Trigger, ...]]:
    return lang.single_word_triggers(), lang.phrase_triggers()


def _match_phrase(toks: list, i: int, form: tuple[str, ...]) -> int | None:
    """End (exclusive, in ``toks``) of ``form`` matched from ``toks[i]``, or None."""
    k, j = 0, i
    skipped = 0
    while k < len(form):
        if j >= len(toks):
            return None
        t = toks[j]
        if form[k] in (lemma(t), t.lower_):
            k += 1
            j += 1
            continue
        if k > 0 and skipped < 2 and t.lower_ in _words("skippable_words"):
            skipped += 1
            j += 1
            continue
        return None
    return j


def _pos_ok(trigger: Trigger, tok) -> bool:
    if trigger.verb_only and tok.pos_ != "VERB":
        return False
    if trigger.noun_only and tok.pos_ not in ("NOUN", "PROPN"):
        return False
    return True


def _in_name(tok) -> bool:
    """Part of a name: a person, place, nationality or group ("March" the month); common nouns
    the recogniser swept into a date ("for a vigil a day after") still count."""
    if tok.ent_type_ in ("DATE", "TIME"):
        return tok.pos_ == "PROPN"
    return tok.ent_type_ in NAME_LABELS


def _starts(toks: list) -> dict[str, list[int]]:
    """Where each word stands in ``toks`` (by lemma and by surface form), in order: a phrase can
    only begin where its first word stands, so only there is it tried."""
    out: dict[str, list[int]] = {}
    for i, t in enumerate(toks):
        for form in {lemma(t), t.lower_}:
            out.setdefault(form, []).append(i)
    return out


def find_triggers(span: Span, lang: LanguagePack) -> list[TriggerHit]:
    """Every trigger of the sentence ``span``, in text order, phrases before the words in them."""
    singles, phrases = _tables(lang)
    toks = list(span)
    doc = span.doc
    found: list[TriggerHit] = []
    taken: set[int] = set()
    starts = _starts(toks)
    for trigger in phrases:
        for i in starts.get(trigger.form[0], ()):
            if toks[i].i in taken:
                continue
            end = _match_phrase(toks, i, trigger.form)
            if end is None:
                continue
            words = doc[toks[i].i:toks[end - 1].i + 1]
            head = words.root
            if not _pos_ok(trigger, head) or all(_in_name(t) for t in words):
                continue
            found.append(TriggerHit(head.i, words.start, words.end, trigger.key, trigger.weak,
                                    head.tag_ in ("NNS", "NNPS"), words.text))
            taken.update(range(words.start, words.end))
    for trigger in phrases:
        if len(trigger.form) != 2:
            continue
        for tok in (toks[i] for i in starts.get(trigger.form[0], ())):
            # "took its pilot, Phillip Mehrtens, hostage": a verb and its complement
            if tok.i in taken or tok.pos_ != "VERB":
                continue
            part = next((c for c in tok.children if c.dep_ in ("oprd", "xcomp", "advmod", "prt", "ccomp", "dobj", "prep")
                         and trigger.form[1] in (lemma(c), c.lower_) and c.i > tok.i + 1), None)
            if part is None or not _pos_ok(trigger, tok):
                continue
            found.append(TriggerHit(tok.i, tok.i, tok.i + 1, trigger.key, trigger.weak, False,
                                    f"{tok.text} {part.text}"))
            taken.update((tok.i, part.i))
    for tok in toks:
        if tok.i in taken or tok.pos_ not in CONTENT_POS or _in_name(tok):
            continue
        # the surface form and the lemma may both be listed ("fought" strong, "fight" weak):
        # the stronger reading wins
        options = [t for t in (singles.get(tok.lower_), singles.get(lemma(tok))) if t is not None]
        trigger = min(options, key=lambda t: t.weak, default=None)
        if trigger is not None and _pos_ok(trigger, tok):
            found.append(TriggerHit(tok.i, tok.i, tok.i + 1, trigger.key, trigger.weak,
                                    tok.tag_ in ("NNS", "NNPS"), tok.text))
    return sorted(found, key=lambda h: h.start)
