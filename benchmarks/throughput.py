"""Throughput and peak memory of the whole pipeline (ingest -> clean -> annotate -> extract ->
store) over a few hundred articles: the bundled samples, each repeated with a small change so
that every copy is a new document.

    .venv/bin/python benchmarks/throughput.py [--articles 300] [--workers N] [--db FILE]

Runs the same batch through ``pipeline.ingest_documents`` with one process and with N worker
processes (rules only), then with N processes and the learned role tagger, and prints articles/s (models already loaded in the parent; each worker loads its
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
from tacitus.extract.roles import load_tagger
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


def _run(docs: list[Document], workers: int, db: str, roles: bool) -> tuple[float, int]:
    store = Store(db)
    settings = Settings(workers=workers, use_roles=roles)
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
    load_tagger()
    print(f"model load: {time.perf_counter() - t0:.1f} s")
    docs = corpus(args.articles)
    for workers, roles in ((1, False), (args.workers, False), (args.workers, True)):
        elapsed, events = _run(docs, workers, args.db, roles)
        print(f"{workers} process(es), role tagger {'on' if roles else 'off'}: {len(docs)} articles, "
              f"{events} events in {elapsed:.1f} s  ->  {len(docs) / elapsed:.1f} articles/s")
    parent = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak memory: parent {parent:.0f} MB, largest worker {child:.0f} MB")


if __name__ == "__main__":
    main()
