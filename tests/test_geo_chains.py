"""find_chains: location phrases of coder and wire styles as chains of names (pure text)."""

from __future__ import annotations

import pytest

from tacitus.geo import find_chains


def names(text: str) -> list[list[tuple[str, str | None]]]:
    return [[(n.text, n.kind) for n in c.names] for c in find_chains(text)]


@pytest.mark.parametrize("text, chain", [
    ("Militants attacked a market in Tinzaouaten (Abeibara, Kidal).",
     [("Tinzaouaten", None), ("Abeibara", None), ("Kidal", None)]),
    ("Gunmen raided Garin Fulani village (Zurmi, Zamfara) at night.",
     [("Garin Fulani", "village"), ("Zurmi", None), ("Zamfara", None)]),
    ("A bomb went off in Baidoa town (Baidoa, Bay).",
     [("Baidoa", "town"), ("Baidoa", None), ("Bay", None)]),
    ("Assailants attacked a checkpoint in Ndop, Ngo-Ketunjia, North-West, Cameroon.",
     [("Ndop", None), ("Ngo-Ketunjia", None), ("North-West", None), ("Cameroon", None)]),
    ("A convoy was hit in Chak district, Wardak, Afghanistan.",
     [("Chak", "district"), ("Wardak", None), ("Afghanistan", None)]),
    ("A rocket struck in the Nad Ali district of Helmand province.",
     [("Nad Ali", "district"), ("Helmand", "province")]),
    ("Fighting was reported in the town of Mocímboa da Praia, Cabo Delgado.",
     [("Mocímboa da Praia", "town"), ("Cabo Delgado", None)]),
    ("Shells fell on homes in Kherson, Kherson Oblast, Ukraine.",
     [("Kherson", None), ("Kherson", "oblast"), ("Ukraine", None)]),
])
def test_chains_in_coder_styles(text, chain):
    assert chain in names(text)


def test_offsets_point_into_the_text():
    text = "On 2 May 2022, JNIM attacked soldiers in Djibo (Soum, Sahel)."
    (chain,) = find_chains(text)
    for n in chain.names:
        assert text[n.start:n.end] == n.text
    assert text[chain.end - 1] == ")"


@pytest.mark.parametrize("text, near, km", [
    ("Troops clashed with militants 30 km northeast of Jilib.", True, 30.0),
    ("Troops clashed with militants 12 miles south of Xudur.", True, pytest.approx(19.3, abs=0.1)),
    ("A mine exploded near Gossi.", True, None),
    ("A mine exploded on the outskirts of Gao.", True, None),
    ("A mine exploded in Gao.", False, None),
])
def test_near_and_distance(text, near, km):
    (chain,) = find_chains(text)
    assert chain.near is near
    assert chain.distance_km == km


def test_between_gives_both_places_near():
    chains = find_chains("Shelling was reported between Bakhmut and Soledar.")
    assert [c.names[0].text for c in chains] == ["Bakhmut", "Soledar"]
    assert all(c.near for c in chains)


def test_dateline_is_marked():
    chains = find_chains("KABUL, Afghanistan (Reuters) - A bomb exploded in Jalalabad on Monday.")
    assert chains[0].dateline and [n.text for n in chains[0].names] == ["Kabul", "Afghanistan"]
    assert [n.text for n in chains[1].names] == ["Jalalabad"] and not chains[1].dateline


def test_a_part_of_a_town_is_marked():
    (chain,) = find_chains("Clashes in Mogadishu - Hodan (Banadir) left 2 dead.")
    assert [(n.text, n.kind) for n in chain.names] == [
        ("Hodan", "quarter"), ("Mogadishu", None), ("Banadir", None)]


@pytest.mark.parametrize("text, first", [
    ("In Kabul, Taliban fighters said nothing.", ["Kabul"]),  # no link "Taliban"
    ("Fighting in Sangha, Bandiagara, Mopti, Mali and in Boni.",
     ["Sangha", "Bandiagara", "Mopti", "Mali"]),
    ("A bomb exploded in the Democratic Republic of Congo.", ["Democratic Republic of Congo"]),
    ("Troops moved in Jammu and Kashmir.", ["Jammu and Kashmir"]),
])
def test_where_a_chain_stops(text, first):
    assert [n.text for n in find_chains(text)[0].names] == first


@pytest.mark.parametrize("text", [
    "Boko Haram (JAS) fighters attacked the base.",  # an acronym in brackets is not a place
    "The attack happened in March.",
    "Nothing happened in 2019.",
])
def test_no_chain(text):
    assert find_chains(text) == []


