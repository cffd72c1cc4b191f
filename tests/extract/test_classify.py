"""The classifier's decision procedure on hand-built facts (no model loaded): the ACLED
sub-event type and the GTD attack type follow from trigger keys, actors' categories, the harmed
and the weapons, as the module docstring sets out."""

from __future__ import annotations

from collections import Counter

import pytest

from tacitus.extract.classify import _Facts, _gtd, _sub_event, barricade
from tacitus.taxonomy import taxonomy

STATE, REBELS, MILITIA = "State forces", "Rebel group", "Identity militia"


class FakeIndex:
    """Actor keys -> (kind, category), as the actor index answers."""

    def __init__(self, actors: dict[str, tuple[str, str | None]]):
        self.actors = actors

    def category(self, key):
        return self.actors[key][1]

    def kind(self, key):
        return self.actors[key][0]


INDEX = FakeIndex({"army": ("state_force", STATE), "police": ("state_force", STATE),
                   "jnim": ("armed_group", REBELS), "fulani": ("armed_group", MILITIA)})


def facts(keys=(), strong=None, side_a=(), side_b=(), harmed=None, hurt=False, weapons=(), **flags) -> _Facts:
    keys = set(keys)
    return _Facts(
        keys=keys, main_keys=set(flags.pop("main_keys", keys)), weapons=set(weapons),
        harmed=Counter(harmed or {}), hurt=hurt, prominent=flags.pop("prominent", False),
        side_a=list(side_a), side_b=list(side_b), armed_side_b=bool(side_b),
        unidentified=flags.pop("unidentified", False), strong_keys=set(keys if strong is None else strong),
        hostages=flags.pop("hostages", False), mob=flags.pop("mob", False),
        protesters=flags.pop("protesters", False), instruments=set(flags.pop("instruments", ())),
        lead_keys=set(flags.pop("lead_keys", keys)), barricade_context=flags.pop("barricade_context", False),
    )


def sub(f: _Facts) -> str | None:
    return _sub_event(f, INDEX, taxonomy())


def gtd(f: _Facts) -> str | None:
    return _gtd(f, sub(f), taxonomy())


@pytest.mark.parametrize("f, expected", [
    # an attack on combatants is a battle, on civilians violence against civilians
    (facts({"attack"}, side_a=["jnim"], harmed={"combatants": 2}, hurt=True), "armed_clash"),
    (facts({"attack"}, side_a=["jnim"], harmed={"civilians": 2}, hurt=True), "attack"),
    # a clash told outright is a battle whoever was hurt; "fighting" alone (weak) is not
    (facts({"armed_clash"}, side_a=["army"], side_b=["jnim"]), "armed_clash"),
    (facts({"armed_clash", "attack"}, strong={"attack"}, side_a=["jnim"], harmed={"civilians": 2}, hurt=True),
     "attack"),
    # explosions by mechanism; the weapon's kind refines a plain bomb
    (facts({"remote_explosive_landmine_ied"}, weapons={"suicide_bomb"}, hurt=True), "suicide_bomb"),
    (facts({"attack"}, instruments={"air_drone_strike"}, side_a=["army"], hurt=True), "air_drone_strike"),
    # a bomb told after a ground attack in the lead is part of the attack
    (facts({"attack", "remote_explosive_landmine_ied"}, lead_keys={"attack"}, side_a=["jnim"],
           harmed={"civilians": 2}, hurt=True), "attack"),
    # burning with nobody hurt is property destruction, even when "attacks" are named
    (facts({"looting_property_destruction", "attack"}, strong={"looting_property_destruction"}), "looting_property_destruction"),
    (facts({"looting_property_destruction", "attack"}, hurt=True, harmed={"civilians": 2}), "attack"),
    # a defused device
    (facts({"disrupted_weapons_use", "remote_explosive_landmine_ied"}), "disrupted_weapons_use"),
    # taking people, holding them where they were taken
    (facts({"abduction_forced_disappearance"}, side_a=["jnim"]), "abduction_forced_disappearance"),
    (facts({"abduction_forced_disappearance", "attack"}, hostages=True, barricade_context=True, hurt=True), "attack"),
    # territory: whose side took it decides
    (facts({"non_state_actor_overtakes_territory"}, side_a=["army"]), "government_regains_territory"),
    (facts({"non_state_actor_overtakes_territory"}, side_a=["jnim"]), "non_state_actor_overtakes_territory"),
    # arrests in a raid by state forces, nobody hurt
    (facts({"arrests", "attack"}, side_a=["police"]), "arrests"),
    (facts({"agreement"}), "agreement"),
])
def test_sub_event_types(f, expected):
    assert sub(f) == expected


