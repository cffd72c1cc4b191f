"""pipeline: the one place that loops over batches.

``process`` runs the pure stages on one document (clean -> annotate -> extract);
``ingest`` feeds a batch through it into the store, one transaction per article, with a
progress bar for batches larger than a few documents. A document that fails is reported
with its source and the batch goes on.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Sequence
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
    return extract(annotate(article, get_nlp(settings.spacy_model)))


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
    report = IngestReport()
    items: list[Document | Rejection] = list(
        iter_documents(paths, settings, published=published, url=url, stdin=stdin))

    def reject(r: Rejection) -> None:
        report.rejected.append(r)
        store.record_rejection(r)
        if on_error:
            on_error(r)

    for item in _progress(items, progress and len(items) > settings.progress_threshold):
        if isinstance(item, Rejection):
            reject(item)
            continue
        if store.has_content(item.content_hash):
            report.duplicates.append(item.source)
            continue
        try:
            extraction = process(item, settings)
            article_id, created = store.save(extraction, item)
        except TacitusError as exc:
            reason = str(exc).removeprefix(f"{item.source}: ")
            reject(Rejection(item.source, reason, item.content_hash))
            continue
        if created:
            report.stored.append(article_id)
            report.events += len(extraction.events)
        else:
            report.duplicates.append(item.source)
    return report


def _progress(items: list, show: bool) -> Iterable:
    if not show:
        yield from items
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn("ingesting"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=_stderr_console(), transient=False) as bar:
        task = bar.add_task("ingest", total=len(items))
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
