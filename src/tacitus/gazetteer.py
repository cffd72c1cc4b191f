"""The actor vocabularies: armed groups with their aliases, and demonyms.

Both live as YAML data files in ``tacitus/data`` and are read through strict loaders: every
problem in a file (missing field, duplicate id, an alias claimed by two groups, an unknown
country code...) is collected, then reported at once in a single ``DataFileError`` naming the
file. Loaded results are cached per path; pass ``path`` to read another file (tests do).

Alias matching comes in two kinds. Most aliases match whatever their case ("Isis", "ISIS",
"isis"); they are indexed under ``normalise_alias(alias)``, which casefolds and smooths
hyphens, dashes, apostrophes, dots and accents. Acronyms (aliases without a lowercase letter,
such as "IS", "TIP", "ELN") and the aliases a group lists under ``case_sensitive`` ("LeT",
"Eta") match only as written; they are indexed under ``normalise_alias(alias, keep_case=True)``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

import pycountry

from .datafiles import fail as _fail
from .datafiles import read_yaml as _read_yaml
from .errors import DataFileError

DATA_DIR = Path(__file__).resolve().parent / "data"
ARMED_GROUPS_FILE = DATA_DIR / "armed_groups.yaml"
DEMONYMS_FILE = DATA_DIR / "demonyms.yaml"

IDEOLOGIES: tuple[str, ...] = (
    "jihadist",
    "islamist",
    "ethno-nationalist",
    "separatist",
    "leftist",
    "right-wing",
    "militia",
    "criminal",
    "other",
)
GROUP_KINDS: tuple[str, ...] = ("armed_group", "state_force", "government")
# ACLED's actor categories a gazetteer entry can fall under, as ACLED labels them, with their
# "inter" codes. Rioters (5), protesters (6) and civilians (7) are never named groups.
ACLED_CATEGORIES: dict[str, int] = {
    "State forces": 1,
    "Rebel group": 2,
    "Political militia": 3,
    "Identity militia": 4,
    "External/Other forces": 8,
}
# Codes outside ISO 3166-1 that news data sets use routinely (XK: Kosovo, as GeoNames has it).
EXTRA_COUNTRY_CODES: frozenset[str] = frozenset({"XK"})
# How many problems the error message spells out; the exception keeps them all.

_GROUP_REQUIRED = ("id", "name", "aliases", "countries", "ideology")
_GROUP_OPTIONAL = ("affiliate_of", "kind", "case_sensitive", "acled_category")
_DEMONYM_FIELDS = ("country", "ethnic", "countries")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class ArmedGroup:
    id: str
    name: str
    aliases: tuple[str, ...]
    countries: tuple[str, ...]  # ISO alpha-2, main base first
    affiliate_of: tuple[str, ...]  # ids of parent groups
    ideology: str
    kind: str = "armed_group"
    # the name and aliases that must match exactly as written (acronyms and listed ones)
    case_sensitive_aliases: tuple[str, ...] = ()
    acled_category: str | None = None  # a key of ACLED_CATEGORIES, None when the file gives none

    @property
    def acled_inter(self) -> int | None:
        """ACLED's inter code for the group's category (2 for a rebel group...), or None."""
        return ACLED_CATEGORIES[self.acled_category] if self.acled_category else None

    @property
    def names(self) -> tuple[str, ...]:
        """The canonical name followed by every alias."""
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class Demonym:
    term: str  # as written in the file: "Tajik", "Uygur", "Frenchmen"
    country: str | None  # ISO alpha-2 the word points to by default; None when it cannot say
    ethnic: bool = False  # an ethnic or regional group rather than a nationality
    countries: tuple[str, ...] = ()  # every country the word may point to (where a group lives)


# --- normalisation -----------------------------------------------------------------------------

_APOSTROPHES = "'\u2019\u2018\u201b`\u00b4\u02bc\u02bb\u02be\u02bf\u2032"
_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_DROP = str.maketrans({c: None for c in _APOSTROPHES + "."})
_TO_SPACE = str.maketrans({c: " " for c in _DASHES + "_"})
_SPACES = re.compile(r"\s+")


def normalise_alias(text: str, *, keep_case: bool = False) -> str:
    """The key an alias is indexed under: accents, apostrophes and dots dropped, hyphens and
    dashes turned into spaces, whitespace collapsed, and casefolded unless ``keep_case``.
    "al-Qa'ida" and "Al Qaida" share a key; "Isis-K" becomes "isis k"."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.translate(_DROP).translate(_TO_SPACE)
    text = _SPACES.sub(" ", text).strip()
    return text if keep_case else text.casefold()


