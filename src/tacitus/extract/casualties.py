"""Casualty figures in a sentence: how many were killed and how many injured.

Patterns are written over the sentence text (the small parser attaches numbers unreliably);
each match's number phrase goes through ``numbers.parse_count`` which turns "at least 137",
"dozens", "four" into a (min, max) range.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .numbers import parse_count

_NUMWORD = (
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
    r"eighty|ninety)"
)
_QUANT = (
    r"(?:at least|more than|over|nearly|almost|about|around|some|up to|as many as|roughly|"
    r"approximately|an estimated|a total of|at most|fewer than|less than|close to|upwards of)"
)
_NUM = (
    rf"(?:{_QUANT}\s+)?"
    rf"(?:\d[\d,]*(?:\.\d+)?|{_NUMWORD}(?:[- ]{_NUMWORD})?(?:\s+hundred(?:\s+and\s+{_NUMWORD}(?:-{_NUMWORD})?)?)?"
    rf"|a dozen|dozens|hundreds|scores|several|a few|a number|many|no one|nobody|"
    rf"between \d+ and \d+|\d+\s*(?:-|to)\s*\d+)"
    rf"(?:\s+of)?"
)
NUM = rf"(?P<num>{_NUM})"
# nouns for people that may stand between a number and "killed"/"wounded" in headline style
_PEOPLE = r"(?:people|persons|others|civilians|police|policemen|soldiers|children|more|troops|worshippers)"
# up to six words between the number and the verb, none of which starts a new clause
# ("two men suspected of shooting dead a worshipper" is not "two dead")
_GAP = r"(?:\s+(?!of\b|shot\b|shooting\b|suspected\b|accused\b|who\b|that\b|after\b|before\b|when\b|while\b|and\b)[\w'’-]+){0,6}?"
_BE = r"(?:were|was|have been|had been|has been|are|is|been|being|got)"

_KILLED = [
    rf"\b{NUM}{_GAP}\s+{_BE}\s+(?:\w+\s+)?(?:killed|slain|murdered|shot dead|massacred|executed|beheaded|burned to death|hacked to death)\b",
    rf"\b{NUM}{_GAP}\s+(?:died|dead|lost their lives|perished)\b",
    rf"\b{NUM}\s+(?:{_PEOPLE}\s+)?(?:killed|dead|deaths|fatalities|bodies)\b",
    rf"\b(?:killed|killing|kills|kill|left|leaving|claimed the lives of|massacred|murdered|executed)\s+{NUM}",
    rf"\b(?:death toll|toll|number of dead|number of deaths|fatalities)\b(?:\s+[\w'’-]+){{0,8}}?\s+(?:to|at|of|reached|reaches|hit|hits|is|was|stands at|stood at)\s+{NUM}",
    rf"\bnumber of (?:people |those )?(?:killed|dead)\b(?:\s+[\w'’-]+){{0,12}}?\s+(?:to|at|reached|reaches|is|was)\s+{NUM}",
]
_INJURED = [
    rf"\b{NUM}{_GAP}\s+{_BE}\s+(?:\w+\s+)?(?:injured|wounded|hurt)\b",
    rf"\b{NUM}\s+(?:{_PEOPLE}\s+)?(?:injured|wounded|hurt|injuries)\b",
    rf"\b(?:injuring|wounding|injured|wounded|injures|wounds|hurting|hurt)\s+{NUM}",
    rf"\b(?:number of (?:injured|wounded))\b(?:\s+[\w'’-]+){{0,4}}?\s+(?:to|at|of|reached|is|was)\s+{NUM}",
]
KILLED = [re.compile(p, re.IGNORECASE) for p in _KILLED]
INJURED = [re.compile(p, re.IGNORECASE) for p in _INJURED]

# a number followed by these is not a head count ("37 years old", "4 pm", "2 km")
_NOT_PEOPLE = re.compile(
    r"^\s*(?:years?|months?|weeks?|days?|hours?|minutes?|km|kilomet|miles?|metres?|meters?|pm|am|per ?cent|%|kg|tons?|percent)\b",
    re.IGNORECASE,
)


_MONTHS = re.compile(r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s*\d{0,2},?\s*$|\b(?:in|of|since|during)\s*$",
                     re.IGNORECASE)


def _is_year(phrase: str, before: str) -> bool:
    """ "on 9 June 2024 killed nine": 2024 is the year of the date before it, not a toll."""
    return phrase.isdigit() and len(phrase) == 4 and 1900 <= int(phrase) <= 2100 and bool(_MONTHS.search(before))


@dataclass(frozen=True)
class Count:
    kind: str  # "killed" | "injured"
    low: int | None
    high: int | None
    start: int  # offsets inside the sentence text
    end: int


def _matches(text: str, patterns: list[re.Pattern[str]], kind: str) -> list[Count]:
    found: list[Count] = []
    for pattern in patterns:
        for m in pattern.finditer(text):
            phrase = m.group("num")
            after = text[m.end("num"):]
            if _NOT_PEOPLE.match(after):
                continue
            if _is_year(phrase, text[:m.start("num")]):
                continue
            low, high = parse_count(phrase)
            if low is None and high is None:
                continue
            if any(c.start <= m.start("num") < c.end for c in found):
                continue
            found.append(Count(kind, low, high, m.start(), m.end()))
    return found


def find_counts(text: str) -> list[Count]:
    """All killed/injured figures in a sentence, in order of appearance."""
    killed = _matches(text, KILLED, "killed")
    injured = [c for c in _matches(text, INJURED, "injured")
               if not any(k.start <= c.start < k.end and k.low == c.low for k in killed)]
    return sorted(killed + injured, key=lambda c: c.start)
