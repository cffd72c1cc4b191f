"""Throughput and peak memory of the whole pipeline (ingest -> clean -> annotate -> extract ->
store) over a few hundred articles: the bundled samples, each repeated with a small change so
that every copy is a new document.

    .venv/bin/python benchmarks/throughput.py [--articles 300] [--db :memory:]

Prints articles/s (after the models are loaded; load time reported apart) and the process's
peak resident memory.
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
from tacitus.pipeline import process
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--db", default=":memory:")
    args = parser.parse_args()
    t0 = time.perf_counter()
    get_nlp()
    geocode("Kabul")
    load = time.perf_counter() - t0
    docs = corpus(args.articles)
    store = Store(args.db)
    events = 0
    t1 = time.perf_counter()
    for doc in docs:
        ex = process(doc)
        store.save(ex, doc)
        events += len(ex.events)
    elapsed = time.perf_counter() - t1
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"articles: {len(docs)}  events: {events}")
    print(f"model load: {load:.1f} s")
    print(f"pipeline: {elapsed:.1f} s  ->  {len(docs) / elapsed:.1f} articles/s (one process)")
    print(f"peak memory: {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
