"""Cross-article event resolution that does not depend on the order articles arrive in, nor
on how many processes write at once.

Two events of different articles are *neighbours* when they fall in one block (same
country, dates within ``DATE_WINDOW_DAYS``) and their pairwise score reaches ``LINK``, or
when an analyst judged them the same. The neighbours form a graph; the incidents of one
connected part of it (a *component*) are a function of that component alone:

1. **Component.** From the events to resolve, walk the graph (``component``): each event's
   block candidates among resolved events (an index range on ``incident_events``), scored
   pairwise, edges kept at ``LINK`` or above.
2. **Order.** Articles of the component in a canonical order: publication date (undated
   last), then article id (a hash of the content); events by key.
3. **Assign**, article by article in that order, as a news desk would had the reports come
   in that order: each event is scored against the incidents built so far that hold one of
   its neighbours (``features.score_incident``: the incident's most precise facts, its
   best-matching member's words); vetoed are incidents holding an event of its own article
   or one judged different from it; best pair first, each incident taking at most one event
   of the article; at ``AUTO_MERGE`` or above it joins, unless another incident comes within
   ``AMBIGUITY_GAP`` (two plausible incidents: the analyst decides); a "same" judgement joins
   whatever the score; otherwise the event starts an incident.
4. **Propose** every other incident scoring at ``REVIEW`` or above as a merge candidate,
   unless the pair was judged.
5. **Name** each incident after its earliest member in that order (its *anchor*): the id is
   derived from the anchor's stable reference (``article_id#key``), so a re-run, a reset or
   another order gives the same ids.
6. **Write** only what changed, and log it.

Adding an article can only join components; recomputing the one it lands in from scratch
keeps every component's incidents what a clean run in any order gives. The caller holds the
write lock (``Store.atomic``: ``BEGIN IMMEDIATE``), so the component is read whole, with
everything other writers committed. Incidents are never merged transitively by the machine
beyond this (no chaining: GDELT's failure is counting one event many times, ours would be
fusing many into one).
"""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass, field

from ..store import resolution as db
from ..store.schema import utcnow
from .actors import ancestors
from .encoder import Encoder
from .features import AMBIGUITY_GAP, AUTO_MERGE, REVIEW, EventRecord, PairScore, block_key, score, score_incident
from .graph import LINK, Component, component, identifying, order_key, record  # noqa: F401 - re-exported

WHO = "tacitus"
# Incident ids: 48 bits of the anchor's hash (collisions among a million incidents: ~2e-3 %;
# one is resolved by rehashing), small enough for a JavaScript number.
ID_BITS = 48


@dataclass
class Decision:
    event_id: int
    incident_id: int
    method: str  # new | auto | confirmed
    score: float | None = None
    matched: int | None = None  # the member event it matched best
    proposed: list[tuple[int, float]] = field(default_factory=list)  # (event id, score) for review
    features: dict[str, float] = field(default_factory=dict)
    anchor: str = ""  # ref of the incident's earliest member in the canonical order


# --- 2-4. assignment in the canonical order ---------------------------------------------------------


def assign(comp: Component, todo: list[EventRecord] | None = None,
           incident_of: dict[int, str] | None = None,
           members: dict[str, list[EventRecord]] | None = None) -> list[Decision]:
    """Decisions (steps 2-4) for ``todo`` (default: every event of the component), taken in
    the canonical order after the incidents ``members`` already hold (default: none; events
    earlier in the order than all of ``todo``, whose decisions ``todo`` cannot change).
    ``Decision.incident_id`` is 0 here; the incident is named by ``Decision.anchor``."""
    recs = sorted(todo if todo is not None else comp.records.values(), key=order_key)
    incident_of = dict(incident_of or {})  # event id -> incident, named by its anchor's ref
    members = {k: list(v) for k, v in (members or {}).items()}
    decisions: list[Decision] = []
    for _, group in _by_article(recs):
        decisions += decide_group(comp, list(group), incident_of, members)
    return decisions


