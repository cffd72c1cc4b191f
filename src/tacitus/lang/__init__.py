"""Language packs: the words the extractor reads, one folder per language (``lang/en/``).

Every YAML file of a pack is a mapping of list names to lists (or small maps). The schema
below names every list the code reads and its shape; ``load_pack`` refuses a pack where a list
is missing, empty, unknown, given in two files, or holds the same word twice, trigger keys
that are not taxonomy keys, and patterns that do not compile. A second language is one more
folder with the same lists (and a spaCy model pin); nothing in the code names English words.

Patterns (and the patterns of rewrites) may name another list in braces: ``{time_units}``
stands for any word of that list (a map: any key), longest first; ``{num}`` and ``{year}`` are
filled in by the code that reads the pattern (a number phrase, a year). ``LanguagePack.regex``
and ``LanguagePack.expand`` do the filling.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

from ..datafiles import fail, read_yaml
from ..taxonomy import taxonomy

LANG_DIR = Path(__file__).resolve().parent
GENERIC_ATTACK = "attack"  # the trigger key of an attack whose kind the frame decides

# list name -> shape: "set" (list of words), "map" (word -> value), "triggers", "patterns"
# (regular expressions, in order, case kept), "rewrites" (regular expression -> replacement,
# applied in the order written)
SCHEMA: dict[str, str] = {
    # triggers.yaml
    "triggers": "triggers",
    # cues.yaml: words around a trigger that change what it means
    "hypothetical_cues": "set", "negations": "set", "claim_cues": "set", "suspect_cues": "set",
    "denial_cues": "set", "speech_verbs": "set", "accuse_verbs": "set", "aftermath_verbs": "set",
    "other_event_nouns": "set", "past_markers": "set", "single_incident_cues": "set",
    "comparison_words": "set", "wave_words": "set", "elsewhere_cues": "set", "separate_cues": "set", "recorded_elsewhere_cues": "set",
    "judicial_verbs": "set", "possession_verbs": "set", "hoax_cues": "set", "cessation_verbs": "set",
    "campaign_spans": "set", "lasting_spans": "set",
    # actors.yaml: who acts and who suffers
    "fighter_nouns": "set", "force_nouns": "set", "police_nouns": "set", "official_nouns": "set",
    "people_nouns": "set", "civilian_nouns": "set", "combatant_nouns": "set", "assailant_nouns": "set",
    "group_name_words": "set", "role_words": "set", "high_profile_roles": "set", "militia_words": "set",
    "mob_nouns": "set", "crowd_sizes": "set", "member_nouns": "set", "figurative_objects": "set", "debating_nouns": "set",
    "labour_strike_words": "set", "accident_cues": "set", "about_nouns": "set",
    "grievance_verbs": "set", "protest_props": "set", "warning_fire_words": "set", "warning_fire_cues": "set", "protester_nouns": "set", "unidentified_words": "set", "descriptor_words": "set",
    "external_force_words": "set", "naming_verbs": "set", "naming_fillers": "set",
    "group_nouns": "set", "militia_heads": "set", "ethnic_militia_nouns": "set", "state_force_names": "map",
    "force_modifiers": "set",
    "generic_force_nouns": "set",
    "militia_name_kinds": "map",
    "place_name_preps": "set",
    "role_apposition": "patterns",
    # casualties.yaml
    "killed_words": "set", "injured_words": "set", "toll_nouns": "set", "zero_patterns": "patterns",
    "coded_patterns": "patterns", "not_victim_nouns": "set", "casualty_nouns": "set", "toll_count_nouns": "set",
    "killing_phrases": "map", "wounding_verbs": "set", "intransitive_killing_verbs": "set", "body_part_nouns": "set", "update_verbs": "set",
    "superseded_words": "set", "claim_verbs": "set", "earlier_event_marks": "set",
    "generic_victim_nouns": "set", "additive_words": "set", "addition_phrases": "set",
    "elsewhere_patterns": "patterns",
    "zero_kinds": "map",
    "singular_determiners": "set",
    "singular_pronouns": "set",
    "reflexive_pronouns": "set",
    "partitive_heads": "set",
    "of_pronouns": "set",
    "partitive_pronouns": "set",
    "partitive_preps": "set",
    "subset_preps": "set",
    "subset_verbs": "set",
    "toll_preps": "set",
    "toll_verb_preps": "set",
    "np_joiners": "set",
    "quantity_words": "set",
    "floor_words": "set",
    "zero_words": "set",
    # numbers.yaml: number words, vague quantities, modifiers, the grammar of a count
    "number_words_small": "map", "number_words_tens": "map", "number_scales": "map", "number_units": "map",
    "vague_quantities": "map", "vague_multipliers": "map", "collective_quantities": "set",
    "prefix_modifiers": "map", "suffix_modifiers": "map", "count_update_verbs": "set", "zero_nouns": "set",
    "unknown_count_words": "set", "not_count_after": "set", "not_count_before": "set",
    "not_year_before": "set", "count_clause_words": "set", "person_determiners": "set",
    "collective_nouns": "set", "plural_person_nouns": "set", "singular_person_nouns": "set",
    "not_person_nouns": "set", "person_suffixes": "set",
    "range_openers": "set",
    "range_pairs": "map",
    "count_range_words": "set",
    "number_articles": "set",
    "number_glue_words": "set",
    "ordinal_suffixes": "set",
    "clock_marks": "set",
    "count_rewrites": "rewrites",
    "zero_determiners": "set",
    "ambiguous_month_names": "set",
    "before_month_words": "set",
    "age_patterns": "patterns",
    # places.yaml
    "venue_words": "set", "settlement_words": "set", "military_site_words": "set", "quarter_words": "set", "locative_preps": "set",
    "area_preps": "set",
    "non_event_owners": "set",
    # grammar.yaml: the stages' grammar words
    "harm_verbs": "set", "attack_words": "set", "generic_targets": "set", "harmed_position_verbs": "set",
    "anaphors": "set", "claim_speech_verbs": "set", "event_noun_heads": "set", "skippable_words": "set",
    "before_words": "set", "until_words": "set", "direct_speech_verbs": "set", "speaker_heads": "set",
    "pronouns": "set", "affiliation_cues": "set", "ally_cues": "set", "oppose_cues": "set",
    "target_verbs": "set", "urge_verbs": "set", "vehicle_nouns": "set", "taking_verbs": "set",
    "barricade_cues": "set", "before_verbs": "set",
    "person_pronouns": "set",
    "blame_verbs": "set",
    "attribution_phrases": "set",
    "base_words": "set",
    "hub_words": "set",
    "using_place_patterns": "patterns",
    "based_patterns": "patterns",
    "based_in_patterns": "patterns",
    "vague_target_objects": "set",
    "defection_verbs": "set",
    # timex.yaml: calendar words, relative time words, the patterns of time expressions
    "month_names": "map",
    "weekday_names": "map",
    "decade_words": "map",
    "time_units": "map",
    "day_words": "map",
    "relative_words": "set",
    "weekday_before": "map",
    "weekday_after": "map",
    "period_words": "map",
    "period_units": "map",
    "weekend_words": "set",
    "count_one_words": "set",
    "count_aliases": "map",
    "date_range_words": "set",
    "timex_rewrites": "rewrites",
    "timex_times_of_day": "patterns",
    "timex_fillers": "patterns",
    "published_patterns": "patterns",
    "dateline_patterns": "patterns",
    "timex_weekday": "patterns",
    "timex_period": "patterns",
    "timex_ago": "patterns",
    "timex_rolling": "patterns",
    "timex_hours": "patterns",
    "timex_recent": "patterns",
    "timex_since": "patterns",
    "timex_day_month": "patterns",
    "timex_month_day": "patterns",
    "timex_month_year": "patterns",
    "timex_year": "patterns",
    "timex_bare": "patterns",
    "timex_decade": "patterns",
    "timex_decade_word": "patterns",
    "date_patterns": "patterns",
    "date_lead_words": "set",
    "gap_units": "map",
    "gap_marks": "map",
    # names.yaml: names of people and groups
    "name_titles": "set",
    "name_particles": "set",
    "given_name_forms": "map",
    "group_fighter_words": "set",
    "proper_name_connectors": "set",
    # resolve.yaml: who a speaker is, what a summary's words tell
    "official_speaker_words": "set",
    "anonymous_speaker_words": "set",
    "speaker_pronouns": "set",
    "summary_stop_words": "set",
    # weapons.yaml: weapon word -> the taxonomy key it implies, or a weapon class
    "weapons": "map",
}
WEAPON_CLASSES = frozenset({"firearm", "blade", "fire", "vehicle", "none"})
# maps whose values the code reads as kinds or numbers: the values each may take
MAP_VALUES: dict[str, frozenset[str] | type] = {
    "month_names": int, "weekday_names": int, "decade_words": int, "day_words": int, "gap_units": int,
    "gap_marks": frozenset({"-1", "1"}),
    "time_units": frozenset({"day", "days", "week", "weeks", "month", "months", "year", "years",
                             "decade", "decades"}),
    "weekday_before": frozenset({"past", "next"}), "weekday_after": frozenset({"past", "next", "week"}),
    "period_words": frozenset({"previous", "rolling", "current", "next", "earlier", "later"}),
    "period_units": frozenset({"week", "weekend", "month", "year"}),
    "zero_kinds": frozenset({"both", "killed", "injured"}),
    "militia_name_kinds": frozenset({"clan", "subclan", "ethnic", "settlers", "militia"}),
}
# placeholders the code fills in itself: a number phrase (tacitus.extract.numbers), a year token
CODE_FILLS = frozenset({"num", "year"})
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def alternation(words: Iterable[str]) -> str:
    """A regular expression group matching any of ``words``, longest first (so that "this
    coming" is tried before "this")."""
    return "(?:" + "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w))) + ")"


