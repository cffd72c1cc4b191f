"""Reading incidents: each is its member events (as stored, one per article) plus a summary
derived from them (``summary.summarise``). Used by ``Store.incidents``, ``Store.incident``,
the ``events`` command, ``/api/events`` and every export.

An event that no resolution has placed yet (a store written without ``tacitus resolve``) is
listed as an incident of its own, under the id resolution derives for it (``anchor_id``), so a
list never loses a report and the ids it shows are the ones a later resolve keeps.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from array import array
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from typing import Any

from ..store import resolution as db
from ..store.read import EVENT_KEYS, _batches, _marks, event_filters, hydrate_events
from .summary import summarise

# the event keys with the incident's values, then what only an incident has
INCIDENT_KEYS: tuple[str, ...] = (
    *EVENT_KEYS,
    "events", "killed", "injured", "reports",
)  # fmt: skip
REPORT_KEYS: tuple[str, ...] = (
    "id", "article", "publisher", "published", "type", "date", "place", "killed_min", "killed_max",
    "injured_min", "injured_max", "method", "match_score",
)  # fmt: skip
ID_BITS = 48  # as tacitus.resolve.events names incidents
STREAM_BATCH = 200  # incidents built at a time when streaming an export


def anchor_id(ref: str) -> int:
    """The id resolution gives an incident anchored at event ref ``ref`` (barring the rare hash
    collision, which ``tacitus.resolve.events.incident_id`` resolves by rehashing)."""
    digest = hashlib.sha256(ref.encode("utf-8", "surrogatepass")).hexdigest()
    return int(digest, 16) % (2**ID_BITS - 1) + 1


def _build(incident_id: int, events: list[dict[str, Any]], corrected: dict[str, dict[str, Any]]) -> dict[str, Any]:
    by_id = {e["id"]: corrected.get(e["ref"], {}) for e in events}
    d = summarise(events, by_id)
    d["id"] = incident_id
    d["events"] = [e["id"] for e in events]
    d["sources"] = list(dict.fromkeys(e["article"] for e in events))
    d["evidence"] = [x for e in events for x in e.get("evidence") or []]
    d["reports"] = [{k: e.get(k) for k in REPORT_KEYS} for e in events]
    return {k: d[k] for k in INCIDENT_KEYS}


# Incidents (key > 0) and events no incident holds yet (key = -event id), one row each, with
# what the order needs: undated last, then by first date, then by key.
_KEYS_SQL = (
    "SELECT coalesce(ie.incident_id, -e.id) AS k, min(e.date IS NULL) AS undated, min(e.date) AS first"
    " FROM events e LEFT JOIN incident_events ie ON ie.event_id = e.id{where}"
    " GROUP BY k{having} ORDER BY undated, first, k"
)


# Key lists kept for the next page (a list's pages ask for the same one again and again), per
# connection: the server has one per thread. Bounded by the keys held, 8 bytes each.
KEY_CACHE_MAX_KEYS = 4_000_000
_key_cache: OrderedDict[tuple[int, str, tuple[Any, ...]], tuple[sqlite3.Connection, int, int, array]] = OrderedDict()
_key_lock = threading.Lock()


def incident_keys(conn: sqlite3.Connection, where: str = "", params: Sequence[Any] = (),
                  loose: bool = True) -> Sequence[int]:
    """The keys of the incidents with a member matching the event filters ``where`` (on ``e``),
    in list order: an incident id, or (with ``loose``) minus the id of an event not resolved yet.

    The list is kept for the next page until the database changes (``PRAGMA data_version``
    for other connections' commits, ``total_changes`` for this one's), so paging through
    10,000 incidents groups them once, not once a page."""
    sql = _KEYS_SQL.format(where=where, having="" if loose else " HAVING k > 0")
    version = conn.execute("PRAGMA data_version").fetchone()[0]
    cache_key = (id(conn), sql, tuple(params))
    with _key_lock:
        hit = _key_cache.get(cache_key)
        if hit is not None and hit[0] is conn and hit[1:3] == (version, conn.total_changes):
            _key_cache.move_to_end(cache_key)
            return hit[3]
    keys = array("q", (r[0] for r in conn.execute(sql, list(params))))
    with _key_lock:
        _key_cache[cache_key] = (conn, version, conn.total_changes, keys)
        held = sum(len(v[3]) for v in _key_cache.values())
        while held > KEY_CACHE_MAX_KEYS and len(_key_cache) > 1:
            held -= len(_key_cache.popitem(last=False)[1][3])
    return keys


def _unresolved(conn: sqlite3.Connection, event_ids: Sequence[int], evidence: bool = True) -> dict[int, dict[str, Any]]:
    """Events not in an incident, as ``incident_events`` gives members (with article,
    published, publisher, ref), by id."""
    out: dict[int, dict[str, Any]] = {}
    for chunk in _batches(list(event_ids)):
        rows = conn.execute(
            "SELECT e.*, a.published, a.publisher FROM events e JOIN articles a ON a.id = e.article_id"
            f" WHERE e.id IN ({_marks(len(chunk))})", chunk).fetchall()
        for row, ev in zip(rows, hydrate_events(conn, rows, evidence=evidence)):
            ev.update(article=row["article_id"], published=row["published"], publisher=row["publisher"],
                      ref=db.event_ref(row["article_id"], row["key"]), method=None, match_score=None)
            out[row["id"]] = ev
    return out


def build(conn: sqlite3.Connection, keys: Sequence[int], evidence: bool = True) -> list[dict[str, Any]]:
    """The incident rows of ``keys`` (as ``incident_keys`` gives them), in that order."""
    return [row for _, row in build_keyed(conn, keys, evidence)]


def build_keyed(conn: sqlite3.Connection, keys: Sequence[int], evidence: bool = True) -> list[tuple[int, dict[str, Any]]]:
    """(key, incident row) of each of ``keys`` that has events, in that order."""
    members = db.incident_events(conn, [k for k in keys if k > 0], evidence)
    loose = _unresolved(conn, [-k for k in keys if k < 0], evidence)
    groups = {k: (members.get(k) or []) if k > 0 else ([loose[-k]] if -k in loose else []) for k in keys}
    corrected = db.corrections(conn, [e["ref"] for evs in groups.values() for e in evs])
    return [(k, _build(k if k > 0 else anchor_id(evs[0]["ref"]), evs, corrected)) for k, evs in groups.items() if evs]


def incident_page(
    conn: sqlite3.Connection, where: str = "", params: Sequence[Any] = (), limit: int | None = None,
    offset: int = 0, evidence: bool = True, loose: bool = True,
) -> tuple[int, list[dict[str, Any]]]:
    """(incidents matching, one page of incident rows); ``loose``: with the events no
    incident holds yet, each as an incident of its own."""
    keys = incident_keys(conn, where, params, loose)
    page = keys[max(0, offset):] if limit is None else keys[max(0, offset): max(0, offset) + int(limit)]
    return len(keys), build(conn, page, evidence)


def iter_incidents(conn: sqlite3.Connection, where: str = "", params: Sequence[Any] = (),
                   evidence: bool = True, articles: bool = False) -> Iterator[dict[str, Any]]:
    """Every matching incident, built a batch at a time (exports stream these); with
    ``articles``, each with its sources' ``articles`` (``attach_articles``)."""
    keys = incident_keys(conn, where, params)
    for i in range(0, len(keys), STREAM_BATCH):
        batch = build(conn, keys[i : i + STREAM_BATCH], evidence)
        yield from attach_articles(conn, batch) if articles else batch


