"""The old lookups: :func:`geocode`, :func:`candidates`, :func:`country_by_name`,
:func:`country_by_code`, returning :class:`Place` (precision "city" | "region" | "country").

Kept with their semantics for the callers that use them; the new resolver of place chains is
:func:`tacitus.geo.resolve`. Rules, in order:

1. Names match whole, after normalisation (case, accents, punctuation, "St." = "Saint");
   never partially. Everyday English words that GeoNames also holds as places ("Police",
   "Are") are refused; words that are also notable places ("Man", "Reading") are accepted only
   when the hint country has them.
2. A country name wins over any place of the same name ("France", "Georgia"), unless the hint
   names another country that has a region of that name (Georgia with hint US).
3. "X province/region/oblast/state/department/..." looks for regions only.
4. Otherwise places in the hint country come first; then cities rank by population (a match
   on an alternate name counts a tenth) and a region ranks as if it had 100,000 people, except
   that a same-named city of its own country beats it when the city holds 5% of the region's
   people ("Kandahar", "Idlib" are the cities; "Sinaloa" is the state, not the village).
"""

from __future__ import annotations

import logging
from array import array
from collections.abc import Iterable
from dataclasses import dataclass

from tacitus.errors import DataFileError

from .compat_index import Region, load_index, split_region
from .countries import Countries, countries
from .normalize import article_variants, normalize_place_name
from .vocab import hard_stop, soft_stop, units

log = logging.getLogger(__name__)

# Calibrated by hand on the old place list (tests/data/resolution/places.csv) and tests/test_geo.py.
CITY_BEATS_REGION = 100_000  # a city this large beats a same-named region of another country
HINT_ALTERNATE_MIN_POP = 5_000  # smallest alternate-name match the country hint promotes
ALTERNATE_NAME_WEIGHT = 0.1  # alternate-name matches rank as if this fraction of the population
SAME_NAME_CITY_SHARE = 0.05  # a same-named city beats its region with this share of its people
ALTERNATE_CITY_SHARE = 0.2  # ... or, matched on an alternate name, this share and 100,000 people


@dataclass(frozen=True)
class Place:
    name: str  # canonical name ("Krasnogorsk", "Russia", "Moscow Oblast")
    country_code: str  # ISO 3166-1 alpha-2
    country: str  # canonical country name ("Russia", "Iran", "United States")
    admin1: str | None  # first-level region, when known
    latitude: float
    longitude: float
    precision: str  # "city" | "region" | "country"
    population: int = 0
    geonameid: int | None = None


def _standin(word: str) -> bool:
    unit = units().get(word)
    return unit is not None and unit.standin


