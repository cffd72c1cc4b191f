"""Default Admiralty ratings for stored claims (see ``admiralty``), refreshed when the
incident a claim is about gains a source. A rating set by an analyst (method ``manual``) is
never overwritten; ratings are keyed by ``article_id#start-end`` so they survive re-ingest."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from ..store import resolution as db
from .admiralty import rate, same_claim


def _named(key: str | None, kind: str | None, name: str | None) -> bool:
    """Whether the text names the speaker (a person, a country's government, a force by its
    proper name such as "Nigerian Army") rather than describing one ("Turkish prosecutors")."""
    if not key:
        return False
    if kind == "person" or key.startswith("government-"):
        return True
    last = (name or "").split()[-1:] or [""]
    return kind in ("state_force", "armed_group") and last[0][:1].isupper()


def _claims(conn: sqlite3.Connection, where: str, params: Iterable[Any]) -> list[dict[str, Any]]:
    return [dict(r) for r in conn.execute(
        "SELECT c.id, c.article_id, c.speaker, c.text, c.start, c.\"end\", c.event_id,"
        " coalesce(l.canonical_key, c.speaker_key) AS speaker_canon, a.kind, a.role, a.name"
        " FROM claims c LEFT JOIN actors a ON a.key = c.speaker_key"
        f" LEFT JOIN actor_links l ON l.actor_key = c.speaker_key WHERE {where}", list(params))]


def _main_event(conn: sqlite3.Connection, article_id: str) -> int | None:
    """The event a claim without an event of its own is taken to be about: the article's
    most confident specific (non-aggregate) event."""
    row = conn.execute("SELECT id FROM events WHERE article_id = ? AND aggregate = 0"
                       " ORDER BY coalesce(confidence, 0) DESC, id LIMIT 1", (article_id,)).fetchone()
    return row[0] if row else None


def rate_claims(conn: sqlite3.Connection, article_ids: Iterable[str]) -> int:
    """Set default ratings for the claims of ``article_ids`` and of every article that shares
    an incident with them. Returns how many ratings were written."""
    articles = set(article_ids)
    if not articles:
        return 0
    marks = ",".join("?" * len(articles))
    incident_rows = conn.execute(
        "SELECT DISTINCT ie.incident_id FROM incident_events ie JOIN events e ON e.id = ie.event_id"
        f" WHERE e.article_id IN ({marks})", sorted(articles)).fetchall()
    incidents = [r[0] for r in incident_rows]
    # every article reporting those incidents, with its publisher
    by_incident: dict[int, dict[str, str]] = defaultdict(dict)
    event_incident: dict[int, int] = {}
    for i in range(0, len(incidents), 500):
        chunk = incidents[i:i + 500]
        for r in conn.execute(
            "SELECT ie.incident_id, e.id, e.article_id, coalesce(a.publisher, a.id) FROM incident_events ie"
            " JOIN events e ON e.id = ie.event_id JOIN articles a ON a.id = e.article_id"
            f" WHERE ie.incident_id IN ({','.join('?' * len(chunk))})", chunk):
            by_incident[r[0]][r[2]] = r[3]
            event_incident[r[1]] = r[0]
    involved = articles | {a for arts in by_incident.values() for a in arts}
    marks = ",".join("?" * len(involved))
    claims = _claims(conn, f"c.article_id IN ({marks})", sorted(involved))
    single = {a: _main_event(conn, a) for a in involved}
    for c in claims:
        eid = c["event_id"] or single.get(c["article_id"])
        c["incident"] = event_incident.get(eid) if eid else None
        if c["incident"] is None and eid is not None:
            c["incident"] = db.incident_of(conn, eid)
    by_inc: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for c in claims:
        if c["incident"] is not None:
            by_inc[c["incident"]].append(c)
    written = 0
    for c in claims:
        ref = db.claim_ref(c["article_id"], c["start"], c["end"])
        current = db.rating(conn, ref)
        if current and current["method"] == "manual":
            continue
        inc = c["incident"]
        sources = len(set(by_incident.get(inc, {}).values())) if inc is not None else 0
        corroborated = inc is not None and any(
            o["article_id"] != c["article_id"]
            and by_incident[inc].get(o["article_id"]) != by_incident[inc].get(c["article_id"])
            and same_claim(c["text"], c["speaker_canon"], o["text"], o["speaker_canon"])
            for o in by_inc[inc])
        r = rate(c["speaker"], c["kind"], c["role"], _named(c["speaker_canon"], c["kind"], c["name"]),
                 inc is not None, max(sources, 1), corroborated)
        if current and (current["reliability"], current["credibility"], current["basis"]) == (
                r.reliability, r.credibility, r.basis):
            continue
        db.put_rating(conn, ref, r.reliability, r.credibility, r.basis, "default", None)
        written += 1
    return written
