"""A kept crash-safety check (slow): an ingest in a subprocess killed with SIGKILL, then run
again, leaves the record a clean run leaves (``benchmarks/crash_safety.py``, small here;
RELIABILITY.md reports the 20-kill run)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from crash_safety import run  # noqa: E402


@pytest.mark.slow
def test_killed_ingests_leave_what_a_clean_run_leaves():
    result = run(n_articles=60, kills=3, workers=2, seed=11)
    assert result["ok"], result["problems"]
    assert result["kills"] >= 1 and result["worker_survivors"] == 0
    assert result["final_exit_code"] == 0
