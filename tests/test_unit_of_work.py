"""Resolution is part of the unit of work: an article and its resolution commit together; an
article an older or killed run left unresolved is finished by the next ingest (and by
``tacitus resolve``); documents stream through the pipeline a few at a time."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

import tacitus.pipeline as pipeline
from tacitus.cli import main
from tacitus.config import Settings
from tacitus.ingest import text_document
from tacitus.models import Article, Extraction, Paragraph
from tacitus.resolve import unresolved_articles
from tacitus.store import Store

from test_resolve import art, ev


def unresolved_events(store: Store) -> int:
    return store.conn.execute("SELECT count(*) FROM events e LEFT JOIN incident_events ie ON ie.event_id = e.id"
                              " WHERE ie.event_id IS NULL").fetchone()[0]


def test_a_failing_resolution_rolls_the_article_back(monkeypatch):
    import tacitus.pipeline as p

    def broken(store, article_id, **kw):
        raise RuntimeError("resolution bug")

    monkeypatch.setattr(p, "resolve_article", broken)
    with Store(":memory:") as store:
        with pytest.raises(RuntimeError):
            p.store_and_resolve(store, Extraction(article=art("a", "2022-10-30"), events=(ev(),)))
        assert store.articles() == [] and store.events() == []


def test_the_next_ingest_finishes_what_a_killed_run_left_unresolved(tmp_path):
    db = tmp_path / "t.db"
    with Store(db) as store:  # as a run killed between save and resolution (before they were one) left it
        store.save(Extraction(article=art("a", "2022-10-30"), events=(ev(killed_min=100),)))
        assert unresolved_articles(store) == ["a"]
    (tmp_path / "b.txt").write_text("Nothing happened here today, the council said.", encoding="utf-8")
    result = CliRunner().invoke(main, ["ingest", str(tmp_path / "b.txt"), "--db", str(db), "--no-roles"],
                                catch_exceptions=False)
    assert "resolved 1 articles an earlier run had left unresolved" in result.output
    with Store(db) as store:
        assert unresolved_articles(store) == [] and unresolved_events(store) == 0


def test_documents_stream_a_few_at_a_time(monkeypatch):
    """Reading never runs far ahead of storing: memory stays flat in the batch's size."""
    counts = {"read": 0, "stored": 0}
    ahead: list[int] = []

    def docs():
        for i in range(200):
            counts["read"] += 1
            yield text_document(f"Report number {i} about the weather.", source=f"doc{i}")

    def stand_in(document, settings=None):
        text = document.data.decode()
        return Extraction(article=Article(id=document.content_hash[:16], text=text,
                                          paragraphs=(Paragraph(text, 0, len(text)),)))

    real_save = Store.save

    def save(self, ex, doc=None, **kw):
        ahead.append(counts["read"] - counts["stored"])  # documents read but not stored yet
        counts["stored"] += 1
        return real_save(self, ex, doc, **kw)

    monkeypatch.setattr(pipeline, "process", stand_in)
    monkeypatch.setattr(Store, "save", save)
    with Store(":memory:") as store:
        report = pipeline.ingest_documents(docs(), store, Settings(workers=1), progress=False)
    assert report.n_stored == 200
    assert max(ahead) <= pipeline.PARALLEL_MIN_DOCS + 2  # the head that decides on a pool, no more
