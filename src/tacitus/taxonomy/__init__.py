"""The event taxonomy as data: ACLED's event and sub-event types and GTD's attack types.

One YAML file per type, in three folders beside this module:

* ``acled/event_types/``: the six ACLED event types (label, disorder type, whether it is
  political violence, map colour, the frame: what actor1 and actor2 stand for);
* ``acled/sub_event_types/``: one file per sub-event type (its event type, the GTD attack type
  coders give such an event, a priority that breaks ties between sub-types cued in the same
  event, whether events of it may merge across articles);
* ``gtd/``: the nine GTD attack types (GTD's own wording, its hierarchy as ``priority`` where
  1 wins, the ACLED sub-type an attack of that kind gets when nothing else is known).

``load_taxonomy()`` reads them once with a strict loader: unknown or missing keys, duplicate
keys or type keys, dangling references and priorities that are not a total order are all
refused in one error naming every problem. Adding a sub-event type is one YAML file here plus
its trigger words in the language pack (``tacitus/lang/en/triggers.yaml``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from ..datafiles import check_keys, fail, read_yaml

TAXONOMY_DIR = Path(__file__).resolve().parent
_KEY = re.compile(r"^[a-z][a-z0-9_]*$")
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
DISORDER_TYPES = ("Political violence", "Demonstrations", "Strategic developments",
                  "Political violence; Demonstrations")
FRAME_ROLES = frozenset({"side_a", "side_b", "perpetrator", "target", "victims", "protesters",
                         "intervening_force", "rioters", "actor", "counterpart"})


@dataclass(frozen=True)
class EventType:
    key: str
    label: str
    disorder_type: str
    violent: bool
    colour: str
    actor1_role: str
    actor2_role: str


@dataclass(frozen=True)
class SubEventType:
    key: str
    label: str
    event_type: str  # key of an EventType
    priority: int
    gtd_type: str | None  # key of a GtdType, or None where GTD codes nothing
    merge: bool
    disorder_type: str | None = None  # overrides the event type's


@dataclass(frozen=True)
class GtdType:
    key: str
    label: str
    priority: int  # GTD's hierarchy: when an attack has several types, the lowest is coded
    acled_sub_event_type: str | None
    merge: bool
    colour: str


@dataclass(frozen=True, eq=False)  # read once per process: hashed by identity
class Taxonomy:
    event_types: Mapping[str, EventType]
    sub_event_types: Mapping[str, SubEventType]
    gtd_types: Mapping[str, GtdType]

    def sub(self, key: str) -> SubEventType:
        return self.sub_event_types[key]

    def event_type_of(self, sub_key: str) -> EventType:
        return self.event_types[self.sub_event_types[sub_key].event_type]

    def disorder_type_of(self, sub_key: str) -> str:
        sub = self.sub_event_types[sub_key]
        return sub.disorder_type or self.event_types[sub.event_type].disorder_type

    def gtd_rank(self, key: str) -> int:
        return self.gtd_types[key].priority

    def by_label(self, label: str) -> SubEventType | None:
        """The sub-event type whose label (or key) is ``label``, case-insensitively."""
        want = label.strip().casefold()
        return next((s for s in self.sub_event_types.values()
                     if want in (s.label.casefold(), s.key)), None)

    def gtd_by_label(self, label: str) -> GtdType | None:
        want = label.strip().casefold()
        return next((g for g in self.gtd_types.values() if want in (g.label.casefold(), g.key)), None)

    def keys(self) -> frozenset[str]:
        """Every sub-event type and GTD type key (what trigger words may point to)."""
        return frozenset(self.sub_event_types) | frozenset(self.gtd_types)


def _files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.yaml"))


def _entries(folder: Path, problems: list[str]) -> list[tuple[Path, dict]]:
    files = _files(folder)
    if not files:
        problems.append(f"{folder}: no type files")
    out = []
    for path in files:
        entry = read_yaml(path)
        if not isinstance(entry, dict):
            problems.append(f"{path.name}: expected a mapping")
            continue
        key = entry.get("key")
        if not isinstance(key, str) or not _KEY.match(key):
            problems.append(f"{path.name}: key must be a lower-case identifier")
        elif key != path.stem:
            problems.append(f"{path.name}: key {key!r} differs from the file name")
        out.append((path, entry))
    return out


def _text(entry: dict, field: str, where: str, problems: list[str]) -> str:
    value = entry.get(field)
    if not isinstance(value, str) or not value.strip():
        problems.append(f"{where}: {field} must be a non-empty string")
        return ""
    return value


def _bool(entry: dict, field: str, where: str, problems: list[str]) -> bool:
    value = entry.get(field)
    if not isinstance(value, bool):
        problems.append(f"{where}: {field} must be true or false")
    return bool(value)


def _int(entry: dict, field: str, where: str, problems: list[str]) -> int:
    value = entry.get(field)
    if not isinstance(value, int) or isinstance(value, bool):
        problems.append(f"{where}: {field} must be an integer")
        return 0
    return value


def _colour(entry: dict, where: str, problems: list[str]) -> str:
    colour = _text(entry, "colour", where, problems)
    if colour and not _COLOUR.match(colour):
        problems.append(f"{where}: colour must be #rrggbb")
    return colour


def _event_types(folder: Path, problems: list[str]) -> dict[str, EventType]:
    out: dict[str, EventType] = {}
    for path, e in _entries(folder, problems):
        where = path.name
        check_keys(e, where, ("key", "label", "disorder_type", "violent", "colour", "frame"), (), problems)
        frame = e.get("frame") if isinstance(e.get("frame"), dict) else {}
        check_keys(frame, f"{where} frame", ("actor1", "actor2"), (), problems)
        for role in frame.values():
            if role not in FRAME_ROLES:
                problems.append(f"{where}: unknown frame role {role!r}")
        disorder = _text(e, "disorder_type", where, problems)
        if disorder and disorder not in DISORDER_TYPES:
            problems.append(f"{where}: unknown disorder_type {disorder!r}")
        out[str(e.get("key"))] = EventType(
            key=str(e.get("key")), label=_text(e, "label", where, problems), disorder_type=disorder,
            violent=_bool(e, "violent", where, problems), colour=_colour(e, where, problems),
            actor1_role=str(frame.get("actor1")), actor2_role=str(frame.get("actor2")))
    return out


def _sub_event_types(folder: Path, problems: list[str]) -> dict[str, SubEventType]:
    out: dict[str, SubEventType] = {}
    for path, e in _entries(folder, problems):
        where = path.name
        check_keys(e, where, ("key", "label", "event_type", "priority", "gtd_type", "merge"),
                   ("disorder_type",), problems)
        disorder = e.get("disorder_type")
        if disorder is not None and disorder not in DISORDER_TYPES:
            problems.append(f"{where}: unknown disorder_type {disorder!r}")
        out[str(e.get("key"))] = SubEventType(
            key=str(e.get("key")), label=_text(e, "label", where, problems),
            event_type=str(e.get("event_type")), priority=_int(e, "priority", where, problems),
            gtd_type=e.get("gtd_type"), merge=_bool(e, "merge", where, problems), disorder_type=disorder)
    return out


def _gtd_types(folder: Path, problems: list[str]) -> dict[str, GtdType]:
    out: dict[str, GtdType] = {}
    for path, e in _entries(folder, problems):
        where = path.name
        check_keys(e, where, ("key", "label", "priority", "acled_sub_event_type", "merge", "colour"), (), problems)
        out[str(e.get("key"))] = GtdType(
            key=str(e.get("key")), label=_text(e, "label", where, problems),
            priority=_int(e, "priority", where, problems), acled_sub_event_type=e.get("acled_sub_event_type"),
            merge=_bool(e, "merge", where, problems), colour=_colour(e, where, problems))
    return out


def _check_references(events: dict, subs: dict, gtd: dict, problems: list[str]) -> None:
    for s in subs.values():
        if s.event_type not in events:
            problems.append(f"{s.key}.yaml: event_type {s.event_type!r} is not an event type")
        if s.gtd_type is not None and s.gtd_type not in gtd:
            problems.append(f"{s.key}.yaml: gtd_type {s.gtd_type!r} is not a GTD type")
    for g in gtd.values():
        if g.acled_sub_event_type is not None and g.acled_sub_event_type not in subs:
            problems.append(f"{g.key}.yaml: acled_sub_event_type {g.acled_sub_event_type!r} is not a sub-event type")
    for e in events.values():
        if not any(s.event_type == e.key for s in subs.values()):
            problems.append(f"{e.key}.yaml: no sub-event type belongs to it")
    for name, table in (("sub-event type", subs), ("GTD type", gtd)):
        ranks = [t.priority for t in table.values()]
        if len(set(ranks)) != len(ranks):
            problems.append(f"{name} priorities are not a total order (a priority is used twice)")
    clash = set(subs) & set(gtd)
    if clash:
        problems.append(f"keys used both as sub-event and GTD type: {sorted(clash)}")


def load_taxonomy(folder: Path | None = None) -> Taxonomy:
    """Read and check the taxonomy under ``folder`` (default: the bundled one)."""
    root = folder or TAXONOMY_DIR
    problems: list[str] = []
    events = _event_types(root / "acled" / "event_types", problems)
    subs = _sub_event_types(root / "acled" / "sub_event_types", problems)
    gtd = _gtd_types(root / "gtd", problems)
    if not problems:
        _check_references(events, subs, gtd, problems)
    fail(root, problems)
    return Taxonomy(MappingProxyType(events), MappingProxyType(subs), MappingProxyType(gtd))


@lru_cache(maxsize=1)
def taxonomy() -> Taxonomy:
    """The bundled taxonomy, read once per process."""
    return load_taxonomy()
