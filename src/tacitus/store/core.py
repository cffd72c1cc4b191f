"""The ``Store``: one SQLite database, the single source of truth.

Opening a store (1) connects with a busy timeout, (2) turns on foreign keys and, for
files, WAL journaling, (3) applies the migrations not yet applied. Writes go through
``atomic()``, which nests with SAVEPOINTs, so ``save`` stores an article whole or not at all.
"""

from __future__ import annotations

import json
import sqlite3
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import Any

from ..errors import StoreError
from ..models import Article, Document, Extraction, Paragraph, Rejection
from . import read, values, write
from .schema import apply_migrations

BUSY_TIMEOUT_S = 30.0  # how long a writer waits for another process's lock


def _fold(value: str | None) -> str | None:
    """Case- and accent-insensitive key for comparisons (SQLite's lower() is ASCII-only)."""
    if value is None:
        return None
    decomposed = unicodedata.normalize("NFKD", str(value).casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _is_memory(path: str) -> bool:
    return path in ("", ":memory:") or path.startswith("file::memory:") or "mode=memory" in path


def _refresh_summaries(conn: sqlite3.Connection) -> None:
    from ..resolve.incidents import refresh_summaries

    refresh_summaries(conn)


class Store:
    """A tacitus database. ``Store(":memory:")`` for tests; ``Store(path)`` for a file."""

    def __init__(self, path: str | Path = ":memory:", *, timeout: float = BUSY_TIMEOUT_S):
        self.path = str(path)
        self._depth = 0
        conn: sqlite3.Connection | None = None
        try:
            # 1. connect; autocommit mode, transactions are ours (atomic)
            conn = sqlite3.connect(
                self.path, timeout=timeout, isolation_level=None, uri=self.path.startswith("file:")
            )
            conn.row_factory = sqlite3.Row
            conn.create_function("fold", 1, _fold, deterministic=True)
            # 2. pragmas (must run outside a transaction)
            conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            conn.execute("PRAGMA foreign_keys = ON")
            if not _is_memory(self.path):
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = NORMAL")
            self.conn = conn
            # 3. migrations
            self._summaries = False  # stored incident rows kept up to date once migrations are in
            self.migrations_applied: list[str] = apply_migrations(conn, self.atomic)
            self._summaries = True
        except sqlite3.Error as e:
            if conn is not None:
                conn.close()
            raise StoreError(f"{self.path}: cannot open database: {e}") from e

    # --- lifecycle and transactions ----------------------------------------------------

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @contextmanager
    def atomic(self) -> Iterator[Store]:
        """A transaction; nested calls become SAVEPOINTs that roll back on their own."""
        conn = self.conn
        outer = not conn.in_transaction
        name = f"tacitus_sp{self._depth}"
        conn.execute("BEGIN IMMEDIATE" if outer else f"SAVEPOINT {name}")
        self._depth += 1
        try:
            yield self
        except BaseException:
            self._depth -= 1
            if outer:
                conn.execute("ROLLBACK")
            else:
                conn.execute(f"ROLLBACK TO {name}")
                conn.execute(f"RELEASE {name}")
            raise
        self._depth -= 1
        if not outer:
            conn.execute(f"RELEASE {name}")
            return
        try:
            if self._summaries:
                _refresh_summaries(conn)  # the incidents this transaction changed (m008)
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    def applied_migrations(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT name FROM migrations ORDER BY rowid")]

    # --- writing ---------------------------------------------------------------------------

    def has_content(self, content_hash: str) -> str | None:
        """The id of the article stored with this content hash, if any."""
        row = self.conn.execute("SELECT id FROM articles WHERE content_hash = ?", (content_hash,)).fetchone()
        return row[0] if row else None

    def stored_sources(self) -> set[str]:
        """The sources of every stored article (``tacitus ingest --resume`` passes them over)."""
        return {r[0] for r in self.conn.execute("SELECT source FROM articles WHERE source IS NOT NULL")}

    def save(
        self, extraction: Extraction, document: Document | None = None, *, replace: bool = False
    ) -> tuple[str, bool]:
        """Store everything extracted from one article, in one transaction.

        Returns ``(article_id, created)``. An article already stored (same id or same
        content hash) is left untouched and ``created`` is False, unless ``replace`` is
        true: then its rows are deleted and written again (re-extraction)."""
        extraction = values.sanitise(extraction)  # numbers finite and in range, dates real
        art = extraction.article
        try:
            with self.atomic():
                if replace:
                    content_hash = document.content_hash if document is not None else None
                    for (old_id,) in self.conn.execute(
                        "SELECT id FROM articles WHERE id = ? OR content_hash = ?",
                        (art.id, content_hash),
                    ).fetchall():
                        self.delete_article(old_id)
                article_id, created = write.insert_article(self.conn, extraction, document)
                if not created:
                    return article_id, False
                write.validate(self.conn, extraction)
                write.insert_actors(self.conn, extraction)
                event_ids = write.insert_events(self.conn, extraction)
                write.insert_relations(self.conn, extraction, event_ids)
                write.insert_claims(self.conn, extraction, event_ids)
            return article_id, True
        except sqlite3.Error as e:
            raise StoreError(f"article {art.id!r} cannot be stored: {e}") from e

    def delete_article(self, article_id: str) -> bool:
        """Delete an article and everything extracted from it (actors stay)."""
        with self.atomic():
            # the article's events, sources, actor links, relations, claims and evidence
            # go by ON DELETE CASCADE; evidence other articles gave for its events is
            # owned by those events, so it is deleted here
            ids = [
                r[0]
                for r in self.conn.execute(
                    "SELECT id FROM events WHERE article_id = ?", (article_id,)
                )
            ]
            for chunk in read._batches(ids):
                self.conn.execute(
                    f"DELETE FROM evidence WHERE owner_type = 'event'"
                    f" AND owner_id IN ({read._marks(len(chunk))})",
                    [str(i) for i in chunk],
                )
            cur = self.conn.execute("DELETE FROM articles WHERE id = ?", (article_id,))
            return cur.rowcount > 0

    def record_rejection(self, r: Rejection) -> None:
        try:
            with self.atomic():
                write.insert_rejection(self.conn, r)
        except sqlite3.Error as e:
            raise StoreError(f"{r.source}: rejection cannot be recorded: {e}") from e

    # --- queries -----------------------------------------------------------------------------

    def events(
        self,
        country: str | None = None,
        actor: str | None = None,
        type: str | None = None,
        since: date | str | None = None,
        until: date | str | None = None,
        limit: int | None = None,
    ) -> list[dict[str, Any]]:
        """Events, oldest first (undated last). ``country``: case-insensitive equality;
        ``actor``: substring of any actor's name, key or alias, in any role; ``type``: an
        EVENT_TYPES code; ``since``/``until``: YYYY[-MM[-DD]], compared on the common
        prefix, so partial dates and ranges count when they overlap."""
        where, params = read.event_filters(country, actor, type, since, until)
        return read.select_events(self.conn, where, params, limit)

    def event(self, event_id: int) -> dict[str, Any] | None:
        """One event (same keys as ``events``) plus ``articles``: id, title, url, ..."""
        return read.event(self.conn, event_id)

    def actors(self) -> list[dict[str, Any]]:
        return read.actors(self.conn)

    def relations(self) -> list[dict[str, Any]]:
        return read.relations(self.conn)

    def claims(self) -> list[dict[str, Any]]:
        return read.claims(self.conn)

    def articles(self, limit: int | None = None, undated: bool = False) -> list[dict[str, Any]]:
        return read.articles(self.conn, limit, undated)

    def undated(self, article_ids: list[str]) -> list[dict[str, Any]]:
        """Those of ``article_ids`` stored without a publication date."""
        return [a for chunk in read._batches(list(article_ids))
                for a in read.articles(self.conn, undated=True, ids=list(chunk))]

    def article(self, article_id: str) -> dict[str, Any] | None:
        """An article's stored fields plus its events, claims and relations."""
        return read.article(self.conn, article_id)

    def search(self, text: str, limit: int = 20) -> list[dict[str, Any]]:
        """Full-text search over article titles and text; every term must match."""
        return read.search(self.conn, text, limit)

    def rejections(self) -> list[dict[str, Any]]:
        return [
            dict(r)
            for r in self.conn.execute(
                "SELECT source, reason, content_hash, at, code, internal FROM rejections ORDER BY id"
            )
        ]

    def stats(self) -> dict[str, Any]:
        return read.stats(self.conn)

    def load_article(self, article_id: str) -> Article | None:
        """The stored article as an ``Article`` (for re-extraction)."""
        r = self.conn.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
        if r is None:
            return None
        return Article(
            id=r["id"],
            text=r["text"],
            paragraphs=tuple(Paragraph(**p) for p in json.loads(r["paragraphs"])),
            title=r["title"],
            published=date.fromisoformat(r["published"]) if r["published"] else None,
            url=r["url"],
            publisher=r["publisher"],
            byline=r["byline"],
            language=r["language"],
            source=r["source"],
            metadata=json.loads(r["metadata"]),
            removed=tuple(json.loads(r["removed"])),
        )

    # --- resolution across articles (tacitus.resolve) --------------------------------------

    def incidents(
        self,
        country: str | None = None,
        actor: str | None = None,
        type: str | None = None,
        since: date | str | None = None,
        until: date | str | None = None,
        limit: int | None = None,
    ) -> list[dict[str, Any]]:
        """Incidents (events of several articles merged by ``tacitus.resolve``), filtered like
        ``events`` on any member. Keys: those of ``events`` with the summary's values, plus
        ``events`` (member ids), ``killed``/``injured`` (low, best, high, latest, conservative,
        per source) and ``reports`` (each source's own figures)."""
        from ..resolve.incidents import incidents

        where, params = read.event_filters(country, actor, type, since, until)
        return incidents(self.conn, where, params, limit)

    def incident_page(
        self,
        country: str | None = None,
        actor: str | None = None,
        type: str | None = None,
        since: date | str | None = None,
        until: date | str | None = None,
        limit: int | None = None,
        offset: int = 0,
        evidence: bool = True,
    ) -> tuple[int, list[dict[str, Any]]]:
        """(incidents matching, a page of them) as every list shows them: one row per real
        incident, events no resolution has placed yet each as an incident of its own (under
        the id resolution will give it). Filters as ``events``, on any member."""
        from ..resolve.incidents import incident_page

        where, params = read.event_filters(country, actor, type, since, until)
        return incident_page(self.conn, where, params, limit, offset, evidence)

    def incident(self, incident_id: int) -> dict[str, Any] | None:
        from ..resolve.incidents import incident

        return incident(self.conn, incident_id)

    def report_incidents(self, event_ids: list[int]) -> dict[int, int]:
        """event id -> the id of its incident, for the events resolution has placed."""
        rows = read.rows_in(self.conn, "SELECT event_id, incident_id FROM incident_events"
                            " WHERE event_id IN ({marks})", event_ids)
        return {r[0]: r[1] for r in rows}

    def incident_of(self, event_id: int) -> int | None:
        from .resolution import incident_of

        return incident_of(self.conn, event_id)

    def merge_candidates(self, limit: int | None = None) -> list[dict[str, Any]]:
        from .resolution import candidates

        return candidates(self.conn, limit)

    def canonical_actors(self) -> list[dict[str, Any]]:
        from .resolution import canonical_actors

        return canonical_actors(self.conn)

    def claim_ratings(self) -> dict[int, dict[str, Any]]:
        """Admiralty rating by claim id: reliability (A-F), credibility (1-6), basis, method."""
        from .resolution import claim_ref, ratings

        by_ref = ratings(self.conn)
        rows = self.conn.execute('SELECT id, article_id, start, "end" FROM claims ORDER BY id')
        return {r[0]: by_ref[ref] for r in rows if (ref := claim_ref(r[1], r[2], r[3])) in by_ref}

    def history(self, event_id: int) -> list[dict[str, Any]]:
        """Every recorded change to an event and its incident, oldest first."""
        from ..resolve.review import history

        return history(self, event_id)
