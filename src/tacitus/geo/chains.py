"""Location phrases of a sentence as chains of place names (pure text, no spaCy).

A chain is what coders and wires write to place an event, most specific name first:

* after a cue ("in", "at", "near", "outside", "on the outskirts of", ... : ``data/cues.tsv``),
  or after a distance ("30 km northeast of Jilib", "north of Kabul");
* links joined by commas ("Shin Kalay, Kandahar, Afghanistan"), by " in " ("Jenin in the West
  Bank"), by " - " (ACLED's "Mogadishu - Hodan": the second names a part of the first), or
  written "X district of Y province";
* an ACLED parenthesis of admin names ("Koutougou (Soum, Sahel)", "Bulla Hawa village (Bulla
  Hawa, Gedo)"), which also makes a chain without a cue;
* a wire dateline ("MOGADISHU, Somalia (Reuters) -"), marked ``dateline``.

Each link keeps the unit word written with it, normalised (``data/units.tsv``): "Andar
district", "the village of Koutougou", "Borno State". A link after a comma or " in " is taken
only when the phrase ends right after it (punctuation, a parenthesis, the end), so that "in
Kabul, Taliban fighters said" stops at Kabul.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .countries import countries
from .vocab import hard_stop, read_table, read_words, units

# --- the contract with the extractor --------------------------------------------------------


@dataclass(frozen=True)
class PlaceName:
    """One link of a place chain as the text gives it."""

    text: str  # "Koutougou", "Soum", "Sahel", "Bulla Hawa"
    start: int
    end: int  # offsets in the string given to find_chains
    kind: str | None = None  # the unit word written with it, normalised (village, district...)


@dataclass(frozen=True)
class Chain:
    """A location phrase: "X village (A, B)", "A, B, C", "A district, B province"."""

    names: tuple[PlaceName, ...]  # most specific first
    start: int
    end: int
    near: bool = False  # "near X", "outskirts of X", "around X", "between X and Y"
    distance_km: float | None = None  # "30 km northeast of Jilib" -> 30.0
    dateline: bool = False  # a wire dateline: where the story was filed, not always the event


# --- the patterns -----------------------------------------------------------------------------

_UPPER = "A-ZÀ-ÖØ-ÞĀ-ſ"  # capitals, Latin-1 and Latin Extended-A (both cases in the latter)
_WORD = (rf"(?:(?:al|el|ad|ar|as|an|ash|az|at|ul|ed|d|l)[-'’])?[{_UPPER}][\w'’.]*"
         rf"(?:-[\w'’]+)*")
_MILES_KM = 1.609344
MIN_DISTANCE_KM = 0.0  # any stated distance is kept; the resolver applies the 10 km rule


def _alternation(words) -> str:
    forms = sorted({re.escape(w).replace(r"\ ", r"[\s-]+") for w in words}, key=len, reverse=True)
    return "|".join(forms)


@functools.lru_cache(maxsize=None)
def _patterns() -> dict[str, re.Pattern]:
    connectors = _alternation(read_words("name_connectors.txt"))
    cues = {r["cue"]: r["near"] == "yes" for r in read_table("cues.tsv", ("cue", "near"))}
    unit_words = _alternation(units())
    directions = _alternation(read_words("directions.txt"))
    name = rf"{_WORD}(?:(?:\s+|\s+(?:{connectors})\s+){_WORD})*"
    return {
        "name": re.compile(name),
        "unit_after": re.compile(rf"\s+({unit_words})\b", re.I),
        "unit_before": re.compile(rf"(?:the\s+)?({unit_words})\s+of\s+(?:the\s+)?", re.I),
        "cue": re.compile(rf"(?<![\w-])(?:on\s+)?(?:the\s+)?({_alternation(cues)})\s+(?:the\s+)?",
                          re.I),
        "distance": re.compile(
            rf"(?:(\d+(?:\.\d+)?)\s*-?\s*(km|kms|kilometres|kilometers|mi|miles)\s+)?"
            rf"(?:to\s+the\s+)?({directions})\s+of\s+(?:the\s+)?", re.I),
        "dateline": re.compile(rf"^\s*([{_UPPER}][{_UPPER}'’ .-]+[{_UPPER}]),\s+({name})"
                               rf"(?:\s*\([^)]*\))?\s*[-–—]"),
        "cues": cues,
    }


def _cue_is_near(cue: str) -> bool:
    return _patterns()["cues"].get(" ".join(cue.lower().replace("-", " ").split()), False)


# --- links ------------------------------------------------------------------------------------


def _unit(word: str) -> str | None:
    u = units().get(" ".join(word.lower().replace("-", " ").split()))
    return u.kind if u else None


def _trim_name(text: str, start: int, end: int) -> tuple[str, int, str | None]:
    """Split a trailing capitalised unit word ("Borno State" -> "Borno", state); "Gaza City"
    and "Cape Town" keep their town-tier word."""
    span = text[start:end]
    if span.endswith(("'s", "’s")):
        end -= 2
        span = span[:-2]
    while span.endswith(".") and not re.search(r"\b(?:St|Ste|Mt|Ft)\.$", span):
        span = span[:-1]
    head, _, last = span.rpartition(" ")
    u = units().get(last.lower())
    if head and u is not None and u.tier not in ("town", "part"):
        return head, end, u.kind
    return span, end, None


def _name_at(text: str, pos: int) -> tuple[PlaceName, int] | None:
    """A name (and the unit word written after it) at ``pos``, with where it ends."""
    m = _patterns()["name"].match(text, pos)
    if not m:
        return None
    mend = m.end()
    of = _OF_NAME.match(text, mend)  # "Democratic Republic of (the) Congo", a country only
    if of:
        longer = _patterns()["name"].match(text, of.end())
        if longer and countries().code_for(text[m.start():longer.end()].rstrip(".")):
            mend = longer.end()
    start = m.start()
    name, end, kind = _trim_name(text, start, mend)
    if not name or " ".join(name.lower().split()) in hard_stop():
        return None
    after = _patterns()["unit_after"].match(text, end)
    if after and kind is None:
        kind, end = _unit(after.group(1)), after.end()
    return PlaceName(name, start, start + len(name), kind), end


def _link(text: str, pos: int) -> tuple[list[PlaceName], int] | None:
    """One link, or two for "X district of Y province"; with the end of what was read."""
    before = _patterns()["unit_before"].match(text, pos)
    kind_before = None
    if before:
        kind_before, pos = _unit(before.group(1)), before.end()
    found = _name_at(text, pos)
    if found is None:
        return None
    name, end = found
    if kind_before and name.kind is None:
        name = PlaceName(name.text, name.start, name.end, kind_before)
    links = [name]
    if name.kind is not None:  # "Andar district of Ghazni province"
        of = re.compile(r"\s+of\s+(?:the\s+)?").match(text, end)
        nxt = _name_at(text, of.end()) if of else None
        if nxt is not None:
            links.append(nxt[0])
            end = nxt[1]
    return links, end


_OF_NAME = re.compile(r"\s+of\s+(?:the\s+)?")


@functools.lru_cache(maxsize=None)
def _closes() -> re.Pattern:
    """What may follow the last link of a chain."""
    words = _alternation(read_words("chain_closers.txt"))
    return re.compile(rf"\s*(?:[,.;:!?)(]|\s[-–—]\s|$)|\s+(?:{words})\b")
_JOINS = re.compile(r",\s+|\s+in\s+(?:the\s+)?|\s+[-–]\s+")


def _chain_at(text: str, pos: int) -> tuple[list[PlaceName], int] | None:
    """The links of a chain starting at ``pos`` (most specific first) and where it ends."""
    first = _link(text, pos)
    if first is None:
        return None
    names, end = first
    while True:
        join = _JOINS.match(text, end)
        nxt = _link(text, join.end()) if join else None
        if nxt is None or not _closes().match(text, nxt[1]):
            break
        links, nend = nxt
        if join.group(0).strip() in ("-", "–"):  # "Mogadishu - Hodan": a part of the town
            part = links[0]
            names.insert(0, PlaceName(part.text, part.start, part.end, "quarter"))
            links = links[1:]
        names += links
        end = nend
    paren = re.compile(r"\s*\(").match(text, end)
    if paren:
        inner, iend = _paren(text, paren.end())
        if inner:
            names += inner
            end = iend
    return names, end


def _paren(text: str, pos: int) -> tuple[list[PlaceName], int]:
    names: list[PlaceName] = []
    while True:
        link = _link(text, pos)
        if link is None:
            return [], pos
        names += link[0]
        pos = link[1]
        if text.startswith(")", pos):
            return names, pos + 1
        sep = re.compile(r",\s*").match(text, pos)
        if not sep:
            return [], pos
        pos = sep.end()


# --- chains -----------------------------------------------------------------------------------


def _distance(m: re.Match) -> tuple[bool, float | None]:
    if not m.group(1):
        return True, None
    value = float(m.group(1))
    return True, value * (_MILES_KM if m.group(2).lower().startswith("mi") else 1.0)


def find_chains(text: str) -> list[Chain]:
    """The location phrases of ``text``, in order of appearance."""
    pats = _patterns()
    out: list[Chain] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, pos: int, near: bool, dist: float | None, dateline: bool = False) -> int:
        found = _chain_at(text, pos)
        if found is None:
            return pos
        names, end = found
        if any(a < end and names[0].start < b for a, b in taken):
            return end
        taken.append((names[0].start, end))
        out.append(Chain(tuple(names), start, end, near, dist, dateline))
        return end

    m = pats["dateline"].match(text)
    if m and not any(c.islower() for c in m.group(1)):
        city = PlaceName(m.group(1).strip().title(), m.start(1), m.end(1))
        country = PlaceName(m.group(2), m.start(2), m.end(2))
        out.append(Chain((city, country), m.start(1), m.end(2), dateline=True))
        taken.append((m.start(1), m.end(2)))
    for m in pats["distance"].finditer(text):
        near, dist = _distance(m)
        add(m.start(), m.end(), near, dist)
    for m in pats["cue"].finditer(text):
        end = add(m.start(), m.end(), _cue_is_near(m.group(1)), None)
        if m.group(1).lower() == "between":
            also = re.compile(r"\s+and\s+(?:the\s+)?").match(text, end)
            if also:
                add(also.start(), also.end(), True, None)
    for m in re.finditer(rf"{pats['name'].pattern}(?=\s+(?:[a-z]+\s+)?\()", text):
        if text[m.start() - 1: m.start()] not in ("", " ", "\n"):
            continue
        found = _chain_at(text, m.start())
        if found and len(found[0]) > 1 and found[1] > m.end():  # a parenthesis was read
            add(m.start(), m.start(), False, None)
    out.sort(key=lambda c: c.start)
    return out
