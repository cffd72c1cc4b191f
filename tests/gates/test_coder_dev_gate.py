"""Evaluation gate: the whole pipeline on ../shared/data/coder_dev, scored field by field with
the rules of ../shared/tools/coder_score.py (the rules of the held-back test). The run goes
through the command line exactly as a user's would: ``tacitus ingest`` of the records, then
``tacitus events --format json``. Floors are in floors.json; coder_dev served for error
analysis, so they only catch regressions. Skipped without the shared data."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

from gatefloors import SHARED, floors

RECORDS = SHARED / "data" / "coder_dev" / "records.jsonl"
SCORER = SHARED / "tools" / "coder_score.py"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.model,
    pytest.mark.skipif(not (RECORDS.exists() and SCORER.exists()), reason="needs ../shared/data/coder_dev"),
]


def _scorer():
    spec = importlib.util.spec_from_file_location("coder_score", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def field_accuracy(cs, records: list[dict], events: list[dict]) -> dict[str, float]:
    """Per-field accuracy (percent) over all styles, by the scorer's own functions."""
    per = cs.tie(records, events)
    right, total = defaultdict(int), defaultdict(int)
    for i, r in enumerate(records):
        g, evs = r["gold"], per.get(i, [])
        if not g.get("event", True):
            total["quiet"] += 1
            right["quiet"] += all(cs.norm(e.get("acled_event_type")) in cs.NONVIOLENT for e in evs)
            continue
        best: dict = {"found": False}
        for e in evs:
            res = cs.score_event(g, e)
            if sum(res.values()) > sum(best.values()):
                best = res
        for field in cs.score_event(g, {}):
            total[field] += 1
            right[field] += bool(best.get(field))
    return {f: 100 * right[f] / total[f] for f in total}


@pytest.fixture(scope="module")
def scores(tmp_path_factory) -> dict[str, float]:
    cs = _scorer()
    work = tmp_path_factory.mktemp("coder_dev")
    records = cs.load(str(RECORDS))
    cs.write_input(records, str(work / "in.jsonl"))
    db = work / "cd.db"
    tacitus = [sys.executable, "-m", "tacitus.cli"]
    env = {**os.environ, "TACITUS_DB": str(db)}
    run = subprocess.run([*tacitus, "ingest", str(work / "in.jsonl")], env=env, capture_output=True, text=True)
    assert run.returncode in (0, 1), run.stderr[-2000:]
    out = subprocess.run([*tacitus, "events", "--format", "json"], env=env, capture_output=True, text=True,
                         check=True)
    events = json.loads(out.stdout)
    return field_accuracy(cs, records, events if isinstance(events, list) else events["events"])


@pytest.mark.parametrize("field", sorted(floors("coder_dev")))
def test_coder_dev_field_floor(scores, field):
    floor = floors("coder_dev")[field]
    assert scores[field] >= floor, f"coder_dev {field} {scores[field]:.1f} % fell below the floor {floor} %"
