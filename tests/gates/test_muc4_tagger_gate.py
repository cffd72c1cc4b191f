"""Evaluation gate: the learned role extractor must keep its CEAF-REE micro F1 on a fixed
MUC-4 dev subset. Skipped when the data (../shared/data/muc4) or the trained model is absent."""

from __future__ import annotations

import pytest

from tacitus.config import Settings
from tacitus.evaluate.muc4 import evaluate, load_split
from tacitus.roles.tagger import DEFAULT_PATH

from gatefloors import floors

GATE_DOCS = 100  # the first 100 dev documents, in file order
# measured 52.3 micro F1 on that subset (models/roles, MiniLM tagger), minus 4 points of
# margin for thread and platform noise (floors.json); raise it when quality rises
MICRO_F1_FLOOR = floors("muc4_tagger_dev100")["micro_f1"] / 100

DATA = Settings.from_env().muc4_dir

pytestmark = [
    pytest.mark.muc4,
    pytest.mark.slow,
    pytest.mark.skipif(not (DATA / "dev.jsonl").is_file(), reason=f"MUC-4 data absent: {DATA}"),
    pytest.mark.skipif(not (DEFAULT_PATH / "config.json").is_file(),
                       reason=f"no trained role model at {DEFAULT_PATH}"),
]


def test_muc4_dev_gate():
    from tacitus.roles import RoleTagger

    docs = load_split(DATA, "dev", limit=GATE_DOCS)
    report = evaluate(RoleTagger.load().extract, docs, show=False)
    micro = report.score.micro
    assert micro.f1 >= MICRO_F1_FLOOR, (
        f"MUC-4 dev[:{GATE_DOCS}] micro F1 {100 * micro.f1:.1f} fell below the floor "
        f"{100 * MICRO_F1_FLOOR:.1f} (P {100 * micro.precision:.1f}, R {100 * micro.recall:.1f})"
    )
