"""The gazetteer index, read: towns and divisions by name, divisions by code.

:func:`gazetteer` opens the base index (built on first use, :mod:`tacitus.geo.build`) and every
extension built by ``tacitus gazetteer build FILE`` (:mod:`tacitus.geo.dump`) found in
``extensions_dir()``, read-only. Opening takes milliseconds; each lookup is one indexed query
per file. An extension's entries that the base also has (same GeoNames id) are dropped.
"""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

from .build import ensure_index
from .cache import cache_dir
from .normalize import compact_key, loose_key

ADMIN_KINDS = ("admin1", "admin2", "region")
_COLUMNS = "p.id, p.name, p.cc, p.a1, p.a2, p.kind, p.lat, p.lon, p.pop, p.gid"


@dataclass(frozen=True)
class Entry:
    """One place of the index."""

    name: str
    cc: str
    a1: str | None  # GeoNames admin1 code (its own for an admin1)
    a2: str | None  # GeoNames admin2 code (its own for an admin2)
    kind: str  # town | admin1 | admin2 | region
    lat: float | None
    lon: float | None
    pop: int
    gid: int | None
    main: bool = True  # matched on its primary name
    ident: tuple = ()  # (file number, row id): unique within one Gazetteer

    @property
    def is_town(self) -> bool:
        return self.kind == "town"


def extensions_dir() -> Path:
    return cache_dir() / "gazetteer-extensions"


class Gazetteer:
    """The base index and its extensions, opened read-only."""

    def __init__(self, base: Path, extensions: list[Path] = ()):
        self.paths = [base, *sorted(extensions)]
        self._local = threading.local()
        self._pools: dict[tuple, list[tuple[str, Entry]]] = {}  # names_in, by (cc, a1)
        self._extents: dict[tuple, tuple[float, ...] | None] = {}  # extent, by (cc, a1, a2)

    def _dbs(self) -> list[sqlite3.Connection]:
        dbs = getattr(self._local, "dbs", None)
        if dbs is None:  # one set of connections per thread (sqlite3 objects are not shared)
            dbs = [sqlite3.connect(f"file:{p}?mode=ro&immutable=1", uri=True,
                                   check_same_thread=False) for p in self.paths]
            self._local.dbs = dbs
        return dbs

    def _query(self, where: str, args: tuple, with_main: bool = True) -> list[Entry]:
        main = "n.main" if with_main else "1"
        sql = (f"SELECT DISTINCT {_COLUMNS}, {main} FROM place p JOIN name n ON n.place = p.id "
               f"WHERE {where}")
        out: list[Entry] = []
        seen: set[int] = set()
        for f, db in enumerate(self._dbs()):
            for row in db.execute(sql, args):
                gid = row[9]
                if gid is not None and f and gid in seen:
                    continue
                if gid is not None:
                    seen.add(gid)
                out.append(Entry(*row[1:10], main=bool(row[10]), ident=(f, row[0])))
        return _best_match_per_place(out)

    def named(self, name: str, cc: str | None = None) -> list[Entry]:
        """Places called ``name`` (compact key: case, accents, spaces and hyphens folded)."""
        key = compact_key(name)
        if not key:
            return []
        if cc:
            return self._query("n.key = ? AND p.cc = ?", (key, cc))
        return self._query("n.key = ?", (key,))

    def loosely_named(self, name: str, cc: str) -> list[Entry]:
        """Places of country ``cc`` whose name matches transliteration-insensitively."""
        key = loose_key(name)
        if len(key) < 3:
            return []
        return self._query("n.loose = ? AND p.cc = ?", (key, cc))

    def names_in(self, cc: str, a1: str | None = None) -> list[tuple[str, Entry]]:
        """Every (key, place) of a country, or of one admin1 of it (for fuzzy matching);
        kept once read."""
        pool = self._pools.get((cc, a1))
        if pool is None:
            pool = self._pools[(cc, a1)] = self._names_in(cc, a1)
        return pool

    def divisions_in(self, cc: str) -> list[tuple[str, Entry]]:
        """Every (key, division) of a country: its admin1, admin2 and curated regions."""
        return [(k, e) for k, e in self.names_in(cc) if not e.is_town]

    def _names_in(self, cc: str, a1: str | None) -> list[tuple[str, Entry]]:
        where, args = ("p.cc = ? AND p.a1 = ?", (cc, a1)) if a1 else ("p.cc = ?", (cc,))
        sql = f"SELECT {_COLUMNS}, n.main, n.key FROM place p JOIN name n ON n.place = p.id WHERE {where}"
        out = []
        for f, db in enumerate(self._dbs()):
            for row in db.execute(sql, args):
                out.append((row[11], Entry(*row[1:10], main=bool(row[10]), ident=(f, row[0]))))
        return out

    def extent(self, cc: str, a1: str | None, a2: str | None = None) -> tuple[float, ...] | None:
        """(south, north, west, east) of the towns of an admin1 or admin2 unit, or None when
        it has none; kept once read."""
        if not a1:
            return None
        cache = self._extents
        if (cc, a1, a2) not in cache:
            sql = ("SELECT min(lat), max(lat), min(lon), max(lon) FROM place WHERE cc = ? AND "
                   "a1 = ? AND kind = 'town'" + (" AND a2 = ?" if a2 else ""))
            args = (cc, a1, a2) if a2 else (cc, a1)
            boxes = [db.execute(sql, args).fetchone() for db in self._dbs()]
            boxes = [b for b in boxes if b[0] is not None]
            cache[(cc, a1, a2)] = None if not boxes else (
                min(b[0] for b in boxes), max(b[1] for b in boxes),
                min(b[2] for b in boxes), max(b[3] for b in boxes))
        return cache[(cc, a1, a2)]

    def division(self, cc: str, a1: str | None, a2: str | None = None) -> Entry | None:
        """The admin1 (``a2`` None) or admin2 unit with these GeoNames codes."""
        if not a1:
            return None
        kind = "admin2" if a2 else "admin1"
        sql = (f"SELECT {_COLUMNS} FROM place p WHERE p.cc = ? AND p.a1 = ? AND p.kind = ? AND "
               + ("p.a2 = ?" if a2 else "p.a2 IS NULL"))
        args = (cc, a1, kind, a2) if a2 else (cc, a1, kind)
        for f, db in enumerate(self._dbs()):
            row = db.execute(sql, args).fetchone()
            if row:
                return Entry(*row[1:10], ident=(f, row[0]))
        return None


def _best_match_per_place(entries: list[Entry]) -> list[Entry]:
    """One entry per place, its primary-name match if it has one."""
    best: dict[tuple, Entry] = {}
    for e in entries:
        if e.ident not in best or (e.main and not best[e.ident].main):
            best[e.ident] = e
    return list(best.values())


_GAZETTEER: Gazetteer | None = None
_LOCK = threading.Lock()


def gazetteer() -> Gazetteer:
    """The base index (built on first use) with the installed extensions, once per process."""
    global _GAZETTEER
    with _LOCK:
        if _GAZETTEER is None:
            ext = extensions_dir()
            extensions = sorted(ext.glob("*.sqlite")) if ext.is_dir() else []
            _GAZETTEER = Gazetteer(ensure_index(), extensions)
        return _GAZETTEER


def reset() -> None:
    """Forget the opened index (after an extension was built)."""
    global _GAZETTEER
    with _LOCK:
        _GAZETTEER = None
