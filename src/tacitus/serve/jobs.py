"""Ingest jobs, durable: an upload or a pasted text is written to the database's ``jobs``
table before the server answers 202, then run through the same pipeline as ``tacitus
ingest`` (``pipeline.ingest``). Pages poll a job for its progress and its result.

1. **Submit** (any server process): the payload and its options become a ``queued`` row.
2. **Run** (one process per database holds ``<db>.jobs.lock`` and runs the jobs): two lanes,
   so a large paste never holds up a small one. Jobs under ``LARGE_JOB_BYTES`` run on a
   thread whose models stay loaded; larger ones run in a child process, one at a time.
3. **Progress** is written to the row after every document, so any server process can
   answer a poll.
4. **Shutdown** stops the small lane after the document in hand and the large lane's child
   at once (after ``STOP_GRACE_S``), and puts the unfinished jobs back in the queue; what
   they had stored stays stored, and a re-run skips it.
5. **Restart**: the process that takes the lock re-queues the jobs a dead server left
   ``running``, and the lanes resume them.
"""

from __future__ import annotations

import io
import json
import os
import re
import sqlite3
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ..config import Settings
from ..errors import Codes, one_line
from ..ingest import SUPPORTED_SUFFIXES, iter_documents
from ..models import Rejection
from ..store import Store

MAX_PENDING = 16  # queued or running jobs at once; more are refused (429)
KEEP_FINISHED = 200  # finished jobs kept for polling
# Above this many bytes a job runs in the large lane (a child process): about 50 articles,
# some tens of seconds of extraction; a single 5 MB paste takes minutes.
LARGE_JOB_BYTES = 256 * 1024
POLL_S = 0.5  # how often an idle lane looks for work another process queued
STOP_GRACE_S = 3.0  # how long shutdown lets the large lane's child finish its document
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
LANES = ("small", "large")


@dataclass
class Job:
    """A row of the ``jobs`` table, as the API shows it."""

    row: dict[str, Any]

    @property
    def id(self) -> str:
        return self.row["id"]

    @property
    def state(self) -> str:
        return self.row["state"]

    def to_dict(self) -> dict[str, Any]:
        r = self.row
        started, finished = r["started"], r["finished"]
        return {
            "id": r["id"], "source": r["source"], "state": r["state"], "lane": r["lane"],
            "total": r["total"], "done": r["done"] or 0,
            "stored": json.loads(r["stored"] or "[]"), "duplicates": json.loads(r["duplicates"] or "[]"),
            "rejected": json.loads(r["rejected"] or "[]"), "events": r["events"] or 0, "error": r["error"],
            "attempts": r["attempts"] or 0,
            "elapsed": round((finished or time.time()) - started, 2) if started else 0.0,
        }


# --- the table -----------------------------------------------------------------------------


def _row(conn: sqlite3.Connection, job_id: str) -> Job | None:
    r = conn.execute("SELECT * FROM jobs WHERE id = ?", (job_id,)).fetchone()
    return Job(dict(r)) if r else None


def _submit(store: Store, source: str, filename: str | None, data: bytes, published: date | None,
            url: str | None) -> Job | None:
    with store.atomic():
        pending = store.conn.execute("SELECT count(*) FROM jobs WHERE state IN ('queued', 'running')").fetchone()[0]
        if pending >= MAX_PENDING:
            return None
        job_id = uuid.uuid4().hex
        store.conn.execute(
            "INSERT INTO jobs (id, source, filename, published, url, payload, size, lane, state, created)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?)",
            (job_id, source, filename, published.isoformat() if published else None, url, data, len(data),
             "large" if len(data) > LARGE_JOB_BYTES else "small", time.time()))
        finished = store.conn.execute("SELECT count(*) FROM jobs WHERE state IN ('done', 'failed')").fetchone()[0]
        if finished > KEEP_FINISHED:
            store.conn.execute(
                "DELETE FROM jobs WHERE id IN (SELECT id FROM jobs WHERE state IN ('done', 'failed')"
                " ORDER BY created LIMIT ?)", (finished - KEEP_FINISHED,))
    return _row(store.conn, job_id)


