"""Date values as intervals: the span of days a DateValue can mean, to compare and merge."""

from __future__ import annotations

import calendar
from datetime import date

from .timex import DateValue


def _bounds(iso: str) -> tuple[date, date]:
    parts = [int(p) for p in iso.split("-")]
    if len(parts) == 1:
        return date(parts[0], 1, 1), date(parts[0], 12, 31)
    if len(parts) == 2:
        last = calendar.monthrange(parts[0], parts[1])[1]
        return date(parts[0], parts[1], 1), date(parts[0], parts[1], last)
    d = date(*parts[:3])
    return d, d


def interval(value: DateValue) -> tuple[date, date] | None:
    if value.value is None:
        return None
    try:
        lo, hi = _bounds(value.value)
        if value.end:
            hi = _bounds(value.end)[1]
    except ValueError:
        return None
    return lo, hi


def overlaps(a: tuple[date, date] | None, b: tuple[date, date] | None) -> bool:
    if a is None or b is None:
        return True
    return a[0] <= b[1] and b[0] <= a[1]


def width(value: DateValue) -> int:
    span = interval(value)
    return (span[1] - span[0]).days if span else 10**6


def narrower(a: DateValue, b: DateValue) -> bool:
    """True when ``a`` pins the date down more tightly than ``b``."""
    return width(a) < width(b)
