"""Name folding: the keys every gazetteer lookup goes through.

Three keys, each coarser than the last:

* :func:`normalize_place_name` (the old key, spaced): case, accents, apostrophes, punctuation
  and "St." = "Saint" folded; a leading "the" dropped. "Sana'a" -> "sanaa".
* :func:`compact_key`: the same without spaces or hyphens, so that "Bulo Burte", "Bulo-Burte"
  and "Buloburte" meet; Arabic articles ("al-", "el ") are kept (see :func:`article_variants`).
* :func:`loose_key`: transliteration-insensitive ("Xudur" = "Hudur", "Ceel Buur" =
  "El Bur", "Kaabul" = "Kabul"); too coarse to be used except inside a country already known.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata

_APOSTROPHES = "'’‘`´ʼʻ′"
_ABBREVIATIONS = (
    (re.compile(r"\bst\b\.?"), "saint"),
    (re.compile(r"\bste\b\.?"), "sainte"),
    (re.compile(r"\bmt\b\.?"), "mount"),
    (re.compile(r"\bft\b\.?"), "fort"),
)
_NON_WORD = re.compile(r"[^0-9a-z]+")
_LETTERS = str.maketrans({"ß": "ss", "ø": "o", "đ": "d", "ł": "l", "æ": "ae", "œ": "oe", "ı": "i",
                          "ð": "d", "þ": "th"})
ARTICLES = ("al", "el", "ad", "ar", "as", "an", "ash", "az", "at", "ath")


@functools.lru_cache(maxsize=65536)
def normalize_place_name(name: str) -> str:
    """Case-folded, accent-free, punctuation-free form used for matching.

    "São Paulo" -> "sao paulo"; "St. Louis" -> "saint louis"; "Sana'a" -> "sanaa";
    "Khyber-Pakhtunkhwa" -> "khyber pakhtunkhwa"; a leading "the" is dropped.
    """
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.casefold().translate(_LETTERS)
    for a in _APOSTROPHES:
        s = s.replace(a, "")
    for pattern, full in _ABBREVIATIONS:
        s = pattern.sub(full, s)
    s = _NON_WORD.sub(" ", s).strip()
    if s.startswith("the "):
        s = s[4:]
    return s


@functools.lru_cache(maxsize=65536)
def compact_key(name: str) -> str:
    """The normalised name without spaces: "Bulo Burte" and "Buloburte" -> "buloburte"."""
    return normalize_place_name(name).replace(" ", "")


# Spelling correspondences of transliterated names, applied in order to a compact key.
_LOOSE_RULES = (
    (re.compile(r"^ceel"), "el"),  # Somali "Ceel" = "El"
    (re.compile(r"^(?:al|el|ad|ar|as|an|ash|az|at)(?=[a-z]{3})"), ""),  # article
    (re.compile(r"kh"), "k"), (re.compile(r"gh"), "g"), (re.compile(r"dh"), "d"),
    (re.compile(r"sh"), "s"), (re.compile(r"ch"), "c"), (re.compile(r"th"), "t"),
    (re.compile(r"ph"), "f"), (re.compile(r"ou"), "u"), (re.compile(r"x"), "h"),
    (re.compile(r"q"), "k"), (re.compile(r"c(?=[aou]|$)"), "k"), (re.compile(r"[yj]"), "i"),
    (re.compile(r"w"), "u"), (re.compile(r"e"), "i"), (re.compile(r"o"), "u"),
    (re.compile(r"h(?![aiu])"), ""),  # a silent h: "Kandahar" keeps it, "Mosul" vs "Moshul"
    (re.compile(r"(.)\1+"), r"\1"),  # doubled letters: "Kaabul", "Xarardheere"
)


@functools.lru_cache(maxsize=65536)
def loose_key(name: str) -> str:
    """A transliteration-insensitive key: "Xudur" and "Hudur" -> "hudur"; "Ceel Buur" and
    "El Bur" -> "elbur". Many distinct places share a loose key: use it only among the places
    of one country."""
    s = compact_key(name)
    for pattern, repl in _LOOSE_RULES:
        s = pattern.sub(repl, s)
    return s


def article_variants(key: str) -> list[str]:
    """A spaced key, then the form without (or with) the Arabic article: "al hasakah" <->
    "hasakah"."""
    out = [key]
    for article in ARTICLES:
        prefix = article + " "
        if key.startswith(prefix) and len(key) > len(prefix) + 2:
            out.append(key[len(prefix):])
            break
    else:
        out.append("al " + key)
    return out


def fold(name: str) -> str:
    """Drop diacritics but keep case: "Kābul" -> "Kabul", "İstanbul" -> "Istanbul"."""
    s = unicodedata.normalize("NFKD", name)
    return unicodedata.normalize("NFC", "".join(c for c in s if not unicodedata.combining(c)))


_TRANSLITERATION_MARKS = {"\u0304", "\u0323", "\u032e", "\u0331"}  # ā ḍ ḫ ṯ


def plain(name: str) -> str:
    """GeoNames' scholarly transliteration made readable: "Kandahār" -> "Kandahar",
    "Al Ḩasakah" -> "Al Hasakah", "İstanbul" -> "Istanbul"; ordinary accents ("Mocímboa",
    "Chișinău") stay."""
    if name.isascii():
        return name
    out = []
    for ch in unicodedata.normalize("NFD", name):
        if ch in _TRANSLITERATION_MARKS:
            continue
        if ch == "\u0327" and out and out[-1] in "Hh":  # ḩ
            continue
        if ch == "\u0307" and out and out[-1] == "I":  # İ
            continue
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out)).replace("‘", "'").replace("’", "'")


def is_latin(key: str) -> bool:
    return bool(key) and key.isascii()


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))
