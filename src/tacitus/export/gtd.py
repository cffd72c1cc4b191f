"""GTD's codebook columns, by name and in order (``codebooks.yaml``), one row per incident,
then the evidence columns (``codes.EVIDENCE_COLUMNS``).

Coding as the GTD does: ``eventid`` the date (``YYYYMMDD``, 00 for an unknown month or day)
and four digits of the incident id; ``iday``/``imonth`` 0 when unknown and ``approxdate`` the
date as known then; ``attacktype1``, ``targtype1``, ``weaptype1``, ``region``, ``specificity``
numeric with their ``_txt``; ``claimed`` 1 / 0, -9 for incidents the GTD would not code;
``nkill``/``nwound`` the most conservative figure of the sources, blank when none gives one
(GTD's unknown); ``nkillter`` the assailants among them when a report says so, else blank;
``summary`` from the evidence sentences. Columns the record cannot fill (``doubtterr``,
``success``, ...) stay blank rather than guessed; ``dbsource`` is ``tacitus``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from .codebooks import classify, codebooks
from .codes import EVIDENCE_COLUMNS, country_codes, evidence_columns, notes
from .tables import gtd_event_type

DB_SOURCE = "tacitus"
UNKNOWN = -9


def columns() -> tuple[str, ...]:
    return (*codebooks().gtd_columns, *EVIDENCE_COLUMNS)


def _parts(date: str | None) -> tuple[int | None, int, int]:
    if not date:
        return None, 0, 0
    y, m, d = (date.split("-") + ["0", "0"])[:3]
    return int(y), int(m), int(d)


def _low(incident: dict[str, Any], field: str) -> int | None:
    lo, hi = incident.get(f"{field}_min"), incident.get(f"{field}_max")
    return lo if lo is not None else hi


def row(incident: dict[str, Any]) -> dict[str, Any]:
    book = codebooks()
    year, month, day = _parts(incident.get("date"))
    iso2, _, _ = country_codes(incident.get("country"))
    region = book.gtd_region.get(iso2 or "")
    etype = incident.get("type")
    attack = book.gtd_attacktype.get(etype or "")
    target_texts = [*(incident.get("targets") or []), *(incident.get("victims") or [])]
    target = classify(book.gtd_targtype, target_texts)
    weapon = classify(book.gtd_weaptype, list(incident.get("weapons") or []))
    groups = [*(incident.get("claimed_by") or []), *(incident.get("perpetrators") or [])]
    uncertain = not groups  # only suspected: named with guncertain1 = 1
    groups = groups or list(incident.get("suspects") or [])
    stamp = f"{year or 0:04d}{month:02d}{day:02d}{incident['id'] % 10000:04d}"
    ranged = incident.get("date_precision") in ("range", "month", "year") or incident.get("date_end")
    approx = None
    if ranged and incident.get("date"):
        approx = incident["date"] + (f" – {incident['date_end']}" if incident.get("date_end") else "")
    out = {
        "eventid": int(stamp) if year else None,
        "iyear": year,
        "imonth": month,
        "iday": day,
        "approxdate": approx,
        "extended": None,
        "country_txt": incident.get("country"),
        "region": region[0] if region else None,
        "region_txt": region[1] if region else None,
        "provstate": incident.get("admin1"),
        "city": incident.get("place") if incident.get("place_precision") in ("venue", "town", "city") else None,
        "latitude": incident.get("latitude"),
        "longitude": incident.get("longitude"),
        "specificity": book.gtd_specificity.get(incident.get("place_precision") or "unknown"),
        "vicinity": None,
        "summary": notes(incident),
        "doubtterr": None,
        "multiple": None,
        "success": None,
        "suicide": None,
        "attacktype1": attack,
        "attacktype1_txt": gtd_event_type(etype) if attack else None,
        "targtype1": target.code if target_texts else None,
        "targtype1_txt": target.name if target_texts else None,
        "target1": "; ".join(target_texts[:1]) or None,
        "natlty1_txt": None,
        "gname": groups[0] if groups else "Unknown",
        "guncertain1": int(uncertain) if groups else None,
        "claimed": (1 if incident.get("claimed_by") else 0) if attack else UNKNOWN,
        "weaptype1": weapon.code if incident.get("weapons") else None,
        "weaptype1_txt": weapon.name if incident.get("weapons") else None,
        "weapdetail": "; ".join(incident.get("weapons") or []) or None,
        "nkill": _low(incident, "killed"),
        "nkillter": None,
        "nwound": _low(incident, "injured"),
        "nwoundte": None,
        "property": None,
        "ishostkid": 1 if etype in ("kidnapping", "hostage_barricade", "hijacking") else (0 if etype else None),
        "dbsource": DB_SOURCE,
        **evidence_columns(incident),
    }
    return {k: out[k] for k in columns()}


def rows(incidents: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for incident in incidents:
        yield row(incident)