def _claim(conn: sqlite3.Connection, lane: str) -> Job | None:
    """The oldest queued job of ``lane``, now ``running`` (one statement: two runners can
    never take the same job)."""
    r = conn.execute(
        "UPDATE jobs SET state = 'running', started = coalesce(started, ?), attempts = attempts + 1"
        " WHERE id = (SELECT id FROM jobs WHERE state = 'queued' AND lane = ? ORDER BY created LIMIT 1)"
        " RETURNING *", (time.time(), lane)).fetchone()
    return Job(dict(r)) if r else None


def _requeue(conn: sqlite3.Connection, job_id: str) -> None:
    conn.execute("UPDATE jobs SET state = 'queued' WHERE id = ? AND state = 'running'", (job_id,))


def requeue_stale(conn: sqlite3.Connection) -> int:
    """Jobs left ``running`` by a server that died: queued again. Returns how many."""
    return conn.execute("UPDATE jobs SET state = 'queued' WHERE state = 'running'").rowcount


# --- running one job ---------------------------------------------------------------------------


class _CountingStore:
    """The store as ``pipeline.ingest`` sees it, writing the job's progress after each
    document it finishes (saved or rejected). Everything else passes through."""

    def __init__(self, store: Store, job_id: str):
        self._store = store
        self._job_id = job_id

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)

    def _tick(self) -> None:
        self._store.conn.execute("UPDATE jobs SET done = done + 1 WHERE id = ?", (self._job_id,))

    def save(self, *args: Any, **kwargs: Any) -> Any:
        result = self._store.save(*args, **kwargs)
        self._tick()  # inside the article's transaction: counted if and only if stored
        return result

    def record_rejection(self, r: Rejection) -> None:
        self._store.record_rejection(r)
        self._tick()


def run_job(job: Job, settings: Settings, stop: threading.Event) -> str:
    """Run one claimed job to its end (``done``), or until ``stop`` (back to ``queued``).
    Returns the job's new state."""
    from ..pipeline import ingest  # late: loads spaCy on first use

    r = job.row
    data: bytes = r["payload"] or b""
    published = date.fromisoformat(r["published"]) if r["published"] else None
    with Store(settings.db) as store, tempfile.TemporaryDirectory(prefix="tacitus-upload-") as tmp:
        try:
            if r["filename"] is None:
                paths, stdin, shown = ["-"], io.BytesIO(data), {"-": "pasted text"}
            else:
                path = Path(tmp) / safe_filename(r["filename"])
                path.write_bytes(data)
                paths, stdin, shown = [str(path)], None, {str(path): r["filename"]}
            total = sum(1 for _ in iter_documents(paths, settings, published=published, url=r["url"],
                                                  stdin=io.BytesIO(data) if stdin else None))
            store.conn.execute("UPDATE jobs SET total = ?, done = 0 WHERE id = ?", (total, job.id))
            report = ingest(paths, _CountingStore(store, job.id), settings, published=published,  # type: ignore[arg-type]
                            url=r["url"], stdin=stdin, progress=False, stop=stop)
        except Exception as exc:  # reported to the page; the lane goes on  # noqa: BLE001
            store.conn.execute("UPDATE jobs SET state = 'failed', error = ?, finished = ?, payload = NULL WHERE id = ?",
                               (Codes.E401.format(reason=one_line(f"{type(exc).__name__}: {exc}")), time.time(),
                                job.id))
            return "failed"
        before = _row(store.conn, job.id)
        assert before is not None
        # an interrupted attempt's articles stay in ``stored``; the next attempt skips them
        stored = json.loads(before.row["stored"] or "[]") + report.stored
        dup = [_shown(s, shown) for s in report.duplicates]
        rejected = [{"source": _shown(x.source, shown), "reason": x.reason, "code": x.code or ""}
                    for x in report.rejected]
        state = "queued" if report.stopped else "done"
        store.conn.execute(
            "UPDATE jobs SET state = ?, stored = ?, duplicates = ?, rejected = ?, events = events + ?,"
            " finished = ?, payload = CASE WHEN ? = 'done' THEN NULL ELSE payload END,"
            " done = CASE WHEN ? = 'done' THEN total ELSE done END WHERE id = ?",
            (state, json.dumps(stored), json.dumps(dup), json.dumps(rejected), report.events,
             time.time() if state == "done" else None, state, state, job.id))
        return state


