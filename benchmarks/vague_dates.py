"""CPU time of ``review list --what vague`` (``review.vague_date_matches``) on a large store.

    .venv/bin/python benchmarks/vague_dates.py [--incidents 10000] [--every 20]

Builds ``benchmarks/load.py``'s synthetic store (one report per incident, eight countries,
one type, dates over ten years), turns every ``--every``-th report's date into its year
(year-precise reports are what resolution cannot block on), and times one call with the
default limit of 50. Prints the proposals found and the CPU seconds.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from load import build  # noqa: E402

from tacitus.resolve.review import vague_date_matches  # noqa: E402
from tacitus.store import Store  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--incidents", type=int, default=10000)
    ap.add_argument("--every", type=int, default=20)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "vague.db"
        build(db, a.incidents)
        with Store(db) as s:
            with s.atomic():
                s.conn.execute("UPDATE events SET date = substr(date, 1, 4), date_precision = 'year'"
                               " WHERE id % ? = 0", (a.every,))
            vague = s.conn.execute("SELECT count(*) FROM events WHERE date_precision = 'year'").fetchone()[0]
            t = time.process_time()
            out = vague_date_matches(s, limit=50)
            cpu = time.process_time() - t
    print(f"{a.incidents} incidents, {vague} dated to a year: {len(out)} proposals listed, {cpu:.2f} s CPU")


if __name__ == "__main__":
    main()
