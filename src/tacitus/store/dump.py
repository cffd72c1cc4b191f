"""A whole database as JSON Lines, and back: ``tacitus export --format dump`` and
``tacitus import``.

The dump is every row of every table (articles with their text and paragraphs, events,
evidence with its offsets, actors, relations, claims, incidents, judgements, corrections,
ratings, the history, rejections, jobs), one JSON object a line, streamed; ids are kept, so
an import into an empty database gives the same records, the same evidence offsets and the
same review history, and every reference between them holds. Tables follow the schema, so
columns a later migration adds are carried without a change here.

    {"tacitus_dump": 1, "migrations": ["m001_initial", ...]}
    {"table": "articles", "row": {"seq": 1, "id": "3f2a...", "text": "...", ...}}

Binary values (sentence vectors, upload payloads) are written ``{"$base64": "..."}``.
"""

from __future__ import annotations

import base64
import json
import sqlite3
from collections.abc import Iterable, Iterator
from typing import Any

from ..errors import StoreError

FORMAT = 1
# never dumped: SQLite's own tables, the full-text index (rebuilt by triggers on import) and
# the migrations (the importing database has its own) and the stored incident list rows
# (derived; written again by the import)
SKIP_PREFIXES = ("sqlite_", "articles_fts", "migrations", "incident_summar")


def tables(conn: sqlite3.Connection) -> list[str]:
    """Data tables in creation order (parents before children)."""
    return [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY rowid")
            if not r[0].startswith(SKIP_PREFIXES)]


def _encode(value: Any) -> Any:
    return {"$base64": base64.b64encode(value).decode("ascii")} if isinstance(value, (bytes, memoryview)) else value


def _decode(value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {"$base64"}:
        return base64.b64decode(value["$base64"])
    return value


def dump(conn: sqlite3.Connection) -> Iterator[str]:
    """The database as JSON lines (see the module docstring), one table after another, in
    rowid order, read from one snapshot."""
    conn.execute("BEGIN")  # one read snapshot for the whole dump
    try:
        migrations = [r[0] for r in conn.execute("SELECT name FROM migrations ORDER BY rowid")]
        yield json.dumps({"tacitus_dump": FORMAT, "migrations": migrations}) + "\n"
        for table in tables(conn):
            cur = conn.execute(f'SELECT * FROM "{table}" ORDER BY rowid')
            cols = [d[0] for d in cur.description]
            for row in cur:
                record = {c: _encode(v) for c, v in zip(cols, row)}
                yield json.dumps({"table": table, "row": record}, ensure_ascii=False, allow_nan=False) + "\n"
    finally:
        conn.execute("COMMIT")


def load(conn: sqlite3.Connection, lines: Iterable[str | bytes]) -> dict[str, int]:
    """Insert a dump into an empty database, in one transaction; returns rows per table.
    Foreign keys are checked once at the end (rows come table by table)."""
    if conn.execute("SELECT count(*) FROM articles").fetchone()[0]:
        raise StoreError("import needs an empty database")
    counts: dict[str, int] = {}
    known = set(tables(conn))
    columns = {t: {r[1] for r in conn.execute(f'PRAGMA table_info("{t}")')} for t in known}
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("PRAGMA defer_foreign_keys = ON")
    conn.execute("BEGIN IMMEDIATE")
    try:
        for n, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except (ValueError, RecursionError) as exc:
                raise StoreError(f"line {n}: not a JSON object ({type(exc).__name__})") from None
            if n == 1:
                if not isinstance(item, dict) or item.get("tacitus_dump") != FORMAT:
                    raise StoreError("not a tacitus dump (first line has no \"tacitus_dump\": 1)")
                continue
            table, row = item.get("table"), item.get("row")
            if table not in known or not isinstance(row, dict):
                raise StoreError(f"line {n}: unknown table {table!r}")
            extra = set(row) - columns[table]
            if extra:
                raise StoreError(f"line {n}: {table} has no column {sorted(extra)[0]!r} here")
            cols = list(row)
            conn.execute(f'INSERT INTO "{table}" ({", ".join(chr(34) + c + chr(34) for c in cols)})'
                         f" VALUES ({', '.join('?' * len(cols))})", [_decode(row[c]) for c in cols])
            counts[table] = counts.get(table, 0) + 1
        broken = conn.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise StoreError(f"dump refers to rows it does not hold ({len(broken)} references, first in {broken[0][0]})")
        from ..resolve.incidents import refresh_summaries

        refresh_summaries(conn)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    finally:
        conn.execute("PRAGMA foreign_keys = ON")
    return counts