def is_acronym(alias: str) -> bool:
    """True for aliases written without any lowercase letter ("IS", "ISIS-K", "M-19")."""
    return any(c.isalpha() for c in alias) and not any(c.islower() for c in alias)


def _valid_country(code: Any) -> bool:
    if not isinstance(code, str) or not re.fullmatch(r"[A-Z]{2}", code):
        return False
    return code in EXTRA_COUNTRY_CODES or pycountry.countries.get(alpha_2=code) is not None


def _string_list(value: Any, where: str, field: str, problems: list[str]) -> list[str]:
    """The value as a list of non-empty strings, recording a problem for anything else."""
    if value is None:
        return []
    if not isinstance(value, list):
        problems.append(f"{where}: '{field}' must be a list, got {type(value).__name__}")
        return []
    out = []
    for item in value:
        if isinstance(item, str) and item.strip():
            out.append(item.strip())
        else:
            problems.append(f"{where}: '{field}' holds {item!r}, not a non-empty string")
    return out


def _countries(value: Any, where: str, problems: list[str]) -> list[str]:
    """A list of country codes, each checked against ISO 3166-1."""
    if value is None:
        return []
    if not isinstance(value, list):
        problems.append(f"{where}: 'countries' must be a list, got {type(value).__name__}")
        return []
    out = []
    for code in value:
        if isinstance(code, bool):  # YAML 1.1 reads a bare NO (Norway) as false
            problems.append(f"{where}: country {code!r} is not a code (write \"NO\" for Norway)")
        elif not _valid_country(code):
            problems.append(f"{where}: {code!r} is not an ISO 3166-1 alpha-2 country code")
        else:
            out.append(code)
    return out


def _resolve(path: str | Path | None, default: Path) -> Path:
    return Path(path).expanduser().resolve() if path is not None else default


# --- armed groups ---------------------------------------------------------------------------------


def load_armed_groups(path: str | Path | None = None) -> tuple[ArmedGroup, ...]:
    """Every armed group of the gazetteer (the bundled one unless ``path`` is given), in file
    order. Raises DataFileError listing every problem found in the file."""
    return _load_armed_groups(_resolve(path, ARMED_GROUPS_FILE))


@lru_cache(maxsize=8)
def _load_armed_groups(path: Path) -> tuple[ArmedGroup, ...]:
    data = _read_yaml(path)
    if data is None or data == []:
        raise DataFileError(f"{path}: no armed groups (the file is empty)")
    if not isinstance(data, list):
        raise DataFileError(f"{path}: expected a list of groups, got {type(data).__name__}")

    problems: list[str] = []
    groups = [g for i, entry in enumerate(data, 1) if (g := _parse_group(entry, i, problems))]
    # ids and parents are checked over every entry, malformed ones included, so that one
    # broken entry neither hides a duplicate nor makes its children look orphaned
    raw = [e for e in data if isinstance(e, dict)]
    ids = [e["id"] for e in raw if isinstance(e.get("id"), str)]
    _check_ids(ids, problems)
    _check_affiliations(raw, set(ids), problems)
    _check_cycles(groups, problems)
    _check_aliases(groups, problems)
    _fail(path, problems)
    return tuple(groups)


