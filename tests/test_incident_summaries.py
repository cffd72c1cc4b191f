"""The stored incident list rows (store migration m008) are the rows a list built from scratch
gives, after every kind of change: ingest, ``resolve --reset``, ``review correct``, a merge, a
split, an actor merge, a new publication date, and a write made outside ``Store.atomic``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tacitus.cli import main
from tacitus.resolve import review as rv
from tacitus.resolve.incidents import build, incident_page, list_page_json, row_json
from tacitus.store import Store

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def stored(store: Store) -> dict[int, str]:
    return dict(store.conn.execute("SELECT incident_id, row FROM incident_summaries").fetchall())


def from_scratch(store: Store) -> dict[int, str]:
    ids = [r[0] for r in store.conn.execute("SELECT DISTINCT incident_id FROM incident_events")]
    return {r["id"]: row_json(r) for r in build(store.conn, ids, evidence=False)}


def assert_same(store: Store) -> None:
    """Every incident has its stored row, equal to the one built now, nothing is left noted,
    and every page of the list (unfiltered and filtered) is what ``incident_page`` builds."""
    assert store.conn.execute("SELECT count(*) FROM incident_summary_dirty").fetchone()[0] == 0
    want = from_scratch(store)
    assert want and stored(store) == want
    for where, params in (("", []), (" WHERE fold(e.country) = fold(?)", ["Somalia"])):
        for limit, offset in ((5, 0), (5, 5), (1000, 0), (3, 1)):
            total, page = incident_page(store.conn, where, params, limit, offset, evidence=False)
            got_total, got = list_page_json(store.conn, where, params, limit, offset)
            assert got_total == total and got == [row_json(r) for r in page]


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("summaries") / "s.db"
    result = CliRunner().invoke(main, ["ingest", str(SAMPLES), "--db", str(db), "--no-roles"])
    assert result.exit_code == 0, result.output
    return db


@pytest.fixture()
def store(sample_db, tmp_path):
    copy = tmp_path / "copy.db"
    with Store(sample_db) as src, Store(copy) as dst:
        src.conn.backup(dst.conn)
    with Store(copy) as s:
        yield s


def merged(store: Store) -> dict:
    (inc,) = [i for i in store.incidents() if len(i["events"]) > 1][:1]
    return inc


def test_after_ingest_and_reset(store):
    assert_same(store)
    before = stored(store)
    result = CliRunner().invoke(main, ["resolve", "--reset", "--db", store.path])
    assert result.exit_code == 0, result.output
    store.conn.execute("PRAGMA data_version")
    assert_same(store)
    assert stored(store) == before  # the same incidents and ids, so the same rows


def test_after_correct(store):
    inc = merged(store)
    rv.correct(store, inc["events"][0], "killed_min", "77", "ana")
    rv.correct(store, inc["events"][-1], "place", "Somewhere Else", "ana")
    assert_same(store)
    row = json.loads(stored(store)[inc["id"]])
    assert row["killed"]["best"] == 77 and row["place"] == "Somewhere Else"


def test_after_split_and_merge(store):
    inc = merged(store)
    new = rv.split_event(store, inc["events"][-1], "ana")
    assert_same(store)
    assert new in stored(store) and len(json.loads(stored(store)[inc["id"]])["events"]) == len(inc["events"]) - 1
    rv.merge_events(store, [inc["events"][0], inc["events"][-1]], "ana")
    assert_same(store)
    others = [i["id"] for i in store.incidents() if i["id"] != inc["id"]]
    rv.merge_events(store, [inc["events"][0], store.incident(others[0])["events"][0]], "ana")
    assert_same(store)


def test_after_actor_merge_and_new_date(store):
    keys = [a["key"] for a in store.actors() if a.get("kind") == "armed_group"][:2]
    assert len(keys) == 2
    rv.merge_actors(store, keys, "ana")
    assert_same(store)
    article = store.conn.execute("SELECT article_id FROM events LIMIT 1").fetchone()[0]
    with store.atomic():
        store.conn.execute("UPDATE articles SET publisher = 'Someone New' WHERE id = ?", (article,))
    assert_same(store)


def test_a_write_outside_a_transaction_leaves_no_stale_row(store):
    """A change Store.atomic did not wrap drops the row; the list builds it instead of reading
    the old one, and the next transaction writes it again."""
    inc = merged(store)
    store.conn.execute("UPDATE events SET killed_min = 9999, killed_max = 9999 WHERE id = ?", (inc["events"][0],))
    assert inc["id"] not in stored(store)
    _, page = list_page_json(store.conn, limit=1000)
    rows = {json.loads(r)["id"]: json.loads(r) for r in page}
    assert rows[inc["id"]]["killed"]["high"] == 9999
    with store.atomic():
        pass
    assert_same(store)
