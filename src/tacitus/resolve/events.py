"""Cross-article event resolution, incremental: the events of one new article join the
incidents already stored, or start their own.

For each event of the article not yet resolved:

1. **Block.** Only events of the same country whose dates come within
   ``DATE_WINDOW_DAYS`` are compared (an index range on ``incident_events``), which keeps the
   work per article flat as the database grows. Aggregates ("attacks in four countries"),
   events without a country and events dated only to a year are not blocked: each stays an
   incident of its own.
2. **Score** the event against each candidate incident (``features.score_incident``: the
   incident's most precise facts and latest tolls, its best-matching member's words).
3. **Veto** incidents that already hold an event of this article (an article's events are
   distinct by construction) or an event an analyst judged different from this one.
4. **Assign** greedily, best pair first, each incident taking at most one event of the
   article: at ``AUTO_MERGE`` or above the event joins, provided no other incident comes
   within ``AMBIGUITY_GAP`` of it (two plausible incidents: the analyst decides); an
   analyst's "same" judgement joins whatever the score; otherwise the event starts a new
   incident.
5. **Propose** every other incident scoring at ``REVIEW`` or above as a merge candidate,
   unless the pair was already judged.

Incidents are never merged transitively by the machine (no chaining: GDELT's failure is
counting one event many times, ours would be fusing many into one); an event that matches
two incidents joins the better and the other pair goes to review.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Any

from ..store import resolution as db
from .actors import ancestors
from .encoder import Encoder
from .names import FIGHTER_WORDS
from .features import (
    AMBIGUITY_GAP,
    AUTO_MERGE,
    DATE_WINDOW_DAYS,
    MAX_SPAN_DAYS,
    REVIEW,
    EventRecord,
    PairScore,
    block_key,
    score_incident,
)

WHO = "tacitus"


@dataclass
class Decision:
    event_id: int
    incident_id: int
    method: str  # new | auto | confirmed
    score: float | None = None
    matched: int | None = None  # the member event it matched best
    proposed: list[tuple[int, float]] = field(default_factory=list)  # (event id, score) for review


def identifying(kind: str, name: str) -> bool:
    """Whether an actor says who did it: a named group, force, government or person, not a
    description ("gunmen", "a suicide bomber", "Kurdish militants")."""
    if kind == "descriptor":
        return False
    words = name.split()
    return not (words and words[-1].lower() in FIGHTER_WORDS and words[-1].islower())


def record(row: dict[str, Any]) -> EventRecord:
    """An ``EventRecord`` from a row of ``resolution.event_rows``."""
    import json

    return EventRecord(
        id=row["id"], ref=db.event_ref(row["article_id"], row["key"]), article=row["article_id"],
        type=row["type"] or "unknown", date=row["date"], date_end=row["date_end"],
        date_precision=row["date_precision"] or "unknown", country=row["country"], place=row["place"],
        place_precision=row["place_precision"] or "unknown", latitude=row["latitude"],
        longitude=row["longitude"], killed_min=row["killed_min"], killed_max=row["killed_max"],
        injured_min=row["injured_min"], injured_max=row["injured_max"],
        actors=frozenset(k for k, kind, name in row["actors"] if identifying(kind, name)), weapons=frozenset(json.loads(row["weapons"] or "[]")),
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


def _incident_members(conn: sqlite3.Connection, incident_ids: set[int]) -> dict[int, list[tuple[int, str, str]]]:
    """incident -> [(event id, article id, ref)]."""
    out: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
    ids = sorted(incident_ids)
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        for r in conn.execute(
            "SELECT ie.incident_id, e.id, e.article_id, e.key FROM incident_events ie"
            f" JOIN events e ON e.id = ie.event_id WHERE ie.incident_id IN ({','.join('?' * len(chunk))})",
            chunk):
            out[r[0]].append((r[1], r[2], db.event_ref(r[2], r[3])))
    return out


def _score_incidents(
    r: EventRecord, incidents: list[int], membership: dict[int, list[tuple[int, str, str]]],
    others: dict[int, EventRecord], judged: dict[str, dict[str, str]],
) -> dict[int, tuple[float, int, PairScore]]:
    """incident -> (probability, best-matching member, score) for the incidents ``r`` may
    join: not those holding an event of its own article or one judged different from it."""
    different = {ref for ref, v in judged.get(r.ref, {}).items() if v == "different"}
    out: dict[int, tuple[float, int, PairScore]] = {}
    for inc in dict.fromkeys(incidents):
        mem = membership.get(inc, [])
        if not mem or any(a == r.article for _, a, _ in mem) or any(ref in different for _, _, ref in mem):
            continue
        s, best = score_incident(r, [others[e] for e, _, _ in mem], ancestors())
        out[inc] = (s.probability, best.id, s)
    return out


def resolve_events(
    conn: sqlite3.Connection, article_id: str, encoder: Encoder | None = None, who: str = WHO
) -> list[Decision]:
    """Resolve the not yet resolved events of ``article_id`` (see the module docstring)."""
    ids = db.unresolved_events(conn, article_id)
    if not ids:
        return []
    recs = _with_vectors(conn, [record(r) for r in db.event_rows(conn, ids)], encoder)
    blocks = {r.id: block_key(r) for r in recs}
    # 1. block
    found: dict[int, list[tuple[int, int]]] = {}
    for r in recs:
        b = blocks[r.id]
        found[r.id] = db.block_candidates(conn, b[0], b[1], b[2], DATE_WINDOW_DAYS, MAX_SPAN_DAYS) if b else []
    other_ids = sorted({e for pairs in found.values() for e, _ in pairs})
    others = {o.id: o for o in _with_vectors(conn, [record(x) for x in db.event_rows(conn, other_ids)], encoder)}
    judged = db.judgements(conn, [r.ref for r in recs])
    forced: dict[int, set[int]] = defaultdict(set)  # event id -> incidents it must join
    for r in recs:
        same = [ref for ref, v in judged.get(r.ref, {}).items() if v == "same"]
        for eid in db.event_by_ref(conn, same).values():
            inc = db.incident_of(conn, eid)
            if inc is not None:
                forced[r.id].add(inc)
    incidents = {inc for pairs in found.values() for _, inc in pairs} | {i for s in forced.values() for i in s}
    membership = _incident_members(conn, incidents)
    missing = sorted({e for mem in membership.values() for e, _, _ in mem} - set(others))
    others.update({o.id: o for o in _with_vectors(conn, [record(x) for x in db.event_rows(conn, missing)], encoder)})
    # 2-3. score against each candidate incident, with vetoes
    triples: list[tuple[float, int, int, int | None, PairScore | None, str]] = []
    best_by: dict[int, dict[int, tuple[float, int, PairScore]]] = {}
    for r in recs:
        best_by[r.id] = _score_incidents(r, [inc for _, inc in found[r.id]], membership, others, judged)
        ranked = sorted(((v[2].log_odds, inc) for inc, v in best_by[r.id].items()), reverse=True)
        clear = len(ranked) < 2 or best_by[r.id][ranked[1][1]][0] < AUTO_MERGE or (
            ranked[0][0] - ranked[1][0] >= AMBIGUITY_GAP)
        if ranked and clear and best_by[r.id][ranked[0][1]][0] >= AUTO_MERGE and ranked[0][1] not in forced[r.id]:
            p, eid, s = best_by[r.id][ranked[0][1]]
            triples.append((p, r.id, ranked[0][1], eid, s, "auto"))
        for inc in forced[r.id]:
            triples.append((2.0, r.id, inc, None, None, "confirmed"))  # before any score
    # 4. assign
    triples.sort(key=lambda t: (-t[0], t[1], t[2]))
    taken: dict[int, Decision] = {}
    used: set[int] = set()
    for p, eid, inc, matched, _, method in triples:
        if eid in taken or inc in used:
            continue
        taken[eid] = Decision(eid, inc, method, None if method == "confirmed" else round(p, 4), matched)
        used.add(inc)
    decisions = []
    for r in recs:
        d = taken.get(r.id) or Decision(r.id, db.new_incident(conn), "new")
        db.join_incident(conn, r.id, d.incident_id, d.method, d.score, blocks[r.id])
        note = None
        if d.method == "auto":
            s = best_by[r.id][d.incident_id][2]
            note = f"score {d.score:.3f} with event {d.matched}: " + ", ".join(
                f"{k} {v:+.2f}" for k, v in s.features.items())
        db.log(conn, who, {"new": "new_incident", "auto": "auto_merge", "confirmed": "confirmed_merge"}[d.method],
               event_id=r.id, event_ref=r.ref, incident_id=d.incident_id, new=d.incident_id, note=note)
        # 5. propose the rest
        for inc, (p, other_id, s) in best_by[r.id].items():
            if inc == d.incident_id or p < REVIEW:
                continue
            other_ref = others[other_id].ref
            if other_ref in judged.get(r.ref, {}):
                continue
            db.put_candidate(conn, r.id, other_id, round(p, 4), s.features)
            d.proposed.append((other_id, round(p, 4)))
        decisions.append(d)
    return decisions
