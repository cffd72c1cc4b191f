"""Resolve a date expression from a news article to an ISO value and its precision.

``resolve_date(expr, published)`` reads expressions such as "March 22", "last Friday",
"in the past three months", "between 1 and 3 May" or "12 jan 90" and resolves them
against the publication date.  It never claims more precision than the text gives:
"March 2024" is a month, "this year" a year, "last week" a range.

Precisions and value formats (``DateValue``):

=========  ====================  ===========================
precision  ``value``             ``end``
=========  ====================  ===========================
day        "2024-03-22"          None
month      "2024-03"             None
year       "2024"                None
range      "2024-03-18" (first)  "2024-03-24" (last, inclusive)
unknown    None                  None
=========  ====================  ===========================

Rules (``pub`` is the publication date):

* A day and month without a year ("March 22", "22 March") is in ``pub``'s year, or
  the year before if that would be more than 30 days after ``pub``.  A month without a
  year ("in March") follows the same rule using the 1st of the month.
* A weekday ("Friday", "last Friday", "on Sunday night") is the latest such day
  *strictly before* ``pub``; "next Friday" is the first one strictly after.
* "today", "this morning", "tonight" -> ``pub``; "yesterday", "last night" -> the day
  before; "the day before yesterday" -> two days before; "tomorrow" -> the day after.
* "last week" -> the previous calendar week, Monday..Sunday; "this week" -> Monday..
  ``pub``; "earlier this week" -> Monday..the day before ``pub`` (``pub`` on Mondays);
  "next week" -> the next Monday..Sunday; "the weekend" / "last weekend" / "over the
  weekend" -> the latest Saturday strictly before ``pub`` and the Sunday after it.
* "last month" / "this month" / "next month" -> month; "last year" / "this year" /
  "earlier this year" / "next year" -> year.
* "N days ago" -> day; "N weeks ago" -> range, the Monday..Sunday week containing
  ``pub`` - 7N days; "N months ago" -> month; "N years ago" -> year.  A vague N ("a few
  days ago") gives a range using the bounds of ``numbers.VAGUE_QUANTITIES``.
* "the past N days/weeks/months/years", "over the last two weeks", "in the past
  week" -> range (``pub`` - N units)..``pub``.  Vague N uses the upper bound of
  ``numbers.VAGUE_QUANTITIES`` ("the past few months" = 5 months) so that the range
  contains the event.  "in recent days/weeks/months/years" uses ``RECENT``: 7 days,
  4 weeks, 3 months, 5 years.
* "the past 24 hours" -> range from ``pub`` minus the hours rounded up to whole days.
* "since X" -> range from the start of X to ``pub``.
* "between 1 and 3 May", "1-3 May", "May 1-3", "from March to May 2024",
  "2019-2021" -> range from the first day of the start to the last day of the end.
  Missing months and years are borrowed across the range ("1 to 3 May 2024").
* "the 1980s" / "the early 1980s" -> range 1980-01-01..1989-12-31; "the '80s" and "the
  eighties" take the latest such decade that began no later than ``pub``'s year
  (the 1900s without ``pub``).
* Qualifiers that narrow without a figure ("early March", "late 2019", "mid-2019",
  "the first half of 2019", "the summer of 2019", "the night of March 22") keep the
  precision of what they qualify: month, year, year, year, year, day.
* Absolute dates: ISO ("2024-03-22", "2024-03"), "22 March 2024", "March 22, 2024",
  "12 jan 90", "22.03.2024" (day first), and slash dates only when the day is > 12.
  Two-digit years: with ``pub``, the latest of 19yy/20yy not after ``pub``'s year + 1;
  without, 69-99 -> 19yy and 00-68 -> 20yy.
* Without ``pub``, every relative expression (and a day or month with no year) is
  unknown; absolute ones still resolve.
* Anything else is handed to dateparser (English, ``PREFER_DATES_FROM='past'``,
  ``RELATIVE_BASE`` = ``pub``), whose own ``period`` sets the precision, so its
  habit of filling in a day for "March 2024" does not leak.  It is only consulted
  with ``pub`` or when the text holds a four-digit year.  Unparseable text ->
  ``DateValue(None, None, "unknown")``.

The words and the patterns of the expressions live in the language pack
(``lang/en/timex.yaml``); this module holds the arithmetic.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from ..lang import alternation, pack
from .numbers import VAGUE_QUANTITIES, parse_number

__all__ = ["DateValue", "UNKNOWN", "RECENT", "FUTURE_TOLERANCE_DAYS", "resolve_date"]

#: How far after publication a date without a year may fall before it is taken to be
#: in the previous year.
FUTURE_TOLERANCE_DAYS = 30

#: Length of "recent days/weeks/months/years", in that unit.
RECENT: dict[str, int] = {"day": 7, "week": 4, "month": 3, "year": 5}


@dataclass(frozen=True)
class DateValue:
    value: str | None  # ISO: "2024-03-22", "2024-03", "2024"; None when unknown
    end: str | None  # for ranges, the ISO end (inclusive)
    precision: str  # day | month | year | range | unknown


UNKNOWN = DateValue(None, None, "unknown")

# --- vocabulary (lang/<code>/timex.yaml) ---------------------------------------------------

_PACK = pack()


def _ints(name: str) -> dict[str, int]:
    return {k: int(v) for k, v in _PACK.map(name).items()}


def _pattern(name: str) -> re.Pattern[str]:
    return re.compile(_PACK.regex(name, year=_YEAR_TOKEN))


_MONTHS = _ints("month_names")
_WEEKDAYS = _ints("weekday_names")
_DECADE_WORDS = _ints("decade_words")
_DAY_WORDS = _ints("day_words")  # "yesterday": -1
_UNITS = dict(_PACK.map("time_units"))  # word -> unit, with an "s" when plural
_COUNT_ONE = _PACK.words("count_one_words") | {""}
_COUNT_ALIASES = dict(_PACK.map("count_aliases"))
_RANGE_OPENERS = _PACK.words("range_openers")
_RANGE_PAIRS = dict(_PACK.map("range_pairs"))  # opener -> the word that closes it

_YEAR_TOKEN = r"(?:\d{4}|'\d{2}|\d{2})"
_MONTH_RE = alternation(_MONTHS)
_WEEKDAY_RE = alternation(_WEEKDAYS)


def _unit(word: str) -> tuple[str, bool]:
    """A unit word as (unit, plural): "days" -> ("day", True)."""
    unit = _UNITS[word]
    return unit.removesuffix("s"), unit.endswith("s")


# --- helpers -------------------------------------------------------------------------------


def _add_months(d: date, n: int) -> date:
    y, m = divmod(d.month - 1 + n, 12)
    year, month = d.year + y, m + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _y(year: int) -> str:
    return f"{year:04d}"


def _day(d: date) -> DateValue:
    return DateValue(d.isoformat(), None, "day")


def _month(year: int, month: int) -> DateValue:
    return DateValue(f"{_y(year)}-{month:02d}", None, "month")


def _year(year: int) -> DateValue:
    return DateValue(_y(year), None, "year")


def _range(start: date, end: date) -> DateValue:
    if start > end:
        return UNKNOWN
    if start == end:
        return _day(start)
    return DateValue(start.isoformat(), end.isoformat(), "range")


def _week_of(d: date) -> tuple[date, date]:
    monday = d - timedelta(days=d.weekday())
    return monday, monday + timedelta(days=6)


def _bounds(v: DateValue) -> tuple[date, date] | None:
    """First and last day covered by a resolved value."""
    if v.value is None:
        return None
    if v.precision == "range":
        assert v.end is not None
        return date.fromisoformat(v.value), date.fromisoformat(v.end)
    parts = [int(p) for p in v.value.split("-")]
    if len(parts) == 3:
        d = date(*parts)
        return d, d
    if len(parts) == 2:
        return date(parts[0], parts[1], 1), _month_end(parts[0], parts[1])
    return date(parts[0], 1, 1), date(parts[0], 12, 31)


def _two_digit_year(yy: int, pub: date | None) -> int:
    if pub is None:
        return 1900 + yy if yy >= 69 else 2000 + yy
    for century in (2000, 1900, 1800):
        if century + yy <= pub.year + 1:
            return century + yy
    return 1900 + yy  # pragma: no cover - publication before 1800


def _count(word: str) -> tuple[int, int] | None:
    """A count in a relative expression: (low, high); equal when exact."""
    word = word.strip()
    if word in _COUNT_ONE:
        return 1, 1
    key = word[:-3] if word.endswith(" of") else word
    key = _COUNT_ALIASES.get(key, key)  # "the past few days": "a few"
    if key in VAGUE_QUANTITIES:
        lo, hi = VAGUE_QUANTITIES[key]
        if lo is not None and hi is not None:
            return lo, hi
        return None
    n = parse_number(word)
    return (n, n) if n is not None and n >= 0 else None


# --- normalisation -------------------------------------------------------------------------

_LEADING = re.compile(rf"^(?:{_PACK.regex('timex_fillers')})\b[ ,]*")
_TIME_OF_DAY = _pattern("timex_times_of_day")
_REPLACEMENTS = [(re.compile(_PACK.expand(rx)), repl) for rx, repl in _PACK.rewrites["timex_rewrites"]]


def _normalise(expr: str) -> str:
    t = expr.lower().strip()
    t = re.sub(r"[\u2010-\u2015\u2212]", "-", t).replace("\u2019", "'").replace("\u00a0", " ")
    t = re.sub(r"(?<=[a-z])\.", "", t)  # "jan." "a.m."
    t = re.sub(r"[,()\[\]]", " ", t)
    t = re.sub(r"\s*-\s*", "-", t)
    t = " ".join(t.split())
    for pattern, repl in _REPLACEMENTS:
        t = pattern.sub(repl, t)
    t = _TIME_OF_DAY.sub(" ", t)
    t = " ".join(t.split()).strip(" .;:!?()[]\"'")
    while True:  # strip leading fillers and qualifiers
        new = _LEADING.sub("", t, count=1).strip()
        if new == t:
            break
        t = new
    return t


# --- relative expressions ----------------------------------------------------------------


def _weekday(pub: date, wd: int, direction: int) -> date:
    if direction < 0:
        delta = (pub.weekday() - wd) % 7 or 7
        return pub - timedelta(days=delta)
    delta = (wd - pub.weekday()) % 7 or 7
    return pub + timedelta(days=delta)


def _shift(pub: date, n: int, unit: str) -> date:
    if unit == "day":
        return pub + timedelta(days=n)
    if unit == "week":
        return pub + timedelta(weeks=n)
    if unit == "month":
        return _add_months(pub, n)
    if unit == "year":
        return _add_months(pub, 12 * n)
    return _add_months(pub, 120 * n)  # decade


# "last Friday", "last week", "3 days ago", "the past 3 days", "the past 24 hours", "in recent
# weeks": timex.yaml's timex_weekday, timex_period, ...
_RELATIVE = {name: _pattern(name) for name in (
    "timex_weekday", "timex_period", "timex_ago", "timex_rolling", "timex_hours", "timex_recent")}
_WEEKDAY_BEFORE = dict(_PACK.map("weekday_before"))  # "last" -> "past", "next" -> "next"
_WEEKDAY_AFTER = dict(_PACK.map("weekday_after"))
_PERIOD_WORDS = dict(_PACK.map("period_words"))  # "last" -> "previous", "the past" -> "rolling"
_PERIOD_UNITS = dict(_PACK.map("period_units"))
_WEEKEND_WORDS = _PACK.words("weekend_words")


def _relative(t: str, pub: date) -> DateValue | None:
    if t in _DAY_WORDS:  # "today", "yesterday", "tomorrow"
        return _day(pub + timedelta(days=_DAY_WORDS[t]))

    m = _RELATIVE["timex_weekday"].match(t)
    if m:
        wd = _WEEKDAYS[m["weekday"]]
        before = _WEEKDAY_BEFORE[m["before"]] if m["before"] else None
        after = _WEEKDAY_AFTER[m["after"]] if m["after"] else None
        if before == "next" or after == "next":
            return _day(_weekday(pub, wd, +1))
        if after == "week":
            return None  # "Friday week": a British future idiom, rare in reports
        if not before:
            # a bare weekday in a report is the latest such day, the publication day included:
            # wire copy dated Tuesday says "on Tuesday" of that same day
            return _day(pub - timedelta(days=(pub.weekday() - wd) % 7))
        return _day(_weekday(pub, wd, -1))

    if t in _WEEKEND_WORDS:  # "the weekend": the last one
        sat = _weekday(pub, 5, -1)
        return _range(sat, sat + timedelta(days=1))
    m = _RELATIVE["timex_period"].match(t)
    if m:
        which, unit = _PERIOD_WORDS[m["which"]], _PERIOD_UNITS[m["unit"]]
        rolling = which == "rolling"  # "the past week": the seven days before publication
        past = which in ("previous", "rolling")
        future = which == "next"
        if unit == "week":
            monday, sunday = _week_of(pub)
            if rolling:
                return _range(pub - timedelta(days=7), pub)
            if past:
                return _range(monday - timedelta(days=7), sunday - timedelta(days=7))
            if future:
                return _range(monday + timedelta(days=7), sunday + timedelta(days=7))
            if which == "earlier":
                return _range(monday, max(monday, pub - timedelta(days=1)))
            if which == "later":
                return _range(pub, sunday)
            return _range(monday, pub)
        if unit == "weekend":
            sat = _weekday(pub, 5, +1 if future else -1)
            return _range(sat, sat + timedelta(days=1))
        if unit == "month":
            if rolling:
                return _range(_add_months(pub, -1), pub)
            d = _add_months(pub.replace(day=1), -1 if past else 1 if future else 0)
            return _month(d.year, d.month)
        if rolling:
            return _range(_add_months(pub, -12), pub)
        return _year(pub.year - 1 if past else pub.year + 1 if future else pub.year)

    m = _RELATIVE["timex_ago"].match(t)
    if m:
        count = m["count"]
        unit, plural = _unit(m["unit"])
        n = _count(count)
        if n is None or unit == "decade" or (plural and not count):
            return None
        lo, hi = n
        if lo != hi:  # "a few days ago": from the furthest back to the nearest
            first, last = _shift(pub, -hi, unit), _shift(pub, -lo, unit)
            if unit == "week":
                first, last = _week_of(first)[0], _week_of(last)[1]
            elif unit == "month":
                first, last = first.replace(day=1), _month_end(last.year, last.month)
            elif unit == "year":
                first, last = date(first.year, 1, 1), date(last.year, 12, 31)
            return _range(first, last)
        d = _shift(pub, -lo, unit)
        if unit == "day":
            return _day(d)
        if unit == "week":
            return _range(*_week_of(d))
        if unit == "month":
            return _month(d.year, d.month)
        return _year(d.year)

    m = _RELATIVE["timex_rolling"].match(t)
    if m:
        count = m["count"]
        unit, plural = _unit(m["unit"])
        if plural and not count:  # "the past months": as vague as "recent months"
            return _recent(unit, pub)
        n = _count(count)
        if n is None:
            return None
        return _range(_shift(pub, -n[1], unit), pub)

    m = _RELATIVE["timex_hours"].match(t)
    if m:  # "the past 24 hours": whole days back, enough to cover them
        n = _count(m["count"])
        if n is None:
            return None
        return _range(pub - timedelta(days=-(-n[1] // 24)), pub)

    m = _RELATIVE["timex_recent"].match(t)
    if m:
        return _recent(_unit(m["unit"])[0], pub)
    return None


def _recent(unit: str, pub: date) -> DateValue:
    """ "in recent days/weeks/months/years/decades" (see ``RECENT``)."""
    if unit == "decade":
        return _range(_shift(pub, -10, "year"), pub)
    return _range(_shift(pub, -RECENT[unit], unit), pub)


# --- absolute expressions --------------------------------------------------------------------


@dataclass(frozen=True)
class _Point:
    year: int | None = None
    month: int | None = None
    day: int | None = None
    bare: int | None = None  # a lone 1-2 digit number: a day, or a year's last digits


_RE_ISO = re.compile(r"^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?$|^(\d{4})/(\d{1,2})/(\d{1,2})$")
_RE_NUMERIC = re.compile(r"^(\d{1,2})([./])(\d{1,2})\2(\d{4}|\d{2})$")
_RE_DAY_MONTH = _pattern("timex_day_month")
_RE_MONTH_DAY = _pattern("timex_month_day")
_RE_MONTH_YEAR = _pattern("timex_month_year")
_RE_MONTH = re.compile(rf"^(?P<month>{_MONTH_RE})$")
_RE_YEAR = _pattern("timex_year")
_RE_BARE = _pattern("timex_bare")


def _year_token(tok: str | None, pub: date | None) -> int | None:
    if tok is None:
        return None
    if tok.startswith("'"):
        return _two_digit_year(int(tok[1:]), pub)
    if len(tok) == 2:
        return _two_digit_year(int(tok), pub)
    return int(tok)


def _point(t: str, pub: date | None) -> _Point | None:
    """A calendar point, possibly partial: "22 march 2024", "march", "2019", "3"."""
    t = t.strip()
    t = re.sub(rf"^(?:{_WEEKDAY_RE}) (?=\S)", "", t)  # "friday march 22"
    m = _RE_ISO.match(t)
    if m:
        g = m.groups()
        y, mo, d = (g[0], g[1], g[2]) if g[0] else (g[3], g[4], g[5])
        if d is None and not 1 <= int(mo) <= 12:
            return None  # "2019-21" is a range of years, not a month
        return _Point(int(y), int(mo), int(d) if d else None)
    m = _RE_NUMERIC.match(t)
    if m:
        a, sep, b, y = int(m[1]), m[2], int(m[3]), _year_token(m[4], pub)
        if sep == "." or a > 12:  # dotted dates are day-first; so is 22/3
            return _Point(y, b, a)
        if b > 12 or a == b:
            return _Point(y, a, b)
        return None  # 3/4/2024: day-first or month-first cannot be told apart
    m = _RE_DAY_MONTH.match(t)
    if m:
        return _Point(_year_token(m["year"], pub), _MONTHS[m["month"]], int(m["day"]))
    m = _RE_MONTH_DAY.match(t)
    if m:
        day, year = int(m["day"]), m["year"]
        if year is None and day > 31:  # "jan 90"
            return _Point(_two_digit_year(day, pub), _MONTHS[m["month"]])
        return _Point(_year_token(year, pub), _MONTHS[m["month"]], day)
    m = _RE_MONTH_YEAR.match(t)
    if m:
        return _Point(_year_token(m["year"], pub), _MONTHS[m["month"]])
    m = _RE_MONTH.match(t)
    if m:
        return _Point(None, _MONTHS[m["month"]])
    m = _RE_YEAR.match(t)
    if m:
        return _Point(int(m["year"]))
    m = _RE_BARE.match(t)
    if m:
        return _Point(bare=int(m["day"]))
    return None


def _valid(year: int, month: int, day: int | None) -> bool:
    if not (1 <= year <= 9999 and 1 <= month <= 12):
        return False
    return day is None or 1 <= day <= calendar.monthrange(year, month)[1]


def _infer_year(month: int, day: int | None, pub: date) -> int | None:
    """The year of a yearless day or month: ``pub``'s, or the one before if the date
    would be more than ``FUTURE_TOLERANCE_DAYS`` after ``pub``."""
    limit = pub + timedelta(days=FUTURE_TOLERANCE_DAYS)
    for year in (pub.year, pub.year - 1):
        if _valid(year, month, day) and date(year, month, day or 1) <= limit:
            return year
    return None


def _resolve_point(p: _Point, pub: date | None) -> DateValue:
    if p.month is None:
        if p.year is None or p.day is not None:
            return UNKNOWN
        return _year(p.year) if 1 <= p.year <= 9999 else UNKNOWN
    year = p.year
    if year is None:
        if pub is None:
            return UNKNOWN
        year = _infer_year(p.month, p.day, pub)
        if year is None:
            return UNKNOWN
    if not _valid(year, p.month, p.day):
        return UNKNOWN
    if p.day is None:
        return _month(year, p.month)
    return _day(date(year, p.month, p.day))


_RANGE_SEPARATORS = re.compile(
    rf" ?(?:-| {alternation(_PACK.words('date_range_words') | set(_RANGE_PAIRS.values()))} ) ?")
_RANGE_OPENING = re.compile(rf"^{alternation(_RANGE_OPENERS)} (.+)$")


def _split_range(t: str) -> tuple[str, str] | None:
    """The two ends of "X to Y", "X-Y", "between X and Y", "from X until Y"."""
    m = _RANGE_OPENING.match(t)
    body = m.group(1) if m else t
    for sep in _RANGE_SEPARATORS.finditer(body):
        word = sep.group().strip()
        if word in _RANGE_PAIRS.values() and not any(
                t.startswith(opener) for opener, closer in _RANGE_PAIRS.items() if closer == word):
            continue  # "and" closes a range only after "between"
        left, right = body[: sep.start()].strip(), body[sep.end() :].strip()
        if left and right and _point(left, None) is not None and _point(right, None) is not None:
            return left, right
    return None


def _resolve_range(t: str, pub: date | None) -> DateValue | None:
    pair = _split_range(t)
    if pair is None:
        return None
    p1, p2 = _point(pair[0], pub), _point(pair[1], pub)
    if p1 is None or p2 is None:
        return None
    # "2019-21": the end is a year's last two digits
    if p1.year is not None and p1.month is None and p2.bare is not None:
        century = p1.year - p1.year % 100
        y2 = century + p2.bare
        p2 = _Point(y2 if y2 >= p1.year else y2 + 100)
    # "may 1-3": the end borrows the month (and year) of the start
    if p2.bare is not None:
        if p1.month is None or p1.day is None:
            return UNKNOWN
        p2 = _Point(p1.year, p1.month, p2.bare)
    # "1-3 may": the start borrows the month (and year) of the end
    if p1.bare is not None:
        if p2.month is None or p2.day is None:
            return UNKNOWN
        p1 = _Point(p2.year, p2.month, p1.bare)
    if (p1.month is None) != (p2.month is None) and (p1.year is None or p2.year is None):
        return UNKNOWN  # "2019 to March": mixed and incomplete
    borrowed_start = borrowed_end = False
    if p1.year is None and p2.year is not None:
        p1, borrowed_start = _Point(p2.year, p1.month, p1.day), True
    elif p2.year is None and p1.year is not None:
        p2, borrowed_end = _Point(p1.year, p2.month, p2.day), True
    elif p1.year is None and p2.year is None:
        end = _resolve_point(p2, pub)
        if end.value is None:
            return UNKNOWN
        p2 = _Point(int(end.value[:4]), p2.month, p2.day)
        p1, borrowed_start = _Point(p2.year, p1.month, p1.day), True
    v1, v2 = _resolve_point(p1, pub), _resolve_point(p2, pub)
    b1, b2 = _bounds(v1), _bounds(v2)
    if b1 is None or b2 is None:
        return UNKNOWN
    start, end = b1[0], b2[1]
    if start > end and borrowed_start and p1.year is not None:  # "December 28 to January 3"
        b1 = _bounds(_resolve_point(_Point(p1.year - 1, p1.month, p1.day), pub))
        start = b1[0] if b1 else start
    elif start > end and borrowed_end and p2.year is not None:
        b2 = _bounds(_resolve_point(_Point(p2.year + 1, p2.month, p2.day), pub))
        end = b2[1] if b2 else end
    return _range(start, end)


_RE_DECADE = _pattern("timex_decade")
_RE_DECADE_WORD = _pattern("timex_decade_word")


def _decade(t: str, pub: date | None) -> DateValue | None:
    m = _RE_DECADE.match(t)
    digit: int | None = None
    if m and m["century"]:
        start = int(m["century"]) * 10
        return _range(date(start, 1, 1), date(start + 9, 12, 31))
    if m:
        digit = int(m["digit"])
    else:
        m = _RE_DECADE_WORD.match(t)
        if m:
            digit = _DECADE_WORDS[m["word"]]
    if digit is None:
        return None
    start = 1900 + digit * 10
    if pub is not None and 2000 + digit * 10 <= pub.year:
        start = 2000 + digit * 10
    return _range(date(start, 1, 1), date(start + 9, 12, 31))


# --- dateparser fallback ----------------------------------------------------------------------

# dateparser is only asked about text with an absolute anchor: a month name, a
# four-digit year or a numeric date.  Relative words are handled above or refused.
_ANCHOR = re.compile(rf"\b(?:{_MONTH_RE})\b|\b\d{{4}}\b|\b\d{{1,4}}[./-]\d{{1,2}}[./-]\d{{1,4}}\b")


def _dateparser(t: str, pub: date | None) -> DateValue:
    if len(t) > 60 or not _ANCHOR.search(t):
        return UNKNOWN
    if pub is None and not re.search(r"\b\d{4}\b", t):
        return UNKNOWN  # it would resolve relative to today
    try:
        from dateparser.date import DateDataParser
    except ImportError:  # pragma: no cover - dateparser is a dependency
        return UNKNOWN
    settings: dict[str, object] = {
        "PREFER_DATES_FROM": "past",
        "RETURN_AS_TIMEZONE_AWARE": False,
        "STRICT_PARSING": False,
    }
    if pub is not None:
        settings["RELATIVE_BASE"] = datetime(pub.year, pub.month, pub.day)
    try:
        data = DateDataParser(languages=[_PACK.code], settings=settings).get_date_data(t)
    except Exception:  # dateparser raises assorted errors on odd input
        return UNKNOWN
    if data is None or data.date_obj is None:
        return UNKNOWN
    d = data.date_obj.date()
    period = data.period or "day"
    if period in ("day", "time"):
        return _day(d)
    if period == "week":
        return _range(*_week_of(d))
    if period == "month":
        return _month(d.year, d.month)
    if period == "year":
        return _year(d.year)
    return UNKNOWN


# --- entry point ---------------------------------------------------------------------------------

_RE_SINCE = _pattern("timex_since")


def resolve_date(expr: str, published: date | None) -> DateValue:
    """Resolve ``expr`` against the publication date; see the module docstring."""
    if not isinstance(expr, str):
        return UNKNOWN
    if isinstance(published, datetime):
        published = published.date()
    t = _normalise(expr)
    if not t:
        return UNKNOWN

    m = _RE_SINCE.match(t)
    if m:
        if published is None:
            return UNKNOWN
        inner = resolve_date(m["inner"], published)
        b = _bounds(inner)
        return _range(b[0], published) if b and b[0] <= published else UNKNOWN

    if published is not None:
        rel = _relative(t, published)
        if rel is not None:
            return rel

    dec = _decade(t, published)
    if dec is not None:
        return dec

    p = _point(t, published)
    if p is not None:
        return _resolve_point(p, published) if p.bare is None else UNKNOWN
    if _RE_NUMERIC.match(t):
        return UNKNOWN  # 3/4/2024: ambiguous between day-first and month-first

    rng = _resolve_range(t, published)
    if rng is not None:
        return rng

    if _is_relative(t):
        return UNKNOWN  # relative words without a publication date, or unsupported
    return _dateparser(t, published)


_RELATIVE_WORDS = re.compile(
    rf"\b{alternation(set(_DAY_WORDS) | _PACK.words('relative_words') | set(_WEEKDAYS))}\b")


def _is_relative(t: str) -> bool:
    return bool(_RELATIVE_WORDS.search(t))
