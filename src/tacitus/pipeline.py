"""pipeline: the one place that loops over batches.

``process`` runs the pure stages on one document (clean -> annotate -> extract);
``ingest`` feeds a batch through it into the store, one transaction per article, with a
progress bar for batches larger than a few documents. A document that fails is reported
with its source and the batch goes on.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import BinaryIO

from .annotate import annotate, get_nlp
from .clean import clean
from .config import Settings
from .errors import TacitusError
from .extract import extract
from .ingest import iter_documents, text_document
from .models import Document, Extraction, Rejection
from .resolve import resolve_article
from .store import Store


@dataclass
class IngestReport:
    stored: list[str] = field(default_factory=list)  # article ids newly stored
    duplicates: list[str] = field(default_factory=list)  # sources already in the store
    rejected: list[Rejection] = field(default_factory=list)
    events: int = 0

    @property
    def ok(self) -> bool:
        return not self.rejected


def process(document: Document, settings: Settings | None = None) -> Extraction:
    """clean -> annotate -> extract for one document (pure apart from the cached model)."""
    settings = settings or Settings()
    article = clean(document)
    if not article.text.strip():
        raise TacitusError(f"{document.source}: no article text found after cleaning")
    return extract(annotate(article, get_nlp(settings.spacy_model)), use_roles=settings.use_roles)


def process_text(text: str, published: date | None = None, settings: Settings | None = None) -> Extraction:
    return process(text_document(text, published=published), settings)


def ingest(
    paths: Sequence[str],
    store: Store,
    settings: Settings,
    *,
    published: date | None = None,
    url: str | None = None,
    stdin: BinaryIO | None = None,
    on_error: Callable[[Rejection], None] | None = None,
    progress: bool = True,
) -> IngestReport:
    items = iter_documents(paths, settings, published=published, url=url, stdin=stdin)
    return ingest_documents(items, store, settings, on_error=on_error, progress=progress)


def ingest_documents(
    items: Iterable[Document | Rejection],
    store: Store,
    settings: Settings,
    *,
    on_error: Callable[[Rejection], None] | None = None,
    progress: bool = True,
) -> IngestReport:
    """Store documents (rejections are recorded): duplicates skipped, the rest extracted and
    saved one transaction per article."""
    report = IngestReport()

    def reject(r: Rejection) -> None:
        report.rejected.append(r)
        store.record_rejection(r)
        if on_error:
            on_error(r)

    todo: list[Document] = []
    seen: set[str] = set()
    for item in items:
        if isinstance(item, Rejection):
            reject(item)
        elif item.content_hash in seen or store.has_content(item.content_hash):
            report.duplicates.append(item.source)
        else:
            seen.add(item.content_hash)
            todo.append(item)

    results = _process_all(todo, settings)
    for doc, outcome in _progress(results, len(todo), progress and len(todo) > settings.progress_threshold):
        try:
            if isinstance(outcome, TacitusError):
                raise outcome
            article_id, created = store.save(outcome, doc)
        except TacitusError as exc:
            reason = str(exc).removeprefix(f"{doc.source}: ")
            reject(Rejection(doc.source, reason, doc.content_hash))
            continue
        if created:
            report.stored.append(article_id)
            report.events += len(outcome.events)
            resolve_article(store, article_id)  # cross-article resolution: incidents, actors, claim ratings
        else:
            report.duplicates.append(doc.source)
    return report


# Below this many documents a batch runs in this process: starting workers costs each of them
# the model loads (about 5 s), which only pay off on larger batches.
PARALLEL_MIN_DOCS = 24


def _safe_process(document: Document, settings: Settings) -> Extraction | TacitusError:
    try:
        return process(document, settings)
    except TacitusError as exc:
        return exc


def _worker_init(settings: Settings) -> None:
    get_nlp(settings.spacy_model)
    if settings.use_roles:
        from .extract.roles import load_tagger

        load_tagger()


def _worker(args: tuple[Document, Settings]) -> Extraction | TacitusError:
    return _safe_process(*args)


def _process_all(docs: list[Document], settings: Settings) -> Iterator[tuple[Document, Extraction | TacitusError]]:
    """Extractions in input order; over a process pool when the batch is large enough."""
    workers = min(settings.workers, len(docs) // 4) if len(docs) >= PARALLEL_MIN_DOCS else 1
    if workers <= 1:
        for doc in docs:
            yield doc, _safe_process(doc, settings)
        return
    import multiprocessing

    # spawn, not fork: PyTorch's thread pools in a forked child can deadlock, and each worker
    # loads its own models anyway
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(workers, initializer=_worker_init, initargs=(settings,)) as pool:
        yield from zip(docs, pool.imap(_worker, ((d, settings) for d in docs), chunksize=2))


def _progress(items: Iterable, total: int, show: bool) -> Iterable:
    if not show:
        yield from items
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn("ingesting"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=_stderr_console(), transient=False) as bar:
        task = bar.add_task("ingest", total=total)
        for item in items:
            yield item
            bar.advance(task)


def _stderr_console():
    from rich.console import Console

    return Console(file=sys.stderr)


# --- MUC-4 role view of an extraction ------------------------------------------------------------

def extract_roles(text: str) -> dict[str, list[list[str]]]:
    """The five MUC-4 roles from tacitus's own extraction of ``text``."""
    from .roles_view import roles_of

    return roles_of(process_text(text))
