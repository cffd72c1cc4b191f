"""Review operations: an analyst confirms or rejects merge candidates, corrects a field,
merges or splits events and actors, and rates claims. Every operation runs in one
transaction, records a judgement that later resolution obeys (keyed by stable references,
so it survives re-ingest) and appends to the history with who and when.
"""

from __future__ import annotations

import json
import os
import re
from bisect import bisect_left
from collections.abc import Sequence
from typing import Any

from ..errors import TacitusError
from ..models import DATE_PRECISIONS, EVENT_TYPES, PLACE_PRECISIONS
from ..store import Store
from ..store import resolution as db
from ..store import values
from . import actors as actor_ops
from .admiralty import CREDIBILITY, RELIABILITY
from .claims import rate_claims
from .features import block_key
from .events import component, recluster, record

LOW_CONFIDENCE = 0.5  # facts below this confidence are listed for review
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
ROLE_FIELDS = {"perpetrators": "perpetrator", "claimed_by": "claimed_by", "suspects": "suspect"}
INT_FIELDS = ("killed_min", "killed_max", "injured_min", "injured_max")
FLOAT_FIELDS = ("latitude", "longitude", "confidence")
TEXT_FIELDS = ("place", "country", "summary")
LIST_FIELDS = ("targets", "victims", "weapons")
FIELDS = (
    "type", "date", "date_end", "date_precision", "place_precision", "aggregate",
    *TEXT_FIELDS, *INT_FIELDS, *FLOAT_FIELDS, *LIST_FIELDS, *ROLE_FIELDS,
)


class ReviewError(TacitusError):
    """A review operation names something that does not exist or a value that is not valid."""


def default_who() -> str:
    return os.environ.get("USER") or os.environ.get("USERNAME") or "analyst"


def _event(store: Store, event_id: int) -> dict[str, Any]:
    row = store.conn.execute("SELECT * FROM events WHERE id = ?", (event_id,)).fetchone()
    if row is None:
        raise ReviewError(f"no event with id {event_id}")
    return dict(row)


def _ref(row: dict[str, Any]) -> str:
    return db.event_ref(row["article_id"], row["key"])


def _incident(store: Store, event_id: int) -> int:
    inc = db.incident_of(store.conn, event_id)
    if inc is None:  # stored before resolution ran: resolve it now
        recluster(store.conn, [event_id])
        inc = db.incident_of(store.conn, event_id)
    assert inc is not None
    return inc


def _mates(store: Store, event_ids: Sequence[int]) -> list[int]:
    """The events and every member of their incidents."""
    out = set(event_ids)
    for e in event_ids:
        inc = db.incident_of(store.conn, e)
        if inc is not None:
            out.update(db.members(store.conn, inc))
    return sorted(out)


# --- events ---------------------------------------------------------------------------------


def merge_events(store: Store, event_ids: Sequence[int], who: str, *, action: str = "merge") -> int:
    """Put the incidents of all ``event_ids`` together: the first event is judged the same
    as each other event and every member of its incident, and their components are decided
    again (``resolve.events``), so the merge holds whatever order articles come in."""
    if len(event_ids) < 2:
        raise ReviewError("merge needs two events or more")
    with store.atomic():
        rows = [_event(store, e) for e in event_ids]
        before = {e: _incident(store, e) for e in _mates(store, event_ids)}
        first = rows[0]
        others = [m for m in _mates(store, event_ids[1:]) if m != first["id"]]
        refs = db.refs_of(store.conn, others)
        for m in others:
            db.put_judgement(store.conn, _ref(first), refs[m], "same", who)
        recluster(store.conn, list(before), who=who)
        target = db.incident_of(store.conn, first["id"])
        assert target is not None
        for member, old in sorted(before.items()):
            new = db.incident_of(store.conn, member)
            if new != old:
                db.log(store.conn, who, action, event_id=member, event_ref=db.refs_of(store.conn, [member])[member],
                       incident_id=new, field="incident", old=old, new=new)
        db.drop_candidates(store.conn, db.members(store.conn, target))
        rate_claims(store.conn, {r["article_id"] for r in rows})
    return target


