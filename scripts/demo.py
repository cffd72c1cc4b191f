"""Ingest the bundled sample articles (samples/) into a database: one `tacitus ingest samples/`,
which dates each text file by the folder's published.json; then the shared scraped page when
it sits beside the repository. Used by `make demo`."""

from __future__ import annotations

import argparse
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
    status = subprocess.call([*tacitus, "ingest", str(SAMPLES), "--db", args.db])
    if SHARED_SAMPLE.exists():
        status |= subprocess.call([*tacitus, "ingest", str(SHARED_SAMPLE), "--published", SHARED_SAMPLE_PUBLISHED,
                                   "--db", args.db])
    return status


if __name__ == "__main__":
    sys.exit(main())
