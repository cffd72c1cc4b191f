"""Pair scoring for cross-article event resolution: is event A (from one article) the same
real incident as event B (from another)?

The score is a sum of log-odds weights in the style of Fellegi and Sunter: each comparison
(date, place, type, actors, tolls, weapons, words, and sentence vectors when an encoder is
available) adds evidence for or against, a missing value adds nothing, and the sum goes
through the logistic function. Every weight is a named constant below, so a reviewer can
read why two events were merged: ``PairScore.features`` keeps each contribution.

The weights were set by hand from what a coder knows about repeated reporting (tolls rise
over days, places move between venue, city and region, attribution arrives late) and checked
on the hand-made cases of ``tests/test_resolve.py``; the figures on the team's resolution
test set are in BENCHMARKS.md ("Resolution"). They were not fitted to that set.
"""

from __future__ import annotations

import csv
import math
import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from ..lang import pack

# --- blocking ----------------------------------------------------------------------------

DATE_WINDOW_DAYS = 3  # day-precise events further apart than this are never compared
MAX_SPAN_DAYS = 31  # events whose date spans more (a year, a long range) are not resolved
UNDATED_LOOKBACK_DAYS = 10  # an undated event is taken to lie in the 10 days before publication

# --- decision thresholds (probabilities) ---------------------------------------------------

AUTO_MERGE = 0.80  # at or above: merged without asking
REVIEW = 0.35  # at or above (and below AUTO_MERGE): proposed to the analyst
# an event matching two incidents merges with the better only when it is clearly better
# (log-odds ahead by this much); otherwise both go to review
AMBIGUITY_GAP = 1.5

PRIOR = -1.0  # log-odds that two events in one block are the same before any comparison

# --- weights (log-odds) ----------------------------------------------------------------------

W_SAME_DAY = 2.0
W_NEXT_DAY = 0.8  # "late on Friday" vs "Saturday", dateline vs local time
W_TWO_DAYS = -0.5
W_FAR_DAYS = -2.0
W_UNDATED_NEAR = 0.5  # no date given, but the other's date lies in the days before publication

W_PLACE_NEAR = ((3.0, 1.5), (15.0, 1.0), (40.0, 0.3), (100.0, -1.0))  # (km at most, weight)
W_PLACE_FAR = -4.5  # two precise places more than 100 km apart: outweighs day, type and toll
W_REGION_INSIDE = 0.3  # a region (or a city inside it) within REGION_KM of the other
W_REGION_OUTSIDE = -1.0
REGION_KM = 400.0
W_SAME_NAME = 1.0  # same place name, no coordinates to compare
W_VENUE_SAME = 0.5  # both venues, names sharing most words
W_VENUE_OTHER = -0.7  # both venues, no word in common ("market" vs "mosque")

W_TYPE_SAME = 0.8
W_TYPE_COMPATIBLE = 0.0
W_TYPE_CONFLICT = -1.2

W_ACTOR_SAME = 1.5
W_ACTOR_AFFILIATE = 0.5
W_ACTOR_CONFLICT = -1.2

W_TOLL_CLOSE = 1.0  # ratio of the two tolls at least 0.8
W_TOLL_OVERLAP = 0.8  # a closed range holds the other figure
W_TOLL_NEAR = 0.4  # ratio at least 0.5
W_TOLL_RISING = 0.0  # the later report is higher, ratio at least 0.15: tolls rise
W_TOLL_BOTH_ZERO = 0.3
W_TOLL_CONFLICT = -1.5
INJURED_FACTOR = 0.5  # injured counts weigh half as much as deaths

W_WEAPONS_SHARED = 0.4
W_WEAPONS_DISJOINT = -0.3

W_WORDS = ((0.4, 0.8), (0.2, 0.3))  # (Jaccard at least, weight) over summary content words
W_WORDS_NONE = -0.3

