"""Geography alone on coder-style records: find_chains + resolve against the gold place and country.

    .venv/bin/python benchmarks/geo_chains.py [--records ../shared/data/coder_dev/records.jsonl]
        [--misses N] [--json OUT]

For every record with gold event=true, the chain is picked as a simple extractor would: the
first chain (not a dateline) of the first sentence with a violent verb that resolves below the
country (else at the country), else the
first chain of the text that resolves, else the dateline. The dateline's country is the
country hint; the other chains' countries are context. Scored with the rules of
``../shared/tools/coder_score.py`` (its own functions are imported): place = within 50 km of
the gold point when both have coordinates, else the gold place or admin2 name inside the
resolved place/admin1/admin2; country = the canonical name (aliases accepted).

"before" runs today's geocoder (``tacitus.resolve.places.resolve_place``, over the same chain
written "A, B, C") on the same picks. The records are read at run time, never copied here; use
them for error analysis only.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RECORDS = ROOT.parent / "shared" / "data" / "coder_dev" / "records.jsonl"
SCORER = ROOT.parent / "shared" / "tools" / "coder_score.py"
VIOLENT = re.compile(
    r"\b(attack|kill|clash|bomb|explo|shell|strike|struck|shot|shoot|gunn|ambush|abduct|kidnap|"
    r"fire|raid|detonat|assault|storm|fought|fight|riot|beat|burn|loot|behead|massacre|"
    r"hijack|seiz|captur|overr|drone|airstrike|rocket|mortar|grenade|ied|stabb|rammed)", re.I)


def _scorer():
    spec = importlib.util.spec_from_file_location("coder_score", SCORER)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def sentences(text: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for m in re.finditer(r"(?<=[.!?])\s+(?=[A-Z])", text):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, len(text)))
    return out


def pick(text: str):
    """(chain, resolved place) as a simple extractor picks it, with hint and context."""
    from tacitus.geo import find_chains, resolve

    chains = find_chains(text)
    dateline = next((c for c in chains if c.dateline), None)
    where = resolve(dateline) if dateline else None
    hint = where.country_code if where else None
    body = [c for c in chains if not c.dateline]
    context = []
    for c in body:
        r = resolve(c, country_hint=hint)
        if r and r.country_code:
            context.append(r.country_code)
    for a, b in sentences(text):
        if VIOLENT.search(text[a:b]):
            found = [(c, resolve(c, country_hint=hint, context_countries=context))
                     for c in body if a <= c.start < b]
            found = [(c, r) for c, r in found if r is not None]
            # the first chain placed below the country, else the first placed at all
            for c, r in sorted(found, key=lambda cr: cr[1].precision == "country"):
                return c, r
            break
    for c in body + ([dateline] if dateline else []):
        r = resolve(c, country_hint=hint, context_countries=context)
        if r is not None:
            return c, r
    return None, None


def old_geocoder(chain, hint):
    from tacitus.resolve.places import resolve_place

    if chain is None:
        return None
    p = resolve_place(", ".join(n.text for n in chain.names), hint)
    if p is None:
        return None
    return {"place": p.name, "admin1": p.admin1, "admin2": None, "country": p.country,
            "latitude": p.latitude, "longitude": p.longitude}


def score(cs, gold: dict, got: dict | None) -> dict[str, bool]:
    got = got or {}
    out = {}
    if gold.get("country"):
        out["country"] = cs.country(gold["country"]) == cs.country(got.get("country"))
    if gold.get("latitude") is not None and got.get("latitude") is not None:
        out["place"] = cs.km(gold["latitude"], gold["longitude"], got["latitude"], got["longitude"]) <= 50
    elif gold.get("place") or gold.get("admin2"):
        text = cs.norm(" ".join(str(got.get(k) or "") for k in ("place", "admin1", "admin2")))
        out["place"] = any(cs.norm(gold.get(k)) and cs.norm(gold.get(k)) in text
                           for k in ("place", "admin2"))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--records", type=Path, default=RECORDS)
    ap.add_argument("--misses", type=int, default=0)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    if not args.records.exists():
        sys.exit(f"no records at {args.records}")
    cs = _scorer()
    totals: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    misses = []
    t0 = time.perf_counter()
    n = 0
    for line in args.records.open(encoding="utf-8"):
        rec = json.loads(line)
        gold = rec["gold"]
        if not gold.get("event"):
            continue
        n += 1
        chain, new = pick(rec["text"])
        hint = None
        results = {"after": score(cs, gold, new.__dict__ if new else None),
                   "before": score(cs, gold, old_geocoder(chain, hint))}
        for which, res in results.items():
            for field, ok in res.items():
                for style in (rec["style"], "all"):
                    totals[f"{which}/{field}"][style][0] += ok
                    totals[f"{which}/{field}"][style][1] += 1
        if not all(results["after"].values()):
            misses.append(f"{rec['id']} {rec['style']}: gold {gold.get('place')} / {gold.get('admin2')} / "
                          f"{gold.get('admin1')} / {gold.get('country')} ({gold.get('latitude')}, "
                          f"{gold.get('longitude')})\n    chain {[x.text for x in chain.names] if chain else None}"
                          f"\n    got {new}")
    elapsed = time.perf_counter() - t0
    report = {k: {s: f"{v[0]}/{v[1]} = {100 * v[0] / v[1]:.1f} %" for s, v in sorted(d.items())}
              for k, d in sorted(totals.items())}
    report["records"] = n
    report["seconds"] = round(elapsed, 1)
    print(json.dumps(report, indent=2))
    for m in misses[: args.misses]:
        print(m)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