@dataclass(frozen=True)
class Trigger:
    """A trigger form (a lemma or a phrase of lemmas) and what it tells."""

    form: tuple[str, ...]
    key: str  # taxonomy key or GENERIC_ATTACK
    weak: bool = False
    verb_only: bool = False
    noun_only: bool = False


@dataclass(frozen=True, eq=False)  # one object per language: hashed by identity
class LanguagePack:
    code: str
    sets: Mapping[str, frozenset[str]]
    maps: Mapping[str, Mapping[str, str]]
    patterns: Mapping[str, tuple[str, ...]]
    triggers: tuple[Trigger, ...]
    rewrites: Mapping[str, tuple[tuple[str, str], ...]]

    def words(self, name: str) -> frozenset[str]:
        return self.sets[name]

    def map(self, name: str) -> Mapping[str, str]:
        return self.maps[name]

    def expand(self, pattern: str, **fills: str) -> str:
        """``pattern`` with each ``{list}`` placeholder replaced: by ``fills[list]`` when given,
        else by an alternation of that list's words (a map's keys)."""
        def fill(m: re.Match[str]) -> str:
            name = m.group(1)
            if name in fills:
                return fills[name]
            return alternation(self.sets[name] if name in self.sets else self.maps[name])
        return _PLACEHOLDER.sub(fill, pattern)

    def regex(self, name: str, **fills: str) -> str:
        """The patterns list ``name`` as one regular expression source: its patterns as
        alternatives, in the order written, placeholders filled (``expand``)."""
        return "|".join(self.expand(p, **fills) for p in self.patterns[name])

    def single_word_triggers(self) -> dict[str, Trigger]:
        return {t.form[0]: t for t in self.triggers if len(t.form) == 1}

    def phrase_triggers(self) -> tuple[Trigger, ...]:
        """Multi-word triggers, longest first."""
        return tuple(sorted((t for t in self.triggers if len(t.form) > 1), key=lambda t: -len(t.form)))


