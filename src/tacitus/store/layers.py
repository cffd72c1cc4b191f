"""What the workbench's pictures draw: a lean event layer for the map and the timeline, and
the actor network with the nodes an analyst does not want crowding it marked.

Read-only, like ``web``; every function takes an open connection and returns JSON-ready
dicts. The event layer carries only what a marker or a bar shows (no evidence, no sources:
the detail call ``/api/events/{id}`` has them when a marker is opened), so a map of ten
thousand events stays a few megabytes.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from functools import lru_cache
from typing import Any

from .web import EventQuery, network

# A person or organisation without a role whose name is a country or a town at least this
# large is a place the recogniser took for an actor ("Kyiv", "Belarus", "Nairobi" in the demo
# articles); smaller towns share too many names with people ("Francis", a US village of 1,258).
PLACE_LIKE_MIN_POPULATION = 100_000
# The place precisions that say "somewhere in this country": drawn as the country, not a point
COUNTRY_LEVEL = frozenset({"country"})

_LAYER_SQL = (
    "SELECT e.id, e.type, e.acled_event_type, e.date, e.date_end, e.date_precision, e.killed_min,"
    " e.killed_max, e.place, e.admin1, e.place_precision, e.country, e.latitude, e.longitude, e.aggregate"
    " FROM events e{where} ORDER BY e.date IS NULL, e.date, e.id"
)


@lru_cache(maxsize=1)
def _acled_keys() -> dict[str, str]:
    from ..taxonomy import load_taxonomy

    return {t.label: t.key for t in load_taxonomy().event_types.values()}


@lru_cache(maxsize=512)
def iso3(country: str | None) -> str | None:
    """ISO alpha-3 code of a country name as stored (what the map's outlines are keyed by)."""
    if not country:
        return None
    from ..geo.countries import countries

    table = countries()
    code = table.code_for(country)
    found = table.by_code.get(code or "")
    return found.iso3 if found else None


def _label(r: sqlite3.Row) -> str:
    place, admin1 = r["place"], r["admin1"]
    if place and admin1 and admin1 != place and r["place_precision"] not in ("province", "country"):
        return f"{place}, {admin1}"
    return place or r["country"] or "unknown place"


def event_layer(conn: sqlite3.Connection, query: EventQuery) -> dict[str, Any]:
    """The matching events as a GeoJSON FeatureCollection of lean features.

    Properties: ``id``, ``type`` (GTD), ``acled`` (ACLED event type key), ``date``,
    ``date_end``, ``date_precision``, ``killed`` ([min, max], null when no figure),
    ``precision`` (what the point is the point of), ``label``, ``country``, ``iso3`` and
    ``aggregate``. ``country_level`` is true for an event (a single attack or a summary of
    several) placed only to its country: the map draws those as the country, never as a
    point; a summary placed to a town stays a marker, drawn as a summary. An event
    without coordinates has a null geometry (RFC 7946 allows it): the timeline counts it,
    the map does not draw it."""
    where, params = query.where()
    acled = _acled_keys()
    features = []
    for r in conn.execute(_LAYER_SQL.format(where=where), params):
        located = r["latitude"] is not None and r["longitude"] is not None
        killed = None if r["killed_min"] is None and r["killed_max"] is None else [r["killed_min"], r["killed_max"]]
        aggregate = bool(r["aggregate"])
        features.append({
            "type": "Feature",
            "id": r["id"],
            "geometry": {"type": "Point", "coordinates": [r["longitude"], r["latitude"]]} if located else None,
            "properties": {
                "id": r["id"], "type": r["type"], "acled": acled.get(r["acled_event_type"] or ""),
                "date": r["date"], "date_end": r["date_end"], "date_precision": r["date_precision"],
                "killed": killed, "precision": r["place_precision"], "label": _label(r),
                "country": r["country"], "iso3": iso3(r["country"]), "aggregate": aggregate,
                "country_level": r["place_precision"] in COUNTRY_LEVEL,
            },
        })
    return {"type": "FeatureCollection", "features": features}


# --- the network -------------------------------------------------------------------------------


def is_descriptor(node: dict[str, Any]) -> bool:
    """A description of unnamed people ("gunmen", "suspected", "two men suspected"), not an
    actor: the extractor's kind, or a name with no capital letter at all (al-Shabaab has one)."""
    name = node.get("name") or ""
    return node.get("kind") == "descriptor" or not any(c.isupper() for c in name)


def is_place_like(node: dict[str, Any]) -> bool:
    """A person or organisation, with no role, named like a country or a large town."""
    if node.get("kind") not in ("person", "organisation") or node.get("role"):
        return False
    from .. import geo

    name = node.get("name") or ""
    if geo.country_by_name(name) is not None:
        return True
    return any(p.population >= PLACE_LIKE_MIN_POPULATION for p in geo.candidates(name))


def network_view(conn: sqlite3.Connection, query: EventQuery | None = None) -> dict[str, Any]:
    """``web.network`` with what drawing it needs: each node's ACLED actor ``category``, its
    ``degree`` (distinct neighbours), and ``hidden`` naming why the page leaves it out by
    default (``descriptor``, ``place``) or null. Edges keep their counts but not their
    references."""
    net = network(conn, query)
    category = dict(conn.execute("SELECT key, category FROM actors").fetchall())
    neighbours: dict[str, set[str]] = defaultdict(set)
    for e in net["edges"]:
        neighbours[e["source"]].add(e["target"])
        neighbours[e["target"]].add(e["source"])
    nodes = []
    for n in net["nodes"]:
        hidden = "descriptor" if is_descriptor(n) else "place" if is_place_like(n) else None
        nodes.append({**n, "category": category.get(n["key"]), "degree": len(neighbours[n["key"]]),
                      "hidden": hidden})
    edges = [{k: e[k] for k in ("source", "target", "type", "count")} for e in net["edges"]]
    return {"nodes": nodes, "edges": edges}
