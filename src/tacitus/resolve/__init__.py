"""resolve: from per-article records to a record of incidents and actors.

``resolve_article(store, article_id)`` runs after ``Store.save`` has stored an article, in
one transaction:

1. actors: the article's actors are linked to canonical actors (``resolve.actors``);
2. corrections an analyst made to this article's events before (it was re-extracted) are
   applied again (``resolve.review``);
3. events: each event joins the incident other articles already report, or starts one
   (``resolve.events``: blocking, scored match, judgements obeyed); a lone surname left
   alone in step 1 may then join the one person of that name in the incident's articles;
4. claims: Admiralty ratings are set or refreshed for the claims of every article of the
   incidents touched (``resolve.claims``).

Per-article events stay as stored; an incident is a cluster of them and its summary (place,
date, tolls as low/best/high) is derived when read (``Store.incidents``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..errors import StoreError
from ..store import Store
from ..store.resolution import put_vector
from .actors import link_surnames_by_incident, resolve_actors
from .claims import rate_claims
from .encoder import Encoder, get_encoder
from .events import Decision, resolve_events
from .review import reapply_corrections

__all__ = ["ArticleResolution", "reset", "resolve_all", "resolve_article", "resolve_pending", "unresolved_articles"]

WHO = "tacitus"


@dataclass
class ArticleResolution:
    article_id: str
    decisions: list[Decision] = field(default_factory=list)
    actors: dict[str, str] = field(default_factory=dict)  # key -> canonical key
    corrections: int = 0
    ratings: int = 0

    @property
    def merged(self) -> int:
        return sum(d.method != "new" for d in self.decisions)

    @property
    def proposed(self) -> int:
        return sum(len(d.proposed) for d in self.decisions)


def resolve_article(
    store: Store, article_id: str, *, encoder: Encoder | bool | None = None, who: str = WHO
) -> ArticleResolution:
    """Resolve one stored article against everything stored before it (see module doc).

    ``encoder``: an ``Encoder``, True/False to force MiniLM on or off, None to follow
    ``$TACITUS_ENCODER`` (see ``resolve.encoder``)."""
    enc = encoder if encoder is not None and not isinstance(encoder, bool) else get_encoder(encoder)
    out = ArticleResolution(article_id)
    try:
        with store.atomic():
            out.actors = resolve_actors(store.conn, article_id, who)
            out.corrections = reapply_corrections(store, article_id, who)
            out.decisions = resolve_events(store.conn, article_id, enc, who)
            link_surnames_by_incident(store.conn, article_id, who)
            out.ratings = rate_claims(store.conn, [article_id])
    except sqlite3.Error as e:
        raise StoreError(f"article {article_id!r} cannot be resolved: {e}") from e
    return out


def resolve_all(
    store: Store, *, encoder: Encoder | bool | None = None, who: str = WHO, articles: Iterable[str] | None = None
) -> list[ArticleResolution]:
    """Resolve every stored article not yet resolved, oldest publication first (the order
    news arrives in), e.g. for a database filled before resolution existed."""
    enc = encoder if encoder is not None and not isinstance(encoder, bool) else get_encoder(encoder)
    ids = list(articles) if articles is not None else [r[0] for r in store.conn.execute(
        "SELECT id FROM articles ORDER BY published IS NULL, published, seq")]
    if enc is not None:
        encode_missing(store, enc)
    return [resolve_article(store, a, encoder=enc or False, who=who) for a in ids]


def unresolved_articles(store: Store) -> list[str]:
    """Articles with an event in no incident: stored by a run that was killed between its
    save and its resolution (before both became one transaction), or by a caller of
    ``Store.save`` alone. Oldest publication first."""
    return [r[0] for r in store.conn.execute(
        "SELECT a.id FROM articles a WHERE EXISTS (SELECT 1 FROM events e"
        " LEFT JOIN incident_events ie ON ie.event_id = e.id"
        " WHERE e.article_id = a.id AND ie.event_id IS NULL)"
        " ORDER BY a.published IS NULL, a.published, a.seq")]


def resolve_pending(store: Store, *, encoder: Encoder | bool | None = None, who: str = WHO) -> list[ArticleResolution]:
    """Finish the articles ``unresolved_articles`` finds (``tacitus ingest`` does this
    before every batch, ``tacitus resolve`` as part of its run)."""
    ids = unresolved_articles(store)
    if not ids:
        return []
    return resolve_all(store, encoder=encoder, who=who, articles=ids)


def encode_missing(store: Store, encoder: Encoder, batch: int = 512) -> int:
    """Give every event without a sentence vector one, in large batches (one call per
    article costs the model's fixed overhead each time). Returns how many were encoded."""
    rows = store.conn.execute(
        "SELECT e.id, coalesce(e.summary, a.title) FROM events e JOIN articles a ON a.id = e.article_id"
        " LEFT JOIN event_embeddings v ON v.event_id = e.id"
        " WHERE v.event_id IS NULL AND coalesce(e.summary, a.title) IS NOT NULL ORDER BY e.id").fetchall()
    for i in range(0, len(rows), batch):
        chunk = rows[i:i + batch]
        vectors = encoder.encode([r[1] for r in chunk])
        with store.atomic():
            for (event_id, _), v in zip(chunk, vectors):
                put_vector(store.conn, event_id, encoder.name, v)
    return len(rows)


def reset(store: Store) -> None:
    """Forget machine decisions (incidents, candidates, automatic actor links) so that
    ``resolve_all`` starts over; analysts' judgements, corrections, manual ratings and the
    history stay."""
    with store.atomic():
        store.conn.execute("DELETE FROM incident_events")
        store.conn.execute("DELETE FROM incidents")
        store.conn.execute("DELETE FROM merge_candidates")
        store.conn.execute("DELETE FROM actor_links WHERE method != 'manual'")
        store.conn.execute("DELETE FROM claim_ratings WHERE method = 'default'")
