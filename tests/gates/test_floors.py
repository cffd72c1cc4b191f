"""The floors only go up: a commit that lowers one (or drops a gate) fails here."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from gatefloors import FLOORS_FILE, REPO, load_floors


def _git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, check=True).stdout


@pytest.mark.skipif(shutil.which("git") is None or not (REPO / ".git").exists(), reason="needs the git history")
def test_floors_never_drop():
    path = FLOORS_FILE.relative_to(REPO).as_posix()
    commits = _git("log", "--format=%H", "--", path).split()
    if not commits:
        pytest.skip("floors.json has no committed history yet")
    # compare with the last committed version before the working tree's (or before HEAD's, when
    # the working tree is that commit)
    previous = commits[0] if _git("status", "--porcelain", "--", path).strip() else (
        commits[1] if len(commits) > 1 else None)
    if previous is None:
        pytest.skip("floors.json has one committed version only")
    before = load_floors(_git("show", f"{previous}:{path}"))
    now = load_floors()
    for gate, fields in before.items():
        assert gate in now, f"gate {gate!r} was removed from floors.json"
        for field, floor in fields.items():
            assert field in now[gate], f"{gate}.{field} was removed from floors.json"
            assert now[gate][field] >= floor, f"{gate}.{field} lowered from {floor} to {now[gate][field]}"


def test_floors_are_percentages():
    for gate, fields in load_floors().items():
        for field, floor in fields.items():
            assert 0 <= floor <= 100, (gate, field, floor)
