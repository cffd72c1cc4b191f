"""The relevance gate: what it keeps and rejects, how fast it decides, what it costs to load.

    .venv/bin/python benchmarks/relevance.py [--model models/relevance] [--repeat 20]

Recall is the share of texts with events the gate keeps; rejection the share of texts without
events it turns away. Sets: MUC-4 dev (incident / no incident), coder_dev (events / quiet), the
repository's coder_style and coder_heldout sets (heldout: recall only, never looked at), and
off-topic text it never trained on (the film-review sentences of the gensim wheel, when gensim
is installed). The cross-validated figures on its training texts come from the model's config.
Speed: texts/s over the MUC-4 dev documents (about 330 words each), wall clock and CPU time;
load: the model alone, and a fresh interpreter importing tacitus.relevance and loading it.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

from tacitus.config import Settings
from tacitus.errors import DataUnavailable
from tacitus.relevance import RelevanceGate
from tacitus.relevance.corpus import Example, coder_records, lee_dir, muc4_split
from tacitus.relevance.model import CONFIG_FILE, DEFAULT_PATH, WEIGHTS_FILE, RelevanceModel

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data"


def eval_sets() -> dict[str, tuple[list[Example], bool]]:
    """name -> (examples, whether rejection may be reported); absent sets are left out."""
    loaders = {
        "MUC-4 dev": (lambda: muc4_split(Settings().muc4_dir, "dev"), True),
        "coder_dev": (lambda: coder_records(SHARED / "coder_dev" / "records.jsonl"), True),
        "coder_style (tests/data)": (lambda: coder_records(REPO / "tests/data/coder_style/records.jsonl"), True),
        "coder_heldout (tests/data)": (lambda: coder_records(REPO / "tests/data/coder_heldout/records.jsonl"), False),
        "film reviews (gensim, off-topic)": (_film_reviews, True),
    }
    out = {}
    for name, (load, rejection) in loaders.items():
        try:
            out[name] = (load(), rejection)
        except DataUnavailable as exc:
            print(f"  (skipped {name}: {exc})")
    return out


def _film_reviews() -> list[Example]:
    path = lee_dir() / "pang_lee_polarity.cor"
    if not path.is_file():
        raise DataUnavailable(f"not found: {path}")
    lines = path.read_text(encoding="latin-1").splitlines()
    return [Example(ln.split(" ", 1)[1], False, f"film:{i}") for i, ln in enumerate(lines) if " " in ln]


def quality(gate: RelevanceGate, sets: dict[str, tuple[list[Example], bool]]) -> None:
    print(f"\nthreshold {gate.threshold:.4f}")
    print(f"| set | with events | recall | without events | rejected |\n|---|---|---|---|---|")
    for name, (examples, rejection) in sets.items():
        pos = [gate(e.text).relevant for e in examples if e.relevant]
        neg = [not gate(e.text).relevant for e in examples if not e.relevant]
        recall = f"**{100 * sum(pos) / len(pos):.1f} %** ({sum(pos)}/{len(pos)})" if pos else "-"
        rejected = (f"{100 * sum(neg) / len(neg):.1f} % ({sum(neg)}/{len(neg)})" if rejection else "not reported") if neg else "-"
        print(f"| {name} | {len(pos)} | {recall} | {len(neg)} | {rejected} |")
    cv = gate.model.meta.get("cross_validated", {})
    if cv:
        print("\ncross-validated on the training texts (5 folds, from the model's config):")
        for source, s in cv.items():
            recall = f"{100 * s['recall']:.1f} %" if s["recall"] is not None else "-"
            rejected = f"{100 * s['rejected']:.1f} %" if s["rejected"] is not None else "-"
            print(f"  {source}: recall {recall} of {s['positives']}, rejected {rejected} of {s['negatives']}")


def speed(gate: RelevanceGate, texts: list[str], repeat: int) -> None:
    words = sum(len(t.split()) for t in texts) / len(texts)
    gate(texts[0])  # warm
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(repeat):
        for t in texts:
            gate(t)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    n = repeat * len(texts)
    print(f"\nspeed over {n} texts ({words:.0f} words each on average): "
          f"{n / wall:,.0f} texts/s wall ({1e6 * wall / n:.0f} µs each), "
          f"{n / cpu:,.0f} texts/s CPU ({1e6 * cpu / n:.0f} µs each)")


def load_costs(path: Path) -> None:
    size = (path / WEIGHTS_FILE).stat().st_size + (path / CONFIG_FILE).stat().st_size
    start = time.perf_counter()
    RelevanceModel.load(path)
    alone = time.perf_counter() - start
    probe = ("import time; t, c = time.perf_counter(), time.process_time(); "
             "from tacitus.relevance import RelevanceGate; "
             f"RelevanceGate.load({str(path)!r}); print(time.perf_counter() - t, time.process_time() - c)")
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    wall, cpu = map(float, run.stdout.split())
    print(f"model {path}: {size / 1e6:.2f} MB; load {1000 * alone:.0f} ms; import tacitus.relevance + load "
          f"in a fresh interpreter {1000 * wall:.0f} ms wall, {1000 * cpu:.0f} ms CPU")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", type=Path, default=DEFAULT_PATH)
    ap.add_argument("--repeat", type=int, default=20, help="passes over the MUC-4 dev texts for speed")
    args = ap.parse_args()
    gate = RelevanceGate.load(args.model)
    load_costs(args.model)
    sets = eval_sets()
    quality(gate, sets)
    if "MUC-4 dev" in sets:
        speed(gate, [e.text for e in sets["MUC-4 dev"][0]], args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
