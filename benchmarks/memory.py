"""Peak memory of an ingest against the size of its input: streaming keeps it flat.

    .venv/bin/python benchmarks/memory.py [--sizes-mb 25,100,200] [--file-kb 1000] [--src DIR]
    .venv/bin/python benchmarks/memory.py --real [--articles 100,400]

Default mode isolates the pipeline's own memory from the language model's: a directory of
``--file-kb`` text files adding up to each size is ingested by ``pipeline.ingest`` with the
extraction replaced by a stand-in that keeps the article and finds nothing (reading,
decoding, hashing, the duplicate check, storing and resolving are the real ones), in a child
process whose peak RSS is reported. ``--src`` runs another checkout's code (before/after).

``--real`` runs ``tacitus ingest --no-roles --workers 2`` on short synthetic reports and
reports the peak RSS of the ingest and its workers.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WORDS = ("the", "council", "met", "on", "tuesday", "to", "discuss", "roads", "budget", "school", "market",
         "harvest", "rain", "river", "bridge", "festival", "teachers", "clinic", "water", "election")


def write_corpus(folder: Path, total_mb: int, file_kb: int, seed: int = 1) -> int:
    rng = random.Random(seed)
    n = max(1, total_mb * 1024 // file_kb)
    for i in range(n):
        words = [rng.choice(WORDS) for _ in range(file_kb * 1024 // 6)]
        text = f"Report {i}.\n\n" + "\n\n".join(" ".join(words[j:j + 80]).capitalize() + "."
                                               for j in range(0, len(words), 80))
        (folder / f"{i:05d}.txt").write_text(text, encoding="utf-8")
    return n


CHILD = r"""
import json, resource, sys, time
from pathlib import Path
import tacitus.pipeline as pipeline
from tacitus.config import Settings
from tacitus.models import Article, Extraction, Paragraph
from tacitus.store import Store

def stand_in(document, settings=None):
    text = document.data.decode("utf-8")
    art = Article(id=document.content_hash[:16], text=text, paragraphs=(Paragraph(text, 0, len(text)),),
                  source=document.source)
    return Extraction(article=art)

pipeline.process = stand_in
folder, db = sys.argv[1], sys.argv[2]
settings = Settings(db=Path(db), workers=1, max_bytes=8 * 1024 * 1024)
t = time.perf_counter()
with Store(db) as store:
    report = pipeline.ingest([folder], store, settings, progress=False)
n = getattr(report, "n_stored", None) or len(report.stored)
print(json.dumps({"stored": n, "seconds": round(time.perf_counter() - t, 1),
                  "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}))
"""


def stand_in_run(sizes: list[int], file_kb: int, src: str | None) -> list[dict]:
    out = []
    for mb in sizes:
        with tempfile.TemporaryDirectory(prefix="tacitus-mem-") as tmp:
            folder = Path(tmp) / "in"
            folder.mkdir()
            files = write_corpus(folder, mb, file_kb)
            env = {**os.environ, "TACITUS_ENCODER": "0"}
            if src:
                env["PYTHONPATH"] = src
            r = subprocess.run([sys.executable, "-c", CHILD, str(folder), str(Path(tmp) / "m.db")], env=env,
                               capture_output=True, text=True, check=False)
            if r.returncode:
                raise SystemExit(r.stderr[-2000:])
            result = json.loads(r.stdout.strip().splitlines()[-1])
            out.append({"input_mb": mb, "files": files, "code": src or "this checkout", **result})
            print(json.dumps(out[-1]), flush=True)
    return out


def real_run(sizes: list[int]) -> list[dict]:
    sys.path.insert(0, str(Path(__file__).parent))
    from crash_safety import articles

    out = []
    for n in sizes:
        with tempfile.TemporaryDirectory(prefix="tacitus-mem-") as tmp:
            src = Path(tmp) / "reports.jsonl"
            src.write_text("".join(json.dumps(a) + "\n" for a in articles(n, 5)), encoding="utf-8")
            cmd = [sys.executable, "-m", "tacitus.cli", "ingest", str(src), "--db", str(Path(tmp) / "r.db"),
                   "--no-roles", "--workers", "2"]
            # a wrapper process per run, so the peak is this run's (RUSAGE_CHILDREN: the largest
            # of its descendants)
            wrapper = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], capture_output=True);"
                       " print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
            t = time.perf_counter()
            r = subprocess.run([sys.executable, "-c", wrapper, *cmd], env={**os.environ, "TACITUS_ENCODER": "0"},
                               capture_output=True, text=True, check=False)
            peak = int(r.stdout.strip() or 0) / 1024
            out.append({"articles": n, "input_kb": round(src.stat().st_size / 1024), "seconds":
                        round(time.perf_counter() - t, 1), "largest_process_peak_rss_mb": round(peak, 1)})
            print(json.dumps(out[-1]), flush=True)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes-mb", default="25,100,200")
    ap.add_argument("--file-kb", type=int, default=1000)
    ap.add_argument("--src", default=None)
    ap.add_argument("--real", action="store_true")
    ap.add_argument("--articles", default="100,400")
    a = ap.parse_args()
    if a.real:
        real_run([int(x) for x in a.articles.split(",")])
    else:
        stand_in_run([int(x) for x in a.sizes_mb.split(",")], a.file_kb, a.src)


if __name__ == "__main__":
    main()
