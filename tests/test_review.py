"""Review: confirm/reject candidates, corrections, merge/split of events and actors, claim
ratings, history with who/when, judgements surviving re-ingest; the ``review`` CLI."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from tacitus.models import Claim
from tacitus.resolve import resolve_article
from tacitus.resolve import review as rv
from tacitus.resolve.review import ReviewError
from tacitus.review_cli import resolve_command, review_group
from tacitus.store import Store

from test_resolve import actor, art, ev, save
from tacitus.models import Extraction

MONTHLY = dict(date="2022-10", date_precision="month", place=None, place_precision="country")


@pytest.fixture
def store():
    with Store(":memory:") as s:
        yield s


def pair_for_review(store: Store) -> dict:
    """Two articles whose events score between REVIEW and AUTO_MERGE: one candidate."""
    save(store, "a", "2022-10-30", [ev(killed_min=500, **MONTHLY)])
    save(store, "b", "2022-10-31", [ev(killed_min=501, **MONTHLY)])
    (cand,) = store.merge_candidates()
    return cand


def resave(store: Store, aid: str, published: str, events, **kw) -> None:
    """Re-extraction: the article's rows are deleted and written again (new event ids)."""
    ex = Extraction(article=art(aid, published), events=tuple(events), **kw)
    store.save(ex, replace=True)
    resolve_article(store, aid, encoder=False)


def test_confirm_merges_and_is_recorded_with_who(store):
    cand = pair_for_review(store)
    incident = rv.confirm(store, cand["id"], "ana")
    (inc,) = store.incidents()
    assert inc["id"] == incident and sorted(inc["events"]) == [cand["left_event"], cand["right_event"]]
    assert store.merge_candidates() == []
    actions = [(h["who"], h["action"]) for h in store.history(cand["left_event"])]
    assert ("ana", "confirm") in actions and ("tacitus", "new_incident") in actions
    assert all(h["at"] for h in store.history(cand["left_event"]))


def test_confirmed_merge_survives_re_extraction(store):
    cand = pair_for_review(store)
    rv.confirm(store, cand["id"], "ana")
    resave(store, "b", "2022-10-31", [ev(killed_min=501, **MONTHLY)])
    (inc,) = store.incidents()
    assert inc["sources"] == ["a", "b"]
    assert store.merge_candidates() == []


def test_rejected_pair_is_never_proposed_again(store):
    cand = pair_for_review(store)
    rv.reject(store, cand["id"], "ana")
    assert store.merge_candidates() == [] and len(store.incidents()) == 2
    resave(store, "b", "2022-10-31", [ev(killed_min=501, **MONTHLY)])
    assert store.merge_candidates() == [] and len(store.incidents()) == 2
    store.delete_article("b")
    save(store, "b", "2022-10-31", [ev(killed_min=501, **MONTHLY)])
    assert store.merge_candidates() == [] and len(store.incidents()) == 2


def test_split_event_is_not_merged_back(store):
    save(store, "a", "2022-10-30", [ev(killed_min=100)])
    save(store, "b", "2022-10-31", [ev(killed_min=101)])
    (inc,) = store.incidents()
    moved = inc["events"][1]
    rv.split_event(store, moved, "ana")
    assert len(store.incidents()) == 2
    resave(store, "b", "2022-10-31", [ev(killed_min=101)])
    assert len(store.incidents()) == 2
    assert any(h["action"] == "split" and h["who"] == "ana" for h in store.history(inc["events"][0]))


def test_manual_merge_of_events(store):
    save(store, "a", "2022-10-30", [ev(killed_min=100)])
    save(store, "b", "2022-10-30", [ev(place="Baidoa", latitude=3.11, longitude=43.65, killed_min=4)])
    ids = [e["id"] for e in store.events()]
    rv.merge_events(store, ids, "ana")
    (inc,) = store.incidents()
    assert sorted(inc["events"]) == sorted(ids)
    with pytest.raises(ReviewError):
        rv.merge_events(store, ids[:1], "ana")


def test_correct_a_field_keeps_old_and_new_and_is_reapplied(store):
    save(store, "a", "2022-10-30", [ev(killed_min=100)])
    (e,) = store.events()
    rv.correct(store, e["id"], "killed_min", "121", "ana")
    rv.correct(store, e["id"], "type", "armed_assault", "bob")
    (e2,) = store.events()
    assert (e2["killed_min"], e2["type"]) == (121, "armed_assault")
    rows = [h for h in store.history(e["id"]) if h["action"] == "correct"]
    assert [(h["who"], h["field"], h["old"], h["new"]) for h in rows] == [
        ("ana", "killed_min", "100", "121"), ("bob", "type", "bombing", "armed_assault")]
    (inc,) = store.incidents()
    assert inc["killed"]["best"] == 121 and inc["killed"]["corrected"]
    resave(store, "a", "2022-10-30", [ev(killed_min=100)])
    (e3,) = store.events()
    assert (e3["killed_min"], e3["type"]) == (121, "armed_assault")
    assert [h["action"] for h in store.history(e3["id"])].count("reapply_correction") == 2


@pytest.mark.parametrize("field, value", [
    ("type", "riot"), ("date", "last week"), ("killed_min", "-3"), ("killed_min", "many"),
    ("colour", "red"), ("perpetrators", "Nobody Known"), ("place_precision", "street"),
])
def test_bad_corrections_are_refused(store, field, value):
    save(store, "a", "2022-10-30", [ev()])
    (e,) = store.events()
    with pytest.raises(ReviewError):
        rv.correct(store, e["id"], field, value, "ana")
    assert [h for h in store.history(e["id"]) if h["action"] == "correct"] == []


