"""pipeline: the one place that loops over batches.

``process`` runs the pure stages on one document (clean -> annotate -> extract);
``ingest`` streams a batch through it into the store. For each input, in order:

1. read it (``ingest.iter_documents``): a Document, or a Rejection with a coded reason;
2. skip it when its content is stored already (or is being processed in this batch); stored
   content that comes with another publication date is extracted again with it at the end
   (``set_published``, step 6);
3. process it, in this process or, for larger batches, on a pool of worker processes fed a
   few documents at a time (``_process_all``), so memory stays flat in the input's size;
   any exception inside a stage rejects that document (``E901``, naming the stage) and a
   worker that dies rejects the document it held (``E902``);
4. store it and resolve it across articles in one transaction (the unit of work), so a
   kill leaves every article either absent or stored and resolved;
5. record every rejection, with its code, in the store and through ``on_error``;
6. give stored content its new publication date (``report.redated`` says which).

Before the batch starts, articles an older or killed run left unresolved are resolved.
"""

from __future__ import annotations

import os
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from dataclasses import replace as dc_replace
from datetime import date
from itertools import chain, islice
from pathlib import Path
from typing import Any, BinaryIO

from . import workers
from .clean import clean
from .config import Settings
from .errors import (
    EXIT_INTERNAL,
    EXIT_OK,
    EXIT_REJECTED,
    Code,
    Codes,
    InputError,
    StoreError,
    TacitusError,
    one_line,
)
from .ingest import Seen, count_inputs, iter_documents, reject, text_document
from .models import Article, Document, Extraction, Rejection
from .resolve import resolve_article, resolve_pending
from .store import Store

# The report keeps at most this many ids and sources per list (the counts are exact), so a
# stream of millions of documents does not grow it without bound.
REPORT_KEEP = 10_000


@dataclass
class IngestReport:
    stored: list[str] = field(default_factory=list)  # article ids newly stored (first REPORT_KEEP)
    duplicates: list[str] = field(default_factory=list)  # sources already in the store
    rejected: list[Rejection] = field(default_factory=list)
    events: int = 0
    n_stored: int = 0
    n_duplicates: int = 0
    n_rejected: int = 0
    n_off_topic: int = 0  # stored as seen, turned away by the relevance gate
    internal: int = 0  # rejections that were internal errors (a bug), not bad input
    resumed: int = 0  # articles an earlier run left unresolved, resolved by this one
    stopped: bool = False  # the ``stop`` event ended the batch before its end
    redated: list[tuple[str, str, str | None, date]] = field(default_factory=list)  # (source, id, old, new)

    @property
    def ok(self) -> bool:
        return not self.n_rejected

    @property
    def exit_code(self) -> int:
        """``EXIT_OK``, ``EXIT_REJECTED`` or ``EXIT_INTERNAL`` (see ``tacitus.errors``)."""
        return EXIT_INTERNAL if self.internal else EXIT_REJECTED if self.n_rejected else EXIT_OK

    def add_stored(self, article_id: str, events: int) -> None:
        self.n_stored += 1
        self.events += events
        if len(self.stored) < REPORT_KEEP:
            self.stored.append(article_id)

    def add_duplicate(self, source: str) -> None:
        self.n_duplicates += 1
        if len(self.duplicates) < REPORT_KEEP:
            self.duplicates.append(source)

    def add_rejected(self, r: Rejection) -> None:
        self.n_rejected += 1
        self.internal += bool(r.internal)
        if len(self.rejected) < REPORT_KEEP:
            self.rejected.append(r)


# --- one document ----------------------------------------------------------------------------

# The language stages are imported when a document first needs them: spaCy brings thinc and
# torch (about 6 s of imports on this machine), which a parent process that only reads, gates
# and stores (its workers annotate) never needs.

def get_nlp(model: str):
    from .annotate import get_nlp as load

    return load(model)


def annotate(article, nlp):
    from .annotate import annotate as run

    return run(article, nlp)


def extract(annotated, **kwargs) -> Extraction:
    from .extract import extract as run

    return run(annotated, **kwargs)



