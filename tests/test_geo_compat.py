"""Offline geocoder: countries first, regions, cities, stop words, data files."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import pytest

from tacitus import geo
from tacitus.geo import compat_index
from tacitus.errors import DataFileError
from tacitus.geo import Place, candidates, country_by_code, country_by_name, geocode


def km(a: Place, lat: float, lon: float) -> float:
    p1, p2 = math.radians(a.latitude), math.radians(lat)
    dp, dl = p2 - p1, math.radians(lon - a.longitude)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))


# --- countries ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, code, display",
    [
        ("USA", "US", "United States"),
        ("U.S.", "US", "United States"),
        ("u.s.", "US", "United States"),
        ("US", "US", "United States"),
        ("America", "US", "United States"),
        ("United States", "US", "United States"),
        ("the United States", "US", "United States"),
        ("France", "FR", "France"),
        ("france", "FR", "France"),
        ("China", "CN", "China"),
        ("Britain", "GB", "United Kingdom"),
        ("UK", "GB", "United Kingdom"),
        ("Russia", "RU", "Russia"),
        ("Russian Federation", "RU", "Russia"),
        ("Iran", "IR", "Iran"),
        ("Syria", "SY", "Syria"),
        ("Turkey", "TR", "Turkey"),
        ("Türkiye", "TR", "Turkey"),
        ("Ivory Coast", "CI", "Ivory Coast"),
        ("Côte d'Ivoire", "CI", "Ivory Coast"),
        ("DR Congo", "CD", "Democratic Republic of Congo"),
        ("Burma", "MM", "Myanmar"),
        ("el salvador", "SV", "El Salvador"),
        ("the Netherlands", "NL", "Netherlands"),
        ("Georgia", "GE", "Georgia"),
        ("Czech Republic", "CZ", "Czechia"),  # looks like "X republic", a region form
        ("Dominican Republic", "DO", "Dominican Republic"),
        ("Republic of the Congo", "CG", "Republic of Congo"),
        ("State of Palestine", "PS", "Palestine"),
    ],
)
def test_countries_resolve_to_countries(name, code, display):
    place = geocode(name)
    assert place is not None
    assert (place.country_code, place.precision, place.name, place.country) == (
        code, "country", display, display)
    assert country_by_name(name) == place


def test_every_country_resolves_by_its_names():
    import pycountry

    g = geo.load()
    for code, place in g.countries.items():
        record = pycountry.countries.get(alpha_2=code)
        names = {place.name} | ({record.name} if record else set())
        for n in names - {"Congo"}:  # pycountry's name for CG; "Congo" defaults to CD
            assert geocode(n) == place, n


def test_country_never_resolves_to_a_town_of_the_same_name():
    france = geocode("France")
    assert france.precision == "country"
    assert km(france, 46.2, 2.2) < 150  # the centroid, not a village called France
    assert all(p.precision == "country" for p in candidates("France", limit=1))


@pytest.mark.parametrize("hint, code", [(None, "CD"), ("CD", "CD"), ("CG", "CG"),
                                        ("Republic of the Congo", "CG")])
def test_congo_follows_the_hint(hint, code):
    assert geocode("Congo", hint).country_code == code
    assert country_by_name("Congo", hint).country_code == code


def test_georgia_with_a_us_hint_is_the_state():
    place = geocode("Georgia", country_hint="US")
    assert (place.name, place.country_code, place.precision) == ("Georgia", "US", "region")
    assert 30 < place.latitude < 35 and -86 < place.longitude < -80
    # the country stays a candidate, just second
    ranked = candidates("Georgia", "US")
    assert ranked[1].country_code == "GE" and ranked[1].precision == "country"
    assert geocode("Georgia", country_hint="United States").country_code == "US"


def test_lowercase_us_is_a_pronoun_not_a_country():
    assert geocode("us") is None
    assert country_by_name("us") is None


def test_country_by_name_knows_only_countries():
    assert country_by_name("Paris") is None
    assert country_by_name("Balochistan") is None
    assert country_by_name("Burma").country_code == "MM"
    assert country_by_code("fr").name == "France"
    assert country_by_code("ZZ") is None


# --- cities ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, hint, code, lat, lon",
    [
        ("Paris", None, "FR", 48.85, 2.35),
        ("Paris", "US", "US", 33.66, -95.56),  # Paris, Texas: the largest in the US
        ("Kabul", None, "AF", 34.53, 69.17),
        ("Peshawar", None, "PK", 34.01, 71.58),
        ("Mogadishu", None, "SO", 2.04, 45.34),
        ("Krasnogorsk", None, "RU", 55.82, 37.33),
        ("Moscow", None, "RU", 55.75, 37.62),
        ("Istanbul", None, "TR", 41.01, 28.95),
        ("Kerman", None, "IR", 30.28, 57.08),
        ("Garissa", None, "KE", -0.45, 39.65),
        ("Maiduguri", None, "NG", 11.85, 13.16),
        ("Quetta", None, "PK", 30.18, 67.00),
        ("Ayacucho", None, "PE", -13.16, -74.22),
        ("San Salvador", None, "SV", 13.69, -89.19),
        ("san salvador", None, "SV", 13.69, -89.19),
        ("lima", None, "PE", -12.04, -77.03),
        ("Kiev", None, "UA", 50.45, 30.52),  # alternate name
        ("St. Petersburg", None, "RU", 59.94, 30.31),
        ("Sana'a", None, "YE", 15.35, 44.21),
        ("Hasakah", None, "SY", 36.50, 40.75),  # GeoNames has "Al Hasakah"
        ("Gaza", None, "PS", 31.50, 34.47),  # the city beats Gaza province, Mozambique
        ("La Paz", None, "BO", -16.50, -68.15),
        ("flores", "GT", "GT", 16.92, -89.90),
        ("Man", "CI", "CI", 7.41, -7.55),  # a stop word, but the hint has it
    ],
)
def test_cities(name, hint, code, lat, lon):
    place = geocode(name, hint)
    assert place is not None, name
    assert place.precision == "city"
    assert place.country_code == code
    assert km(place, lat, lon) < 30
    assert place.geonameid and place.population > 0


def test_city_fields():
    place = geocode("Krasnogorsk")
    assert place.name == "Krasnogorsk"
    assert place.country == "Russia"
    assert place.admin1 == "Moscow Oblast"
    paris = geocode("Paris", "US")
    assert paris.admin1 == "Texas"
    assert geocode("Peshawar").admin1 == "Khyber Pakhtunkhwa"
    assert geocode("Kandahar").name == "Kandahar"  # GeoNames' "Kandahār", made readable


def test_candidates_ranked_and_limited():
    ranked = candidates("Paris", limit=3)
    assert len(ranked) == 3
    assert ranked[0].country_code == "FR"
    assert "US" in {p.country_code for p in ranked}
    assert candidates("Paris", limit=0) == []
    assert candidates("Police") == []


# --- regions -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, hint, display, code",
    [
        ("Moscow region", None, "Moscow Oblast", "RU"),
        ("Moscow Oblast", None, "Moscow Oblast", "RU"),
        ("Balochistan", None, "Balochistan", "PK"),
        ("Baluchistan", None, "Balochistan", "PK"),
        ("Khyber Pakhtunkhwa", None, "Khyber Pakhtunkhwa", "PK"),
        ("Sistan and Baluchestan", None, "Sistan and Baluchestan", "IR"),
        ("Idlib province", None, "Idlib Governorate", "SY"),
        ("Kandahar province", None, "Kandahar Province", "AF"),
        ("Helmand", None, "Helmand", "AF"),
        ("Borno State", None, "Borno", "NG"),
        ("Plateau State", None, "Plateau State", "NG"),
        ("Donetsk region", None, "Donetsk Oblast", "UA"),
        ("Tigray", None, "Tigray", "ET"),
        ("North Kivu", None, "North Kivu", "CD"),
        ("Cabo Delgado", None, "Cabo Delgado", "MZ"),
        ("Sinai", None, "Sinai", "EG"),
        ("Kashmir", None, "Jammu and Kashmir", "IN"),
        ("morazan", None, "Morazan", "SV"),
        ("usulutan department", None, "Usulutan", "SV"),
        ("el peten department", None, "Peten", "GT"),
        ("Punjab", "IN", "Punjab", "IN"),
        ("Texas", None, "Texas", "US"),
        ("New York state", None, "New York", "US"),
        ("Kerman province", None, "Kerman", "IR"),  # from pycountry, tied through the city
        ("Sinaloa", None, "Sinaloa", "MX"),  # not the village of Sinaloa
    ],
)
def test_regions(name, hint, display, code):
    place = geocode(name, hint)
    assert place is not None, name
    assert (place.name, place.country_code, place.precision) == (display, code, "region")
    assert place.admin1 == display


def test_region_points_are_inside_their_country():
    assert km(geocode("Balochistan"), 28.5, 65.1) < 100
    assert km(geocode("Moscow region"), 55.7, 37.6) < 100
    kerman = geocode("Kerman province")
    assert 26 < kerman.latitude < 32 and 54 < kerman.longitude < 60


def test_bare_name_of_city_and_region_is_the_city():
    assert geocode("Kandahar").precision == "city"
    assert geocode("Idlib").precision == "city"
    assert geocode("Donetsk").precision == "city"
    assert geocode("New York").name == "New York City"


def test_islamic_state_is_not_a_region():
    assert geocode("Islamic State") is None
    assert geocode("the Islamic State") is None


# --- refusals ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["Xyzzyville", "Qwertystan Province", "Nowhere-on-Sea", "",
                                  "   ", "12345", "!!", "a"])
def test_unknown_names_give_none(name):
    assert geocode(name) is None
    assert candidates(name) == []


@pytest.mark.parametrize(
    "name",
    ["Of", "of", "Police", "Mosque", "Hall", "Man", "Hope", "The", "Army", "Are", "was", "drug",
     "Rest", "Surprise", "front", "Liberation", "Monday", "Delta"],
)
def test_stop_words_give_none(name):
    assert geocode(name) is None


def test_one_bad_name_does_not_affect_others():
    results = geo.geocode_many(["Kabul", "Xyzzyville", "Police", "\x00\x01", "Quetta"])
    assert results["Kabul"].country_code == "AF"
    assert results["Xyzzyville"] is None and results["Police"] is None
    assert results["\x00\x01"] is None
    assert results["Quetta"].country_code == "PK"
    assert geocode(None) is None  # type: ignore[arg-type]
    assert geocode("Kabul", country_hint="not a country").country_code == "AF"


# --- normalisation -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, key",
    [
        ("São Paulo", "sao paulo"),
        ("St. Louis", "saint louis"),
        ("Sana'a", "sanaa"),
        ("Khyber-Pakhtunkhwa", "khyber pakhtunkhwa"),
        ("  The  Hague ", "hague"),
        ("MOSCOW", "moscow"),
        ("Kandahār", "kandahar"),
    ],
)
def test_normalize(raw, key):
    assert geo.normalize_place_name(raw) == key


# --- bundled data ------------------------------------------------------------------------

DATA = Path(geo.__file__).resolve().parents[1] / "data"


def test_centroid_table_covers_every_country():
    rows = list(csv.DictReader((DATA / "country_centroids.csv").open(encoding="utf-8")))
    codes = {r["iso2"] for r in rows}
    g = geo.load()
    assert set(g.countries) <= codes
    for r in rows:
        assert -90 <= float(r["lat"]) <= 90 and -180 <= float(r["lon"]) <= 180


def test_country_centroids_lie_near_their_towns():
    """Each centroid lies within the (padded) box of its country's GeoNames towns."""
    g = geo.load()
    box: dict[str, list[float]] = {}
    for i, cc in enumerate(g.city_cc):
        la, lo = g.city_lat[i], g.city_lon[i]
        b = box.setdefault(cc, [la, la, lo, lo])
        b[0], b[1], b[2], b[3] = min(b[0], la), max(b[1], la), min(b[2], lo), max(b[3], lo)
    bad = []
    for code, place in g.countries.items():
        if code not in box or code in {"FJ", "KI", "RU", "US", "NZ", "UM"}:  # antimeridian
            continue
        b = box[code]
        if not (b[0] - 2 <= place.latitude <= b[1] + 2 and b[2] - 2 <= place.longitude <= b[3] + 2):
            bad.append(code)
    assert bad == []