def test_correct_perpetrators_by_name(store):
    save(store, "a", "2022-10-30", [ev()], [actor("al-shabaab", "al-Shabaab")])
    (e,) = store.events()
    rv.correct(store, e["id"], "perpetrators", "al-Shabaab", "ana")
    assert store.events()[0]["perpetrators"] == ["al-Shabaab"]


def test_merge_and_split_actors(store):
    save(store, "a", "2022-10-30", actors=[actor("abu-x", "Abu Ahmad", "person")])
    save(store, "b", "2022-10-31", actors=[actor("ahmad-the-elder", "Sheikh Ahmad Yasin", "person")])
    rv.merge_actors(store, ["abu-x", "Sheikh Ahmad Yasin"], "ana")
    clusters = {c["key"]: c for c in store.canonical_actors()}
    assert sorted(clusters["abu-x"]["members"]) == ["abu-x", "ahmad-the-elder"]
    rv.split_actor(store, "ahmad-the-elder", "ana")
    clusters = {c["key"]: c for c in store.canonical_actors()}
    assert clusters["ahmad-the-elder"]["members"] == ["ahmad-the-elder"]
    rows = store.conn.execute("SELECT who, action FROM history WHERE actor_key = 'ahmad-the-elder'").fetchall()
    assert [tuple(r) for r in rows] == [("ana", "actor_merge"), ("ana", "actor_split")]


def test_split_actor_is_not_linked_again(store):
    save(store, "a", "2022-10-30", actors=[actor("hassan-sheikh-mohamud", "Hassan Sheikh Mohamud", "person")])
    save(store, "b", "2022-10-31", actors=[actor("hassan-sheikh", "Hassan Sheikh", "person")])
    rv.split_actor(store, "hassan-sheikh", "ana")
    store.conn.execute("DELETE FROM actor_links WHERE actor_key = 'hassan-sheikh'")  # as if never resolved
    save(store, "c", "2022-11-01", actors=[actor("hassan-sheikh", "Hassan Sheikh", "person")])
    clusters = {c["key"]: c for c in store.canonical_actors()}
    assert clusters["hassan-sheikh"]["members"] == ["hassan-sheikh"]


def test_manual_rating_is_kept(store):
    text = "Police said 100 people were killed."
    claim = Claim(speaker="Police", speaker_key=None, verb="say", text="100 people were killed", start=12,
                  end=34, event_key="e1")
    save(store, "a", "2022-10-30", [ev(killed_min=100)], claims=[claim], text=text)
    (cid,) = store.claim_ratings()
    assert store.claim_ratings()[cid]["reliability"] == "C"
    rv.rate_claim(store, cid, "a", 1, "ana", "confirmed by the ministry")
    save(store, "b", "2022-10-31", [ev(killed_min=100)])  # refreshes ratings of the incident
    r = store.claim_ratings()[cid]
    assert (r["reliability"], r["credibility"], r["method"], r["who"]) == ("A", 1, "manual", "ana")
    with pytest.raises(ReviewError):
        rv.rate_claim(store, cid, "G", 1, "ana")


def test_low_confidence_lists_events_actors_and_claims(store):
    claim = Claim(speaker="it", speaker_key=None, verb="say", text="x", start=0, end=1)
    save(store, "a", "2022-10-30", [ev(confidence=0.2), ev("e2", country=None)], claims=[claim])
    kinds = {(f["kind"], f["why"].split(";")[0]) for f in rv.low_confidence(store)}
    assert ("event", "confidence 0.20") in kinds
    assert any(k == "claim" for k, _ in kinds)


# --- the CLI ---------------------------------------------------------------------------------------


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "t.db"
    with Store(path) as s:
        pair_for_review(s)
    return path


def run(*args):
    result = CliRunner().invoke(review_group, [*map(str, args)], catch_exceptions=False)
    return result


def test_cli_list_confirm_history(db):
    out = run("list", "--db", db)
    assert out.exit_code == 0 and "merge candidates" in out.output and "low-confidence" in out.output
    data = json.loads(run("list", "--what", "merges", "--format", "json", "--db", db).output)
    (cand,) = data["merge_candidates"]
    out = run("confirm", cand["id"], "--who", "ana", "--db", db)
    assert out.exit_code == 0 and "confirmed by ana" in out.output
    hist = json.loads(run("history", cand["left_event"], "--format", "json", "--db", db).output)
    assert any(h["who"] == "ana" and h["action"] == "confirm" for h in hist)
    assert "confirm" in run("history", cand["left_event"], "--db", db).output
    assert "incidents" in run("incidents", "--db", db).output


def test_cli_reject_correct_split_rate_errors(db, monkeypatch):
    monkeypatch.setenv("USER", "carol")
    (cand,) = json.loads(run("list", "--format", "json", "--db", db).output)["merge_candidates"]
    assert run("reject", cand["id"], "--db", db).exit_code == 0
    out = run("correct", cand["left_event"], "killed_min", "510", "--db", db)
    assert out.exit_code == 0 and "510" in out.output and "carol" in out.output
    bad = run("correct", cand["left_event"], "type", "riot", "--db", db)
    assert bad.exit_code != 0 and "type must be one of" in bad.output
    assert run("confirm", 999, "--db", db).exit_code != 0
    assert run("merge-events", cand["left_event"], cand["right_event"], "--db", db).exit_code == 0
    assert run("split-event", cand["right_event"], "--db", db).exit_code == 0
    assert run("rate", 1, "B7", "--db", db).exit_code != 0
    missing = run("list", "--db", db.parent / "nope.db")
    assert missing.exit_code != 0 and "no such database" in missing.output


def test_cli_resolve_command(db):
    result = CliRunner().invoke(resolve_command, ["--db", str(db), "--reset", "--no-encoder"])
    assert result.exit_code == 0, result.output
    assert "events resolved" in result.output
