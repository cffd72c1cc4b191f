"""Tests for tacitus.extract.timex.resolve_date."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tacitus.extract.timex import FUTURE_TOLERANCE_DAYS, DateValue, resolve_date
from tacitus.models import DATE_PRECISIONS

PUB = date(2024, 3, 25)  # a Monday
UNKNOWN = DateValue(None, None, "unknown")


def day(iso: str) -> DateValue:
    return DateValue(iso, None, "day")


def month(iso: str) -> DateValue:
    return DateValue(iso, None, "month")


def year(iso: str) -> DateValue:
    return DateValue(iso, None, "year")


def span(start: str, end: str) -> DateValue:
    return DateValue(start, end, "range")


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        # day and month, year from the publication date
        ("March 22", day("2024-03-22")),
        ("22 March", day("2024-03-22")),
        ("on March 22", day("2024-03-22")),
        ("on 22 March", day("2024-03-22")),
        ("March 22nd", day("2024-03-22")),
        ("the 22nd of March", day("2024-03-22")),
        ("mar. 22", day("2024-03-22")),
        ("Friday, March 22", day("2024-03-22")),
        ("Friday (22 March)", day("2024-03-22")),
        ("the night of March 22", day("2024-03-22")),
        ("around March 22", day("2024-03-22")),
        ("April 20", day("2024-04-20")),  # 26 days ahead: still this year
        ("April 30", day("2023-04-30")),  # 36 days ahead: last year
        ("December 28", day("2023-12-28")),
        ("February 29", day("2024-02-29")),
        # weekdays: the latest such day ("last X": strictly before publication)
        ("Friday", day("2024-03-22")),
        ("last Friday", day("2024-03-22")),
        ("on Tuesday", day("2024-03-19")),
        ("Monday", day("2024-03-25")),  # publication is a Monday: that same day
        ("last Monday", day("2024-03-18")),
        ("on Sunday night", day("2024-03-24")),
        ("early on Friday", day("2024-03-22")),
        ("late Tuesday night", day("2024-03-19")),
        ("at 3 a.m. on Friday", day("2024-03-22")),
        ("last Friday at around 10:30 pm", day("2024-03-22")),
        ("in the early hours of Sunday", day("2024-03-24")),
        ("Fri", day("2024-03-22")),
        ("next Friday", day("2024-03-29")),
        # days around publication
        ("today", day("2024-03-25")),
        ("this morning", day("2024-03-25")),
        ("tonight", day("2024-03-25")),
        ("earlier today", day("2024-03-25")),
        ("yesterday", day("2024-03-24")),
        ("yesterday morning", day("2024-03-24")),
        ("last night", day("2024-03-24")),
        ("the day before yesterday", day("2024-03-23")),
        ("tomorrow", day("2024-03-26")),
        ("2 days ago", day("2024-03-23")),
        ("two days ago", day("2024-03-23")),
        ("a day ago", day("2024-03-24")),
        # weeks and weekends
        ("last week", span("2024-03-18", "2024-03-24")),
        ("early last week", span("2024-03-18", "2024-03-24")),
        ("next week", span("2024-04-01", "2024-04-07")),
        ("this week", day("2024-03-25")),  # Monday..Monday
        ("two weeks ago", span("2024-03-11", "2024-03-17")),
        ("over the weekend", span("2024-03-23", "2024-03-24")),
        ("the weekend", span("2024-03-23", "2024-03-24")),
        ("last weekend", span("2024-03-23", "2024-03-24")),
        # months
        ("March 2024", month("2024-03")),
        ("march of 2024", month("2024-03")),
        ("in March", month("2024-03")),
        ("early March", month("2024-03")),
        ("mid-March", month("2024-03")),
        ("the third week of March", month("2024-03")),
        ("in April", month("2024-04")),
        ("in May", month("2023-05")),
        ("last month", month("2024-02")),
        ("this month", month("2024-03")),
        ("earlier this month", month("2024-03")),
        ("next month", month("2024-04")),
        ("three months ago", month("2023-12")),
        ("2024-03", month("2024-03")),
        ("jan 90", month("1990-01")),
        # years
        ("this year", year("2024")),
        ("earlier this year", year("2024")),
        ("last year", year("2023")),
        ("late last year", year("2023")),
        ("next year", year("2025")),
        ("a year ago", year("2023")),
        ("in 2019", year("2019")),
        ("2019", year("2019")),
        ("late 2019", year("2019")),
        ("mid-2019", year("2019")),
        ("the first half of 2019", year("2019")),
        ("the summer of 2019", year("2019")),
        ("sometime in 2019", year("2019")),
        # rolling ranges ending at publication
        ("over the past three months", span("2023-12-25", "2024-03-25")),
        ("in the past two weeks", span("2024-03-11", "2024-03-25")),
        ("the past week", span("2024-03-18", "2024-03-25")),
        ("the last week", span("2024-03-18", "2024-03-25")),
        ("during the past year", span("2023-03-25", "2024-03-25")),
        ("the past few months", span("2023-10-25", "2024-03-25")),  # few <= 5
        ("in recent months", span("2023-12-25", "2024-03-25")),  # 3 months
        ("in recent weeks", span("2024-02-26", "2024-03-25")),  # 4 weeks
        ("in recent days", span("2024-03-18", "2024-03-25")),  # 7 days
        ("in recent years", span("2019-03-25", "2024-03-25")),  # 5 years
        ("the past months", span("2023-12-25", "2024-03-25")),
        ("a few days ago", span("2024-03-20", "2024-03-23")),
        ("in the past 24 hours", span("2024-03-24", "2024-03-25")),
        ("over the last 36 hours", span("2024-03-23", "2024-03-25")),
        ("Friday's", day("2024-03-22")),
        ("yesterday's", day("2024-03-24")),
        ("since 2019", span("2019-01-01", "2024-03-25")),
        ("since March 2020", span("2020-03-01", "2024-03-25")),
        ("since last year", span("2023-01-01", "2024-03-25")),
        # explicit ranges
        ("between 1 and 3 May", span("2023-05-01", "2023-05-03")),
        ("between 1 and 3 May 2024", span("2024-05-01", "2024-05-03")),
        ("from 1 to 3 may", span("2023-05-01", "2023-05-03")),
        ("1-3 May 2024", span("2024-05-01", "2024-05-03")),
        ("March 22-24", span("2024-03-22", "2024-03-24")),
        ("22\u201324 March 2024", span("2024-03-22", "2024-03-24")),
        ("between March 1 and March 3", span("2024-03-01", "2024-03-03")),
        ("1 May to 3 June 2024", span("2024-05-01", "2024-06-03")),
        ("from March to May 2024", span("2024-03-01", "2024-05-31")),
        ("December 28 to January 3", span("2023-12-28", "2024-01-03")),
        ("2019-2021", span("2019-01-01", "2021-12-31")),
        ("2019-21", span("2019-01-01", "2021-12-31")),
        ("between 2019 and 2021", span("2019-01-01", "2021-12-31")),
        ("22 March 2024 - 24 March 2024", span("2024-03-22", "2024-03-24")),
        # decades
        ("the 1980s", span("1980-01-01", "1989-12-31")),
        ("the early 1990s", span("1990-01-01", "1999-12-31")),
        ("the 1980's", span("1980-01-01", "1989-12-31")),
        ("the '80s", span("1980-01-01", "1989-12-31")),
        ("the eighties", span("1980-01-01", "1989-12-31")),
        ("the 20s", span("2020-01-01", "2029-12-31")),
        # absolute dates
        ("2024-03-22", day("2024-03-22")),
        ("2024/03/22", day("2024-03-22")),
        ("March 22, 2024", day("2024-03-22")),
        ("Thursday 21 March 2024", day("2024-03-21")),
        ("March the 22nd 2024", day("2024-03-22")),
        ("Oct. 5, 2023", day("2023-10-05")),
        ("sept 11 2001", day("2001-09-11")),
        ("12 jan 90", day("1990-01-12")),
        ("12 january 1990", day("1990-01-12")),
        ("12 JAN 90", day("1990-01-12")),
        ("22.03.2024", day("2024-03-22")),
        ("22/3/2024", day("2024-03-22")),
        ("3/22/2024", day("2024-03-22")),
        ("20 March 2024 at 14:00 GMT", day("2024-03-20")),
        ("22-Mar-2024", day("2024-03-22")),
        ("2024.03.22", day("2024-03-22")),  # via dateparser
        # unknown
        ("3/4/2024", UNKNOWN),  # day-first or month-first?
        ("February 30", UNKNOWN),
        ("the 31st of February", UNKNOWN),
        ("the previous day", UNKNOWN),  # relative to the story, not to publication
        ("the following week", UNKNOWN),
        ("last summer", UNKNOWN),
        ("the eve of March 22", UNKNOWN),  # the day before: not worth the guess
        ("the attack", UNKNOWN),
        ("gibberish", UNKNOWN),
        ("", UNKNOWN),
        ("   ", UNKNOWN),
        ("12", UNKNOWN),
        ("the 20 seconds", UNKNOWN),
    ],
)
def test_resolve_with_publication(expr: str, expected: DateValue) -> None:
    assert resolve_date(expr, PUB) == expected


@pytest.mark.parametrize(
    "expr",
    [
        "March 22", "22 March", "in March", "Friday", "last Friday", "yesterday", "today",
        "last night", "this morning", "on Sunday night", "last week", "this year",
        "last year", "in the past two weeks", "over the past three months",
        "in recent months", "between 1 and 3 May", "2 days ago", "since 2019", "the weekend",
        "last month", "three months ago", "May 1-3",
    ],
)  # fmt: skip
def test_relative_without_publication_is_unknown(expr: str) -> None:
    assert resolve_date(expr, None) == UNKNOWN


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("2024-03-22", day("2024-03-22")),
        ("March 22, 2024", day("2024-03-22")),
        ("12 jan 90", day("1990-01-12")),
        ("12 january 1990", day("1990-01-12")),
        ("jan 12 05", day("2005-01-12")),  # two-digit years: 00-68 -> 20yy
        ("March 2024", month("2024-03")),
        ("in 2019", year("2019")),
        ("1-3 May 2024", span("2024-05-01", "2024-05-03")),
        ("the 1980s", span("1980-01-01", "1989-12-31")),
        ("the '20s", span("1920-01-01", "1929-12-31")),
        ("22-Mar-2024", day("2024-03-22")),
        ("2024.03.22", day("2024-03-22")),  # via dateparser
    ],
)
def test_absolute_without_publication(expr: str, expected: DateValue) -> None:
    assert resolve_date(expr, None) == expected


def test_two_digit_year_follows_publication() -> None:
    assert resolve_date("12 jan 19", date(2024, 3, 25)) == day("2019-01-12")
    assert resolve_date("12 jan 90", date(2024, 3, 25)) == day("1990-01-12")
    assert resolve_date("12 jan 25", date(2024, 3, 25)) == day("2025-01-12")
    assert resolve_date("12 jan 25", date(1990, 3, 25)) == day("1925-01-12")


def test_dateparser_does_not_invent_a_day() -> None:
    # these reach dateparser, which fills in a day for month expressions (the 25th,
    # from RELATIVE_BASE); the precision must stay month
    for expr in ("2024 March", "03/2024"):
        assert resolve_date(expr, PUB) == month("2024-03")
        assert resolve_date(expr, None) == month("2024-03")
    assert resolve_date("Mar-2024", PUB) == month("2024-03")


def test_published_may_be_a_datetime() -> None:
    from datetime import datetime

    assert resolve_date("yesterday", datetime(2024, 3, 25, 23, 59)) == day("2024-03-24")


def test_year_boundaries() -> None:
    jan = date(2024, 1, 5)
    assert resolve_date("December 30", jan) == day("2023-12-30")
    assert resolve_date("January 20", jan) == day("2024-01-20")
    assert resolve_date("in December", jan) == month("2023-12")
    assert resolve_date("last month", jan) == month("2023-12")
    assert resolve_date("last week", jan) == span("2023-12-25", "2023-12-31")
    assert resolve_date("yesterday", date(2024, 1, 1)) == day("2023-12-31")
    assert resolve_date("between 30 December and 2 January", jan) == span(
        "2023-12-30", "2024-01-02"
    )
    dec = date(2023, 12, 20)
    assert resolve_date("January 5", dec) == day("2023-01-05")  # never next year
    assert resolve_date("January 10", dec) == day("2023-01-10")


def test_month_arithmetic_clamps() -> None:
    assert resolve_date("the past month", date(2024, 3, 31)) == span("2024-02-29", "2024-03-31")
    assert resolve_date("a month ago", date(2024, 3, 31)) == month("2024-02")


# --- properties -------------------------------------------------------------------------------

dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31))
pubs = st.dates(min_value=date(1950, 3, 1), max_value=date(2090, 12, 31))
_FORMATS = {
    "day": re.compile(r"\d{4}-\d{2}-\d{2}"),
    "month": re.compile(r"\d{4}-\d{2}"),
    "year": re.compile(r"\d{4}"),
}


@given(dates)
def test_absolute_day_roundtrip(d: date) -> None:
    expected = day(d.isoformat())
    name = calendar.month_name[d.month]
    assert resolve_date(d.isoformat(), None) == expected
    assert resolve_date(f"{d.day} {name} {d.year}", None) == expected
    assert resolve_date(f"{name} {d.day}, {d.year}", None) == expected
    assert resolve_date(f"on {d.day} {name.lower()[:3]} {d.year}", None) == expected


@given(dates)
def test_month_year_is_month_precision(d: date) -> None:
    name = calendar.month_name[d.month]
    assert resolve_date(f"{name} {d.year}", None) == month(f"{d.year:04d}-{d.month:02d}")
    assert resolve_date(f"in {d.year}", None) == year(f"{d.year:04d}")


@given(pubs, dates)
def test_day_month_without_year(pub: date, d: date) -> None:
    assume(not (d.month == 2 and d.day == 29))
    result = resolve_date(f"{calendar.month_name[d.month]} {d.day}", pub)
    assert result.precision == "day" and result.value is not None
    got = date.fromisoformat(result.value)
    assert (got.month, got.day) == (d.month, d.day)
    assert got.year in (pub.year, pub.year - 1)  # never the next year
    limit = pub + timedelta(days=FUTURE_TOLERANCE_DAYS)
    assert got <= limit
    if got.year == pub.year - 1:  # only when this year's would be too far ahead
        assert got.replace(year=pub.year) > limit


@given(pubs, st.integers(min_value=0, max_value=6))
def test_weekday_is_latest_before_publication(pub: date, wd: int) -> None:
    name = calendar.day_name[wd]
    for expr, earliest in ((name, 0), (f"on {name} night", 0), (f"last {name}", 1)):
        result = resolve_date(expr, pub)
        assert result.precision == "day" and result.value is not None
        got = date.fromisoformat(result.value)
        assert got.weekday() == wd
        assert earliest <= (pub - got).days <= earliest + 6


@given(pubs, st.integers(min_value=0, max_value=3000))
def test_days_ago(pub: date, n: int) -> None:
    assert resolve_date(f"{n} days ago", pub) == day((pub - timedelta(days=n)).isoformat())


@given(pubs)
def test_last_week_is_previous_calendar_week(pub: date) -> None:
    result = resolve_date("last week", pub)
    assert result.precision == "range" and result.value and result.end
    start, end = date.fromisoformat(result.value), date.fromisoformat(result.end)
    assert start.weekday() == 0 and (end - start).days == 6
    assert end < pub and (pub - end).days <= 7


@given(pubs, st.integers(min_value=1, max_value=24))
def test_past_n_months_ends_at_publication(pub: date, n: int) -> None:
    result = resolve_date(f"over the past {n} months", pub)
    assert result.precision == "range" and result.value and result.end
    assert result.end == pub.isoformat()
    start = date.fromisoformat(result.value)
    months = (pub.year - start.year) * 12 + pub.month - start.month
    assert months == n


@settings(max_examples=200)
@given(st.text(max_size=40), st.one_of(st.none(), pubs))
def test_never_raises_and_is_well_formed(expr: str, pub: date | None) -> None:
    result = resolve_date(expr, pub)
    assert result.precision in DATE_PRECISIONS
    if result.precision == "unknown":
        assert result == UNKNOWN
    elif result.precision == "range":
        assert result.value and result.end
        assert date.fromisoformat(result.value) <= date.fromisoformat(result.end)
    else:
        assert result.end is None and result.value is not None
        assert _FORMATS[result.precision].fullmatch(result.value)


_PHRASES = st.sampled_from(
    [
        "March 22", "Friday", "yesterday", "last week", "in March", "the past {n} days",
        "{n} weeks ago", "{n} months ago", "{n} years ago", "this year", "last year",
        "over the weekend", "since 1949", "between 1 and 3 May", "in recent months",
    ]
)  # fmt: skip


@given(_PHRASES, pubs, st.integers(min_value=1, max_value=30))
def test_relative_phrases_are_well_formed(template: str, pub: date, n: int) -> None:
    result = resolve_date(template.format(n=n), pub)
    assert result.precision != "unknown"
    if result.precision == "range":
        assert result.value and result.end and result.value <= result.end
