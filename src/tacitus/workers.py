"""Start-up of an extraction worker process, kept light: it imports nothing heavy before the
worker is tied to its parent, so a worker of an ingest killed while the workers start exits
within moments (``pipeline._Pool`` uses ``init`` as the pool's initializer)."""

from __future__ import annotations

import os
import threading
from typing import Any

# How often a worker checks that the process that started it is still alive.
ORPHAN_CHECK_S = 0.5


def die_with_parent(parent: int) -> None:
    """Make this process exit when ``parent`` dies, even by SIGKILL: the kernel's
    parent-death signal on Linux, and a thread that watches the parent's pid elsewhere."""
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, int(signal.SIGKILL), 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux
        pass
    if os.getppid() != parent:  # the parent died before the signal was armed
        os._exit(1)

    def watch() -> None:
        while True:
            if os.getppid() != parent:
                os._exit(1)
            threading.Event().wait(ORPHAN_CHECK_S)

    threading.Thread(target=watch, name="tacitus-orphan-watch", daemon=True).start()


def init(settings: Any, parent: int) -> None:
    """Tie the worker to ``parent``. Nothing is loaded here: a worker is started only for an
    article the gate passed (``pipeline._Pool``), and loads spaCy on its first article and the
    role tagger on the first that needs it (``extract.roles.load_tagger``), each once."""
    die_with_parent(parent)