def decide_group(comp: Component, group: list[EventRecord], incident_of: dict[int, str],
                 members: dict[str, list[EventRecord]]) -> list[Decision]:
    """Steps 3-4 for the events of one article against the incidents ``members`` holds
    (``incident_of``: the incident of each earlier event); both are updated with the result."""
    triples: list[tuple[float, str, str, int | None, PairScore | None, str]] = []
    best_by: dict[int, dict[str, tuple[float, int, PairScore]]] = {}
    for r in group:
        forced = {incident_of[n] for n in comp.same[r.id] if n in incident_of}
        different = comp.different[r.id]
        options: dict[str, tuple[float, int, PairScore]] = {}
        for inc in sorted({incident_of[n] for n in comp.neighbours[r.id] if n in incident_of}):
            mem = members[inc]
            if any(m.article == r.article or m.id in different for m in mem):
                continue
            s, best = score_incident(r, mem, ancestors())
            options[inc] = (s.probability, best.id, s)
        best_by[r.id] = options
        ranked = sorted(((v[2].log_odds, inc) for inc, v in options.items()), key=lambda t: (-t[0], t[1]))
        clear = len(ranked) < 2 or options[ranked[1][1]][0] < AUTO_MERGE or (
            ranked[0][0] - ranked[1][0] >= AMBIGUITY_GAP)
        if ranked and clear and options[ranked[0][1]][0] >= AUTO_MERGE and ranked[0][1] not in forced:
            p, eid, s = options[ranked[0][1]]
            triples.append((p, r.ref, ranked[0][1], eid, s, "auto"))
        for inc in sorted(forced):
            triples.append((2.0, r.ref, inc, None, None, "confirmed"))  # before any score
    triples.sort(key=lambda t: (-t[0], t[1], t[2]))
    taken: dict[str, tuple[str, str, float, int | None, PairScore | None]] = {}
    used: set[str] = set()
    for p, ref, inc, matched, s, method in triples:
        if ref in taken or inc in used:
            continue
        taken[ref] = (inc, method, p, matched, s)
        used.add(inc)
    decisions: list[Decision] = []
    for r in group:
        if r.ref in taken:
            inc, method, p, matched, s = taken[r.ref]
            d = Decision(r.id, 0, method, None if method == "confirmed" else round(p, 4), matched,
                         features=dict(s.features) if s else {})
        else:
            inc = r.ref
            members[inc] = []
            d = Decision(r.id, 0, "new")
        members[inc].append(r)
        incident_of[r.id] = inc
        d.anchor = inc
        for other_inc, (p, other_id, s) in sorted(best_by[r.id].items()):
            if other_inc == inc or p < REVIEW:
                continue
            if other_id in comp.same[r.id] or other_id in comp.different[r.id]:
                continue
            d.proposed.append((other_id, round(p, 4)))
        decisions.append(d)
    return decisions


def _by_article(recs: list[EventRecord]):
    from itertools import groupby

    return groupby(recs, key=lambda r: r.article)


# --- 5. stable incident ids ---------------------------------------------------------------------


def incident_id(conn: sqlite3.Connection, anchor: str) -> int:
    """The id of the incident anchored at event ref ``anchor``: the one stored, else derived
    from the ref's hash (rehashed on the rare collision with another anchor)."""
    row = conn.execute("SELECT id FROM incidents WHERE anchor = ?", (anchor,)).fetchone()
    if row:
        return row[0]
    n = 0
    while True:
        digest = hashlib.sha256(f"{anchor}#{n}".encode("utf-8", "surrogatepass") if n else
                                anchor.encode("utf-8", "surrogatepass")).hexdigest()
        candidate = int(digest, 16) % (2**ID_BITS - 1) + 1
        taken = conn.execute("SELECT anchor FROM incidents WHERE id = ?", (candidate,)).fetchone()
        if taken is None:
            conn.execute("INSERT INTO incidents (id, created_at, anchor) VALUES (?, ?, ?)",
                         (candidate, utcnow(), anchor))
            return candidate
        if taken[0] == anchor:
            return candidate
        n += 1


# --- 6. write what changed ---------------------------------------------------------------------


ACTIONS = {"new": "new_incident", "auto": "auto_merge", "confirmed": "confirmed_merge"}


def recluster(conn: sqlite3.Connection, seeds: list[int], encoder: Encoder | None = None,
              who: str = WHO) -> list[Decision]:
    """Resolve the components of ``seeds`` from scratch and store the result (steps 1-6).
    Returns the decisions for every event of those components."""
    comp = component(conn, seeds, encoder)
    if not comp.records:
        return []
    return _store(conn, comp, assign(comp), who)


