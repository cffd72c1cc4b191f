"""Read queries. Every function returns plain, JSON-ready dicts and lists.

Rows are fetched in a few set-based queries (events, then their actors, sources and
evidence by id batch), never one query per event.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from ..models import EVENT_JSON_FIELDS, EVENT_ROLE_FIELDS, event_columns

BATCH = 500  # ids per IN (...) query, well below SQLite's bound-parameter limit

# the event fields a reader sees: the Event's own, with the actor roles after the tolls
_COLUMNS = event_columns()
EVENT_KEYS: tuple[str, ...] = (
    "id", *_COLUMNS[:_COLUMNS.index("injured_max") + 1], *EVENT_ROLE_FIELDS,
    *_COLUMNS[_COLUMNS.index("injured_max") + 1:], "sources", "evidence",
)
ROLE_KEYS = {"perpetrator": "perpetrators", "claimed_by": "claimed_by", "suspect": "suspects"}
_DATE_BOUND = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _batches(ids: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for i in range(0, len(ids), BATCH):
        yield ids[i : i + BATCH]


def _marks(n: int) -> str:
    return ",".join("?" * n)


def rows_in(conn: sqlite3.Connection, sql: str, ids: Sequence[Any]) -> list[sqlite3.Row]:
    """The rows of `sql`, whose "{marks}" stands for the placeholders of an IN list, over
    `ids` in batches that stay under SQLite's variable limit."""
    out: list[sqlite3.Row] = []
    for chunk in _batches(ids):
        out += conn.execute(sql.format(marks=_marks(len(chunk))), chunk).fetchall()
    return out


def evidence_for(
    conn: sqlite3.Connection, owner_type: str, owner_ids: Sequence[int | str]
) -> dict[str, list[dict[str, Any]]]:
    """Evidence spans by owner id (as text), in insertion order."""
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    keys = [str(i) for i in owner_ids]
    for chunk in _batches(keys):
        for r in conn.execute(
            f'SELECT owner_id, article_id, sentence, start, "end", text, field FROM evidence'
            f" WHERE owner_type = ? AND owner_id IN ({_marks(len(chunk))}) ORDER BY id",
            (owner_type, *chunk),
        ):
            out[r["owner_id"]].append(
                {
                    "article": r["article_id"],
                    "sentence": r["sentence"],
                    "start": r["start"],
                    "end": r["end"],
                    "text": r["text"],
                    "field": r["field"],
                }
            )
    return out


# --- events ------------------------------------------------------------------------------


def _bound(value: date | str | None, name: str) -> str | None:
    if value is None:
        return None
    text = value.isoformat()[:10] if isinstance(value, date) else str(value).strip()
    if not _DATE_BOUND.match(text):
        raise ValueError(f"{name}: expected YYYY, YYYY-MM or YYYY-MM-DD, got {value!r}")
    return text


class FilterError(ValueError):
    """A filter value that names nothing: the message lists the values that do."""


def date_bound(value: date | str | None, name: str = "date") -> str | None:
    """A date bound as the filters take it: YYYY, YYYY-MM or YYYY-MM-DD, a real month and day."""
    text = _bound(value, name)
    if text is None:
        return None
    try:
        date.fromisoformat((text + "-01-01")[:10]) if len(text) < 10 else date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{name}: {text!r} is not a real date") from None
    return text


SIMILAR_SHOWN = 5  # names offered for an actor filter that matches none


def check_filters(conn: sqlite3.Connection, country: str | None = None, type: str | None = None,
                  actor: str | None = None) -> None:
    """Refuse a ``type`` that is not an event type code, a ``country`` that is neither a
    country's name nor one stored, and an ``actor`` no name, key or alias contains, naming the
    values that are (for an actor, the closest names) (FilterError)."""
    from ..models import EVENT_TYPES

    if actor and not conn.execute(
        "SELECT 1 FROM actors a WHERE instr(fold(a.name), fold(?1)) > 0 OR instr(fold(a.key), fold(?1)) > 0"
        " OR EXISTS (SELECT 1 FROM actor_aliases al WHERE al.actor_key = a.key AND instr(fold(al.alias), fold(?1)) > 0)"
        " LIMIT 1", (actor.strip(),)).fetchone():
        from rapidfuzz import fuzz, process

        names = [r[0] for r in conn.execute("SELECT DISTINCT name FROM actors")]
        close = [n for n, _, _ in process.extract(actor, names, scorer=fuzz.WRatio, limit=SIMILAR_SHOWN)]
        raise FilterError(f"no actor is named like {actor!r}" + (f": closest {', '.join(close)}" if close else ""))

    if type and type not in EVENT_TYPES:
        raise FilterError(f"unknown event type {type!r}: use one of {', '.join(EVENT_TYPES)}")
    if country:
        if conn.execute("SELECT 1 FROM events WHERE fold(country) = fold(?) LIMIT 1", (country.strip(),)).fetchone():
            return
        from ..geo.countries import countries

        if countries().code_for(country) is None:
            stored = [r[0] for r in conn.execute(
                "SELECT DISTINCT country FROM events WHERE country IS NOT NULL ORDER BY country")]
            listed = ", ".join(stored) if stored else "none stored yet"
            raise FilterError(f"unknown country {country!r}: countries with events: {listed}")


