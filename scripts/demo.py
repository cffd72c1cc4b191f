"""Ingest the bundled sample articles (samples/) into a database, each text file with the
publication date that samples/published.json gives it. Used by `make demo`."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
SHARED_SAMPLE = SAMPLES.parent.parent / "shared" / "data" / "sample-scraped-article.txt"
SHARED_SAMPLE_PUBLISHED = "2024-04-15"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", default="tacitus.db")
    args = parser.parse_args()
    tacitus = [sys.executable, "-m", "tacitus.cli"]
    dates = json.loads((SAMPLES / "published.json").read_text(encoding="utf-8"))
    undated = [p for p in sorted(SAMPLES.iterdir()) if p.suffix in (".html", ".htm", ".jsonl", ".json")
               and p.name != "published.json"]
    status = subprocess.call([*tacitus, "ingest", *map(str, undated), "--db", args.db])
    for name, published in sorted(dates.items()):
        status |= subprocess.call([*tacitus, "ingest", str(SAMPLES / name), "--published", published, "--db", args.db])
    if SHARED_SAMPLE.exists():
        status |= subprocess.call([*tacitus, "ingest", str(SHARED_SAMPLE), "--published", SHARED_SAMPLE_PUBLISHED,
                                   "--db", args.db])
    return status


if __name__ == "__main__":
    sys.exit(main())
