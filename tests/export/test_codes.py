"""What the codebook exports share: notes written from the evidence sentences."""

from __future__ import annotations

from tacitus.export.codes import NOTES_SENTENCES, notes


def ev(article: str, sentence: int, text: str, field: str) -> dict:
    return {"article": article, "sentence": sentence, "start": 0, "end": 1, "text": text, "field": field}


def test_notes_tell_each_source_without_datelines_in_report_order():
    incident = {"sources": ["a", "b"], "evidence": [
        ev("a", 0, "Somalia says 100 killed in Mogadishu", "type"),
        ev("a", 1, "MOGADISHU, Oct 30 (Reuters) - At least 100 people were killed on Saturday.", "killed"),
        ev("a", 1, "MOGADISHU, Oct 30 (Reuters) - At least 100 people were killed on Saturday.", "date"),
        ev("a", 2, "Al-Shabaab claimed the attack.", "claimed_by"),
        ev("a", 3, "Witnesses described chaos.", "mention"),  # says no field a note tells
        ev("b", 4, "The toll rose to 121 on Wednesday.", "killed"),
    ]}
    text = notes(incident)
    assert text.startswith("Somalia says 100 killed in Mogadishu. At least 100 people")
    assert "MOGADISHU, Oct 30" not in text and "chaos" not in text
    assert text.endswith("The toll rose to 121 on Wednesday.")  # the later source is told
    assert text.count("At least 100") == 1 and text.count(". ") + 1 == NOTES_SENTENCES


def test_no_evidence_no_note():
    assert notes({"sources": ["a"], "evidence": []}) == ""
