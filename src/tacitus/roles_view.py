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


def roles_of(extraction: Extraction) -> dict[str, list[list[str]]]:
    """Perpetrators are organisations (PerpOrg); suspects are the people said to have done it
    (PerpInd); targets, victims and weapons map one to one."""
    actors = {a.key: a for a in extraction.actors}
    out: dict[str, list[list[str]]] = {r: [] for r in ROLES}
    for event in extraction.events:
        for role, keys in (("PerpOrg", event.perpetrators), ("PerpInd", event.suspects)):
            for key in keys:
                actor = actors.get(key)
                if actor is not None:
                    _add(out[role], list(actor.surface))
        for role, values in (("Target", event.targets), ("Victim", event.victims), ("Weapon", event.weapons)):
            for value in values:
                _add(out[role], [value])
    return out