def event_filters(
    country: str | None = None,
    actor: str | None = None,
    type: str | None = None,
    since: date | str | None = None,
    until: date | str | None = None,
    article: str | None = None,
) -> tuple[str, list[Any]]:
    """WHERE clause and parameters for the event filters (see ``Store.events``)."""
    where: list[str] = []
    params: list[Any] = []
    if country:
        where.append("fold(e.country) = fold(?)")
        params.append(country.strip())
    if actor:
        # any role; canonical name, key or any alias, case-insensitive substring
        where.append(
            """EXISTS (SELECT 1 FROM event_actors ea JOIN actors a ON a.key = ea.actor_key
                WHERE ea.event_id = e.id AND (
                    instr(fold(a.name), fold(:actor)) > 0
                    OR instr(fold(a.key), fold(:actor)) > 0
                    OR EXISTS (SELECT 1 FROM actor_aliases al WHERE al.actor_key = a.key
                               AND instr(fold(al.alias), fold(:actor)) > 0)))""".replace(
                ":actor", "?"
            )
        )
        params.extend([actor.strip()] * 3)
    if type:
        where.append("e.type = ?")
        params.append(type)
    # Dates are compared on their common prefix, so a partial date ("2024-03") overlaps a
    # bound inside its period, and an event range [date, date_end] overlaps [since, until].
    lo = _bound(since, "since")
    if lo:
        where.append(
            "coalesce(e.date_end, e.date) IS NOT NULL AND"
            " substr(coalesce(e.date_end, e.date), 1, length(?))"
            " >= substr(?, 1, length(coalesce(e.date_end, e.date)))"
        )
        params.extend([lo, lo])
    hi = _bound(until, "until")
    if hi:
        where.append(
            "coalesce(e.date, e.date_end) IS NOT NULL AND"
            " substr(coalesce(e.date, e.date_end), 1, length(?))"
            " <= substr(?, 1, length(coalesce(e.date, e.date_end)))"
        )
        params.extend([hi, hi])
    if article:
        where.append("e.id IN (SELECT event_id FROM event_sources WHERE article_id = ?)")
        params.append(article)
    return (" WHERE " + " AND ".join(where)) if where else "", params


def select_events(
    conn: sqlite3.Connection, where: str = "", params: Sequence[Any] = (), limit: int | None = None
) -> list[dict[str, Any]]:
    sql = f"SELECT e.* FROM events e{where} ORDER BY e.date IS NULL, e.date, e.id"
    if limit is not None:
        sql += " LIMIT ?"
        params = [*params, int(limit)]
    rows = conn.execute(sql, params).fetchall()
    return hydrate_events(conn, rows)


def hydrate_events(
    conn: sqlite3.Connection, rows: Sequence[sqlite3.Row], evidence: bool = True
) -> list[dict[str, Any]]:
    """Turn ``events`` rows into event dicts with actor names, sources and (unless
    ``evidence`` is false) evidence."""
    ids = [r["id"] for r in rows]
    names: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    sources: dict[int, list[str]] = defaultdict(list)
    for chunk in _batches(ids):
        marks = _marks(len(chunk))
        for r in conn.execute(
            "SELECT ea.event_id, ea.role, a.name FROM event_actors ea"
            f" JOIN actors a ON a.key = ea.actor_key WHERE ea.event_id IN ({marks})"
            " ORDER BY ea.event_id, ea.role, ea.position",
            chunk,
        ):
            names[r["event_id"]][ROLE_KEYS[r["role"]]].append(r["name"])
        for r in conn.execute(
            "SELECT es.event_id, es.article_id FROM event_sources es"
            f" JOIN articles a ON a.id = es.article_id WHERE es.event_id IN ({marks})"
            " ORDER BY es.event_id, a.published IS NULL, a.published, a.seq",
            chunk,
        ):
            sources[r["event_id"]].append(r["article_id"])
    spans = evidence_for(conn, "event", ids) if evidence else {}
    out = []
    for r in rows:
        d: dict[str, Any] = {k: r[k] for k in r.keys() if k in EVENT_KEYS}
        for role in ROLE_KEYS.values():
            d[role] = names[r["id"]].get(role, [])
        for k in EVENT_JSON_FIELDS:
            d[k] = json.loads(r[k] or "[]")
        d["aggregate"] = bool(r["aggregate"])
        d["sources"] = sources.get(r["id"], [])
        d["evidence"] = spans.get(str(r["id"]), [])
        out.append({k: d[k] for k in EVENT_KEYS})
    return out