def _parse_group(entry: Any, number: int, problems: list[str]) -> ArmedGroup | None:
    if not isinstance(entry, dict):
        problems.append(f"entry {number}: expected a mapping, got {type(entry).__name__}")
        return None
    ident = entry.get("id")
    where = f"entry {number} ({ident})" if isinstance(ident, str) else f"entry {number}"
    before = len(problems)

    for field in _GROUP_REQUIRED:
        if field not in entry:
            problems.append(f"{where}: missing required field '{field}'")
    for field in sorted(set(entry) - set(_GROUP_REQUIRED) - set(_GROUP_OPTIONAL), key=str):
        problems.append(f"{where}: unknown field '{field}'")

    if "id" in entry and not (isinstance(ident, str) and _SLUG.match(ident)):
        problems.append(f"{where}: id {ident!r} is not a slug (lowercase letters, digits, hyphens)")
    name = entry.get("name")
    if "name" in entry and not (isinstance(name, str) and name.strip()):
        problems.append(f"{where}: name {name!r} is not a non-empty string")
    name = name.strip() if isinstance(name, str) else ""

    aliases = _string_list(entry.get("aliases"), where, "aliases", problems)
    for alias in sorted({a for a in aliases if aliases.count(a) > 1}):
        problems.append(f"{where}: alias {alias!r} listed twice")
    if name in aliases:
        problems.append(f"{where}: alias {name!r} repeats the name")

    countries = _countries(entry.get("countries"), where, problems)
    if isinstance(entry.get("countries"), list) and not entry["countries"]:
        problems.append(f"{where}: 'countries' is empty")

    affiliate_of = _string_list(entry.get("affiliate_of"), where, "affiliate_of", problems)

    ideology = entry.get("ideology")
    if "ideology" in entry and ideology not in IDEOLOGIES:
        problems.append(f"{where}: ideology {ideology!r} is not one of {', '.join(IDEOLOGIES)}")
    kind = entry.get("kind", "armed_group")
    if kind not in GROUP_KINDS:
        problems.append(f"{where}: kind {kind!r} is not one of {', '.join(GROUP_KINDS)}")
    category = entry.get("acled_category")
    if category is not None and category not in ACLED_CATEGORIES:
        problems.append(
            f"{where}: acled_category {category!r} is not one of {' | '.join(ACLED_CATEGORIES)}"
        )

    raw_cs = entry.get("case_sensitive")
    if raw_cs is True:
        listed = [name, *aliases]
    elif raw_cs is None or raw_cs is False:
        listed = []
    else:
        listed = _string_list(raw_cs, where, "case_sensitive", problems)
        for alias in listed:
            if alias != name and alias not in aliases:
                problems.append(f"{where}: case_sensitive alias {alias!r} is not among its aliases")
    exact = tuple(dict.fromkeys(a for a in (name, *aliases) if a and (a in listed or is_acronym(a))))

    if len(problems) > before:
        return None
    return ArmedGroup(
        id=ident,
        name=name,
        aliases=tuple(aliases),
        countries=tuple(countries),
        affiliate_of=tuple(affiliate_of),
        ideology=ideology,
        kind=kind,
        case_sensitive_aliases=exact,
        acled_category=category,
    )


def _check_ids(ids: list[str], problems: list[str]) -> None:
    seen: set[str] = set()
    for ident in ids:
        if ident in seen:
            problems.append(f"duplicate id {ident!r}")
        seen.add(ident)


def _alias_keys(group: ArmedGroup) -> Iterable[tuple[str, str, bool]]:
    """(alias, key, exact) for the name and every alias of a group."""
    exact = set(group.case_sensitive_aliases)
    for alias in group.names:
        if alias in exact:
            yield alias, normalise_alias(alias, keep_case=True), True
        else:
            yield alias, normalise_alias(alias), False


