"""The neighbour graph of resolution (``resolve.events``, step 1): the records resolution reads,
their canonical order, and which events are neighbours: same block (country, dates within
``DATE_WINDOW_DAYS``) and a pairwise score of at least ``LINK``, or judged the same by an
analyst. ``component`` walks the graph from some events; ``Neighbours`` answers for single
events, loading and scoring on demand (``resolve.replay``)."""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from dataclasses import dataclass, replace
from typing import Any

from ..store import resolution as db
from .actors import ancestors
from .encoder import Encoder
from .features import DATE_WINDOW_DAYS, MAX_SPAN_DAYS, REVIEW, EventRecord, block_key, score
from .names import FIGHTER_WORDS

LINK = REVIEW  # pairwise probability at which two events are neighbours


def identifying(kind: str, name: str) -> bool:
    """Whether an actor says who did it: a named group, force, government or person, not a
    description ("gunmen", "a suicide bomber", "Kurdish militants")."""
    if kind == "descriptor":
        return False
    words = name.split()
    return not (words and words[-1].lower() in FIGHTER_WORDS and words[-1].islower())


def record(row: dict[str, Any]) -> EventRecord:
    """An ``EventRecord`` from a row of ``resolution.event_rows``."""
    return EventRecord(
        id=row["id"], ref=db.event_ref(row["article_id"], row["key"]), article=row["article_id"],
        type=row["type"] or "unknown", date=row["date"], date_end=row["date_end"],
        date_precision=row["date_precision"] or "unknown", country=row["country"], place=row["place"],
        place_precision=row["place_precision"] or "unknown", latitude=row["latitude"],
        longitude=row["longitude"], killed_min=row["killed_min"], killed_max=row["killed_max"],
        injured_min=row["injured_min"], injured_max=row["injured_max"],
        actors=frozenset(k for k, kind, name in row["actors"] if identifying(kind, name)),
        weapons=frozenset(json.loads(row["weapons"] or "[]")),
        summary=row["summary"] or row["title"] or "", aggregate=bool(row["aggregate"]),
        published=row["published"], publisher=row["publisher"], confidence=row["confidence"] or 0.5,
        vector=row.get("vector"),
    )


def _with_vectors(conn: sqlite3.Connection, recs: list[EventRecord], encoder: Encoder | None) -> list[EventRecord]:
    if encoder is None:
        return recs
    todo = [r for r in recs if r.vector is None and r.summary]
    if not todo:
        return recs
    vectors = encoder.encode([r.summary for r in todo])
    done = {}
    for r, v in zip(todo, vectors):
        db.put_vector(conn, r.id, encoder.name, v)
        done[r.id] = v
    return [replace(r, vector=done[r.id]) if r.id in done else r for r in recs]


def order_key(r: EventRecord) -> tuple:
    """The canonical order: publication date (undated last), article id, event key."""
    return (r.published is None, r.published or "", r.article, r.ref)


@dataclass
class Component:
    records: dict[int, EventRecord]
    neighbours: dict[int, set[int]]
    same: dict[int, set[int]]  # analyst judgements, by event id
    different: dict[int, set[int]]


def component(conn: sqlite3.Connection, seeds: list[int], encoder: Encoder | None = None) -> Component:
    """Every event connected to ``seeds`` (see the module docstring, step 1). ``seeds`` may be
    unresolved; the others reached are resolved ones."""
    records: dict[int, EventRecord] = {}
    _load(conn, sorted(set(seeds)), records, encoder)
    seed_ids = sorted(i for i in set(seeds) if i in records)
    near = Neighbours(conn, records, encoder, seed_ids, resolved=True)
    reached, frontier = set(seed_ids), seed_ids
    while frontier:
        found = {e for i in frontier for e in near.of(i)} - reached
        reached |= found
        frontier = sorted(found)
    return Component({i: r for i, r in records.items() if i in reached}, near.neighbours, near.same, near.different)


def _same_block(a: tuple[str, int, int] | None, b: tuple[str, int, int] | None) -> bool:
    if a is None or b is None:
        return False
    country = not a[0] or not b[0] or a[0] == b[0]
    return country and a[1] - DATE_WINDOW_DAYS <= b[2] and b[1] - DATE_WINDOW_DAYS <= a[2]


def _linked(a: EventRecord, b: EventRecord) -> bool:
    first, second = sorted((a, b), key=order_key)
    return score(first, second, ancestors()).probability >= LINK


def _load(conn: sqlite3.Connection, ids: list[int], records: dict[int, EventRecord],
          encoder: Encoder | None) -> list[int]:
    recs = _with_vectors(conn, [record(r) for r in db.event_rows(conn, ids)], encoder)
    for r in recs:
        records[r.id] = r
    return [r.id for r in recs]