class _Gazetteer:
    """The loaded data. Build with :func:`load`; never mutated afterwards."""

    def __init__(self, built: dict, table: Countries):
        self.city_names: list[str] = built["names"].split("\n")
        self.city_cc: list[str] = built["cc"].split("\n")
        self.city_admin1: list[str] = built["admin1"].split("\n")
        self.city_lat = array("d")
        self.city_lat.frombytes(built["lat"])
        self.city_lon = array("d")
        self.city_lon.frombytes(built["lon"])
        self.city_pop = array("q")
        self.city_pop.frombytes(built["pop"])
        self.city_gid = array("q")
        self.city_gid.frombytes(built["gid"])
        values = array("q")
        values.frombytes(built["values"])
        # a value >= 0 is one posting; -(offset + 1) points at [n, posting...] in _postings
        self.city_index: dict[str, int] = dict(zip(built["keys"].split("\n"), values.tolist()))
        self._postings = array("q")
        self._postings.frombytes(built["postings"])

        # regions (assembled at build time: derived, curated, linked)
        self.table = table
        self.countries: dict[str, Place] = {
            c.code: Place(name=c.name, country_code=c.code, country=c.name, admin1=None,
                          latitude=c.latitude, longitude=c.longitude, precision="country",
                          population=c.population, geonameid=c.geonameid)
            for c in table.by_code.values()
        }
        self.regions: list[Region] = [
            Region(r[0], r[1], r[2], r[3], r[4], r[5], r[6], bool(r[7]), tuple(r[8]))
            for r in built["regions"]
        ]
        self.admin1_names: dict[tuple[str, str], str] = {}
        self.region_index: dict[str, list[int]] = {}
        for i, r in enumerate(self.regions):
            for k in r.keys:
                self.region_index.setdefault(k, []).append(i)
            if r.admin1 is not None:
                key = (r.country_code, r.admin1)
                if r.curated or key not in self.admin1_names:
                    self.admin1_names[key] = r.name

    def country_code_for(self, raw: str, hint: str | None) -> str | None:
        return self.table.code_for(raw, hint)

    def city_place(self, i: int) -> Place:
        cc = self.city_cc[i]
        country = self.countries.get(cc)
        return Place(
            name=self.city_names[i],
            country_code=cc,
            country=country.name if country else cc,
            admin1=self.admin1_names.get((cc, self.city_admin1[i])),
            latitude=self.city_lat[i],
            longitude=self.city_lon[i],
            precision="city",
            population=self.city_pop[i],
            geonameid=self.city_gid[i],
        )

    def region_place(self, r: Region) -> Place:
        country = self.countries.get(r.country_code)
        return Place(
            name=r.name,
            country_code=r.country_code,
            country=country.name if country else r.country_code,
            admin1=r.name,
            latitude=r.latitude,
            longitude=r.longitude,
            precision="region",
            population=r.population,
            geonameid=r.geonameid,
        )

    def city_matches(self, key: str) -> list[tuple[int, bool]]:
        """(city index, matched on its primary name) for every city called ``key``."""
        entry = self.city_index.get(key)
        if entry is None:
            return []
        if entry >= 0:
            codes = (entry,)
        else:
            off = -entry - 1
            codes = self._postings[off + 1: off + 1 + self._postings[off]]
        return [(c >> 1, not (c & 1)) for c in codes]

    def region_matches(self, key: str) -> list[Region]:
        return [self.regions[i] for i in self.region_index.get(key, ())]


_GAZETTEER: _Gazetteer | None = None


def load() -> _Gazetteer:
    """The gazetteer, loaded (and built on first use) once per process."""
    global _GAZETTEER
    if _GAZETTEER is None:
        _GAZETTEER = _Gazetteer(load_index(), countries())
    return _GAZETTEER


# --- the public API --------------------------------------------------------------------------


def _hint_code(hint: str | None) -> str | None:
    return countries().hint_code(hint)


def country_by_code(code: str) -> Place | None:
    """The country with ISO alpha-2 ``code`` ("FR"), or None."""
    if not code:
        return None
    return load().countries.get(code.strip().upper())


def country_by_name(name: str, country_hint: str | None = None) -> Place | None:
    """The country called ``name`` ("Iran", "USA", "U.S.", "Britain", "DR Congo"), or None.

    Only countries: "Paris" gives None. "Congo" and "Korea" go to the hinted member of the
    pair, else to the Democratic Republic of the Congo and South Korea.
    """
    if not name or not name.strip():
        return None
    g = load()
    hint = _hint_code(country_hint) if country_hint else None
    code = g.country_code_for(name, hint)
    return g.countries.get(code) if code else None