def incidents(
    conn: sqlite3.Connection, where: str = "", params: Sequence[Any] = (), limit: int | None = None
) -> list[dict[str, Any]]:
    """The resolved incidents (no loose events), as ``Store.incidents`` gives them."""
    return incident_page(conn, where, params, limit, loose=False)[1]


def incident(conn: sqlite3.Connection, incident_id: int) -> dict[str, Any] | None:
    """One incident by id (None when no resolved incident has it)."""
    if db.members(conn, incident_id):
        found = build(conn, [incident_id])
        return found[0] if found else None
    return None


def filters(**kwargs: Any) -> tuple[str, list[Any]]:
    return event_filters(**kwargs)


# --- what exports need beyond the rows ---------------------------------------------------------


def attach_articles(conn: sqlite3.Connection, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Give each row ``articles``: its sources' id, title, url, publisher, published."""
    from ..store.web import article_meta

    meta = {a["id"]: a for a in article_meta(conn, sorted({s for r in rows for s in r["sources"]}))}
    for r in rows:
        r["articles"] = [meta[s] for s in r["sources"] if s in meta]
    return rows


def incident_graph(conn: sqlite3.Connection, where: str = "", params: Sequence[Any] = (),
                   active: bool = True) -> dict[str, Any]:
    """What a graph export needs, with incidents for events: the incidents, the actors named on
    their reports or in relations with them, the (actor, incident, role) links, the relations
    (those to an event pointed at its incident) and the articles. ``active``: filters are set,
    so relations between actors are kept only among the incidents' actors."""
    from ..store.read import actors, relations
    from ..store.web import article_meta, event_actor_links

    rows = list(iter_incidents(conn, where, params, evidence=False))
    incident_of = {e: r["id"] for r in rows for e in r["events"]}
    links, seen = [], set()
    for link in event_actor_links(conn, list(incident_of)):
        key = (incident_of[link["event_id"]], link["actor_key"], link["role"])
        if key not in seen:
            seen.add(key)
            links.append({"event_id": key[0], "actor_key": key[1], "role": key[2]})
    keys = {link["actor_key"] for link in links}
    kept = []
    for r in relations(conn):
        if r["target_kind"] == "event":
            if r["target_key"] not in incident_of:
                continue
            r = {**r, "target_key": incident_of[r["target_key"]]}
        elif r["target_kind"] == "actor":
            if active and not (r["source_key"] in keys and r["target_key"] in keys):
                continue
        elif active and r["source_key"] not in keys:
            continue
        kept.append(r)
    for r in kept:
        keys.add(r["source_key"])
        if r["target_kind"] == "actor" and r["target_key"]:
            keys.add(r["target_key"])
    article_ids = sorted({a for r in rows for a in r["sources"]} | {r["article"] for r in kept})
    return {"events": rows, "actors": [a for a in actors(conn) if a["key"] in keys], "links": links,
            "relations": kept, "articles": article_meta(conn, article_ids)}


# --- stored list rows (store migration m008) -----------------------------------------------------


def lean(row: dict[str, Any]) -> dict[str, Any]:
    """An incident list row: no evidence; the per-source tolls kept, their reports' copies dropped."""
    out = {k: v for k, v in row.items() if k != "evidence"}
    for field in ("killed", "injured"):
        if out.get(field):
            out[field] = {k: v for k, v in out[field].items() if k != "reports"}
    return out


def row_json(row: dict[str, Any]) -> str:
    """The JSON text ``/api/events`` sends for an incident row (built or stored)."""
    return json.dumps(lean(row), ensure_ascii=False)


def _toll(fig: dict[str, Any] | None, key: str) -> int | None:
    return fig.get(key) if fig else None


def refresh_summaries(conn: sqlite3.Connection) -> int:
    """Write the stored list row of every incident a change has noted in
    ``incident_summary_dirty`` (and drop the rows of incidents left without members); called
    inside the writing transaction, so a summary commits with the change it follows. Returns
    how many incidents were noted."""
    ids = [r[0] for r in conn.execute("SELECT incident_id FROM incident_summary_dirty")]
    if not ids:
        return 0
    for i in range(0, len(ids), STREAM_BATCH):
        chunk = ids[i : i + STREAM_BATCH]
        order = {r[0]: (r[1], r[2]) for r in rows_in_order(conn, chunk)}
        built = build(conn, [k for k in chunk if k in order], evidence=False)
        conn.executemany(
            "INSERT OR REPLACE INTO incident_summaries (incident_id, undated, first, date, country, place, type,"
            " killed_low, killed_best, killed_high, injured_low, injured_best, injured_high, sources, reports, row)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(r["id"], *order[r["id"]], r["date"], r["country"], r["place"], r["type"],
              _toll(r["killed"], "low"), _toll(r["killed"], "best"), _toll(r["killed"], "high"),
              _toll(r["injured"], "low"), _toll(r["injured"], "best"), _toll(r["injured"], "high"),
              len(r["sources"]), len(r["events"]), row_json(r)) for r in built])
    conn.execute("DELETE FROM incident_summary_dirty")
    return len(ids)