# cosine of MiniLM sentence vectors: two reports of one attack score ~0.6, two attacks of a
# kind in one country ~0.5 (measured on the bundled samples), so the vector is a weak feature
W_VECTOR = ((0.75, 1.2), (0.6, 0.6), (0.45, 0.0), (0.3, -0.3))
W_VECTOR_LOW = -0.8

TYPE_GROUPS: tuple[frozenset[str], ...] = (
    frozenset({"armed_assault", "assassination"}),
    frozenset({"armed_assault", "bombing"}),  # complex attacks: gunmen and suicide bombers
    frozenset({"armed_assault", "arson"}),
    frozenset({"armed_assault", "kidnapping"}),  # hostage sieges
    frozenset({"armed_assault", "unarmed_assault"}),
    frozenset({"armed_assault", "hijacking"}),
    frozenset({"bombing", "assassination"}),
    frozenset({"bombing", "infrastructure_attack"}),
    frozenset({"arson", "infrastructure_attack"}),
    frozenset({"kidnapping", "hijacking"}),
)
PRECISE_PLACES = frozenset({"venue", "town", "city"})  # "city": older records' word for town

_STOP = pack().words("summary_stop_words")  # lang/<code>/resolve.yaml
_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class EventRecord:
    """What resolution needs to know about one stored event."""

    id: int
    ref: str  # "article_id#key", stable across re-extraction
    article: str
    type: str = "unknown"
    date: str | None = None
    date_end: str | None = None
    date_precision: str = "unknown"
    country: str | None = None
    place: str | None = None
    place_precision: str = "unknown"
    latitude: float | None = None
    longitude: float | None = None
    killed_min: int | None = None
    killed_max: int | None = None
    injured_min: int | None = None
    injured_max: int | None = None
    actors: frozenset[str] = frozenset()  # canonical keys of perpetrators and claimants
    weapons: frozenset[str] = frozenset()
    summary: str = ""
    aggregate: bool = False
    published: str | None = None  # ISO date of the article
    publisher: str | None = None
    confidence: float = 0.5
    vector: Sequence[float] | None = field(default=None, compare=False, repr=False)  # unit length


@dataclass(frozen=True)
class PairScore:
    probability: float
    features: dict[str, float]  # contribution of each comparison, in log-odds

    @property
    def log_odds(self) -> float:
        return PRIOR + sum(self.features.values())


# --- dates ---------------------------------------------------------------------------------


@lru_cache(maxsize=65536)
def _parse(value: str | None) -> tuple[date, date] | None:
    """First and last day a YYYY[-MM[-DD]] string covers."""
    if not value:
        return None
    try:
        parts = [int(p) for p in value[:10].split("-")]
        if len(parts) == 3:
            d = date(*parts)
            return d, d
        if len(parts) == 2:
            first = date(parts[0], parts[1], 1)
            nxt = date(parts[0] + (parts[1] == 12), parts[1] % 12 + 1, 1)
            return first, nxt - timedelta(days=1)
        return date(parts[0], 1, 1), date(parts[0], 12, 31)
    except (ValueError, TypeError):
        return None


def day_span(rec: EventRecord) -> tuple[int, int, bool] | None:
    """(first day, last day, dated) as ordinals, or None when the event cannot be blocked.

    A precise date (day, month, short range) gives its own span; an event without a date
    gets the days before its article's publication (``dated`` False), since news reports
    recent attacks; a year or a long range is too vague to compare."""
    start = _parse(rec.date)
    if start is not None:
        end = _parse(rec.date_end) if rec.date_end else start
        lo, hi = start[0], (end or start)[1]
        if (hi - lo).days <= MAX_SPAN_DAYS:
            return lo.toordinal(), hi.toordinal(), True
        return None
    pub = _parse(rec.published)
    if pub is None or rec.date_precision not in ("unknown", None):
        return None
    return pub[0].toordinal() - UNDATED_LOOKBACK_DAYS, pub[0].toordinal(), False


