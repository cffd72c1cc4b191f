"""Field-by-field accuracy of single-article extraction, the way the design scores it: for each
article with a gold event, is the event found, and are its country, date (day), place (name, or
coordinates within 50 km), killed (the gold number inside the extracted range), perpetrator
group and attack type right?

    .venv/bin/python benchmarks/field_accuracy.py [--data tests/data/resolution/articles.jsonl] [-v]

The default data set was written by the team (tests/data/resolution), so its figures are for
error analysis only; held-back sets written by others are what counts.
"""

from __future__ import annotations

import argparse
import json
import math
from collections import Counter
from datetime import date
from pathlib import Path

from tacitus.ingest import text_document
from tacitus.pipeline import process

DEFAULT = Path(__file__).resolve().parents[1] / "tests" / "data" / "resolution" / "articles.jsonl"
FIELDS = ("found", "country", "date", "place", "killed", "perpetrator", "type")
PLACE_KM = 50


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(a))


def _best(events: list[dict], gold: dict) -> dict | None:
    specific = [e for e in events if not e["aggregate"]]
    if not specific:
        return None
    return max(specific, key=lambda e: (e["date"] == gold.get("date"), e["country"] == gold.get("country"),
                                        e["confidence"]))


def score(event: dict | None, gold: dict, names: dict[str, str]) -> dict[str, bool]:
    if event is None:
        return {f: False for f in FIELDS}
    killed = gold.get("killed")
    low, high = event["killed_min"], event["killed_max"]
    if isinstance(killed, list):
        killed = killed[0]
    in_range = killed is not None and low is not None and low <= killed <= (high if high is not None else math.inf)
    if killed == 0:
        in_range = low in (None, 0)
    place_ok = bool(event["place"]) and gold.get("place", "").lower() in (event["place"] or "").lower()
    if not place_ok and event["latitude"] is not None and gold.get("latitude") is not None:
        place_ok = km(event["latitude"], event["longitude"], gold["latitude"], gold["longitude"]) <= PLACE_KM
    perps = {names.get(k, k) for k in event["perpetrators"]}
    return {
        "found": True,
        "country": event["country"] == gold.get("country"),
        "date": event["date"] == gold.get("date"),
        "place": place_ok,
        "killed": in_range,
        "perpetrator": (gold.get("perpetrator") in perps) if gold.get("perpetrator") else not perps,
        "type": event["type"] == gold.get("type"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT)
    parser.add_argument("-v", "--verbose", action="store_true", help="print each miss")
    args = parser.parse_args()
    totals: Counter[str] = Counter()
    n = 0
    for line in args.data.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        gold = record.get("gold") or {}
        if gold.get("aggregate") or not gold.get("date"):
            continue
        doc = text_document(record["text"], published=date.fromisoformat(record["published"]),
                            title=record.get("title"), source=record.get("id", "?"))
        ex = process(doc)
        names = {a.key: a.name for a in ex.actors}
        events = [dict(e.__dict__) for e in ex.events]
        result = score(_best(events, gold), gold, names)
        totals.update(f for f, ok in result.items() if ok)
        n += 1
        if args.verbose and not all(result.values()):
            best = _best(events, gold)
            missed = [f for f, ok in result.items() if not ok]
            got = {k: best[k] for k in ("date", "country", "place", "killed_min", "killed_max", "type")} if best else None
            print(f"{record.get('id')}: missed {missed}; gold {gold.get('date')} {gold.get('country')} "
                  f"{gold.get('place')} k={gold.get('killed')} {gold.get('perpetrator')} {gold.get('type')}; "
                  f"got {got} perps={[names.get(k, k) for k in best['perpetrators']] if best else None}")
    print(f"{n} articles")
    for f in FIELDS:
        print(f"{f:12s} {100 * totals[f] / max(n, 1):5.1f} %")


if __name__ == "__main__":
    main()
