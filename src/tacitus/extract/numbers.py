"""Numbers and casualty counts as news writes them.

``parse_number`` reads one number: digits ("137", "1,200", "3.5 million") or words
("twenty-one", "one hundred and twelve", "a dozen", "half a dozen").  It returns
``None`` for anything that is not exactly one whole number, vague words included.

``parse_count`` reads a casualty phrase ("at least 137 people", "dozens of
civilians", "two soldiers and a policeman", "no one") and returns ``(min, max)``;
``None`` on either side means "no bound known".  Rules, in the order they are tried:

1. A toll update ("the toll rose from 12 to 45") counts its final figure only.
2. The phrase is cut into noun phrases at verbs and clause words ("killed", "were",
   "including", ...).  In each piece, in order: a list of victims ("two soldiers and
   a civilian", "a man, his wife and their son") is summed; otherwise the first
   quantity is read: an optional modifier ("at least", "more than", "nearly",
   "about", ...), then a number, a range ("10 to 15", "10-15", "between 10 and 15",
   "two or three") or a vague word ("dozens", "several hundred", "no one"), then an
   optional suffix ("or more", "or so", "+", "-odd").  Numbers that are clearly not
   head counts are skipped: years ("in 2019", "the 2019 attack"), days of the month
   ("March 22"), times ("3 p.m."), ages ("5-year-old"), percentages, distances, money.
3. Failing that, a singular noun phrase for a person ("a man", "a Tajik policeman",
   "the driver", "a 25-year-old student") counts as one.  "A car bomb" does not, nor
   do collectives ("a group of soldiers" is "many": (2, None)).
4. Anything else gives ``(None, None)``.  "No immediate reports of casualties" is
   unknown, not zero.

How modifiers change an exact number N (integer arithmetic, so no float drift):

- "at least N", "no fewer than N", "N or more", "N+"  -> (N, None)
- "more than N", "over N", "upwards of N"  -> (N, None): coders code the stated N
- "just over N", "slightly more than N"  -> (N + 1, ceil(1.1 N))
- "up to N", "as many as N", "no more than N", "at most N"  -> (1, N), see below
- "fewer than N", "less than N", "under N"  -> (1, N - 1)
- "nearly N", "almost N", "close to N", "just under N"  -> (floor(0.9 N), N - 1)
- "about / around / some / roughly / approximately / an estimated N", "N or so"
  -> (floor(0.9 N), ceil(1.1 N))
- "40-odd", "100 odd"  -> (N + 1, N + 10^(digits - 1) - 1), so (41, 49), (101, 199)

Ceilings ("up to", "fewer than") take a minimum of 1, not 0: a report of "up to 10
killed" asserts that people were killed; when the ceiling itself is below one the
minimum is 0.  ``floor(0.9 N)`` is capped at ``N - 1`` so that "nearly 2" is (1, 1).
Modifiers on a vague quantity or a range keep its bounds, except that "at least" /
"more than" drop the maximum and "up to" / "fewer than" set the minimum to 1.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from ..lang import pack

__all__ = ["VAGUE_QUANTITIES", "VAGUE_MULTIPLIERS", "parse_number", "parse_count"]

# --- the words (lang/<code>/numbers.yaml) ---------------------------------------------
#
# Every word list lives in the language pack; the calibration of the vague quantities is
# explained beside them in numbers.yaml. Bounds are written "min..max", an empty side for no
# bound.

_PACK = pack()


def _bounds(value: str) -> tuple[int | None, int | None]:
    lo, _, hi = value.partition("..")
    return (int(lo) if lo else None), (int(hi) if hi else None)


def _ints(name: str) -> dict[str, int]:
    return {k: int(v) for k, v in _PACK.map(name).items()}


def _words(name: str) -> frozenset[str]:
    return _PACK.words(name)


# (min, max) for quantifiers that give an order of magnitude but no figure; ``None`` means no
# bound.
VAGUE_QUANTITIES: dict[str, tuple[int | None, int | None]] = {
    k: _bounds(v) for k, v in _PACK.map("vague_quantities").items()}
# "<vague> <unit>": "a few hundred" = (2 * 100, 5 * 100), "several dozen" = (36, 108).
VAGUE_MULTIPLIERS: dict[str, tuple[int, int]] = {
    k: _bounds(v) for k, v in _PACK.map("vague_multipliers").items()}  # type: ignore[misc]
_UNITS: dict[str, int] = _ints("number_units")

# Nouns after "no" that make a zero count ("no casualties", "no deaths"), and words that make
# it unknown instead ("no immediate reports of casualties").
_ZERO_NOUNS = _words("zero_nouns")
_UNKNOWN_WORDS = _words("unknown_count_words")

# --- modifiers -------------------------------------------------------------------------

_PREFIX_MODIFIERS: dict[str, str] = dict(_PACK.map("prefix_modifiers"))
_SUFFIX_MODIFIERS: dict[str, str] = dict(_PACK.map("suffix_modifiers"))

# Toll updates: only the figure after "to" counts.
_TOLL_UPDATE = re.compile(
    r"\b(?:" + "|".join(sorted((re.escape(v) for v in _words("count_update_verbs")), key=len, reverse=True))
    + r")\b(?:\s+\S+){0,8}?\s+to\s+(?P<rest>.+)$"
)

# --- number words ----------------------------------------------------------------------

_SMALL: dict[str, int] = _ints("number_words_small")
_TENS: dict[str, int] = _ints("number_words_tens")
_SCALES: dict[str, int] = _ints("number_scales")
_MULT_WORDS: dict[str, int] = {**_UNITS, **_SCALES}
_NUMBER_WORDS = frozenset(_SMALL) | frozenset(_TENS) | frozenset(_MULT_WORDS) | {
    "and",
    "a",
    "an",
    "half",
}

_DIGITS = re.compile(r"\d+")
_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+|\d{1,3}(?:[\u202f\u2009\u00a0]\d{3})+")
_DIGITS_SCALED = re.compile(
    r"(?P<n>\d+(?:\.\d+)?|\d{1,3}(?:,\d{3})+(?:\.\d+)?)\s*-?\s*"
    r"(?P<scale>hundred|thousand|million|billion|dozen)"
)


def parse_number(text: str) -> int | None:
    """One whole number written in digits, words or both; ``None`` otherwise.

    >>> parse_number("1,200"), parse_number("twenty-one"), parse_number("3.5 million")
    (1200, 21, 3500000)
    >>> parse_number("one hundred and twelve"), parse_number("half a dozen")
    (112, 6)
    >>> parse_number("dozens") is None, parse_number("2.5") is None
    (True, True)
    """
    if not isinstance(text, str):
        return None
    t = text.strip().lower()
    if not t:
        return None
    if _DIGITS.fullmatch(t):
        return int(t)
    if _GROUPED.fullmatch(t):
        return int(re.sub(r"\D", "", t))
    m = _DIGITS_SCALED.fullmatch(t)
    if m:
        try:
            value = Decimal(m["n"].replace(",", "")) * _MULT_WORDS[m["scale"]]
        except InvalidOperation:  # pragma: no cover - the regex admits only numerals
            return None
        return int(value) if value == value.to_integral_value() else None
    words = re.sub(r"[-\u2010\u2011]", " ", t).replace(",", " ").split()
    if not words or any(w not in _NUMBER_WORDS for w in words):
        return None
    return _words_to_int(words)


def _below_hundred(words: list[str], i: int) -> tuple[int | None, int]:
    """1..99 at ``words[i]``: "seven", "seventeen", "seventy", "seventy seven"."""
    if i >= len(words):
        return None, i
    w = words[i]
    if w in _TENS:
        if i + 1 < len(words) and words[i + 1] in _SMALL and 1 <= _SMALL[words[i + 1]] <= 9:
            return _TENS[w] + _SMALL[words[i + 1]], i + 2
        return _TENS[w], i + 1
    if w in _SMALL and _SMALL[w] >= 1:
        return _SMALL[w], i + 1
    return None, i


def _group(words: list[str], i: int, after_scale: bool) -> tuple[int | None, int]:
    """1..9999 at ``words[i]``: "[N hundred [and]] [1..99]", "a hundred", "twelve hundred"."""
    if i < len(words) and words[i] == "and":
        if not after_scale:
            return None, i
        v, j = _below_hundred(words, i + 1)  # "one thousand and five"
        return (v, j) if v is not None else (None, i)
    head: int | None
    if i < len(words) and words[i] in ("a", "an"):
        head, j = 1, i + 1
        if j >= len(words) or words[j] not in _MULT_WORDS:
            return None, i  # "a" is a number only before "hundred", "thousand", ...
    else:
        head, j = _below_hundred(words, i)
        if head is None:
            return None, i
    if j < len(words) and words[j] == "hundred":
        value, j = head * 100, j + 1
        if j < len(words) and words[j] == "and":
            rest, k = _below_hundred(words, j + 1)
            if rest is None:
                return None, i  # a dangling "and"
            return value + rest, k
        rest, k = _below_hundred(words, j)
        return (value + rest, k) if rest is not None else (value, j)
    if head == 1 and words[i] in ("a", "an"):
        return 1, j  # "a thousand": the scale is read by the caller
    return head, j


def _words_to_int(words: list[str]) -> int | None:
    if words == ["zero"]:
        return 0
    if words[0] == "half":  # "half a dozen", "half a million"
        if len(words) == 3 and words[1] in ("a", "an") and words[2] in _MULT_WORDS:
            return _MULT_WORDS[words[2]] // 2
        return None
    if words[-1] == "dozen":  # "a dozen", "two dozen"
        inner = ["one"] if words[:-1] in (["a"], ["an"]) else words[:-1]
        if not inner or "dozen" in inner:
            return None
        n = _words_to_int(inner)
        return n * 12 if n is not None and n < 100 else None
    total, i, last_scale = 0, 0, None
    while i < len(words):
        value, j = _group(words, i, after_scale=last_scale is not None)
        if value is None:
            return None
        i = j
        if i < len(words) and words[i] in _SCALES:
            scale = _SCALES[words[i]]
            if (last_scale is not None and scale >= last_scale) or value >= 1000:
                return None
            total += value * scale
            last_scale = scale
            i += 1
            continue
        if i < len(words):
            return None  # "twenty thirty", "one two", "hundred hundred"
        if last_scale is not None and value >= last_scale:
            return None
        total += value
    return total


# --- counts ----------------------------------------------------------------------------

_TOKEN = re.compile(
    r"[ap]\.m\.?"  # times
    r"|\d+(?:st|nd|rd|th)\b"  # ordinals, never counts
    r"|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
    r"|[a-z]+(?:['\u2019][a-z]+)*(?:-[a-z]+(?:['\u2019][a-z]+)*)*"
    r"|[-~+%$\u00a3\u20ac&,]"
)

# After a number: it is not a head count ("37 years", "4 pm"); before any number ("aged 37",
# "route 66"); before a year ("since 2015").
_NOT_COUNT_AFTER = _words("not_count_after")
_NOT_COUNT_STRICT_BEFORE = _words("not_count_before")
_NOT_COUNT_BEFORE = _words("not_year_before")
_YEAR = re.compile(r"(?:1[89]|20)\d\d")
_MONTHS = _words("month_names")

# Words that end the noun phrase of a count: verbs, auxiliaries, relative pronouns.
# A phrase is split at them, and a list of victims is summed only inside one piece.
_CLAUSE_WORDS = _words("count_clause_words")
_DETERMINERS = _words("person_determiners")
_COLLECTIVES = _words("collective_nouns")
_PLURAL_NOUNS = _words("plural_person_nouns")
# Singular nouns for a person.  Besides these, heads ending in a person suffix (-man, -woman,
# -er, -or, -ist, -ian) count as people unless listed as not a person.
_PEOPLE = _words("singular_person_nouns")
_NOT_PEOPLE = _words("not_person_nouns")
_PERSON_SUFFIXES = tuple(sorted(_words("person_suffixes")))
_AGE = re.compile(r"\d+|-|\w+-old|old|years?|aged")


def _tokens(text: str) -> list[str]:
    t = text.lower().replace("\u2013", "-").replace("\u2014", "-").replace("\u2212", "-")
    t = t.replace("no one", "no-one").replace("\u2019", "'")
    return _TOKEN.findall(t)


def _match_phrase(tokens: list[str], i: int, table: dict[str, str]) -> tuple[str, int] | None:
    """Longest entry of ``table`` (space-separated words) starting at ``tokens[i]``."""
    best: tuple[str, int] | None = None
    for phrase, kind in table.items():
        parts = phrase.split()
        if tokens[i : i + len(parts)] == parts and (best is None or len(parts) > best[1] - i):
            best = (kind, i + len(parts))
    return best


_VAGUE_KEYS: dict[str, str] = {k: k for k in VAGUE_QUANTITIES}
_COLLECTIVE_KEYS = _words("collective_quantities")
_MULTIPLIER_KEYS: dict[str, str] = {k: k for k in VAGUE_MULTIPLIERS}


def _number_at(tokens: list[str], i: int) -> tuple[int, int] | None:
    """The longest run of tokens from ``i`` that reads as one number: (value, end)."""
    if i >= len(tokens):
        return None
    first = tokens[i]
    if not (first[0].isdigit() or all(w in _NUMBER_WORDS for w in first.split("-"))):
        return None
    for j in range(min(len(tokens), i + 12), i, -1):
        if tokens[j - 1] in ("and", "a", "an", "half"):
            continue
        v = parse_number(" ".join(tokens[i:j]))
        if v is not None:
            return v, j
    return None


def _vague_at(tokens: list[str], i: int) -> tuple[int | None, int | None, int] | None:
    """A vague quantity from ``tokens[i]``: (min, max, end)."""
    m = _match_phrase(tokens, i, _MULTIPLIER_KEYS)
    if m:
        key, j = m
        if j < len(tokens) and tokens[j] in _UNITS:
            lo, hi = VAGUE_MULTIPLIERS[key]
            unit = _UNITS[tokens[j]]
            return lo * unit, hi * unit, j + 1
    m = _match_phrase(tokens, i, _VAGUE_KEYS)
    if m:
        key, j = m
        lo, hi = VAGUE_QUANTITIES[key]
        if key in _COLLECTIVE_KEYS and j + 1 < len(tokens) and tokens[j] == "of":
            if _count_at(tokens, j + 1) is not None:
                return None  # "a group of 10 soldiers": the figure counts, read it next
        return lo, hi, j
    if tokens[i] in ("no", "not") and i + 1 < len(tokens):
        j = i + 1
        while j < len(tokens) and j <= i + 3 and tokens[j] not in _ZERO_NOUNS:
            if tokens[j] in _UNKNOWN_WORDS:
                return None  # "no immediate reports of casualties" means unknown
            j += 1
        if j < len(tokens) and tokens[j] in _ZERO_NOUNS:
            return 0, 0, j + 1
    return None


def _quantity_at(tokens: list[str], i: int) -> tuple[int | None, int | None, int] | None:
    """An unmodified quantity from ``tokens[i]``: (min, max, end), exact when min == max."""
    j0 = i
    if tokens[i] in ("between", "from"):
        i += 1
    num = _number_at(tokens, i)
    if num is not None:
        lo, j = num
        # a range: "10 to 15", "10-15", "between 10 and 15", "two or three"
        if j < len(tokens) and tokens[j] in ("to", "-", "and", "or", "through", "till", "until"):
            if tokens[j] != "and" or tokens[j0] == "between":
                other = _number_at(tokens, j + 1)
                if other is not None and other[0] > lo:
                    return lo, other[0], other[1]
        if tokens[j0] in ("between", "from"):
            return None
        return lo, lo, j
    if tokens[j0] in ("between", "from"):
        return None
    return _vague_at(tokens, i)


def _not_a_count(tokens: list[str], start: int, end: int) -> bool:
    prev = tokens[start - 1] if start > 0 else ""
    nxt = tokens[end] if end < len(tokens) else ""
    if nxt == "-" and end + 1 < len(tokens):
        nxt = tokens[end + 1]
    if nxt in _NOT_COUNT_AFTER or nxt.endswith("-old") or nxt.endswith("-year-old"):
        return True
    if prev in _NOT_COUNT_STRICT_BEFORE:
        return True
    month_after = nxt in _MONTHS and (
        # "may" is also a verb: "20 may have died"
        nxt != "may"
        or end + 1 >= len(tokens)
        or tokens[end + 1][0].isdigit()
        or prev in ("on", "since", "until", "till", "by", "from", "of")
    )
    if end - start == 1 and _YEAR.fullmatch(tokens[start]):
        # "the 2019 attack": a year used as an adjective; counts take plural nouns
        adjective = (
            nxt[:1].isalpha()
            and nxt not in _CLAUSE_WORDS
            and nxt not in _PLURAL_NOUNS
            and not nxt.endswith("s")
        )
        return prev in _NOT_COUNT_BEFORE or prev in _MONTHS or month_after or adjective
    return prev in _MONTHS or month_after  # "March 22", "22 March"


def _apply(kind: str | None, lo: int | None, hi: int | None) -> tuple[int | None, int | None]:
    exact = lo is not None and lo == hi
    if kind is None or kind == "exact":
        return lo, hi
    if kind == "at_least":
        return lo, None
    if kind == "more_than":
        # coders code "more than 150 killed" as 150 (GTD, ACLED): the stated number is the
        # lower bound we keep, so the coded figure falls inside the range
        return lo, None
    if kind == "up_to":
        return (1 if (hi is None or hi >= 1) else 0), hi
    if kind == "fewer_than":
        if exact:
            return (1 if lo >= 2 else 0), max(lo - 1, 0)  # type: ignore[operator]
        return (1 if (hi is None or hi >= 1) else 0), hi
    if not exact or lo == 0:
        return lo, hi
    n = lo
    assert n is not None
    if kind == "just_over":
        return n + 1, -(-n * 11 // 10)
    if kind == "nearly":
        return min(n * 9 // 10, n - 1), n - 1
    if kind == "about":
        return n * 9 // 10, -(-n * 11 // 10)
    if kind == "odd" and n >= 10:  # "40-odd": the lower digits are unknown
        return n + 1, n + 10 ** (len(str(n)) - 1) - 1
    if kind == "odd":
        return n * 9 // 10, -(-n * 11 // 10)
    return lo, hi  # pragma: no cover - every kind is handled above


def _count_at(tokens: list[str], i: int) -> tuple[int | None, int | None, int] | None:
    """A modified quantity from ``tokens[i]``: (min, max, end)."""
    kind: str | None = None
    j = i
    mod = _match_phrase(tokens, i, _PREFIX_MODIFIERS)
    if mod:
        kind, j = mod
        if j < len(tokens) and tokens[j] == "of":  # "upwards of", "close to" already whole
            j += 1
    if j >= len(tokens):
        return None
    # a second modifier: "at least about 40" is rare, "the nearly 50" is not
    if kind == "exact":
        mod2 = _match_phrase(tokens, j, _PREFIX_MODIFIERS)
        if mod2 and mod2[0] != "exact":
            kind, j = mod2
    if j >= len(tokens):
        return None
    q = _quantity_at(tokens, j)
    if q is None:
        return None
    lo, hi, end = q
    if lo is not None and lo == hi and lo > 0 and _not_a_count(tokens, j, end):
        return None
    suffix = _match_phrase(tokens, end, _SUFFIX_MODIFIERS) if end < len(tokens) else None
    if suffix is None and end + 1 < len(tokens) and tokens[end] == "-" and tokens[end + 1] == "odd":
        suffix = ("odd", end + 2)
    if suffix and (kind in (None, "exact")):
        kind, end = suffix
    lo, hi = _apply(kind, lo, hi)
    return lo, hi, end


def _is_person(noun: str) -> bool:
    if noun in _PEOPLE:
        return True
    if noun in _NOT_PEOPLE or noun in _COLLECTIVES:
        return False
    return noun.endswith(_PERSON_SUFFIXES)


def _singular(tokens: list[str]) -> bool:
    """``tokens`` is one person: a determiner and a singular noun for a person
    ("a man", "a Tajik policeman", "the driver", "a 25-year-old student")."""
    if len(tokens) < 2 or tokens[0] not in _DETERMINERS:
        return False
    rest = [t for t in tokens[1:] if not _AGE.fullmatch(t)]
    if rest and rest[0] == "single":
        rest = rest[1:]
    if "of" in rest:  # "a member of the security forces": the head comes before "of"
        rest = rest[: rest.index("of")]
    if not rest or any(not t[0].isalpha() for t in rest):
        return False
    if any(t in _COLLECTIVES or t in _NUMBER_WORDS for t in rest) or rest[-1] in _PLURAL_NOUNS:
        return False
    return _is_person(rest[-1])  # "a police officer": only the head need be singular


def _segments(tokens: list[str]) -> list[tuple[int, int]]:
    """``tokens`` cut at clause words, as (start, end) spans: the noun phrases."""
    out: list[tuple[int, int]] = []
    start = 0
    for i, t in enumerate(tokens + [";"]):
        if t in _CLAUSE_WORDS or t == ";":
            if i > start:
                out.append((start, i))
            start = i + 1
    return out


def _list_sum(tokens: list[str]) -> tuple[int | None, int | None] | None:
    """The sum of a list of victims ("two soldiers and a civilian"), or None."""
    parts: list[list[str]] = [[]]
    for t in tokens:
        if t in (",", "and", "&"):
            parts.append([])
        else:
            parts[-1].append(t)
    parts = [p for p in parts if p]
    if len(parts) < 2:
        return None
    total_lo: int | None = 0
    total_hi: int | None = 0
    for part in parts:
        found = _count_at(part, 0)
        if found is not None and found[2] < len(part):  # a quantity and then a noun
            lo, hi = found[0], found[1]
        elif _singular(part):
            lo, hi = 1, 1
        else:
            return None
        total_lo = None if (total_lo is None or lo is None) else total_lo + lo
        total_hi = None if (total_hi is None or hi is None) else total_hi + hi
    return total_lo, total_hi


def _count(
    tokens: list[str], start: int = 0, end: int | None = None
) -> tuple[int | None, int | None] | None:
    """The first quantity starting in ``tokens[start:end]`` (read with its context)."""
    for i in range(start, len(tokens) if end is None else end):
        found = _count_at(tokens, i)
        if found is not None:
            return found[0], found[1]
    return None


def parse_count(text: str) -> tuple[int | None, int | None]:
    """(min, max) people in a casualty phrase; see the module docstring for the rules.

    >>> parse_count("at least 137 people"), parse_count("dozens of civilians")
    ((137, None), (24, 99))
    >>> parse_count("two soldiers and a policeman"), parse_count("no one")
    ((3, 3), (0, 0))
    """
    if not isinstance(text, str) or not text.strip():
        return None, None
    t = " ".join(text.lower().split())

    m = _TOLL_UPDATE.search(t)
    if m:
        found = _count(_tokens(m["rest"]))
        if found is not None:
            return found

    tokens = _tokens(t)
    segments = _segments(tokens)
    for start, end in segments:
        found = _list_sum(tokens[start:end]) or _count(tokens, start, end)
        if found is not None:
            return found
    if any(_singular(tokens[start:end]) for start, end in segments):
        return 1, 1
    return None, None


def number_phrase_pattern(lang=None) -> str:
    """A regular expression (source) for a number phrase: an optional modifier ("at least",
    "around") and digits or number words ("47", "1,200", "twenty-one")."""
    words = sorted(set(_SMALL) | set(_TENS) | set(_MULT_WORDS), key=len, reverse=True)
    word = "(?:" + "|".join(words) + ")"
    mods = sorted(_PREFIX_MODIFIERS, key=len, reverse=True)
    mod = "(?:(?:" + "|".join(re.escape(m) for m in mods if m[0].isalpha()) + r")\s+)?"
    return rf"{mod}(?:\d{{1,3}}(?:,\d{{3}})+|\d+|{word}(?:[- ]{word})*)\b"
