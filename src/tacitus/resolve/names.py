"""Name matching for actor resolution: people by name variants, groups by alias, acronym
and spelling. Pure functions over strings; the store side is ``resolve.actors``.

People. "Hassan Sheikh Mohamud", "Hassan Sheikh" and "President Mohamud" are one man;
"Jovenel Moïse" and "Jovenel Moise" too; "Muhammad" is written Mohammed, Mohamed, Mohamud.
Names are compared token by token after folding accents and dropping titles, each token
reduced to a consonant skeleton ("mohammed" and "muhammad" -> "mmd") so transliterations
meet. Two names of two or more tokens match when one is an ordered part of the other and
their first tokens agree. A lone surname is never matched across articles on its own (there
are many Mr Khans); ``resolve.actors`` ties it to a full name of the same article.

Groups. An unknown group is matched to the armed-groups gazetteer by exact alias (after
dropping "the" and fighter nouns: "Boko Haram militants"), then by spelling
(``rapidfuzz`` ratio, long names only), and to other unknown groups by the same tests plus
acronyms ("Popular Resistance Front" / "PRF").
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rapidfuzz import fuzz, process

from ..gazetteer import groups_by_id, lookup_group, normalise_alias
from ..lang import pack

# Calibrated by hand on transliteration pairs (Tehrik-i-Taliban / Tehreek-e-Taliban = 93,
# Jamaat Nusrat al-Islam / Jama'at Nasr al-Islam = 91, Ansar Dine / Ansar al-Din = 86):
# 90 merges the first two and leaves short names to exact matching.
GROUP_FUZZY_MIN = 90.0
GROUP_FUZZY_MIN_CHARS = 8  # names shorter than this (acronyms, "IS") match exactly only
PERSON_SAME = 1.0
PERSON_SKELETON = 0.95
PERSON_PART = 0.85
PERSON_MATCH_MIN = 0.85

# the words of names (lang/<code>/names.yaml): titles dropped before a person's name, name
# particles never compared, fighter nouns dropped after a group's name
TITLES = pack().words("name_titles")
PARTICLES = pack().words("name_particles")
FIGHTER_WORDS = pack().words("group_fighter_words")
_TOKEN = re.compile(r"[a-z0-9]+")
_VOWELS = re.compile(r"[aeiouyhw]")


_LETTERS = str.maketrans({"ı": "i", "ø": "o", "ł": "l", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe"})
# given names whose spellings differ in vowels only, where the consonant skeleton is too
# short to tell (Mohamud, the Somali name, stays apart from Mohamed)
GIVEN_NAME_FORMS = dict(pack().map("given_name_forms"))


def fold(text: str) -> str:
    s = unicodedata.normalize("NFKD", text.casefold().translate(_LETTERS))
    s = "".join(c for c in s if not unicodedata.combining(c))
    return s.replace("'", "").replace("\u2019", "").replace("\u02bc", "")


def skeleton(token: str) -> str:
    """Consonant skeleton for transliteration variants: first letter kept (as a consonant
    class), then consonants without h/w/y, doubles collapsed, q -> k, z/s kept apart."""
    if not token:
        return ""
    t = token.replace("q", "k").replace("ph", "f").replace("ou", "u")
    first = "a" if t[0] in "aeiouy" else t[0]
    rest = _VOWELS.sub("", t[1:])
    out = first
    for ch in rest:
        if ch != out[-1]:
            out += ch
    return out


def person_tokens(name: str) -> tuple[str, ...]:
    """Folded name tokens without titles and particles: "President Hassan Sheikh Mohamud"
    -> ("hassan", "sheikh", "mohamud"); "Abu Bakr al-Baghdadi" -> ("abu", "bakr", "baghdadi")."""
    tokens = _TOKEN.findall(fold(name))
    while tokens and tokens[0] in TITLES:
        tokens = tokens[1:]
    return tuple(t for t in tokens if t not in PARTICLES)


def person_keys(name: str) -> set[str]:
    """Blocking keys: skeletons of the name's tokens (those of 3+ letters)."""
    return {skeleton(t) for t in person_tokens(name) if len(t) >= 3}


def _token_eq(a: str, b: str) -> bool:
    """Same token, or transliterations of one: skeletons agree, and they are long enough to
    say so ("qassem"/"qasem"; "mohammed"/"muhammad"; not "john"/"jane")."""
    if a == b or GIVEN_NAME_FORMS.get(a, a) == GIVEN_NAME_FORMS.get(b, b):
        return True
    sa = skeleton(a)
    return len(sa) >= 3 and sa == skeleton(b)


