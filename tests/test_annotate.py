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


def test_doc_text_is_the_docs_text_built_once():
    import spacy

    from tacitus.annotate import doc_text

    doc = spacy.blank("en")("Gunmen  attacked a bus,\nkilling two.")
    first = doc_text(doc)
    assert first == doc.text and doc_text(doc) is first
