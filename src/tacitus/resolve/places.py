"""Place mentions as news writes them, resolved offline through ``tacitus.geo``.

``geo.geocode`` resolves a bare name with a country hint (GeoNames cities of 1,000 people
or more, first-level regions, countries; a country name beats a town of the same name, a
US state beats the country Georgia only with a US hint). News also writes places with a
qualifier or a lead-in, which this module peels off:

1. the name as written, with the article's country as hint;
2. "X, Y" and "X in Y" ("Paris, Texas", "Kerman, Kerman province", "Jenin in the West
   Bank"): Y is resolved first, then X among the places of Y's country, preferring those in
   region Y; when X is unknown, Y stands in with its own (coarser) precision;
3. lead-ins ("near", "outside", "the town of", "the village of", "northern") are dropped and
   the rest resolved again.

Each mention is resolved on its own, so one unknown name never empties the others (a
failure of mordecai, issue #67).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .. import geo
from ..geo import Place

_LEAD_INS = re.compile(
    r"^(?:(?:just|some|about)\s+)?(?:near|outside|in|at|on|around|close to|north of|south of|east of|"
    r"west of|the outskirts of|the (?:town|city|village|district|province|region|state|"
    r"county|hamlet|suburb|neighbou?rhood|area|capital) of|(?:north|south|east|west|central)"
    r"(?:ern)?|(?:north|south)-?(?:east|west)(?:ern)?)\s+",
    re.IGNORECASE,
)
_IN = re.compile(r"^(?P<x>.+?)\s+(?:in|near|outside)\s+(?P<y>.+)$")


def _qualified(x: str, y: str, hint: str | None) -> Place | None:
    outer = resolve_place(y, hint)
    if outer is None:
        return geo.geocode(x, hint)
    found = geo.candidates(x, outer.country_code, limit=10)
    same_country = [p for p in found if p.country_code == outer.country_code]
    if outer.precision == "region":
        in_region = [p for p in same_country if p.admin1 and geo.normalize_place_name(p.admin1)
                     == geo.normalize_place_name(outer.admin1 or outer.name)]
        if in_region:
            return in_region[0]
    if same_country:
        return same_country[0]
    return outer


def resolve_place(mention: str, country_hint: str | None = None) -> Place | None:
    """The place a mention names, or None (never raises on odd text)."""
    text = " ".join((mention or "").split()).strip(" ,.;:")
    if not text:
        return None
    found = geo.geocode(text, country_hint)
    if found is not None:
        return found
    if "," in text:
        x, _, y = text.partition(",")
        if x.strip() and y.strip():
            return _qualified(x.strip(), y.strip(), country_hint)
    m = _IN.match(text)
    if m:
        return _qualified(m.group("x"), m.group("y"), country_hint)
    stripped = _LEAD_INS.sub("", text, count=1)
    if stripped != text:
        return resolve_place(stripped, country_hint)
    return None


def resolve_places(mentions: Iterable[str], country_hint: str | None = None) -> dict[str, Place | None]:
    """Each mention resolved on its own."""
    return {m: resolve_place(m, country_hint) for m in mentions}
