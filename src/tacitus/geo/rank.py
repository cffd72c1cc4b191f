"""Joint resolution of a place chain into the place a coder would write.

:func:`resolve` narrates the stages:

1. links: the chain's names (most specific first) with their unit words; a link naming a
   country (or a demonym, "German city"; "Mali's capital" becomes the capital) binds the
   country (the last one named wins) and leaves the chain;
2. candidates: each link's places in the index (compact keys; Arabic-article variants), kept
   to the unit tier its word names ("district" -> divisions first); inside a country already
   known, transliteration-insensitive keys and then a fuzzy match (rapidfuzz) as fallbacks,
   for a division a looser one among the country's divisions ("Galgaduud"); the name less a
   compass word ("Shan-North"); a division the chain names alone is looked for that way inside
   the hint and context countries when the chain names none;
3. joint choice: every candidate of the most specific link found is scored by how many later
   links name one of its enclosing units (its admin2, its admin1, a town within reach), then
   by the country named, the hint, the context countries, the unit tier, a primary-name match
   and population; a link whose every candidate the later links rule out (none encloses it,
   and it lies outside the span of the most specific one) gives way to them ("La Rambla in
   Barcelona": not the town in Cordoba);
4. a most specific link that is not in the index leaves the result at the smallest enclosing
   unit that is, with that unit's precision and point (never a country centre labelled as a
   town); a site, street or quarter before a town ("the Capital Jewish Museum in Washington",
   "La Rambla in Barcelona") makes the town the place and itself the ``venue``;
5. honest precision: ``place_precision`` says what the coordinates are the point of;
   ``geo_precision`` follows ACLED (1 the place itself, 2 near it or part of a region, 3 a
   province or larger); a stated distance of 10 km or more claims no point.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from .chains import Chain, PlaceName
from .countries import countries
from .gazetteer import Entry, Gazetteer, gazetteer
from .normalize import article_variants, km, normalize_place_name
from .vocab import directions, hard_stop, soft_stop, tier_of, units

# Calibrated on the place list tests/data/geo/mentions.tsv (written for this; not coder_dev).
FUZZY_IN_COUNTRY = 90  # rapidfuzz ratio a name needs inside a known country
FUZZY_IN_DIVISION = 78  # ... and inside a known admin1 (a handful of candidates)
TOWN_REACH_KM = 60.0  # a later town link encloses a candidate this close to it
DIVISION_REACH_KM = 150.0  # ... a later division without towns, this close to its point
DIVISION_MARGIN_KM = 30.0  # ... a later division, inside the span of its towns grown by this
FAR_KM = 10.0  # coder_dev README: a point is coded only when the event is within ~10 km
ALTERNATE_WEIGHT = 0.1  # an alternate-name match ranks as if it had this share of the people
SEAT_SHARE = 0.05  # a same-named town beats its own division with this share of its people
PRECISION = {"town": "town", "admin2": "district", "admin1": "province", "region": "province"}
GEO_PRECISION = {"town": 1, "district": 2, "province": 3, "country": 3}


@dataclass(frozen=True)
class ResolvedPlace:
    place: str | None  # the most specific name the coder would write (the text's spelling)
    country: str | None  # canonical short name
    country_code: str | None
    admin1: str | None
    admin2: str | None
    latitude: float | None
    longitude: float | None
    precision: str  # venue | town | district | province | country | unknown
    geo_precision: int | None  # ACLED: 1 the place itself, 2 near it / part of a region, 3 larger
    geonameid: int | None = None
    # a named site, street or quarter the chain starts with whose coordinates these are not
    # (the town's): "La Rambla" in Barcelona, "Capital Jewish Museum" in Washington
    venue: str | None = None


@dataclass
class _Link:
    name: PlaceName
    tier: str | None  # the tier its unit word names: site | town | part | district | province
    expect: str | None = None  # the tier its position says (ACLED "(A, B)", GTD "X, B, Country")
    join: str = ""  # how it is joined to the previous link ("," "of" "(" "(," "in" "near")
    found: list[Entry] = field(default_factory=list)
    matched: Entry | None = None
    weak: bool = False  # a stop word: may confirm a place, never stands for one
    gave_way: bool = False  # its places lie outside the later links ("La Rambla" in Barcelona)


# --- 1. links --------------------------------------------------------------------------------


def _as_names(chain: Chain | Sequence[str]) -> tuple[tuple[PlaceName, ...], tuple[str, ...],
                                                     bool, float | None]:
    if isinstance(chain, Chain):
        joins = chain.joins or (",",) * (len(chain.names) - 1)
        return chain.names, joins, chain.near, chain.distance_km
    names = []
    for text in chain:
        words = (text or "").strip().rsplit(" ", 1)
        unit = units().get(words[-1].lower()) if len(words) == 2 else None
        base = words[0] if unit is not None else (text or "").strip()
        names.append(PlaceName(base, 0, len(base), unit.kind if unit else None))
    names = [n for n in names if n.text]
    return tuple(names), (",",) * (len(names) - 1), False, None


def _links(names: tuple[PlaceName, ...], joins: tuple[str, ...]) -> tuple[list[_Link], str | None]:
    """The links, less those naming a country, and the country the last of them names; each
    link with the tier its position implies: in an ACLED parenthesis "(A, B)" A is an admin2
    and B an admin1, "(B)" an admin1; before a country ("X, B, Country") B is an admin1."""
    table = countries()
    links: list[_Link] = []
    code = None
    for n, name in enumerate(names):
        join = joins[n - 1] if n else ""
        if name.kind in ("demonym", "capital"):  # "the German city of X", "Mali's capital"
            c = table.code_for(name.text) or _demonym_country(name.text)
            if c is None:
                continue
            code = c
            capital = table.by_code[c].capital
            if name.kind == "capital" and capital:
                links.append(_Link(PlaceName(capital, name.start, name.end, "city"), "town",
                                   join=join))
            continue
        c = table.code_for(name.text) if name.kind in (None, "republic") else None
        if c is None and name.kind is None and _without_compass(name.text):  # "Eastern Ukraine"
            c = table.code_for(_without_compass(name.text))
            if c and gazetteer().named(name.text):
                c = None
        if c and not (links and _names_division(links[-1].name, name)):
            code = c
            if (links and join in (",", "(,") and links[-1].expect is None and len(links) > 1
                    and links[-1].join in (",", "(,", "(")):  # not "X in B, Country"
                links[-1].expect = "province"
            continue
        links.append(_Link(name, tier_of(name.kind), join=join))
    paren = [x for x in links if x.join in ("(", "(,")]
    for x, tier in zip(reversed(paren), ("province", "district")):
        x.expect = x.expect or tier
    return links, code


def _demonym_country(word: str) -> str | None:
    from tacitus.gazetteer import lookup_demonym

    d = lookup_demonym(word)
    return d.country if d is not None and not d.ethnic else None


def _without_compass(text: str) -> str | None:
    """A name less a compass word written before or after it ("Shan-North" -> "Shan",
    "Eastern Ukraine" -> "Ukraine"), or None."""
    words = re.split(r"[\s-]+", text.strip())
    if len(words) < 2:
        return None
    compass = directions()
    if normalize_place_name(words[-1]) in compass:
        rest = words[:-1]
    elif normalize_place_name(words[0]) in compass:
        rest = words[1:]
    else:
        return None
    rest_text = " ".join(rest)
    return rest_text if len(rest_text) >= 3 else None


def _names_division(prev: PlaceName, name: PlaceName) -> bool:
    """"Georgia" after "Atlanta" is the US state: a country name right after a link is a
    division when a division of that name encloses a place of the previous link's name."""
    g = gazetteer()
    inner = g.named(prev.text)
    return any(_encloses(d, e) for d in g.named(name.text) if not d.is_town for e in inner)


