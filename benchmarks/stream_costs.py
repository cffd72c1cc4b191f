"""Where the time of the stream benchmark's articles goes, in one process: the cheap stages
(``pipeline.screen``: cleaning and the relevance gate) for off-topic articles, and the costly
ones (``pipeline.finish``: spaCy, the rules, the role tagger) for on-topic ones, with the model
loads on the first on-topic article apart; resident memory after each phase, and whether the
off-topic phase imported spaCy or torch at all.

    .venv/bin/python benchmarks/stream_costs.py [--off 500] [--on 40]

The texts are those of ``benchmarks/stream.py`` (read at run time), as text (as its JSON Lines records are). Storing and resolving are
not included (``stream.py`` measures the whole ingest).
"""

from __future__ import annotations

import argparse
import sys
import time

from stream import stream

from tacitus.config import Settings
from tacitus.ingest import text_document
from tacitus.models import Extraction


def rss_mib() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * 4096 / 2 ** 20


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--off", type=int, default=500)
    ap.add_argument("--on", type=int, default=40)
    args = ap.parse_args()
    from tacitus import pipeline

    texts, _ = stream(2200)
    on = [t for i, t in enumerate(texts) if i % 10 == 9][:args.on]
    off = [t for i, t in enumerate(texts) if i % 10 != 9][:args.off]
    settings = Settings()
    print(f"start: {rss_mib():.0f} MiB")
    start = time.perf_counter()
    passed = 0
    for i, t in enumerate(off):
        passed += not isinstance(pipeline.screen(text_document(t, source=f"off{i}", media_type="text"), settings), Extraction)
    off_s = time.perf_counter() - start
    print(f"{len(off)} off-topic: screen {1000 * off_s / len(off):.2f} ms each ({passed} passed the gate); "
          f"spaCy imported: {'spacy' in sys.modules}, torch imported: {'torch' in sys.modules}; {rss_mib():.0f} MiB")
    screen_s = finish_s = 0.0
    for i, t in enumerate(on):
        t0 = time.perf_counter()
        article = pipeline.screen(text_document(t, source=f"on{i}", media_type="text"), settings)
        t1 = time.perf_counter()
        if not isinstance(article, Extraction):
            pipeline.finish(article, f"on{i}", settings)
        t2 = time.perf_counter()
        if i == 0:
            print(f"first on-topic article (spaCy and the tagger loaded): {t2 - t0:.1f} s; {rss_mib():.0f} MiB")
            continue
        screen_s, finish_s = screen_s + t1 - t0, finish_s + t2 - t1
    n = len(on) - 1
    print(f"{n} more on-topic: screen {1000 * screen_s / n:.1f} ms, finish (annotate + extract) "
          f"{1000 * finish_s / n:.0f} ms each; {rss_mib():.0f} MiB")


if __name__ == "__main__":
    main()
