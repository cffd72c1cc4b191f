"""resolve(): a chain resolved jointly, with honest precision (needs the built index)."""

from __future__ import annotations

import pytest

from tacitus.geo import Chain, PlaceName, find_chains, resolve
from tacitus.geo.normalize import km


def first_chain(text: str) -> Chain:
    return next(c for c in find_chains(text) if not c.dateline)


@pytest.mark.parametrize("text, country", [
    ("Assailants set fire to a school in Tamanrasset, Algeria.", "Algeria"),
    ("A device exploded near a mosque in Kanam, Plateau, Nigeria.", "Nigeria"),
    ("JNIM attacked a market in Koutougou (Soum, Sahel).", "Burkina Faso"),  # not Soum, Senegal
    ("Al Shabaab attacked a post in Bulla Hawa village (Bulla Hawa, Gedo).", "Somalia"),
    ("Gunmen killed two in Boni (Douentza, Mopti).", "Mali"),  # not a Boni elsewhere
    ("Protesters were shot in Tripoli (Tripoli, North).", "Lebanon"),  # not Libya
    ("Rioting spread to Jalal-Abad city (Jalal-Abad).", "Kyrgyzstan"),  # not Jalalabad, Afghanistan
    ("A bomb exploded in the Democratic Republic of Congo.", "Democratic Republic of Congo"),
])
def test_the_chain_decides_the_country(text, country):
    assert resolve(first_chain(text)).country == country


def test_the_country_named_binds():
    r = resolve(["Hyderabad", "Pakistan"])
    assert r.country_code == "PK" and r.precision == "town"
    assert resolve(["Hyderabad", "India"]).country_code == "IN"


def test_hint_and_context_break_ties():
    assert resolve(["Hyderabad"], country_hint="PK").country_code == "PK"
    assert resolve(["Hyderabad"], country_hint="Pakistan").country_code == "PK"
    assert resolve(["Hyderabad"], context_countries=["PK"]).country_code == "PK"


def test_town_fields_and_point():
    r = resolve(first_chain("A car bomb exploded in Baidoa town (Baidoa, Bay)."))
    assert (r.place, r.admin2, r.admin1, r.country) == ("Baidoa", "Baidoa", "Bay", "Somalia")
    assert (r.precision, r.geo_precision) == ("town", 1)
    assert km(r.latitude, r.longitude, 3.11, 43.65) < 15 and r.geonameid


def test_an_unknown_village_sits_at_its_district():
    r = resolve(first_chain("Militants raided Qwertykouli village (Soum, Sahel)."))
    assert r.place == "Qwertykouli" and r.country == "Burkina Faso"
    assert (r.admin2, r.admin1) == ("Soum", "Sahel")
    assert r.precision == "district" and r.geo_precision == 2
    assert r.latitude is not None  # the district's point, not the country's


def test_an_unknown_place_with_only_a_country_is_country_level():
    r = resolve(["Qwertykouli", "Mali"])
    assert r.place == "Qwertykouli" and r.precision == "country" and r.geo_precision == 3


def test_a_district_alone_gives_its_country():
    r = resolve(first_chain("A drone struck in Nad Ali district."))
    assert r.country == "Afghanistan" and r.precision == "district"


@pytest.mark.parametrize("text, geo, has_point", [
    ("Troops clashed with Al Shabaab 30 km northeast of Jilib (Jilib, Middle Juba).", 2, False),
    ("Troops clashed with Al Shabaab near Jilib (Jilib, Middle Juba).", 2, True),
    ("Troops clashed with Al Shabaab in Jilib (Jilib, Middle Juba).", 1, True),
])
def test_near_and_far(text, geo, has_point):
    r = resolve(first_chain(text))
    assert r.place == "Jilib" and r.geo_precision == geo
    assert (r.latitude is not None) is has_point


def test_a_part_of_a_town_gives_the_town():
    r = resolve(first_chain("Clashes in Mogadishu - Hodan (Banadir) left 2 dead."))
    assert (r.place, r.admin2, r.precision) == ("Mogadishu", "Hodan", "town")
    r = resolve(first_chain("A blast killed 3 in the Daraj neighbourhood of Gaza City."))
    assert r.place == "Gaza City" and r.country == "Palestine"


def test_transliterations_inside_a_known_country():
    r = resolve(["Hudur", "Somalia"])
    assert r.precision in ("town", "district") and r.country_code == "SO"
    assert km(r.latitude, r.longitude, 4.12, 43.89) < 20


def test_nothing_known_gives_none():
    assert resolve(["Qwertykouli"]) is None
    assert resolve([]) is None
    assert resolve(Chain((PlaceName("Police", 0, 6),), 0, 6)) is None
