"""Time and memory of cross-article resolution as the database grows, to show that blocking
keeps it near linear.

    .venv/bin/python benchmarks/resolution.py [--sizes 1000,2000,5000,10000] [--encoder]

For each size N, a child process (so each peak memory is its own):

1. generates N events as variations of seed incidents (the gold incidents of
   ``tests/data/resolution/articles.jsonl`` when present, else a built-in list of real attacks):
   each generated incident gets a new date, 1 to 6 reports from different outlets, tolls
   that rise from report to report, dates and places at varied precision; incidents arrive at
   a constant rate (``--per-day`` across all seed countries), as a news stream does, so a
   larger N is a longer period, not a denser one;
2. stores them as articles (``Store.save``, not timed), one to three events per article;
3. times ``resolve_all`` (``resolve_article`` over the articles in publication order, after
   encoding every summary in one batch when ``--encoder``), and counts the pairs scored.

Reports, per size: wall and CPU seconds (CPU time is the steadier figure on a shared
machine), events per CPU second, pairs scored (event x incident; and the N²/2 pairs an
unblocked resolver would score), peak RSS of the child (and before resolution: the
generated corpus itself is held in memory), the database size, and pairwise precision/recall against the
generated truth (a sanity check: the variations are easy, the quality figures are in
``benchmarks/resolution_quality.py``).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from tacitus.models import ActorMention, Article, Event, Extraction, Paragraph
from tacitus.store import Store

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT / "tests" / "data" / "resolution" / "articles.jsonl"


@dataclass(frozen=True)
class Seed:
    type: str
    country: str
    place: str
    latitude: float
    longitude: float
    killed: int
    perpetrator: str | None


BUILT_IN = (
    Seed("bombing", "Somalia", "Mogadishu", 2.0371, 45.3438, 121, "al-shabaab"),
    Seed("armed_assault", "Russia", "Krasnogorsk", 55.8204, 37.3302, 145, "islamic-state"),
    Seed("bombing", "Pakistan", "Peshawar", 34.008, 71.5785, 100, "tehrik-i-taliban-pakistan"),
    Seed("armed_assault", "Kenya", "Nairobi", -1.2833, 36.8167, 21, "al-shabaab"),
    Seed("bombing", "Afghanistan", "Kabul", 34.5281, 69.1723, 170, "islamic-state-khorasan"),
    Seed("armed_assault", "Turkey", "Istanbul", 41.0138, 28.9497, 1, "islamic-state"),
    Seed("bombing", "Iran", "Kerman", 30.2832, 57.0788, 95, "islamic-state"),
    Seed("kidnapping", "Nigeria", "Chibok", 10.8695, 12.8457, 0, "boko-haram"),
    Seed("armed_assault", "Kenya", "Garissa", -0.4532, 39.6461, 148, "al-shabaab"),
    Seed("bombing", "Nigeria", "Maiduguri", 11.8464, 13.1603, 12, "boko-haram"),
    Seed("armed_assault", "Mali", "Bamako", 12.65, -8.0, 20, "jnim"),
    Seed("bombing", "Iraq", "Baghdad", 33.3406, 44.4009, 32, "islamic-state"),
)
TYPES_SEEN_AS = {"armed_assault": ("armed_assault", "armed_assault", "assassination"),
                 "bombing": ("bombing", "bombing", "infrastructure_attack")}
TEMPLATES = (
    "{n} killed in {type} in {place}",
    "{place} attack: death toll rises to {n}",
    "Gunmen and bombers strike {place}, {n} dead",
    "{country}: authorities say {n} people died in {place} {type}",
    "Survivors describe the {type} that killed {n} in {place}",
)


def seeds() -> list[Seed]:
    if not ARTICLES.exists():
        return list(BUILT_IN)
    out, seen = [], set()
    for line in ARTICLES.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        rec = json.loads(line)
        g = rec.get("gold") or {}
        if rec.get("incident") in seen or g.get("latitude") is None or not g.get("country"):
            continue
        seen.add(rec.get("incident"))
        out.append(Seed(g.get("type") or "armed_assault", g["country"], g.get("place") or g["country"],
                        float(g["latitude"]), float(g["longitude"]), int(g.get("killed") or 0), None))
    return out or list(BUILT_IN)


def generate(n_events: int, per_day: float, rng: random.Random) -> list[tuple[Extraction, list[str]]]:
    """Articles with their events' true incident ids."""
    pool = seeds()
    start = date(2015, 1, 1)
    out: list[tuple[Extraction, list[str]]] = []
    made = 0
    incident = 0
    history: list[tuple] = []
    while made < n_events:
        incident += 1
        s = rng.choice(pool)
        day = start + timedelta(days=int(incident / per_day))
        # mostly the same kind of attack in another town of the country
        lat = s.latitude + (rng.uniform(-3.0, 3.0) if rng.random() < 0.8 else 0.0)
        lon = s.longitude + (rng.uniform(-3.0, 3.0) if lat != s.latitude else 0.0)
        place = s.place if lat == s.latitude else f"{s.place}-{incident % 97}"
        toll = max(0, int(s.killed * rng.uniform(0.2, 1.5)))
        history.append((f"i{incident}", s, day, place, lat, lon, toll))
        for r in range(rng.randint(1, 6)):
            if made >= n_events:
                break
            published = day + timedelta(days=r + rng.randint(0, 1))
            precision = rng.choices(["city", "venue", "region", "country"], [6, 2, 1, 1])[0]
            reported = int(toll * min(1.0, 0.5 + 0.25 * r))
            kw = dict(type=rng.choice(TYPES_SEEN_AS.get(s.type, (s.type,))), country=s.country,
                      date=day.isoformat(), date_precision="day", place=place, place_precision=precision,
                      latitude=round(lat + rng.uniform(-0.02, 0.02), 4),
                      longitude=round(lon + rng.uniform(-0.02, 0.02), 4),
                      killed_min=reported, killed_max=reported if rng.random() < 0.6 else None,
                      summary=rng.choice(TEMPLATES).format(n=reported, type=s.type.replace("_", " "),
                                                           place=place, country=s.country))
            if precision == "country":
                kw.update(place=s.country, latitude=None, longitude=None)
            if rng.random() < 0.15:
                kw.update(date=day.isoformat()[:7], date_precision="month")
            actors: list[ActorMention] = []
            if s.perpetrator and rng.random() < 0.6:
                actors.append(ActorMention(s.perpetrator, s.perpetrator, "armed_group", (s.perpetrator,)))
                kw["perpetrators"] = (s.perpetrator,)
            events = [Event(key="e1", **kw)]
            truth = [f"i{incident}"]
            if rng.random() < 0.2 and made + 1 < n_events and len(history) > 30:
                # the article recalls an earlier attack, itself one of the generated incidents
                old, o, oday, oplace, olat, olon, otoll = history[rng.randrange(len(history) - 30)]
                events.append(Event(key="e2", type=o.type, country=o.country, date=oday.isoformat(),
                                    date_precision="day", place=oplace, place_precision="city", latitude=olat,
                                    longitude=olon, killed_min=otoll, summary=f"an earlier attack in {oplace}"))
                truth.append(old)
            aid = f"g{incident}-{r}"
            text = events[0].summary or "report"
            art = Article(id=aid, text=text, paragraphs=(Paragraph(text, 0, len(text)),), title=events[0].summary,
                          published=published, publisher=f"outlet-{rng.randint(1, 40)}")
            out.append((Extraction(article=art, events=tuple(events), actors=tuple(actors)), truth))
            made += len(events)
    out.sort(key=lambda x: (x[0].article.published, x[0].article.id))
    return out