# --- wire phrasing, venues, possessives and appositives (round two) -----------------------

@pytest.mark.parametrize("text, chain", [
    # "the <adjective> <unit> of X": a demonym names the country, "X-held" none
    ("A car bomb exploded in the northern Iraqi city of Kirkuk on Sunday.",
     [("Kirkuk", "city"), ("Iraqi", "demonym")]),
    ("Gunmen stormed the Somali town of Bulo Burte.", [("Bulo Burte", "town"), ("Somali", "demonym")]),
    ("Shells fell on the Russian-held city of Horlivka in eastern Ukraine.",
     [("Horlivka", "city"), ("Ukraine", None)]),
    ("Residents fled the town of Dikwa after the raid.", [("Dikwa", "town")]),
    # possessives: the possessor encloses what it owns
    ("Militants ambushed a convoy in Nigeria's Zamfara state.", [("Zamfara", "state"), ("Nigeria", None)]),
    ("Troops were attacked near Dikwa in northeastern Nigeria's Borno state late on Friday.",
     [("Dikwa", None), ("Borno", "state"), ("Nigeria", None)]),
    ("A blast shook Pakistan's capital.", [("Pakistan", "capital")]),
    ("A blast shook the Afghan capital on Friday.", [("Afghan", "capital")]),
    ("Sirens sounded in the Afghan capital, Kabul.", [("Kabul", "city"), ("Afghan", "demonym")]),
    # venue words before an ACLED parenthesis, with or without a cue
    ("On 4 June 2023, gunmen attacked the Mahaday police station (Jowhar, Middle Shabelle).",
     [("Mahaday", "station"), ("Jowhar", None), ("Middle Shabelle", None)]),
    ("Militants shelled Wetlet town (Shwebo, Sagaing).",
     [("Wetlet", "town"), ("Shwebo", None), ("Sagaing", None)]),
    ("Fighters attacked a base on the Kinkole peninsula (Lac).", [("Kinkole", "peninsula"), ("Lac", None)]),
    # a capitalised site word stays in the name and gives its kind
    ("A man opened fire outside the Bataclan Concert Hall in Paris.",
     [("Bataclan Concert Hall", "hall"), ("Paris", None)]),
    # an appositive names the unit enclosing a town
    ("Rebels overran Kurmuk, a border town in Blue Nile state, on Monday.",
     [("Kurmuk", None), ("Blue Nile", "state")]),
    ("Paramilitaries shelled El Obeid, the capital of North Kordofan state.",
     [("El Obeid", None), ("North Kordofan", "state")]),
    # a modifier is a lower-case word: "Northern Ireland" keeps its first word
    ("A bomb was defused in Northern Ireland.", [("Northern Ireland", None)]),
    # an apostrophe inside a place's own name is no possessive
    ("A bomb exploded in Cox's Bazar, Chittagong, Bangladesh.",
     [("Cox's Bazar", None), ("Chittagong", None), ("Bangladesh", None)]),
    ("Gunmen attacked a bus in St. John's, Antigua and Barbuda.",
     [("St. John's", None), ("Antigua and Barbuda", None)]),
])
def test_wire_shapes(text, chain):
    assert chain in names(text)


def test_a_part_of_a_possessor_is_near_it():
    (chain,) = find_chains("Rockets hit Kabul's western suburbs overnight.")
    assert [n.text for n in chain.names] == ["Kabul"] and chain.near


def test_a_dateline_and_the_body_chain_after_it():
    chains = find_chains("KHARTOUM, Sudan (Reuters) - Sudan's army said it retook El Obeid, the capital "
                         "of North Kordofan state, on Sunday.")
    assert chains[0].dateline and [n.text for n in chains[0].names] == ["Khartoum", "Sudan"]
    assert [n.text for n in chains[1].names] == ["El Obeid", "North Kordofan"]
    assert not chains[1].dateline


@pytest.mark.parametrize("text", [
    "Pakistan's army said the operation was over.",  # a possessive before a common noun
    "Russia's Wagner Group denied the report.",  # ... or before a name that is not a place
    "The Nigerian army said nothing.",
])
def test_no_chain_from_a_possessive_or_a_demonym_alone(text):
    assert find_chains(text) == []


def test_a_possessed_name_used_as_a_modifier_is_no_chain():
    assert find_chains("Outrage over Israel's Gaza war spread.") == []
