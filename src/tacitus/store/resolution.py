"""SQL for cross-article resolution and review (tables of migration ``m002_resolution``).

Like ``write`` and ``read``, these functions take an open connection and never begin or
commit; ``tacitus.resolve`` wraps them in ``Store.atomic()``. Events are named two ways: by
their integer id (rows of this database) and by their reference ``article_id#key``, which
survives re-extraction; judgements, corrections and history use the reference.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from .read import _batches, _marks, hydrate_events, rows_in
from .schema import utcnow
from .write import dumps

ROLE_ACTORS = ("perpetrator", "claimed_by")  # the roles that say who did it


def event_ref(article_id: str, key: str) -> str:
    return f"{article_id}#{key}"


def claim_ref(article_id: str, start: int | None, end: int | None) -> str:
    return f"{article_id}#{start}-{end}"


def pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


# --- events as resolution sees them ----------------------------------------------------------


def article_events(conn: sqlite3.Connection, article_id: str) -> list[int]:
    return [r[0] for r in conn.execute(
        "SELECT id FROM events WHERE article_id = ? ORDER BY id", (article_id,))]


def unresolved_events(conn: sqlite3.Connection, article_id: str) -> list[int]:
    return [r[0] for r in conn.execute(
        "SELECT e.id FROM events e LEFT JOIN incident_events ie ON ie.event_id = e.id"
        " WHERE e.article_id = ? AND ie.event_id IS NULL ORDER BY e.id", (article_id,))]


def event_rows(conn: sqlite3.Connection, ids: Sequence[int]) -> list[dict[str, Any]]:
    """Event rows with their article's date, publisher and title, the actors who did it
    (perpetrators and claimants) as (canonical key, kind, name), and the stored sentence
    vector, in id order."""
    out: list[dict[str, Any]] = []
    actors: dict[int, list[tuple[str, str, str]]] = defaultdict(list)
    vectors: dict[int, Sequence[float]] = {}
    for chunk in _batches(list(ids)):
        marks = _marks(len(chunk))
        out.extend(dict(r) for r in conn.execute(
            "SELECT e.*, a.published, a.publisher, a.title FROM events e"
            f" JOIN articles a ON a.id = e.article_id WHERE e.id IN ({marks})", chunk))
        for r in conn.execute(
            "SELECT ea.event_id, coalesce(l.canonical_key, ea.actor_key), a.kind, a.name FROM event_actors ea"
            " JOIN actors a ON a.key = ea.actor_key LEFT JOIN actor_links l ON l.actor_key = ea.actor_key"
            f" WHERE ea.event_id IN ({marks}) AND ea.role IN ('perpetrator', 'claimed_by')", chunk):
            actors[r[0]].append((r[1], r[2] or "", r[3] or ""))
        for r in conn.execute(
            f"SELECT event_id, vector FROM event_embeddings WHERE event_id IN ({marks})", chunk):
            vectors[r[0]] = unpack(r[1])
    for d in out:
        d["actors"] = actors.get(d["id"], [])
        d["vector"] = vectors.get(d["id"])
    out.sort(key=lambda d: d["id"])
    return out


def block_candidates(
    conn: sqlite3.Connection, country: str, lo: int, hi: int, window: int, max_span: int
) -> list[tuple[int, int]]:
    """(event id, incident id) of resolved events in ``country`` (or of unknown country,
    "") whose day span comes within ``window`` days of [lo, hi]; for ``country`` "", events of
    any country. Spans are at most ``max_span`` long, which bounds the index range scanned
    on (country, day_lo) or (day_lo)."""
    bounds = (lo - window - max_span, hi + window, lo - window)
    if not country:
        return [(r[0], r[1]) for r in conn.execute(
            "SELECT event_id, incident_id FROM incident_events INDEXED BY incident_events_day"
            " WHERE day_lo BETWEEN ? AND ? AND day_hi >= ?", bounds)]
    return [(r[0], r[1]) for r in conn.execute(
        "SELECT event_id, incident_id FROM incident_events"
        " WHERE country IN (?, '') AND day_lo BETWEEN ? AND ? AND day_hi >= ?", (country, *bounds))]


def later_block_candidates(
    conn: sqlite3.Connection, country: str, lo: int, hi: int, window: int, max_span: int, published: str | None
) -> list[tuple[int, str | None, str, str]]:
    """``block_candidates`` published on or after ``published`` (None: undated ones only;
    undated come last in the resolution order), as (event id, published, article id, key):
    the few a stream that comes in order has, read without touching the rest of the block."""
    bounds = (lo - window - max_span, hi + window, lo - window)
    later = "a.published IS NULL" + (" OR a.published >= ?" if published is not None else "")
    extra = (published,) if published is not None else ()
    where = "ie.day_lo BETWEEN ? AND ? AND ie.day_hi >= ?"
    if country:
        where = "ie.country IN (?, '') AND " + where
    sql = ("SELECT e.id, a.published, e.article_id, e.key FROM incident_events ie"
           + ("" if country else " INDEXED BY incident_events_day")
           + " JOIN events e ON e.id = ie.event_id JOIN articles a ON a.id = e.article_id"
           f" WHERE {where} AND ({later})")
    params = ((country,) if country else ()) + bounds + extra
    return [(r[0], r[1], r[2], r[3]) for r in conn.execute(sql, params)]


def put_vector(conn: sqlite3.Connection, event_id: int, model: str, vector: Sequence[float]) -> None:
    conn.execute("INSERT OR REPLACE INTO event_embeddings (event_id, model, vector) VALUES (?, ?, ?)",
                 (event_id, model, pack(vector)))


def pack(vector: Sequence[float]) -> bytes:
    """A vector as little-endian float32 bytes."""
    return np.asarray(vector, dtype="<f4").tobytes()


def unpack(blob: bytes) -> Sequence[float]:
    return np.frombuffer(blob, dtype="<f4")


# --- incidents ---------------------------------------------------------------------------------


def new_incident(conn: sqlite3.Connection) -> int:
    return conn.execute("INSERT INTO incidents (created_at) VALUES (?)", (utcnow(),)).lastrowid or 0


def join_incident(
    conn: sqlite3.Connection, event_id: int, incident_id: int, method: str, score: float | None,
    block: tuple[str, int, int] | None,
) -> None:
    country, lo, hi = block if block else (None, None, None)
    conn.execute(
        "INSERT INTO incident_events (event_id, incident_id, method, score, country, day_lo, day_hi, at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO UPDATE SET"
        " incident_id = excluded.incident_id, method = excluded.method, score = excluded.score",
        (event_id, incident_id, method, score, country, lo, hi, utcnow()))


def move_event(conn: sqlite3.Connection, event_id: int, incident_id: int, method: str) -> None:
    """Move an event to another incident; the one it leaves is dropped when empty."""
    old = incident_of(conn, event_id)
    conn.execute("UPDATE incident_events SET incident_id = ?, method = ?, score = NULL, at = ?"
                 " WHERE event_id = ?", (incident_id, method, utcnow(), event_id))
    if old is not None and old != incident_id:
        conn.execute("DELETE FROM incidents WHERE id = ? AND NOT EXISTS"
                     " (SELECT 1 FROM incident_events WHERE incident_id = ?)", (old, old))


def incident_of(conn: sqlite3.Connection, event_id: int) -> int | None:
    r = conn.execute("SELECT incident_id FROM incident_events WHERE event_id = ?", (event_id,)).fetchone()
    return r[0] if r else None


def members(conn: sqlite3.Connection, incident_id: int) -> list[int]:
    return [r[0] for r in conn.execute(
        "SELECT event_id FROM incident_events WHERE incident_id = ? ORDER BY event_id", (incident_id,))]


def refs_of(conn: sqlite3.Connection, ids: Iterable[int]) -> dict[int, str]:
    rows = rows_in(conn, "SELECT id, article_id, key FROM events WHERE id IN ({marks})", list(ids))
    return {r[0]: event_ref(r[1], r[2]) for r in rows}


def event_by_ref(conn: sqlite3.Connection, refs: Iterable[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for ref in refs:
        article, _, key = ref.rpartition("#")
        r = conn.execute("SELECT id FROM events WHERE article_id = ? AND key = ?", (article, key)).fetchone()
        if r:
            out[ref] = r[0]
    return out


# --- judgements, candidates, corrections, history ------------------------------------------------


def put_judgement(conn: sqlite3.Connection, a: str, b: str, verdict: str, who: str) -> None:
    left, right = pair(a, b)
    conn.execute(
        "INSERT INTO merge_judgements (left_ref, right_ref, verdict, who, at) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT (left_ref, right_ref) DO UPDATE SET verdict = excluded.verdict,"
        " who = excluded.who, at = excluded.at", (left, right, verdict, who, utcnow()))


def judgements(conn: sqlite3.Connection, refs: Iterable[str]) -> dict[str, dict[str, str]]:
    """ref -> {other ref: verdict} for every judgement naming one of ``refs``."""
    out: dict[str, dict[str, str]] = defaultdict(dict)
    refs = list(dict.fromkeys(refs))
    for chunk in _batches(refs):
        marks = _marks(len(chunk))
        for r in conn.execute(
            f"SELECT left_ref, right_ref, verdict FROM merge_judgements WHERE left_ref IN ({marks})"
            f" OR right_ref IN ({marks})", [*chunk, *chunk]):
            out[r[0]][r[1]] = r[2]
            out[r[1]][r[0]] = r[2]
    return out


def put_candidate(conn: sqlite3.Connection, a: int, b: int, score: float, features: dict) -> None:
    left, right = sorted((a, b))
    conn.execute(
        "INSERT INTO merge_candidates (left_event, right_event, score, features, at)"
        " VALUES (?, ?, ?, ?, ?) ON CONFLICT (left_event, right_event) DO UPDATE SET"
        " score = excluded.score, features = excluded.features",
        (left, right, score, dumps(features), utcnow()))


def drop_candidates(conn: sqlite3.Connection, event_ids: Sequence[int]) -> None:
    """Forget open candidates between events now in one incident."""
    for chunk in _batches(list(event_ids)):
        marks = _marks(len(chunk))
        conn.execute(f"DELETE FROM merge_candidates WHERE left_event IN ({marks})"
                     f" AND right_event IN ({marks})", [*chunk, *chunk])


def candidate(conn: sqlite3.Connection, candidate_id: int) -> dict[str, Any] | None:
    r = conn.execute("SELECT * FROM merge_candidates WHERE id = ?", (candidate_id,)).fetchone()
    return dict(r) if r else None


def candidates(conn: sqlite3.Connection, limit: int | None = None) -> list[dict[str, Any]]:
    rows = conn.execute(
        "SELECT c.*, l.summary AS left_summary, r.summary AS right_summary,"
        " l.article_id AS left_article, r.article_id AS right_article,"
        " l.date AS left_date, r.date AS right_date, l.place AS left_place, r.place AS right_place,"
        " il.incident_id AS left_incident, ir.incident_id AS right_incident"
        " FROM merge_candidates c JOIN events l ON l.id = c.left_event"
        " JOIN events r ON r.id = c.right_event"
        " LEFT JOIN incident_events il ON il.event_id = c.left_event"
        " LEFT JOIN incident_events ir ON ir.event_id = c.right_event"
        " ORDER BY c.score DESC, c.id" + (" LIMIT ?" if limit else ""),
        (int(limit),) if limit else ()).fetchall()
    out = []
    for r in rows:
        d = dict(r)
        d["features"] = json.loads(d["features"])
        out.append(d)
    return out


def put_correction(conn: sqlite3.Connection, ref: str, field: str, value: Any, who: str) -> None:
    conn.execute("INSERT INTO corrections (event_ref, field, value, who, at) VALUES (?, ?, ?, ?, ?)",
                 (ref, field, dumps(value), who, utcnow()))


def corrections(conn: sqlite3.Connection, refs: Iterable[str]) -> dict[str, dict[str, Any]]:
    """ref -> {field: latest corrected value}."""
    out: dict[str, dict[str, Any]] = defaultdict(dict)
    for chunk in _batches(list(dict.fromkeys(refs))):
        for r in conn.execute(
            f"SELECT event_ref, field, value FROM corrections WHERE event_ref IN ({_marks(len(chunk))})"
            " ORDER BY id", chunk):
            out[r[0]][r[1]] = json.loads(r[2]) if r[2] is not None else None
    return out


def log(conn: sqlite3.Connection, who: str, action: str, **fields: Any) -> None:
    """Append one row to the history (``fields``: event_id, event_ref, incident_id,
    actor_key, claim_ref, field, old, new, note; old/new are stored as JSON)."""
    for k in ("old", "new"):
        if k in fields and fields[k] is not None and not isinstance(fields[k], str):
            fields[k] = dumps(fields[k])
    cols = ["at", "who", "action", *fields]
    conn.execute(f"INSERT INTO history ({', '.join(cols)}) VALUES ({_marks(len(cols))})",
                 (utcnow(), who, action, *fields.values()))


def history(conn: sqlite3.Connection, refs: Sequence[str], incident_ids: Sequence[int] = ()) -> list[dict[str, Any]]:
    where, params = [], []
    if refs:
        where.append(f"event_ref IN ({_marks(len(refs))})")
        params.extend(refs)
    if incident_ids:
        where.append(f"incident_id IN ({_marks(len(incident_ids))})")
        params.extend(incident_ids)
    if not where:
        return []
    return [dict(r) for r in conn.execute(
        f"SELECT * FROM history WHERE {' OR '.join(where)} ORDER BY id", params)]


# --- reading incidents ---------------------------------------------------------------------------


def incident_ids(conn: sqlite3.Connection, where: str = "", params: Sequence[Any] = ()) -> list[int]:
    """Incidents with at least one event matching the event filters ``where`` (on ``e``)."""
    return [r[0] for r in conn.execute(
        "SELECT ie.incident_id, min(e.date IS NULL) AS undated, min(e.date) AS first"
        f" FROM incident_events ie JOIN events e ON e.id = ie.event_id{where}"
        " GROUP BY ie.incident_id ORDER BY undated, first, ie.incident_id", params)]


def incident_events(conn: sqlite3.Connection, ids: Sequence[int], evidence: bool = True) -> dict[int, list[dict[str, Any]]]:
    """incident id -> its events as ``Store.events`` gives them (without their evidence unless
    ``evidence``), plus article, published, publisher and ref, oldest article first."""
    out: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for chunk in _batches(list(ids)):
        rows = conn.execute(
            "SELECT e.*, ie.incident_id, ie.method, ie.score AS match_score, a.published, a.publisher"
            " FROM incident_events ie JOIN events e ON e.id = ie.event_id"
            f" JOIN articles a ON a.id = e.article_id WHERE ie.incident_id IN ({_marks(len(chunk))})"
            " ORDER BY a.published IS NULL, a.published, a.id, e.key", chunk).fetchall()
        for row, ev in zip(rows, hydrate_events(conn, rows, evidence=evidence)):
            ev.update(article=row["article_id"], published=row["published"], publisher=row["publisher"],
                      ref=event_ref(row["article_id"], row["key"]), method=row["method"],
                      match_score=row["match_score"])
            out[row["incident_id"]].append(ev)
    return out


# --- actors ----------------------------------------------------------------------------------------


def actor_link(conn: sqlite3.Connection, key: str) -> str | None:
    r = conn.execute("SELECT canonical_key FROM actor_links WHERE actor_key = ?", (key,)).fetchone()
    return r[0] if r else None


def put_actor_link(conn: sqlite3.Connection, key: str, canonical: str, method: str, score: float | None) -> None:
    conn.execute(
        "INSERT INTO actor_links (actor_key, canonical_key, method, score, at) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT (actor_key) DO UPDATE SET canonical_key = excluded.canonical_key,"
        " method = excluded.method, score = excluded.score, at = excluded.at",
        (key, canonical, method, score, utcnow()))


def put_actor_tokens(conn: sqlite3.Connection, key: str, tokens: Iterable[str]) -> None:
    conn.executemany("INSERT OR IGNORE INTO actor_tokens (token, actor_key) VALUES (?, ?)",
                     [(t, key) for t in tokens])


def actors_with_tokens(conn: sqlite3.Connection, tokens: Sequence[str], kinds: Sequence[str]) -> list[dict[str, Any]]:
    if not tokens:
        return []
    rows = conn.execute(
        "SELECT DISTINCT a.key, a.name, a.kind, coalesce(l.canonical_key, a.key) AS canonical"
        " FROM actor_tokens t JOIN actors a ON a.key = t.actor_key"
        " LEFT JOIN actor_links l ON l.actor_key = a.key"
        f" WHERE t.token IN ({_marks(len(tokens))}) AND a.kind IN ({_marks(len(kinds))})",
        [*tokens, *kinds])
    return [dict(r) for r in rows]


def cluster_members(conn: sqlite3.Connection, canonical: str) -> list[dict[str, Any]]:
    return [dict(r) for r in conn.execute(
        "SELECT a.key, a.name, a.kind FROM actor_links l JOIN actors a ON a.key = l.actor_key"
        " WHERE l.canonical_key = ? ORDER BY a.key", (canonical,))]


def put_actor_judgement(conn: sqlite3.Connection, a: str, b: str, verdict: str, who: str) -> None:
    left, right = pair(a, b)
    conn.execute(
        "INSERT INTO actor_judgements (left_key, right_key, verdict, who, at) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT (left_key, right_key) DO UPDATE SET verdict = excluded.verdict,"
        " who = excluded.who, at = excluded.at", (left, right, verdict, who, utcnow()))


def actor_judgements(conn: sqlite3.Connection, key: str) -> dict[str, str]:
    return {(r[1] if r[0] == key else r[0]): r[2] for r in conn.execute(
        "SELECT left_key, right_key, verdict FROM actor_judgements WHERE left_key = ? OR right_key = ?",
        (key, key))}


def canonical_actors(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Actor clusters: canonical key, display name, kind, member keys, every alias and the
    articles that mention any member."""
    rows = conn.execute(
        "SELECT a.*, coalesce(l.canonical_key, a.key) AS canonical, l.method FROM actors a"
        " LEFT JOIN actor_links l ON l.actor_key = a.key ORDER BY a.key").fetchall()
    aliases: dict[str, list[str]] = defaultdict(list)
    for r in conn.execute("SELECT actor_key, alias FROM actor_aliases ORDER BY rowid"):
        aliases[r[0]].append(r[1])
    articles: dict[str, list[str]] = defaultdict(list)
    seq: dict[str, int] = {}
    for r in conn.execute("SELECT m.actor_key, m.article_id, a.seq FROM actor_mentions m"
                          " JOIN articles a ON a.id = m.article_id ORDER BY a.seq"):
        articles[r[0]].append(r[1])
        seq[r[1]] = r[2]
    clusters: dict[str, dict[str, Any]] = {}
    for r in rows:
        c = clusters.setdefault(r["canonical"], {
            "key": r["canonical"], "name": None, "kind": None, "role": None, "organisation": None,
            "country": None, "members": [], "aliases": [], "articles": []})
        c["members"].append(r["key"])
        if r["key"] == r["canonical"]:
            c["name"], c["kind"] = r["name"], r["kind"]
        for k in ("role", "organisation", "country"):
            c[k] = c[k] or r[k]
        c["kind"] = c["kind"] or r["kind"]
        c["aliases"] = list(dict.fromkeys([*c["aliases"], r["name"], *aliases.get(r["key"], [])]))
        c["articles"] = list(dict.fromkeys([*c["articles"], *articles.get(r["key"], [])]))
    display = {r["key"]: r["name"] for r in rows}
    for c in clusters.values():
        c["articles"].sort(key=lambda a: seq.get(a, 0))
        if c["name"] is None or (c["kind"] == "person" and len(c["members"]) > 1):
            # a person is shown under the fullest of the members' names
            names = [display[m] for m in c["members"] if display.get(m)]
            c["name"] = max(names, key=lambda n: (len(n.split()), len(n))) if names else c["key"]
    return sorted(clusters.values(), key=lambda c: (-len(c["articles"]), c["key"]))


# --- claim ratings -----------------------------------------------------------------------------


def put_rating(conn: sqlite3.Connection, ref: str, reliability: str, credibility: int, basis: str,
               method: str, who: str | None) -> None:
    conn.execute(
        "INSERT INTO claim_ratings (claim_ref, reliability, credibility, basis, method, who, at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (claim_ref) DO UPDATE SET"
        " reliability = excluded.reliability, credibility = excluded.credibility,"
        " basis = excluded.basis, method = excluded.method, who = excluded.who, at = excluded.at",
        (ref, reliability, credibility, basis, method, who, utcnow()))


def rating(conn: sqlite3.Connection, ref: str) -> dict[str, Any] | None:
    r = conn.execute("SELECT * FROM claim_ratings WHERE claim_ref = ?", (ref,)).fetchone()
    return dict(r) if r else None


def ratings(conn: sqlite3.Connection) -> dict[str, dict[str, Any]]:
    return {r["claim_ref"]: dict(r) for r in conn.execute("SELECT * FROM claim_ratings")}