def _stage(stage: str, source: str, fn: Callable[..., Any], *args: Any, default: Code, **kw: Any) -> Any:
    """Run one stage; a TacitusError keeps its reason (coded ``default`` when it has no code
    of its own), any other exception becomes an internal error naming the stage."""
    try:
        return fn(*args, **kw)
    except TacitusError as exc:
        if exc.code is None:
            exc.code = default
        raise
    except Exception as exc:  # a bug in a stage: this document only  # noqa: BLE001
        error = one_line(f"{type(exc).__name__}: {exc}")
        raise InputError(source, Codes.E901.template.format(stage=stage, error=error), Codes.E901) from exc


def process(document: Document, settings: Settings | None = None) -> Extraction:
    """clean -> gate -> annotate -> extract for one document (pure apart from the cached
    models): ``screen`` then, for an article the gate passes, ``finish``.

    With ``settings.gate`` the relevance gate (``tacitus.relevance``) reads the cleaned text
    first: an article that cannot hold political violence comes back as an Extraction of the
    article alone, marked ``metadata["gate"] = "off-topic"``, so it is stored as seen (a re-run
    skips it) without the costly stages. Every gated article carries its score
    (``metadata["relevance"]``).

    Raises a TacitusError with a ``code`` (``tacitus.errors.Codes``) when the document
    cannot be processed; an unexpected exception inside a stage is E901."""
    settings = settings or Settings()
    screened = screen(document, settings)
    if isinstance(screened, Extraction):
        return screened
    return finish(screened, document.source, settings)


def screen(document: Document, settings: Settings) -> Article | Extraction:
    """The cheap stages: clean, then the gate. The article to annotate, or the Extraction of
    an article the gate turned away. Needs neither spaCy nor the tagger."""
    src = document.source
    article = _stage("cleaning", src, clean, document, default=Codes.E201)
    if not article.text.strip():
        raise InputError(src, Codes.E202.template, Codes.E202)
    if settings.gate:
        verdict = _stage("the relevance gate", src, _relevance, article.text, default=Codes.E901)
        article = replace(article, metadata={**article.metadata, "relevance": round(verdict.score, 4),
                                             "gate": GATE_PASSED if verdict.relevant else GATE_OFF_TOPIC})
        if not verdict.relevant:
            return Extraction(article)
    return article


def finish(article: Article, source: str, settings: Settings) -> Extraction:
    """The costly stages of a screened article: annotate (spaCy, loaded on first use) and
    extract (the role tagger loaded only when an article needs it)."""
    nlp = _stage("loading the language model", source, get_nlp, settings.spacy_model, default=Codes.E901)
    annotated = _stage("annotating", source, annotate, article, nlp, default=Codes.E901)
    return _stage("extracting", source, extract, annotated, use_roles=settings.use_roles, default=Codes.E901)


GATE_PASSED = "passed"
GATE_OFF_TOPIC = "off-topic"


def _relevance(text: str):
    from .relevance import is_relevant

    return is_relevant(text)


def off_topic(extraction: Extraction) -> bool:
    """The gate turned this article away (it was stored as seen, not annotated)."""
    return extraction.article.metadata.get("gate") == GATE_OFF_TOPIC


def process_text(text: str, published: date | None = None, settings: Settings | None = None) -> Extraction:
    return process(text_document(text, published=published), settings)


def rejection_of(document: Document, exc: TacitusError) -> Rejection:
    """The Rejection for a document that raised ``exc`` (its reason without the source)."""
    code = exc.code or Codes.E100
    text = exc.reason if isinstance(exc, InputError) else str(exc)
    text = one_line(text.removeprefix(f"{document.source}: "))
    if code.template.startswith("internal error") and not text.startswith("internal error"):
        text = f"internal error: {text}"
    return Rejection(document.source, text, document.content_hash, code.code, code.internal)


def _safe_process(document: Document, settings: Settings) -> Extraction | Rejection:
    try:
        return process(document, settings)
    except TacitusError as exc:
        return rejection_of(document, exc)


def _safe_screen(document: Document, settings: Settings) -> Article | Extraction | Rejection:
    try:
        return screen(document, settings)
    except TacitusError as exc:
        return rejection_of(document, exc)


