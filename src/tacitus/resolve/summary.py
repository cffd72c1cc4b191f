"""What an incident says, derived from the events its sources reported.

Each source keeps its own figures in ``events`` and the summary is computed from them; the
list row built from it is stored (``incident_summaries``, store migration m008) but dropped by a
trigger whenever what it is derived from changes and written again before the change commits,
so a correction or a new source changes it at once.

Tolls follow UCDP's low / best / high:

1. for each source (publisher, or article when the publisher is unknown) take its most
   recent report, and from it the most conservative value (the lower bound of its range);
2. ``low`` is the smallest of those, ``high`` the largest upper bound (or lower bound when a
   report says "at least");
3. ``best`` is the conservative value of the most recent report of all, since tolls are
   revised upwards as the dead are counted; an analyst's correction overrides it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

PRECISION_RANK = {"venue": 5, "town": 4, "city": 4, "district": 3, "province": 2, "region": 2, "country": 1,
                  "unknown": 0}  # "city" and "region": older records' words for town and province
# the fields of ACLED's coding that belong together and are taken from one report
CODING_KEYS = ("acled_event_type", "acled_sub_event_type", "disorder_type", "actor1", "assoc_actor1", "actor2",
               "assoc_actor2", "inter1", "inter2", "interaction")
DATE_RANK = {"day": 4, "range": 3, "month": 2, "year": 1, "unknown": 0}


def _value(lo: int | None, hi: int | None) -> int | None:
    return lo if lo is not None else hi


def figures(
    events: Sequence[dict[str, Any]], field: str, corrected: int | None = None
) -> dict[str, Any] | None:
    """low/best/high of ``field`` ("killed" or "injured") over an incident's events.

    Each event dict needs ``{field}_min``, ``{field}_max``, ``article``, ``published``,
    ``publisher`` and ``id``. Returns None when no source gives a number."""
    reports = []
    for e in events:
        lo, hi = e.get(f"{field}_min"), e.get(f"{field}_max")
        if lo is None and hi is None:
            continue
        reports.append({
            "event": e["id"], "article": e["article"], "publisher": e.get("publisher"),
            "published": e.get("published"), "min": lo, "max": hi,
        })
    if not reports:
        return None
    # oldest first; undated articles count as the oldest
    reports.sort(key=lambda r: (r["published"] or "", r["event"]))
    latest_by_source: dict[str, dict[str, Any]] = {}
    for r in reports:
        latest_by_source[r["publisher"] or r["article"]] = r
    per_source = [
        {"source": s, "article": r["article"], "published": r["published"],
         "conservative": _value(r["min"], r["max"]), "max": r["max"]}
        for s, r in latest_by_source.items()
    ]
    low_src = min(per_source, key=lambda s: s["conservative"])
    high = max((s["max"] if s["max"] is not None else s["conservative"]) for s in per_source)
    latest = reports[-1]
    best = _value(latest["min"], latest["max"])
    return {
        "low": low_src["conservative"],
        "best": corrected if corrected is not None else best,
        "high": max(high, corrected) if corrected is not None else high,
        "latest": {"value": best, "article": latest["article"], "published": latest["published"]},
        "conservative": {"value": low_src["conservative"], "article": low_src["article"],
                         "published": low_src["published"]},
        "per_source": per_source,
        "reports": reports,
        "corrected": corrected is not None,
    }


def _vote(values: Sequence[Any]) -> Any:
    """The most common non-empty value; ties go to the earliest."""
    present = [v for v in values if v not in (None, "", "unknown")]
    if not present:
        return None
    counts = Counter(present)
    top = max(counts.values())
    return next(v for v in present if counts[v] == top)


def summarise(events: Sequence[dict[str, Any]], corrected: dict[str, dict[str, Any]] | None = None) -> dict[str, Any]:
    """One incident from its events (dicts as ``Store.events`` gives, plus ``article``,
    ``published``, ``publisher``). ``corrected``: event id -> {field: value} of the fields an
    analyst corrected; a corrected field wins over the vote."""
    corrected = corrected or {}
    fixed: dict[str, Any] = {}
    for e in events:
        for k, v in corrected.get(e["id"], {}).items():
            fixed[k] = v
    # place: the most precise, then the most reported
    by_place = sorted(
        events, key=lambda e: (-PRECISION_RANK.get(e.get("place_precision") or "unknown", 0),
                               -(e.get("confidence") or 0), e["id"]))
    place_ev = by_place[0]
    by_date = sorted(
        events, key=lambda e: (-DATE_RANK.get(e.get("date_precision") or "unknown", 0), e["id"]))
    precise = [e for e in by_date if e.get("date_precision") == by_date[0].get("date_precision")]
    date = _vote([e.get("date") for e in precise])
    date_ev = next(e for e in precise if e.get("date") == date) if date else by_date[0]

    def union(key: str) -> list[str]:
        return list(dict.fromkeys(x for e in events for x in e.get(key) or []))

    killed = figures(events, "killed", fixed.get("killed_min"))
    injured = figures(events, "injured", fixed.get("injured_min"))
    # the ACLED coding and actors come whole from one report of the incident's type (the most
    # confident), so an event type never meets another report's sub-event type
    etype = fixed.get("type") or _vote([e.get("type") for e in events]) or "unknown"
    of_type = [e for e in events if e.get("type") == etype]
    coding = max(of_type or list(events), key=lambda e: ((e.get("confidence") or 0), -e["id"]))
    best_summary = max(events, key=lambda e: ((e.get("confidence") or 0), len(e.get("summary") or "")))
    out: dict[str, Any] = {
        "type": etype,
        "date": fixed.get("date", date),
        "date_end": fixed.get("date_end", date_ev.get("date_end")),
        "date_precision": fixed.get("date_precision", date_ev.get("date_precision") or "unknown"),
        "country": fixed.get("country") or _vote([e.get("country") for e in events]),
        "place": fixed.get("place", place_ev.get("place")),
        "place_precision": fixed.get("place_precision", place_ev.get("place_precision") or "unknown"),
        "latitude": fixed.get("latitude", place_ev.get("latitude")),
        "longitude": fixed.get("longitude", place_ev.get("longitude")),
        "killed_min": killed["low"] if killed else None,
        "killed_max": killed["high"] if killed else None,
        "injured_min": injured["low"] if injured else None,
        "injured_max": injured["high"] if injured else None,
        "killed": killed,
        "injured": injured,
        "perpetrators": union("perpetrators"),
        "claimed_by": union("claimed_by"),
        "suspects": union("suspects"),
        "targets": union("targets"),
        "victims": union("victims"),
        "weapons": union("weapons"),
        "aggregate": all(e.get("aggregate") for e in events),
        "summary": fixed.get("summary") or best_summary.get("summary"),
        "confidence": max((e.get("confidence") or 0) for e in events),
        "admin1": fixed.get("admin1", place_ev.get("admin1")),
        "admin2": fixed.get("admin2", place_ev.get("admin2")),
        "geo_precision": fixed.get("geo_precision", place_ev.get("geo_precision")),
    }
    for key in CODING_KEYS:
        out[key] = fixed.get(key, coding.get(key))
    return out