# --- 2. candidates ---------------------------------------------------------------------------


def _allowed(key: str, cc: str | None) -> bool:
    if key in hard_stop():
        return False
    return cc is not None or key not in soft_stop()


def _candidates(g: Gazetteer, name: PlaceName, tier: str | None, cc: str | None,
                a1: str | None = None, enclosing: bool = False, allow: str | None = "=",
                alone: bool = False, towns: bool = True) -> list[Entry]:
    """The places a link may name: its keys (with and without an Arabic article), then, inside
    a known country, transliteration-insensitive keys, a fuzzy match and (for a division) a
    looser fuzzy match among the country's divisions; last, for a province, the division the
    name less a compass word names ("Shan-North"). ``allow`` is the country that lets a common word be a name (``cc`` unless
    given); ``alone``: the chain's only link (an admin1 written alone, "Galgaduud");
    ``towns``: False for no fuzzy match among the country's towns (a country only hinted)."""
    key = normalize_place_name(name.text)
    allow = cc if allow == "=" else allow
    if len(key.replace(" ", "")) < 2 or not (enclosing or _allowed(key, allow)):
        return []
    found = _named(g, key, cc)
    if not found and cc:
        found = g.loosely_named(key, cc) or (_fuzzy(g, key, cc, a1) if towns else [])
        if not found and (alone or tier in ("district", "province")):
            found = _fuzzy(g, key, cc, None, divisions=True)
    if not found and (tier == "province" or alone and tier is None) and _without_compass(name.text):
        # "Shan-North" is a half of Shan state (not "West Africa" a town "Africa", nor "Tonj
        # North" the town of Tonj): the whole division, when there is one
        bare = PlaceName(_without_compass(name.text), name.start, name.end, name.kind)
        return [e for e in _candidates(g, bare, tier, cc, a1, enclosing, allow, alone, towns)
                if not e.is_town]
    return _fit_tier(found, tier)