def _safe_finish(document: Document, article: Article, settings: Settings) -> Extraction | Rejection:
    try:
        return finish(article, document.source, settings)
    except TacitusError as exc:
        return rejection_of(document, exc)


def store_and_resolve(store: Store, extraction: Extraction, document: Document | None = None) -> tuple[str, bool]:
    """The unit of work: save one article and resolve it across articles in one
    transaction. Returns ``(article_id, created)`` as ``Store.save`` does."""
    with store.atomic():
        article_id, created = store.save(extraction, document)
        if created:
            resolve_article(store, article_id)  # incidents, canonical actors, claim ratings
    return article_id, created


def set_published(store: Store, article_id: str, published: date, settings: Settings | None = None) -> Extraction:
    """Give a stored article its publication date and extract it again (its relative dates
    resolve against the new date), then resolve it: one transaction. Review judgements and
    corrections name events by reference (``article#key``) and stay with them. Raises
    InputError when no article has that id."""
    settings = settings or Settings()
    article = store.load_article(article_id)
    if article is None:
        raise InputError(article_id, f"no article with id {article_id!r}", Codes.E101)
    row = store.conn.execute("SELECT content_hash FROM articles WHERE id = ?", (article_id,)).fetchone()
    metadata = {**article.metadata, "published_from": "set", "content_hash": row[0]}
    metadata.pop("dateline", None)
    article = dc_replace(article, published=published, metadata=metadata)
    nlp = get_nlp(settings.spacy_model)
    extraction = extract(annotate(article, nlp), use_roles=settings.use_roles)
    with store.atomic():
        store.save(extraction, replace=True)
        resolve_article(store, article_id)
    return extraction


# --- a batch ---------------------------------------------------------------------------------------


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
    stop: threading.Event | None = None,
    resume: bool = False,
    published_from: Path | None = None,
) -> IngestReport:
    """Ingest ``paths`` (files, directories, ``-``). With ``resume``, inputs whose source is
    stored already (after a crash or Ctrl-C) are passed over before they are read;
    ``published_from`` names a sidecar of publication dates by file name."""
    skip = store.stored_sources().__contains__ if resume else None
    items = iter_documents(paths, settings, published=published, url=url, stdin=stdin, skip=skip,
                           published_from=published_from)
    total = count_inputs(paths) if progress else None
    return ingest_documents(items, store, settings, on_error=on_error, progress=progress, stop=stop, total=total)


def ingest_documents(
    items: Iterable[Document | Rejection | Seen],
    store: Store,
    settings: Settings,
    *,
    on_error: Callable[[Rejection], None] | None = None,
    progress: bool = True,
    stop: threading.Event | None = None,
    total: int | None = None,
) -> IngestReport:
    """Stream documents into the store (see the module docstring): duplicates skipped, each
    new one extracted, then stored and resolved in one transaction; rejections recorded.
    ``stop``, when set, ends the batch after the document in hand (the rest is left for a
    re-run, which skips what was stored)."""
    report = IngestReport()
    report.resumed = len(resolve_pending(store))  # 0. what a killed run left unresolved

    def rejected(r: Rejection) -> None:
        report.add_rejected(r)
        store.record_rejection(r)
        if on_error:
            on_error(r)

    inflight: set[str] = set()  # content hashes read but not yet stored or rejected
    redate: list[tuple[str, str, date]] = []  # (source, stored article id, the date it now comes with)

    def fresh() -> Iterator[Document]:  # 1-2. read; skip what is stored
        for item in items:
            if stop is not None and stop.is_set():
                report.stopped = True
                return
            if isinstance(item, Seen):
                report.add_duplicate(item.source)
            elif isinstance(item, Rejection):
                rejected(item)
            elif item.content_hash in inflight:
                report.add_duplicate(item.source)
            elif stored := store.has_content(item.content_hash):
                report.add_duplicate(item.source)
                if item.published is not None:  # stored already: perhaps with another date
                    redate.append((item.source, stored, item.published))
            else:
                inflight.add(item.content_hash)
                yield item

    results = _process_all(fresh(), settings)  # 3. process
    for doc, outcome in _progress(results, progress, settings.progress_threshold, report, total):
        inflight.discard(doc.content_hash)
        if isinstance(outcome, Rejection):
            rejected(outcome)
            continue
        try:  # 4. store and resolve, one transaction
            article_id, created = store_and_resolve(store, outcome, doc)
        except StoreError as exc:
            if exc.code is None:
                exc.code = Codes.E903
            rejected(rejection_of(doc, exc))
            continue
        except TacitusError as exc:
            rejected(rejection_of(doc, exc))
            continue
        except Exception as exc:  # a bug while storing or resolving: this document only  # noqa: BLE001
            error = one_line(f"{type(exc).__name__}: {exc}")
            rejected(reject(doc.source, Codes.E901, doc.content_hash, stage="storing", error=error))
            continue
        if created:
            report.add_stored(article_id, len(outcome.events))
            report.n_off_topic += off_topic(outcome)
        else:
            report.add_duplicate(doc.source)
        if stop is not None and stop.is_set():
            report.stopped = True
            break
    _redate(store, settings, redate, report)
    return report


