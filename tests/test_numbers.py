"""Tests for tacitus.extract.numbers: parse_number and parse_count."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tacitus.extract.numbers import VAGUE_QUANTITIES, parse_count, parse_number

# --- an independent int -> words helper for the property tests ---------------------------

_ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen "
    "fourteen fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


def _under_1000(n: int, *, hyphen: bool, british_and: bool) -> str:
    assert 0 < n < 1000
    words: list[str] = []
    hundreds, rest = divmod(n, 100)
    if hundreds:
        words += [_ONES[hundreds], "hundred"]
        if rest and british_and:
            words.append("and")
    if rest:
        if rest < 20:
            words.append(_ONES[rest])
        else:
            tens, ones = divmod(rest, 10)
            if ones:
                words.append(f"{_TENS[tens]}{'-' if hyphen else ' '}{_ONES[ones]}")
            else:
                words.append(_TENS[tens])
    return " ".join(words)


def to_words(n: int, *, hyphen: bool = True, british_and: bool = False) -> str:
    """English words for 0 <= n < 10**12, written out the long way."""
    if n == 0:
        return "zero"
    parts: list[str] = []
    for scale, name in ((10**9, "billion"), (10**6, "million"), (10**3, "thousand"), (1, "")):
        chunk, n = divmod(n, scale)
        if chunk:
            text = _under_1000(chunk, hyphen=hyphen, british_and=british_and)
            parts.append(f"{text} {name}".strip())
    return " ".join(parts)


def test_to_words_helper_itself() -> None:
    assert to_words(21) == "twenty-one"
    assert to_words(112, british_and=True) == "one hundred and twelve"
    assert to_words(1_200_305) == "one million two hundred thousand three hundred five"


# --- parse_number --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("137", 137),
        ("0", 0),
        ("1,200", 1200),
        ("12,345,678", 12345678),
        (" 42 ", 42),
        ("four", 4),
        ("Four", 4),
        ("zero", 0),
        ("eleven", 11),
        ("twenty", 20),
        ("twenty-one", 21),
        ("twenty one", 21),
        ("ninety-nine", 99),
        ("a dozen", 12),
        ("two dozen", 24),
        ("half a dozen", 6),
        ("a hundred", 100),
        ("one hundred", 100),
        ("two hundred", 200),
        ("one hundred and twelve", 112),
        ("one hundred twelve", 112),
        ("a hundred and fifty", 150),
        ("twelve hundred", 1200),
        ("a thousand", 1000),
        ("one thousand and five", 1005),
        ("two thousand three hundred and four", 2304),
        ("one million two hundred thousand", 1_200_000),
        ("half a million", 500_000),
        ("3.5 million", 3_500_000),
        ("1.2 thousand", 1200),
        ("20 thousand", 20_000),
        ("1,500 million", 1_500_000_000),
    ],
)
def test_parse_number(text: str, expected: int) -> None:
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "a",
        "hundred",  # needs "a" or "one"
        "dozens",  # vague: parse_count's business
        "several",
        "many",
        "2.5",  # not a whole number
        "3.555 hundred",  # 355.5
        "1,20",  # bad grouping
        "one two",
        "twenty thirty",
        "hundred hundred",
        "thousand million",
        "one hundred and",
        "and five",
        "first",
        "1st",
        "-5",
        "five people",
        "twelve dozen dozen",
    ],
)
def test_parse_number_rejects(text: str) -> None:
    assert parse_number(text) is None


@given(st.integers(min_value=0, max_value=10**12))
def test_parse_number_digits_roundtrip(n: int) -> None:
    assert parse_number(str(n)) == n
    assert parse_number(f"{n:,}") == n


@given(st.integers(min_value=0, max_value=999), st.booleans(), st.booleans())
def test_parse_number_words_roundtrip_below_1000(n: int, hyphen: bool, british: bool) -> None:
    assert parse_number(to_words(n, hyphen=hyphen, british_and=british)) == n


@given(st.integers(min_value=0, max_value=999_999_999_999), st.booleans(), st.booleans())
def test_parse_number_words_roundtrip_large(n: int, hyphen: bool, british: bool) -> None:
    text = to_words(n, hyphen=hyphen, british_and=british)
    assert parse_number(text) == n
    assert parse_number(text.upper()) == n


@given(st.text(max_size=40))
def test_parse_number_never_raises(text: str) -> None:
    result = parse_number(text)
    assert result is None or (isinstance(result, int) and result >= 0)


# --- parse_count ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # exact figures
        ("137 people", (137, 137)),
        ("137", (137, 137)),
        ("1,200 civilians", (1200, 1200)),
        ("two Tajik men", (2, 2)),
        ("twenty-one soldiers", (21, 21)),
        ("one hundred and twelve people", (112, 112)),
        ("one", (1, 1)),
        ("one of the attackers", (1, 1)),
        ("the three victims", (3, 3)),
        ("all 137 passengers", (137, 137)),
        ("another 10", (10, 10)),
        ("a total of 45", (45, 45)),
        ("a dozen", (12, 12)),
        ("a dozen people", (12, 12)),
        ("half a dozen", (6, 6)),
        ("both", (2, 2)),
        ("a family of five", (5, 5)),
        ("a group of 10 soldiers", (10, 10)),
        # singular victims
        ("a man", (1, 1)),
        ("a policeman", (1, 1)),
        ("a Tajik man", (1, 1)),
        ("a police officer", (1, 1)),
        ("the driver", (1, 1)),
        ("his son", (1, 1)),
        ("a 25-year-old student", (1, 1)),
        ("a member of the security forces", (1, 1)),
        ("a single civilian", (1, 1)),
        ("a man was killed", (1, 1)),
        # nobody
        ("no one", (0, 0)),
        ("No one", (0, 0)),
        ("no-one", (0, 0)),
        ("nobody", (0, 0)),
        ("none", (0, 0)),
        ("none of the passengers", (0, 0)),
        ("no casualties", (0, 0)),
        ("no deaths", (0, 0)),
        ("no immediate casualties", (0, 0)),
        ("no one was killed", (0, 0)),
        ("not a single person", (0, 0)),
        ("zero", (0, 0)),
        # lower bounds
        ("at least 137", (137, None)),
        ("at least 137 people", (137, None)),
        ("no fewer than 10", (10, None)),
        ("20 or more", (20, None)),
        ("50+", (50, None)),
        ("more than 20", (20, None)),
        ("over 300", (300, None)),
        ("upwards of 40", (40, None)),
        ("in excess of 100", (100, None)),
        ("more than a dozen", (12, None)),
        ("at least a dozen", (12, None)),
        ("more than 1,000", (1000, None)),
        ("just over 100", (101, 110)),
        # upper bounds (minimum 1: a report of casualties implies some)
        ("up to 10", (1, 10)),
        ("as many as 50", (1, 50)),
        ("no more than 5", (1, 5)),
        ("fewer than 10", (1, 9)),
        ("less than 10", (1, 9)),
        ("up to a dozen", (1, 12)),
        # approximations
        ("nearly 50", (45, 49)),
        ("almost 50", (45, 49)),
        ("close to 100", (90, 99)),
        ("nearly 2", (1, 1)),
        ("about 50", (45, 55)),
        ("around 10", (9, 11)),
        ("some 40 people", (36, 44)),
        ("roughly 200", (180, 220)),
        ("approximately 30", (27, 33)),
        ("an estimated 2,000", (1800, 2200)),
        ("1,000 or so", (900, 1100)),
        ("about a dozen", (10, 14)),
        ("40-odd", (41, 49)),
        ("100-odd", (101, 199)),
        # ranges
        ("between 10 and 15", (10, 15)),
        ("between 10 and 15 people", (10, 15)),
        ("10 to 15", (10, 15)),
        ("10-15", (10, 15)),
        ("10 \u2013 15", (10, 15)),
        ("from 10 to 15", (10, 15)),
        ("two or three", (2, 3)),
        ("one or two", (1, 2)),
        ("one or more", (1, None)),
        # vague quantities
        ("dozens", (24, 99)),
        ("dozens of people", (24, 99)),
        ("scores of", (40, 99)),
        ("scores of civilians", (40, 99)),
        ("hundreds", (200, 999)),
        ("thousands", (2000, 9999)),
        ("tens of thousands", (20_000, 99_999)),
        ("hundreds of thousands", (200_000, 999_999)),
        ("several", (3, 9)),
        ("several people", (3, 9)),
        ("a few", (2, 5)),
        ("a handful of", (2, 5)),
        ("a couple of people", (2, 3)),
        ("several hundred", (300, 900)),
        ("a few dozen", (24, 60)),
        ("several dozen", (36, 108)),
        ("many", (2, None)),
        ("a number of people", (2, None)),
        ("a group of soldiers", (2, None)),
        # lists of victims are summed
        ("two soldiers and a civilian", (3, 3)),
        ("a man and his wife", (2, 2)),
        ("three police officers and two civilians", (5, 5)),
        ("a man, his wife and their son", (3, 3)),
        ("at least 10 soldiers and 5 civilians", (15, None)),
        # in a sentence
        ("killing at least 12 people", (12, None)),
        ("the blast killed 10 soldiers and 5 civilians", (15, 15)),
        ("12 people, including 3 children", (12, 12)),
        ("5 killed and 20 injured", (5, 5)),
        ("in 2019, 45 people were killed", (45, 45)),
        ("20 may have died", (20, 20)),
        ("the death toll rose from 12 to 45", (45, 45)),
        ("the toll has risen to at least 45", (45, None)),
        ("a 5-year-old boy", (1, 1)),
        ("the 2019 attack killed 5", (5, 5)),  # a year as an adjective is no count
        ("2000 people", (2000, 2000)),
        ("an attack on March 22 killed 137 people", (137, 137)),
        ("Two people were killed and 12 injured", (2, 2)),
        ("At least 10 people, including four children, were killed", (10, None)),
        ("the attack left 3 dead", (3, 3)),
        ("Gunmen killed a police officer", (1, 1)),
        ("13 civilians and a soldier", (14, 14)),
        ("no injuries were reported", (0, 0)),
        ("at 3 p.m. 5 people", (5, 5)),
        # nothing to count
        ("", (None, None)),
        ("the attack", (None, None)),
        ("at nearly", (None, None)),  # modifiers with nothing to modify
        ("the about", (None, None)),
        ("a car bomb", (None, None)),
        ("casualties", (None, None)),
        ("no immediate reports of casualties", (None, None)),
        ("people", (None, None)),
    ],
)
def test_parse_count(text: str, expected: tuple[int | None, int | None]) -> None:
    assert parse_count(text) == expected


def test_vague_table_is_consistent() -> None:
    for key, (lo, hi) in VAGUE_QUANTITIES.items():
        assert lo is not None, key
        assert hi is None or lo <= hi, key
        assert parse_count(key) == (lo, hi), key


@given(st.integers(min_value=0, max_value=10**7))
def test_count_exact(n: int) -> None:
    assert parse_count(f"{n} people") == (n, n)
    assert parse_count(f"{n:,} civilians") == (n, n)


@given(st.integers(min_value=1, max_value=999))
def test_count_words(n: int) -> None:
    assert parse_count(f"{to_words(n)} soldiers") == (n, n)


@given(st.integers(min_value=1, max_value=10**6))
def test_count_modifiers(n: int) -> None:
    assert parse_count(f"at least {n}") == (n, None)
    assert parse_count(f"more than {n}") == (n, None)
    assert parse_count(f"over {n:,} people") == (n, None)
    assert parse_count(f"up to {n}") == (1, n)
    lo, hi = parse_count(f"nearly {n}")
    assert hi == n - 1 and lo is not None and lo <= hi
    lo, hi = parse_count(f"about {n}")
    assert lo is not None and hi is not None and lo <= n <= hi
    assert hi - n <= n // 10 + 1 and n - lo <= n // 10 + 1


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=1, max_value=10**6))
def test_count_ranges(a: int, d: int) -> None:
    b = a + d
    assert parse_count(f"between {a} and {b} people") == (a, b)
    assert parse_count(f"{a} to {b}") == (a, b)
    assert parse_count(f"{a}-{b}") == (a, b)


_TEMPLATES = st.sampled_from(
    [
        "{n}", "at least {n}", "more than {n}", "nearly {n}", "about {n}", "up to {n}",
        "fewer than {n}", "{n} or more", "{n} or so", "just over {n}", "some {n} people",
        "the {n} victims", "{n}-odd",
    ]
)  # fmt: skip


@given(_TEMPLATES, st.integers(min_value=0, max_value=10**6))
def test_count_bounds_are_ordered(template: str, n: int) -> None:
    lo, hi = parse_count(template.format(n=n))
    assert lo is None or lo >= 0
    assert hi is None or hi >= 0
    if lo is not None and hi is not None:
        assert lo <= hi


@settings(max_examples=200)
@given(st.text(max_size=60))
def test_parse_count_never_raises(text: str) -> None:
    lo, hi = parse_count(text)
    assert lo is None or isinstance(lo, int)
    assert hi is None or isinstance(hi, int)
    if lo is not None and hi is not None:
        assert lo <= hi