def _named(g: Gazetteer, key: str, cc: str | None) -> list[Entry]:
    for variant in article_variants(key):
        found = g.named(variant, cc)
        if found:
            return found
    return []


def _fuzzy(g: Gazetteer, key: str, cc: str, a1: str | None, divisions: bool = False) -> list[Entry]:
    """The closest names inside a country (or one admin1 of it, or among its divisions, a
    pool of a few dozen names, with the looser cut-off)."""
    from rapidfuzz import fuzz, process

    pool = g.divisions_in(cc) if divisions else g.names_in(cc, a1)
    if not pool:
        return []
    query = key.replace(" ", "")
    best = process.extract(query, [k for k, _ in pool], scorer=fuzz.ratio, limit=5,
                           score_cutoff=FUZZY_IN_DIVISION if a1 or divisions else FUZZY_IN_COUNTRY)
    if not best:
        return []
    top = best[0][1]
    return [pool[i][1] for _, score, i in best if score == top]


def _fit_tier(found: list[Entry], tier: str | None) -> list[Entry]:
    """Keep the places of the tier the unit word names, when there are any."""
    if tier in ("town", "part"):
        towns = [e for e in found if e.is_town]
        return towns or found
    if tier == "district":
        return ([e for e in found if e.kind == "admin2"] or [e for e in found if not e.is_town]
                or found)
    if tier == "province":
        first = [e for e in found if e.kind == "admin1" or e.kind == "region" and e.a1]
        if first:
            return first
        # a province may be GeoNames' admin2 (the Philippines' Basilan), beside a curated
        # region tied to no admin1: the admin2s of that region's country
        untied = [e for e in found if e.kind == "region"]
        ccs = {e.cc for e in untied} or {e.cc for e in found}
        return (untied + [e for e in found if e.kind == "admin2" and e.cc in ccs]) or found
    return found


# --- 3. joint choice ----------------------------------------------------------------------


def _encloses(outer: Entry, inner: Entry) -> bool:
    if outer.cc != inner.cc or outer.ident == inner.ident:
        return False
    if outer.kind in ("admin1", "region"):
        return outer.a1 is not None and outer.a1 == inner.a1 and inner.kind not in ("admin1",)
    if outer.kind == "admin2":
        return (inner.kind == "town" and outer.a1 == inner.a1 and outer.a2 == inner.a2
                and outer.a2 is not None)
    if outer.is_town and inner.is_town and None not in (outer.lat, inner.lat):
        return km(outer.lat, outer.lon, inner.lat, inner.lon) <= TOWN_REACH_KM
    return False


def _weight(e: Entry) -> float:
    return (e.pop + 1) * (1.0 if e.main else ALTERNATE_WEIGHT)


def _outer(later: list[_Link]) -> _Link | None:
    """The outermost link found (not a stop word): the most telling of a chain."""
    return next((x for x in reversed(later) if x.found and not x.weak), None)


