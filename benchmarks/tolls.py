"""The casualty slot on coder-style records: killed and injured agreement with the coders.

    .venv/bin/python benchmarks/tolls.py [--records ../shared/data/coder_dev/records.jsonl]
                                         [--misses]

Every record with gold ``event: true`` is one event: its text is cleaned and annotated, every
sentence goes through ``slots.casualties.tolls_in`` and all the statements through ``combine``.
Killed and injured are scored with the rule of ``../shared/tools/coder_score.py`` (``within``:
the coded number inside the range, the range no wider than max(2, 30 %), a coded 0 agreeing
with no figure). (The old regex finder this replaced is gone; its figures stay in BENCHMARKS.md.) The records are
read at run time and never copied into the repository; they are for error analysis only.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from collections import defaultdict
from datetime import date
from pathlib import Path

from tacitus.annotate import annotate, get_nlp
from tacitus.clean import clean
from tacitus.extract.slots.casualties import combine, tolls_in
from tacitus.ingest import text_document

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
RECORDS = SHARED / "data" / "coder_dev" / "records.jsonl"
SCORER = SHARED / "tools" / "coder_score.py"


def _within():
    spec = importlib.util.spec_from_file_location("coder_score", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module.within


def _after(sentences) -> dict[str, tuple]:
    result = combine([t for s in sentences for t in tolls_in(s)])
    return {"killed": result.killed, "injured": result.injured}


def run(path: Path, misses: bool) -> dict[str, dict[str, list[int]]]:
    within = _within()
    nlp = get_nlp()
    tally: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    for r in records:
        gold = r["gold"]
        if not gold.get("event"):
            continue
        doc = text_document(r["text"], published=date.fromisoformat(r["published"]), source=r["id"])
        sentences = annotate(clean(doc), nlp).sentences
        got = _after(sentences)
        for field in ("killed", "injured"):
            if gold.get(field) is None:
                continue
            lo, hi = got.get(field) or (None, None)
            ok = within(gold[field], lo, hi)
            for style in (r["style"], "all"):
                tally[style][field][0] += ok
                tally[style][field][1] += 1
            if misses and not ok:
                print(f"[{field}] {r['id']} gold {gold[field]} got {(lo, hi)}: {r['text'][:400]}\n")
    return tally


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--records", type=Path, default=RECORDS)
    ap.add_argument("--misses", action="store_true", help="print every failure")
    a = ap.parse_args(argv)
    if not a.records.exists():
        print(f"{a.records}: not found", file=sys.stderr)
        return 2
    tally = run(a.records, a.misses)
    print(f"{'style':8}{'killed':>16}{'injured':>16}")
    for style in sorted(tally, key=lambda s: (s == "all", s)):
        cells = []
        for field in ("killed", "injured"):
            ok, n = tally[style][field]
            cells.append(f"{100 * ok / n:.1f}% ({ok}/{n})" if n else "-")
        print(f"{style:8}{cells[0]:>16}{cells[1]:>16}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