def block_key(rec: EventRecord) -> tuple[str, int, int] | None:
    """(folded country, first day, last day): events are compared only within a country and
    a date window. An event whose country the text does not give ("" here) is compared with
    every country, if it is dated. Aggregates ("attacks in four countries") are never blocked."""
    if rec.aggregate:
        return None
    span = day_span(rec)
    if span is None or (not rec.country and not span[2]):
        return None
    return fold(rec.country or ""), span[0], span[1]


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip()


# --- comparisons -----------------------------------------------------------------------------


def _date_weight(a: EventRecord, b: EventRecord) -> float | None:
    sa, sb = day_span(a), day_span(b)
    if sa is None or sb is None:
        return None
    if not (sa[2] and sb[2]):
        # one report gives no date: count it only when the other's date falls in the days
        # before that report was published
        overlap = sa[0] <= sb[1] and sb[0] <= sa[1]
        return W_UNDATED_NEAR if overlap and (sa[2] or sb[2]) else None
    if a.date_precision == "day" and b.date_precision == "day" and not a.date_end and not b.date_end:
        gap = abs(sa[0] - sb[0])
        if gap == 0:
            return W_SAME_DAY
        if gap == 1:
            return W_NEXT_DAY
        return W_TWO_DAYS if gap == 2 else W_FAR_DAYS
    overlap = sa[0] <= sb[1] and sb[0] <= sa[1]
    return 0.0 if overlap else W_FAR_DAYS


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


@lru_cache(maxsize=65536)
def words(text: str | None) -> frozenset[str]:
    """Content words of a text, folded (cached: summaries are compared many times)."""
    return frozenset(w for w in _WORD.findall(fold(text or "")) if w not in _STOP and len(w) > 1)


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


@lru_cache(maxsize=1)
def _country_points() -> frozenset[tuple[float, float]]:
    from ..geo import CENTROIDS_FILE

    with CENTROIDS_FILE.open(newline="", encoding="utf-8") as fh:
        return frozenset((round(float(r["lat"]), 2), round(float(r["lon"]), 2)) for r in csv.DictReader(fh))


def country_point(lat: float | None, lon: float | None) -> bool:
    """Whether coordinates are a country's representative point: a venue the geocoder could
    not place gets its country's point, which says nothing about where in the country."""
    return lat is not None and lon is not None and (round(lat, 2), round(lon, 2)) in _country_points()


def _place_weight(a: EventRecord, b: EventRecord) -> float | None:
    if "country" in (a.place_precision, b.place_precision):
        return None
    weight: float | None = None
    has_coords = None not in (a.latitude, a.longitude, b.latitude, b.longitude) and not (
        country_point(a.latitude, a.longitude) or country_point(b.latitude, b.longitude))
    if has_coords:
        d = km(a.latitude, a.longitude, b.latitude, b.longitude)  # type: ignore[arg-type]
        if a.place_precision in PRECISE_PLACES and b.place_precision in PRECISE_PLACES:
            weight = next((w for limit, w in W_PLACE_NEAR if d <= limit), W_PLACE_FAR)
        elif "unknown" not in (a.place_precision, b.place_precision):
            weight = W_REGION_INSIDE if d <= REGION_KM else W_REGION_OUTSIDE
    elif a.place and b.place and fold(a.place) == fold(b.place):
        weight = W_SAME_NAME
    if a.place_precision == "venue" and b.place_precision == "venue":
        shared = _jaccard(words(a.place), words(b.place))
        venue = W_VENUE_SAME if shared >= 0.5 else W_VENUE_OTHER if shared == 0 else 0.0
        weight = (weight or 0.0) + venue
    return weight


def _type_weight(a: EventRecord, b: EventRecord) -> float | None:
    if "unknown" in (a.type, b.type):
        return None
    if a.type == b.type:
        return W_TYPE_SAME
    return W_TYPE_COMPATIBLE if frozenset({a.type, b.type}) in TYPE_GROUPS else W_TYPE_CONFLICT


