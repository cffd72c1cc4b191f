"""Coverage-guided fuzzing (atheris) of the entry points every input goes through: reading
and decoding (``ingest.iter_documents`` on standard input, as text, JSON and JSON Lines),
cleaning (``clean.clean``), and the store's edge (``Store.save`` of an extraction with
fuzzed numbers, dates and strings).

    .venv/bin/pip install -c constraints.txt '.[fuzz]'
    .venv/bin/python benchmarks/fuzz_ingest.py -max_total_time=300 [-runs=N] [corpus_dir]

A finding is any exception other than the ones these functions document (``TacitusError``
and its subclasses): atheris stops, prints the input and writes it as ``crash-*``. Findings
and the fixes they led to are listed in RELIABILITY.md; each becomes a case of
``tests/test_hostile_inputs.py``.
"""

from __future__ import annotations

import io
import sys

import atheris

with atheris.instrument_imports(include=["tacitus"]):
    from tacitus.clean import clean
    from tacitus.config import Settings
    from tacitus.errors import TacitusError
    from tacitus.ingest import iter_documents
    from tacitus.models import Article, Document, Event, Extraction, Paragraph
    from tacitus.store import Store

SETTINGS = Settings(max_bytes=256 * 1024)
STORE = Store(":memory:")
PREFIXES = (b"", b"{\"text\": ", b"[{\"html\": ", b"<html><body><p>", b"\xff\xfe", b"{\"text\": \"x\"}\n")


def _number(fdp: atheris.FuzzedDataProvider):
    kind = fdp.ConsumeIntInRange(0, 4)
    if kind == 0:
        return None
    if kind == 1:
        return fdp.ConsumeInt(fdp.ConsumeIntInRange(1, 16))  # up to 128-bit integers
    if kind == 2:
        return fdp.ConsumeRegularFloat()
    if kind == 3:
        return fdp.PickValueInList([float("inf"), float("-inf"), float("nan"), 2**63, -(2**63) - 1])
    return fdp.ConsumeIntInRange(0, 1000)


def one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    mode = fdp.ConsumeIntInRange(0, 2)
    if mode == 2:  # the store's edge
        text = fdp.ConsumeUnicodeNoSurrogates(40) or "x"
        art = Article(id=f"a{fdp.ConsumeIntInRange(0, 10**6)}", text=text,
                      paragraphs=(Paragraph(text, 0, len(text)),))
        event = Event(key="e1", type="bombing", date=fdp.ConsumeUnicode(12) or None, killed_min=_number(fdp),
                      killed_max=_number(fdp), latitude=_number(fdp), longitude=_number(fdp),
                      confidence=_number(fdp) or 0.5, place=fdp.ConsumeUnicode(20) or None)
        try:
            with STORE.atomic():
                STORE.save(Extraction(article=art, events=(event,)))
                raise _Rollback
        except (_Rollback, TacitusError):
            pass
        return
    body = PREFIXES[fdp.ConsumeIntInRange(0, len(PREFIXES) - 1)] + fdp.ConsumeBytes(fdp.remaining_bytes())
    for item in iter_documents(["-"], SETTINGS, stdin=io.BytesIO(body)):
        if mode == 1 and isinstance(item, Document):
            try:
                clean(item)
            except TacitusError:
                pass


class _Rollback(Exception):
    """Undo the fuzzed save (the store stays small)."""


def main() -> None:
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