def _tier_fit(e: Entry, tier: str | None) -> int:
    """2 when ``e`` is of the tier the link's unit word or position names, 1 a division of
    another level, 0 a town where a division is named (or the reverse)."""
    if tier is None:
        return 2
    if tier in ("town", "part"):
        return 2 if e.is_town else 0
    if e.is_town:
        return 0
    best = {"district": ("admin2",), "province": ("admin1", "region")}.get(tier)
    return 2 if best is None or e.kind in best else 1


def _score(e: Entry, later: list[_Link], code: str | None, hint: str | None,
           context: set[str], tier: str | None) -> tuple:
    outer = _outer(later)
    in_outer = outer is None or any(_encloses(o, e) for o in outer.found)
    outer_country = outer is None or any(o.cc == e.cc for o in outer.found)
    satisfied = sum(1 for link in later if any(_encloses(o, e) for o in link.found))
    tier_fit = _tier_fit(e, tier)
    seat = 0.0
    if tier is None and not e.is_town:
        seat = -1.0  # a bare name is the town when its own division holds one of that name
    return (in_outer, outer_country, satisfied, e.cc == code, e.cc == hint, e.cc in context,
            tier_fit, seat, e.main, math.log(_weight(e)))


def _choose(links: list[_Link], code: str | None, hint: str | None,
            context: set[str]) -> tuple[int, Entry] | None:
    """(index of the link resolved, its place): the most specific link with candidates that
    the later links do not rule out; a link whose every place lies outside them gives way
    ("La Rambla in Barcelona, Catalonia": not the town La Rambla in Cordoba)."""
    for i, link in enumerate(links):
        if not link.found:
            continue
        later = links[i + 1:]
        found = link.found
        if i > 0 and link.tier not in ("town", "part") and not all(
                _venue_like(links, k) for k in range(i)):
            found = [e for e in found if not e.is_town] or found  # it names a division
        if link.weak:
            continue
        tier = link.tier or link.expect
        ranked = sorted(found, key=lambda e: _score(e, later, code, hint, context, tier),
                        reverse=True)
        if not _score(ranked[0], later, code, hint, context, tier)[1]:
            continue  # only namesakes in other countries ("Boni (Douentza, Mopti)": not Bonn)
        fitting = [e for e in ranked if _fits(e, later)]
        if not fitting:
            link.gave_way = True
            continue
        best = _seat_rule(fitting, tier)
        link.matched = best
        for other in later:
            other.matched = next((o for o in other.found if _encloses(o, best)), None)
        return i, best
    return None


def _fits(e: Entry, later: list[_Link]) -> bool:
    """No later link rules ``e`` out: one of them (a stop word too) encloses it, is
    it, or may hold it (a town GeoNames puts in no district, inside the district's province);
    or the most specific of them lies within reach (admin codes and the text do not always
    agree); or no later link was found but stop words. A district is not ruled out by
    provinces alone (one moved to a new province: "Nduga, Papua")."""
    for x in later:
        for o in x.found:
            if o.ident == e.ident or _encloses(o, e):
                return True
            if o.cc == e.cc and o.kind == "admin2" and e.is_town and e.a2 is None and o.a1 == e.a1:
                return True
    telling = next((x for x in later if x.found and not x.weak), None)
    if telling is None or e.kind == "admin2" and all(o.kind in ("admin1", "region")
                                                     for o in telling.found):
        return True
    return any(o.cc == e.cc and _within_reach(o, e, telling.tier or telling.expect)
               for o in telling.found)


def _within_reach(o: Entry, e: Entry, tier: str | None = None) -> bool:
    """``e`` lies near the town ``o`` or inside the span of the division ``o``'s towns, grown
    by a margin ("Hyderabad, Andhra Pradesh": a town the index puts in Telangana since 2014);
    a town found for a link that names a division stands for its division ("Ras al-Ain,
    Al-Hasakeh": the governorate, known here only through its capital)."""
    if e.lat is None:
        return False
    if o.is_town and tier not in ("district", "province"):
        return o.lat is not None and km(o.lat, o.lon, e.lat, e.lon) <= TOWN_REACH_KM
    district = o.kind == "admin2" or o.is_town and tier == "district"
    box = gazetteer().extent(o.cc, o.a1, o.a2 if district else None)
    if box is None:
        return o.lat is not None and km(o.lat, o.lon, e.lat, e.lon) <= DIVISION_REACH_KM
    south, north, west, east = box
    margin = DIVISION_MARGIN_KM / 111.0
    wide = margin / max(0.2, math.cos(math.radians(e.lat)))
    return south - margin <= e.lat <= north + margin and west - wide <= e.lon <= east + wide


