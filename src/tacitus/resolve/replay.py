"""The fast path of resolution for a new article (``resolve.events``): decide again only
what it changes."""

from __future__ import annotations

import heapq
import sqlite3

from .encoder import Encoder
from .events import WHO, Decision, _store, decide_group
from .features import EventRecord
from .graph import Neighbours, _load, order_key


def replay(conn: sqlite3.Connection, new: list[int], encoder: Encoder | None = None,
           who: str = WHO) -> list[Decision]:
    """Resolve the new events ``new`` (one article's) with what ``recluster`` would give,
    deciding again only what they change. Decisions of events earlier in the canonical
    order do not depend on later ones; a later event can decide otherwise only when one of
    its candidate incidents changed (an incident is *dirty* once its members differ from
    what is stored). So the article is decided, then, in the canonical order, every later
    article with an event next to a member of a dirty incident; an event that changes
    incident makes both dirty. News comes mostly in publication order: then nothing is
    later, and only the new events are decided.
    """
    records: dict[int, EventRecord] = {}
    _load(conn, sorted(new), records, encoder)
    if not records:
        return []
    near = Neighbours(conn, records, encoder, new)
    redecided: dict[int, str] = {}  # event id -> its incident (anchor) now
    dirty: set[str] = set()
    heap: list[tuple[tuple, str]] = []
    queued: set[str] = set()

    def enqueue(article: str) -> None:
        if article not in queued:
            queued.add(article)
            first = min((near.records[e] for e in near.article_events(article)), key=order_key)
            heapq.heappush(heap, (order_key(first)[:3], article))

    def now(e: int) -> str | None:
        return redecided[e] if e in redecided else near.anchor(e)

    def members_as_of(anchor: str, p: tuple) -> list[EventRecord]:
        stored = [m for m in near.members_of(anchor) if m not in redecided]
        moved = [e for e, a in redecided.items() if a == anchor]
        return sorted((near.records[m] for m in stored + moved if order_key(near.records[m]) < p), key=order_key)

    def spread(anchor: str, p: tuple) -> None:
        for m in set(near.members_of(anchor)) | {e for e, a in redecided.items() if a == anchor}:
            for e in near.later(m, p):
                enqueue(near.records[e].article)

    enqueue(records[min(records, key=lambda i: order_key(records[i]))].article)
    decisions: list[Decision] = []
    while heap:
        _, article = heapq.heappop(heap)
        group = sorted((near.records[e] for e in near.article_events(article)), key=order_key)
        p = order_key(group[0])
        incident_of: dict[int, str] = {}
        members: dict[str, list[EventRecord]] = {}
        for r in group:
            for n in set(near.of(r.id)) | near.same[r.id]:
                if n in near.records and order_key(near.records[n]) < p and (a := now(n)) is not None:
                    incident_of[n] = a
                    if a not in members:
                        members[a] = members_as_of(a, p)
        for d in decide_group(near.component(), group, incident_of, members):
            old = near.anchor(d.event_id)
            redecided[d.event_id] = d.anchor
            if d.anchor != old:  # the event changed incident: both now differ from what is stored
                for a in (d.anchor, old):
                    if a is not None and a not in dirty:
                        dirty.add(a)
                        spread(a, p)
            if d.anchor in dirty:
                for e in near.later(d.event_id, p):
                    enqueue(near.records[e].article)
            decisions.append(d)
    return _store(conn, near.component(), decisions, who)


