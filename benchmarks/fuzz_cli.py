"""Fuzzed inputs through the command line, as an attacker or a careless feed would send them.

    .venv/bin/python benchmarks/fuzz_cli.py [--inputs 1200] [--batch 60] [--seed 5] [--src DIR] [--in-process]

Generates ``--inputs`` hostile files from families of known trouble (lone surrogates in JSON
strings, JSON nested past the recursion limit, integers of thousands of digits, absurd tolls
in text, random bytes, UTF-16 without a byte-order mark, NUL bytes, mojibake, deep and
unclosed HTML, file names that are not UTF-8, empty and whitespace files, records of the
wrong shape), each mutated at random, and ingests them ``--batch`` at a time with
``tacitus ingest --no-roles``, a valid article last in every batch. A crash is an exit code
other than 0 or 1, a traceback, a rejection without a code, or the valid article not stored.
Prints the counts by family as JSON; exits 1 on any crash. ``--src`` runs another
checkout's code (its rejections are not expected to carry codes).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

VALID = ("Gunmen attacked a police post in Kano on Monday, killing {n} officers, police said. "
         "The attack took place on 6 May 2024.")


def family_inputs(rng: random.Random, i: int) -> tuple[str, bytes | str, bytes]:
    """(family, file name, content)."""
    fam = rng.choice(FAMILIES)
    name, data = fam(rng, i)
    return fam.__name__, name, data


def surrogate_json(rng, i):
    s = rng.choice(["\\udc80", "\\ud83d", "\\udfff\\ud800", "\\ud83d\\ude00\\ud83d"])
    key = rng.choice(["title", "url", "text", "published"])
    rec = {"text": VALID.format(n=i), "title": "t", "url": "https://x.example/"}
    body = json.dumps(rec).replace(f'"{key}": "', f'"{key}": "{s}', 1)
    return f"{i}.json", body.encode()


def deep_json(rng, i):
    depth = rng.choice([1500, 5000, 100_000])
    opener = rng.choice(["[", '{"a":'])
    tail = rng.choice(["", "]" * depth if opener == "[" else "}" * depth])
    suffix = rng.choice([".json", ".jsonl"])
    return f"{i}{suffix}", (opener * depth + tail).encode()


def huge_int_json(rng, i):
    digits = "9" * rng.choice([4301, 5000, 20_000])
    key = rng.choice(["published", "n", "text"])
    return f"{i}.json", ('{"text": "%s", "%s": %s}' % (VALID.format(n=i), key, digits)).encode()


def huge_toll_text(rng, i):
    n = rng.choice(["99999999999999999999999", str(2**63), str(2**64 + 7), "1" * 40])
    return f"{i}.txt", f"Militants killed {n} people in an attack on a market in Kano on Monday.".encode()


def random_bytes(rng, i):
    return f"{i}.{rng.choice(['txt', 'html', 'json', 'jsonl'])}", bytes(rng.getrandbits(8) for _ in range(rng.randint(1, 3000)))


def utf16_no_bom(rng, i):
    enc = rng.choice(["utf-16-le", "utf-16-be"])
    return f"{i}.txt", VALID.format(n=i).encode(enc)


def nul_bytes(rng, i):
    text = VALID.format(n=i).encode()
    pos = rng.randrange(len(text))
    return f"{i}.txt", text[:pos] + b"\x00" * rng.randint(1, 10) + text[pos:]


def mojibake(rng, i):
    return f"{i}.txt", VALID.format(n=i).replace("'", "’").encode("utf-8").decode("latin-1").encode("utf-8")


def deep_html(rng, i):
    depth = rng.choice([10_000, 100_000])
    close = rng.random() < 0.5
    return f"{i}.html", ("<div>" * depth + f"<p>{VALID.format(n=i)}</p>" + ("</div>" * depth if close else "")).encode()


def bad_name(rng, i):
    return b"caf\xe9-%d-\xff.txt" % i, VALID.format(n=i + 10_000).encode()


def empty(rng, i):
    return f"{i}.{rng.choice(['txt', 'json', 'jsonl', 'html'])}", rng.choice([b"", b"   \n\t ", b"\n" * 100])


def wrong_shape(rng, i):
    body = rng.choice([b"[]", b"42", b'"text"', b'{"text": 5}', b'[{"html": null}]', b'{"title": "x"}',
                       b'{"text": "x", "published": "31/02/2024"}', b"[1, 2, {\"text\": \"ok then\"}]"])
    return f"{i}.{rng.choice(['json', 'jsonl'])}", body


FAMILIES = (surrogate_json, deep_json, huge_int_json, huge_toll_text, random_bytes, utf16_no_bom, nul_bytes,
            mojibake, deep_html, bad_name, empty, wrong_shape)


def mutate(rng: random.Random, data: bytes) -> bytes:
    if not data or rng.random() < 0.6:
        return data
    b = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        op = rng.randrange(3)
        pos = rng.randrange(len(b) + 1)
        if op == 0:
            b[pos:pos] = bytes([rng.getrandbits(8)])
        elif op == 1 and b:
            del b[min(pos, len(b) - 1)]
        elif b:
            b[min(pos, len(b) - 1)] = rng.getrandbits(8)
    return bytes(b)


def run(n: int, batch: int, seed: int, src: str | None = None) -> dict:
    rng = random.Random(seed)
    crashes: list[str] = []
    by_family: Counter = Counter()
    outcome: Counter = Counter()
    with tempfile.TemporaryDirectory(prefix="tacitus-fuzz-") as tmp:
        db = Path(tmp) / "f.db"
        for b, start in enumerate(range(0, n, batch)):
            folder = os.path.join(os.fsencode(tmp), b"batch%d" % b)
            os.mkdir(folder)
            fams = []
            for i in range(start, min(n, start + batch)):
                fam, name, data = family_inputs(rng, i)
                data = mutate(rng, data)
                raw = name if isinstance(name, bytes) else name.encode()
                with open(os.path.join(folder, b"%05d-" % i + raw), "wb") as fh:
                    fh.write(data)
                fams.append(fam)
                by_family[fam] += 1
            valid = os.path.join(folder, b"zzzzz-valid.txt")
            with open(valid, "wb") as fh:
                fh.write(VALID.format(n=500_000 + b).encode())
            r = subprocess.run([sys.executable, "-m", "tacitus.cli", "ingest", os.fsdecode(folder), "--db", str(db),
                                "--no-roles", "--published", "2024-05-07"], capture_output=True,
                               env={**os.environ, "TACITUS_ENCODER": "0", **({"PYTHONPATH": src} if src else {})},
                               check=False)
            err = r.stderr.decode("utf-8", "replace")
            lines = [line for line in err.splitlines() if ": [" in line or ": " in line]
            conn = sqlite3.connect(db)
            stored = conn.execute("SELECT count(*) FROM articles WHERE source LIKE ?", (f"%batch{b}/zzzzz-valid.txt",)).fetchone()[0]
            conn.close()
            if r.returncode not in (0, 1) or "Traceback" in err or not stored:
                crashes.append(f"batch {b}: exit {r.returncode}; {err[-500:]}")
            uncoded = [line for line in lines if line.startswith(os.fsdecode(folder)) and ": [E" not in line]
            if uncoded and not src:
                crashes.append(f"batch {b}: rejection without a code: {uncoded[0][:200]}")
            outcome["rejected"] += sum(": [E" in line for line in lines)
            outcome["internal (E9xx)"] += sum(": [E9" in line for line in lines)
        conn = sqlite3.connect(db)
        outcome["stored"] = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        conn.close()
    return {"inputs": n, "batches": len(range(0, n, batch)), "code": src or "this checkout",
            "batches_crashed": len({c.split(":")[0] for c in crashes}), "by_family": dict(sorted(by_family.items())),
            "outcome": dict(outcome), "crashes": len(crashes), "crash_details": crashes[:5],
            "integrity_check": integrity}


IN_PROCESS = r"""
import json, os, sys, traceback
from collections import Counter
from pathlib import Path
from datetime import date
from tacitus.config import Settings
from tacitus.pipeline import ingest
from tacitus.store import Store
folder, db = os.fsencode(sys.argv[1]), sys.argv[2]
settings = Settings(db=Path(db), use_roles=False, workers=1)
crashes = Counter()
n = 0
with Store(db) as store:
    for name in sorted(os.listdir(folder)):
        n += 1
        try:
            ingest([os.fsdecode(os.path.join(folder, name))], store, settings, published=date(2024, 5, 7), progress=False)
        except BaseException as exc:
            crashes[type(exc).__name__] += 1
