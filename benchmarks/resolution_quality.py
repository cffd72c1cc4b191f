"""Quality of cross-article resolution on the resolution test set (``tests/data/resolution``):
62 articles written for tacitus about 26 real incidents, several articles per incident with
different wording, tolls and place precision, and distinct incidents on the same day in the
same country; 226 place mentions from conflict reporting.

    .venv/bin/python benchmarks/resolution_quality.py [--encoder] [--json OUT]

Measured:

1. **Event merging, end to end.** The articles go through the whole pipeline (clean,
   annotate, extract, store) in publication order; resolution then runs article by article.
   Each extracted event is labelled with the gold incident it describes: the article's own
   incident or one it mentions, matched on country, date within 2 days, and place within
   100 km or named in the gold place (a venue placed at its country's point is not tested on
   distance); events matching none are spurious and count as singletons. Aggregates
   (country-level summaries of a wave) are kept apart by design: they are not scored, only
   checked never to be merged with anything. Pairwise precision/recall/F1 and B-cubed.
2. **Event merging on gold fields.** The same, with each article's events built from its gold
   fields (and from ``incidents.json`` for the incidents it mentions) instead of extracted:
   resolution alone, without extraction errors.
3. **Actor merging.** Every gold person and group name of every article, found among the
   article's stored actors (by alias), is labelled with the gold person/group; the predicted
   cluster is its canonical actor. Pairwise and B-cubed over those mentions, end to end, and
   on gold names alone (each name stored as the extractor would key it).
4. **Geocoding.** ``resolve.places.resolve_place`` on ``places.csv`` with its context country:
   right country, and within 50 km of the expected coordinates; ``geo.geocode`` alone for
   comparison.

The weights of ``resolve.features`` were set by hand before this set existed and were not
fitted to it; see BENCHMARKS.md ("Resolution").
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import re
import time
from collections import defaultdict
from collections.abc import Hashable
from datetime import date
from pathlib import Path
from typing import Any

from tacitus.resolve.features import country_point

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "resolution"
DATE_DAYS = 2  # reports may put a day-precise event a day or two off (dateline, "Saturday night")
PLACE_KM = 100.0
GEO_KM = 50.0


# --- metrics ----------------------------------------------------------------------------------


def _clusters(labels: dict[Hashable, Hashable]) -> dict[Hashable, set]:
    out: dict[Hashable, set] = defaultdict(set)
    for item, c in labels.items():
        out[c].add(item)
    return out


def pairwise(pred: dict, gold: dict) -> dict[str, float]:
    def pairs(labels: dict) -> set[frozenset]:
        return {frozenset((a, b)) for members in _clusters(labels).values()
                for a in members for b in members if repr(a) < repr(b)}

    p, g = pairs(pred), pairs(gold)
    prec = len(p & g) / len(p) if p else 1.0
    rec = len(p & g) / len(g) if g else 1.0
    return {"precision": round(prec, 3), "recall": round(rec, 3), "f1": round(_f1(prec, rec), 3),
            "pairs_predicted": len(p), "pairs_gold": len(g), "pairs_right": len(p & g)}


def bcubed(pred: dict, gold: dict) -> dict[str, float]:
    pc, gc = _clusters(pred), _clusters(gold)
    items = list(gold)
    prec = sum(len(pc[pred[i]] & gc[gold[i]]) / len(pc[pred[i]]) for i in items) / len(items)
    rec = sum(len(pc[pred[i]] & gc[gold[i]]) / len(gc[gold[i]]) for i in items) / len(items)
    return {"precision": round(prec, 3), "recall": round(rec, 3), "f1": round(_f1(prec, rec), 3)}


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def km(lat1, lon1, lat2, lon2) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


# --- data ----------------------------------------------------------------------------------------


def load() -> tuple[list[dict], dict[str, dict]]:
    articles = [json.loads(x) for x in (DATA / "articles.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]
    incidents = json.loads((DATA / "incidents.json").read_text(encoding="utf-8"))
    articles.sort(key=lambda a: (a["published"], a["id"]))
    return articles, incidents


def _fold(s: str | None) -> str:
    import unicodedata

    s = unicodedata.normalize("NFKD", (s or "").casefold())
    return "".join(c for c in s if not unicodedata.combining(c)).strip()


def _days(a: str | None, b: str | None) -> float:
    """Distance in days between an extracted date (any precision) and a gold day."""
    if not a or not b:
        return math.inf
    g = date.fromisoformat(b[:10])
    parts = [int(x) for x in a[:10].split("-")]
    if len(parts) == 3:
        return abs((date(*parts) - g).days)
    if len(parts) == 2:
        return 0 if (parts[0], parts[1]) == (g.year, g.month) else math.inf
    return math.inf


_GENERIC = frozenset("""district city province region village town university college market junction
    hotel mosque church square street road the of in near central""".split())


def _place_words(text: str | None) -> set[str]:
    return {w for w in re.findall(r"\w+", _fold(text)) if w not in _GENERIC and len(w) > 2}


def label_event(e: dict, article: dict, incidents: dict[str, dict]) -> str | None:
    """The gold incident an extracted event describes, or None (spurious)."""
    own = incidents[article["incident"]]
    if e.get("aggregate"):
        return article["incident"] if own.get("aggregate") else None
    best: tuple[float, str] | None = None
    for inc_id in [article["incident"], *article.get("also_mentions", [])]:
        g = incidents[inc_id]
        if g.get("aggregate"):
            continue
        own_words = _place_words(" ".join(x or "" for x in (g.get("place"), g.get("venue"))))
        if e.get("country") and _fold(e["country"]) != _fold(g["country"]) and not (
                _place_words(e.get("place")) & own_words):
            continue  # (the incident's own place named wins over a wrongly geocoded country)
        d = _days(e.get("date"), g["date"])
        if e.get("date") and d > DATE_DAYS:
            continue
        dist = 0.0
        named = _place_words(e.get("place")) & _place_words(
            " ".join(x or "" for x in (g.get("place"), g.get("venue"), article["gold"].get("text_place"))))
        if (e.get("latitude") is not None and e.get("place_precision") in ("venue", "city")
                and not country_point(e["latitude"], e["longitude"]) and not named):
            dist = km(e["latitude"], e["longitude"], g["latitude"], g["longitude"])
            if dist > PLACE_KM:
                continue
        key = (0 if e.get("date") else 10) + (d if d != math.inf else 5) + dist / 100
        if best is None or key < best[0]:
            best = (key, inc_id)
    return best[1] if best else None


# --- 1. end to end --------------------------------------------------------------------------------


def ingest_all(articles: list[dict]):
    """A fresh in-memory store with every article ingested (extraction only, resolution
    left for later), and the record id -> stored article id map."""
    from tacitus.config import Settings
    from tacitus.ingest import text_document
    from tacitus.pipeline import ingest_documents
    from tacitus.store import Store

    os.environ["TACITUS_ENCODER"] = "off"
    store = Store(":memory:")
    docs = [text_document(a["text"], published=date.fromisoformat(a["published"]), url=a["url"],
                          title=a["title"], source=a["id"]) for a in articles]
    ingest_documents(docs, store, Settings(workers=1), progress=False)
    by_url = {r[1]: r[0] for r in store.conn.execute("SELECT id, url FROM articles")}
    return store, {a["id"]: by_url[a["url"]] for a in articles}


def event_labels(store, articles, incidents, ids) -> tuple[dict, dict, dict]:
    """pred (event id -> incident), gold (event id -> gold incident or 'spurious-N'), coverage."""
    pred, gold = {}, {}
    found = 0
    aggregates, wrongly_merged = 0, 0
    every = store.events()
    for a in articles:
        evs = [e for e in every if e["sources"] == [ids[a["id"]]]]
        labels = {e["id"]: label_event(e, a, incidents) for e in evs}
        found += a["incident"] in labels.values() or incidents[a["incident"]].get("aggregate", False)
        for e in evs:
            if e["aggregate"]:  # kept apart by design; checked, not scored
                aggregates += 1
                inc = store.incident(store.incident_of(e["id"]))
                wrongly_merged += len(inc["events"]) > 1
                continue
            gold[e["id"]] = labels[e["id"]] or f"spurious-{e['id']}"
            pred[e["id"]] = store.incident_of(e["id"])
    return pred, gold, {"articles": len(articles), "own_incident_extracted": found,
                        "events": len(gold), "spurious": sum(g.startswith("spurious") for g in gold.values()),
                        "aggregate_events": aggregates, "aggregates_merged_with_others": wrongly_merged}


def merge_scores(pred: dict, gold: dict) -> dict[str, Any]:
    """Pairwise and B-cubed over the specific (non-aggregate) events: all of them (spurious
    ones count as singletons) and those labelled with a gold incident."""
    labelled = {k for k, v in gold.items() if not v.startswith("spurious")}
    return {
        "all_events": {"pairwise": pairwise(pred, gold), "bcubed": bcubed(pred, gold)},
        "gold_events_only": {"pairwise": pairwise({k: pred[k] for k in labelled}, {k: gold[k] for k in labelled}),
                             "bcubed": bcubed({k: pred[k] for k in labelled}, {k: gold[k] for k in labelled})},
    }


def actor_labels(store, articles, ids) -> tuple[dict, dict, dict]:
    from tacitus.store import resolution as db

    aliases: dict[str, list[tuple[str, str]]] = defaultdict(list)  # article -> [(alias, key)]
    for r in store.conn.execute("SELECT article_id, alias, actor_key FROM actor_aliases"):
        aliases[r[0]].append((_fold(r[1]), r[2]))
    for r in store.conn.execute("SELECT m.article_id, a.name, a.key FROM actor_mentions m JOIN actors a ON a.key = m.actor_key"):
        aliases[r[0]].append((_fold(r[1]), r[2]))
    pred, gold = {}, {}
    found = total = 0
    for a in articles:
        aid = ids[a["id"]]
        for kind, items in (("person", a["people"]), ("group", a["groups"])):
            for it in items:
                name = it["name"]
                item = (a["id"], kind, name)
                gold[item] = f"{kind}:{it['person' if kind == 'person' else 'group']}"
                total += 1
                key = _find_alias(_fold(name), aliases.get(aid, []))
                if key is None:
                    pred[item] = f"unfound:{item}"
                    continue
                found += 1
                pred[item] = db.actor_link(store.conn, key) or key
    return pred, gold, {"mentions": total, "found_by_extraction": found}


def _find_alias(name: str, pairs: list[tuple[str, str]]) -> str | None:
    for alias, key in pairs:  # exact first
        if alias == name:
            return key
    words = set(re.findall(r"\w+", name))
    for alias, key in pairs:  # then the name inside an alias or the alias inside the name
        aw = set(re.findall(r"\w+", alias))
        if aw and (aw <= words or words <= aw):
            return key
    return None


# --- 2. gold fields ----------------------------------------------------------------------------------


def gold_store(articles, incidents):
    """Articles whose events and actors are their gold fields, keyed as the extractor keys them."""
    from tacitus.extract.actors import slug
    from tacitus.gazetteer import lookup_group
    from tacitus.models import ActorMention, Article, Event, Extraction, Paragraph
    from tacitus.store import Store

    store = Store(":memory:")
    ids = {}

    def group_key(name: str | None) -> str | None:
        if not name:
            return None
        g = lookup_group(re.sub(r"\s*\(.*\)$", "", name)) or lookup_group(name)
        return g.id if g else slug(name)

    for a in articles:
        g = a["gold"]
        actors: dict[str, ActorMention] = {}
        for p in a["people"]:
            k = slug(p["name"])
            actors[k] = ActorMention(k, p["name"], "person", (p["name"],))
        for gr in a["groups"]:
            k = group_key(gr["name"])
            known = actors.get(k)
            actors[k] = ActorMention(k, known.name if known else gr["name"], "armed_group",
                                     (*(known.surface if known else ()), gr["name"]))
        perp = group_key(g.get("perpetrator"))
        if perp and perp not in actors:
            actors[perp] = ActorMention(perp, g["perpetrator"], "armed_group", (g["perpetrator"],))
        events = []
        if g.get("aggregate"):
            events.append(Event(key="e1", type="unknown", date=g.get("date"), date_precision="day",
                                aggregate=True, summary=a["title"]))
        else:
            precision = g.get("place_precision") or "city"
            events.append(Event(key="e1", type=g.get("type") or "unknown", date=g.get("date"),
                                date_precision="day" if g.get("date") else "unknown", country=g.get("country"),
                                place=g.get("place"), place_precision=precision, latitude=g.get("latitude"),
                                longitude=g.get("longitude"), killed_min=g.get("killed"), killed_max=g.get("killed"),
                                perpetrators=(perp,) if perp else (), summary=a["title"]))
        for i, inc_id in enumerate(a.get("also_mentions", []), start=2):
            m = incidents[inc_id]
            mp = group_key(m.get("perpetrator"))
            if mp and mp not in actors:
                actors[mp] = ActorMention(mp, m["perpetrator"], "armed_group", (m["perpetrator"],))
            events.append(Event(key=f"e{i}", type=m.get("type") or "unknown", date=m["date"], date_precision="day",
                                country=m["country"], place=m["place"], place_precision="city",
                                latitude=m["latitude"], longitude=m["longitude"],
                                perpetrators=(mp,) if mp else (), summary=m["name"]))
        text = a["text"]
        art = Article(id=a["id"], text=text, paragraphs=(Paragraph(text, 0, len(text)),), title=a["title"],
                      published=date.fromisoformat(a["published"]), publisher=a["url"].split("/")[2])
        store.save(Extraction(article=art, events=tuple(events), actors=tuple(actors.values())))
        ids[a["id"]] = a["id"]
    return store, ids


# --- 4. geocoding ----------------------------------------------------------------------------------


def geocoding() -> dict[str, Any]:
    from tacitus import geo
    from tacitus.resolve.places import resolve_place

    rows = list(csv.DictReader((DATA / "places.csv").open(encoding="utf-8")))
    out: dict[str, Any] = {"mentions": len(rows)}
    for name, fn in (("resolve_place", resolve_place), ("geo.geocode", geo.geocode)):
        country = near = correct = 0
        misses = []
        by_precision: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for r in rows:
            p = fn(r["mention"], r["context_country"] or None)
            ok_c = p is not None and p.country_code == r["expected_country"]
            ok_d = p is not None and km(p.latitude, p.longitude, float(r["latitude"]), float(r["longitude"])) <= GEO_KM
            # a country is right when it is the country (centroids differ by hundreds of km
            # between gazetteers); a city or region when it lies within 50 km
            ok = (ok_c and p.precision == "country") if r["precision"] == "country" else ok_d
            country += ok_c
            near += ok_d
            correct += ok
            by_precision[r["precision"]][0] += ok
            by_precision[r["precision"]][1] += 1
            if not ok:
                misses.append(f"{r['mention']} ({r['context_country'] or '-'}) -> "
                              + (f"{p.name}, {p.country_code} [{p.precision}]" if p else "none"))
        out[name] = {"correct": round(correct / len(rows), 3), "right_country": round(country / len(rows), 3),
                     "within_50km": round(near / len(rows), 3),
                     "correct_by_precision": {k: f"{v[0]}/{v[1]}" for k, v in sorted(by_precision.items())},
                     "misses": misses}
    return out


# --- main -----------------------------------------------------------------------------------------------


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--encoder", action="store_true", help="also score with the MiniLM encoder")
    ap.add_argument("--json", type=Path, help="write all figures here")
    args = ap.parse_args()
    from tacitus.resolve import reset, resolve_all

    articles, incidents = load()
    report: dict[str, Any] = {}
    t = time.perf_counter()
    store, ids = ingest_all(articles)
    report["extraction_seconds"] = round(time.perf_counter() - t, 1)
    configs = [("rules", False)] + ([("rules+minilm", True)] if args.encoder else [])
    for name, enc in configs:
        reset(store)
        t = time.perf_counter()
        resolve_all(store, encoder=enc)
        secs = round(time.perf_counter() - t, 2)
        pred, gold, coverage = event_labels(store, articles, incidents, ids)
        apred, agold, acov = actor_labels(store, articles, ids)
        report[f"end_to_end/{name}"] = {
            "resolve_seconds": secs, "coverage": coverage, "events": merge_scores(pred, gold),
            "actors": {"coverage": acov, "pairwise": pairwise(apred, agold), "bcubed": bcubed(apred, agold)},
            "merge_candidates": len(store.merge_candidates()),
        }
    gstore, gids = gold_store(articles, incidents)
    for name, enc in configs:
        reset(gstore)
        resolve_all(gstore, encoder=enc)
        pred, gold, coverage = event_labels(gstore, articles, incidents, gids)
        apred, agold, acov = actor_labels(gstore, articles, gids)
        report[f"gold_fields/{name}"] = {
            "coverage": coverage, "events": merge_scores(pred, gold),
            "actors": {"coverage": acov, "pairwise": pairwise(apred, agold), "bcubed": bcubed(apred, agold)},
            "merge_candidates": len(gstore.merge_candidates()),
        }
    report["geocoding"] = geocoding()
    text = json.dumps(report, indent=1, ensure_ascii=False)
    if args.json:
        args.json.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
