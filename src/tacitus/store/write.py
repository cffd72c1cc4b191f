"""Writing one article's extraction: validation, then inserts on an open transaction.

The functions here never begin or commit: :meth:`Store.save` wraps them in one
``atomic()`` block, so an article is stored whole or not at all.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from ..errors import StoreError
from ..models import EVENT_JSON_FIELDS, Document, Evidence, Extraction, Rejection, event_columns, to_dict
from .schema import utcnow


def scrub(text: str) -> str:
    """Text SQLite can store: lone surrogates (no encoder takes them) become U+FFFD."""
    return text.encode("utf-8", "surrogatepass").decode("utf-8", "replace") if text else text


COLUMNS = event_columns()
EVENT_ROLES: tuple[tuple[str, str], ...] = (
    ("perpetrators", "perpetrator"),
    ("claimed_by", "claimed_by"),
    ("suspects", "suspect"),
)


def dumps(value: Any) -> str:
    """JSON for a column: compact, UTF-8 kept, dates as ISO strings, anything else as str."""

    def default(v: Any) -> Any:
        if isinstance(v, (date, datetime)):
            return v.isoformat()
        if isinstance(v, (set, frozenset, tuple)):
            return list(v)
        return str(v)

    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=default)


def _iso(value: date | str | None) -> str | None:
    return value.isoformat() if isinstance(value, date) else value


# --- validation --------------------------------------------------------------------------


def validate(conn: sqlite3.Connection, ex: Extraction) -> None:
    """Check that every key an extraction refers to resolves; raise one StoreError listing
    all problems (by record) rather than failing on the first foreign-key violation."""
    art = ex.article
    problems: list[str] = []
    if not art.id:
        problems.append("article: empty id")
    actor_keys = {a.key for a in ex.actors}
    event_keys: set[str] = set()
    for ev in ex.events:
        if ev.key in event_keys:
            problems.append(f"event {ev.key!r}: duplicate key")
        event_keys.add(ev.key)

    def known_actor(key: str) -> bool:
        if key in actor_keys:
            return True
        return conn.execute("SELECT 1 FROM actors WHERE key = ?", (key,)).fetchone() is not None

    def check_evidence(where: str, evidence: Iterable[Evidence]) -> None:
        for e in evidence:
            if e.article_id and e.article_id != art.id:
                problems.append(f"{where}: evidence cites article {e.article_id!r}, not {art.id!r}")

    seen_actor: set[str] = set()
    for a in ex.actors:
        if not a.key:
            problems.append(f"actor {a.name!r}: empty key")
        seen_actor.add(a.key)
        check_evidence(f"actor {a.key!r}", a.evidence)
    for ev in ex.events:
        for attr, _role in EVENT_ROLES:
            for key in getattr(ev, attr):
                if not known_actor(key):
                    problems.append(f"event {ev.key!r}: {attr} names unknown actor {key!r}")
        check_evidence(f"event {ev.key!r}", ev.evidence)
    for i, r in enumerate(ex.relations):
        where = f"relation {i} ({r.source} {r.type} {r.target})"
        if not known_actor(r.source):
            problems.append(f"{where}: unknown source actor {r.source!r}")
        if r.target_kind == "actor" and not known_actor(r.target):
            problems.append(f"{where}: unknown target actor {r.target!r}")
        if r.target_kind == "event" and r.target not in event_keys:
            problems.append(f"{where}: unknown target event {r.target!r}")
        check_evidence(where, r.evidence)
    for i, c in enumerate(ex.claims):
        where = f"claim {i} ({c.speaker!r})"
        if c.speaker_key is not None and not known_actor(c.speaker_key):
            problems.append(f"{where}: unknown speaker actor {c.speaker_key!r}")
        if c.event_key is not None and c.event_key not in event_keys:
            problems.append(f"{where}: unknown event {c.event_key!r}")
        check_evidence(where, c.evidence)
    if problems:
        raise StoreError(f"article {art.id!r} cannot be stored: " + "; ".join(problems))


# --- inserts -----------------------------------------------------------------------------


def insert_article(
    conn: sqlite3.Connection, ex: Extraction, document: Document | None
) -> tuple[str, bool]:
    """Insert the article row unless its id or content hash is already stored.

    Returns (stored article id, created)."""
    art = ex.article
    content_hash = document.content_hash if document is not None else None
    if content_hash is None:
        content_hash = art.metadata.get("content_hash") if art.metadata else None
    source = art.source or (document.source if document is not None else None)
    url = art.url or (document.url if document is not None else None)
    title = art.title or (document.title if document is not None else None)
    published = art.published or (document.published if document is not None else None)
    cur = conn.execute(
        """
        INSERT INTO articles (id, content_hash, source, url, title, publisher, byline,
            published, language, text, paragraphs, metadata, removed, ingested_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT DO NOTHING
        """,
        (
            art.id,
            content_hash,
            source,
            url,
            title,
            art.publisher,
            art.byline,
            _iso(published),
            art.language,
            art.text,
            dumps([to_dict(p) for p in art.paragraphs]),
            dumps(art.metadata or {}),
            dumps(list(art.removed)),
            utcnow(),
        ),
    )
    if cur.rowcount == 1:
        return art.id, True
    row = conn.execute(
        "SELECT id FROM articles WHERE id = ? OR (content_hash IS NOT NULL AND content_hash = ?)"
        " ORDER BY id = ? DESC LIMIT 1",
        (art.id, content_hash, art.id),
    ).fetchone()
    if row is None:  # pragma: no cover - a conflict implies a matching row
        raise StoreError(f"article {art.id!r}: insert ignored but no matching row found")
    return row[0], False


def insert_evidence(
    conn: sqlite3.Connection,
    article_id: str,
    owner_type: str,
    owner_id: int | str,
    evidence: Iterable[Evidence],
) -> None:
    conn.executemany(
        'INSERT INTO evidence (article_id, owner_type, owner_id, field, sentence, start, "end",'
        " text) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (article_id, owner_type, str(owner_id), e.field, e.sentence, e.start, e.end, e.text)
            for e in evidence
        ],
    )


def insert_actors(conn: sqlite3.Connection, ex: Extraction) -> None:
    """Upsert canonical actors: the first stored name and kind win, a missing role,
    organisation or country is filled in; every surface form becomes an alias."""
    aid = ex.article.id
    for a in ex.actors:
        conn.execute(
            """
            INSERT INTO actors (key, name, kind, role, organisation, country, category)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (key) DO UPDATE SET
                role = coalesce(actors.role, excluded.role),
                organisation = coalesce(actors.organisation, excluded.organisation),
                country = coalesce(actors.country, excluded.country),
                kind = coalesce(actors.kind, excluded.kind),
                category = coalesce(actors.category, excluded.category)
            """,
            (a.key, a.name, a.kind, a.role, a.organisation, a.country, a.category),
        )
        conn.execute(
            "INSERT INTO actor_mentions (actor_key, article_id, confidence) VALUES (?, ?, ?)"
            " ON CONFLICT (actor_key, article_id) DO UPDATE SET"
            " confidence = max(coalesce(confidence, 0), coalesce(excluded.confidence, 0))",
            (a.key, aid, a.confidence),
        )
        conn.executemany(
            "INSERT OR IGNORE INTO actor_aliases (actor_key, alias, article_id) VALUES (?, ?, ?)",
            [(a.key, s, aid) for s in dict.fromkeys(a.surface) if s and s.strip()],
        )
        insert_evidence(conn, aid, "actor", a.key, a.evidence)


def insert_events(conn: sqlite3.Connection, ex: Extraction) -> dict[str, int]:
    """Insert events with their sources, actor roles and evidence; return key -> id."""
    aid = ex.article.id
    ids: dict[str, int] = {}
    for ev in ex.events:
        values = []
        for name in COLUMNS:
            v = getattr(ev, name)
            if name in EVENT_JSON_FIELDS:
                v = dumps(list(v))
            elif name in ("date", "date_end"):
                v = _iso(v)
            elif name == "aggregate":
                v = int(bool(v))
            values.append(v)
        cur = conn.execute(
            f"INSERT INTO events (article_id, key, {', '.join(COLUMNS)})"
            f" VALUES (?, ?, {', '.join('?' * len(COLUMNS))})",
            (aid, ev.key, *values),
        )
        event_id = cur.lastrowid or 0
        ids[ev.key] = event_id
        conn.execute(
            "INSERT INTO event_sources (event_id, article_id) VALUES (?, ?)", (event_id, aid)
        )
        for attr, role in EVENT_ROLES:
            conn.executemany(
                "INSERT OR IGNORE INTO event_actors (event_id, actor_key, role, position)"
                " VALUES (?, ?, ?, ?)",
                [(event_id, key, role, pos) for pos, key in enumerate(getattr(ev, attr))],
            )
        insert_evidence(conn, aid, "event", event_id, ev.evidence)
    return ids


def insert_relations(conn: sqlite3.Connection, ex: Extraction, event_ids: dict[str, int]) -> None:
    aid = ex.article.id
    for r in ex.relations:
        target = str(event_ids[r.target]) if r.target_kind == "event" else r.target
        cur = conn.execute(
            "INSERT INTO relations (article_id, source_key, type, target, target_kind,"
            " description, confidence) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (aid, r.source, r.type, target, r.target_kind, r.description, r.confidence),
        )
        insert_evidence(conn, aid, "relation", cur.lastrowid or 0, r.evidence)


def insert_claims(conn: sqlite3.Connection, ex: Extraction, event_ids: dict[str, int]) -> None:
    aid = ex.article.id
    for c in ex.claims:
        cur = conn.execute(
            'INSERT INTO claims (article_id, speaker, speaker_key, verb, text, start, "end",'
            " is_responsibility, event_id, confidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                aid,
                c.speaker,
                c.speaker_key,
                c.verb,
                c.text,
                c.start,
                c.end,
                int(bool(c.is_responsibility)),
                event_ids[c.event_key] if c.event_key is not None else None,
                c.confidence,
            ),
        )
        insert_evidence(conn, aid, "claim", cur.lastrowid or 0, c.evidence)


def insert_rejection(conn: sqlite3.Connection, r: Rejection) -> None:
    conn.execute(
        "INSERT INTO rejections (source, reason, content_hash, at, code, internal) VALUES (?, ?, ?, ?, ?, ?)",
        (scrub(r.source), scrub(r.reason), r.content_hash, utcnow(), r.code, int(bool(r.internal))),
    )