def _words(value: Any, where: str, problems: list[str], fold: bool = True) -> list[str]:
    if not isinstance(value, list) or not value:
        problems.append(f"{where}: must be a non-empty list")
        return []
    out: list[str] = []
    for w in value:
        if not isinstance(w, str) or not w.strip():
            problems.append(f"{where}: {w!r} is not a word")
            continue
        w = " ".join((w.lower() if fold else w).split())
        if w in out:
            problems.append(f"{where}: {w!r} listed twice")
        out.append(w)
    return out


def _triggers(value: Any, where: str, keys: frozenset[str], problems: list[str]) -> list[Trigger]:
    if not isinstance(value, dict) or not value:
        problems.append(f"{where}: must map taxonomy keys to word lists")
        return []
    out: list[Trigger] = []
    seen: dict[str, str] = {}
    for key, spec in value.items():
        if key not in keys and key != GENERIC_ATTACK:
            problems.append(f"{where}: {key!r} is not a taxonomy key")
            continue
        if not isinstance(spec, dict) or "words" not in spec:
            problems.append(f"{where}.{key}: needs 'words'")
            continue
        unknown = set(spec) - {"words", "weak", "verb_only", "noun_only"}
        if unknown:
            problems.append(f"{where}.{key}: unknown keys {sorted(unknown)}")
        verb_only = set(_words(spec["verb_only"], f"{where}.{key}.verb_only", problems)) if "verb_only" in spec else set()
        noun_only = set(_words(spec["noun_only"], f"{where}.{key}.noun_only", problems)) if "noun_only" in spec else set()
        for part, weak in (("words", False), ("weak", True)):
            if part not in spec:
                continue
            for w in _words(spec[part], f"{where}.{key}.{part}", problems):
                if w in seen:
                    problems.append(f"{where}: trigger {w!r} under both {seen[w]!r} and {key!r}")
                    continue
                seen[w] = key
                out.append(Trigger(tuple(w.split()), key, weak, w in verb_only, w in noun_only))
        for w in verb_only | noun_only:
            if w not in seen:
                problems.append(f"{where}.{key}: {w!r} restricted but not listed")
    return out


