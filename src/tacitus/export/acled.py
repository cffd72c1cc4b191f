"""ACLED's codebook columns, by name and in order (``codebooks.yaml``), one row per incident,
then the evidence columns (``codes.EVIDENCE_COLUMNS``).

Coding as ACLED does: ``event_date`` a day (a month-precise date on the 15th, a year on 1 July,
a range on its first day) with ``time_precision`` 1 (day), 2 (range) or 3 (month or year);
actor types and ``interaction`` as numeric codes (two codes, the smaller first; a single actor's
code times ten); ``iso`` the numeric ISO 3166 code; ``fatalities`` the most conservative figure
of the sources, 0 when none gives one (the figures low / best / high, blank when unknown, are in
the evidence columns); ``notes`` from the evidence sentences. An undated incident has an empty
``event_date`` and ``year``."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from typing import Any

from .codebooks import codebooks
from .codes import EVIDENCE_COLUMNS, country_codes, evidence_columns, notes, publishers

CIVILIANS = "Civilians"
VIOLENCE_AGAINST_CIVILIANS = "Violence against civilians"


def columns() -> tuple[str, ...]:
    return (*codebooks().acled_columns, *EVIDENCE_COLUMNS)


def event_date(date: str | None, precision: str | None) -> tuple[str | None, int | None]:
    """(the day ACLED codes, time_precision) of a tacitus date."""
    if not date:
        return None, None
    book = codebooks().acled_time_precision
    if len(date) == 4:
        return f"{date}-07-01", book["year"]
    if len(date) == 7:
        return f"{date}-15", book["month"]
    return date[:10], book["range" if precision == "range" else "day"]


def interaction(inter1: int | None, inter2: int | None) -> int | None:
    codes = sorted(c for c in (inter1, inter2) if c is not None)
    if not codes:
        return None
    return codes[0] * 10 + (codes[1] if len(codes) > 1 else 0)


def row(incident: dict[str, Any], timestamp: int | None = None) -> dict[str, Any]:
    book = codebooks()
    iso2, iso3, numeric = country_codes(incident.get("country"))
    day, precision = event_date(incident.get("date"), incident.get("date_precision"))
    inter1, inter2 = book.acled_inter.get(incident.get("inter1") or ""), book.acled_inter.get(incident.get("inter2") or "")
    civilian = incident.get("acled_event_type") == VIOLENCE_AGAINST_CIVILIANS or incident.get("inter2") == CIVILIANS
    killed = incident.get("killed_min") if incident.get("killed_min") is not None else incident.get("killed_max")
    out = {
        "event_id_cnty": f"{iso3 or 'XXX'}{incident['id']}",
        "event_date": day,
        "year": int(day[:4]) if day else None,
        "time_precision": precision,
        "disorder_type": incident.get("disorder_type"),
        "event_type": incident.get("acled_event_type"),
        "sub_event_type": incident.get("acled_sub_event_type"),
        "actor1": incident.get("actor1"),
        "assoc_actor_1": "; ".join(incident.get("assoc_actor1") or []),
        "inter1": inter1,
        "actor2": incident.get("actor2"),
        "assoc_actor_2": "; ".join(incident.get("assoc_actor2") or []),
        "inter2": inter2,
        "interaction": interaction(inter1, inter2),
        "civilian_targeting": "Civilian targeting" if civilian else None,
        "iso": numeric,
        "region": book.acled_region.get(iso2 or ""),
        "country": incident.get("country"),
        "admin1": incident.get("admin1"),
        "admin2": incident.get("admin2"),
        "admin3": None,
        "location": incident.get("place"),
        "latitude": incident.get("latitude"),
        "longitude": incident.get("longitude"),
        "geo_precision": incident.get("geo_precision"),
        "source": publishers(incident),
        "source_scale": None,
        "notes": notes(incident),
        "fatalities": killed if killed is not None else 0,
        "tags": None,
        "timestamp": int(time.time()) if timestamp is None else timestamp,
        **evidence_columns(incident),
    }
    return {k: out[k] for k in columns()}


def rows(incidents: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    stamp = int(time.time())
    for incident in incidents:
        yield row(incident, stamp)