def split_event(store: Store, event_id: int, who: str) -> int:
    """Take an event out of its incident into a new one; it is judged different from every
    event it leaves, so resolution never puts them together again."""
    with store.atomic():
        row = _event(store, event_id)
        old = _incident(store, event_id)
        others = [m for m in db.members(store.conn, old) if m != event_id]
        refs = db.refs_of(store.conn, others)
        for m in others:
            db.put_judgement(store.conn, _ref(row), refs[m], "different", who)
        if not others:
            return old
        recluster(store.conn, [event_id, *others], who=who)
        new = db.incident_of(store.conn, event_id)
        assert new is not None
        db.log(store.conn, who, "split", event_id=event_id, event_ref=_ref(row), incident_id=new,
               field="incident", old=old, new=new)
        db.log(store.conn, who, "split", incident_id=old, field="event", old=event_id,
               note=f"event {event_id} split off into incident {new}")
        rate_claims(store.conn, {row["article_id"], *(r.split("#")[0] for r in refs.values())})
        return new


def confirm(store: Store, candidate_id: int, who: str) -> int:
    """Accept a merge candidate: the two events' incidents become one."""
    cand = db.candidate(store.conn, candidate_id)
    if cand is None:
        raise ReviewError(f"no merge candidate {candidate_id}")
    with store.atomic():
        target = merge_events(store, [cand["left_event"], cand["right_event"]], who, action="confirm")
        store.conn.execute("DELETE FROM merge_candidates WHERE id = ?", (candidate_id,))
    return target


def reject(store: Store, candidate_id: int, who: str) -> None:
    """Refuse a merge candidate; the pair is never proposed or merged again."""
    cand = db.candidate(store.conn, candidate_id)
    if cand is None:
        raise ReviewError(f"no merge candidate {candidate_id}")
    with store.atomic():
        left, right = _event(store, cand["left_event"]), _event(store, cand["right_event"])
        db.put_judgement(store.conn, _ref(left), _ref(right), "different", who)
        store.conn.execute("DELETE FROM merge_candidates WHERE id = ?", (candidate_id,))
        db.log(store.conn, who, "reject", event_id=left["id"], event_ref=_ref(left),
               incident_id=db.incident_of(store.conn, left["id"]), note=f"not the same as event {right['id']}",
               old=None, new=_ref(right))
        db.log(store.conn, who, "reject", event_id=right["id"], event_ref=_ref(right),
               incident_id=db.incident_of(store.conn, right["id"]), note=f"not the same as event {left['id']}",
               new=_ref(left))
        if db.incident_of(store.conn, left["id"]) == db.incident_of(store.conn, right["id"]):
            split_event(store, right["id"], who)
        else:
            recluster(store.conn, [left["id"], right["id"]], who=who)


def _coerce(store: Store, field: str, raw: Any) -> Any:
    """Check and convert a corrected value; None (or "" / "null") clears the field."""
    if raw is None or (isinstance(raw, str) and raw.strip().lower() in ("", "null", "none")):
        if field in ("type", "date_precision", "place_precision", "aggregate"):
            raise ReviewError(f"{field} cannot be empty")
        return [] if field in LIST_FIELDS or field in ROLE_FIELDS else None
    value = values.scrub(raw.strip()) if isinstance(raw, str) else raw
    if isinstance(value, list):
        value = [values.scrub(v) if isinstance(v, str) else v for v in value]
    if field == "type" and value not in EVENT_TYPES:
        raise ReviewError(f"type must be one of {', '.join(EVENT_TYPES)}")
    if field == "date_precision" and value not in DATE_PRECISIONS:
        raise ReviewError(f"date_precision must be one of {', '.join(DATE_PRECISIONS)}")
    if field == "place_precision" and value not in PLACE_PRECISIONS:
        raise ReviewError(f"place_precision must be one of {', '.join(PLACE_PRECISIONS)}")
    if field in ("date", "date_end") and not _DATE.match(str(value)):
        raise ReviewError(f"{field} must be YYYY, YYYY-MM or YYYY-MM-DD")
    try:
        if field in INT_FIELDS:
            if isinstance(value, float) and not value.is_integer():
                raise ValueError
            value = int(value)
            if value < 0:
                raise ValueError
        elif field in FLOAT_FIELDS:
            value = float(value)
    except (TypeError, ValueError):
        raise ReviewError(f"{field} must be a {'whole number' if field in INT_FIELDS else 'number'} ≥ 0"
                          if field in INT_FIELDS else f"{field} must be a number") from None
    if field in INT_FIELDS or field in FLOAT_FIELDS or field in ("date", "date_end"):
        problem = values.check(field, value)  # finite, in range, a real date
        if problem:
            raise ReviewError(f"{field}: {problem}")
    if field == "aggregate":
        value = str(value).lower() in ("1", "true", "yes", "y")
    if field in LIST_FIELDS:
        value = value if isinstance(value, list) else [v.strip() for v in str(value).split(";") if v.strip()]
    if field in ROLE_FIELDS:
        names = value if isinstance(value, list) else [v.strip() for v in str(value).split(";") if v.strip()]
        value = [_actor_key(store, n) for n in names]
    return value


