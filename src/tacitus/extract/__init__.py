"""extract: annotated article -> events, actors, relations and claims with evidence."""

from __future__ import annotations

from ..annotate import AnnotatedArticle
from ..models import Extraction
from .actors import find_actors
from .claims import find_claims
from .events import find_events
from .relations import find_relations
from .roles import fill_roles


def extract(annotated: AnnotatedArticle, use_roles: bool = True) -> Extraction:
    index = find_actors(annotated)
    events = fill_roles(annotated, index, find_events(annotated, index)) if use_roles else \
        find_events(annotated, index)
    claims = find_claims(annotated, index, events)
    relations = find_relations(annotated, index, events, claims)
    used = {k for e in events for k in (*e.perpetrators, *e.claimed_by, *e.suspects)}
    used |= {r.source for r in relations} | {r.target for r in relations if r.target_kind == "actor"}
    used |= {c.speaker_key for c in claims if c.speaker_key}
    actors = tuple(a for a in index.records() if a.key in used or a.kind in ("armed_group", "person", "state_force"))
    return Extraction(annotated.article, events, actors, relations, claims)
