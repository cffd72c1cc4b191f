"""annotate: the armed-group rulers over the spaCy model."""

from __future__ import annotations

import pytest

from tacitus.annotate import GROUP_LABEL, get_nlp

pytestmark = pytest.mark.model


def _groups(text: str) -> list[tuple[str, str]]:
    return [(e.text, e.ent_id_) for e in get_nlp()(text).ents if e.label_ == GROUP_LABEL]


def test_an_acronym_inside_a_longer_group_name_keeps_the_longer_name():
    found = _groups("Officials blamed FARC dissidents for the ambush.")
    assert found == [("FARC dissidents", "farc-dissidents")]


def test_an_exact_case_acronym_alone_is_still_a_group():
    assert _groups("The FARC and the ELN signed nothing.") == [("FARC", "farc"), ("ELN", "eln")]


def test_no_sentence_starts_inside_a_coders_bracketed_place_chain():
    import spacy

    from tacitus.annotate import bracket_sentences

    doc = bracket_sentences(spacy.blank("en")("shells hit a school in Vovchansk (Chuhuiv, Kharkiv). Two died."))
    words = [t.text for t in doc]
    inside = doc[words.index("("):words.index(")") + 1]
    assert len(inside) == 5 and all(t.is_sent_start is False for t in inside)
    assert doc[words.index("Two")].is_sent_start is not False


def test_a_bracketed_sentence_after_a_full_stop_stays_a_sentence():
    doc = get_nlp()("Gunmen attacked a bus near Gao. (The army gave no toll.) Police arrived later.")
    assert [s.text for s in doc.sents][1] == "(The army gave no toll.)"


def test_doc_text_is_the_docs_text_built_once():
    import spacy

    from tacitus.annotate import doc_text

    doc = spacy.blank("en")("Gunmen  attacked a bus,\nkilling two.")
    first = doc_text(doc)
    assert first == doc.text and doc_text(doc) is first