def _actor_key(store: Store, name: str) -> str:
    r = store.conn.execute("SELECT key FROM actors WHERE key = ? OR fold(name) = fold(?) ORDER BY key = ? DESC LIMIT 1",
                           (name, name, name)).fetchone()
    if r is None:
        r = store.conn.execute("SELECT actor_key FROM actor_aliases WHERE fold(alias) = fold(?) LIMIT 1",
                               (name,)).fetchone()
    if r is None:
        raise ReviewError(f"no actor named {name!r} (give a key or a name from `tacitus actors`)")
    return r[0]


def _current(store: Store, event_id: int, field: str) -> Any:
    if field in ROLE_FIELDS:
        return [r[0] for r in store.conn.execute(
            "SELECT actor_key FROM event_actors WHERE event_id = ? AND role = ? ORDER BY position",
            (event_id, ROLE_FIELDS[field]))]
    value = store.conn.execute(f"SELECT {field} FROM events WHERE id = ?", (event_id,)).fetchone()[0]
    if field in LIST_FIELDS:
        return json.loads(value or "[]")
    return bool(value) if field == "aggregate" else value


def _write_field(store: Store, event_id: int, field: str, value: Any) -> None:
    if field in ROLE_FIELDS:
        role = ROLE_FIELDS[field]
        store.conn.execute("DELETE FROM event_actors WHERE event_id = ? AND role = ?", (event_id, role))
        store.conn.executemany(
            "INSERT OR IGNORE INTO event_actors (event_id, actor_key, role, position) VALUES (?, ?, ?, ?)",
            [(event_id, k, role, i) for i, k in enumerate(value)])
        return
    stored = json.dumps(value, ensure_ascii=False) if field in LIST_FIELDS else (
        int(value) if field == "aggregate" else value)
    store.conn.execute(f"UPDATE events SET {field} = ? WHERE id = ?", (stored, event_id))


def _refresh_block(store: Store, event_id: int) -> None:
    row = db.event_rows(store.conn, [event_id])[0]
    b = block_key(record(row))
    country, lo, hi = b if b else (None, None, None)
    store.conn.execute("UPDATE incident_events SET country = ?, day_lo = ?, day_hi = ? WHERE event_id = ?",
                       (country, lo, hi, event_id))


def correct(store: Store, event_id: int, field: str, value: Any, who: str) -> Any:
    """Set one field of an event; the correction is kept and applied again if the article
    is re-extracted. Returns the stored value."""
    if field not in FIELDS:
        raise ReviewError(f"cannot correct {field!r}; fields: {', '.join(FIELDS)}")
    with store.atomic():
        row = _event(store, event_id)
        new = _coerce(store, field, value)
        old = _current(store, event_id, field)
        before = list(component(store.conn, [event_id]).records)  # what the old value linked it to
        _write_field(store, event_id, field, new)
        db.put_correction(store.conn, _ref(row), field, new, who)
        db.log(store.conn, who, "correct", event_id=event_id, event_ref=_ref(row),
               incident_id=_incident(store, event_id), field=field, old=old, new=new)
        _refresh_block(store, event_id)
        recluster(store.conn, [event_id, *before], who=who)  # the new value may link it elsewhere
    return new


def reapply_corrections(store: Store, article_id: str, who: str = "tacitus") -> int:
    """Apply stored corrections to a (re-)stored article's events; returns how many."""
    rows = {db.event_ref(r["article_id"], r["key"]): r["id"] for r in store.conn.execute(
        "SELECT id, article_id, key FROM events WHERE article_id = ?", (article_id,))}
    n = 0
    for ref, fields in db.corrections(store.conn, rows).items():
        for field, value in fields.items():
            if field not in FIELDS:
                continue
            try:
                if _current(store, rows[ref], field) == value:
                    continue
                _write_field(store, rows[ref], field, value)
            except Exception:  # an actor gone since: the correction stays recorded
                continue
            db.log(store.conn, who, "reapply_correction", event_id=rows[ref], event_ref=ref, field=field, new=value)
            n += 1
    return n


# --- actors and claims -----------------------------------------------------------------------------


def _actor(store: Store, key: str) -> str:
    return _actor_key(store, key)


def merge_actors(store: Store, keys: Sequence[str], who: str) -> str:
    if len(keys) < 2:
        raise ReviewError("merge needs two actors or more")
    with store.atomic():
        resolved = [_actor(store, k) for k in keys]
        return actor_ops.merge_actors(store.conn, resolved, who)