def event(conn: sqlite3.Connection, event_id: int) -> dict[str, Any] | None:
    rows = conn.execute("SELECT * FROM events WHERE id = ?", (event_id,)).fetchall()
    if not rows:
        return None
    d = hydrate_events(conn, rows)[0]
    d["articles"] = [
        dict(r)
        for r in conn.execute(
            "SELECT a.id, a.title, a.url, a.publisher, a.published FROM event_sources es"
            " JOIN articles a ON a.id = es.article_id WHERE es.event_id = ?"
            " ORDER BY a.published IS NULL, a.published, a.seq",
            (event_id,),
        )
    ]
    return d


# --- actors, relations, claims -------------------------------------------------------------


def actors(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    aliases: dict[str, list[str]] = defaultdict(list)
    for r in conn.execute(
        "SELECT actor_key, alias FROM actor_aliases GROUP BY actor_key, alias"
        " ORDER BY actor_key, min(rowid)"
    ):
        aliases[r["actor_key"]].append(r["alias"])
    articles: dict[str, list[str]] = defaultdict(list)
    for r in conn.execute(
        "SELECT m.actor_key, m.article_id FROM actor_mentions m"
        " JOIN articles a ON a.id = m.article_id ORDER BY m.actor_key, a.seq"
    ):
        articles[r["actor_key"]].append(r["article_id"])
    rows = conn.execute(
        """SELECT a.key, a.name, a.kind, a.role, a.organisation, a.country,
               (SELECT count(DISTINCT event_id) FROM event_actors WHERE actor_key = a.key)
                   AS event_count
           FROM actors a ORDER BY event_count DESC, fold(a.name), a.key"""
    ).fetchall()
    return [
        {
            **{k: r[k] for k in ("key", "name", "kind", "role", "organisation", "country")},
            "aliases": aliases.get(r["key"], []),
            "articles": articles.get(r["key"], []),
            "event_count": r["event_count"],
        }
        for r in rows
    ]


def relations(conn: sqlite3.Connection, article: str | None = None) -> list[dict[str, Any]]:
    where, params = (" WHERE r.article_id = ?", [article]) if article else ("", [])
    rows = conn.execute(
        "SELECT r.*, s.name AS source_name, t.name AS target_name FROM relations r"
        " JOIN actors s ON s.key = r.source_key"
        " LEFT JOIN actors t ON r.target_kind = 'actor' AND t.key = r.target"
        f"{where} ORDER BY r.id",
        params,
    ).fetchall()
    evidence = evidence_for(conn, "relation", [r["id"] for r in rows])
    out = []
    for r in rows:
        if r["target_kind"] == "event":
            target, target_key = f"event {r['target']}", int(r["target"])
        elif r["target_kind"] == "actor":
            target, target_key = r["target_name"] or r["target"], r["target"]
        else:
            target, target_key = r["target"], None
        out.append(
            {
                "id": r["id"],
                "article": r["article_id"],
                "source": r["source_name"],
                "source_key": r["source_key"],
                "type": r["type"],
                "target": target,
                "target_kind": r["target_kind"],
                "target_key": target_key,
                "description": r["description"],
                "confidence": r["confidence"],
                "evidence": evidence.get(str(r["id"]), []),
            }
        )
    return out


def claims(conn: sqlite3.Connection, article: str | None = None) -> list[dict[str, Any]]:
    where, params = (" WHERE c.article_id = ?", [article]) if article else ("", [])
    rows = conn.execute(
        "SELECT c.*, a.name AS speaker_name FROM claims c"
        f" LEFT JOIN actors a ON a.key = c.speaker_key{where} ORDER BY c.id",
        params,
    ).fetchall()
    evidence = evidence_for(conn, "claim", [r["id"] for r in rows])
    return [
        {
            "id": r["id"],
            "article": r["article_id"],
            "speaker": r["speaker"],
            "speaker_key": r["speaker_key"],
            "speaker_name": r["speaker_name"],
            "verb": r["verb"],
            "text": r["text"],
            "start": r["start"],
            "end": r["end"],
            "is_responsibility": bool(r["is_responsibility"]),
            "event": r["event_id"],
            "confidence": r["confidence"],
            "evidence": evidence.get(str(r["id"]), []),
        }
        for r in rows
    ]


# --- articles and search -------------------------------------------------------------------

_ARTICLE_LIST = """SELECT a.id, a.title, a.url, a.published, a.publisher, a.source,
    json_extract(a.metadata, '$.published_from') AS published_from,
    json_extract(a.metadata, '$.dateline') AS dateline,
    (SELECT count(*) FROM event_sources es WHERE es.article_id = a.id) AS n_events
    FROM articles a"""


def articles(conn: sqlite3.Connection, limit: int | None = None, undated: bool = False,
             ids: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """Articles, newest first (undated last); ``undated``: only those without a publication
    date; ``ids``: only these. ``published_from`` says how a date not given with the input was
    found (published line, dateline, url, set); ``dateline`` keeps one that gave no year."""
    where = []
    params: list[Any] = []
    if undated:
        where.append("a.published IS NULL")
    if ids is not None:
        where.append(f"a.id IN ({_marks(len(ids))})" if ids else "0")
        params.extend(ids)
    sql = _ARTICLE_LIST + (" WHERE " + " AND ".join(where) if where else "")
    sql += " ORDER BY a.published IS NULL, a.published DESC, a.seq DESC"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(int(limit))
    return [dict(r) for r in conn.execute(sql, params)]


def article(conn: sqlite3.Connection, article_id: str) -> dict[str, Any] | None:
    r = conn.execute(
        "SELECT a.*, (SELECT count(*) FROM event_sources es WHERE es.article_id = a.id)"
        " AS n_events FROM articles a WHERE a.id = ?",
        (article_id,),
    ).fetchone()
    if r is None:
        return None
    d = {k: r[k] for k in r.keys() if k != "seq"}
    for k in ("paragraphs", "metadata", "removed"):
        d[k] = json.loads(d[k])
    where, params = event_filters(article=article_id)
    d["events"] = select_events(conn, where, params)
    d["claims"] = claims(conn, article=article_id)
    d["relations"] = relations(conn, article=article_id)
    return d


def fts_query(text: str) -> str:
    """A safe FTS5 MATCH expression for free text: every whitespace-separated term is a
    quoted string (quotes doubled), so operators and punctuation lose their meaning; a
    trailing ``*`` stays a prefix search. Terms are ANDed. Empty when there is no term."""
    parts = []
    for term in text.replace("\x00", " ").split():
        prefix = term.endswith("*") and term.strip("*") != ""
        term = term.rstrip("*") if prefix else term
        parts.append('"' + term.replace('"', '""') + '"' + ("*" if prefix else ""))
    return " ".join(parts)


def search(
    conn: sqlite3.Connection, text: str, limit: int = 20, mark: tuple[str, str] = ("[", "]")
) -> list[dict[str, Any]]:
    query = fts_query(text or "")
    if not query:
        return []
    rows = conn.execute(
        """SELECT a.id, a.title, a.url, a.published, a.publisher,
               snippet(articles_fts, 1, ?, ?, '…', 16) AS snippet
           FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid
           WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?""",
        (mark[0], mark[1], query, int(limit)),
    )
    return [dict(r) for r in rows]


def stats(conn: sqlite3.Connection) -> dict[str, Any]:
    def count(table: str) -> int:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]

    def breakdown(column: str) -> dict[str, int]:
        return {
            (r[0] if r[0] is not None else "unknown"): r[1]
            for r in conn.execute(
                f"SELECT {column}, count(*) FROM events GROUP BY {column} ORDER BY 2 DESC, 1"
            )
        }

    first, last = conn.execute(
        "SELECT min(date), max(coalesce(date_end, date)) FROM events"
    ).fetchone()
    return {
        **{t: count(t) for t in ("articles", "rejections", "events", "actors", "relations",
                                 "claims", "evidence")},  # fmt: skip
        "events_by_type": breakdown("type"),
        "events_by_country": breakdown("country"),
        "first_event_date": first,
        "last_event_date": last,
    }
