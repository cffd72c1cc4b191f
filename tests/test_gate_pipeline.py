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

# scores 0.13 against the committed model's threshold of 0.1845 (tests/relevance pins the model)
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
    assert metadata["gate"] == "off-topic" and 0 < metadata["relevance"] < 0.1845
    assert conn.execute("SELECT count(*) FROM events").fetchone() == (0,)


def test_process_marks_every_gated_article_with_its_score(monkeypatch):
    monkeypatch.setattr(pipeline, "get_nlp", _no_annotation)
    ex = pipeline.process(text_document(OFF_TOPIC), Settings())
    assert pipeline.off_topic(ex) and ex.events == () and ex.actors == ()
    assert 0 < ex.article.metadata["relevance"] < 0.1845


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


# --- the pool screens in the parent: only what the gate passes reaches a worker ----------------

class _LazyFuture:
    """A worker's future that is not done until asked for its result (then runs in this
    process), or that breaks as a dead worker's does."""

    def __init__(self, fn, args, broken=False):
        self.fn, self.args, self.broken, self._done = fn, args, broken, False

    def done(self):
        return self._done

    def result(self):
        from concurrent.futures.process import BrokenProcessPool

        if self.broken:
            raise BrokenProcessPool("a worker died")
        self._done = True
        return self.fn(*self.args)


class _FakeExecutor:
    """Stands in for the ProcessPoolExecutor: records what is submitted; ``break_first``
    makes the first future break."""

    def __init__(self, log, break_first=False):
        self.log, self.break_first = log, break_first

    def submit(self, fn, *args):
        self.log.append(args[0].source)
        broken, self.break_first = self.break_first, False
        return _LazyFuture(fn, args, broken)

    def shutdown(self, **kw):
        pass


def _keyword_gate(text):
    from tacitus.relevance import Relevance

    relevant = "bomb" in text
    return Relevance(0.9 if relevant else 0.01, relevant, 0.5)


def _stand_in_finish(article, source, settings):
    from tacitus.models import Extraction

    return Extraction(article)


def _mixed_batch(n=60):
    texts = [f"A bomb went off in town number {i}." if i % 7 == 3 else f"Report {i} on the weather." for i in range(n)]
    return [text_document(t, source=f"doc{i}") for i, t in enumerate(texts)]


@pytest.mark.parametrize("break_first", [False, True])
def test_the_pool_gets_only_what_the_gate_passes_and_outcomes_keep_input_order(monkeypatch, break_first):
    monkeypatch.setattr(pipeline, "_relevance", _keyword_gate)
    monkeypatch.setattr(pipeline, "finish", _stand_in_finish)
    submitted: list[str] = []
    executors = iter([_FakeExecutor(submitted, break_first), _FakeExecutor(submitted)])
    monkeypatch.setattr(pipeline._Pool, "_new", lambda self: next(executors))
    docs = _mixed_batch()
    settings = Settings(workers=2)
    out = list(pipeline._Pool(settings).run(iter(docs)))
    assert [d.source for d, _ in out] == [d.source for d in docs]
    expected = [pipeline._safe_process(d, settings) for d in docs]
    assert [o.article for _, o in out] == [e.article for e in expected]
    relevant = [d.source for d in docs if b"bomb" in d.data]
    assert sorted(set(submitted)) == sorted(relevant), "an off-topic article reached a worker"
    assert sum(pipeline.off_topic(o) for _, o in out) == len(docs) - len(relevant)


def test_screening_runs_ahead_of_a_busy_worker_within_its_bound(monkeypatch):
    """The parent screens past a relevant article still in the pool, up to the bound."""
    monkeypatch.setattr(pipeline, "_relevance", _keyword_gate)
    monkeypatch.setattr(pipeline, "finish", _stand_in_finish)
    monkeypatch.setattr(pipeline._Pool, "_new", lambda self: _FakeExecutor([]))
    read = {"n": 0}
    docs = [text_document("A bomb went off.", source="first")] + [
        text_document(f"Report {i} on the weather.", source=f"w{i}") for i in range(500)]

    def reading():
        for d in docs:
            read["n"] += 1
            yield d

    pool = pipeline._Pool(Settings(workers=2))
    first = next(pool.run(reading()))
    assert first[0].source == "first"
    assert pool.window < read["n"] <= pool.window * pipeline.SCREENED_AHEAD + 1


def test_a_worker_loads_no_model_when_it_starts():
    import subprocess
    import sys

    probe = ("import os, sys; from tacitus import workers; from tacitus.config import Settings; "
             "workers.init(Settings(), os.getppid()); print('spacy' in sys.modules, 'torch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120)
    assert out.stdout.split() == ["False", "False"]
