"""Ingest jobs: an upload or a pasted text is queued, then run through the same pipeline
as ``tacitus ingest`` (``pipeline.ingest``) on one worker thread, so extraction never
blocks the server and only one writer touches the database. Pages poll a job for its
progress (which document of how many) and its result.
"""

from __future__ import annotations

import io
import re
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..config import Settings
from ..ingest import SUPPORTED_SUFFIXES, iter_documents
from ..models import Rejection
from ..store import Store

MAX_PENDING = 16  # queued or running jobs at once; more are refused (429)
KEEP_FINISHED = 200  # finished jobs remembered for polling
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass
class Job:
    id: str
    source: str  # the upload's file name, or "pasted text"
    state: str = "queued"  # queued | running | done | failed
    total: int | None = None  # documents found in the input
    done: int = 0  # documents extracted and stored, or rejected, so far
    stored: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    rejected: list[dict[str, str]] = field(default_factory=list)
    events: int = 0
    error: str | None = None
    created: float = field(default_factory=time.time)
    started: float | None = None
    finished: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": self.source,
            "state": self.state,
            "total": self.total,
            "done": self.done,
            "stored": list(self.stored),
            "duplicates": list(self.duplicates),
            "rejected": list(self.rejected),
            "events": self.events,
            "error": self.error,
            "elapsed": round((self.finished or time.time()) - (self.started or time.time()), 2)
            if self.started else 0.0,
        }


class _CountingStore:
    """The store as ``pipeline.ingest`` sees it, counting the documents it finishes: each is
    either saved (``save``) or rejected (``record_rejection``). Everything else passes
    through to the real store."""

    def __init__(self, store: Store, job: Job):
        self._store = store
        self._job = job

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)

    def save(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return self._store.save(*args, **kwargs)
        finally:
            self._job.done += 1

    def record_rejection(self, r: Rejection) -> None:
        self._store.record_rejection(r)
        self._job.done += 1


class JobRunner:
    def __init__(self, settings: Settings):
        self.settings = settings
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tacitus-ingest")

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def pending(self) -> int:
        with self._lock:
            return sum(1 for j in self._jobs.values() if j.state in ("queued", "running"))

    def _add(self, source: str) -> Job | None:
        with self._lock:
            if sum(1 for j in self._jobs.values() if j.state in ("queued", "running")) >= MAX_PENDING:
                return None
            job = Job(id=uuid.uuid4().hex, source=source)
            self._jobs[job.id] = job
            finished = [j for j in self._jobs.values() if j.state in ("done", "failed")]
            for old in sorted(finished, key=lambda j: j.created)[: max(0, len(finished) - KEEP_FINISHED)]:
                del self._jobs[old.id]
            return job

    def submit_text(self, text: str, published: date | None, url: str | None) -> Job | None:
        job = self._add("pasted text")
        if job is not None:
            self._pool.submit(self._run, job, text.encode("utf-8"), None, published, url)
        return job

    def submit_file(self, filename: str, data: bytes, published: date | None, url: str | None) -> Job | None:
        job = self._add(filename)
        if job is not None:
            self._pool.submit(self._run, job, data, filename, published, url)
        return job

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    # --- on the worker thread ------------------------------------------------------------

    def _run(self, job: Job, data: bytes, filename: str | None, published: date | None, url: str | None) -> None:
        from ..pipeline import ingest  # late: loads spaCy on first use

        job.state, job.started = "running", time.time()
        try:
            with tempfile.TemporaryDirectory(prefix="tacitus-upload-") as tmp:
                if filename is None:
                    paths, stdin, shown = ["-"], io.BytesIO(data), {"-": "pasted text"}
                else:
                    path = Path(tmp) / safe_filename(filename)
                    path.write_bytes(data)
                    paths, stdin, shown = [str(path)], None, {str(path): filename}
                job.total = sum(1 for _ in iter_documents(paths, self.settings, published=published, url=url,
                                                          stdin=io.BytesIO(data) if stdin else None))
                with Store(self.settings.db) as store:
                    report = ingest(paths, _CountingStore(store, job), self.settings,  # type: ignore[arg-type]
                                    published=published, url=url, stdin=stdin, progress=False)
            job.stored = report.stored
            job.duplicates = [_shown(s, shown) for s in report.duplicates]
            job.rejected = [{"source": _shown(r.source, shown), "reason": r.reason} for r in report.rejected]
            job.events = report.events
            job.done = job.total or job.done
            job.state = "done"
        except Exception as exc:  # reported to the page; the worker goes on  # noqa: BLE001
            job.error, job.state = f"{type(exc).__name__}: {exc}", "failed"
        finally:
            job.finished = time.time()


def safe_filename(name: str) -> str:
    """A file name safe to create in a temporary folder, keeping the suffix that tells the
    ingest stage how to read it."""
    base = Path(name.replace("\\", "/")).name
    stem, suffix = Path(base).stem, Path(base).suffix.lower()
    return (_SAFE_NAME.sub("_", stem)[:80] or "upload") + suffix


def supported(name: str) -> bool:
    return Path(name).suffix.lower() in SUPPORTED_SUFFIXES


def _shown(source: str, shown: dict[str, str]) -> str:
    for tmp, original in shown.items():
        if source == tmp or source.startswith(tmp + "#"):
            return original + source[len(tmp):]
    return source