def _venue_like(links: list[_Link], k: int) -> bool:
    """Link ``k`` names a site, street or quarter inside the next link rather than a populated
    place of its own: a site word ("museum", "air base"), places only outside the later links,
    or a name not in the index (of no town unit word) written "X in Y" or "Y's X" ("the
    Minneapolis Police Department's Third Precinct station in Minneapolis")."""
    link = links[k]
    if link.tier == "site" or link.gave_way:
        return True
    join = links[k + 1].join if k + 1 < len(links) else ""
    return not link.found and link.tier != "town" and join in ("in", "'s")


def _seat_rule(ranked: list[Entry], tier: str | None) -> Entry:
    """A bare name of a division and its seat town: the town, when it is a sizeable part."""
    best = ranked[0]
    if tier is not None or best.is_town:
        return best
    for e in ranked[1:]:
        if e.is_town and e.cc == best.cc and e.a1 == best.a1 and (
                best.kind == "admin1" or e.a2 == best.a2) and e.pop >= SEAT_SHARE * best.pop:
            return e
    return best


# --- the public function --------------------------------------------------------------------


def resolve(chain: Chain | Sequence[str], *, country_hint: str | None = None,
            context_countries: Sequence[str] = ()) -> ResolvedPlace | None:
    """The place a chain names, resolved jointly (stages 1-5 of the module docstring), or
    None when neither a place nor a country of it is known."""
    table = countries()
    names, joins, near, distance = _as_names(chain)  # 1
    links, code = _links(names, joins)
    hint = table.hint_code(country_hint)
    context = {c for c in map(table.hint_code, context_countries) if c}
    g = gazetteer()
    for n, link in enumerate(links):  # 2
        link.weak = n > 0 and normalize_place_name(link.name.text) in hard_stop()
        tier, alone = link.tier or link.expect, len(links) == 1
        link.found = _candidates(g, link.name, tier, code, enclosing=n > 0, alone=alone)
        if not link.found and code is None and (
                n > 0 or tier in ("district", "province") or alone and tier is None):
            # a division's spelling variant ("Galgaduud", "Shan-North") inside the country the
            # text is about (loose keys, the divisions' names); a common word stays no name
            for cc in [hint] if hint else sorted(context) if len(context) == 1 else []:
                link.found = cc and _candidates(g, link.name, tier, cc, enclosing=n > 0,
                                                allow=None, alone=alone, towns=False) or []
                if link.found:
                    break
    part = _part(links)
    chosen = _choose(links, code, hint, context)  # 3
    if chosen is None:
        # only a country the chain names binds: a hint breaks ties, it never stands in for a
        # unit the text did not name (an unknown venue is not "somewhere in the hint country")
        return _country_only([x.name for x in links], code)
    if code is None:  # a province or district alone gives the country
        code = chosen[1].cc
    if chosen[0] > 0 and _refine(g, links[:chosen[0]], chosen[1]):  # 4
        chosen = _choose(links, code, hint, context) or chosen
    return _result(links, chosen, code, near, distance, part)  # 5


def _part(links: list[_Link]) -> PlaceName | None:
    """A first link that names a part of the next ("Mogadishu - Hodan", "the Daraj
    neighbourhood of Gaza City", "the Tawahi district of Aden"): taken out of the chain, the
    next is the place."""
    if len(links) < 2:
        return None
    first, nxt = links[0], links[1]
    of_town = (nxt.join == "of" and first.tier in ("site", "district") and nxt.tier in (None, "town")
               and any(e.is_town for e in nxt.found))
    if first.tier == "part" or of_town:
        links.pop(0)
        return first.name
    return None


