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
    joins: tuple[str, ...] = ()  # between names[k] and names[k+1]: "," "of" "in" "-" "near"
    #                              "(" (opens an ACLED parenthesis) "(," (inside it)


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
    modifiers = _alternation(read_words("place_modifiers.txt"))
    name = rf"{_WORD}(?:(?:\s+|\s+(?:{connectors})\s+){_WORD})*"
    return {
        "name": re.compile(name),
        "unit_after": re.compile(rf"\s+({unit_words})\b", re.I),
        "unit_before": re.compile(rf"(?:the\s+)?({unit_words})\s+of\s+(?:the\s+)?", re.I),
        "cue": re.compile(rf"(?<![\w-])(?:on\s+)?(?:the\s+)?({_alternation(cues)})\s+(?:the\s+)?"
                          rf"(?:(?:{modifiers})\s+)*", re.I),
        "distance": re.compile(
            rf"(?:(\d+(?:\.\d+)?)\s*-?\s*(km|kms|kilometres|kilometers|mi|miles)\s+)?"
            rf"(?:to\s+the\s+)?({directions})\s+of\s+(?:the\s+)?", re.I),
        "dateline": re.compile(rf"^\s*([{_UPPER}][{_UPPER}'’ .-]+[{_UPPER}])(?:,\s+({name}))?"
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
    if head and u is not None and u.tier in ("district", "province"):
        return head, end, u.kind
    return span, end, None


def _name_at(text: str, pos: int, first: bool = True) -> tuple[PlaceName, int] | None:
    """A name (and the unit word written after it) at ``pos``, with where it ends; a stop word
    ("North", "Central") is a name only after the first link."""
    m = _patterns()["name"].match(text, pos)
    if not m:
        return None
    mend = m.end()
    for joiner, known in ((_OF_NAME, _is_country), (_AND_NAME, _is_place)):
        # "Democratic Republic of (the) Congo", "Jammu and Kashmir": only names known whole
        more = joiner.match(text, mend)
        longer = _patterns()["name"].match(text, more.end()) if more else None
        if longer and known(text[m.start():longer.end()].rstrip(".")):
            mend = longer.end()
    start = m.start()
    name, end, kind = _trim_name(text, start, mend)
    if not name or (first and " ".join(name.lower().split()) in hard_stop()):
        return None
    after = _patterns()["unit_after"].match(text, end)
    if after and kind is None:
        kind, end = _unit(after.group(1)), after.end()
    return PlaceName(name, start, start + len(name), kind), end


def _link(text: str, pos: int, first: bool = True) -> tuple[list[PlaceName], list[str], int] | None:
    """One link, or two for "X district of Y province" (joined "of"); with the joins between
    them and the end of what was read."""
    before = _patterns()["unit_before"].match(text, pos)
    kind_before = None
    if before:
        kind_before, pos = _unit(before.group(1)), before.end()
    found = _name_at(text, pos, first)
    if found is None:
        return None
    name, end = found
    if kind_before and name.kind is None:
        name = PlaceName(name.text, name.start, name.end, kind_before)
    links, joins = [name], []
    if name.kind is not None:  # "Andar district of Ghazni province", "the Daraj area of Gaza"
        of = _OF_NAME.match(text, end)
        nxt = _name_at(text, of.end()) if of else None
        if nxt is not None:
            links.append(nxt[0])
            joins.append("of")
            end = nxt[1]
    return links, joins, end


_OF_NAME = re.compile(r"\s+of\s+(?:the\s+)?")
_AND_NAME = re.compile(r"\s+and\s+")


def _is_country(name: str) -> bool:
    return countries().code_for(name) is not None


def _is_place(name: str) -> bool:
    from .gazetteer import gazetteer  # the one lookup of the text stage: names with "and"

    return any(not e.is_town for e in gazetteer().named(name))
# how links are joined: the join's name for the resolver, and the pattern
_JOIN_PATTERNS = (
    ("near", re.compile(r",?\s+(?:near|outside|close\s+to)\s+(?:the\s+)?", re.I)),
    ("-", re.compile(r"\s+[-–]\s+")),
    (",", re.compile(r",\s+")),
    ("in", re.compile(r"\s+in\s+(?:the\s+)?")),
)


@functools.lru_cache(maxsize=None)
def _closes() -> re.Pattern:
    """What may follow the last link of a chain."""
    words = _alternation(read_words("chain_closers.txt"))
    return re.compile(rf"\s*(?:[,.;:!?)(]|\s[-–—]\s|$)|\s+(?:{words})\b")


def _join(text: str, pos: int) -> tuple[str, int, float | None] | None:
    """The join at ``pos`` (its name, its end, a distance it states), or None."""
    d = _patterns()["distance"].match(text, pos + 1) if text[pos:pos + 1].isspace() else None
    if d is not None:
        return "near", d.end(), _distance(d)[1]
    for name, pattern in _JOIN_PATTERNS:
        m = pattern.match(text, pos)
        if m:
            return name, m.end(), None
    return None


@dataclass
class _Read:
    names: list[PlaceName]
    joins: list[str]
    end: int
    near: bool = False
    distance: float | None = None


def _chain_at(text: str, pos: int) -> _Read | None:
    """The links of a chain starting at ``pos`` (most specific first) and where it ends."""
    first = _link(text, pos)
    if first is None:
        return None
    read = _Read(*first)
    while True:
        join = _join(text, read.end)
        nxt = _link(text, join[1], first=False) if join else None
        if nxt is None or not _closes().match(text, nxt[2]):
            break
        links, joins, end = nxt
        if join[0] == "-":  # "Mogadishu - Hodan": the second names a part of the first
            part = links.pop(0)
            read.names.insert(0, PlaceName(part.text, part.start, part.end, "quarter"))
            read.joins.insert(0, "-")
            joins = joins[1:]
        if links:
            read.joins += [join[0]] + joins
        read.names += links
        read.end = end
        if join[0] == "near":  # "Sincina, near Koutiala", "the X area west of Taizz"
            read.distance = read.distance or join[2]
    paren = re.compile(r"\s*\(").match(text, read.end)
    if paren:
        inner, iend = _paren(text, paren.end())
        if inner:
            read.joins += ["("] + ["(,"] * (len(inner) - 1)
            read.names += inner
            read.end = iend
    return read


def _paren(text: str, pos: int) -> tuple[list[PlaceName], int]:
    """The admin names of an ACLED parenthesis, or [] when it holds anything else."""
    names: list[PlaceName] = []
    while True:
        link = _link(text, pos, first=False)
        if link is None or _ACRONYM.fullmatch(link[0][0].text):
            return [], pos
        names += link[0]
        pos = link[2]
        if text.startswith(")", pos):
            return names, pos + 1
        sep = re.compile(r",\s*").match(text, pos)
        if not sep:
            return [], pos
        pos = sep.end()


_ACRONYM = re.compile(r"[A-Z][A-Z0-9-]{1,7}")  # "(JAS)", "(ENDF)", "(BIR)": groups, not places


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

    def add(start: int, pos: int, near: bool = False, dist: float | None = None,
            read: _Read | None = None) -> int:
        read = read or _chain_at(text, pos)
        if read is None:
            return pos
        begin = read.names[0].start if read.names[0].start < pos else pos
        if any(a < read.end and begin < b for a, b in taken):
            return read.end
        taken.append((begin, read.end))
        out.append(Chain(tuple(read.names), start, read.end, near or read.near,
                         dist if dist is not None else read.distance, False, tuple(read.joins)))
        return read.end

    dateline = _dateline(text)  # 1. a wire dateline
    if dateline is not None:
        out.append(dateline)
        taken.append((dateline.start, dateline.end))
    for m in pats["cue"].finditer(text):  # 2. "in X", "near X", "between X and Y"
        end = add(m.start(), m.end(), _cue_is_near(m.group(1)))
        if m.group(1).lower() == "between":
            also = re.compile(r"\s+and\s+(?:the\s+)?").match(text, end)
            if also:
                add(also.start(), also.end(), True)
    for m in pats["distance"].finditer(text):  # 3. "30 km northeast of X"
        near, dist = _distance(m)
        add(m.start(), m.end(), near, dist)
    for m in pats["name"].finditer(text):  # 4. "X (A, B)" and "X, Y, Country" without a cue
        if text[m.start() - 1: m.start()] not in ("", " ", "\n", "("):
            continue
        read = _chain_at(text, m.start())
        if read is not None and len(read.names) > 1 and (
                "(" in read.joins or countries().code_for(read.names[-1].text)):
            add(m.start(), m.start(), read=read)
    out.sort(key=lambda c: c.start)
    return out


def _dateline(text: str) -> Chain | None:
    """"MOGADISHU, Somalia (Reuters) -", "BUTLER, Pennsylvania (AP) -", "YANGON (Reuters) -"."""
    m = _patterns()["dateline"].match(text)
    if not m or any(c.islower() for c in m.group(1)):
        return None
    names = [PlaceName(m.group(1).strip().title(), m.start(1), m.end(1))]
    if m.group(2):
        names.append(PlaceName(m.group(2), m.start(2), m.end(2)))
    end = m.end(2) if m.group(2) else m.end(1)
    return Chain(tuple(names), m.start(1), end, dateline=True, joins=("",) * (len(names) - 1))
