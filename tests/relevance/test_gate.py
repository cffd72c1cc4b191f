"""Evaluation gate: the committed relevance model keeps at least 99 % of the documents with
events on MUC-4 dev and on coder_dev (issue 12's floor: a violent article the gate drops is lost
for good). Rejection is reported by benchmarks/relevance.py, not gated. Skipped when
../shared/data is absent."""

from __future__ import annotations

from pathlib import Path

import pytest

from tacitus.config import Settings
from tacitus.relevance import RelevanceGate
from tacitus.relevance.corpus import Example, coder_records, muc4_split

RECALL_FLOOR = 0.99
MUC4 = Settings.from_env().muc4_dir
CODER_DEV = Path(__file__).resolve().parents[3] / "shared" / "data" / "coder_dev" / "records.jsonl"


def recall(examples: list[Example]) -> tuple[float, list[str]]:
    gate = RelevanceGate.load()
    positives = [e for e in examples if e.relevant]
    missed = [e.source for e in positives if not gate(e.text).relevant]
    return 1 - len(missed) / len(positives), missed


@pytest.mark.muc4
@pytest.mark.skipif(not (MUC4 / "dev.jsonl").is_file(), reason=f"MUC-4 data absent: {MUC4}")
def test_recall_on_muc4_dev_documents_with_an_incident():
    value, missed = recall(muc4_split(MUC4, "dev"))
    assert value >= RECALL_FLOOR, f"MUC-4 dev recall {100 * value:.1f} % < {100 * RECALL_FLOOR:.0f} %: {len(missed)} missed"


@pytest.mark.skipif(not CODER_DEV.is_file(), reason="needs ../shared/data/coder_dev")
def test_recall_on_coder_dev_records_with_events():
    value, missed = recall(coder_records(CODER_DEV))
    assert value >= RECALL_FLOOR, f"coder_dev recall {100 * value:.1f} % < {100 * RECALL_FLOOR:.0f} %: {len(missed)} missed"
