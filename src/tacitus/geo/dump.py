"""Extend the gazetteer from a GeoNames dump the user supplies (``tacitus gazetteer build FILE``).

GeoNames publishes every place it knows (some 12 million names, villages included) as
``allCountries.zip`` and per-country ``XX.zip`` / ``XX.txt``: one tab-separated row per place
(geonameid, name, asciiname, alternatenames, latitude, longitude, feature class, feature code,
country code, cc2, admin1, admin2, admin3, admin4, population, elevation, dem, timezone,
modification date). Populated places (feature class P) become towns; first- and second-level
divisions (ADM1, ADM2) become divisions. The extension is its own SQLite file in
:func:`tacitus.geo.gazetteer.extensions_dir`, named by the dump's digest and written
atomically; the base index is never touched, and an extension's places that the base already
has (same GeoNames id) are ignored at lookup.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

from tacitus.errors import DataFileError

from .build import INDEXES, create, write_places
from .cache import write_atomically
from .gazetteer import extensions_dir, reset
from .normalize import plain

COLUMNS = 19  # fields of a GeoNames geoname row
KINDS = {"ADM1": "admin1", "ADM2": "admin2"}
BATCH = 50_000


def _lines(path: Path) -> Iterator[str]:
    if path.suffix.lower() == ".zip":
        try:
            with zipfile.ZipFile(path) as z:
                members = [m for m in z.namelist() if m.endswith(".txt") and not m.startswith("readme")]
                if not members:
                    raise DataFileError(f"{path.name}: no GeoNames table inside")
                with z.open(members[0]) as raw:
                    yield from io.TextIOWrapper(raw, encoding="utf-8")
        except zipfile.BadZipFile as exc:
            raise DataFileError(f"{path.name}: not a zip file ({exc})") from exc
        return
    with path.open(encoding="utf-8") as fh:
        yield from fh


def read_dump(path: Path) -> Iterator[dict]:
    """The towns and divisions of a GeoNames dump; a malformed row is refused with its line."""
    for n, line in enumerate(_lines(path), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        f = line.rstrip("\n").split("\t")
        if len(f) < COLUMNS - 4:  # the last columns may be missing from hand-made files
            raise DataFileError(f"{path.name}:{n}: {len(f)} fields, a GeoNames row has {COLUMNS}")
        f += [""] * (COLUMNS - len(f))
        kind = "town" if f[6] == "P" else KINDS.get(f[7]) if f[6] == "A" else None
        if kind is None:
            continue
        try:
            gid, lat, lon, pop = int(f[0]), float(f[4]), float(f[5]), int(f[14] or 0)
        except ValueError as exc:
            raise DataFileError(f"{path.name}:{n}: malformed row ({exc})") from exc
        alternates = [a for a in f[3].split(",") if a]
        yield {"name": plain(f[1]), "cc": f[8], "kind": kind, "a1": f[10] or None,
               "a2": (f[11] or None) if kind != "admin1" else None, "gid": gid, "lat": lat,
               "lon": lon, "pop": pop, "feature": f[7],
               "names": [f[1], f[2]] + [a for a in alternates if len(a) >= 3]}


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()[:16]


def build_extension(dump: Path, directory: Path | None = None) -> tuple[Path, int]:
    """Import ``dump`` into an extension of the gazetteer; (its file, places written)."""
    if not dump.is_file():
        raise DataFileError(f"{dump}: no such file")
    out = (directory or extensions_dir()) / f"{dump.stem}-{_digest(dump)}.sqlite"
    count = 0

    def write(tmp: Path) -> None:
        nonlocal count
        db = create(tmp)
        batch: list[dict] = []
        with db:
            for place in read_dump(dump):
                batch.append(place)
                if len(batch) >= BATCH:
                    count += write_places(db, batch)
                    batch = []
            count += write_places(db, batch)
        db.executescript(INDEXES + "ANALYZE;")
        db.close()

    write_atomically(out, write)
    if not count:
        out.unlink(missing_ok=True)
        raise DataFileError(f"{dump.name}: no populated places or divisions in it")
    reset()
    return out, count
