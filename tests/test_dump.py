"""Round trip: `tacitus export --format dump` then `tacitus import` into an empty database
gives the same records, the same evidence offsets and the same review history."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from click.testing import CliRunner

from tacitus.cli import main
from tacitus.resolve import review
from tacitus.store import Store
from tacitus.store.dump import tables

from test_pipeline import ARTICLE

FOLLOWUP = ARTICLE.replace("at least 12 people", "19 people").replace("kills 12", "toll rises to 19")


def cli(*args: str, input: bytes | None = None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def rows(db: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(db)
    try:
        return {t: conn.execute(f'SELECT * FROM "{t}" ORDER BY rowid').fetchall() for t in tables(conn)}
    finally:
        conn.close()


def test_dump_and_import_give_the_same_records_offsets_and_history(tmp_path):
    src, dst, out = tmp_path / "src.db", tmp_path / "dst.db", tmp_path / "dump.jsonl"
    for name, text, day in (("a.txt", ARTICLE, "2020-02-17"), ("b.txt", FOLLOWUP, "2020-02-18")):
        (tmp_path / name).write_text(text, encoding="utf-8")
        assert cli("ingest", str(tmp_path / name), "--db", str(src), "--no-roles", "--published", day).exit_code == 0
    with Store(src) as store:  # review history: a correction, a split, a claim rating
        events = store.events()
        review.correct(store, events[0]["id"], "killed_min", 13, "ana")
        review.split_event(store, events[-1]["id"], "ana")
        claims = store.claims()
        if claims:
            review.rate_claim(store, claims[0]["id"], "B", 2, "ana", "checked")
    assert cli("export", "--format", "dump", "-o", str(out), "--db", str(src)).exit_code == 0
    assert cli("import", str(out), "--db", str(dst)).exit_code == 0
    before, after = rows(src), rows(dst)
    assert before == after
    assert before["evidence"] and before["history"] and before["corrections"]
    with Store(src) as a, Store(dst) as b:
        assert a.events() == b.events() and a.incidents() == b.incidents()
        assert a.search("Maiduguri") == b.search("Maiduguri")  # the full-text index came back too
        assert a.history(events[0]["id"]) == b.history(events[0]["id"])


def test_import_refuses_a_database_that_holds_articles(tmp_path):
    db = tmp_path / "t.db"
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    cli("ingest", str(tmp_path / "a.txt"), "--db", str(db), "--no-roles")
    dump = cli("export", "--format", "dump", "--db", str(db)).output
    result = cli("import", "-", "--db", str(db), input=dump.encode())
    assert result.exit_code == 1 and "empty database" in result.output


def test_import_rejects_what_is_not_a_dump(tmp_path):
    result = cli("import", "-", "--db", str(tmp_path / "t.db"), input=b'{"text": "an article"}\n')
    assert result.exit_code == 1 and "not a tacitus dump" in result.output
