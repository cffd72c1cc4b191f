"""Helpers to drive the workbench from a real browser (browser tests and
``scripts/screenshots.py``): serve an app on a free loopback port from a thread, and start
Debian's Chromium through Playwright without letting it reach the network or download anything."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
# Chromium's background services would try the network at every start; this machine has none.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--disable-default-apps",
    "--metrics-recording-only", "--no-default-browser-check", "--disable-features=Translate,MediaRouter",
]


def browser_missing() -> str | None:
    """Why the browser tests cannot run here (no Chromium, no Playwright, no vendored
    assets), or None when they can."""
    import importlib.util

    from . import assets

    if not CHROMIUM.exists():
        return f"{CHROMIUM} not installed (apt-get install chromium)"
    if importlib.util.find_spec("playwright") is None:
        return "the playwright package is not installed"
    if assets.missing():
        return f"vendored front-end assets missing ({', '.join(assets.missing())}): run `make setup`"
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve_in_thread(app: Any, timeout: float = 15.0) -> Iterator[str]:
    """Run ``app`` with uvicorn on 127.0.0.1 in a thread; yield its base URL."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout)


def launch_chromium(playwright: Any, executable: Path = CHROMIUM) -> Any:
    return playwright.chromium.launch(executable_path=str(executable), headless=True, args=CHROMIUM_ARGS)