def rows_in_order(conn: sqlite3.Connection, ids: Sequence[int]) -> list[sqlite3.Row]:
    """(incident id, undated, first date) of the incidents ``ids`` that have members: the keys
    the list is ordered by (as ``_KEYS_SQL`` computes them)."""
    out: list[sqlite3.Row] = []
    for chunk in _batches(list(ids)):
        out += conn.execute(
            "SELECT ie.incident_id, min(e.date IS NULL), min(e.date) FROM incident_events ie"
            f" JOIN events e ON e.id = ie.event_id WHERE ie.incident_id IN ({_marks(len(chunk))})"
            " GROUP BY ie.incident_id", chunk).fetchall()
    return out


def stored_rows(conn: sqlite3.Connection, ids: Sequence[int]) -> dict[int, str]:
    """incident id -> its stored list row (JSON), for those of ``ids`` that have one."""
    out: dict[int, str] = {}
    for chunk in _batches([k for k in ids if k > 0]):
        out.update(conn.execute(
            f"SELECT incident_id, row FROM incident_summaries WHERE incident_id IN ({_marks(len(chunk))})",
            chunk).fetchall())
    return out


# whether every incident has its stored row and every event an incident, per connection and
# database version (the check reads two tables whole, so it is not made for every page)
_complete: dict[int, tuple[sqlite3.Connection, int, int, bool]] = {}


