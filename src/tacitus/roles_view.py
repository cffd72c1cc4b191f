"""The MUC-4 view of an extraction: the five role fillers (PerpInd, PerpOrg, Target, Victim,
Weapon) as lists of entities, each a list of mention strings as they stand in the text."""

from __future__ import annotations

from .models import Extraction

ROLES = ("PerpInd", "PerpOrg", "Target", "Victim", "Weapon")


def _add(entities: list[list[str]], mentions: list[str]) -> None:
    """One entity per referent, named by its first mention: CEAF-REE counts a predicted entity
    right only when every mention it lists is in the gold cluster, so one is the safe number."""
    mentions = [m for m in dict.fromkeys(mentions) if m]
    if not mentions:
        return
    folded = {m.casefold() for m in mentions}
    for entity in entities:
        if folded & {m.casefold() for m in entity}:
            return
    entities.append(mentions[:1])


def _fullest_first(surfaces: tuple[str, ...], text: str) -> list[str]:
    """A person's surface forms, the longest one that stands in the text first: the whole
    "colonel hector heriberto hernandez" the role tagger found rather than the "heriberto
    hernandez" a name recogniser found inside it. (Organisations keep their gazetteer name
    first: a tagger span that runs on, "pro-che guevara group tupac amaru revolutionary
    movement", would be longer than the name.)"""
    present = sorted((s for s in surfaces if s and s in text), key=len, reverse=True)
    return present + [s for s in surfaces if s not in present]


def _perpetrator_org(actor, event) -> bool:
    """MUC-4 codes the organisation behind a terrorist incident: state forces only when they
    themselves attacked civilians, never as the side that fought back."""
    if actor.kind != "state_force":
        return True
    return event.acled_event_type == "Violence against civilians" and event.actor1 == actor.name


def roles_of(extraction: Extraction) -> dict[str, list[list[str]]]:
    """Perpetrators are organisations (PerpOrg); suspects are the people said to have done it
    (PerpInd); targets, victims and weapons map one to one."""
    actors = {a.key: a for a in extraction.actors}
    text = extraction.article.text
    out: dict[str, list[list[str]]] = {r: [] for r in ROLES}
    for event in extraction.events:
        for key in event.perpetrators:  # organisations: the gazetteer's name comes first
            if key in actors and _perpetrator_org(actors[key], event):
                _add(out["PerpOrg"], list(actors[key].surface))
        for key in event.suspects:  # people: the fullest mention
            if key in actors:
                _add(out["PerpInd"], _fullest_first(actors[key].surface, text))
        for role, values in (("Target", event.targets), ("Victim", event.victims), ("Weapon", event.weapons)):
            for value in values:
                _add(out[role], [value])
    return out
