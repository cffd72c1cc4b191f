"""Grammar helpers over parses built by hand (no model)."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

from tacitus.lang.syntax import agent, subject

VOCAB = spacy.blank("en").vocab  # English lexical attributes (lower case), no model


def _doc(rows):
    """rows: (word, head index, dep, tag, pos)."""
    words = [r[0] for r in rows]
    return Doc(VOCAB, words=words, heads=[r[1] for r in rows], deps=[r[2] for r in rows],
               tags=[r[3] for r in rows], pos=[r[4] for r in rows])


def test_finite_verb_hung_on_a_noun_takes_the_subject_it_sits_in():
    # "rioters angered by a teacher set fire", with "set" parsed under "teacher"
    doc = _doc([
        ("rioters", 7, "nsubjpass", "NNS", "NOUN"), ("angered", 0, "acl", "VBN", "VERB"),
        ("by", 1, "agent", "IN", "ADP"), ("a", 4, "det", "DT", "DET"), ("teacher", 2, "pobj", "NN", "NOUN"),
        ("set", 4, "acl", "VBD", "VERB"), ("fire", 5, "dobj", "NN", "NOUN"),
        ("attacked", 7, "ROOT", "VBN", "VERB"),
    ])
    assert subject(doc[5]).text == "rioters"
    assert agent(doc[5]).text == "rioters"


def test_participle_clause_keeps_its_head_noun():
    # "militants armed with rifles": the participle's subject is the noun it describes
    doc = _doc([
        ("militants", 4, "nsubj", "NNS", "NOUN"), ("armed", 0, "acl", "VBN", "VERB"),
        ("with", 1, "prep", "IN", "ADP"), ("rifles", 2, "pobj", "NNS", "NOUN"),
        ("attacked", 4, "ROOT", "VBD", "VERB"),
    ])
    assert subject(doc[1]).text == "militants"