def test_region_table():
    rows = list(csv.DictReader((DATA / "regions.csv").open(encoding="utf-8")))
    assert len(rows) >= 80
    g = geo.load()
    for r in rows:
        assert r["name"].strip()
        assert r["iso2"] in g.countries, r
        lat, lon = float(r["lat"]), float(r["lon"])
        # the point is within the padded box of its country's towns
        towns = [i for i, cc in enumerate(g.city_cc) if cc == r["iso2"]] or None
        if towns:
            lats = [g.city_lat[i] for i in towns]
            lons = [g.city_lon[i] for i in towns]
            assert min(lats) - 2 <= lat <= max(lats) + 2, r
            assert min(lons) - 2 <= lon <= max(lons) + 2, r


def test_malformed_region_table_is_reported(tmp_path):
    bad = tmp_path / "regions.csv"
    bad.write_text("name,aliases,iso2,lat,lon\nSomewhere,,XX,north,east\n", encoding="utf-8")
    with pytest.raises(DataFileError):
        compat_index.read_regions(bad)
    empty = tmp_path / "empty.csv"
    empty.write_text("name,aliases,iso2,lat,lon\n", encoding="utf-8")
    with pytest.raises(DataFileError):
        compat_index.read_regions(empty)


def test_cache_is_reused(tmp_path, monkeypatch):
    """A second process loads the marshalled index instead of rebuilding it."""
    geo.load()
    path = compat_index.cache_path()
    assert path.exists()  # written by the first load in this session (or an earlier one)
    monkeypatch.setattr(compat_index, "build_index", lambda: pytest.fail("rebuilt despite the cache"))
    built = compat_index.load_index()
    assert built["version"] == compat_index.INDEX_VERSION