def pairwise(pred: dict[int, int], gold: dict[int, str]) -> tuple[float, float]:
    def pairs(labels: dict) -> set[tuple[int, int]]:
        groups = defaultdict(list)
        for k, v in labels.items():
            groups[v].append(k)
        return {(a, b) for g in groups.values() for i, a in enumerate(sorted(g)) for b in sorted(g)[i + 1:]}

    p, g = pairs(pred), pairs(gold)
    return (len(p & g) / len(p) if p else 1.0), (len(p & g) / len(g) if g else 1.0)


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def run_one(n: int, per_day: float, use_encoder: bool, seed: int) -> dict:
    from tacitus.resolve import features, resolve_all

    calls = {"pairs": 0}
    real_score = features.score

    def counting(a, b, affiliates=None):
        calls["pairs"] += 1
        return real_score(a, b, affiliates)

    features.score = counting  # score_incident looks it up at call time
    rng = random.Random(seed)
    articles = generate(n, per_day, rng)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.db"
        store = Store(path)
        for ex, _ in articles:
            store.save(ex)
        from tacitus.resolve.encoder import get_encoder

        enc = get_encoder(True) if use_encoder else None
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        start, cpu0 = time.perf_counter(), _cpu()
        resolve_all(store, encoder=enc or False)  # article by article, in publication order
        elapsed, cpu = time.perf_counter() - start, _cpu() - cpu0
        gold, pred = {}, {}
        for ex, truth in articles:
            for e, t in zip(ex.events, truth):
                eid = store.conn.execute("SELECT id FROM events WHERE article_id = ? AND key = ?",
                                         (ex.article.id, e.key)).fetchone()[0]
                gold[eid] = t
                pred[eid] = store.incident_of(eid)
        incidents = store.conn.execute("SELECT count(*) FROM incidents").fetchone()[0]
        store.close()
        size = sum(p.stat().st_size for p in Path(tmp).iterdir())
    p, r = pairwise(pred, gold)
    return {
        "events": len(gold), "articles": len(articles), "incidents_true": len(set(gold.values())),
        "incidents_found": incidents, "seconds": round(elapsed, 2), "cpu_seconds": round(cpu, 2),
        "events_per_cpu_s": round(len(gold) / cpu, 1), "pairs_scored": calls["pairs"],
        "pairs_per_event": round(calls["pairs"] / len(gold), 2),
        "pairs_unblocked": len(gold) * (len(gold) - 1) // 2,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "rss_before_resolving_mb": round(rss_before, 1),
        "db_mb": round(size / 1e6, 1), "pairwise_precision": round(p, 3), "pairwise_recall": round(r, 3),
        "encoder": use_encoder,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,2000,5000,10000")
    ap.add_argument("--per-day", type=float, default=8.0, help="new incidents per day (all countries)")
    ap.add_argument("--encoder", action="store_true", help="score with MiniLM vectors too")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)  # child mode
    args = ap.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.per_day, args.encoder, args.seed)))
        return
    rows = []
    for n in (int(s) for s in args.sizes.split(",")):
        cmd = [sys.executable, __file__, "--one", str(n), "--per-day", str(args.per_day), "--seed", str(args.seed)]
        if args.encoder:
            cmd.append("--encoder")
        env = dict(os.environ, TACITUS_ENCODER="minilm" if args.encoder else "off")
        out = subprocess.run(cmd, check=True, capture_output=True, text=True, env=env).stdout
        rows.append(json.loads(out.strip().splitlines()[-1]))
        r = rows[-1]
        print(f"{r['events']:>6} events  {r['seconds']:>7.2f} s wall  {r['cpu_seconds']:>7.2f} s CPU  "
              f"{r['events_per_cpu_s']:>6.1f} ev/CPU-s  {r['pairs_scored']:>7} pairs ({r['pairs_per_event']}/event; "
              f"unblocked {r['pairs_unblocked']})  peak RSS {r['peak_rss_mb']} MB (before resolving "
              f"{r['rss_before_resolving_mb']})  db {r['db_mb']} MB  "
              f"P {r['pairwise_precision']} R {r['pairwise_recall']}", flush=True)
    base = rows[0]
    for r in rows[1:]:
        print(f"{r['events']} vs {base['events']}: x{r['events'] / base['events']:.1f} events, "
              f"x{r['cpu_seconds'] / base['cpu_seconds']:.2f} CPU time, "
              f"x{r['pairs_scored'] / max(1, base['pairs_scored']):.2f} pairs")
    print(json.dumps(rows))


if __name__ == "__main__":
    main()