def _all_stored(conn: sqlite3.Connection) -> bool:
    version = (conn.execute("PRAGMA data_version").fetchone()[0], conn.total_changes)
    with _key_lock:
        hit = _complete.get(id(conn))
        if hit is not None and hit[0] is conn and hit[1:3] == version:
            return hit[3]
    ok = conn.execute(
        "SELECT NOT EXISTS (SELECT 1 FROM incident_summary_dirty)"
        " AND (SELECT count(*) FROM incident_events) = (SELECT count(*) FROM events)"
        " AND (SELECT count(DISTINCT incident_id) FROM incident_events)"
        " = (SELECT count(*) FROM incident_summaries)").fetchone()[0]
    with _key_lock:
        _complete[id(conn)] = (conn, *version, bool(ok))
    return bool(ok)


def list_page_json(conn: sqlite3.Connection, where: str = "", params: Sequence[Any] = (),
                   limit: int = 50, offset: int = 0) -> tuple[int, list[str]]:
    """(incidents matching, one page of their list rows as JSON texts), the rows and order
    ``incident_page`` gives (with unresolved events as incidents of their own). Unfiltered, and
    with every incident's row stored, the page is read from ``incident_summaries`` by its
    index; otherwise the keys are grouped as ``incident_keys`` does and each row is read from
    the table, or built when it has none."""
    offset = max(0, offset)
    if not where and _all_stored(conn):
        total = conn.execute("SELECT count(*) FROM incident_summaries").fetchone()[0]
        rows = [r[0] for r in conn.execute(
            "SELECT row FROM incident_summaries ORDER BY undated, first, incident_id LIMIT ? OFFSET ?",
            (int(limit), offset))]
        return total, rows
    keys = incident_keys(conn, where, params)
    page = list(keys[offset : offset + int(limit)])
    stored = stored_rows(conn, page)
    built = dict(build_keyed(conn, [k for k in page if k not in stored], evidence=False))
    out = [stored[k] if k in stored else row_json(built[k]) for k in page if k in stored or k in built]
    return len(keys), out

