"""Read-only queries behind the web workbench (``tacitus serve``).

Like ``read``, every function takes an open connection and returns plain, JSON-ready
dicts; none writes. They add what the pages need on top of ``read``: events filtered by
full-text search and a bounding box, paged; per-day or per-week counts by type; the actor
network; an actor with its relations; every evidence span of one article (to highlight
it); and, for one event, the figures each source gives.
"""

from __future__ import annotations

import sqlite3
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from . import read

MAX_PAGE = 1000  # events per page at most


@dataclass(frozen=True)
class EventQuery:
    """The event filters shared by the list, map, timeline, network and exports.

    ``bbox`` is (west, south, east, north) in degrees; west > east crosses the
    antimeridian. ``q`` is free text matched (FTS5, every term) against the title and text
    of the articles that report the event."""

    country: str | None = None
    actor: str | None = None
    type: str | None = None
    since: str | None = None
    until: str | None = None
    q: str | None = None
    bbox: tuple[float, float, float, float] | None = None

    def where(self) -> tuple[str, list[Any]]:
        where, params = read.event_filters(self.country, self.actor, self.type, self.since, self.until)
        clauses = [where.removeprefix(" WHERE ")] if where else []
        params = list(params)
        match = read.fts_query(self.q or "")
        if match:
            clauses.append(
                "e.id IN (SELECT es.event_id FROM event_sources es"
                " JOIN articles a ON a.id = es.article_id"
                " JOIN articles_fts f ON f.rowid = a.seq WHERE articles_fts MATCH ?)"
            )
            params.append(match)
        if self.bbox is not None:
            west, south, east, north = self.bbox
            clauses.append("e.latitude BETWEEN ? AND ?")
            params += [south, north]
            if west <= east:
                clauses.append("e.longitude BETWEEN ? AND ?")
                params += [west, east]
            else:
                clauses.append("(e.longitude >= ? OR e.longitude <= ?)")
                params += [west, east]
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params

    @property
    def active(self) -> bool:
        return any(v not in (None, "") for v in (self.country, self.actor, self.type, self.since,
                                                 self.until, self.q, self.bbox))


def event_page(
    conn: sqlite3.Connection, query: EventQuery, limit: int | None = 100, offset: int = 0, *, lean: bool = False
) -> tuple[int, list[dict[str, Any]]]:
    """(total matching, one page of event dicts) in ``Store.events`` order; ``lean`` rows
    carry no evidence (the detail call has it). The order is an index's
    (``events_list_order``), so a page costs its rows, not the table."""
    where, params = query.where()
    total = conn.execute(f"SELECT count(*) FROM events e{where}", params).fetchone()[0]
    sql = f"SELECT e.* FROM events e{where} ORDER BY e.date IS NULL, e.date, e.id"
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params = [*params, min(int(limit), MAX_PAGE), max(int(offset), 0)]
    rows = conn.execute(sql, params).fetchall()
    events = read.hydrate_events(conn, rows, evidence=not lean)
    if lean:
        for e in events:
            del e["evidence"]
    return total, events


def _names(role: str) -> str:
    return (f"(SELECT json_group_array(name) FROM (SELECT a.name FROM event_actors ea JOIN actors a"
            f" ON a.key = ea.actor_key WHERE ea.event_id = e.id AND ea.role = '{role}' ORDER BY ea.position))")


# One list row as JSON, built by SQLite: the fields of ``schemas.EventRow``
_ROW_JSON = (
    "json_object('id', e.id, 'type', e.type, 'acled_event_type', e.acled_event_type,"
    " 'acled_sub_event_type', e.acled_sub_event_type, 'date', e.date, 'date_end', e.date_end,"
    " 'date_precision', e.date_precision, 'country', e.country, 'admin1', e.admin1, 'place', e.place,"
    " 'place_precision', e.place_precision, 'latitude', e.latitude, 'longitude', e.longitude,"
    " 'killed_min', e.killed_min, 'killed_max', e.killed_max, 'injured_min', e.injured_min,"
    " 'injured_max', e.injured_max,"
    f" 'perpetrators', json({_names('perpetrator')}), 'claimed_by', json({_names('claimed_by')}),"
    f" 'suspects', json({_names('suspect')}),"
    " 'aggregate', json(CASE WHEN e.aggregate THEN 'true' ELSE 'false' END), 'summary', e.summary,"
    " 'sources', json((SELECT json_group_array(article_id) FROM (SELECT es.article_id FROM event_sources es"
    " JOIN articles a ON a.id = es.article_id WHERE es.event_id = e.id"
    " ORDER BY a.published IS NULL, a.published, a.seq))),"
    " 'confidence', e.confidence,"
    " 'incident', (SELECT ie.incident_id FROM incident_events ie WHERE ie.event_id = e.id))"
)


