"""The relevance gate inside the pipeline: an off-topic article is stored as seen, never
annotated, and a re-run skips it; ``gate=False`` (``--no-gate``) sends it through the whole
extraction."""

from __future__ import annotations

import json
import sqlite3

import pytest

from tacitus import pipeline
from tacitus.config import Settings
from tacitus.ingest import text_document
from tacitus.store import Store

# scores 0.12 against the committed model's threshold of 0.172 (tests/relevance pins the model)
OFF_TOPIC = ("The city council approved a new budget for the public library on Tuesday, and the mayor "
             "said reading rooms would open longer hours.")


def _no_annotation(*args, **kwargs):
    raise AssertionError("an off-topic article reached the language model")


def test_off_topic_article_is_stored_as_seen_without_annotation(tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "get_nlp", _no_annotation)
    settings = Settings(db=tmp_path / "t.db", workers=1)
    with Store(settings.db) as store:
        report = pipeline.ingest_documents([text_document(OFF_TOPIC, source="library.txt")], store, settings,
                                           progress=False)
        assert (report.n_stored, report.n_off_topic, report.events) == (1, 1, 0)
        again = pipeline.ingest_documents([text_document(OFF_TOPIC, source="copy.txt")], store, settings,
                                          progress=False)
        assert (again.n_stored, again.n_duplicates) == (0, 1)
    conn = sqlite3.connect(settings.db)
    (metadata,) = conn.execute("SELECT metadata FROM articles").fetchone()
    metadata = json.loads(metadata)
    assert metadata["gate"] == "off-topic" and 0 < metadata["relevance"] < 0.172
    assert conn.execute("SELECT count(*) FROM events").fetchone() == (0,)


def test_process_marks_every_gated_article_with_its_score(monkeypatch):
    monkeypatch.setattr(pipeline, "get_nlp", _no_annotation)
    ex = pipeline.process(text_document(OFF_TOPIC), Settings())
    assert pipeline.off_topic(ex) and ex.events == () and ex.actors == ()
    assert 0 < ex.article.metadata["relevance"] < 0.172


@pytest.mark.model
def test_without_the_gate_the_article_is_annotated():
    ex = pipeline.process(text_document(OFF_TOPIC), Settings(gate=False))
    assert not pipeline.off_topic(ex) and "gate" not in ex.article.metadata
    assert ex.article.metadata.get("role_tagger") in ("on", "off", "unavailable")


@pytest.mark.model
def test_a_relevant_article_passes_the_gate():
    text = "Gunmen killed four villagers in Zamfara on Sunday, police said."
    ex = pipeline.process(text_document(text), Settings(use_roles=False))
    assert ex.article.metadata["gate"] == "passed" and ex.events


def test_settings_switch_from_the_environment():
    assert Settings.from_env({"TACITUS_GATE": "0"}).gate is False
    assert Settings.from_env({}).gate is True
