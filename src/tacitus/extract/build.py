"""From a cluster of frames and its coding to an ``Event``: the date of the lead, the most
precise place named, the tolls combined by the casualty conventions, the actors by role, the
evidence of every field."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from ..geo import Place, country_by_code, country_by_name
from ..models import LEGACY_PLACE_PRECISIONS, Event, Evidence
from .actors import ActorIndex, demonym_country
from .classify import Coding
from .confidence import confidence
from .merge import Cluster
from .slots.casualties import combine

PRECISION_ORDER = {"venue": 0, "city": 1, "region": 2, "country": 3}
# ACLED geo-precision by tacitus place precision
GEO_PRECISION = {"venue": 1, "town": 1, "district": 2, "province": 3, "country": 3}


def _demonym_place(c: Cluster) -> Place | None:
    """A nationality word in the event's own sentences ("a Russian soldier secures...")."""
    for f in c.frames:
        for tok in f.sentence.span:
            if not tok.text[:1].isupper() or tok.ent_type_ == "ARMED_GROUP":
                continue
            found = demonym_country(tok.text)
            if found and found[0] and not found[1]:
                place = country_by_code(found[0])
                if place is not None:
                    return place
    return None


def place_of(c: Cluster, article_countries: list[str]) -> tuple[str | None, str, Place | None, str | None]:
    """(place name, precision, geocoded place for coordinates, ISO country)."""
    places = [p for f in c.frames for p in f.places]
    counts = Counter(p.name for p in places)
    # the most precise level first; within it the place named most often, then the first named
    places.sort(key=lambda p: (PRECISION_ORDER.get(p.precision, 9), -counts[p.name]))
    coded = [p for p in places if p.place is not None]
    country = coded[0].place.country_code if coded else None
    anchor = coded[0].place if coded else None
    if country is None:
        anchor = _demonym_place(c)
        if anchor is None and len(article_countries) == 1:
            anchor = country_by_code(article_countries[0])
        country = anchor.country_code if anchor else None
    if not places:
        return (anchor.country if anchor else None), ("country" if anchor else "unknown"), anchor, country
    best = places[0]
    name, precision = best.name, best.precision
    same = [p for p in coded if p.place.country_code == country] or coded
    if precision == "venue":
        city = next((p for p in same if p.precision in ("city", "region")), None)
        if city is not None:
            name = f"{name}, {city.name}"
        # a venue sits at the town that holds it, not at a country centre called a venue
        precision = "venue" if city is not None and city.precision == "city" else (city.precision if city else "venue")
    return name, precision, (same[0].place if same else anchor), country


def build_event(key: str, c: Cluster, coding: Coding, index: ActorIndex, article_id: str,
                article_countries: list[str]) -> Event:
    name, precision, place, country_code = place_of(c, article_countries)
    country = country_by_code(country_code).country if country_code and country_by_code(country_code) else None
    tolls = combine([t for f in c.frames for t in f.tolls])
    claimed = list(dict.fromkeys(k for f in c.frames for k in f.sides.claimed_by))
    suspects = list(dict.fromkeys(k for f in c.frames for k in f.sides.suspects))
    groups = [k for k in suspects if index.kind(k) == "armed_group"]
    # GTD codes a suspected group as the perpetrator (with its doubt noted)
    perps = list(dict.fromkeys([*claimed, *coding.perpetrators, *groups]))
    suspects = [k for k in suspects if k not in perps or k in groups]
    date = c.date()
    evidence: list[Evidence] = []
    for f in c.frames:
        evidence += f.evidence()
    evidence = [replace(e, article_id=article_id) for e in dict.fromkeys(evidence)]
    new_precision = LEGACY_PLACE_PRECISIONS.get(precision, precision) if name else "unknown"
    told = c.told()
    return Event(
        key=key, type=coding.gtd_type,
        date=date.value if date else None, date_end=date.end if date else None,
        date_precision=date.precision if date else "unknown",
        country=country, place=name, place_precision=new_precision,
        latitude=place.latitude if place else None, longitude=place.longitude if place else None,
        killed_min=tolls.killed[0] if tolls.killed else None, killed_max=tolls.killed[1] if tolls.killed else None,
        injured_min=tolls.injured[0] if tolls.injured else None,
        injured_max=tolls.injured[1] if tolls.injured else None,
        perpetrators=tuple(perps), claimed_by=tuple(claimed), suspects=tuple(suspects),
        targets=tuple(dict.fromkeys(t for f in c.frames for t in f.harmed.targets)),
        victims=tuple(dict.fromkeys(v for f in c.frames for v in f.harmed.victims)),
        weapons=tuple(dict.fromkeys(w.word for f in c.frames for w in f.weapons)),
        aggregate=c.aggregate,
        summary=(told[0] if told else c.frames[0]).sentence.text.strip()[:300],
        evidence=tuple(evidence),
        confidence=confidence(dated=date is not None, placed=bool(name), hurt=tolls.killed is not None or
                              tolls.injured is not None, perpetrator=bool(perps),
                              weapon=any(f.weapons for f in c.frames), mentions=len(told),
                              weak_only=all(h.weak for f in told for h in f.hits)),
        acled_event_type=coding.event_type, acled_sub_event_type=coding.sub_event_label,
        disorder_type=coding.disorder_type, actor1=coding.actor1, assoc_actor1=coding.assoc_actor1,
        actor2=coding.actor2, assoc_actor2=coding.assoc_actor2, inter1=coding.inter1, inter2=coding.inter2,
        interaction=coding.interaction,
        admin1=place.admin1 if place is not None and place.precision != "country" else None,
        geo_precision=GEO_PRECISION.get(new_precision),
    )


def article_countries(frames) -> list[str]:
    return sorted({c for f in frames for c in f.countries})


__all__ = ["build_event", "place_of", "article_countries", "country_by_name"]
