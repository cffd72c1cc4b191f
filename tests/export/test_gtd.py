"""The GTD export: one row per incident, coded as the GTD codebook codes."""

from __future__ import annotations

import pytest

from tacitus.export import gtd


@pytest.fixture(scope="module")
def rows(record_incidents):
    return {r["country_txt"]: r for r in gtd.rows(record_incidents)}


def test_date_parts_and_event_id(rows):
    somalia, kabul = rows["Somalia"], rows["Afghanistan"]
    assert (somalia["iyear"], somalia["imonth"], somalia["iday"]) == (2022, 10, 29)
    assert str(somalia["eventid"]).startswith("20221029") and len(str(somalia["eventid"])) == 12
    assert (kabul["imonth"], kabul["iday"], kabul["approxdate"]) == (8, 0, "2021-08")


def test_attack_target_weapon_and_region_codes(rows):
    somalia, pakistan = rows["Somalia"], rows["Pakistan"]
    assert (somalia["attacktype1"], somalia["attacktype1_txt"]) == (3, "Bombing/Explosion")
    assert (somalia["targtype1"], somalia["target1"]) == (2, "Ministry of Education")
    assert (somalia["weaptype1"], somalia["weaptype1_txt"]) == (6, "Explosives")
    assert (somalia["region"], somalia["region_txt"]) == (11, "Sub-Saharan Africa")
    assert pakistan["region_txt"] == "South Asia" and pakistan["specificity"] == 1


def test_group_claim_and_tolls(rows):
    somalia, pakistan, kabul = rows["Somalia"], rows["Pakistan"], rows["Afghanistan"]
    assert (somalia["gname"], somalia["claimed"], somalia["guncertain1"]) == ("al-Shabaab", 1, 0)
    assert (pakistan["gname"], pakistan["claimed"], pakistan["guncertain1"]) == ("Tehrik-i-Taliban Pakistan", 0, 1)
    assert kabul["gname"] == "Unknown"
    assert somalia["nkill"] == 100 and somalia["tacitus_killed_high"] == 121
    assert somalia["nwound"] is None  # no source gives a number: GTD's unknown, not 0
