"""Exports over incident dicts (``Store.iter_incidents``; a report of ``Store.events`` has the
same keys): JSON Lines, tacitus's own CSV with ACLED/GTD-like columns, GeoJSON, and the CSV
writer the codebook exports share. Pure functions: they take dicts and a file object and never
touch the database.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, Any

from ..taxonomy import taxonomy

# GTD attack-type wording (attacktype1_txt) for tacitus's type codes, from the taxonomy
GTD_EVENT_TYPES: dict[str, str] = {g.key: g.label for g in taxonomy().gtd_types.values()}

CSV_COLUMNS: tuple[str, ...] = (
    "event_id", "event_date", "event_date_end", "date_precision", "year", "event_type",
    "event_type_code", "acled_event_type", "sub_event_type", "disorder_type", "actor1",
    "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "country",
    "admin1", "admin2", "location", "place_precision", "geo_precision", "latitude", "longitude",
    "perpetrator", "claimed", "suspects", "target", "victims", "weapon", "nkill_min",
    "nkill_max", "nwound_min", "nwound_max", "aggregate", "confidence", "sources", "notes",
    "nkill_best", "nwound_best", "reports",
)  # fmt: skip

LIST_SEPARATOR = "; "
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def to_jsonl(events: Iterable[dict[str, Any]]) -> Iterator[str]:
    """One JSON object per event, each line ending in a newline (``fp.writelines`` ready)."""
    for event in events:
        yield json.dumps(event, ensure_ascii=False, separators=(",", ":")) + "\n"


def gtd_event_type(code: str | None) -> str | None:
    """GTD's wording for a type code; None for events GTD does not code (protests, riots)."""
    return GTD_EVENT_TYPES.get(code, "Unknown") if code else None


def _join(values: Iterable[Any] | None) -> str:
    return LIST_SEPARATOR.join(str(v) for v in values or () if v not in (None, ""))


def _safe(value: Any) -> Any:
    """Neutralise spreadsheet formulas in untrusted text (CSV injection): a cell that
    starts like a formula gets a leading apostrophe. Numbers are left alone."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_row(event: dict[str, Any]) -> dict[str, Any]:
    """The CSV row (column -> value) for one event dict; None becomes an empty cell."""
    date = event.get("date")
    row = {
        "event_id": event.get("id"),
        "event_date": date,
        "event_date_end": event.get("date_end"),
        "date_precision": event.get("date_precision"),
        "year": int(date[:4]) if date and date[:4].isdigit() else None,
        "event_type": gtd_event_type(event.get("type")),
        "event_type_code": event.get("type"),
        "acled_event_type": event.get("acled_event_type"),
        "sub_event_type": event.get("acled_sub_event_type"),
        "disorder_type": event.get("disorder_type"),
        "actor1": event.get("actor1"),
        "assoc_actor_1": _join(event.get("assoc_actor1")),
        "inter1": event.get("inter1"),
        "actor2": event.get("actor2"),
        "assoc_actor_2": _join(event.get("assoc_actor2")),
        "inter2": event.get("inter2"),
        "interaction": event.get("interaction"),
        "country": event.get("country"),
        "admin1": event.get("admin1"),
        "admin2": event.get("admin2"),
        "location": event.get("place"),
        "place_precision": event.get("place_precision"),
        "geo_precision": event.get("geo_precision"),
        "latitude": event.get("latitude"),
        "longitude": event.get("longitude"),
        "perpetrator": _join(event.get("perpetrators")),
        "claimed": _join(event.get("claimed_by")),
        "suspects": _join(event.get("suspects")),
        "target": _join(event.get("targets")),
        "victims": _join(event.get("victims")),
        "weapon": _join(event.get("weapons")),
        "nkill_min": event.get("killed_min"),
        "nkill_max": event.get("killed_max"),
        "nwound_min": event.get("injured_min"),
        "nwound_max": event.get("injured_max"),
        "aggregate": int(bool(event.get("aggregate"))),
        "confidence": event.get("confidence"),
        "sources": _join(event.get("sources")),
        "notes": event.get("summary"),
        "nkill_best": _best(event, "killed"),
        "nwound_best": _best(event, "injured"),
        "reports": _join(event.get("events")),
    }
    return {k: "" if v is None else v for k, v in row.items()}


def _best(row: dict[str, Any], field: str) -> Any:
    """An incident's best figure (``summary.figures``); a single report's conservative one."""
    fig = row.get(field)
    if isinstance(fig, dict):
        return fig.get("best")
    lo, hi = row.get(f"{field}_min"), row.get(f"{field}_max")
    return lo if lo is not None else hi


def to_csv(events: Iterable[dict[str, Any]], fp: IO[str], *, sanitize: bool = True) -> int:
    """Write events as CSV with a header row (CSV_COLUMNS); return the number of rows.

    Multi-valued fields are joined with "; ". With ``sanitize`` (the default) text cells
    that a spreadsheet would run as a formula are prefixed with an apostrophe.
    Open ``fp`` with ``newline=""``."""
    return write_csv((csv_row(e) for e in events), fp, CSV_COLUMNS, sanitize=sanitize)


def write_csv(rows: Iterable[dict[str, Any]], fp: IO[str], columns: Sequence[str], *, sanitize: bool = True) -> int:
    """Write ``rows`` (column -> value) under a header of ``columns``, one row at a time;
    None is an empty cell; formulas are neutralised unless ``sanitize`` is false."""
    writer = csv.DictWriter(fp, fieldnames=list(columns), lineterminator="\r\n")
    writer.writeheader()
    n = 0
    for row in rows:
        row = {k: "" if v is None else v for k, v in row.items()}
        if sanitize:
            row = {k: _safe(v) for k, v in row.items()}
        writer.writerow(row)
        n += 1
    return n


def feature(event: dict[str, Any]) -> dict[str, Any] | None:
    """The GeoJSON Feature of an event or incident with coordinates; None without them."""
    lat, lon = event.get("latitude"), event.get("longitude")
    if lat is None or lon is None:
        return None
    properties = {k: v for k, v in event.items() if k not in ("latitude", "longitude")}
    return {"type": "Feature", "id": event.get("id"), "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": properties}


def to_geojson(events: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """A GeoJSON FeatureCollection of the events that have coordinates."""
    return {"type": "FeatureCollection", "features": [f for e in events if (f := feature(e)) is not None]}


def iter_geojson(events: Iterable[dict[str, Any]]) -> Iterator[str]:
    """``to_geojson`` as text, a feature at a time (``fp.writelines`` ready)."""
    yield '{"type":"FeatureCollection","features":['
    first = True
    for e in events:
        f = feature(e)
        if f is None:
            continue
        yield ("" if first else ",") + "\n" + json.dumps(f, ensure_ascii=False, separators=(",", ":"))
        first = False
    yield "\n]}\n"
