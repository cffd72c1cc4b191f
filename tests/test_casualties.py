import pytest

from tacitus.extract.casualties import find_counts


def _get(text):
    return {(c.kind, c.low, c.high) for c in find_counts(text)}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The attack on a concert hall killed 137 people.", {("killed", 137, 137)}),
        ("At least 100 people were killed and 225 injured.", {("killed", 100, None), ("injured", 225, 225)}),
        ("The blast left 21 dead and dozens wounded.", {("killed", 21, 21)}),
        ("Gunmen opened fire, killing four policemen and wounding two others.",
         {("killed", 4, 4), ("injured", 2, 2)}),
        ("The death toll rose to 121 on Tuesday.", {("killed", 121, 121)}),
        ("More than 300 people were wounded in the twin blasts.", {("injured", 300, None)}),
        ("Two soldiers died in the ambush.", {("killed", 2, 2)}),
    ],
)
def test_counts(text, expected):
    assert expected <= _get(text)


@pytest.mark.parametrize(
    "text",
    [
        "The 37 years old suspect was killed later.",
        "He was killed at 4 pm.",
        "The minister visited the site on Friday.",
    ],
)
def test_no_head_count(text):
    assert not any(c.low not in (None, 1) and c.kind == "killed" and c.low > 1 for c in find_counts(text))


def test_killed_and_injured_not_confused():
    counts = find_counts("Five people were killed and 12 were injured when the bomb exploded.")
    kinds = {c.kind: c.low for c in counts}
    assert kinds == {"killed": 5, "injured": 12}


def test_year_of_a_date_is_not_a_toll():
    assert _get("A bomb attack on a bus on 9 June 2024 killed nine people.") == {("killed", 9, 9)}
