"""Shared by the speed benchmarks: run a command and measure its wall time and the peak of the
resident memory of its whole process tree (the command and every worker it starts), read from
/proc every 50 ms; and the texts of MUC-4, read at run time from ../shared/data/muc4."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent
MUC4 = REPO.parent / "shared" / "data" / "muc4"
POLL_S = 0.05


def _pss(pid: int) -> int:
    """Proportional set size of ``pid`` in bytes: its private pages plus its share of the pages
    it shares (libraries, copy-on-write) with other processes; 0 when unreadable."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _tree(root: int) -> list[int]:
    """``root`` and all its descendants."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                children.setdefault(int(fh.read().rsplit(")", 1)[1].split()[1]), []).append(int(entry))
        except OSError:
            continue
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, []))
    return out


def tree_pss(root: int) -> int:
    """The proportional set size of ``root`` and its descendants: the memory the tree really
    takes (a library page resident in two workers counted once, not twice as the RSS sum does)."""
    return sum(_pss(pid) for pid in _tree(root))


# The peak proportional set size of the process tree of the last ``run`` (bytes).
last_peak_pss = 0


def _tree_rss(root: int) -> int:
    """Resident bytes of ``root`` and all its descendants (Linux /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, ppid = int(entry), int(fields[1])
        children.setdefault(ppid, []).append(pid)
        rss[pid] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(children.get(pid, []))
    return total


def run(cmd: list[str], *, stdin: Path | None = None, env: dict[str, str] | None = None) -> tuple[float, int, str]:
    """(wall seconds, peak resident bytes of the process tree, stderr) of ``cmd``; the peak of
    its proportional set size is left in ``last_peak_pss``."""
    global last_peak_pss
    peak = pss = 0
    done = threading.Event()
    start = time.perf_counter()
    with open(stdin, "rb") if stdin else open(os.devnull, "rb") as fin:
        proc = subprocess.Popen(cmd, stdin=fin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                env={**os.environ, **(env or {})})

        def poll() -> None:
            nonlocal peak, pss
            while not done.is_set():
                peak = max(peak, _tree_rss(proc.pid))
                pss = max(pss, tree_pss(proc.pid))
                done.wait(POLL_S)

        watcher = threading.Thread(target=poll, daemon=True)
        watcher.start()
        _, err = proc.communicate()
        done.set()
        watcher.join()
    elapsed = time.perf_counter() - start
    last_peak_pss = pss
    if proc.returncode == 3:  # internal errors on some documents: the figures stand, the errors are shown
        print(f"warning: {' '.join(cmd)} exited 3:\n{err.decode()[-1500:]}", file=sys.stderr)
    elif proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err.decode()[-2000:]}")
    return elapsed, peak, err.decode()


def muc4_texts(n: int | None = None) -> list[tuple[str, bool]]:
    """(text, has an incident) of MUC-4 dev then train, the first ``n``; read at run time."""
    from tacitus.evaluate.muc4 import load_split

    if not (MUC4 / "dev.jsonl").is_file():
        raise SystemExit(f"MUC-4 data not found in {MUC4}")
    docs = [*load_split(MUC4, "dev"), *load_split(MUC4, "train")]
    return [(d.text, any(d.gold.values())) for d in docs[:n]]


def write_jsonl(path: Path, texts: list[str]) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for t in texts:
            fh.write(json.dumps({"text": t}) + "\n")
    return path


def summary_line(err: str) -> str:
    """An ingest's summary line ("2200 stored (1980 off-topic, not annotated), ..."), else the
    last line of ``err``."""
    lines = err.strip().splitlines() or [""]
    return next((ln for ln in lines if " stored" in ln and " rejected" in ln), lines[-1])


def mib(n: int) -> str:
    return f"{n / 2 ** 20:.0f} MiB"