def _check_aliases(groups: list[ArmedGroup], problems: list[str]) -> None:
    """An alias may name one group only. An exact alias also clashes with another group's
    case-insensitive alias that reads the same once casefolded ("ETA" against "eta")."""
    loose: dict[str, tuple[str, str]] = {}  # casefolded key -> (group id, alias)
    exact: dict[str, tuple[str, str]] = {}  # exact key -> (group id, alias)
    for group in groups:
        for alias, key, is_exact in _alias_keys(group):
            if not key:
                problems.append(f"{group.id}: alias {alias!r} is empty once normalised")
                continue
            table = exact if is_exact else loose
            other = table.get(key)
            if other and other[0] != group.id:
                problems.append(
                    f"alias {alias!r} of {group.id!r} is also alias {other[1]!r} of {other[0]!r}"
                )
            else:
                table.setdefault(key, (group.id, alias))
    for key, (gid, alias) in exact.items():
        other = loose.get(key.casefold())
        if other and other[0] != gid:
            problems.append(
                f"alias {alias!r} of {gid!r} is also alias {other[1]!r} of {other[0]!r}"
            )


def _check_affiliations(entries: list[dict], ids: set[str], problems: list[str]) -> None:
    for entry in entries:
        ident, parents = entry.get("id"), entry.get("affiliate_of")
        if not isinstance(parents, list):
            continue
        for parent in parents:
            if parent == ident:
                problems.append(f"{ident}: affiliate_of names the group itself")
            elif isinstance(parent, str) and parent not in ids:
                problems.append(f"{ident}: affiliate_of {parent!r} is not an id in the file")


def _check_cycles(groups: list[ArmedGroup], problems: list[str]) -> None:
    """A group may not be its own ancestor (a -> b -> a): "parent of" would mean nothing."""
    by_id = {g.id: g for g in groups}
    for group in groups:
        seen, frontier = {group.id}, [p for p in group.affiliate_of if p != group.id]
        while frontier:
            current = frontier.pop()
            if current == group.id:
                problems.append(f"{group.id}: affiliate_of forms a cycle")
                break
            if current in seen or current not in by_id:
                continue
            seen.add(current)
            frontier.extend(by_id[current].affiliate_of)


def groups_by_id(path: str | Path | None = None) -> dict[str, ArmedGroup]:
    return dict(_by_id(_resolve(path, ARMED_GROUPS_FILE)))


@lru_cache(maxsize=8)
def _by_id(path: Path) -> dict[str, ArmedGroup]:
    return {g.id: g for g in _load_armed_groups(path)}


def alias_index(path: str | Path | None = None) -> dict[str, str]:
    """Case-insensitive aliases: ``normalise_alias(alias)`` -> group id (names included)."""
    return dict(_indexes(_resolve(path, ARMED_GROUPS_FILE))[0])


def case_sensitive_alias_index(path: str | Path | None = None) -> dict[str, str]:
    """Aliases that match only as written: ``normalise_alias(alias, keep_case=True)`` -> id."""
    return dict(_indexes(_resolve(path, ARMED_GROUPS_FILE))[1])


@lru_cache(maxsize=8)
def _indexes(path: Path) -> tuple[dict[str, str], dict[str, str]]:
    loose: dict[str, str] = {}
    exact: dict[str, str] = {}
    for group in _load_armed_groups(path):
        for _, key, is_exact in _alias_keys(group):
            (exact if is_exact else loose)[key] = group.id
    return loose, exact


_POSSESSIVE = re.compile(r"(?:['\u2019]s|s['\u2019])$")
_ARTICLE = re.compile(r"^the\s+", re.IGNORECASE)


def lookup_group(text: str, path: str | Path | None = None) -> ArmedGroup | None:
    """The group a name refers to, or None. The whole of ``text`` must be a name or alias
    (a leading "the" and a trailing possessive are ignored); this is not a search in text."""
    loose, exact = _indexes(_resolve(path, ARMED_GROUPS_FILE))
    by_id = _by_id(_resolve(path, ARMED_GROUPS_FILE))
    candidate = text.strip()
    forms = [candidate]
    if _POSSESSIVE.search(candidate):
        forms.append(candidate[:-2].rstrip())
    forms += [_ARTICLE.sub("", f) for f in list(forms) if _ARTICLE.match(f)]
    for form in forms:
        gid = exact.get(normalise_alias(form, keep_case=True)) or loose.get(normalise_alias(form))
        if gid:
            return by_id[gid]
    return None


