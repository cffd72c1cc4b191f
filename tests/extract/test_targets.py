"""Targets slot: the class of the people harmed, on parses built by hand (no model)."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

from tacitus.extract.slots.targets import noun_class
from tacitus.lang import pack

VOCAB = spacy.blank("en").vocab  # English lexical attributes (lower case), no model


def _phrase(rows):
    return Doc(VOCAB, words=[r[0] for r in rows], heads=[r[1] for r in rows], deps=[r[2] for r in rows],
               lemmas=[r[3] for r in rows], pos=[r[4] for r in rows])


def test_a_part_of_a_group_is_classed_by_the_group():
    # "one member of the presidential guard", "18 of the villagers"
    guard = _phrase([("one", 1, "nummod", "one", "NUM"), ("member", 1, "ROOT", "member", "NOUN"),
                     ("of", 1, "prep", "of", "ADP"), ("the", 5, "det", "the", "DET"),
                     ("presidential", 5, "amod", "presidential", "ADJ"), ("guard", 2, "pobj", "guard", "NOUN")])
    villagers = _phrase([("18", 0, "ROOT", "18", "NUM"), ("of", 0, "prep", "of", "ADP"),
                         ("the", 3, "det", "the", "DET"), ("villagers", 1, "pobj", "villager", "NOUN")])
    lang = pack("en")
    assert noun_class(guard[1], lang) == "combatants"
    assert noun_class(villagers[0], lang) == "civilians"


def test_a_bare_number_has_no_class():
    doc = _phrase([("18", 0, "ROOT", "18", "NUM")])
    assert noun_class(doc[0], pack("en")) is None
