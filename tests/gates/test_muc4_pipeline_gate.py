"""Evaluation gate: tacitus's whole extraction on the MUC-4 dev split, mapped to the five MUC-4
roles (tacitus.roles_view), scored with CEAF-REE strict micro F1. Floor in floors.json.
Skipped without ../shared/data/muc4."""

from __future__ import annotations

import pytest

from gatefloors import floors
from tacitus.config import Settings
from tacitus.evaluate.muc4 import evaluate, load_split

DATA = Settings.from_env().muc4_dir

pytestmark = [
    pytest.mark.muc4,
    pytest.mark.slow,
    pytest.mark.model,
    pytest.mark.skipif(not (DATA / "dev.jsonl").is_file(), reason=f"MUC-4 data absent: {DATA}"),
]


def test_muc4_pipeline_dev_gate():
    from tacitus.pipeline import extract_roles

    report = evaluate(extract_roles, load_split(DATA, "dev"), show=False)
    micro = report.score.micro
    floor = floors("muc4_pipeline_dev")["micro_f1"]
    assert 100 * micro.f1 >= floor, (
        f"MUC-4 dev pipeline micro F1 {100 * micro.f1:.1f} fell below the floor {floor} "
        f"(P {100 * micro.precision:.1f}, R {100 * micro.recall:.1f})")