@pytest.mark.parametrize("f, expected", [
    (facts({"peaceful_protest"}), "peaceful_protest"),
    (facts({"peaceful_protest", "protest_with_intervention"}), "protest_with_intervention"),
    (facts({"peaceful_protest", "attack"}, side_a=["police"], hurt=True), "excessive_force_against_protesters"),
    (facts({"peaceful_protest", "looting_property_destruction"}, protesters=True), "violent_demonstration"),
    (facts({"attack"}, protesters=True, hurt=True), "violent_demonstration"),
    # a dispersal alone tells no protest; an armed group striking a rally is an attack
    (facts({"protest_with_intervention"}), None),
    (facts({"peaceful_protest", "attack"}, side_a=["jnim"], hurt=True, harmed={"civilians": 2}), "attack"),
    (facts({"peaceful_protest", "remote_explosive_landmine_ied"}, weapons={"suicide_bomb"}, hurt=True), "suicide_bomb"),
    # a crowd that attacks is a mob; a crowd that marches is not
    (facts({"attack"}, mob=True, hurt=True), "mob_violence"),
    (facts({"peaceful_protest"}, mob=True), "peaceful_protest"),
])
def test_demonstrations_and_crowds(f, expected):
    assert sub(f) == expected


@pytest.mark.parametrize("f, expected", [
    (facts({"attack"}, side_a=["jnim"], harmed={"civilians": 2}, hurt=True), "armed_assault"),
    (facts({"armed_clash"}, side_a=["army"], side_b=["jnim"]), "armed_assault"),  # GTD codes a battle as armed assault
    (facts({"remote_explosive_landmine_ied"}, hurt=True), "bombing"),
    # GTD's hierarchy: assassination over bombing when a prominent person is singled out
    (facts({"remote_explosive_landmine_ied"}, hurt=True, prominent=True), "assassination"),
    # never an assassination in a battle
    (facts({"armed_clash"}, side_b=["army"], hurt=True, prominent=True), "armed_assault"),
    # a barricade outranks the kidnapping of the same people
    (facts({"abduction_forced_disappearance", "attack"}, hostages=True, barricade_context=True, hurt=True),
     "hostage_barricade"),
    (facts({"abduction_forced_disappearance"}), "kidnapping"),
    (facts({"hijacking", "remote_explosive_landmine_ied"}), "hijacking"),
    # a ramming without guns or blades is an unarmed assault; with a knife, armed
    (facts({"unarmed_assault"}, hurt=True, harmed={"civilians": 2}), "unarmed_assault"),
    (facts({"unarmed_assault", "attack"}, hurt=True, weapons={"blade"}, harmed={"civilians": 2}), "armed_assault"),
    # property destruction by fire with nobody hurt: GTD's facility attack
    (facts({"looting_property_destruction"}, strong={"looting_property_destruction"}), "infrastructure_attack"),
    # no GTD type for protests, riots, arrests, agreements
    (facts({"peaceful_protest"}), None),
    (facts({"attack"}, mob=True, hurt=True), None),
    (facts({"agreement"}), None),
])
def test_gtd_types(f, expected):
    assert gtd(f) == expected


def test_barricade_needs_hostages_and_a_siege():
    assert barricade(facts({"hostage_barricade"}))
    assert not barricade(facts({"hostage_barricade"}, strong=set()))  # "siege" alone, no hostages
    assert barricade(facts({"hostage_barricade"}, strong=set(), hostages=True, barricade_context=True))
    assert not barricade(facts({"abduction_forced_disappearance"}, hostages=True))
