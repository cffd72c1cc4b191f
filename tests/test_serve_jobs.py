"""Durable uploads and values at the API's edge: an accepted upload is in the database before
the 202, survives a server that stops and is resumed by the next; shutdown re-queues a job
promptly; large pastes take another lane; ids, offsets and corrections out of range are
4xx in the one error shape, never 500."""

from __future__ import annotations

import json
import shutil
import sqlite3
import threading
import time

import pytest
from fastapi.testclient import TestClient

from tacitus.config import Settings
from tacitus.serve import ServeConfig, create_app
from tacitus.serve import jobs as jobs_module
from tacitus.store import Store

from test_serve import AUTH, LOCAL, MAIDUGURI, TOKEN, assert_error_shape, served_db, wait_for  # noqa: F401


@pytest.fixture()
def db(served_db, tmp_path):  # noqa: F811
    path = tmp_path / "jobs.db"
    shutil.copy(served_db, path)
    return path


def app_on(db, **kw):
    return create_app(ServeConfig(db=db, token=TOKEN, max_bytes=200_000, **kw))


def job_rows(db) -> list[tuple[str, str]]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT id, state FROM jobs ORDER BY created").fetchall()


TEXTS = [MAIDUGURI.replace("12", str(n)).replace("Saturday", "Sunday") for n in (21, 22, 23)]


def test_an_accepted_upload_is_stored_before_the_202_and_resumed_after_a_stop(db):
    app = app_on(db)
    client = TestClient(app, base_url=LOCAL)  # no lifespan: this server never runs its jobs
    accepted = [client.post("/api/ingest/text", json={"text": t, "published": "2020-02-17"}, headers=AUTH)
                for t in TEXTS]
    assert all(r.status_code == 202 for r in accepted)
    ids = [r.json()["id"] for r in accepted]
    assert [s for i, s in job_rows(db) if i in ids] == ["queued"] * 3  # durable before any work
    with sqlite3.connect(db) as conn:  # as a server killed mid-job leaves it
        conn.execute("UPDATE jobs SET state = 'running' WHERE id = ?", (ids[0],))
    with TestClient(app_on(db), base_url=LOCAL) as restarted:  # the next server resumes them all
        done = [wait_for(restarted, restarted.get(f"/api/jobs/{i}").json(), timeout=120) for i in ids]
    assert [j["state"] for j in done] == ["done"] * 3, done
    assert all(len(j["stored"]) == 1 for j in done)
    assert done[0]["attempts"] >= 1


def test_a_stopped_job_goes_back_to_the_queue_and_loses_nothing(db):
    with Store(db) as store:
        job = jobs_module._submit(store, "batch.jsonl", "batch.jsonl",
                                  "\n".join(json.dumps({"text": t}) for t in TEXTS).encode(),
                                  None, None)
        claimed = jobs_module._claim(store.conn, "small")
    assert claimed is not None and claimed.id == job.id
    stop = threading.Event()
    stop.set()  # a shutdown that came before the first document was done
    settings = Settings(db=db, max_bytes=200_000)
    assert jobs_module.run_job(claimed, settings, stop) == "queued"
    with Store(db) as store:
        again = jobs_module._claim(store.conn, "small")
    assert again is not None and again.row["attempts"] == 2 and again.row["payload"]
    assert jobs_module.run_job(again, settings, threading.Event()) == "done"
    with Store(db) as store:
        final = jobs_module._row(store.conn, job.id).to_dict()
    assert final["state"] == "done" and len(final["stored"]) == 3 and final["done"] == final["total"] == 3


def test_shutdown_is_prompt_and_re_queues_the_running_job(db, monkeypatch):
    monkeypatch.setattr(jobs_module, "LARGE_JOB_BYTES", 10)  # every upload takes the large lane
    with TestClient(app_on(db), base_url=LOCAL) as client:
        r = client.post("/api/ingest/text", json={"text": TEXTS[0]}, headers=AUTH)
        job_id = r.json()["id"]
        deadline = time.monotonic() + 30
        while client.get(f"/api/jobs/{job_id}").json()["state"] == "queued" and time.monotonic() < deadline:
            time.sleep(0.05)
        started = time.monotonic()
    assert time.monotonic() - started < jobs_module.STOP_GRACE_S + 5  # no wait for the model loads
    assert dict(job_rows(db))[job_id] in ("queued", "done")


