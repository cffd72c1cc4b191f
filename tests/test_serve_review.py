"""The analyst's review loop over HTTP: merge candidates, confirm and reject, corrections,
merge and split, claim ratings, history, the Review page, and every review route's errors
in the one error shape (reusing the fixtures and the database of test_serve)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tacitus.resolve import reset, resolve_all
from tacitus.serve import ServeConfig, create_app
from tacitus.store import Store
from tacitus.store import resolution as resdb

from test_serve import AUTH, ERROR_CASES, LOCAL, TOKEN, assert_error_shape, by_place, served_db  # noqa: F401

REVIEW_ERROR_CASES: list[tuple[str, str, dict, int]] = [
    ("GET", "/api/review/candidates", {"params": {"limit": 0}}, 422),
    ("GET", "/api/review/facts", {"params": {"threshold": 2}}, 422),
    ("GET", "/api/events/999999/history", {}, 404),
    ("GET", "/api/events/abc/history", {}, 422),
    ("POST", "/api/events/1/history", {}, 405),
    ("POST", "/api/review/confirm", {"json": {"candidate": 1}}, 401),
    ("POST", "/api/review/confirm", {"json": {"candidate": 1}, "headers": {"Authorization": "Bearer wrong"}}, 403),
    ("POST", "/api/review/confirm", {"json": {"candidate": 999999}, "headers": AUTH}, 404),
    ("POST", "/api/review/confirm", {"json": {}, "headers": AUTH}, 422),
    ("GET", "/api/review/confirm", {}, 405),
    ("POST", "/api/review/reject", {"data": {"candidate": "1"}}, 401),
    ("POST", "/api/review/reject", {"json": {"candidate": 999999}, "headers": AUTH}, 404),
    ("POST", "/api/review/reject", {"content": b"{oops", "headers": {**AUTH, "Content-Type": "application/json"}},
     422),
    ("POST", "/api/review/correct", {"json": {"event": 1, "field": "killed_min", "value": 3}}, 401),
    ("POST", "/api/review/correct", {"json": {"event": 1, "field": "colour", "value": "red"}, "headers": AUTH}, 422),
    ("POST", "/api/review/correct", {"json": {"event": 1, "field": "killed_min", "value": "many"}, "headers": AUTH},
     422),
    ("POST", "/api/review/correct", {"json": {"event": 999999, "field": "place", "value": "x"}, "headers": AUTH},
     404),
    ("POST", "/api/review/merge-events", {"json": {"events": [1, 2]}}, 401),
    ("POST", "/api/review/merge-events", {"json": {"events": [1]}, "headers": AUTH}, 422),
    ("POST", "/api/review/merge-events", {"json": {"events": [1, 1]}, "headers": AUTH}, 422),
    ("POST", "/api/review/merge-events", {"json": {"events": [1, 999999]}, "headers": AUTH}, 404),
    ("POST", "/api/review/split-event", {"json": {"event": 1}}, 401),
    ("POST", "/api/review/split-event", {"json": {"event": 999999}, "headers": AUTH}, 404),
    ("POST", "/api/review/rate-claim", {"json": {"claim": 1, "reliability": "B", "credibility": 2}}, 401),
    ("POST", "/api/review/rate-claim", {"json": {"claim": 1, "reliability": "Z", "credibility": 2},
                                        "headers": AUTH}, 422),
    ("POST", "/api/review/rate-claim", {"json": {"claim": 1, "reliability": "B", "credibility": 9},
                                        "headers": AUTH}, 422),
    ("POST", "/api/review/rate-claim", {"json": {"claim": 999999, "reliability": "B", "credibility": 2},
                                        "headers": AUTH}, 404),
]


@pytest.fixture()
def writable(served_db, tmp_path):  # noqa: F811
    """A client on a copy of the shared database: every test here writes."""
    db = tmp_path / "review.db"
    shutil.copy(served_db, db)
    app = create_app(ServeConfig(db=db, token=TOKEN, max_bytes=200_000))
    with TestClient(app, base_url=LOCAL) as c:
        yield c


def db_path(client: TestClient) -> Path:
    return client.app.state.config.db


def maiduguri_pair(client: TestClient) -> tuple[int, int]:
    ids = sorted(e["id"] for e in by_place(client, "Maiduguri"))
    assert len(ids) == 2, ids
    return ids[0], ids[1]


def pull_apart(client: TestClient, left: int, right: int) -> int:
    """Put ``right`` in an incident of its own and propose the pair as a merge candidate,
    as resolution does for a pair it is unsure about. Returns the candidate id."""
    with Store(db_path(client)) as s, s.atomic():
        if resdb.incident_of(s.conn, left) == resdb.incident_of(s.conn, right):
            resdb.move_event(s.conn, right, resdb.new_incident(s.conn), "new")
        resdb.put_candidate(s.conn, left, right, 0.7, {"date": 1.0, "place": 1.0})
        return s.conn.execute("SELECT id FROM merge_candidates WHERE left_event = ? AND right_event = ?",
                              (min(left, right), max(left, right))).fetchone()[0]


def incident_of(client: TestClient, event_id: int) -> int | None:
    return client.get(f"/api/events/{event_id}").json()["incident"]["id"]


def post(client: TestClient, action: str, **body) -> dict:
    r = client.post(f"/api/review/{action}", json=body, headers=AUTH)
    assert r.status_code == 200, r.text
    assert r.json()["ok"] is True
    return r.json()


# --- errors ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("method,path,kwargs,status", REVIEW_ERROR_CASES,
                         ids=[f"{m} {p} {s}" for m, p, _, s in REVIEW_ERROR_CASES])
def test_every_review_error_has_one_shape(writable, method, path, kwargs, status):
    assert_error_shape(writable.request(method, path, **kwargs), status)


def test_error_cases_cover_every_api_route(writable):
    """Every /api route in the OpenAPI document has at least one failing case, here or in
    test_serve (this FastAPI wraps included routers, so app.routes does not list them)."""
    cases = [p for _, p, _, _ in ERROR_CASES + REVIEW_ERROR_CASES]
    paths = [p for p in writable.get("/openapi.json").json()["paths"] if p.startswith("/api/")]
    assert "/api/review/confirm" in paths and "/api/events/{event_id}/history" in paths
    for path in paths:
        pattern = re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path)) + "$")
        assert any(pattern.match(c) for c in cases), f"add an error case for {path}"


def test_writes_need_the_token_and_change_nothing_without_it(writable):
    left, right = maiduguri_pair(writable)
    cand = pull_apart(writable, left, right)
    before = writable.get(f"/api/events/{left}/history").json()["history"]
    for kwargs in ({}, {"headers": {"Authorization": "Bearer wrong"}}, {"headers": {"X-Tacitus-Token": "nope"}}):
        r = writable.post("/api/review/confirm", json={"candidate": cand}, **kwargs)
        assert r.status_code in (401, 403)
        assert_error_shape(r, r.status_code)
        r = writable.post("/api/review/correct", json={"event": left, "field": "place", "value": "X"}, **kwargs)
        assert r.status_code in (401, 403)
    assert [c["id"] for c in writable.get("/api/review/candidates").json()["candidates"]] == [cand]
    assert incident_of(writable, left) != incident_of(writable, right)
    assert writable.get(f"/api/events/{left}").json()["place"] == "Maiduguri"
    assert writable.get(f"/api/events/{left}/history").json()["history"] == before


def test_writes_are_off_without_a_configured_token(served_db, tmp_path):  # noqa: F811
    db = tmp_path / "ro.db"
    shutil.copy(served_db, db)
    with TestClient(create_app(ServeConfig(db=db)), base_url=LOCAL) as c:
        r = c.post("/api/review/split-event", json={"event": 1}, headers=AUTH)
        assert_error_shape(r, 403)
        page = c.get("/review")
        assert page.status_code == 200 and "read-only" in page.text


# --- the review loop ------------------------------------------------------------------------------


def test_candidates_list_both_events_with_their_figures(writable):
    left, right = maiduguri_pair(writable)
    cand = pull_apart(writable, left, right)
    [c] = writable.get("/api/review/candidates").json()["candidates"]
    assert c["id"] == cand and c["score"] == pytest.approx(0.7)
    assert {c["left"]["id"], c["right"]["id"]} == {left, right}
    assert all(side["killed_max"] for side in (c["left"], c["right"]))  # the figures, side by side
    assert c["left_incident"] != c["right_incident"]


def test_confirm_merges_two_events_into_one_incident(writable):
    left, right = maiduguri_pair(writable)
    cand = pull_apart(writable, left, right)
    assert incident_of(writable, left) != incident_of(writable, right)
    body = post(writable, "confirm", candidate=cand, who="ana")
    assert sorted(body["incident"]["events"]) == [left, right]
    assert incident_of(writable, left) == incident_of(writable, right) == body["incident"]["id"]
    assert writable.get("/api/review/candidates").json()["candidates"] == []
    history = writable.get(f"/api/events/{left}/history").json()["history"]
    assert any(h["action"] == "confirm" and h["who"] == "ana" for h in history)
    # confirmed once: the candidate is gone
    assert_error_shape(writable.post("/api/review/confirm", json={"candidate": cand}, headers=AUTH), 404)


def test_reject_removes_the_candidate_for_good(writable):
    left, right = maiduguri_pair(writable)
    cand = pull_apart(writable, left, right)
    body = post(writable, "reject", candidate=cand)  # no who: recorded as "web"
    assert body["candidate"] == cand and {e["id"] for e in body["events"]} == {left, right}
    assert writable.get("/api/review/candidates").json()["candidates"] == []
    assert any(h["action"] == "reject" and h["who"] == "web"
               for h in writable.get(f"/api/events/{left}/history").json()["history"])
    # resolution from scratch merged these two reports before; the rejection keeps them apart
    with Store(db_path(writable)) as s:
        reset(s)
        resolve_all(s, encoder=False)
        pairs = {(c["left_event"], c["right_event"]) for c in s.merge_candidates()}
    assert (min(left, right), max(left, right)) not in pairs
    assert writable.get("/api/review/candidates").json()["candidates"] == []
    assert incident_of(writable, left) != incident_of(writable, right)


def test_resolution_would_merge_the_pair_without_the_rejection(writable):
    """The control for the test above: the same re-run without a rejection merges them."""
    left, right = maiduguri_pair(writable)
    pull_apart(writable, left, right)
    with Store(db_path(writable)) as s:
        reset(s)
        resolve_all(s, encoder=False)
    assert incident_of(writable, left) == incident_of(writable, right)


def test_correct_changes_the_field_and_appears_in_history(writable):
    left, _ = maiduguri_pair(writable)
    body = post(writable, "correct", event=left, field="killed_max", value="14", who="ana")
    assert body["value"] == 14 and body["event"]["killed_max"] == 14
    assert writable.get(f"/api/events/{left}").json()["killed_max"] == 14
    history = writable.get(f"/api/events/{left}/history").json()["history"]
    last = [h for h in history if h["action"] == "correct"][-1]
    assert (last["who"], last["field"], last["event_id"]) == ("ana", "killed_max", left)
    assert "14" in str(last["new"])
    page = writable.get(f"/events/{left}")
    assert page.status_code == 200 and "killed_max" in page.text and "ana" in page.text
    # a form post (no JavaScript) works as well
    r = writable.post("/api/review/correct", data={"event": str(left), "field": "place", "value": "Maiduguri town"},
                      headers=AUTH)
    assert r.status_code == 200 and r.json()["event"]["place"] == "Maiduguri town"


def test_split_then_merge_events(writable):
    left, right = maiduguri_pair(writable)
    assert incident_of(writable, left) == incident_of(writable, right)
    body = post(writable, "split-event", event=right, who="ana")
    assert body["incident"]["events"] == [right] and incident_of(writable, left) != incident_of(writable, right)
    body = post(writable, "merge-events", events=[left, right], who="ana")
    assert sorted(body["incident"]["events"]) == [left, right]
    actions = [h["action"] for h in writable.get(f"/api/events/{right}/history").json()["history"]]
    assert "split" in actions and "merge" in actions


def test_rate_claim(writable):
    claims = writable.get("/api/claims").json()["claims"]
    assert claims
    cid = claims[0]["id"]
    body = post(writable, "rate-claim", claim=cid, reliability="b", credibility=2, note="checked", who="ana")
    assert body["claim"]["id"] == cid
    assert body["claim"]["rating"]["reliability"] == "B" and body["claim"]["rating"]["credibility"] == 2
    assert body["claim"]["rating"]["method"] == "manual"


# --- pages ----------------------------------------------------------------------------------------


def test_review_page_lists_candidates_and_facts_safely(writable):
    left, right = maiduguri_pair(writable)
    cand = pull_apart(writable, left, right)
    r = writable.get("/review")
    assert r.status_code == 200 and "script-src 'self'" in r.headers["content-security-policy"]
    html = r.text
    assert f'data-candidate="{cand}"' in html and 'data-action="confirm"' in html and 'data-action="reject"' in html
    assert f'href="/events/{left}"' in html and f'href="/events/{right}"' in html
    assert "Low-confidence facts" in html and '<script src="/static/review.js"></script>' in html
    assert 'type="password" name="token"' in html
    # no inline script, no token anywhere in the page
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html) and TOKEN not in html
    assert "<script>alert" not in html and "onerror=alert" not in html


def test_corrected_hostile_value_is_escaped_on_the_event_page(writable):
    left, _ = maiduguri_pair(writable)
    post(writable, "correct", event=left, field="summary", value="<script>alert('x')</script>", who="<b>mallory</b>")
    html = writable.get(f"/events/{left}").text
    assert "<script>alert" not in html and "<b>mallory</b>" not in html
    assert "&lt;b&gt;mallory&lt;/b&gt;" in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)


def test_review_script_keeps_the_token_out_of_urls():
    from tacitus.serve.assets import STATIC_DIR

    js = (STATIC_DIR / "review.js").read_text()
    assert "sessionStorage" in js and "Authorization" in js
    assert not re.search(r"[?&]token=", js) and "localStorage" not in js