def candidates(name: str, country_hint: str | None = None, limit: int = 5) -> list[Place]:
    """Places called ``name``, best first (at most ``limit``); [] when nothing fits."""
    if limit <= 0 or not name or not name.strip():
        return []
    g = load()
    hint = _hint_code(country_hint)
    key = normalize_place_name(name)
    if len(key) < 2 or key.replace(" ", "").isdigit():
        return []

    code = g.country_code_for(name, hint)
    if key in hard_stop() and code is None:
        return []
    soft = key in soft_stop() and code is None
    if len(key) < 3 and code is None:
        return []

    out: list[Place] = []
    runner_up: Place | None = None
    # a full country name wins even when it looks like a region ("Czech Republic")
    split = split_region(key) if code is None else None
    if code is not None:
        country = g.countries.get(code)
        if country is not None:
            # "Georgia" with a US hint: a region of the hinted country outranks the country.
            if hint and hint != code and any(r.country_code == hint for r in g.region_matches(key)):
                runner_up = country
            else:
                out.append(country)

    ranked: list[tuple[tuple, Place]] = []
    if split is not None:
        base, word = split
        regions = g.region_matches(key)
        full_ids = {id(r) for r in regions}
        if base not in hard_stop():
            regions += [r for r in g.region_matches(base) if id(r) not in full_ids]
        if base in soft_stop():  # "Plateau State" is fine, "Plateau region" needs the hint
            regions = [r for r in regions if id(r) in full_ids or r.country_code == hint]
        for r in regions:
            ranked.append(((r.country_code == hint, id(r) in full_ids, r.curated, r.population),
                           g.region_place(r)))
        if not regions and _standin(word) and base not in hard_stop():
            for i, primary in _city_hits(g, base):
                p = g.city_place(i)
                stand_in = Place(
                    name=f"{p.name} {word.title()}", country_code=p.country_code,
                    country=p.country, admin1=p.admin1, latitude=p.latitude,
                    longitude=p.longitude, precision="region", population=0, geonameid=None,
                )
                ranked.append(((p.country_code == hint, primary, 0, p.population), stand_in))
        if soft:
            ranked = [r for r in ranked if hint and r[1].country_code == hint]
    else:
        cities = _city_hits(g, key)
        regions = [r for r in g.region_matches(key) if not (code and r.country_code == code)]
        for i, primary in cities:
            # the hint promotes a town matched on an alternate name only if it is no hamlet
            in_hint = g.city_cc[i] == hint and (primary or g.city_pop[i] >= HINT_ALTERNATE_MIN_POP)
            ranked.append(((in_hint, _city_score(g, i, primary), 0, g.city_pop[i]),
                           g.city_place(i)))
        for r in regions:
            ranked.append(((r.country_code == hint, _region_score(g, r, cities),
                            1 + r.curated, r.population), g.region_place(r)))
        if soft:
            ranked = [r for r in ranked if hint and r[1].country_code == hint]

    ranked.sort(key=lambda item: item[0], reverse=True)
    places = [p for _, p in ranked]
    if runner_up is not None:
        places.insert(1, runner_up)
    seen = {(p.name, p.country_code, p.precision) for p in out}
    for place in places:
        ident = (place.name, place.country_code, place.precision)
        if ident in seen:
            continue
        seen.add(ident)
        out.append(place)
        if len(out) >= limit:
            break
    return out[:limit]


def _city_score(g: _Gazetteer, i: int, primary: bool) -> float:
    return g.city_pop[i] * (1.0 if primary else ALTERNATE_NAME_WEIGHT)


def _region_score(g: _Gazetteer, r: Region, cities: list[tuple[int, bool]]) -> float:
    """A region's rank among same-named cities (which rank by population).

    A city of the region's own country beats it when the city is a sizeable part of it
    ("Kandahar", "Idlib", "Donetsk", but not the village of "Sinaloa"); a city elsewhere
    beats it when it has ``CITY_BEATS_REGION`` people ("La Paz", "Gaza").
    """
    winners, losers = [], []
    for i, primary in cities:
        if g.city_cc[i] != r.country_code:
            continue
        pop = g.city_pop[i]
        if primary:
            wins = pop >= SAME_NAME_CITY_SHARE * r.population
        else:
            wins = (pop >= CITY_BEATS_REGION and r.population > 0
                    and pop >= ALTERNATE_CITY_SHARE * r.population)
        (winners if wins else losers).append(_city_score(g, i, primary))
    if winners:
        return min(winners) - 0.5
    return max([CITY_BEATS_REGION - 0.5] + [x + 0.5 for x in losers])


def _city_hits(g: _Gazetteer, key: str) -> list[tuple[int, bool]]:
    for variant in article_variants(key):
        hits = g.city_matches(variant)
        if hits:
            return hits
    return []


def geocode(name: str, country_hint: str | None = None) -> Place | None:
    """The most likely place called ``name`` (a country, region or city), or None.

    ``country_hint`` (ISO alpha-2 or a country name) is the country the text is about; places
    in it are preferred. An unknown or refused name gives None and never raises.
    """
    try:
        found = candidates(name, country_hint, limit=1)
    except DataFileError:
        raise
    except Exception:  # a bad name must not stop the others
        log.debug("geocode(%r) failed", name, exc_info=True)
        return None
    return found[0] if found else None


def geocode_many(names: Iterable[str], country_hint: str | None = None) -> dict[str, Place | None]:
    """``geocode`` over several names; each is resolved on its own."""
    return {n: geocode(n, country_hint) for n in names}