"""The casualty slot's words, read once per language pack: the lists of
``lang/<code>/casualties.yaml`` (and the actor nouns of ``actors.yaml``), the patterns compiled."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ....lang import LanguagePack
from ...numbers import number_phrase_pattern


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
    zero_kinds: dict[str, str]
    # the grammar of a victims phrase
    singular_dets: frozenset[str]
    singular_pronouns: frozenset[str]
    reflexives: frozenset[str]
    partitive_heads: frozenset[str]
    of_pronouns: frozenset[str]
    partitive_pronouns: frozenset[str]
    partitive_preps: frozenset[str]
    subset_preps: frozenset[str]
    subset_verbs: frozenset[str]
    toll_preps: frozenset[str]
    toll_verb_preps: frozenset[str]
    np_words: frozenset[str]
    quantity_words: frozenset[str]
    floor_words: frozenset[str]
    zero_words: frozenset[str]


_WORDS: dict[int, tuple[LanguagePack, _Words]] = {}


def _words(p: LanguagePack) -> _Words:
    cached = _WORDS.get(id(p))
    if cached is not None and cached[0] is p:
        return cached[1]
    num = number_phrase_pattern(p)

    def compiled(name: str) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(p.expand(x, num=num), re.IGNORECASE) for x in p.patterns[name])

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
        elsewhere=compiled("elsewhere_patterns"), zero_kinds=dict(p.map("zero_kinds")),
        singular_dets=p.words("singular_determiners"), singular_pronouns=p.words("singular_pronouns"),
        reflexives=p.words("reflexive_pronouns"), partitive_heads=p.words("partitive_heads"),
        of_pronouns=p.words("of_pronouns"), partitive_pronouns=p.words("partitive_pronouns"),
        partitive_preps=p.words("partitive_preps"), subset_preps=p.words("subset_preps"),
        subset_verbs=p.words("subset_verbs"),
        toll_preps=p.words("toll_preps"), toll_verb_preps=p.words("toll_verb_preps"),
        np_words=p.words("np_joiners") | {"-", ","}, quantity_words=p.words("quantity_words"),
        floor_words=p.words("floor_words"), zero_words=p.words("zero_words"),
    )
    _WORDS[id(p)] = (p, w)
    return w