def event_page_json(
    conn: sqlite3.Connection, query: EventQuery, limit: int = 50, offset: int = 0
) -> tuple[int, list[str]]:
    """(total matching, one page of lean rows as JSON texts): what ``/api/events`` sends,
    assembled by SQLite in one query along the list order's index."""
    where, params = query.where()
    total = conn.execute(f"SELECT count(*) FROM events e{where}", params).fetchone()[0]
    rows = conn.execute(
        f"SELECT {_ROW_JSON} FROM events e{where} ORDER BY e.date IS NULL, e.date, e.id LIMIT ? OFFSET ?",
        [*params, min(int(limit), MAX_PAGE), max(int(offset), 0)]).fetchall()
    return total, [r[0] for r in rows]


def all_events(conn: sqlite3.Connection, query: EventQuery) -> list[dict[str, Any]]:
    """Every matching event (for exports)."""
    where, params = query.where()
    return read.select_events(conn, where, params)


def facets(conn: sqlite3.Connection) -> dict[str, list[str]]:
    """The values the filter form offers: event types and countries present."""
    types = [r[0] for r in conn.execute("SELECT DISTINCT type FROM events ORDER BY type")]
    countries = [
        r[0]
        for r in conn.execute(
            "SELECT DISTINCT country FROM events WHERE country IS NOT NULL ORDER BY country"
        )
    ]
    return {"types": types, "countries": countries}


# --- timeline ------------------------------------------------------------------------------


def _bucket(day: date, interval: str) -> date:
    return day - timedelta(days=day.weekday()) if interval == "week" else day


def timeline(conn: sqlite3.Connection, query: EventQuery, interval: str = "day") -> dict[str, Any]:
    """Event counts per day or ISO week (starting Monday), by type.

    Only events dated to the day can be placed; the others are counted apart as
    ``imprecise`` (month, year or range) and ``undated``, never spread over days."""
    if interval not in ("day", "week"):
        raise ValueError(f"interval: expected day or week, got {interval!r}")
    where, params = query.where()
    buckets: dict[date, Counter[str]] = defaultdict(Counter)
    ids: dict[date, list[int]] = defaultdict(list)
    imprecise: Counter[str] = Counter()
    undated = 0
    types: Counter[str] = Counter()
    for r in conn.execute(f"SELECT e.id, e.type, e.date FROM events e{where}", params):
        types[r["type"]] += 1
        text = r["date"] or ""
        if not text:
            undated += 1
            continue
        try:
            day = date.fromisoformat(text) if len(text) == 10 else None
        except ValueError:
            day = None
        if day is None:
            imprecise[r["type"]] += 1
            continue
        start = _bucket(day, interval)
        buckets[start][r["type"]] += 1
        ids[start].append(r["id"])
    span = 6 if interval == "week" else 0
    return {
        "interval": interval,
        "types": [t for t, _ in types.most_common()],
        "buckets": [
            {
                "start": start.isoformat(),
                "end": (start + timedelta(days=span)).isoformat(),
                "total": sum(buckets[start].values()),
                "counts": dict(buckets[start].most_common()),
                "events": ids[start],
            }
            for start in sorted(buckets)
        ],
        "imprecise": sum(imprecise.values()),
        "imprecise_by_type": dict(imprecise.most_common()),
        "undated": undated,
    }


# --- actors and the network --------------------------------------------------------------------


def _event_ids(conn: sqlite3.Connection, query: EventQuery) -> list[int]:
    where, params = query.where()
    return [r[0] for r in conn.execute(f"SELECT e.id FROM events e{where}", params)]


