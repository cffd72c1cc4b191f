"""The publication date a text states, for inputs that come without one.

Looked for, in this order, and only in the first lines (where a page prints it):

1. a "Published ..." / "Updated ..." line the furniture filter captured (``timestamp``) or
   that the text still holds, with a day, a month and a year;
2. a wire dateline at the start of a paragraph, "MOGADISHU, Oct 30 (Reuters) -": its year
   when written, else the year of a date in the source URL (``/2022/10/30/``); a dateline
   with no year to be had gives no date (it is kept as ``dateline`` in the metadata, so the
   article can be flagged, never guessed);
3. a date in the URL's path (``/2022/10/30/``).

The words (month names) and the shapes of these lines are the language pack's
(``timex.yaml``: ``month_names``, ``published_patterns``, ``dateline_patterns``).
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from ..lang import pack

HEAD_LINES = 12  # lines of the text searched: a page states its date above the story
_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:/|[-_]|\.html?|$)")
_URL_YEAR = re.compile(r"/((?:19|20)\d{2})/")


@lru_cache(maxsize=4)
def _patterns(name: str) -> tuple[re.Pattern[str], ...]:
    lang = pack()
    return tuple(re.compile(lang.expand(p), re.IGNORECASE) for p in lang.patterns[name])


def _date(year: str | int | None, month: str | int | None, day: str | int | None) -> date | None:
    if year is None or month is None or day is None:
        return None
    if isinstance(month, str) and not month.isdigit():
        month = pack().map("month_names").get(month.lower().rstrip("."))
    try:
        return date(int(year), int(month), int(day))
    except (TypeError, ValueError):
        return None


def _match(name: str, line: str) -> re.Match[str] | None:
    return next((m for p in _patterns(name) if (m := p.search(line.strip()))), None)


def _parts(m: re.Match[str]) -> tuple[str | None, str | None, str | None]:
    d = m.groupdict()
    return d.get("year"), d.get("month") or d.get("mm"), d.get("day")


def strip_dateline(sentence: str) -> str:
    """The sentence without the wire dateline it opens with ("MOGADISHU, Oct 30 (Reuters) - ")."""
    m = _match("dateline_patterns", sentence)
    return sentence[m.end():].lstrip() if m and m.start() == 0 and sentence[:1].isupper() else sentence


def url_date(url: str | None) -> date | None:
    m = _URL_DATE.search(url or "")
    return _date(*m.groups()) if m else None


def find_published(text: str, timestamp: str | None = None, url: str | None = None) -> tuple[date | None, str, str | None]:
    """(date, how it was found, a dateline with no year) from a text's first lines, a
    captured ``timestamp`` and the ``url``; the date is None when none of them gives one."""
    stamp = f"published {timestamp}" if timestamp and not _match("published_patterns", timestamp) else timestamp
    lines = [stamp or ""] + [line for line in text.splitlines()[:HEAD_LINES] if line.strip()]
    for line in lines:  # 1.
        m = _match("published_patterns", line)
        if m and (found := _date(*_parts(m))):
            return found, "published line", None
    undated = None
    for line in lines[1:]:  # 2.
        m = _match("dateline_patterns", line)
        if not m:
            continue
        year, month, day = _parts(m)
        if year is None and (y := _URL_YEAR.search(url or "")):
            year = y.group(1)
        if found := _date(year, month, day):
            return found, "dateline", None
        undated = m.group(0)
        break
    if found := url_date(url):  # 3.
        return found, "url", undated
    return None, "", undated
