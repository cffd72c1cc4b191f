"""Values checked at the store's edge: every number finite and in range, every date real.

Whatever produced a record (the extractor, a JSON import, an analyst's correction, an API
body), what reaches a column must be storable (SQLite integers are 64-bit), exportable (JSON
has no ``inf`` or ``NaN``) and meaningful (a latitude of 91 is no place). ``check`` says
what is wrong with one value; ``sanitise`` applies it to a whole extraction, storing a value
it refuses as unknown and noting it in the article's metadata (``refused_values``), so one
implausible figure ("killed 99999999999999999999999 people") costs that figure, not the
article.
"""

from __future__ import annotations

import math
import re
from dataclasses import fields, replace
from datetime import date
from typing import Any

from ..errors import ValueRefused
from ..models import Extraction

INT64_MAX = 2**63 - 1
# The largest count of people killed or injured tacitus stores for one report: above the
# largest tolls ever reported for a single event or campaign, far below what overflows.
MAX_TOLL = 10_000_000
# Ids that reach SQL (event, incident, claim, candidate ids, offsets): within what SQLite
# and a JavaScript number hold exactly.
MAX_ID = 2**53 - 1

COUNT_FIELD = re.compile(r"(killed|injured|fatalit|wounded|casualt|nkill|nwound)")
FLOAT_RANGES: dict[str, tuple[float, float]] = {
    "latitude": (-90.0, 90.0),
    "longitude": (-180.0, 180.0),
    "confidence": (0.0, 1.0),
}
DATE_FIELDS = ("date", "date_end")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def real_date(text: str) -> bool:
    """Whether ``text`` is YYYY, YYYY-MM or YYYY-MM-DD naming a day, month or year that exists."""
    m = _DATE.match(text)
    if not m:
        return False
    year, month, day = int(m[1]), int(m[2] or 1), int(m[3] or 1)
    try:
        date(max(year, 1), month, day)
    except ValueError:
        return False
    return year >= 1


def check(name: str, value: Any) -> str | None:
    """Why ``value`` may not be stored in field ``name``, or None when it may."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        if COUNT_FIELD.search(name):
            return None if 0 <= value <= MAX_TOLL else f"{_shown(value)} is outside 0..{MAX_TOLL:,}"
        return None if -INT64_MAX - 1 <= value <= INT64_MAX else f"{_shown(value)} does not fit 64 bits"
    if isinstance(value, float):
        if not math.isfinite(value):
            return f"{value} is not a finite number"
        lo, hi = FLOAT_RANGES.get(name, (-math.inf, math.inf))
        return None if lo <= value <= hi else f"{value:g} is outside {lo:g}..{hi:g}"
    if name in DATE_FIELDS and isinstance(value, str):
        return None if real_date(value) else f"{value[:40]!r} is not a real date (YYYY[-MM[-DD]])"
    return None


def require(name: str, value: Any) -> Any:
    """``value`` when it may be stored in ``name``, else ValueRefused (E302)."""
    problem = check(name, value)
    if problem:
        raise ValueRefused(f"{name}: {problem}")
    return value


def _shown(value: int) -> str:
    text = str(value) if value.bit_length() < 200 else f"a number of {len(str(abs(value)))} digits"
    return text if len(text) <= 40 else text[:37] + "..."


_SURROGATE = re.compile("[\ud800-\udfff]")


def _scrubbed(value: Any) -> Any:
    """``value`` with lone surrogates (which no encoder, so no database, accepts) replaced by
    U+FFFD, one for one, so offsets into a text stay right; strings inside tuples too."""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value) if _SURROGATE.search(value) else value
    if isinstance(value, tuple):
        out = tuple(_scrubbed(v) for v in value)
        return value if all(a is b for a, b in zip(out, value)) else out
    if isinstance(value, list):
        return [_scrubbed(v) for v in value]
    if isinstance(value, dict):
        return {_scrubbed(k): _scrubbed(v) for k, v in value.items()}
    return value


def scrub(text: str) -> str:
    return _scrubbed(text)


def scrub_record(record: Any) -> Any:
    """A dataclass record with its strings scrubbed (``_scrubbed``), nested records too."""
    changes: dict[str, Any] = {}
    for f in fields(record):
        value = getattr(record, f.name)
        if isinstance(value, tuple) and value and hasattr(value[0], "__dataclass_fields__"):
            new = tuple(scrub_record(v) for v in value)
        else:
            new = _scrubbed(value)
        if new is not value and new != value:
            changes[f.name] = new
    return replace(record, **changes) if changes else record


def _clean(record: Any, where: str, refused: list[dict[str, str]]) -> Any:
    """``record`` with every refused value set to None (evidence with a bad offset dropped)."""
    record = scrub_record(record)
    changes: dict[str, Any] = {}
    for f in fields(record):
        value = getattr(record, f.name)
        if f.name == "evidence" and isinstance(value, tuple):
            kept = tuple(e for e in value if all(check(k, getattr(e, k)) is None for k in ("sentence", "start", "end")))
            if len(kept) != len(value):
                refused.append({"where": where, "field": "evidence", "problem": "offset out of range"})
                changes["evidence"] = kept
            continue
        problem = check(f.name, value)
        if problem:
            refused.append({"where": where, "field": f.name, "problem": problem})
            changes[f.name] = None
            if f.name == "date" and hasattr(record, "date_precision"):
                changes["date_precision"] = "unknown"
    return replace(record, **changes) if changes else record


def sanitise(ex: Extraction) -> Extraction:
    """The extraction with every value ``check`` refuses stored as unknown, and the
    refusals listed in the article's ``metadata["refused_values"]``; lone surrogates in any
    string replaced (``scrub_record``)."""
    refused: list[dict[str, str]] = []
    ex = replace(ex, article=scrub_record(ex.article))
    events = tuple(_clean(e, f"event {e.key}", refused) for e in ex.events)
    actors = tuple(_clean(a, f"actor {a.key}", refused) for a in ex.actors)
    relations = tuple(_clean(r, f"relation {i}", refused) for i, r in enumerate(ex.relations))
    claims = tuple(_clean(c, f"claim {i}", refused) for i, c in enumerate(ex.claims))
    if not refused:
        return replace(ex, events=events, actors=actors, relations=relations, claims=claims)
    article = ex.article
    metadata = {**(article.metadata or {}), "refused_values": refused}
    return replace(ex, article=replace(article, metadata=metadata), events=events, actors=actors,
                   relations=relations, claims=claims)
