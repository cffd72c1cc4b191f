"""Reading incidents: each is its member events (as stored, one per article) plus a summary
derived from them (``summary.summarise``). Used by ``Store.incidents`` and ``Store.incident``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from ..store import resolution as db
from ..store.read import event_filters
from .summary import summarise

INCIDENT_KEYS: tuple[str, ...] = (
    "id", "type", "date", "date_end", "date_precision", "country", "place", "place_precision",
    "latitude", "longitude", "killed_min", "killed_max", "injured_min", "injured_max",
    "perpetrators", "claimed_by", "suspects", "targets", "victims", "weapons", "aggregate",
    "summary", "sources", "evidence", "confidence",
    # beyond the event keys:
    "events", "killed", "injured", "reports",
)  # fmt: skip


def _build(incident_id: int, events: list[dict[str, Any]], corrected: dict[str, dict[str, Any]]) -> dict[str, Any]:
    by_id = {e["id"]: corrected.get(e["ref"], {}) for e in events}
    d = summarise(events, by_id)
    d["id"] = incident_id
    d["events"] = [e["id"] for e in events]
    d["sources"] = list(dict.fromkeys(e["article"] for e in events))
    d["evidence"] = [x for e in events for x in e["evidence"]]
    d["reports"] = [
        {k: e.get(k) for k in ("id", "article", "publisher", "published", "type", "date", "place",
                               "killed_min", "killed_max", "injured_min", "injured_max", "method",
                               "match_score")}
        for e in events
    ]
    return {k: d[k] for k in INCIDENT_KEYS}


def incidents(
    conn: sqlite3.Connection, where: str = "", params: Sequence[Any] = (), limit: int | None = None
) -> list[dict[str, Any]]:
    ids = db.incident_ids(conn, where, params)
    if limit is not None:
        ids = ids[: int(limit)]
    members = db.incident_events(conn, ids)
    refs = [e["ref"] for evs in members.values() for e in evs]
    corrected = db.corrections(conn, refs)
    return [_build(i, members[i], corrected) for i in ids if members.get(i)]


def incident(conn: sqlite3.Connection, incident_id: int) -> dict[str, Any] | None:
    where, params = " WHERE ie.incident_id = ?", [incident_id]
    found = incidents(conn, where, params)
    return found[0] if found else None


def filters(**kwargs: Any) -> tuple[str, list[Any]]:
    return event_filters(**kwargs)