@pytest.mark.slow
def test_a_large_paste_does_not_block_a_small_one(db, monkeypatch):
    monkeypatch.setattr(jobs_module, "LARGE_JOB_BYTES", 1000)
    big = "\n\n".join(TEXTS) + "\n\n" + "Officials said the market would reopen. " * 40
    with TestClient(app_on(db), base_url=LOCAL) as client:
        large = client.post("/api/ingest/text", json={"text": big}, headers=AUTH).json()
        small = client.post("/api/ingest/text", json={"text": TEXTS[1]}, headers=AUTH).json()
        assert (large["lane"], small["lane"]) == ("large", "small")
        small = wait_for(client, small, timeout=120)
        assert small["state"] == "done"
        assert client.get(f"/api/jobs/{large['id']}").json()["state"] in ("queued", "running")  # still going
        assert wait_for(client, large, timeout=240)["state"] == "done"


# --- values at the edge ------------------------------------------------------------------------

HUGE = 2**63


@pytest.mark.parametrize("method,path,kwargs", [
    ("GET", "/api/events", {"params": {"offset": HUGE}}),
    ("GET", f"/api/events/{HUGE}", {}),
    ("GET", f"/api/events/{HUGE}/history", {}),
    ("GET", "/api/events/-1", {}),
    ("POST", "/api/review/correct", {"json": {"event": HUGE, "field": "killed_min", "value": 3}}),
    ("POST", "/api/review/split", {"json": {"event": HUGE}}),
    ("POST", "/api/review/merge-events", {"json": {"events": [1, HUGE]}}),
    ("POST", "/api/review/rate", {"json": {"claim": HUGE, "reliability": "A", "credibility": 2}}),
    ("POST", "/api/review/confirm", {"content": b"[" * 100_000, "headers": {"content-type": "application/json"}}),
])
def test_out_of_range_ids_and_bodies_are_4xx(db, method, path, kwargs):
    with TestClient(app_on(db), base_url=LOCAL) as client:
        headers = {**AUTH, **kwargs.pop("headers", {})}
        r = client.request(method, path, headers=headers, **kwargs)
    assert 400 <= r.status_code < 500, (path, r.status_code, r.text)
    assert_error_shape(r, r.status_code)


@pytest.mark.parametrize("field,value", [("latitude", "inf"), ("longitude", "1e999"), ("confidence", "nan"),
                                         ("latitude", 91), ("killed_min", HUGE), ("killed_min", "9" * 5000),
                                         ("date", "2024-02-30")])
def test_corrections_must_be_finite_in_range_and_real(db, field, value):
    with TestClient(app_on(db), base_url=LOCAL) as client:
        event = client.get("/api/events", params={"reports": "true"}).json()["events"][0]["id"]
        r = client.post("/api/review/correct", json={"event": event, "field": field, "value": value}, headers=AUTH)
        assert 400 <= r.status_code < 500, r.text
        assert_error_shape(r, r.status_code)
        assert client.get("/api/export/geojson").status_code == 200


def test_event_list_is_lean_and_paged(db):
    with TestClient(app_on(db), base_url=LOCAL) as client:
        page = client.get("/api/events").json()
        assert page["limit"] == 50 and all("evidence" not in e for e in page["events"])
        one = client.get("/api/events", params={"limit": 1}).json()
        assert one["next_offset"] == (1 if one["total"] > 1 else None)
        if one["total"] > 1:
            second = client.get("/api/events", params={"limit": 1, "offset": 1}).json()
            assert second["events"][0]["id"] != one["events"][0]["id"]


def test_a_correction_with_half_an_emoji_is_stored_replaced(db):
    with TestClient(app_on(db), base_url=LOCAL) as client:
        event = client.get("/api/events", params={"reports": "true"}).json()["events"][0]["id"]
        r = client.post("/api/review/correct", headers={**AUTH, "content-type": "application/json"},
                        content=b'{"event": %d, "field": "place", "value": "Kano \\udc80"}' % event)
        assert r.status_code == 200, r.text
        assert client.get(f"/api/events/{event}").json()["place"] == "Kano \ufffd"
