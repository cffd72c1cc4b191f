"""Location phrases of a sentence as chains of place names (pure text, no spaCy).

A chain is what coders and wires write to place an event, most specific name first:

* after a cue ("in", "at", "near", "outside", "on the outskirts of", ... : ``data/cues.tsv``),
  or after a distance ("30 km northeast of Jilib", "north of Kabul");
* links joined by commas ("Shin Kalay, Kandahar, Afghanistan"), by " in " ("Jenin in the West
  Bank"), by " - " (ACLED's "Mogadishu - Hodan": the second names a part of the first), or
  written "X district of Y province";
* an ACLED parenthesis of admin names ("Koutougou (Soum, Sahel)", "Bulla Hawa village (Bulla
  Hawa, Gedo)", "the Enayetpur police station (Sirajganj, Rajshahi)"), which also makes a
  chain without a cue;
* wire shapes, with or without a cue: "the eastern German city of Magdeburg" (a demonym
  before the unit word names the country: a last link of kind ``demonym``; "Houthi-held" names
  none), possessives ("Myanmar's Sagaing region" -> Sagaing, Myanmar joined "'s"; "Beirut's
  southern suburbs" -> Beirut, near; "Mali's capital", "the Afghan capital" -> a link of kind
  ``capital``), appositives ("Wad Madani, the capital of Gezira state": joined "in");
* a wire dateline ("MOGADISHU, Somalia (Reuters) -"), marked ``dateline``.

Each link keeps the unit word written with it, normalised (``data/units.tsv``): "Andar
district", "the village of Koutougou", "Borno State", "Ras Isa fuel port" (site words: the
name before them is the link). A link after a comma or " in " is taken only when the phrase
ends right after it (punctuation, a parenthesis, the end; after " in " also a lower-case word:
"near Laiza in Kachin state was hit"), so that "in Kabul, Taliban fighters said" stops at
Kabul. A cue's modifiers ("in northern Mali") are lower-case words: "Northern Ireland" stays.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .countries import countries
from .vocab import hard_stop, held_words, read_table, read_words, tier_of, units

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
    site_words = _alternation(u.word for u in units().values() if u.tier in ("town", "site"))
    directions = _alternation(read_words("directions.txt"))
    # lower-case words only: "in northern Mali" drops "northern", "in Northern Ireland" keeps it
    mods = rf"(?:(?-i:{_alternation(read_words('place_modifiers.txt'))})\s+)*"
    held = rf"[\w'’]+-(?:{_alternation(held_words())})"
    adjective = rf"(?-i:{held}|[{_UPPER}][\w'’]+(?:\s+[{_UPPER}][\w'’]+)?)"
    name = rf"{_WORD}(?:(?:\s+|\s+(?:{connectors})\s+){_WORD})*"
    return {
        "name": re.compile(name),
        "unit_after": re.compile(rf"\s+({unit_words})\b", re.I),
        # "the district of Andar", "the eastern German city of X", "the Houthi-held port of X"
        "unit_before": re.compile(rf"(?:the\s+)?{mods}(?:({adjective})\s+{mods})?({unit_words})"
                                  rf"\s+of\s+(?:the\s+)?", re.I),
        # "the Malian capital" (", Bamako")
        "capital": re.compile(rf"(?:the\s+)?{mods}({adjective})\s+{mods}capital\b"
                              rf"(?P<then>,?\s+(?=[{_UPPER}]))?"),
        # "X's southern suburbs", "X's capital": what follows a possessive
        "possessed": re.compile(rf"\s+{mods}"),
        "appositive": re.compile(rf",\s+(?:the|a|an)\s+{mods}"
                                 rf"(?:{_alternation(read_words('appositives.txt'))})"
                                 rf"\s+(?:of|in)\s+(?:the\s+)?{mods}", re.I),
        "cue": re.compile(rf"(?<![\w-])(?:on\s+)?(?:the\s+)?({_alternation(cues)})\s+(?:the\s+)?"
                          rf"{mods}", re.I),
        "distance": re.compile(
            rf"(?:(\d+(?:\.\d+)?)\s*-?\s*(km|kms|kilometres|kilometers|mi|miles)\s+)?"
            rf"(?:to\s+the\s+)?({directions})\s+of\s+(?:the\s+)?", re.I),
        "mods": re.compile(mods),
        "the_unit_of": re.compile(rf"(?<![\w-])the\s+{mods}(?:{site_words})\s+of\s+", re.I),
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


def _trim_name(text: str, start: int, end: int, keep_s: bool = False) -> tuple[str, int, str | None]:
    """Split a trailing capitalised unit word ("Borno State" -> "Borno", state); "Gaza City"
    and "Cape Town" keep their town-tier word; a site word stays in the name and gives its kind
    ("Capital Jewish Museum", "Ain al-Asad Air Base")."""
    span = text[start:end]
    if span.endswith(("'s", "’s")) and not keep_s:
        end -= 2
        span = span[:-2]
    while span.endswith(".") and not re.search(r"\b(?:St|Ste|Mt|Ft)\.$", span):
        span = span[:-1]
    head, _, last = span.rpartition(" ")
    u = units().get(last.lower())
    if head and u is not None and u.tier in ("district", "province"):
        return head, end, u.kind
    if head and u is not None and u.tier == "site":
        return span, end, u.kind
    return span, end, None


_POSSESSIVE = re.compile(r"(?<=\w{3})['’]s(?=\s|$)")


def _cut(text: str, start: int, end: int) -> int:
    """The end of a name read from ``start`` to ``end``, cut after a possessive inside it
    ("Myanmar's Sagaing" -> "Myanmar's"), unless the whole is a place ("Cox's Bazar")."""
    m = _POSSESSIVE.search(text, start, end)
    if m is None or m.end() == end or _is_known(text[start:end]):
        return end
    return m.end()


def _name_at(text: str, pos: int, first: bool = True) -> tuple[PlaceName, int, bool] | None:
    """A name (and the unit word written after it) at ``pos``, with where it ends and whether
    it is a possessive ("Myanmar's"); a stop word ("North", "Central") is a name only after
    the first link."""
    m = _patterns()["name"].match(text, pos)
    if not m:
        return None
    mend = _cut(text, m.start(), m.end())
    for joiner, known in ((_OF_NAME, _is_country), (_AND_NAME, _is_place_or_country)):
        # "Democratic Republic of (the) Congo", "Jammu and Kashmir", "Bosnia and Herzegovina":
        # only names known whole
        more = joiner.match(text, mend) if mend == m.end() else None
        longer = _patterns()["name"].match(text, more.end()) if more else None
        if longer:
            lend = _cut(text, longer.start(), longer.end())
            if known(re.sub(r"['’]s$", "", text[m.start():lend]).rstrip(".")):
                mend = lend
    start = m.start()
    ends_s = text[mend - 2:mend] in ("'s", "’s")
    possessive = ends_s and bool(_POSSESSIVE.match(text, mend - 2))
    keep_s = ends_s and not possessive and _is_known(text[start:mend])  # "St. John's, Antigua"
    name, end, kind = _trim_name(text, start, mend, keep_s)
    if not name or (first and " ".join(name.lower().split()) in hard_stop()):
        return None
    if possessive:
        return PlaceName(name, start, start + len(name), kind), mend, True
    after = _patterns()["unit_after"].match(text, end)
    if after and kind is None:
        kind, end = _unit(after.group(1)), after.end()
    return PlaceName(name, start, start + len(name), kind), end, False


@dataclass
class _Piece:
    """What :func:`_link` read: one or more links (most specific first), their joins, the end,
    and what it says about the phrase."""

    links: list[PlaceName]
    joins: list[str]
    end: int
    near: bool = False  # "Beirut's southern suburbs": a part of the place
    anchored: bool = False  # a shape that is a location phrase even without a cue


def _adjective(text: str, start: int, end: int) -> tuple[bool, PlaceName | None]:
    """An adjective before a unit word: (is one, the country link it names). "German" names
    Germany, "Kurdish" and "Houthi-held" name none; any other word is not an adjective."""
    word = text[start:end]
    if "-" in word and word.rsplit("-", 1)[1].lower() in held_words():
        return True, None
    from tacitus.gazetteer import lookup_demonym  # the nationality words of the project

    d = lookup_demonym(word)
    if d is None:
        return False, None
    if d.country and not d.ethnic:
        return True, PlaceName(word, start, end, "demonym")
    return True, None


def _link(text: str, pos: int, first: bool = True) -> _Piece | None:
    """One link, or two for "X district of Y province" (joined "of") and "Myanmar's Sagaing
    region" (joined "'s"); a country a demonym names ("the eastern German city of X") comes
    last, joined "adj"."""
    pats = _patterns()
    cap = pats["capital"].match(text, pos)
    if cap:
        ok, country = _adjective(text, cap.start(1), cap.end(1))
        if ok and country is not None:
            found = _name_at(text, cap.end(), False) if cap.group("then") else None
            if found is not None and not found[2]:  # "the Afghan capital, Kabul"
                town, end = found[0], found[1]
                name = PlaceName(town.text, town.start, town.end, town.kind or "city")
                return _Piece([name, country], ["adj"], end, anchored=True)
            end = cap.start("then") if cap.group("then") else cap.end()  # "the Afghan capital"
            return _Piece([PlaceName(country.text, country.start, country.end, "capital")], [],
                          end, anchored=True)
    before = pats["unit_before"].match(text, pos)
    kind_before, country, anchored = None, None, False
    if before and before.group(1):
        ok, country = _adjective(text, before.start(1), before.end(1))
        if not ok:  # "the Daraj neighbourhood of": a name with its unit word, read below
            before = None
    if before:
        kind_before, pos = _unit(before.group(2)), before.end()
        anchored = before.group(1) is not None or tier_of(kind_before) in ("town", "site")
    found = _name_at(text, pos, first)
    if found is None:
        return None
    name, end, possessive = found
    if kind_before and name.kind is None:
        name = PlaceName(name.text, name.start, name.end, kind_before)
    piece = _Piece([name], [], end, anchored=anchored)
    if possessive:
        _possessed(text, piece)
    elif name.kind is not None:  # "Andar district of Ghazni province", "the Daraj area of Gaza"
        of = _OF_NAME.match(text, end)
        nxt = _name_at(text, of.end()) if of else None
        if nxt is not None and not nxt[2]:
            piece.links.append(nxt[0])
            piece.joins.append("of")
            piece.end = nxt[1]
    if country is not None:
        piece.links.append(country)
        piece.joins.append("adj")
    return piece


def _possessed(text: str, piece: _Piece) -> None:
    """What a possessive names ("Myanmar's Sagaing region" -> Sagaing, then Myanmar; "Beirut's
    southern suburbs" -> Beirut, near; "Mali's capital" -> the capital of Mali)."""
    owner = piece.links[0]
    at = _patterns()["possessed"].match(text, piece.end).end()
    words = _LOWER_WORDS.match(text, at)
    for w in ([words.group(0), words.group(1)] if words else []):  # "southern suburbs"
        if w == "capital":
            piece.links[0] = PlaceName(owner.text, owner.start, owner.end, "capital")
            piece.end, piece.anchored = at + len(w), True
            return
        u = units().get(" ".join(w.replace("-", " ").split()))
        if u is not None and u.tier == "part":
            piece.end, piece.near, piece.anchored = at + len(w), True, True
            return
    inner = _link(text, at, first=False)
    if inner is None or inner.links[-1].kind == "demonym" or (
            inner.links[0].kind is None and not _closes().match(text, inner.end)):
        return  # "Israel's Gaza war": a name used as a modifier
    piece.links[:0] = inner.links
    piece.joins[:0] = inner.joins + ["'s"]
    piece.end, piece.near = inner.end, inner.near
    first = inner.links[0]
    piece.anchored = inner.anchored or first.kind is not None or _is_known(first.text)


_OF_NAME = re.compile(r"\s+of\s+(?:the\s+)?")
_LOWER_WORD = re.compile(r"\s+[a-z]")
_LOWER_WORDS = re.compile(r"([a-z]+)(?:[\s-][a-z]+)?\b")
_AND_NAME = re.compile(r"\s+and\s+")


def _is_country(name: str) -> bool:
    return countries().code_for(name) is not None


def _is_place(name: str) -> bool:
    from .gazetteer import gazetteer  # the lookups of the text stage: names with "and", ...

    return any(not e.is_town for e in gazetteer().named(name))


def _is_place_or_country(name: str) -> bool:
    return _is_country(name) or _is_place(name)


def _is_known(name: str) -> bool:
    """... and what a possessive names without a unit word ("Borno's Gwoza")."""
    from .gazetteer import gazetteer

    return bool(gazetteer().named(name))



# how links are joined: the join's name for the resolver, and the pattern
@functools.lru_cache(maxsize=None)
def _join_patterns() -> tuple[tuple[str, re.Pattern], ...]:
    mods = _patterns()["mods"].pattern
    return (
        ("near", re.compile(rf",?\s+(?:near|outside|close\s+to)\s+(?:the\s+)?{mods}", re.I)),
        ("-", re.compile(r"\s+[-–]\s+")),
        ("in", _patterns()["appositive"]),  # "Wad Madani, the capital of Gezira state"
        (",", re.compile(r",\s+")),
        ("in", re.compile(rf"\s+in\s+(?:the\s+)?{mods}")),
    )


@functools.lru_cache(maxsize=None)
def _closes() -> re.Pattern:
    """What may follow the last link of a chain."""
    words = _alternation(read_words("chain_closers.txt"))
    return re.compile(rf"\s*(?:[,.;:!?)(]|\s[-–—]\s|$)|\s+(?:{words})\b")


def _join(text: str, pos: int) -> tuple[str, int, float | None, bool] | None:
    """The join at ``pos`` (its name, its end, a distance it states, whether it is an
    appositive), or None."""
    d = _patterns()["distance"].match(text, pos + 1) if text[pos:pos + 1].isspace() else None
    if d is not None:
        return "near", d.end(), _distance(d)[1], False
    for name, pattern in _join_patterns():
        m = pattern.match(text, pos)
        if m:
            return name, m.end(), None, pattern is _patterns()["appositive"]
    return None


@dataclass
class _Read:
    names: list[PlaceName]
    joins: list[str]
    end: int
    near: bool = False
    distance: float | None = None
    anchored: bool = False  # a place phrase even without a cue (see _Piece)


def _chain_at(text: str, pos: int) -> _Read | None:
    """The links of a chain starting at ``pos`` (most specific first) and where it ends."""
    first = _link(text, pos)
    if first is None:
        return None
    read = _Read(first.links, first.joins, first.end, first.near, anchored=first.anchored)
    while True:
        join = _join(text, read.end)
        nxt = _link(text, join[1], first=False) if join else None
        if nxt is None or not (_closes().match(text, nxt.end) or join[0] == "in" and not join[3]
                               and _LOWER_WORD.match(text, nxt.end)):
            break  # "in Kabul, Taliban fighters said"; but "near Laiza in Kachin state was hit"
        links, joins = nxt.links, nxt.joins
        if join[0] == "-":  # "Mogadishu - Hodan": the second names a part of the first
            part = links.pop(0)
            read.names.insert(0, PlaceName(part.text, part.start, part.end, "quarter"))
            read.joins.insert(0, "-")
            joins = joins[1:]
        if links:
            read.joins += [join[0]] + joins
        read.names += links
        read.end = nxt.end
        read.anchored = read.anchored or join[3]  # an appositive; a later possessive does not
        #                                         make "Fighting in Myanmar's Sagaing" a chain
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
        if link is None or _ACRONYM.fullmatch(link.links[0].text) or "'s" in link.joins:
            return [], pos
        names += link.links
        pos = link.end
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
        overlap = [n for n, (a, b) in enumerate(taken) if a < read.end and begin < b]
        if overlap and not _holds(read, begin, [(taken[n], out[n]) for n in overlap]):
            return read.end
        for n in reversed(overlap):
            del taken[n], out[n]
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
    for m in pats["the_unit_of"].finditer(text):  # 4. "the town of Gwoza" without a cue
        read = _chain_at(text, m.start())
        if read is not None and read.anchored:
            add(m.start(), m.start(), read=read)
    for m in pats["name"].finditer(text):  # 5. "X (A, B)", "X, Y, Country", "Egypt's North
        #                                       Sinai", "the Somali town of X" without a cue
        if text[m.start() - 1: m.start()] not in ("", " ", "\n", "("):
            continue
        read = _chain_at(text, m.start())
        if read is not None and (read.anchored or len(read.names) > 1 and (
                "(" in read.joins or read.joins[-1] not in ("'s", "adj")
                and countries().code_for(read.names[-1].text))):
            add(m.start(), m.start(), read=read)
    out.sort(key=lambda c: c.start)
    return out


def _holds(read: _Read, begin: int, found: list[tuple[tuple[int, int], Chain]]) -> bool:
    """A chain read without a cue takes the place of chains found before it when it is a
    location phrase of its own shape and holds them whole with more links ("the Houthi-held
    port of Hodeidah in western Yemen" holds "in western Yemen")."""
    return read.anchored and all(
        begin <= a and b <= read.end and not chain.dateline and len(chain.names) < len(read.names)
        for (a, b), chain in found)


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