def _actor_weight(a: EventRecord, b: EventRecord, affiliates: dict[str, frozenset[str]]) -> float | None:
    if not a.actors or not b.actors:
        return None
    if a.actors & b.actors:
        return W_ACTOR_SAME
    family_a = set(a.actors).union(*(affiliates.get(k, frozenset()) for k in a.actors))
    family_b = set(b.actors).union(*(affiliates.get(k, frozenset()) for k in b.actors))
    # one side names the other's parent group ("al-Shabaab" and "al-Qaeda"); siblings
    # under one parent are different actors
    related = (a.actors & family_b) or (b.actors & family_a)
    return W_ACTOR_AFFILIATE if related else W_ACTOR_CONFLICT


def _toll_weight(
    lo_a: int | None, hi_a: int | None, lo_b: int | None, hi_b: int | None, a_later: bool | None
) -> float | None:
    """Compare two casualty ranges (``hi`` None: "at least lo")."""
    va = lo_a if lo_a is not None else hi_a
    vb = lo_b if lo_b is not None else hi_b
    if va is None or vb is None:
        return None
    if va == 0 and vb == 0:
        return W_TOLL_BOTH_ZERO
    small, large = sorted((va, vb))
    ratio = small / large if large else 0.0
    if ratio >= 0.8:
        return W_TOLL_CLOSE
    # a closed range holding the other's figure ("between 20 and 30" and "28")
    if (hi_a is not None and va <= vb <= hi_a) or (hi_b is not None and vb <= va <= hi_b):
        return W_TOLL_OVERLAP
    if ratio >= 0.5:
        return W_TOLL_NEAR
    # tolls rise: the later report is the higher, or the lower one said "at least"
    rising = a_later is not None and ((vb > va) != a_later)
    open_low = (hi_a is None and va < vb) or (hi_b is None and vb < va)
    if (rising or open_low) and ratio >= 0.15:
        return W_TOLL_RISING
    return W_TOLL_CONFLICT


def _later(a: EventRecord, b: EventRecord) -> bool | None:
    """Whether a's article was published after b's (None when unknown or the same day)."""
    if not a.published or not b.published or a.published == b.published:
        return None
    return a.published > b.published


def _weapons_weight(a: EventRecord, b: EventRecord) -> float | None:
    if not a.weapons or not b.weapons:
        return None
    wa = set().union(*(words(w) for w in a.weapons))
    wb = set().union(*(words(w) for w in b.weapons))
    if wa & wb:
        return W_WEAPONS_SHARED
    return W_WEAPONS_DISJOINT


def _words_weight(a: EventRecord, b: EventRecord) -> float | None:
    wa, wb = words(a.summary), words(b.summary)
    if not wa or not wb:
        return None
    j = _jaccard(wa, wb)
    return next((w for limit, w in W_WORDS if j >= limit), W_WORDS_NONE if j == 0 else 0.0)


def cosine(u: Sequence[float], v: Sequence[float]) -> float:
    a, b = np.asarray(u, dtype=np.float32), np.asarray(v, dtype=np.float32)
    nu, nv = float(np.linalg.norm(a)), float(np.linalg.norm(b))
    return float(np.dot(a, b)) / (nu * nv) if nu and nv else 0.0


def _vector_weight(a: EventRecord, b: EventRecord) -> float | None:
    if a.vector is None or b.vector is None:
        return None
    c = cosine(a.vector, b.vector)
    return next((w for limit, w in W_VECTOR if c >= limit), W_VECTOR_LOW)


_PLACE_RANK = {"venue": 5, "town": 4, "city": 4, "district": 3, "province": 2, "region": 2, "country": 1,
               "unknown": 0}  # "city" and "region": older records' words for town and province
_DATE_RANK = {"day": 4, "range": 3, "month": 2, "year": 1, "unknown": 0}