def _store(conn: sqlite3.Connection, comp: Component, decisions: list[Decision], who: str) -> list[Decision]:
    """Step 6 for ``decisions``: write what changed, name incidents, drop emptied ones, and
    replace the merge candidates the decided events proposed."""
    ids = [d.event_id for d in decisions]
    current = {r[0]: (r[1], r[2], r[3]) for r in db.rows_in(
        conn, "SELECT event_id, incident_id, method, score FROM incident_events WHERE event_id IN ({marks})", ids)}
    anchors = {d.anchor for d in decisions}
    named = {a: incident_id(conn, a) for a in sorted(anchors)}
    old_incidents = {v[0] for v in current.values()}
    for d in decisions:
        d.incident_id = named[d.anchor]
        want = (d.incident_id, d.method, d.score)
        before = current.get(d.event_id)
        if before == want:
            continue
        r = comp.records[d.event_id]
        country, lo, hi = block_key(r) or (None, None, None)
        conn.execute(
            "INSERT INTO incident_events (event_id, incident_id, method, score, country, day_lo, day_hi, at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO UPDATE SET"
            " incident_id = excluded.incident_id, method = excluded.method, score = excluded.score,"
            " country = excluded.country, day_lo = excluded.day_lo, day_hi = excluded.day_hi",
            (d.event_id, d.incident_id, d.method, d.score, country, lo, hi, utcnow()))
        if before is None:
            note = None
            if d.method == "auto":
                note = f"score {d.score:.3f} with event {d.matched}: " + ", ".join(
                    f"{k} {v:+.2f}" for k, v in d.features.items() if not k.startswith("_"))
            db.log(conn, who, ACTIONS[d.method], event_id=r.id, event_ref=r.ref, incident_id=d.incident_id,
                   new=d.incident_id, note=note)
        elif before[0] != d.incident_id:
            db.log(conn, who, "re_resolved", event_id=r.id, event_ref=r.ref, incident_id=d.incident_id,
                   field="incident", old=before[0], new=d.incident_id,
                   note=f"{ACTIONS[d.method]}: the incidents of its component were decided again")
    gone = sorted(old_incidents - set(named.values()))
    for chunk in range(0, len(gone), 500):
        part = gone[chunk:chunk + 500]
        marks = ",".join("?" * len(part))
        conn.execute(f"DELETE FROM incidents WHERE id IN ({marks}) AND NOT EXISTS"
                     f" (SELECT 1 FROM incident_events ie WHERE ie.incident_id = incidents.id)", part)
    _write_candidates(conn, comp, decisions)
    return decisions


def _write_candidates(conn: sqlite3.Connection, comp: Component, decisions: list[Decision]) -> None:
    """The merge candidates the decided events propose (step 4), in place of those they
    proposed before: a pair belongs to its later event in the canonical order."""
    wanted: dict[tuple[int, int], tuple[float, dict[str, float]]] = {}
    for d in decisions:
        r = comp.records[d.event_id]
        for other, p in d.proposed:
            pair = (min(d.event_id, other), max(d.event_id, other))
            feats = score(*sorted((r, comp.records[other]), key=order_key), ancestors()).features
            wanted[pair] = (p, feats)
    decided = {d.event_id for d in decisions}
    sql = ("SELECT c.left_event, c.right_event, l.article_id || '#' || l.key, r.article_id || '#' || r.key,"
           " al.published, ar.published FROM merge_candidates c"
           " JOIN events l ON l.id = c.left_event JOIN events r ON r.id = c.right_event"
           " JOIN articles al ON al.id = l.article_id JOIN articles ar ON ar.id = r.article_id"
           " WHERE c.{side} IN ({{marks}})")
    rows = {tuple(r) for side in ("left_event", "right_event")
            for r in db.rows_in(conn, sql.format(side=side), sorted(decided))}
    existing = set()
    for left, right, lref, rref, lpub, rpub in rows:
        later = max(((lpub is None, lpub or "", lref.rpartition("#")[0], lref), left),
                    ((rpub is None, rpub or "", rref.rpartition("#")[0], rref), right))[1]
        if later in decided:
            existing.add((left, right))
    for left, right in sorted(existing - set(wanted)):
        conn.execute("DELETE FROM merge_candidates WHERE left_event = ? AND right_event = ?", (left, right))
    for (left, right), (p, feats) in sorted(wanted.items()):
        db.put_candidate(conn, left, right, p, feats)


def dirty_events(conn: sqlite3.Connection) -> list[int]:
    """Events whose component lost a member (an article deleted or re-extracted), to be
    decided again; the list is emptied."""
    ids = [r[0] for r in conn.execute("SELECT event_id FROM resolve_dirty ORDER BY event_id")]
    conn.execute("DELETE FROM resolve_dirty")
    return ids


def resolve_events(
    conn: sqlite3.Connection, article_id: str, encoder: Encoder | None = None, who: str = WHO,
    seeds: list[int] | tuple[int, ...] = (),
) -> list[Decision]:
    """Resolve the not yet resolved events of ``article_id`` (and ``seeds``, and the events
    left dirty by a deletion) by deciding their components again; returns the decisions for
    the article's events."""
    ids = db.unresolved_events(conn, article_id)
    extra = [*seeds, *dirty_events(conn)]
    if not ids and not extra:
        return []
    mine = set(ids)
    if extra:  # a deletion or a review action: decide the whole components again
        return [d for d in recluster(conn, [*ids, *extra], encoder, who) if d.event_id in mine]
    from .replay import replay

    return [d for d in replay(conn, ids, encoder, who) if d.event_id in mine]


