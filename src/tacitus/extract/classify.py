"""Stage 7: classify. The only place an event's type is decided: its ACLED event and
sub-event type, disorder type, actors and interaction, and its GTD attack type.

ACLED's sub-event type, in the order the codebook's logic takes it:

1. A device defused or a weapon seized before use, with no one hurt: Disrupted weapons use.
2. A demonstration (protest words, protesters harmed): violent demonstrators make a Violent
   demonstration; lethal force against them, Excessive force against protesters; a crowd
   dispersed, Protest with intervention; otherwise a Peaceful protest.
3. A mob or communal crowd without an armed organisation behind it: Mob violence.
4. An explosive or remote weapon told by a trigger (or an air or artillery weapon as the
   instrument of a plain strike), unless a ground battle is told: Explosions/Remote violence,
   the sub-type by mechanism (the taxonomy's priority breaks ties: chemical, suicide, air or
   drone, shelling, IED, grenade).
5. Territory: retaken by state forces (Government regains territory), taken by a non-state
   group (Non-state actor overtakes territory), handed over without a fight (Non-violent
   transfer of territory).
6. Abduction, sexual violence: Violence against civilians.
7. Fighting between organised armed sides (a clash told, or combatants weighing more than
   civilians among the harmed and attacked): Battles / Armed clash; an attack on civilians:
   Violence against civilians / Attack.
8. Property burned or looted with nobody hurt: Looting/property destruction; arrests,
   agreements and the other strategic developments when nothing violent is told.
Hijackings have no ACLED sub-type (coders leave them uncoded).

GTD's attack type follows GTD's hierarchy (assassination, hijacking, kidnapping, barricade,
bombing, armed assault, unarmed assault, facility attack): the highest type cued by the
event's triggers or implied by its ACLED sub-type (the taxonomy's gtd_type), where an
assassination needs a prominent person singled out and never comes from a battle, an
unarmed assault needs the absence of guns, blades and explosives, and a facility attack is
outranked whenever people were attacked. Protests, riots and most strategic developments have
no GTD type.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from ..geo import country_by_code
from ..lang import GENERIC_ATTACK, LanguagePack, words as _words
from ..taxonomy import Taxonomy
from ..lang.syntax import lemma
from .actors import EXTERNAL, IDENTITY_MILITIA, POLITICAL_MILITIA, STATE_FORCES, ActorIndex
from .merge import Cluster

ERV_EVENT = "explosions_remote_violence"
PROTEST_KEYS = ("violent_demonstration", "excessive_force_against_protesters", "protest_with_intervention",
                "peaceful_protest")
TERRITORY_KEYS = ("government_regains_territory", "non_state_actor_overtakes_territory")
STRATEGIC_QUIET = ("agreement", "arrests", "change_to_group_activity", "headquarters_or_base_established",
                   "non_violent_transfer_of_territory", "other")
ARMED_WEAPON_CLASSES = frozenset({"firearm", "blade"})
# ACLED's order of actor categories, for the interaction label
CATEGORY_ORDER = ("State forces", "Rebel group", "Political militia", "Identity militia", "Rioters",
                  "Protesters", "Civilians", "External/Other forces")
UNIDENTIFIED = "Unidentified Armed Group"


@dataclass(frozen=True)
class Coding:
    gtd_type: str | None
    sub_event_type: str | None  # taxonomy key
    event_type: str | None  # ACLED label
    sub_event_label: str | None
    disorder_type: str | None
    actor1: str | None
    assoc_actor1: tuple[str, ...]
    actor2: str | None
    assoc_actor2: tuple[str, ...]
    inter1: str | None
    inter2: str | None
    interaction: str | None
    perpetrators: tuple[str, ...]  # actor keys: who carried out the violence (both sides of a battle)


@dataclass
class _Facts:
    keys: set[str]  # trigger keys of the frames that tell the event
    main_keys: set[str]  # trigger keys of the first telling frame
    weapons: set[str]
    harmed: Counter  # civilians / combatants / protesters -> weight
    hurt: bool
    prominent: bool
    side_a: list[str]
    side_b: list[str]
    armed_side_b: bool
    unidentified: bool
    strong_keys: set[str]  # keys told by strong (not weak) triggers
    hostages: bool  # a hostage is named: a siege or standoff is a barricade incident
    mob: bool  # a crowd or mob did it
    protesters: bool  # protesters did it
    instruments: set[str]  # kinds of weapons that acted (helicopters, drones, artillery)
    lead_keys: set[str]  # trigger keys of the lead frame, strong or weak
    barricade_context: bool  # a siege, a standoff, a storming or a rescue is told


def _facts(c: Cluster, index: ActorIndex) -> _Facts:
    told = c.told()
    harmed: Counter = Counter()
    side_a: list[str] = []
    side_b: list[str] = []
    for f in c.frames:
        harmed.update(f.harmed.classes)
        for k in f.sides.side_a + f.sides.claimed_by:
            if k not in side_a:
                side_a.append(k)
        for k in f.sides.side_b:
            if k not in side_b and k not in side_a:
                side_b.append(k)
    for k in side_b:  # an armed side attacked counts as combatants attacked
        harmed["combatants"] += 1
    return _Facts(
        keys={k for f in told for k in f.keys()},
        main_keys=told[0].keys() if told else set(),
        weapons={w.kind for f in c.frames for w in f.weapons},
        harmed=harmed,
        hurt=any(f.hurt() for f in c.frames),
        prominent=any(f.harmed.prominent for f in c.frames),
        side_a=side_a, side_b=side_b,
        armed_side_b=bool(side_b),
        unidentified=any(f.sides.unidentified for f in c.frames),
        strong_keys={h.key for f in told for h in f.hits if not h.weak},
        hostages=any(lemma(t) == "hostage" for f in told for t in f.sentence.span),
        mob=any(f.sides.mob for f in c.frames),
        protesters=any(f.sides.protesters for f in told),
        instruments={f.instrument for f in told if f.instrument},
        lead_keys=told[0].keys() if told else set(),
        barricade_context=any(lemma(t) in _words("barricade_cues") or t.lower_ in _words("barricade_cues")
                              for f in told for t in f.sentence.span),
    )


# a strategic development that is not quiet: property burned, looted, destroyed
DESTRUCTION = "looting_property_destruction"


@lru_cache(maxsize=4)
def quiet_keys(tax: Taxonomy) -> frozenset[str]:
    """Keys of events with no violence: protests and strategic developments, destruction aside."""
    return frozenset(k for k, s in tax.sub_event_types.items()
                     if not tax.event_types[s.event_type].violent and k != DESTRUCTION)


def _quiet(tax: Taxonomy) -> frozenset[str]:
    return quiet_keys(tax)


def _violence(keys: set[str], tax: Taxonomy) -> set[str]:
    """Keys of violence, burning and looting included."""
    return keys - quiet_keys(tax)


def _armed_named(c: Cluster, index: ActorIndex) -> list[str]:
    out: list[str] = []
    for f in c.told():
        denied = set(f.sides.denied) | set(f.sides.suspects)
        for m in index.in_sentence(f.index, ("armed_group", "state_force")):
            if m.key not in denied and m.key not in out:
                out.append(m.key)
    return out


def _top(keys, tax: Taxonomy) -> str | None:
    """The sub-event type of highest priority among ``keys``."""
    subs = [k for k in keys if k in tax.sub_event_types]
    return max(subs, key=lambda k: tax.sub(k).priority) if subs else None


def _erv_keys(keys, tax: Taxonomy) -> set[str]:
    return {k for k in keys if k in tax.sub_event_types and tax.sub(k).event_type == ERV_EVENT}


def _erv(f: _Facts, tax: Taxonomy) -> str | None:
    told = _erv_keys(f.keys, tax) | _erv_keys(f.instruments, tax)  # "military helicopters fired on"
    if not told:
        return None
    lead_violence = f.lead_keys & f.strong_keys - _quiet(tax) - {"looting_property_destruction"}
    if lead_violence and not _erv_keys(f.lead_keys, tax) and not (_erv_keys(f.instruments, tax)):
        return None  # the lead tells a ground attack; a bomb told later is part of it
    if "armed_clash" in f.main_keys and not (f.main_keys & told):
        return None  # a ground battle with air or artillery support is a battle
    if "armed_clash" in f.strong_keys and f.harmed.get("combatants", 0) and not f.harmed.get("civilians"):
        return None  # bombs thrown in a fight between armed men ("sparking a gunfight"): a battle
    # the weapons refine the mechanism: a bomb in an explosive vest is a suicide bomb
    refined = told | {w for w in f.weapons if w in tax.sub_event_types and tax.sub(w).event_type == ERV_EVENT
                      and tax.sub(w).priority > max(tax.sub(k).priority for k in told)}
    return _top(refined, tax)


def _protest(f: _Facts, index: ActorIndex, tax: Taxonomy) -> str | None:
    """A demonstration is the event when a protest is told (a dispersal alone is not one) or
    protesters were harmed, and no armed group or unnamed attacker struck it (an attack on a
    rally is an attack)."""
    protest = [k for k in PROTEST_KEYS if k in f.keys and k != "protest_with_intervention"]
    violence = _violence(f.keys, tax)
    if f.protesters and violence:
        return "violent_demonstration"  # "protesters set fire to the parliament"
    if not protest and not f.harmed.get("protesters"):
        return None
    strong_violence = {k for k in f.strong_keys if k not in PROTEST_KEYS and k not in STRATEGIC_QUIET}
    if strong_violence and (f.unidentified or any(index.category(k) not in (None, STATE_FORCES) for k in f.side_a)):
        return None
    if "violent_demonstration" in f.keys:
        return "violent_demonstration"
    state_a = any(index.category(k) == STATE_FORCES for k in f.side_a)
    if "excessive_force_against_protesters" in f.keys or (f.hurt and (state_a or f.harmed.get("protesters"))):
        return "excessive_force_against_protesters"
    if "protest_with_intervention" in f.keys:
        return "protest_with_intervention"
    return "peaceful_protest" if protest else None


def _sub_event(f: _Facts, index: ActorIndex, tax: Taxonomy) -> str | None:
    keys = f.keys
    if "hijacking" in keys:
        return None
    if "disrupted_weapons_use" in keys and not f.hurt:
        return "disrupted_weapons_use"
    erv = _erv(f, tax)
    # hostages held where they were seized (a barricade incident) or taken away: the people
    # taken are the event, whatever weapon opened it
    if barricade(f):
        return "attack"
    if "abduction_forced_disappearance" in f.strong_keys or ("abduction_forced_disappearance" in keys and not f.hurt):
        return "abduction_forced_disappearance"
    if "sexual_violence" in keys:
        return "sexual_violence"
    organised = any(index.category(k) not in (None, IDENTITY_MILITIA) for k in f.side_a)
    if f.mob and not organised and not erv and _violence(keys, tax):
        return "mob_violence"  # "a mob attacked the police station during the protests"
    protest = None if erv else _protest(f, index, tax)
    if protest:
        return protest
    if "mob_violence" in keys and not organised and not erv:
        return "mob_violence"
    if erv:
        return erv
    for key in TERRITORY_KEYS:
        if key in keys:
            state_a = any(index.category(k) == STATE_FORCES for k in f.side_a)
            return "government_regains_territory" if state_a else "non_state_actor_overtakes_territory"
    if "non_violent_transfer_of_territory" in keys and not f.hurt:
        return "non_violent_transfer_of_territory"
    state_only = bool(f.side_a) and all(index.category(k) == STATE_FORCES for k in f.side_a)
    if "arrests" in keys and not f.hurt and state_only:
        return "arrests"  # a raid to arrest is an arrest
    violent = keys & ({GENERIC_ATTACK, "armed_clash", "hostage_barricade", "assassination", "unarmed_assault",
                       "infrastructure_attack"})
    if "looting_property_destruction" in keys and not f.hurt and not (violent - {GENERIC_ATTACK, "infrastructure_attack"}):
        return "looting_property_destruction"  # burned or looted, nobody hurt: "attacks" name the acts
    quiet = keys & (set(STRATEGIC_QUIET) | set(PROTEST_KEYS))
    if violent or (f.hurt and not quiet) or "looting_property_destruction" in keys:
        if "armed_clash" in f.strong_keys or f.harmed.get("combatants", 0) > f.harmed.get("civilians", 0):
            return "armed_clash"
        return "attack"
    return _top(keys & set(STRATEGIC_QUIET), tax)


def barricade(f: _Facts) -> bool:
    """Hostages held at the site: told outright ("held guests hostage"), or people taken or
    named hostages in an event with a siege, a standoff, a storming or a rescue."""
    taken = f.keys & {"hostage_barricade", "abduction_forced_disappearance"}
    return "hostage_barricade" in f.strong_keys or bool(taken and f.hostages and f.barricade_context)


def _gtd(f: _Facts, sub: str | None, tax: Taxonomy) -> str | None:
    if sub is not None and tax.sub(sub).gtd_type is None and "hijacking" not in f.keys:
        return None  # protests, riots, arrests, agreements: GTD codes none
    candidates = {k for k in f.keys if k in tax.gtd_types}
    for k in f.keys:  # an ACLED cue implies GTD's type ("abducted" -> kidnapping)
        if k in tax.sub_event_types and tax.sub(k).gtd_type and tax.sub(k).event_type != "protests":
            candidates.add(tax.sub(k).gtd_type)
    if sub is not None and tax.sub(sub).gtd_type:
        candidates.add(tax.sub(sub).gtd_type)
    battle = sub is not None and tax.sub(sub).event_type == "battles"
    candidates.discard("hostage_barricade")
    if barricade(f):
        candidates.add("hostage_barricade")
        candidates.discard("kidnapping")  # held where they were taken, not taken away
    if "kidnapping" in candidates and "abduction_forced_disappearance" not in f.strong_keys and f.hurt:
        candidates.discard("kidnapping")  # "seized and killed the governor": a killing
    if "assassination" in candidates and battle:
        candidates.discard("assassination")
    singled_out = sub is None or sub == "attack" or tax.sub(sub).event_type == ERV_EVENT
    if f.prominent and not battle and f.hurt and singled_out:
        candidates.add("assassination")
    if "unarmed_assault" in candidates and (f.weapons & ARMED_WEAPON_CLASSES or "bombing" in candidates):
        candidates.discard("unarmed_assault")
    if "unarmed_assault" in candidates:
        candidates.discard("armed_assault")  # a ramming or a beating is not an armed assault
    if "infrastructure_attack" in candidates and (f.hurt or candidates - {"infrastructure_attack"}):
        candidates.discard("infrastructure_attack")
        if not candidates - {"infrastructure_attack"} and f.hurt:
            candidates.add("armed_assault")
    if not candidates:
        return "unknown" if sub is not None or GENERIC_ATTACK in f.keys else None
    return min(candidates, key=tax.gtd_rank)


def _country_name(code: str | None) -> str | None:
    place = country_by_code(code) if code else None
    return place.country if place else None


def _label(name: str, country: str | None) -> str:
    return f"{name} ({country})" if country else name


def code_cluster(c: Cluster, index: ActorIndex, tax: Taxonomy, lang: LanguagePack,
                 country_code: str | None) -> Coding:
    f = _facts(c, index)
    sub = _sub_event(f, index, tax)
    gtd = _gtd(f, sub, tax)
    country = _country_name(country_code)
    event_type = tax.event_type_of(sub) if sub else None
    armed = [k for k in f.side_a if index.kind(k) in ("armed_group", "state_force")]
    others = [k for k in f.side_b if index.kind(k) in ("armed_group", "state_force")]
    if event_type is not None and event_type.key == "battles":
        # a battle's sides are every armed actor its sentences name (coders list both)
        others += [k for k in _armed_named(c, index) if k not in armed and k not in others]
    perpetrators = armed + (others if event_type is not None and event_type.key == "battles" else [])
    actor1 = actor2 = inter1 = inter2 = None
    assoc1: list[str] = []
    assoc2: list[str] = []

    def named(keys: list[str]) -> tuple[str | None, str | None, list[str]]:
        if not keys:
            return None, None, []
        return index.name(keys[0]), index.category(keys[0]) or POLITICAL_MILITIA, [index.name(k) for k in keys[1:]]

    if event_type is not None:
        if event_type.key in ("protests",):
            actor1, inter1 = _label("Protesters", country), "Protesters"
            actor2, inter2, assoc2 = named(armed)
        elif event_type.key == "riots":
            actor1, inter1 = _label("Rioters", country), "Rioters"
            assoc1 = [index.name(k) for k in armed]
            actor2, inter2, assoc2 = named(others)
        else:
            actor1, inter1, assoc1 = named(armed)
            if actor1 is None and f.unidentified and event_type.violent:
                actor1, inter1 = _label(UNIDENTIFIED, country), POLITICAL_MILITIA
            actor2, inter2, assoc2 = named(others)
            if actor2 is None and event_type.key in ("violence_against_civilians", ERV_EVENT) and \
                    (f.harmed.get("civilians") or not f.armed_side_b):
                actor2, inter2 = _label("Civilians", country), "Civilians"
    interaction = _interaction(inter1, inter2)
    return Coding(
        gtd_type=gtd, sub_event_type=sub,
        event_type=event_type.label if event_type else None,
        sub_event_label=tax.sub(sub).label if sub else None,
        disorder_type=tax.disorder_type_of(sub) if sub else None,
        actor1=actor1, assoc_actor1=tuple(assoc1), actor2=actor2, assoc_actor2=tuple(assoc2),
        inter1=inter1, inter2=inter2, interaction=interaction,
        perpetrators=tuple(dict.fromkeys(perpetrators)),
    )


def _interaction(inter1: str | None, inter2: str | None) -> str | None:
    """"State forces-Rebel group" (ACLED's order of categories), or "Rebel group only"."""
    cats = [x for x in (inter1, inter2) if x]
    if not cats:
        return None
    if len(cats) == 1:
        return f"{cats[0]} only"
    return "-".join(sorted(cats, key=CATEGORY_ORDER.index))


def is_violent(coding: Coding, tax: Taxonomy) -> bool:
    sub = coding.sub_event_type
    return sub is not None and tax.event_type_of(sub).violent


__all__ = ["Coding", "code_cluster", "is_violent", "EXTERNAL"]
