"""Load on the read API, over loopback only, with a fixed number of requests.

    .venv/bin/python benchmarks/load.py [--incidents 10000] [--requests 4000] [--clients 20]
        [--workers 2] [--path /api/events] [--src DIR]

1. builds a database of ``--incidents`` synthetic incidents, inserted directly (one article
   and one event each, with two evidence spans, actors and an incident row): the shape
   ``tacitus ingest`` leaves, without the hours of extraction;
2. starts ``tacitus serve`` on a free loopback port (``--workers`` processes; ``--src`` runs
   another checkout's code, for a before/after comparison);
3. sends ``--requests`` GET requests from ``--clients`` threads with keep-alive
   connections, to ``--path`` with a random page offset (and ``/api/events/{id}`` for a
   random id when ``--path`` is ``detail``);
4. reports requests per second, latency p50/p90/p99, the server's CPU time per request and
   the peak memory of the server's processes (VmHWM), as JSON.

The client shares the machine's cores with the server, so the figures are a floor.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

COUNTRIES = ("Nigeria", "Somalia", "Afghanistan", "Pakistan", "Mali", "Iraq", "Syria", "Kenya")


def build(db: Path, n: int, seed: int = 3) -> None:
    from tacitus.store import Store

    Store(db).close()  # schema and migrations
    rng = random.Random(seed)
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA synchronous = OFF")
    with conn:
        conn.execute("INSERT OR IGNORE INTO actors (key, name, kind) VALUES ('al-shabaab', 'al-Shabaab', 'armed_group')")
        for i in range(1, n + 1):
            aid = f"{i:016x}"
            day = f"20{rng.randint(15, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            country = rng.choice(COUNTRIES)
            text = f"Gunmen attacked a village in {country} on {day}, killing {i % 50} people, officials said. " * 3
            conn.execute("INSERT INTO articles (id, content_hash, source, title, published, language, text,"
                         " ingested_at) VALUES (?, ?, ?, ?, ?, 'en', ?, '2025-01-01')",
                         (aid, f"{i:064x}", f"synthetic/{i}.txt", f"Attack {i} in {country}", day, text))
            cur = conn.execute(
                "INSERT INTO events (article_id, key, type, date, date_precision, country, place, place_precision,"
                " latitude, longitude, killed_min, killed_max, summary, confidence) VALUES"
                " (?, 'e1', 'armed_assault', ?, 'day', ?, ?, 'city', ?, ?, ?, ?, ?, 0.8)",
                (aid, day, country, f"Town {i}", rng.uniform(-10, 30), rng.uniform(-10, 60), i % 50, i % 50,
                 text[:90]))
            eid = cur.lastrowid
            conn.execute("INSERT INTO event_sources (event_id, article_id) VALUES (?, ?)", (eid, aid))
            conn.execute("INSERT INTO actor_mentions (actor_key, article_id, confidence) VALUES ('al-shabaab', ?, 0.7)",
                         (aid,))
            if i % 3 == 0:
                conn.execute("INSERT INTO event_actors (event_id, actor_key, role) VALUES (?, 'al-shabaab', 'perpetrator')",
                             (eid,))
            for field, (s, e) in (("killed", (40, 60)), ("date", (0, 30))):
                conn.execute('INSERT INTO evidence (article_id, owner_type, owner_id, field, sentence, start, "end", text)'
                             " VALUES (?, 'event', ?, ?, 0, ?, ?, ?)", (aid, str(eid), field, s, e, text[:100]))
            inc = conn.execute("INSERT INTO incidents (id, created_at, anchor) VALUES (?, '2025-01-01', ?)",
                               (i, f"{aid}#e1")).lastrowid
            conn.execute("INSERT INTO incident_events (event_id, incident_id, method, at) VALUES (?, ?, 'new', '2025-01-01')",
                         (eid, inc))
    conn.close()
    with Store(db) as store, store.atomic():
        pass  # writes the incidents' stored list rows (m008), as the ingest's transactions do


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tree_hwm_mb(pid: int) -> float:
    """Peak resident memory of ``pid`` and its children, in MB."""
    pids = [pid]
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="utf-8", errors="replace") as fh:
                    if int(fh.read().rsplit(")", 1)[1].split()[1]) == pid:
                        pids.append(int(entry))
            except (OSError, ValueError, IndexError):
                continue
    total = 0
    for p in pids:
        try:
            with open(f"/proc/{p}/status", encoding="utf-8") as fh:
                for line in fh:
                    if line.startswith("VmHWM:"):
                        total += int(line.split()[1])
        except OSError:
            continue
    return round(total / 1024, 1)


def tree_cpu_s(pid: int) -> float:
    """CPU seconds (user + system) used so far by ``pid`` and its children."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8", errors="replace") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(entry) == pid or int(fields[1]) == pid:
            total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def run(incidents: int, requests: int, clients: int, workers: int, path: str, src: str | None) -> dict:
    with tempfile.TemporaryDirectory(prefix="tacitus-load-") as tmp:
        db = Path(tmp) / "load.db"
        build(db, incidents)
        port = free_port()
        env = {**os.environ, "TACITUS_ENCODER": "0"}
        if src:
            env["PYTHONPATH"] = src
        cmd = [sys.executable, "-m", "tacitus.cli", "serve", "--db", str(db), "--port", str(port),
               "--log-level", "warning"]
        if src is None or workers > 1:  # another checkout may predate --workers (then: one process)
            cmd += ["--workers", str(workers)]
        server = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            deadline = time.time() + 120
            while time.time() < deadline:
                try:
                    c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                    c.request("GET", "/api/stats")
                    if c.getresponse().status == 200:
                        break
                except OSError:
                    time.sleep(0.3)
            latencies: list[float] = []
            errors = [0]
            lock = threading.Lock()
            per_client = requests // clients

            def client(k: int) -> None:
                rng = random.Random(k)
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                mine = []
                for _ in range(per_client):
                    url = (f"/api/events/{rng.randint(1, incidents)}" if path == "detail"
                           else f"{path}?offset={rng.randrange(0, max(1, incidents - 50))}")
                    t = time.perf_counter()
                    try:
                        conn.request("GET", url)
                        resp = conn.getresponse()
                        resp.read()
                        ok = resp.status == 200
                    except (OSError, http.client.HTTPException):
                        ok = False
                        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                    mine.append(time.perf_counter() - t)
                    if not ok:
                        with lock:
                            errors[0] += 1
                with lock:
                    latencies.extend(mine)

            threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
            cpu0 = tree_cpu_s(server.pid)
            start = time.perf_counter()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            elapsed = time.perf_counter() - start
            cpu = tree_cpu_s(server.pid) - cpu0
            latencies.sort()

            def pct(q: float) -> float:
                return round(1000 * latencies[min(len(latencies) - 1, int(q * len(latencies)))], 1)

            return {"incidents": incidents, "requests": len(latencies), "clients": clients, "workers": workers,
                    "path": path, "code": src or "this checkout", "errors": errors[0],
                    "requests_per_s": round(len(latencies) / elapsed, 1), "p50_ms": pct(0.5), "p90_ms": pct(0.9),
                    "p99_ms": pct(0.99), "server_cpu_ms_per_request": round(1000 * cpu / max(1, len(latencies)), 2),
                    "server_peak_mb": tree_hwm_mb(server.pid)}
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--incidents", type=int, default=10_000)
    ap.add_argument("--requests", type=int, default=4000)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--path", default="/api/events", help="a list path, or 'detail'")
    ap.add_argument("--src", default=None, help="a src/ folder of another checkout to serve instead")
    a = ap.parse_args()
    print(json.dumps(run(a.incidents, a.requests, a.clients, a.workers, a.path, a.src), indent=2))


if __name__ == "__main__":
    main()
