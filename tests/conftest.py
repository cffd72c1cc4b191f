"""Shared fixtures: the spaCy pipeline (loaded once), a helper that runs the whole
clean -> annotate -> extract chain on a text, the path of the shared data, and a small record
of incidents built by hand (``incident_record``) as a database file."""

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

    extractor = Settings(gate=False)  # the extractor itself: the relevance gate has tests of its own

    def run(text: str, published: str | None = None):
        return process_text(text, date.fromisoformat(published) if published else None, extractor)

    return run


@pytest.fixture()
def settings(tmp_path) -> Settings:
    return Settings(db=tmp_path / "t.db")


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED.exists():
        pytest.skip("../shared/data is not beside the repository")
    return SHARED


# --- the browser tests (test_serve_browser, test_serve_pictures_browser) ---------------------

BROWSER_TIMEOUT_MS = 15_000


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium through Playwright, for the tests marked ``browser``."""
    from playwright.sync_api import sync_playwright

    from tacitus.serve.testing import launch_chromium

    with sync_playwright() as p:
        b = launch_chromium(p)
        yield b
        b.close()


@pytest.fixture()
def page(browser):
    """A fresh page that fails the test on any dialog (alert() from hostile text), page
    error, console error or Content-Security-Policy violation."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    p = context.new_page()
    p.set_default_timeout(BROWSER_TIMEOUT_MS)
    problems: list[str] = []
    p.expected_errors = []  # console errors a test provokes on purpose (substrings)

    def on_console(m):
        if m.type == "error" and not any(e in m.text for e in p.expected_errors):
            problems.append(f"console {m.type}: {m.text}")

    p.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
    p.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    p.on("console", on_console)
    yield p
    context.close()
    assert not problems, problems


@pytest.fixture()
def record_db(tmp_path) -> Path:
    """``incident_record``'s three incidents (one from two reports, one not resolved yet)."""
    from incident_record import build
    from tacitus.store import Store

    db = tmp_path / "record.db"
    with Store(db) as store:
        build(store)
    return db


@pytest.fixture(scope="session")
def record_incidents() -> list[dict]:
    """``incident_record``'s incidents as the exports get them (with evidence and articles)."""
    from incident_record import build
    from tacitus.resolve.incidents import iter_incidents
    from tacitus.store import Store

    with Store(":memory:") as store:
        build(store)
        return list(iter_incidents(store.conn, articles=True))
