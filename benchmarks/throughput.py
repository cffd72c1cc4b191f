"""Throughput and peak memory of the whole pipeline (ingest -> clean -> annotate -> extract ->
store) over a few hundred articles: the bundled samples, each repeated with a small change so
that every copy is a new document.

    .venv/bin/python benchmarks/throughput.py [--articles 300] [--workers N] [--db FILE]

Runs the same batch through ``pipeline.ingest_documents`` with one process and with N worker
processes, and prints articles/s (models already loaded in the parent; each worker loads its
own) and the peak resident memory of the parent and of the largest child.
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from datetime import date
from pathlib import Path

from tacitus.annotate import get_nlp
from tacitus.config import Settings
from tacitus.geo import geocode
from tacitus.ingest import iter_documents, text_document
from tacitus.models import Document
from tacitus.pipeline import ingest_documents
from tacitus.store import Store

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def corpus(n: int) -> list[Document]:
    dates = json.loads((SAMPLES / "published.json").read_text())
    base: list[Document] = []
    for doc in iter_documents([str(SAMPLES)], Settings()):
        if isinstance(doc, Document):
            name = Path(doc.source.split("#")[0]).name
            published = doc.published or (date.fromisoformat(dates[name]) if name in dates else None)
            base.append(Document(doc.source, doc.data, doc.content_hash, doc.media_type, doc.url, doc.title, published))
    docs = []
    for i in range(n):
        d = base[i % len(base)]
        text = d.data.decode("utf-8")
        if d.media_type == "html":
            text = text.replace("</body>", f"<p>Copy {i}.</p></body>")
        else:
            text = f"{text}\n\nCopy {i}."
        docs.append(text_document(text, published=d.published, source=f"{d.source}~{i}", media_type=d.media_type))
    return docs


def _run(docs: list[Document], workers: int, db: str) -> tuple[float, int]:
    store = Store(db)
    settings = Settings(workers=workers)
    start = time.perf_counter()
    report = ingest_documents(docs, store, settings, progress=False)
    elapsed = time.perf_counter() - start
    store.close()
    assert len(report.stored) == len(docs), report.rejected[:3]
    return elapsed, report.events


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--db", default=":memory:")
    args = parser.parse_args()
    t0 = time.perf_counter()
    get_nlp()
    geocode("Kabul")
    print(f"model load: {time.perf_counter() - t0:.1f} s")
    docs = corpus(args.articles)
    for workers in (1, args.workers):
        elapsed, events = _run(docs, workers, args.db)
        print(f"{workers} process(es): {len(docs)} articles, {events} events in {elapsed:.1f} s"
              f"  ->  {len(docs) / elapsed:.1f} articles/s")
    parent = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak memory: parent {parent:.0f} MB, largest worker {child:.0f} MB")


if __name__ == "__main__":
    main()