def _refine(g: Gazetteer, links: list[_Link], enclosing: Entry) -> bool:
    """Look again for the more specific links inside the unit found (loose keys, fuzzy);
    True when one was found."""
    again = False
    for link in links:
        a1 = enclosing.a1 if not enclosing.is_town else None
        found = [e for e in _candidates(g, link.name, link.tier or link.expect, enclosing.cc, a1)
                 if _encloses(enclosing, e) or (e.a1 == enclosing.a1 and e.a1 is not None)]
        link.found, again = found, again or bool(found)
    return again


def _country_only(rest: list[PlaceName], code: str | None) -> ResolvedPlace | None:
    if code is None:
        return None
    c = countries().by_code[code]
    place = rest[0].text if rest else None
    return ResolvedPlace(place, c.name, code, None, None, c.latitude, c.longitude, "country", 3,
                         c.geonameid)


# --- 5. the result -------------------------------------------------------------------------


def _result(links: list[_Link], chosen: tuple[int, Entry], code: str, near: bool,
            distance: float | None, part: PlaceName | None) -> ResolvedPlace:
    g = gazetteer()
    i, entry = chosen
    named = _admin_names(links, entry, i)
    admin1 = named.get("admin1") or _division_name(g, entry, "admin1")
    admin2 = named.get("admin2") or (part.text if part else None) or _division_name(g, entry, "admin2")
    point = entry if entry.lat is not None else _with_point(g, entry)
    precision = PRECISION.get(point.kind, "country") if point is not None else "country"
    if point is None:
        c = countries().by_code[code]
        lat, lon = c.latitude, c.longitude
    else:
        lat, lon = point.lat, point.lon
    geo = GEO_PRECISION[precision]
    far = distance is not None and distance >= FAR_KM
    via_near = any(x.join == "near" for x in links[1:i + 1])  # "Sincina, near Koutiala"
    # a site, street or quarter inside the town found: the town is the place, the site the venue
    inside = i > 0 and all(_venue_like(links, k) for k in range(i))
    in_town = inside and entry.is_town
    if precision == "town" and (near or (i > 0 and not in_town) or far):
        geo = 2
    if far and (i == 0 or via_near) and (near or via_near):
        lat = lon = None
    place = links[i].name.text if in_town else links[0].name.text
    venue = links[0].name.text if inside and links[0].name.text != place else None
    if in_town and links[0].tier != "site" and not links[0].gave_way:
        venue = links[0].name.text  # "Dasht-e-Barchi in Kabul": a quarter, kept as the venue
    return ResolvedPlace(place, countries().name(code), code, admin1, admin2, lat, lon,
                         precision, geo, entry.gid if point is entry else None, venue)


def _admin_names(links: list[_Link], entry: Entry, chosen: int = 0) -> dict[str, str]:
    """admin1/admin2 in the text's spelling: the links matched to the entry's units, else by
    position as ACLED writes them ("X (A, B)": A the admin2, B the admin1); a venue before
    the town found is neither."""
    out: dict[str, str] = {}
    rest = []
    for n, link in enumerate(links):
        m = link.matched
        kind = None if m is None else ("admin1" if m.kind == "region" else m.kind)
        if n <= chosen and (m is entry and kind == "town" or n < chosen and entry.is_town
                            and _venue_like(links, n)):
            continue
        if kind in ("admin1", "admin2") and kind not in out:
            out[kind] = link.name.text
        elif n > 0:
            rest.append(link.name.text)
    for kind in ("admin1", "admin2"):
        if kind not in out and rest:
            out[kind] = rest.pop()
    return out


def _division_name(g: Gazetteer, entry: Entry, kind: str) -> str | None:
    if kind == "admin2" and entry.kind in ("admin1", "region"):
        return None
    d = g.division(entry.cc, entry.a1, entry.a2 if kind == "admin2" else None)
    return d.name if d is not None else None


def _with_point(g: Gazetteer, entry: Entry) -> Entry | None:
    """The smallest unit enclosing ``entry`` that has a point."""
    for a2 in (entry.a2, None):
        if entry.kind in ("admin1", "region") and a2 is not None:
            continue
        d = g.division(entry.cc, entry.a1, a2)
        if d is not None and d.lat is not None:
            return d
    return None