def network(conn: sqlite3.Connection, query: EventQuery | None = None) -> dict[str, Any]:
    """Actors as nodes (sized by their number of events) and edges of two kinds: the
    relations between actors the articles state (by type), and ``same_event`` links
    between actors named on one event. With an active ``query``, only the actors of the
    matching events and the relations among them."""
    query = query or EventQuery()
    keys: set[str] | None = None
    event_ids: list[int] | None = None
    if query.active:
        event_ids = _event_ids(conn, query)
        keys = set()
        for chunk in read._batches(event_ids):
            keys.update(
                r[0]
                for r in conn.execute(
                    f"SELECT actor_key FROM event_actors WHERE event_id IN ({read._marks(len(chunk))})",
                    chunk,
                )
            )
    edges: dict[tuple[str, str, str], dict[str, Any]] = {}

    def add(source: str, target: str, kind: str, ref: dict[str, Any]) -> None:
        edge = edges.setdefault(
            (source, target, kind), {"source": source, "target": target, "type": kind, "count": 0, "refs": []}
        )
        edge["count"] += 1
        if len(edge["refs"]) < 20:
            edge["refs"].append(ref)

    for r in conn.execute(
        "SELECT id, source_key, type, target, article_id FROM relations"
        " WHERE target_kind = 'actor' AND target IN (SELECT key FROM actors) ORDER BY id"
    ):
        if keys is None or (r["source_key"] in keys and r["target"] in keys):
            add(r["source_key"], r["target"], r["type"], {"relation": r["id"], "article": r["article_id"]})
    pairs_sql = (
        "SELECT a.event_id, a.actor_key AS s, b.actor_key AS t FROM event_actors a"
        " JOIN event_actors b ON a.event_id = b.event_id AND a.actor_key < b.actor_key"
    )
    seen: set[tuple[int, str, str]] = set()
    wanted = set(event_ids) if event_ids is not None else None
    for r in conn.execute(pairs_sql + " ORDER BY a.event_id"):
        if wanted is not None and r["event_id"] not in wanted:
            continue
        if (r["event_id"], r["s"], r["t"]) in seen:
            continue
        seen.add((r["event_id"], r["s"], r["t"]))
        add(r["s"], r["t"], "same_event", {"event": r["event_id"]})
    involved = {k for e in edges.values() for k in (e["source"], e["target"])}
    nodes = []
    for a in read.actors(conn):
        if keys is not None and a["key"] not in keys:
            continue
        if a["key"] in involved or a["event_count"] or keys is not None:
            nodes.append({k: a[k] for k in ("key", "name", "kind", "role", "organisation", "country",
                                            "event_count")})  # fmt: skip
    present = {n["key"] for n in nodes}
    return {
        "nodes": nodes,
        "edges": [e for e in edges.values() if e["source"] in present and e["target"] in present],
    }


def actor(conn: sqlite3.Connection, key: str) -> dict[str, Any] | None:
    """One actor with aliases, its relations (both directions), events and claims."""
    row = next((a for a in read.actors(conn) if a["key"] == key), None)
    if row is None:
        return None
    rels = read.relations(conn)
    row["relations_out"] = [r for r in rels if r["source_key"] == key]
    row["relations_in"] = [r for r in rels if r["target_kind"] == "actor" and r["target_key"] == key]
    clause = "e.id IN (SELECT event_id FROM event_actors WHERE actor_key = ?)"
    row["events"] = read.select_events(conn, " WHERE " + clause, [key])
    roles: dict[int, list[str]] = defaultdict(list)
    for r in conn.execute("SELECT event_id, role FROM event_actors WHERE actor_key = ? ORDER BY role", (key,)):
        roles[r["event_id"]].append(r["role"])
    for e in row["events"]:
        e["roles"] = roles.get(e["id"], [])
    row["claims"] = [c for c in read.claims(conn) if c["speaker_key"] == key]
    return row


# --- articles and evidence ------------------------------------------------------------------------


def article_spans(conn: sqlite3.Connection, article_id: str) -> list[dict[str, Any]]:
    """Every evidence span in one article: owner (event, relation, claim, actor), field,
    article offsets, in text order."""
    return [
        dict(r)
        for r in conn.execute(
            'SELECT id, owner_type, owner_id, field, sentence, start, "end" FROM evidence'
            ' WHERE article_id = ? AND start IS NOT NULL AND "end" IS NOT NULL'
            ' ORDER BY start, "end" DESC, id',
            (article_id,),
        )
    ]