def split_actor(store: Store, key: str, who: str) -> None:
    with store.atomic():
        actor_ops.split_actor(store.conn, _actor(store, key), who)


def rate_claim(store: Store, claim_id: int, reliability: str, credibility: int, who: str, note: str | None = None) -> None:
    reliability = reliability.upper()
    if reliability not in RELIABILITY:
        raise ReviewError("reliability must be one of A B C D E F")
    if int(credibility) not in CREDIBILITY:
        raise ReviewError("credibility must be a number from 1 to 6")
    row = store.conn.execute('SELECT article_id, start, "end", event_id FROM claims WHERE id = ?', (claim_id,)).fetchone()
    if row is None:
        raise ReviewError(f"no claim with id {claim_id}")
    ref = db.claim_ref(row[0], row[1], row[2])
    with store.atomic():
        old = db.rating(store.conn, ref)
        db.put_rating(store.conn, ref, reliability, int(credibility), note or "set by analyst", "manual", who)
        db.log(store.conn, who, "rate", claim_ref=ref, event_id=row[3],
               old=f"{old['reliability']}{old['credibility']}" if old else None, new=f"{reliability}{credibility}",
               note=note)


# --- reading ---------------------------------------------------------------------------------------


def history(store: Store, event_id: int) -> list[dict[str, Any]]:
    """Every change to an event, to the incident it belongs to and to the other events of
    that incident, oldest first."""
    row = _event(store, event_id)
    inc = db.incident_of(store.conn, event_id)
    mates = db.members(store.conn, inc) if inc is not None else [event_id]
    refs = list(db.refs_of(store.conn, mates).values()) or [_ref(row)]
    return db.history(store.conn, refs, [inc] if inc is not None else [])


def low_confidence(store: Store, threshold: float = LOW_CONFIDENCE, limit: int | None = 50) -> list[dict[str, Any]]:
    """Facts worth a second look: events below ``threshold`` or missing a country or date,
    actor links made on a name alone, claims rated F or 6."""
    out: list[dict[str, Any]] = []
    for r in store.conn.execute(
        "SELECT id, article_id, type, date, country, place, confidence FROM events"
        " WHERE aggregate = 0 AND (coalesce(confidence, 0) < ? OR country IS NULL OR date IS NULL)"
        " ORDER BY coalesce(confidence, 0), id", (threshold,)):
        missing = [k for k in ("country", "date") if r[k] is None]
        why = f"confidence {r['confidence'] or 0:.2f}" + (f"; no {' or '.join(missing)}" if missing else "")
        out.append({"kind": "event", "id": r["id"], "what": f"{r['type']} {r['date'] or '?'} "
                    f"{r['place'] or r['country'] or '?'}", "why": why, "article": r["article_id"]})
    for r in store.conn.execute(
        "SELECT l.actor_key, l.canonical_key, l.method, l.score, a.name, c.name AS canonical_name"
        " FROM actor_links l JOIN actors a ON a.key = l.actor_key LEFT JOIN actors c ON c.key = l.canonical_key"
        " WHERE l.method IN ('name', 'surname') OR (l.method = 'gazetteer' AND coalesce(l.score, 1) < 1)"
        " ORDER BY coalesce(l.score, 0), l.actor_key"):
        out.append({"kind": "actor", "id": r["actor_key"],
                    "what": f"{r['name']} = {r['canonical_name'] or r['canonical_key']}",
                    "why": f"linked by {r['method']}" + (f" ({r['score']:.2f})" if r["score"] else ""),
                    "article": None})
    for r in store.conn.execute(
        "SELECT c.id, c.article_id, c.speaker, c.text, r.reliability, r.credibility, r.basis FROM claims c"
        " JOIN claim_ratings r ON r.claim_ref = c.article_id || '#' || c.start || '-' || c.\"end\""
        " WHERE r.method = 'default' AND (r.reliability = 'F' OR r.credibility = 6) ORDER BY c.id"):
        out.append({"kind": "claim", "id": r["id"], "what": f"{r['speaker']}: {r['text'][:60]}",
                    "why": f"{r['reliability']}{r['credibility']} ({r['basis']})", "article": r["article_id"]})
    return out[:limit] if limit else out


# --- reports whose date is too vague for resolution to decide ------------------------------------

VAGUE_PRECISIONS = ("month", "year", "unknown")
VAGUE_LOOKBACK_DAYS = 31  # an undated report may tell of an attack up to a month before it was published


