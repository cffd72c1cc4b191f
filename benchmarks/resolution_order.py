"""What the order articles arrive in costs resolution (the incidents do not depend on it:
``tests/test_resolve_order.py``).

    .venv/bin/python benchmarks/resolution_order.py [--events 2000] [--dense 200]

Stores and resolves, one article at a time (``pipeline.store_and_resolve``), the synthetic
stream of ``benchmarks/resolution.py`` (``--events`` events) and the dense look-alike corpus of
the order test (``--dense`` incidents), each in publication order, shuffled within each day and
shuffled whole; prints CPU seconds and the number of incidents (equal across orders).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "benchmarks"), str(ROOT / "tests")]

from resolution import generate  # noqa: E402
from test_resolve_order import corpus  # noqa: E402

from tacitus.pipeline import store_and_resolve  # noqa: E402
from tacitus.store import Store  # noqa: E402


def orders(articles: list, seed: int = 1) -> dict[str, list]:
    rng = random.Random(seed)
    jitter = {a.article.id: rng.random() for a in articles}
    return {"in order": sorted(articles, key=lambda a: (a.article.published, a.article.id)),
            "shuffled within each day": sorted(articles, key=lambda a: (a.article.published, jitter[a.article.id])),
            "shuffled": random.Random(seed).sample(articles, len(articles))}


def run(name: str, articles: list) -> list[dict]:
    out = []
    for label, order in orders(articles).items():
        start = time.process_time()
        with Store(":memory:") as store:
            for ex in order:
                store_and_resolve(store, ex)
            incidents = store.conn.execute("SELECT count(*) FROM incidents").fetchone()[0]
        out.append({"stream": name, "articles": len(order), "order": label,
                    "cpu_s": round(time.process_time() - start, 2), "incidents": incidents})
        print(json.dumps(out[-1]), flush=True)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--events", type=int, default=2000)
    ap.add_argument("--dense", type=int, default=200)
    a = ap.parse_args()
    run("resolution.py stream", [ex for ex, _ in generate(a.events, 8.0, random.Random(0))])
    run("dense look-alikes", corpus(3, incidents=a.dense))


if __name__ == "__main__":
    main()