def article_texts(conn: sqlite3.Connection, article_ids: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for chunk in read._batches(article_ids):
        for r in conn.execute(
            f"SELECT id, text FROM articles WHERE id IN ({read._marks(len(chunk))})", chunk
        ):
            out[r["id"]] = r["text"]
    return out


def event_claims(conn: sqlite3.Connection, event_id: int) -> list[dict[str, Any]]:
    return [c for c in read.claims(conn) if c["event"] == event_id]


def event_relations(conn: sqlite3.Connection, event_id: int) -> list[dict[str, Any]]:
    return [r for r in read.relations(conn) if r["target_kind"] == "event" and r["target_key"] == event_id]


def related_events(conn: sqlite3.Connection, event: dict[str, Any], limit: int = 10) -> list[dict[str, Any]]:
    """Other events that may be the same incident: same country and type, the same day
    (or overlapping dates), reported in other articles. Until reports are merged across
    articles, this is where their figures meet."""
    if not event.get("country") or not event.get("date"):
        return []
    query = EventQuery(country=event["country"], type=event["type"], since=event["date"],
                       until=event.get("date_end") or event["date"])
    _, rows = event_page(conn, query, limit=limit + 1)
    return [e for e in rows if e["id"] != event["id"]][:limit]


def events_by_id(conn: sqlite3.Connection, ids: list[int]) -> list[dict[str, Any]]:
    if not ids:
        return []
    return read.select_events(conn, f" WHERE e.id IN ({read._marks(len(ids))})", list(ids))


FIGURE_FIELDS = ("date", "place", "killed", "injured", "perpetrators", "claimed_by", "suspects", "weapons",
                 "targets", "victims", "type")


def figures_by_source(event: dict[str, Any], texts: dict[str, str]) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """For each source article, field -> the spans of text that gave it (``quote`` is the
    exact span, ``sentence`` the whole sentence), so differing figures stand side by side."""
    out: dict[str, dict[str, list[dict[str, Any]]]] = {a: {} for a in event.get("sources") or []}
    for ev in event.get("evidence") or []:
        text = texts.get(ev["article"], "")
        quote = text[ev["start"] : ev["end"]] if text and ev["end"] <= len(text) else None
        field = ev.get("field") or "mention"
        spans = out.setdefault(ev["article"], {}).setdefault(field, [])
        if any(s["start"] == ev["start"] and s["end"] == ev["end"] for s in spans):
            continue
        spans.append({**ev, "quote": quote})
    return out


# --- graph exports ------------------------------------------------------------------------------------


def event_actor_links(conn: sqlite3.Connection, event_ids: list[int]) -> list[dict[str, Any]]:
    """(event, actor key, role) rows for these events, in a stable order."""
    sql = ("SELECT event_id, actor_key, role FROM event_actors"
           " WHERE event_id IN ({marks}) ORDER BY event_id, role, position")
    return [dict(r) for r in read.rows_in(conn, sql, event_ids)]


def article_meta(conn: sqlite3.Connection, article_ids: list[str]) -> list[dict[str, Any]]:
    sql = "SELECT id, title, url, publisher, published, language FROM articles WHERE id IN ({marks}) ORDER BY seq"
    return [dict(r) for r in read.rows_in(conn, sql, article_ids)]


def graph(conn: sqlite3.Connection, query: EventQuery) -> dict[str, Any]:
    """Everything a graph export needs for the matching events: the events, the actors on
    them or in relations with them, their links, the relations among those, the articles."""
    events = all_events(conn, query)
    ids = [e["id"] for e in events]
    links = event_actor_links(conn, ids)
    keys = {link["actor_key"] for link in links}
    id_set = set(ids)
    relations = []
    for r in read.relations(conn):
        if r["target_kind"] == "event":
            keep = r["target_key"] in id_set
        elif r["target_kind"] == "actor":
            keep = not query.active or (r["source_key"] in keys and r["target_key"] in keys)
        else:
            keep = not query.active or r["source_key"] in keys
        if keep:
            relations.append(r)
    for r in relations:
        keys.add(r["source_key"])
        if r["target_kind"] == "actor" and r["target_key"]:
            keys.add(r["target_key"])
    actors = [a for a in read.actors(conn) if a["key"] in keys]
    article_ids = sorted({a for e in events for a in e["sources"]} | {r["article"] for r in relations})
    return {"events": events, "actors": actors, "links": links, "relations": relations,
            "articles": article_meta(conn, article_ids)}
