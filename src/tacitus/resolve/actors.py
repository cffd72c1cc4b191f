"""Actor resolution: each stored actor key is linked to a canonical actor (``actor_links``).

The extractor already gives gazetteer groups their gazetteer id ("Isis", "Islamic State",
"IS militants" -> ``islamic-state``) and ties a surname to the full name within one article.
Here, for the actors of one newly stored article:

1. a gazetteer id is its own canonical actor;
2. an unknown group is matched to the gazetteer (``names.gazetteer_group``), else to known
   unknown groups sharing a name word or an acronym (``names.same_group``);
3. a person with a full name is matched to people sharing a name token (consonant skeleton)
   by ``names.same_person``; a one-word name is tied to a full name of the same article whose
   surname it is, and otherwise stays alone;
4. anything else (governments, state forces, descriptors) matches an actor of the same kind
   whose comparable name is identical.

An analyst's "different" judgement between two keys vetoes a link; "same" forces it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from functools import lru_cache

from ..gazetteer import groups_by_id
from ..geo import country_by_name
from ..store import resolution as db
from . import names

GROUP_KINDS = ("armed_group", "organisation")
WHO = "tacitus"


@lru_cache(maxsize=1)
def ancestors() -> dict[str, frozenset[str]]:
    """Gazetteer id -> every parent group, transitively (al-Shabaab -> {al-Qaeda})."""
    groups = groups_by_id()
    out: dict[str, frozenset[str]] = {}
    for gid in groups:
        seen: set[str] = set()
        todo = list(groups[gid].affiliate_of)
        while todo:
            p = todo.pop()
            if p not in seen and p in groups:
                seen.add(p)
                todo.extend(groups[p].affiliate_of)
        out[gid] = frozenset(seen)
    return out


def _ensure_gazetteer_actor(conn: sqlite3.Connection, gid: str) -> None:
    group = groups_by_id()[gid]
    conn.execute(
        "INSERT OR IGNORE INTO actors (key, name, kind, country) VALUES (?, ?, ?, ?)",
        (gid, group.name, group.kind, group.countries[0] if group.countries else None))
    db.put_actor_link(conn, gid, gid, "gazetteer", 1.0)


def _blocking_keys(name: str, kind: str) -> set[str]:
    if kind == "person":
        return names.person_keys(name)
    return names.group_keys(name) | {"=" + names.group_form(name)}


def _article_countries(conn: sqlite3.Connection, article_id: str) -> set[str]:
    codes = set()
    for (name,) in conn.execute("SELECT DISTINCT country FROM events WHERE article_id = ? AND country IS NOT NULL",
                                (article_id,)):
        place = country_by_name(name)
        if place is not None:
            codes.add(place.country_code)
    return codes


def _match(conn: sqlite3.Connection, key: str, name: str, kind: str, aliases: Sequence[str],
           countries: Callable[[], set[str]]) -> tuple[str, str, float] | None:
    """(canonical key, method, score) for an actor not linked yet, or None. ``countries``:
    where the article's events happen; a gazetteer group active elsewhere only is not taken
    ("People's Defence Forces" in an article on Turkey is the PKK's, not Myanmar's)."""
    vetoed = {k for k, v in db.actor_judgements(conn, key).items() if v == "different"}
    forced = [k for k, v in db.actor_judgements(conn, key).items() if v == "same"]
    for other in forced:
        canon = db.actor_link(conn, other)
        if canon:
            return canon, "manual", 1.0
    if kind in GROUP_KINDS:
        groups = groups_by_id()
        for form in (name, *aliases):
            found = names.gazetteer_group(form)
            if not found or found[0] in vetoed:
                continue
            active = set(groups[found[0]].countries)
            if active and countries() and not countries() & active:
                continue
            _ensure_gazetteer_actor(conn, found[0])
            return found[0], "gazetteer", found[1]
    tokens = sorted(set().union(*(_blocking_keys(n, kind) for n in (name, *aliases))))
    kinds = GROUP_KINDS if kind in GROUP_KINDS else (kind,)
    best: tuple[float, str] | None = None
    for cand in db.actors_with_tokens(conn, tokens, kinds):
        if cand["key"] == key or cand["key"] in vetoed or cand["canonical"] in vetoed:
            continue
        if kind == "person":
            s = max((names.same_person(n, cand["name"]) or 0.0) for n in (name, *aliases))
            s = s if s >= names.PERSON_MATCH_MIN else 0.0
        else:
            s = max((names.same_group(n, cand["name"]) or 0.0) for n in (name, *aliases))
        if s and (best is None or (s, cand["canonical"]) > best):
            best = (s, cand["canonical"])
    if best is None:
        return None
    return best[1], "name", best[0]


def resolve_actors(conn: sqlite3.Connection, article_id: str, who: str = WHO) -> dict[str, str]:
    """Link the actors mentioned in ``article_id`` to canonical actors; return key -> canonical
    for every actor of the article."""
    rows = conn.execute(
        "SELECT a.key, a.name, a.kind, l.canonical_key FROM actor_mentions m"
        " JOIN actors a ON a.key = m.actor_key LEFT JOIN actor_links l ON l.actor_key = a.key"
        " WHERE m.article_id = ? ORDER BY a.key", (article_id,)).fetchall()
    aliases: dict[str, list[str]] = {}
    for r in conn.execute("SELECT actor_key, alias FROM actor_aliases WHERE article_id = ?", (article_id,)):
        aliases.setdefault(r[0], []).append(r[1])
    gazetteer = groups_by_id()
    countries = lru_cache(maxsize=1)(lambda: _article_countries(conn, article_id))  # only if needed
    out: dict[str, str] = {}
    singles = []
    for r in rows:
        key, name, kind = r["key"], r["name"], r["kind"] or "organisation"
        single = kind == "person" and names.one_word(name)
        if r["canonical_key"] and not (single and r["canonical_key"] == key and _method(conn, key) == "self"):
            out[key] = r["canonical_key"]
            continue
        if key in gazetteer:
            db.put_actor_link(conn, key, key, "gazetteer", 1.0)
            out[key] = key
            continue
        if single:  # a lone surname: decided below, from the full names of this article
            singles.append(r)
            continue
        found = _match(conn, key, name, kind, aliases.get(key, []), countries)
        canon, method, score = found if found else (key, "self", None)
        db.put_actor_link(conn, key, canon, method, score)
        db.put_actor_tokens(conn, key, _blocking_keys(name, kind))
        if canon != key:
            db.log(conn, who, "actor_link", actor_key=key, new=canon, note=f"{method} {score}")
        out[key] = canon
    # 3. a lone surname joins the one full name of this article it belongs to
    full = [(r["key"], r["name"]) for r in rows if r["kind"] == "person" and r["key"] not in {s["key"] for s in singles}]
    for r in singles:
        out[r["key"]] = _link_surname(conn, r["key"], r["name"], {out[k] for k, _ in full}, "surname", who)
    return out


def _method(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT method FROM actor_links WHERE actor_key = ?", (key,)).fetchone()
    return row[0] if row else None


def _link_surname(conn: sqlite3.Connection, key: str, name: str, clusters: set[str], method: str, who: str) -> str:
    """Link a one-word name to the one cluster among ``clusters`` (canonical keys of people)
    that has it as a family name; alone when none or several do."""
    vetoed = {k for k, v in db.actor_judgements(conn, key).items() if v == "different"}
    owners = {c for c in clusters if c != key and c not in vetoed
              and any(names.surname_of(name, m) for m in _cluster_names(conn, c) if not names.one_word(m))}
    canon, how = (owners.pop(), method) if len(owners) == 1 else (key, "self")
    db.put_actor_link(conn, key, canon, how, None)
    db.put_actor_tokens(conn, key, names.person_keys(name))
    if canon != key:
        db.log(conn, who, "actor_link", actor_key=key, new=canon, note=how)
    return canon


def link_surnames_by_incident(conn: sqlite3.Connection, article_id: str, who: str = WHO) -> int:
    """After event resolution: a lone surname still standing alone in ``article_id`` or in an
    article sharing an incident with it ("Abadi" in a follow-up of an article naming Haider
    al-Abadi) joins the one person of those articles who has that family name. Returns how
    many were linked."""
    articles = [r[0] for r in conn.execute(
        "SELECT DISTINCT e2.article_id FROM events e1"
        " JOIN incident_events i1 ON i1.event_id = e1.id"
        " JOIN incident_events i2 ON i2.incident_id = i1.incident_id"
        " JOIN events e2 ON e2.id = i2.event_id WHERE e1.article_id = ?", (article_id,))]
    if len(articles) < 2:
        return 0
    marks = ",".join("?" * len(articles))
    people = conn.execute(
        "SELECT DISTINCT a.key, a.name, coalesce(l.canonical_key, a.key) AS canon, l.method"
        " FROM actor_mentions m JOIN actors a ON a.key = m.actor_key"
        " LEFT JOIN actor_links l ON l.actor_key = a.key"
        f" WHERE m.article_id IN ({marks}) AND a.kind = 'person'", articles).fetchall()
    clusters = {p["canon"] for p in people if not names.one_word(p["name"])}
    linked = 0
    for p in people:
        if names.one_word(p["name"]) and p["canon"] == p["key"] and p["method"] in (None, "self"):
            linked += _link_surname(conn, p["key"], p["name"], clusters, "surname-incident", who) != p["key"]
    return linked


def _cluster_names(conn: sqlite3.Connection, canonical: str) -> list[str]:
    return [m["name"] for m in db.cluster_members(conn, canonical)]


def merge_actors(conn: sqlite3.Connection, keys: Sequence[str], who: str) -> str:
    """Put every actor of the clusters of ``keys`` under the canonical actor of the first."""
    target = db.actor_link(conn, keys[0]) or keys[0]
    if db.actor_link(conn, keys[0]) is None:
        db.put_actor_link(conn, keys[0], target, "manual", None)
    for key in keys[1:]:
        db.put_actor_judgement(conn, keys[0], key, "same", who)
        canon = db.actor_link(conn, key) or key
        moving = [m["key"] for m in db.cluster_members(conn, canon)] or [key]
        if key not in moving:
            moving.append(key)
        for m in moving:
            old = db.actor_link(conn, m)
            db.put_actor_link(conn, m, target, "manual", None)
            db.log(conn, who, "actor_merge", actor_key=m, field="canonical", old=old, new=target)
    return target


def split_actor(conn: sqlite3.Connection, key: str, who: str) -> None:
    """Take ``key`` out of its cluster: it becomes its own canonical actor, and is judged
    different from every other member so resolution never links them again."""
    canon = db.actor_link(conn, key) or key
    others = [m["key"] for m in db.cluster_members(conn, canon) if m["key"] != key]
    for o in others:
        db.put_actor_judgement(conn, key, o, "different", who)
    db.put_actor_link(conn, key, key, "manual", None)
    if canon == key and others:  # the cluster was named after it: the others need a new name
        for o in others:
            db.put_actor_link(conn, o, others[0], "manual", None)
    db.log(conn, who, "actor_split", actor_key=key, field="canonical", old=canon, new=key)