def composite(members: list[EventRecord]) -> EventRecord:
    """One record standing for an incident, to score a new event against: the most precise
    date and place its reports give (a vote among equals), the latest report's tolls, every
    actor and weapon named. Scoring against this, not against the best member, stops an
    imprecise report ("January", "Turkey") from pulling unrelated attacks in."""
    # ties are broken by the stable reference, never by the row id (which follows the order
    # articles happened to be stored in)
    by_date = sorted(members, key=lambda m: (-_DATE_RANK.get(m.date_precision, 0), m.ref))
    top = [m for m in by_date if m.date_precision == by_date[0].date_precision]
    date_of = min(top, key=lambda m: (-sum(o.date == m.date for o in top), m.ref))
    by_place = sorted(members, key=lambda m: (-_PLACE_RANK.get(m.place_precision, 0), m.ref))
    ptop = [m for m in by_place if m.place_precision == by_place[0].place_precision]
    place_of = min(ptop, key=lambda m: (-sum(fold(o.place or "") == fold(m.place or "") for o in ptop), m.ref))
    types = sorted(m.type for m in members if m.type != "unknown")
    toll = max((m for m in members if m.killed_min is not None or m.killed_max is not None),
               key=lambda m: (m.published or "", m.ref), default=None)
    hurt = max((m for m in members if m.injured_min is not None or m.injured_max is not None),
               key=lambda m: (m.published or "", m.ref), default=None)
    latest = max(members, key=lambda m: (m.published or "", m.ref))
    return EventRecord(
        id=-1, ref="", article="", type=max(sorted(set(types)), key=types.count) if types else "unknown",
        date=date_of.date, date_end=date_of.date_end, date_precision=date_of.date_precision,
        country=place_of.country or date_of.country, place=place_of.place,
        place_precision=place_of.place_precision, latitude=place_of.latitude, longitude=place_of.longitude,
        killed_min=toll.killed_min if toll else None, killed_max=toll.killed_max if toll else None,
        injured_min=hurt.injured_min if hurt else None, injured_max=hurt.injured_max if hurt else None,
        actors=frozenset().union(*(m.actors for m in members)),
        weapons=frozenset().union(*(m.weapons for m in members)),
        summary=latest.summary, published=(toll or latest).published, publisher=latest.publisher,
    )


def score_incident(
    a: EventRecord, members: list[EventRecord], affiliates: dict[str, frozenset[str]] | None = None
) -> tuple[PairScore, EventRecord]:
    """Score ``a`` against an incident: its ``composite`` for the facts, its best-matching
    member for the words and the sentence vector. Returns the score and that member."""
    if len(members) == 1:
        return score(a, members[0], affiliates), members[0]
    best = min(members, key=lambda m: (-_text_weight(a, m), m.ref))
    rep = replace(composite(members), summary=best.summary, vector=best.vector)
    return score(a, rep, affiliates), best


def _text_weight(a: EventRecord, b: EventRecord) -> float:
    return (_words_weight(a, b) or 0.0) + (_vector_weight(a, b) or 0.0)


def score(
    a: EventRecord, b: EventRecord, affiliates: dict[str, frozenset[str]] | None = None
) -> PairScore:
    """How likely ``a`` and ``b`` report the same incident, with the reasons."""
    affiliates = affiliates or {}
    later = _later(a, b)
    found = {
        "date": _date_weight(a, b),
        "place": _place_weight(a, b),
        "type": _type_weight(a, b),
        "actors": _actor_weight(a, b, affiliates),
        "killed": _toll_weight(a.killed_min, a.killed_max, b.killed_min, b.killed_max, later),
        "injured": _toll_weight(a.injured_min, a.injured_max, b.injured_min, b.injured_max, later),
        "weapons": _weapons_weight(a, b),
        "words": _words_weight(a, b),
        "vector": _vector_weight(a, b),
    }
    if found["injured"] is not None:
        found["injured"] *= INJURED_FACTOR
    features = {k: round(v, 3) for k, v in found.items() if v is not None}
    log_odds = PRIOR + sum(features.values())
    return PairScore(1.0 / (1.0 + math.exp(-log_odds)), features)
