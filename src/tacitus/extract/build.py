"""From a cluster of frames and its coding to an ``Event``: the date of the lead, the most
precise place named, the tolls combined by the casualty conventions, the actors by role, the
evidence of every field."""

from __future__ import annotations

from dataclasses import replace

from ..geo import country_by_code, resolve
from ..lang import pack
from ..models import Event, Evidence
from .actors import ActorIndex, demonym_country
from .classify import Coding
from .confidence import confidence
from .merge import Cluster
from .slots.casualties import combine
from .slots.place import PRECISION_ORDER, PlaceHit

def _demonym_country(c: Cluster, weapons: frozenset[str]) -> str | None:
    """A nationality word in the event's own sentences ("a Russian soldier secures..."), not
    one naming the attackers' weapon ("a Russian missile hit")."""
    for f in c.frames:
        for tok in f.sentence.span:
            if not tok.text[:1].isupper() or tok.ent_type_ == "ARMED_GROUP" or tok.head.lower_ in weapons:
                continue
            found = demonym_country(tok.text)
            if found and found[0] and not found[1] and country_by_code(found[0]) is not None:
                return found[0]
    return None


def _finest(hits: list[PlaceHit]) -> PlaceHit:
    return min(hits, key=lambda h: (PRECISION_ORDER.get(h.precision, 9), h.start))


def place_of(c: Cluster, article_countries: list[str], hint: str | None) -> tuple[PlaceHit | None, str | None]:
    """(the event's place, its ISO country). The location phrase of the earliest sentence that
    names a place below the country gives the place, its finest link or venue; a country named
    alone comes next, the wire dateline last; without any, a nationality word in the event's
    sentences or the one country the text names gives the country."""
    frames = sorted(c.frames, key=lambda f: f.index)
    for level in (lambda h: h.precision != "country", lambda h: True):
        for f in frames:
            hits = [h for h in f.places if not h.dateline and h.resolved is not None and level(h)]
            if hits:
                best = _finest(hits)
                return best, best.country_code
    datelines = [h for f in frames for h in f.places if h.dateline and h.resolved is not None]
    if datelines:
        return datelines[0], datelines[0].country_code
    # no place: the one country the text places things in, a nationality word of the event's
    # own sentences, the text's country
    weapons = frozenset(pack().map("weapons"))
    code = (article_countries[0] if len(article_countries) == 1 else None) or _demonym_country(c, weapons) or hint
    venue = next((h for f in frames for h in f.places if h.precision == "venue"), None)
    if venue is not None:
        # a venue no gazetteer town locates: named, but its point is the country's
        country = resolve([country_by_code(code).country]) if code and country_by_code(code) else None
        return PlaceHit(venue.name, country, "country" if country else "unknown", venue.start, venue.end), code
    return None, code


def build_event(key: str, c: Cluster, coding: Coding, index: ActorIndex, article_id: str,
                place: PlaceHit | None, country_code: str | None) -> Event:
    country_place = country_by_code(country_code) if country_code else None
    country = country_place.country if country_place else None
    where = place.resolved if place is not None else None
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
    told = c.told()
    precision = place.precision if place is not None else ("country" if country else "unknown")
    return Event(
        key=key, type=coding.gtd_type,
        date=date.value if date else None, date_end=date.end if date else None,
        date_precision=date.precision if date else "unknown",
        country=country, place=place.name if place is not None else country, place_precision=precision,
        latitude=where.latitude if where else None, longitude=where.longitude if where else None,
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
        confidence=confidence(dated=date is not None, placed=place is not None, hurt=tolls.killed is not None or
                              tolls.injured is not None, perpetrator=bool(perps),
                              weapon=any(f.weapons for f in c.frames), mentions=len(told),
                              weak_only=all(h.weak for f in told for h in f.hits)),
        acled_event_type=coding.event_type, acled_sub_event_type=coding.sub_event_label,
        disorder_type=coding.disorder_type, actor1=coding.actor1, assoc_actor1=coding.assoc_actor1,
        actor2=coding.actor2, assoc_actor2=coding.assoc_actor2, inter1=coding.inter1, inter2=coding.inter2,
        interaction=coding.interaction,
        admin1=where.admin1 if where else None, admin2=where.admin2 if where else None,
        geo_precision=where.geo_precision if where else (3 if country else None),
    )


def article_countries(frames) -> list[str]:
    return sorted({c for f in frames for c in f.countries})


__all__ = ["build_event", "place_of", "article_countries"]
