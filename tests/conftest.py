"""Shared fixtures: the spaCy pipeline (loaded once), a helper that runs the whole
clean -> annotate -> extract chain on a text, and the path of the shared data."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tacitus.config import Settings

FIXTURES = Path(__file__).parent / "fixtures"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"


@pytest.fixture(scope="session")
def extract_text():
    from tacitus.pipeline import process_text

    def run(text: str, published: str | None = None):
        return process_text(text, date.fromisoformat(published) if published else None)

    return run


@pytest.fixture()
def settings(tmp_path) -> Settings:
    return Settings(db=tmp_path / "t.db")


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED.exists():
        pytest.skip("../shared/data is not beside the repository")
    return SHARED
