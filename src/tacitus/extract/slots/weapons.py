"""Weapons slot: the weapon words of a sentence, each with the mechanism it implies (a
taxonomy key such as ``suicide_bomb`` or ``air_drone_strike``) or its class (firearm, blade,
fire, vehicle). Longest names first, so "car bomb" is one weapon, not a car and a bomb."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ...annotate import Sentence
from ...lang import LanguagePack


@dataclass(frozen=True)
class WeaponHit:
    word: str
    kind: str  # taxonomy key or weapon class
    start: int  # article offsets
    end: int


@lru_cache(maxsize=8)
def _pattern(lang: LanguagePack) -> re.Pattern[str]:
    words = sorted(lang.map("weapons"), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE)


def weapons_in(sent: Sentence, lang: LanguagePack) -> list[WeaponHit]:
    table = lang.map("weapons")
    out: list[WeaponHit] = []
    for m in _pattern(lang).finditer(sent.text):
        word = " ".join(m.group(0).lower().split())
        out.append(WeaponHit(word, table[word], sent.start + m.start(), sent.start + m.end()))
    return out
