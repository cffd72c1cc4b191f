"""Crash safety: an ingest killed with SIGKILL at random points leaves the record a clean run
leaves, once it is run again.

    .venv/bin/python benchmarks/crash_safety.py [--articles 300] [--kills 20] [--workers 2] [--seed 7]

1. writes ``--articles`` small synthetic reports (several per attack, tolls rising, in a few
   countries) as one JSON Lines file, and ingests it once into a clean database (the
   reference);
2. ingests it again into another database with ``tacitus ingest --no-roles``, killing the
   process (SIGKILL) ``--kills`` times, each run resuming the last: one kill in five during
   start-up, the others right after a random number of further articles were committed;
   after each kill checks: ``PRAGMA integrity_check`` is ok; every committed article is
   complete (its events all stored, every event in an incident: the unit of work); no
   worker process of the killed ingest is still alive after a few seconds;
3. runs it to the end and checks: no article or event stored twice, the same articles and
   events as the reference, the same incidents (members and ids), the same merge candidates.

Prints one JSON object; exits 1 when any check fails. ``tests/test_crash_safety.py`` runs a
small version of it.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

PLACES = (("Maiduguri", "Nigeria"), ("Kano", "Nigeria"), ("Mogadishu", "Somalia"), ("Baidoa", "Somalia"),
          ("Kabul", "Afghanistan"), ("Peshawar", "Pakistan"), ("Bamako", "Mali"), ("Goma", "Democratic Republic of the Congo"))
ACTS = (("A suicide bomber blew himself up at a market in {place}", "killing {n} people"),
        ("Gunmen attacked a police post in {place}", "killing {n} officers"),
        ("A car bomb exploded near a checkpoint in {place}", "killing {n} people"),
        ("Militants stormed a village near {place}", "killing {n} civilians"))
ORPHAN_WAIT_S = 10.0  # a killed ingest's workers must be gone by then
SAYS = ("police said", "officials said", "a spokesman said", "witnesses said")


def articles(n: int, seed: int) -> list[dict]:
    """``n`` short reports: attacks with one to four reports each, tolls revised upwards."""
    rng = random.Random(seed)
    out: list[dict] = []
    start = date(2024, 3, 1)
    attack = 0
    while len(out) < n:
        attack += 1
        place, country = rng.choice(PLACES)
        day = start + timedelta(days=rng.randint(0, 20))
        act, toll = rng.choice(ACTS), rng.randint(2, 60)
        for r in range(rng.randint(1, 4)):
            if len(out) >= n:
                break
            killed = toll + 3 * r
            weekday = day.strftime("%A")
            text = (f"{act[0].format(place=place)}, {country}, on {weekday}, {act[1].format(n=killed)}, "
                    f"{rng.choice(SAYS)}. The attack took place on {day.day} {day:%B} {day.year}. "
                    f"Report {attack}-{r}.")
            out.append({"text": text, "published": (day + timedelta(days=r)).isoformat(),
                        "url": f"https://news.example/{attack}/{r}"})
    return out


def ingest_cmd(path: Path, db: Path, workers: int) -> list[str]:
    return [sys.executable, "-m", "tacitus.cli", "ingest", str(path), "--db", str(db), "--no-roles",
            "--workers", str(workers)]


def children(pid: int) -> set[int]:
    """Every descendant of ``pid`` (from /proc)."""
    parent: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="utf-8", errors="replace") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
                parent[int(entry)] = int(fields[1])
            except (OSError, IndexError, ValueError):
                continue
    out, todo = set(), [pid]
    while todo:
        p = todo.pop()
        for c, pp in parent.items():
            if pp == p and c not in out:
                out.add(c)
                todo.append(c)
    return out


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8", errors="replace") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def snapshot(db: Path) -> dict:
    """What must match the clean run: articles, events, incidents (id, members), candidates."""
    conn = sqlite3.connect(db)
    try:
        arts = sorted(r[0] for r in conn.execute("SELECT id FROM articles"))
        events = sorted(r[0] for r in conn.execute("SELECT article_id || '#' || key FROM events"))
        members: dict[int, list[str]] = {}
        for inc, ref in conn.execute("SELECT ie.incident_id, e.article_id || '#' || e.key FROM incident_events ie"
                                     " JOIN events e ON e.id = ie.event_id"):
            members.setdefault(inc, []).append(ref)
        cands = sorted(tuple(sorted(r)) for r in conn.execute(
            "SELECT l.article_id || '#' || l.key, r.article_id || '#' || r.key FROM merge_candidates c"
            " JOIN events l ON l.id = c.left_event JOIN events r ON r.id = c.right_event"))
        return {"articles": arts, "events": events,
                "incidents": sorted((i, sorted(m)) for i, m in members.items()), "candidates": cands}
    finally:
        conn.close()


def wait_for_count(db: Path, target: int, proc: subprocess.Popen, timeout: float = 300.0) -> None:
    """Until ``db`` holds ``target`` articles, or the process ends."""
    deadline = time.time() + timeout
    while proc.poll() is None and time.time() < deadline:
        try:
            conn = sqlite3.connect(db, timeout=1)
            n = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
            conn.close()
            if n >= target:
                return
        except sqlite3.Error:
            pass
        time.sleep(0.05)


def timed_run(cmd: list[str], env: dict, db: Path) -> tuple[float, float]:
    """Run ``cmd`` to the end; (seconds in all, seconds until the first article was stored)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    first = None
    while proc.poll() is None:
        time.sleep(0.1)
        if first is None and db.exists():
            try:
                conn = sqlite3.connect(db, timeout=1)
                if conn.execute("SELECT count(*) FROM articles").fetchone()[0]:
                    first = time.perf_counter() - t0
                conn.close()
            except sqlite3.Error:
                pass
    total = time.perf_counter() - t0
    return total, first if first is not None else total