def _period(rec: Any) -> tuple[int, int] | None:
    """The days (as ordinals) a vaguely dated report may mean: its month or year, else the
    month before its publication; None when nothing bounds it (no date, no publication date)."""
    from .features import _parse

    span = _parse(rec.date)
    if span is not None:
        end = _parse(rec.date_end) if rec.date_end else None
        return span[0].toordinal(), (end or span)[1].toordinal()
    pub = _parse(rec.published)
    if pub is None:
        return None
    return pub[0].toordinal() - VAGUE_LOOKBACK_DAYS, pub[0].toordinal()


def vague_date_matches(store: Store, limit: int | None = 50) -> list[dict[str, Any]]:
    """Reports dated to a month, a year or not at all, alone in their incident, each with an
    incident it may belong to that resolution neither merged nor proposed (a vague date gives
    it too little to score): another incident of the same country and type whose dates fall in
    the period the report may mean (its month or year; undated, the month before publication;
    with no publication date either, any time), scored as resolution scores a pair. Pairs an
    analyst judged different, or already waiting as merge candidates, are left out. Merged with
    ``review merge-events EVENT OTHER``. Best scores first."""
    from .features import MAX_SPAN_DAYS, day_span, fold, score
    from .graph import record as graph_record

    conn = store.conn
    alone = [r[0] for r in conn.execute(
        "SELECT e.id FROM events e JOIN incident_events ie ON ie.event_id = e.id"
        " WHERE e.aggregate = 0 AND e.country IS NOT NULL"
        f" AND (e.date IS NULL OR e.date_precision IN ({','.join('?' * len(VAGUE_PRECISIONS))}))"
        " AND (SELECT count(*) FROM incident_events m WHERE m.incident_id = ie.incident_id) = 1"
        " ORDER BY e.id", VAGUE_PRECISIONS)]
    if not alone:
        return []
    inc_of: dict[int, int] = dict(conn.execute("SELECT event_id, incident_id FROM incident_events").fetchall())
    pending: dict[int, set[int]] = {}
    for left, right in conn.execute("SELECT left_event, right_event FROM merge_candidates"):
        pending.setdefault(left, set()).add(right)
        pending.setdefault(right, set()).add(left)
    out: list[dict[str, Any]] = []
    by_group: dict[tuple[str, str], list[Any]] = {}
    for vague in (graph_record(r) for r in db.event_rows(conn, alone)):
        period = _period(vague)
        group = (fold(vague.country or ""), vague.type)
        if group not in by_group:  # the dated events of a country and type, read once for all its reports
            ids = [r[0] for r in conn.execute(
                "SELECT e.id FROM events e JOIN incident_events ie ON ie.event_id = e.id"
                " WHERE fold(e.country) = fold(?) AND e.type = ? AND e.aggregate = 0 AND e.date IS NOT NULL",
                (vague.country, vague.type))]
            spans = [(span, rec) for rec in (graph_record(r) for r in db.event_rows(conn, ids))
                     if (span := day_span(rec) if fold(rec.country or "") else None) is not None]
            spans.sort(key=lambda x: (x[0][0], x[1].id))
            by_group[group] = spans
        # incidents left out: its own, those it waits to be merged with, those judged different
        different = [ref for ref, verdict in db.judgements(conn, [vague.ref]).get(vague.ref, {}).items()
                     if verdict == "different"]
        out_of = {inc_of.get(e) for e in (*pending.get(vague.id, ()), *db.event_by_ref(conn, different).values())}
        out_of.add(inc_of.get(vague.id))
        best: dict[int, tuple[float, Any, Any]] = {}
        spans = by_group[group]
        # spans start in order and are at most MAX_SPAN_DAYS long: those that can overlap the period
        lo = 0 if period is None else bisect_left(spans, period[0] - MAX_SPAN_DAYS, key=lambda x: x[0][0])
        for span, other in spans[lo:]:
            if period is not None and span[0] > period[1]:
                break
            inc = inc_of.get(other.id)
            if inc is None or inc in out_of or (period is not None and span[1] < period[0]):
                continue
            pair = score(vague, other)
            if inc not in best or pair.probability > best[inc][0]:
                best[inc] = (pair.probability, other, pair)
        for inc, (p, other, pair) in best.items():
            out.append(dict(
                event=vague.id, article=vague.article, date=vague.date, date_precision=vague.date_precision,
                published=vague.published, country=vague.country, place=vague.place, summary=vague.summary,
                incident=inc, other_event=other.id, other_date=other.date, other_place=other.place,
                other_summary=other.summary, score=round(p, 3),
                features={k: round(v, 2) for k, v in pair.features.items()},
            ))
    out.sort(key=lambda d: (-d["score"], d["event"], d["incident"]))
    return out[:limit] if limit else out