def _ordered_part(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    i = 0
    for tok in long:
        if i < len(short) and _token_eq(short[i], tok):
            i += 1
    return i == len(short)


def same_person(a: str, b: str) -> float | None:
    """How sure we are that two full names (two tokens or more) name one person, or None."""
    ta, tb = person_tokens(a), person_tokens(b)
    if len(ta) < 2 or len(tb) < 2:
        return None
    if len(ta) == len(tb):
        if all(_token_eq(x, y) for x, y in zip(ta, tb)):
            return PERSON_SAME if ta == tb else PERSON_SKELETON
    elif _token_eq(ta[-1], tb[-1]) and skeleton("".join(ta)) == skeleton("".join(tb)):
        return PERSON_SKELETON  # tokens split otherwise: "Abubakar Shekau" / "Abu Bakr Shekau"
    short, long = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    if _token_eq(short[0], long[0]) and _ordered_part(short, long):
        return PERSON_PART
    if len(long) == len(short) + 1 and all(_token_eq(x, y) for x, y in zip(short, long[1:])):
        return PERSON_PART  # an honorific the title list lacks: "Nawabzada Siraj Raisani"
    return None


def one_word(name: str) -> bool:
    """A name written as one word once titles are dropped ("Yerlikaya", "Lahouaiej-Bouhlel",
    "President Mohamud")."""
    words = fold(name).split()
    while words and re.sub(r"\W", "", words[0]) in TITLES:
        words = words[1:]
    return len(words) == 1


def surname_of(single: str, full: str) -> bool:
    """Whether a one-word name is a family name in ``full`` (any word but the first):
    "Mohamud" of "Hassan Sheikh Mohamud", "Moise" of "Jovenel Moïse", "Rojas" of "José
    Aldemar Rojas Rodríguez", "Lahouaiej-Bouhlel" of "Mohamed Lahouaiej-Bouhlel"."""
    if not one_word(single):
        return False
    ts, tf = person_tokens(single), person_tokens(full)
    if not ts or len(tf) < 2:
        return False
    n = len(ts)
    return any(all(_token_eq(x, y) for x, y in zip(ts, tf[i:i + n])) for i in range(1, len(tf) - n + 1))


# --- groups ---------------------------------------------------------------------------------


def group_form(name: str) -> str:
    """Comparable form of a group name: "the Boko Haram militants" -> "boko haram"."""
    tokens = _TOKEN.findall(fold(normalise_alias(name)))
    if tokens and tokens[0] == "the":
        tokens = tokens[1:]
    while tokens and tokens[-1] in FIGHTER_WORDS:
        tokens = tokens[:-1]
    return " ".join(tokens)


def acronym(name: str) -> str | None:
    """Initials of the capitalised words: "Popular Resistance Front" -> "PRF"."""
    words = [w for w in re.findall(r"[A-Za-z][\w'-]*", name) if w[0].isupper()]
    return "".join(w[0] for w in words).upper() if len(words) >= 2 else None


def same_group(a: str, b: str) -> float | None:
    fa, fb = group_form(a), group_form(b)
    if not fa or not fb:
        return None
    if fa == fb:
        return 1.0
    bare_a, bare_b = a.strip(), b.strip()
    if (bare_a.isupper() and acronym(b) == bare_a) or (bare_b.isupper() and acronym(a) == bare_b):
        return 0.9
    if min(len(fa), len(fb)) >= GROUP_FUZZY_MIN_CHARS and fuzz.ratio(fa, fb) >= GROUP_FUZZY_MIN:
        return 0.9
    return None


@lru_cache(maxsize=1)
def _gazetteer_forms() -> tuple[list[str], list[str]]:
    forms, ids = [], []
    for gid, group in groups_by_id().items():
        for n in group.names:
            f = group_form(n)
            if len(f) >= GROUP_FUZZY_MIN_CHARS:
                forms.append(f)
                ids.append(gid)
    return forms, ids


def gazetteer_group(name: str) -> tuple[str, float] | None:
    """(gazetteer id, score) for a group name the extractor did not recognise, or None."""
    found = lookup_group(name)
    if found is None:
        stripped = " ".join(w for w in name.split() if fold(w) not in FIGHTER_WORDS)
        found = lookup_group(stripped) if stripped and stripped != name else None
    if found is not None:
        return found.id, 1.0
    form = group_form(name)
    if len(form) < GROUP_FUZZY_MIN_CHARS:
        return None
    forms, ids = _gazetteer_forms()
    best = process.extractOne(form, forms, scorer=fuzz.ratio, score_cutoff=GROUP_FUZZY_MIN)
    if best is None:
        return None
    return ids[best[2]], round(best[1] / 100.0, 3)


def group_keys(name: str) -> set[str]:
    """Blocking keys for a group: its comparable form's longer words and its acronym."""
    keys = {w for w in group_form(name).split() if len(w) >= 4}
    acr = acronym(name)
    if acr and len(acr) >= 3:
        keys.add("#" + acr.lower())
    if name.strip().isupper() and len(name.strip()) >= 3:
        keys.add("#" + name.strip().lower())
    return keys