def _placeholders(pattern: str, where: str, problems: list[str]) -> None:
    """Every placeholder names a list of words (or a code fill), and the pattern compiles."""
    for name in _PLACEHOLDER.findall(pattern):
        if name not in CODE_FILLS and SCHEMA.get(name) not in ("set", "map"):
            problems.append(f"{where}: {{{name}}} names no list of words")
            return
    try:
        re.compile(_PLACEHOLDER.sub("(?:x)", pattern))
    except re.error as exc:
        problems.append(f"{where}: {pattern!r} does not compile ({exc})")


def _rewrites(value: Any, where: str, problems: list[str]) -> list[tuple[str, str]]:
    if not isinstance(value, dict) or not value:
        problems.append(f"{where}: must map patterns to their replacements")
        return []
    out: list[tuple[str, str]] = []
    for pattern, replacement in value.items():
        if not isinstance(pattern, str) or not pattern.strip() or not isinstance(replacement, str):
            problems.append(f"{where}: {pattern!r} -> {replacement!r} is not a rewrite")
            continue
        _placeholders(pattern, where, problems)
        out.append((pattern, replacement))
    return out


def load_pack(code: str = "en", folder: Path | None = None) -> LanguagePack:
    root = folder or (LANG_DIR / code)
    files = sorted(root.glob("*.yaml"))
    problems: list[str] = [] if files else [f"{root}: no data files"]
    found: dict[str, tuple[str, Any]] = {}
    for path in files:
        data = read_yaml(path)
        if not isinstance(data, dict):
            problems.append(f"{path.name}: expected a mapping of lists")
            continue
        for name, value in data.items():
            if name not in SCHEMA:
                problems.append(f"{path.name}: unknown list {name!r}")
            elif name in found:
                problems.append(f"{path.name}: list {name!r} already given in {found[name][0]}")
            else:
                found[name] = (path.name, value)
    sets: dict[str, frozenset[str]] = {}
    maps: dict[str, Mapping[str, str]] = {}
    patterns: dict[str, tuple[str, ...]] = {}
    rewrites: dict[str, tuple[tuple[str, str], ...]] = {}
    triggers: list[Trigger] = []
    keys = taxonomy().keys()
    for name, shape in SCHEMA.items():
        if name not in found:
            problems.append(f"list {name!r} is missing")
            continue
        where = f"{found[name][0]}:{name}"
        value = found[name][1]
        if shape == "set":
            sets[name] = frozenset(_words(value, where, problems))
        elif shape == "patterns":
            patterns[name] = tuple(_words(value, where, problems, fold=False))  # regexes keep their case
            for pattern in patterns[name]:
                _placeholders(pattern, where, problems)
        elif shape == "rewrites":
            rewrites[name] = tuple(_rewrites(value, where, problems))
        elif shape == "map":
            if not isinstance(value, dict) or not value:
                problems.append(f"{where}: must be a non-empty mapping")
                continue
            if any(not isinstance(k, str) for k in value):
                problems.append(f"{where}: keys must be words (quote yes, no, on, off)")
            maps[name] = MappingProxyType({" ".join(str(k).lower().split()): str(v) for k, v in value.items()})
            allowed = MAP_VALUES.get(name)
            bad = sorted(v for v in maps[name].values() if not (
                v.lstrip("-").isdigit() if allowed is int else allowed is None or v in allowed))
            if bad:
                problems.append(f"{where}: unexpected values {bad}")
        else:
            triggers = _triggers(value, where, keys, problems)
    if "weapons" in maps:
        bad = {v for v in maps["weapons"].values() if v not in keys and v not in WEAPON_CLASSES}
        if bad:
            problems.append(f"weapons: unknown classes or taxonomy keys {sorted(bad)}")
    fail(root, problems)
    return LanguagePack(code, MappingProxyType(sets), MappingProxyType(maps),
                        MappingProxyType(patterns), tuple(triggers), MappingProxyType(rewrites))


@lru_cache(maxsize=4)
def pack(code: str = "en") -> LanguagePack:
    """The language pack for ``code``, read once per process."""
    return load_pack(code)


def words(name: str, code: str = "en") -> frozenset[str]:
    """One word list of a language pack: for the stages that read a list without a pack at hand."""
    return pack(code).words(name)