def _redate(store: Store, settings: Settings, redate: list[tuple[str, str, date]], report: IngestReport) -> None:
    """6. Content stored already that comes with another publication date: extracted again
    with it (``set_published``), and said so in ``report.redated``."""
    for source, article_id, published in redate:
        row = store.conn.execute("SELECT published FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None or row[0] == published.isoformat():
            continue
        set_published(store, article_id, published, settings)
        report.redated.append((source, article_id, row[0], published))


# --- processing, in this process or on a pool ------------------------------------------------

# Below this many documents a batch runs in this process: starting workers costs each of them
# the model loads (about 5 s), which only pay off on larger batches.
PARALLEL_MIN_DOCS = 24
# Documents handed to the pool ahead of the one being stored, per worker: enough to keep
# every worker busy, few enough that memory does not grow with the batch.
IN_FLIGHT_PER_WORKER = 4
# A worker is replaced after this many documents (spaCy's string store grows with the text
# it has seen); replacing costs one model load.
TASKS_PER_WORKER = 2000
# Screened documents (off-topic ones, done) that may wait behind a worker's, per document in
# the pool: the pool keeps working while the parent screens ahead, in bounded memory.
SCREENED_AHEAD = 16
def _process_all(docs: Iterable[Document], settings: Settings) -> Iterator[tuple[Document, Extraction | Rejection]]:
    """(document, extraction or rejection) in input order, pulling ``docs`` lazily: in
    this process for small batches, else over a pool of ``settings.workers`` processes
    with a bounded number of documents in flight."""
    it = iter(docs)
    head = list(islice(it, PARALLEL_MIN_DOCS))
    if len(head) < PARALLEL_MIN_DOCS or settings.workers <= 1:
        for doc in chain(head, it):
            yield doc, _safe_process(doc, settings)
        return
    yield from _Pool(settings).run(chain(head, it))


class _Pool:
    """A process pool fed a few documents at a time. A worker that dies (a crash in native
    code, the kernel's OOM killer) breaks the pool: it is replaced, and the documents that
    were in flight are run again one by one, so only the one that kills a worker again is
    rejected (``E902``)."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.window = max(1, settings.workers) * IN_FLIGHT_PER_WORKER
        self.pool = self._new()

    def _new(self):
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        # spawn, not fork: PyTorch's thread pools in a forked child can deadlock, and each
        # worker loads its own models anyway
        return ProcessPoolExecutor(
            max_workers=max(1, self.settings.workers), mp_context=multiprocessing.get_context("spawn"),
            initializer=workers.init, initargs=(self.settings, os.getpid()), max_tasks_per_child=TASKS_PER_WORKER)

    def _restart(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)
        self.pool = self._new()

    def _one_by_one(self, stranded: list[tuple[Document, Article | None, Any]]) -> Iterator[tuple[Document, Extraction | Rejection]]:
        from concurrent.futures.process import BrokenProcessPool

        for doc, article, outcome in stranded:
            if article is None:  # screened in this process: its outcome stands
                yield doc, outcome
                continue
            try:
                yield doc, self.pool.submit(_safe_finish, doc, article, self.settings).result()
            except BrokenProcessPool:
                yield doc, reject(doc.source, Codes.E902, doc.content_hash)
                self._restart()

    def run(self, docs: Iterable[Document]) -> Iterator[tuple[Document, Extraction | Rejection]]:
        """Each document is screened here (cleaning and the gate, a fraction of a millisecond
        and no model but the gate's): what the gate turns away, or cleaning rejects, never
        reaches a worker, so a worker starts, and loads spaCy and the tagger, only when an
        article needs them. The rest go to the pool, at most ``window`` at a time; outcomes
        come back in input order, and at most ``window * SCREENED_AHEAD`` documents wait."""
        from concurrent.futures.process import BrokenProcessPool

        # (document, the article a worker finishes or None, its outcome or the worker's future)
        pending: deque[tuple[Document, Article | None, Any]] = deque()
        in_pool = 0
        try:
            for doc in chain(docs, [None]):
                if doc is not None:
                    screened = _safe_screen(doc, self.settings)
                    if isinstance(screened, Article):
                        pending.append((doc, screened, self.pool.submit(_safe_finish, doc, screened, self.settings)))
                        in_pool += 1
                    else:
                        pending.append((doc, None, screened))
                while pending and (doc is None or in_pool >= self.window
                                   or len(pending) >= self.window * SCREENED_AHEAD
                                   or pending[0][1] is None or pending[0][2].done()):
                    head, article, outcome = pending[0]
                    if article is not None:
                        try:
                            outcome = outcome.result()
                        except BrokenProcessPool:
                            stranded = list(pending)
                            pending.clear()
                            in_pool = 0
                            self._restart()
                            yield from self._one_by_one(stranded)
                            continue
                        in_pool -= 1
                    pending.popleft()
                    yield head, outcome
        finally:
            self.pool.shutdown(wait=True, cancel_futures=True)


def _progress(items: Iterable, show: bool, threshold: int, report: IngestReport | None = None,
              total: int | None = None) -> Iterable:
    """Pass ``items`` through; past ``threshold`` of them, show a progress bar on stderr:
    articles done (of ``total`` when known, with an ETA), articles/s, the share the relevance
    gate let through, and errors, the last two read from ``report``."""
    it = iter(items)
    head = list(islice(it, threshold + 1)) if show else []
    if not show or len(head) <= threshold:
        yield from chain(head, it)
        return
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn,
                               TimeElapsedColumn, TimeRemainingColumn)

    columns = (SpinnerColumn(), TextColumn("ingesting"), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.fields[stats]}"), TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn())
    with Progress(*columns, console=_stderr_console(), transient=False) as bar:
        task = bar.add_task("ingest", total=total, stats="")
        for n, item in enumerate(chain(head, it), start=1):
            yield item
            # every input counts, those stored before or rejected while reading too, so that
            # the count meets ``total`` (the inputs) and the ETA holds
            done = report.n_stored + report.n_duplicates + report.n_rejected if report is not None else n
            bar.update(task, completed=done, stats=progress_stats(done, bar.tasks[0].elapsed or 0, report))


def progress_stats(n: int, elapsed: float, report: IngestReport | None) -> str:
    """"12.5 art/s, 31% relevant, 2 errors": what the progress bar shows beside the count."""
    parts = [f"{n / elapsed:.1f} art/s" if elapsed else "- art/s"]
    if report is not None:
        if report.n_stored:
            relevant = report.n_stored - report.n_off_topic
            parts.append(f"{100 * relevant / report.n_stored:.0f}% relevant")
        parts.append(f"{report.n_rejected} error{'s' if report.n_rejected != 1 else ''}")
    return ", ".join(parts)


def _stderr_console():
    from rich.console import Console

    return Console(file=sys.stderr)


# --- MUC-4 role view of an extraction ------------------------------------------------------------

def extract_roles(text: str, settings: Settings | None = None) -> dict[str, list[list[str]]]:
    """The five MUC-4 roles from tacitus's own extraction of ``text`` (``settings``
    default to the environment's: ``TACITUS_GATE=0`` turns the relevance gate off)."""
    from .roles_view import roles_of

    return roles_of(process_text(text, settings=settings or Settings.from_env()))
