"""A stream of articles of which about one in ten is about political violence, through
``tacitus ingest`` with 1 and 2 workers: articles/s and the peak resident memory of the
whole process tree (the command and its workers), model loads included.

    .venv/bin/python benchmarks/stream.py [--articles 2200] [--workers 1,2] [--no-gate]

On-topic: MUC-4 train documents that report an incident (news wire of 1989-1991, read at run
time from ../shared/data/muc4). Off-topic: the long descriptions that the installed Python
packages ship in their metadata (``importlib.metadata``: READMEs about software), cut into
articles of about 150 words at paragraph breaks, and the topics of the Python reference manual
that the interpreter ships (``pydoc_data``); none of it was seen by the relevance gate
in training: the gate's software text is the standard library's docstrings
(``tacitus.relevance.corpus.docs_texts``), and a piece here sharing any run of ``SHINGLE``
words with those is dropped (the count is printed). One article in ten is on-topic, the others off-topic, interleaved.
"""

from __future__ import annotations

import argparse
import re
import tempfile
from importlib import metadata
from pathlib import Path

import measure
from measure import VENV_BIN, mib, muc4_texts, run, summary_line, write_jsonl

from tacitus.relevance.corpus import docs_texts

WORDS_PER_ARTICLE = 150
SHINGLE = 10  # words in a row shared with a training text make a piece not disjoint from training
ON_TOPIC_EVERY = 10


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = text.lower().split()
    return {tuple(words[i:i + SHINGLE]) for i in range(max(0, len(words) - SHINGLE + 1))}


def off_topic_texts() -> list[str]:
    """~150-word pieces of the installed packages' descriptions and of the Python reference
    manual's topics (``pydoc_data``), deduplicated, in a stable order, none sharing
    ``SHINGLE`` words in a row with the gate's training documentation."""
    trained = set().union(*map(_shingles, docs_texts()))
    return [t for t in _candidates() if not _shingles(t) & trained]


def _candidates() -> list[str]:
    from pydoc_data.topics import topics

    seen, out = set(), []
    bodies = [d.metadata.get_payload() or d.metadata.get("Description") or ""
              for d in sorted(metadata.distributions(), key=lambda d: (d.metadata["Name"] or "").lower())]
    for body in [*bodies, *(topics[k] for k in sorted(topics))]:
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", body) if len(p.split()) >= 8]
        piece: list[str] = []
        for p in paragraphs:
            piece.append(p)
            if sum(len(x.split()) for x in piece) >= WORDS_PER_ARTICLE:
                text = "\n\n".join(piece)
                if text not in seen:
                    seen.add(text)
                    out.append(text)
                piece = []
    return out


def stream(n: int) -> tuple[list[str], int]:
    """(texts, how many are on-topic): every ON_TOPIC_EVERY-th an incident report."""
    on = [t for t, incident in muc4_texts() if incident][200:]  # train documents (dev comes first)
    off = off_topic_texts()
    texts, n_on, i_on, i_off = [], 0, 0, 0
    for k in range(n):
        if k % ON_TOPIC_EVERY == ON_TOPIC_EVERY - 1:
            texts.append(on[i_on % len(on)] + ("" if i_on < len(on) else f"\n\n(copy {i_on})"))
            i_on, n_on = i_on + 1, n_on + 1
        else:
            texts.append(off[i_off % len(off)] + ("" if i_off < len(off) else f"\n\n(copy {i_off})"))
            i_off += 1
    return texts, n_on


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=2200)
    ap.add_argument("--workers", default="1,2")
    ap.add_argument("--no-gate", action="store_true")
    args = ap.parse_args()
    texts, n_on = stream(args.articles)
    distinct_off, candidates = len(off_topic_texts()), len(_candidates())
    print(f"{len(texts)} articles: {n_on} on-topic (MUC-4 incidents), {len(texts) - n_on} off-topic "
          f"({distinct_off} distinct package-description and reference-manual pieces; "
          f"{candidates - distinct_off} dropped as sharing {SHINGLE} words in a row with the gate's training text)")
    with tempfile.TemporaryDirectory() as tmp:
        src = write_jsonl(Path(tmp) / "stream.jsonl", texts)
        for workers in [int(w) for w in args.workers.split(",")]:
            db = Path(tmp) / f"w{workers}.db"
            cmd = [str(VENV_BIN / "tacitus"), "ingest", str(src), "--db", str(db), "--workers", str(workers)]
            cmd += ["--no-gate"] if args.no_gate else []
            seconds, peak, err = run(cmd)
            print(f"{workers} worker(s): {len(texts) / seconds:.1f} articles/s ({seconds:.1f} s), "
                  f"peak {mib(peak)} for the process tree (RSS summed; proportional set size "
                  f"{mib(measure.last_peak_pss)}); {summary_line(err)}")


if __name__ == "__main__":
    main()