# --- demonyms -------------------------------------------------------------------------------------------


def load_demonyms(path: str | Path | None = None) -> dict[str, Demonym]:
    """Nationality and ethnic words, keyed exactly as written in the file ("Tajik",
    "Uygur"). Raises DataFileError listing every problem found in the file."""
    return dict(_load_demonyms(_resolve(path, DEMONYMS_FILE)))


@lru_cache(maxsize=8)
def _load_demonyms(path: Path) -> dict[str, Demonym]:
    data = _read_yaml(path)
    if data is None:
        raise DataFileError(f"{path}: no demonyms (the file is empty)")
    if not isinstance(data, dict) or "demonyms" not in data:
        raise DataFileError(f"{path}: expected a mapping with a 'demonyms' key")
    problems = [f"unknown top-level key {k!r}" for k in data if k != "demonyms"]
    table = data["demonyms"]
    if not table:
        raise DataFileError(f"{path}: 'demonyms' is empty")
    if not isinstance(table, dict):
        raise DataFileError(f"{path}: 'demonyms' must be a mapping of word -> details")

    out: dict[str, Demonym] = {}
    folded: dict[str, str] = {}
    for term, spec in table.items():
        demonym = _parse_demonym(term, spec, problems)
        if demonym is None:
            continue
        key = demonym.term.casefold()
        if key in folded:
            problems.append(f"{term!r} repeats {folded[key]!r} in another case")
            continue
        folded[key] = demonym.term
        out[demonym.term] = demonym
    _fail(path, problems)
    return out


def _parse_demonym(term: Any, spec: Any, problems: list[str]) -> Demonym | None:
    if not isinstance(term, str) or not term.strip():
        problems.append(f"{term!r}: the word must be a non-empty string")
        return None
    where = repr(term)
    if not isinstance(spec, dict):
        problems.append(f"{where}: expected a mapping such as {{country: TJ}}, got {spec!r}")
        return None
    before = len(problems)
    if "country" not in spec:
        problems.append(f"{where}: missing required field 'country' (null when there is none)")
    for field in sorted(set(spec) - set(_DEMONYM_FIELDS), key=str):
        problems.append(f"{where}: unknown field '{field}'")
    country = spec.get("country")
    if country is not None:
        _countries([country], where, problems)
    ethnic = spec.get("ethnic", False)
    if not isinstance(ethnic, bool):
        problems.append(f"{where}: ethnic must be true or false, got {ethnic!r}")
    countries = _countries(spec.get("countries"), where, problems)
    if country is None and not countries and not ethnic:
        problems.append(f"{where}: a nationality needs a country (or ethnic: true, or countries)")
    if len(problems) > before:
        return None
    if not countries and country:
        countries = [country]
    return Demonym(term=term.strip(), country=country, ethnic=ethnic, countries=tuple(countries))


def lookup_demonym(word: str, path: str | Path | None = None) -> Demonym | None:
    """The demonym entry for a word as it stands in text: exact first, then in title case for
    words printed in capitals ("TAJIK"), then without a regular plural ending ("Tajiks",
    "Uygurs"). Lowercase words are not matched case-insensitively ("fur" is not "Fur")."""
    table = _load_demonyms(_resolve(path, DEMONYMS_FILE))
    word = word.strip()
    forms = [word]
    if word.isupper():
        forms.append(word.title())
    for form in list(forms):
        if len(form) > 3 and form.endswith("s"):
            forms.append(form[:-1])
        if len(form) > 4 and form.endswith("es"):
            forms.append(form[:-2])
    for form in forms:
        entry = table.get(form)
        if entry is not None:
            return entry
    return None


def clear_caches() -> None:
    """Forget loaded files (for a process that edits them while running)."""
    _load_armed_groups.cache_clear()
    _load_demonyms.cache_clear()
    _indexes.cache_clear()
    _by_id.cache_clear()