def _child(job_id: str, settings: Settings, parent: int) -> None:
    """The large lane's child process: one job, stopped by SIGTERM after its document."""
    import signal

    from ..workers import die_with_parent

    die_with_parent(parent)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    with Store(settings.db) as store:
        job = _row(store.conn, job_id)
    if job is not None:
        run_job(job, settings, stop)


# --- the runner ----------------------------------------------------------------------------------


class JobRunner:
    """Submits jobs in any process; runs them (two lanes) in the one process that holds the
    database's job lock."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self._stop = threading.Event()
        self._wake = {lane: threading.Event() for lane in LANES}
        self._threads: list[threading.Thread] = []
        self._lock_fd: int | None = None
        self.runs_jobs = False

    def start(self) -> bool:
        """Run the lanes here if no other process runs them for this database (step 5).
        Returns whether this process runs jobs."""
        if self.runs_jobs or not self._take_lock():
            return self.runs_jobs
        self.runs_jobs = True
        self._stop.clear()
        with Store(self.settings.db) as store:
            requeue_stale(store.conn)
        for lane in LANES:
            t = threading.Thread(target=self._lane, args=(lane,), name=f"tacitus-jobs-{lane}", daemon=True)
            t.start()
            self._threads.append(t)
        return True

    def _take_lock(self) -> bool:
        import fcntl

        fd = os.open(f"{self.settings.db}.jobs.lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return False
        self._lock_fd = fd
        return True

    def get(self, store: Store, job_id: str) -> Job | None:
        return _row(store.conn, job_id)

    def pending(self, store: Store) -> int:
        return store.conn.execute("SELECT count(*) FROM jobs WHERE state IN ('queued', 'running')").fetchone()[0]

    def _submitted(self, job: Job | None) -> Job | None:
        if job is not None:
            self._wake[job.row["lane"]].set()
        return job

    def submit_text(self, store: Store, text: str, published: date | None, url: str | None) -> Job | None:
        data = text.encode("utf-8", "surrogatepass")
        return self._submitted(_submit(store, "pasted text", None, data, published, url))

    def submit_file(self, store: Store, filename: str, data: bytes, published: date | None,
                    url: str | None) -> Job | None:
        return self._submitted(_submit(store, filename, filename, data, published, url))

    def shutdown(self, timeout: float = 10.0) -> None:
        """Stop both lanes promptly; unfinished jobs go back to the queue."""
        self._stop.set()
        for e in self._wake.values():
            e.set()
        for t in self._threads:
            t.join(timeout)
        self._threads.clear()
        self.runs_jobs = False
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None

    # --- the lanes ---------------------------------------------------------------------------

    def _lane(self, lane: str) -> None:
        with Store(self.settings.db) as store:
            while not self._stop.is_set():
                job = _claim(store.conn, lane)
                if job is None:
                    self._wake[lane].wait(POLL_S)
                    self._wake[lane].clear()
                    continue
                if lane == "small":
                    run_job(job, self.settings, self._stop)
                else:
                    self._run_child(store, job)

    def _run_child(self, store: Store, job: Job) -> None:
        import multiprocessing

        ctx = multiprocessing.get_context("spawn")
        proc = ctx.Process(target=_child, args=(job.id, self.settings, os.getpid()), daemon=True)
        proc.start()
        while proc.is_alive() and not self._stop.is_set():
            proc.join(POLL_S)
        if proc.is_alive():  # shutting down: let it finish its document, briefly
            proc.terminate()
            proc.join(STOP_GRACE_S)
            if proc.is_alive():
                proc.kill()
                proc.join()
        if self._stop.is_set():
            _requeue(store.conn, job.id)
        elif (row := _row(store.conn, job.id)) is not None and row.state == "running":
            store.conn.execute(
                "UPDATE jobs SET state = 'failed', error = ?, finished = ?, payload = NULL WHERE id = ?",
                (Codes.E401.format(reason=f"the job's process ended with code {proc.exitcode}"), time.time(), job.id))


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