class Neighbours:
    """Neighbours (step 1) of single events, loaded on demand and cached, with the incidents
    of resolved events and their members."""

    def __init__(self, conn: sqlite3.Connection, records: dict[int, EventRecord], encoder: Encoder | None,
                 seeds: list[int], resolved: bool = False):
        self.conn, self.records, self.encoder = conn, records, encoder
        self.seed_blocks = {i: block_key(records[i]) for i in seeds if i in records}
        self.neighbours: dict[int, set[int]] = defaultdict(set)
        self.same: dict[int, set[int]] = defaultdict(set)
        self.different: dict[int, set[int]] = defaultdict(set)
        self.incident: dict[int, int | None] = {}
        self._done: set[int] = set()
        self._members: dict[int, list[int]] = {}
        self._scored: dict[tuple[int, int], bool] = {}
        self._anchors: dict[int, str] = {}
        self._by_anchor: dict[str, int] = {}
        self._articles: dict[str, list[int]] = {}
        if not resolved:  # new events: in no incident yet
            for i in seeds:
                self.incident[i] = None

    def _ensure(self, ids: list[int]) -> None:
        missing = sorted({i for i in ids if i not in self.records})
        if missing:
            _load(self.conn, missing, self.records, self.encoder)
        unknown = sorted({i for i in ids if i not in self.incident})
        for r in db.rows_in(self.conn, "SELECT event_id, incident_id FROM incident_events"
                            " WHERE event_id IN ({marks})", unknown):
            self.incident[r[0]] = r[1]
        for i in unknown:
            self.incident.setdefault(i, None)

    def component(self) -> Component:
        return Component(self.records, self.neighbours, self.same, self.different)

    def anchor(self, i: int) -> str | None:
        """The anchor of the incident event ``i`` is stored in (None: not resolved yet)."""
        self._ensure([i])
        inc = self.incident.get(i)
        if inc is None:
            return None
        if inc not in self._anchors:
            row = self.conn.execute("SELECT anchor FROM incidents WHERE id = ?", (inc,)).fetchone()
            self._anchors[inc] = (row[0] if row and row[0] else f"incident:{inc}")  # a legacy incident
            self._by_anchor[self._anchors[inc]] = inc
        return self._anchors[inc]

    def members_of(self, anchor: str) -> list[int]:
        """The stored members of the incident anchored at ``anchor`` (none for a new one)."""
        inc = self._by_anchor.get(anchor)
        if inc is None:
            row = self.conn.execute("SELECT id FROM incidents WHERE anchor = ?", (anchor,)).fetchone()
            inc = row[0] if row else None
            if inc is None:
                return []
            self._by_anchor[anchor] = inc
            self._anchors[inc] = anchor
        return self.members(inc)

    def article_events(self, article: str) -> list[int]:
        if article not in self._articles:
            ids = [r[0] for r in self.conn.execute("SELECT id FROM events WHERE article_id = ? ORDER BY id", (article,))]
            self._ensure(ids)
            self._articles[article] = [i for i in ids if i in self.records]
        return self._articles[article]

    def members(self, incident_id: int) -> list[int]:
        if incident_id not in self._members:
            self._members[incident_id] = db.members(self.conn, incident_id)
            self._ensure(self._members[incident_id])
        return self._members[incident_id]

    def of(self, i: int, after: tuple | None = None) -> list[int]:
        """Neighbours of event ``i`` (those later than ``after`` in the canonical order, when given)."""
        if i not in self._done:
            self._done.add(i)
            self._ensure([i])
            r = self.records[i]
            b = block_key(r)
            found: set[int] = set()
            if b:
                found = {e for e, _ in db.block_candidates(self.conn, b[0], b[1], b[2], DATE_WINDOW_DAYS,
                                                           MAX_SPAN_DAYS)}
                found |= {s for s, sb in self.seed_blocks.items() if _same_block(b, sb)}
            found.discard(i)
            judged = db.judgements(self.conn, [r.ref]).get(r.ref, {})
            for ref, e in db.event_by_ref(self.conn, judged).items():
                if e != i:
                    (self.same if judged[ref] == "same" else self.different)[i].add(e)
                    (self.same if judged[ref] == "same" else self.different)[e].add(i)
            self._ensure(sorted(found | self.same[i]))
            for e in sorted(found | self.same[i]):
                o = self.records.get(e)
                if o is None or o.article == r.article:
                    continue
                pair = (min(i, e), max(i, e))
                if pair not in self._scored:
                    self._scored[pair] = e in self.same[i] or _linked(r, o)
                if self._scored[pair]:
                    self.neighbours[i].add(e)
                    self.neighbours[e].add(i)
        out = sorted(self.neighbours[i])
        if after is not None:
            out = [e for e in out if order_key(self.records[e]) > after]
        return out

    def later(self, i: int, start: tuple) -> list[int]:
        """Neighbours of ``i`` later than ``start`` in the canonical order, scoring only the
        block candidates that are later (in a stream that comes in order: none)."""
        if i in self._done:
            return self.of(i, after=start)
        self._ensure([i])
        b = block_key(self.records[i])
        if not b:
            return []
        rows = db.later_block_candidates(self.conn, b[0], b[1], b[2], DATE_WINDOW_DAYS, MAX_SPAN_DAYS,
                                         None if start[0] else start[1])
        keys = {r[0]: (r[1] is None, r[1] or "", r[2], db.event_ref(r[2], r[3])) for r in rows}
        keys.update({s: order_key(self.records[s]) for s, sb in self.seed_blocks.items() if _same_block(b, sb)})
        late = sorted(e for e in keys if e != i and keys[e] > start)
        if not late:
            return []
        self._ensure(late)
        r = self.records[i]
        out = []
        for e in late:
            o = self.records.get(e)
            if o is None or o.article == r.article:
                continue
            pair = (min(i, e), max(i, e))
            if pair not in self._scored:
                self._scored[pair] = _linked(r, o)
            if self._scored[pair]:
                self.neighbours[i].add(e)
                self.neighbours[e].add(i)
                out.append(e)
        return out
