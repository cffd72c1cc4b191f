"""tacitus ingest against the spaCy floor, in one run on the same texts: 600 MUC-4 news
documents (dev, then train), model loads included on both sides.

    .venv/bin/python benchmarks/spacy_floor.py [--docs 600] [--workers 2] [--no-gate] [--no-roles]

The floor is spaCy ``en_core_web_sm`` with only tok2vec and NER, ``nlp.pipe(n_process=N)``
over the texts; tacitus is ``tacitus ingest docs.jsonl`` into a new database (default settings
unless flags say otherwise). Prints docs/s of each, the ratio (goal: at least 0.85) and the
peak resident memory of each process tree.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import measure
from measure import VENV_BIN, mib, muc4_texts, run, summary_line, write_jsonl

SPACY = """
import json, sys, spacy
nlp = spacy.load(sys.argv[1], exclude=["tagger", "parser", "attribute_ruler", "lemmatizer", "senter"])
texts = [json.loads(line)["text"] for line in open(sys.argv[2], encoding="utf-8")]
n = sum(1 for _ in nlp.pipe(texts, n_process=int(sys.argv[3]), batch_size=32))
print(nlp.pipe_names, n, file=sys.stderr)
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=600)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--no-gate", action="store_true")
    ap.add_argument("--no-roles", action="store_true")
    args = ap.parse_args()
    from tacitus.config import Settings

    docs = muc4_texts(args.docs)
    with tempfile.TemporaryDirectory() as tmp:
        src = write_jsonl(Path(tmp) / "muc4.jsonl", [t for t, _ in docs])
        floor_s, floor_mem, err = run([sys.executable, "-c", SPACY, Settings().spacy_model, str(src), str(args.workers)])
        print(f"spaCy tok2vec+NER, n_process={args.workers}: {len(docs) / floor_s:.1f} docs/s "
              f"({floor_s:.1f} s, peak {mib(floor_mem)}, PSS {mib(measure.last_peak_pss)}; {err.strip().splitlines()[-1]})")
        cmd = [str(VENV_BIN / "tacitus"), "ingest", str(src), "--db", str(Path(tmp) / "t.db"),
               "--workers", str(args.workers)]
        cmd += ["--no-gate"] if args.no_gate else []
        cmd += ["--no-roles"] if args.no_roles else []
        ingest_s, ingest_mem, err = run(cmd)
        print(f"tacitus ingest ({' '.join(cmd[5:])}): {len(docs) / ingest_s:.1f} docs/s "
              f"({ingest_s:.1f} s, peak {mib(ingest_mem)}, PSS {mib(measure.last_peak_pss)}; {summary_line(err)})")
        print(f"ratio {floor_s / ingest_s:.2f} (goal 0.85); {sum(r for _, r in docs)} of {len(docs)} "
              "documents with an incident")


if __name__ == "__main__":
    main()