print(json.dumps({"inputs": n, "crashed": sum(crashes.values()), "by_exception": dict(crashes)}))
"""


def run_in_process(n: int, seed: int, src: str | None) -> dict:
    """Each input alone through ``pipeline.ingest`` (one process for all): how many raise."""
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory(prefix="tacitus-fuzz-") as tmp:
        folder = os.path.join(os.fsencode(tmp), b"inputs")
        os.mkdir(folder)
        for i in range(n):
            _, name, data = family_inputs(rng, i)
            raw = name if isinstance(name, bytes) else name.encode()
            with open(os.path.join(folder, b"%05d-" % i + raw), "wb") as fh:
                fh.write(mutate(rng, data))
        r = subprocess.run([sys.executable, "-c", IN_PROCESS, os.fsdecode(folder), str(Path(tmp) / "f.db")],
                           capture_output=True, text=True, check=False,
                           env={**os.environ, "TACITUS_ENCODER": "0", **({"PYTHONPATH": src} if src else {})})
        if r.returncode:
            return {"error": r.stderr[-1500:]}
        return {"code": src or "this checkout", **json.loads(r.stdout.strip().splitlines()[-1])}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--inputs", type=int, default=1200)
    ap.add_argument("--batch", type=int, default=60)
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--src", default=None, help="a src/ folder of another checkout to run instead")
    ap.add_argument("--in-process", action="store_true",
                    help="each input alone through pipeline.ingest in one process: count the inputs that raise")
    a = ap.parse_args()
    if a.in_process:
        result = run_in_process(a.inputs, a.seed, a.src)
        print(json.dumps(result, indent=2))
        sys.exit(1 if result.get("crashed") or "error" in result else 0)
    result = run(a.inputs, a.batch, a.seed, a.src)
    print(json.dumps(result, indent=2))
    sys.exit(1 if result["crashes"] else 0)


if __name__ == "__main__":
    main()