def check_after_kill(db: Path) -> list[str]:
    problems = []
    conn = sqlite3.connect(db, timeout=30)
    try:
        ok = conn.execute("PRAGMA integrity_check").fetchone()[0]
        if ok != "ok":
            problems.append(f"integrity_check: {ok}")
        fk = conn.execute("PRAGMA foreign_key_check").fetchall()
        if fk:
            problems.append(f"foreign_key_check: {len(fk)} rows")
        unresolved = conn.execute("SELECT count(*) FROM events e LEFT JOIN incident_events ie"
                                  " ON ie.event_id = e.id WHERE ie.event_id IS NULL").fetchone()[0]
        if unresolved:
            problems.append(f"{unresolved} committed events outside every incident")
        dup = conn.execute("SELECT count(*) - count(DISTINCT content_hash) FROM articles").fetchone()[0]
        if dup:
            problems.append(f"{dup} articles stored twice")
    except sqlite3.DatabaseError as exc:
        problems.append(f"database error: {exc}")
    finally:
        conn.close()
    return problems


def run(n_articles: int = 300, kills: int = 20, workers: int = 2, seed: int = 7) -> dict:
    rng = random.Random(seed)
    env = {**os.environ, "TACITUS_ENCODER": "0", "PYTHONUNBUFFERED": "1"}
    with tempfile.TemporaryDirectory(prefix="tacitus-crash-") as tmp:
        tmpd = Path(tmp)
        src = tmpd / "reports.jsonl"
        src.write_text("".join(json.dumps(a) + "\n" for a in articles(n_articles, seed)), encoding="utf-8")
        clean_db, db = tmpd / "clean.db", tmpd / "killed.db"
        clean_s, first_s = timed_run(ingest_cmd(src, clean_db, workers), env, clean_db)
        reference = snapshot(clean_db)
        problems: list[str] = []
        stored_at_kill: list[int] = []
        survivors = 0
        for k in range(kills):
            proc = subprocess.Popen(ingest_cmd(src, db, workers), env=env, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL)
            # one kill in five lands during start-up (model loads, the pool starting); the others
            # right after a random number of further articles were committed, mid-batch
            before = stored_at_kill[-1] if stored_at_kill else 0
            if rng.random() < 0.2:
                time.sleep(rng.uniform(0.3, max(0.5, first_s * 0.8)))
            else:
                target = before + rng.randint(1, max(1, (n_articles - before) // (kills - k + 1)))
                wait_for_count(db, target, proc)
                time.sleep(rng.uniform(0.0, 0.3))
            kids = children(proc.pid)
            finished = proc.poll() is not None
            if not finished:
                os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
            deadline = time.time() + ORPHAN_WAIT_S
            while time.time() < deadline and any(alive(c) for c in kids):
                time.sleep(0.2)
            left = [c for c in kids if alive(c)]
            if left:
                survivors += len(left)
                problems.append(f"kill {k}: {len(left)} worker processes still alive")
                for c in left:
                    os.kill(c, signal.SIGKILL)
            if db.exists():
                problems += [f"kill {k}: {p}" for p in check_after_kill(db)]
                conn = sqlite3.connect(db, timeout=30)
                stored_at_kill.append(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
                conn.close()
            if finished:
                break
        final = subprocess.run(ingest_cmd(src, db, workers), env=env, check=False, capture_output=True)
        problems += [f"final run: {p}" for p in check_after_kill(db)]
        after = snapshot(db)
        for key in ("articles", "events", "incidents", "candidates"):
            if after[key] != reference[key]:
                problems.append(f"{key} differ from the clean run ({len(after[key])} vs {len(reference[key])})")
        return {
            "articles": n_articles, "kills": len(stored_at_kill), "workers": workers,
            "stored_at_each_kill": stored_at_kill, "clean_run_s": round(clean_s, 1),
            "clean_run_first_store_s": round(first_s, 1),
            "final_exit_code": final.returncode, "incidents": len(reference["incidents"]),
            "events": len(reference["events"]), "worker_survivors": survivors,
            "problems": problems, "ok": not problems,
        }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=300)
    ap.add_argument("--kills", type=int, default=20)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    result = run(a.articles, a.kills, a.workers, a.seed)
    print(json.dumps(result, indent=2))
    sys.exit(0 if result["ok"] else 1)


if __name__ == "__main__":
    main()
