"""Place lists scored at 10, 50 and 161 km, before (today's geocoder) and after (chains + resolve).

    .venv/bin/python benchmarks/geo_places.py [--json OUT]

1. ``benchmarks/data/geo_mentions.tsv``: 311 district- and village-level mentions in ACLED-note
   and GTD-summary shapes. After: the first chain of the sentence, resolved. Before: that chain
   written "A, B, C" through ``tacitus.resolve.places.resolve_place``. A row with coordinates is
   right within the radius; one without (a village GeoNames lacks) is right when its name is
   the resolved place. Country: the canonical name.
2. ``tests/data/resolution/places.csv``: the older 226 mentions with a context country. After:
   ``resolve`` on the mention split at commas, the context as hint; before: ``resolve_place``.
   A country-level row is right when the country is, at any radius.
Also index size, build and load time, lookups per second and memory.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MENTIONS = ROOT / "benchmarks" / "data" / "geo_mentions.tsv"
OLD_LIST = ROOT / "tests" / "data" / "resolution" / "places.csv"
RADII = (10, 50, 161)


def _rows(path: Path, delimiter: str) -> list[dict]:
    lines = [x for x in path.open(encoding="utf-8") if not x.startswith("#")]
    return list(csv.DictReader(lines, delimiter=delimiter))


def _after(text: str):
    from tacitus.geo import find_chains, resolve

    chains = [c for c in find_chains(text) if not c.dateline]
    return (resolve(chains[0]) if chains else None), chains


def _before(chains, hint=None):
    from tacitus.resolve.places import resolve_place

    if not chains:
        return None
    return resolve_place(", ".join(n.text for n in chains[0].names), hint)


def _tally(out, key, gold_lat, gold_lon, name_ok, lat, lon, country_ok):
    from tacitus.geo.normalize import km

    t = out[key]
    t["n"] += 1
    t["country"] += country_ok
    for r in RADII:
        if gold_lat is not None:
            t[f"{r}km"] += lat is not None and km(gold_lat, gold_lon, lat, lon) <= r
        else:
            t[f"{r}km"] += name_ok


def mentions() -> dict:
    from tacitus.geo.normalize import normalize_place_name as norm

    out: dict = defaultdict(lambda: defaultdict(int))
    for row in _rows(MENTIONS, "\t"):
        glat = float(row["latitude"]) if row["latitude"] else None
        glon = float(row["longitude"]) if row["longitude"] else None
        new, chains = _after(row["text"])
        old = _before(chains)
        for which, got in (("after", new), ("before", old)):
            if which == "after":
                lat, lon = (new.latitude, new.longitude) if new else (None, None)
                name = new.place if new else None
                country = new.country if new else None
            else:
                lat, lon = (old.latitude, old.longitude) if old else (None, None)
                name = old.name if old else None
                country = old.country if old else None
            name_ok = bool(name) and norm(row["place"]) in norm(name)
            c_ok = country == row["country"]
            for key in (f"{which}/all", f"{which}/{row['precision']}", f"{which}/{row['style']}"):
                _tally(out, key, glat, glon, name_ok, lat, lon, c_ok)
    return _percent(out)


def old_list() -> dict:
    from tacitus.geo import resolve
    from tacitus.resolve.places import resolve_place

    out: dict = defaultdict(lambda: defaultdict(int))
    for row in _rows(OLD_LIST, ","):
        hint = row["context_country"] or None
        glat, glon = float(row["latitude"]), float(row["longitude"])
        new = resolve([x.strip() for x in row["mention"].split(",")], country_hint=hint)
        old = resolve_place(row["mention"], hint)
        for which, got in (("after", new), ("before", old)):
            code = (got.country_code if got else None)
            lat = (got.latitude if got else None)
            lon = (got.longitude if got else None)
            country_ok = code == row["expected_country"]
            if row["precision"] == "country":  # a centroid is not tested on distance
                lat, lon = (glat, glon) if country_ok else (None, None)
            for key in (f"{which}/all", f"{which}/{row['precision']}"):
                _tally(out, key, glat, glon, False, lat, lon, country_ok)
    return _percent(out)


def _percent(out: dict) -> dict:
    return {k: {m: (v if m == "n" else f"{100 * v / t['n']:.1f} %") for m, v in t.items()}
            for k, t in sorted(out.items())}


def index_figures() -> dict:
    """Size, build time (in a fresh cache directory), load time, lookups per second, memory."""
    from tacitus.geo import build, gazetteer, resolve

    path = build.ensure_index()
    code = ("import time,sys;t=time.perf_counter();from tacitus.geo.gazetteer import gazetteer;"
            "g=gazetteer();g.named('Kabul');print(time.perf_counter()-t)")
    load_s = float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                  check=True).stdout)
    g = gazetteer.gazetteer()
    names = ["Kabul", "Djibo", "Bulo Burte", "Soum", "Gedo", "Maiduguri", "Xudur", "Kherson"] * 250
    t = time.perf_counter()
    for n in names:
        g.named(n)
    lookups = len(names) / (time.perf_counter() - t)
    chains = [["Koutougou", "Soum", "Sahel"], ["Shin Kalay", "Kandahar", "Afghanistan"],
              ["Bulla Hawa", "Bulla Hawa", "Gedo"], ["Kanam", "Plateau", "Nigeria"]] * 100
    t = time.perf_counter()
    for c in chains:
        resolve(c)
    resolves = len(chains) / (time.perf_counter() - t)
    tmp = Path(os.environ.get("TMPDIR", "/tmp")) / "tacitus-geo-build-timing.sqlite"
    t = time.perf_counter()
    build.build_into(tmp)
    build_s = time.perf_counter() - t
    tmp.unlink(missing_ok=True)
    return {"index_file": path.name, "index_mb": round(path.stat().st_size / 1e6, 1),
            "build_s": round(build_s, 1), "load_s": round(load_s, 3),
            "name_lookups_per_s": round(lookups), "chain_resolves_per_s": round(resolves),
            "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--json", type=Path)
    ap.add_argument("--no-index", action="store_true", help="skip the index timings (a rebuild)")
    args = ap.parse_args()
    report = {"mentions": mentions(), "old_list": old_list()}
    if not args.no_index:
        report["index"] = index_figures()
    print(json.dumps(report, indent=2))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
