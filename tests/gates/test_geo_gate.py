"""Evaluation gate for geography alone: find_chains + resolve on coder_dev (benchmarks/geo_chains.py).

The floors sit below what the resolver reaches on coder_dev (BENCHMARKS.md, "Places"), which
was used for error analysis; they only catch regressions. Never lower them to pass.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from gatefloors import REPO as ROOT
from gatefloors import floors

RECORDS = ROOT.parent / "shared" / "data" / "coder_dev" / "records.jsonl"
FLOORS = {k: v / 100 for k, v in floors("geo_coder_dev").items()}

pytestmark = pytest.mark.skipif(not RECORDS.exists(), reason="needs ../shared/data/coder_dev")


def test_geo_floors_on_coder_dev():
    spec = importlib.util.spec_from_file_location("geo_chains", ROOT / "benchmarks" / "geo_chains.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    cs = bench._scorer()
    right = {k: 0 for k in FLOORS}
    total = {k: 0 for k in FLOORS}
    for line in RECORDS.open(encoding="utf-8"):
        rec = json.loads(line)
        if not rec["gold"].get("event"):
            continue
        _, got = bench.pick(rec["text"])
        for field, ok in bench.score(cs, rec["gold"], got.__dict__ if got else None).items():
            right[field] += ok
            total[field] += 1
    for field, floor in FLOORS.items():
        assert right[field] / total[field] >= floor, (field, right[field], total[field])
