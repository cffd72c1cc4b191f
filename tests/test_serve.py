"""The workbench over HTTP (ASGI test client): pages, JSON API, exports, ingest jobs,
escaping of hostile article text, the token, size limits and the one error shape."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import shutil
import time
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tacitus.config import Settings
from tacitus.pipeline import ingest
from tacitus.serve import ServeConfig, create_app
from tacitus.export import graph as formats
from tacitus.serve import highlight
from tacitus.serve.jobs import safe_filename
from tacitus.store import Store

TOKEN = "test-token-0123456789"
LOCAL = "http://127.0.0.1"  # the Host header the app accepts by default

MAIDUGURI = """Bomb attack on market in Maiduguri kills 12

A suicide bomber detonated explosives at a crowded market in Maiduguri on Saturday, killing at least 12 people and wounding 30, emergency officials said.
Boko Haram claimed responsibility for the bombing in a video released by the group.
"We heard a huge blast and then screaming," said Musa Ibrahim, a trader at the market.
"""
# a second report of the same incident, with other figures
MAIDUGURI_FOLLOWUP = """Maiduguri market bombing: death toll rises to 19

The death toll from Saturday's suicide bombing at a market in Maiduguri has risen to 19, with 41 people wounded, hospital officials said on Monday.
Islamic State West Africa Province, an affiliate of Islamic State, also claimed the attack, according to SITE Intelligence Group.
Police spokesman Abdu Umar said Boko Haram was responsible for the bombing.
"""
# untrusted markup in the title, the text and the URL
HOSTILE = {
    "title": "<script>alert('title')</script> Gunmen kill 9 in <img src=x onerror=alert('t')> Konduga",
    "url": "javascript:alert('url')",
    "published": "2021-06-14",
    "text": (
        "<script>alert('x')</script> Gunmen kill 9 in Konduga\n\n"
        "Gunmen stormed a village near Konduga in Borno state on Saturday, killing nine people and wounding "
        "four, police said. <img src=x onerror=alert('img')> Witnesses posted a link "
        "<a href=\"javascript:alert('link')\">click here</a> and javascript:alert('bare').\n\n"
        "Boko Haram claimed responsibility for the attack, a spokesman said."
    ),
}


def build_store(folder: Path) -> Path:
    """A small database from our own texts: two reports of one bombing with differing
    figures, and an article full of hostile markup."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "maiduguri.txt").write_text(MAIDUGURI, encoding="utf-8")
    (folder / "followup.txt").write_text(MAIDUGURI_FOLLOWUP, encoding="utf-8")
    (folder / "hostile.jsonl").write_text(json.dumps(HOSTILE) + "\n", encoding="utf-8")
    db = folder / "serve.db"
    # the learned role tagger is left out: these tests are about serving, not extraction
    settings = Settings(db=db, use_roles=False)
    with Store(db) as store:
        for name, published in (("maiduguri.txt", "2020-02-17"), ("followup.txt", "2020-02-18"),
                                ("hostile.jsonl", None)):
            from datetime import date

            report = ingest([str(folder / name)], store, settings, progress=False,
                            published=date.fromisoformat(published) if published else None)
            assert report.stored and not report.rejected, (name, report)
    return db


@pytest.fixture(scope="session")
def served_db(tmp_path_factory) -> Path:
    return build_store(tmp_path_factory.mktemp("serve"))


@pytest.fixture(scope="module")
def client(served_db):
    app = create_app(ServeConfig(db=served_db, token=TOKEN, max_bytes=200_000))
    with TestClient(app, base_url=LOCAL) as c:
        yield c


@pytest.fixture()
def writable(served_db, tmp_path):
    """A client on a copy of the database, for tests that write."""
    db = tmp_path / "copy.db"
    shutil.copy(served_db, db)
    app = create_app(ServeConfig(db=db, token=TOKEN, max_bytes=200_000))
    with TestClient(app, base_url=LOCAL) as c:
        yield c


def events(client, **params) -> list[dict]:
    """The reports (one per article) the list gives with ``reports=true``."""
    r = client.get("/api/events", params={"reports": "true", **params})
    assert r.status_code == 200, r.text
    return r.json()["events"]


def by_place(client, place: str) -> list[dict]:
    return [e for e in events(client) if e["place"] == place]


def hostile_article(client) -> dict:
    return next(a for a in client.get("/api/articles").json()["articles"] if "Konduga" in (a["title"] or ""))


def wait_for(client, job: dict, timeout: float = 60.0) -> dict:
    deadline = time.monotonic() + timeout
    while job["state"] in ("queued", "running"):
        assert time.monotonic() < deadline, job
        time.sleep(0.1)
        job = client.get(f"/api/jobs/{job['id']}").json()
    return job


# --- pages ---------------------------------------------------------------------------------------


def page_paths(client) -> list[str]:
    maiduguri = by_place(client, "Maiduguri")[0]
    hostile = hostile_article(client)
    return [
        "/events", "/events?q=market&country=Nigeria", f"/events/{maiduguri['id']}", "/map", "/timeline",
        "/timeline?interval=day", "/network", "/actors", "/actors/boko-haram", "/articles", "/articles?q=konduga",
        f"/articles/{hostile['id']}", f"/articles/{maiduguri['sources'][0]}", "/upload", "/api/docs",
        "/events?q=" + "script", "/nope",
    ]


def test_every_page_renders_with_security_headers(client):
    for path in page_paths(client):
        r = client.get(path)
        assert r.status_code == (404 if path == "/nope" else 200), path
        assert r.headers["content-type"].startswith("text/html"), path
        assert "script-src 'self'" in r.headers["content-security-policy"]
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["x-frame-options"] == "DENY"


def test_home_redirects_to_events(client):
    r = client.get("/", follow_redirects=False)
    assert r.status_code == 307 and r.headers["location"] == "/events"


class MarkupAudit(HTMLParser):
    """Collects what hostile text must never become: inline scripts, event-handler
    attributes, javascript: URLs, and images outside our own assets."""

    def __init__(self):
        super().__init__()
        self.problems: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name, value in attrs.items():
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...>")
            if name in ("href", "src", "action", "formaction") and value and \
                    value.strip().lower().startswith(("javascript:", "data:text")):
                self.problems.append(f"<{tag} {name}={value}>")
        if tag == "script":
            if not (attrs.get("src") or "").startswith(("/static/", "/vendor/")):
                self.problems.append("inline <script>")
        if tag in ("img", "iframe", "object", "embed"):
            self.problems.append(f"<{tag}>")


@pytest.mark.parametrize("evil", ["<script>alert", "<img src=x", 'href="javascript:', "<a href=\"javascript"])
def test_hostile_text_is_escaped_everywhere(client, evil):
    for path in page_paths(client):
        body = client.get(path).text
        assert evil not in body, (path, evil)


def test_pages_hold_no_markup_from_articles(client):
    for path in page_paths(client):
        audit = MarkupAudit()
        audit.feed(client.get(path).text)
        assert not audit.problems, (path, audit.problems)


def test_hostile_article_shows_its_text_as_text(client):
    article = hostile_article(client)
    page = client.get(f"/articles/{article['id']}").text
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(&#39;img&#39;)&gt;" in page
    # the javascript: URL is shown as text, never a link
    assert '<span class="url">javascript:alert(&#39;url&#39;)</span>' in page
    # JSON keeps the text as it is (it is data, and served as JSON)
    api = client.get(f"/api/articles/{article['id']}")
    assert api.headers["content-type"] == "application/json"
    assert "<script>alert('x')</script>" in api.json()["text"]


def test_event_page_links_every_figure_to_its_sentence(client):
    e = by_place(client, "Maiduguri")[0]
    page = client.get(f"/events/{e['id']}").text
    assert "evidence" not in e  # lists are lean: the evidence is in the detail call
    for ev in client.get(f"/api/events/{e['id']}").json()["evidence"]:
        assert f"/articles/{ev['article']}#s{ev['start']}-{ev['end']}" in page
    # the other report of the same bombing, with its figures, is on the page
    other = by_place(client, "Maiduguri")[1]
    assert f'href="/events/{other["id"]}"' in page
    assert 'class="n differs"' in page


def test_article_page_highlights_each_span_at_its_offsets(client):
    e = by_place(client, "Maiduguri")[0]
    article_id = e["sources"][0]
    article = client.get(f"/api/articles/{article_id}").json()
    page = client.get(f"/articles/{article_id}").text
    text = article["text"]
    assert article["spans"]
    for span in article["spans"]:
        anchor = f'<span class="anchor" id="s{span["start"]}-{span["end"]}"></span>'
        assert anchor in page
        # the mark right after the anchor starts with the span's first characters
        after = page.split(anchor, 1)[1]
        while after.startswith('<span class="anchor"'):
            after = after.split("</span>", 1)[1]
        assert after.startswith("<mark ")
        shown = after.split(">", 1)[1].split("</mark>", 1)[0]
        assert text[span["start"]:span["end"]].startswith(shown.replace("&#39;", "'").replace("&quot;", '"')
                                                          .replace("&amp;", "&")), span


# --- API ---------------------------------------------------------------------------------------------


def test_events_filters(client):
    assert len(events(client)) == 3
    assert len(events(client, country="nigeria")) == 3
    assert events(client, country="Chad") == []
    assert {e["type"] for e in events(client, type="armed_assault")} == {"armed_assault"}
    assert len(events(client, actor="islamic state west")) == 1
    assert len(events(client, since="2020-02-01", until="2020-02-28")) == 2
    assert len(events(client, since="2021")) == 1
    # full-text search over the reports
    assert {e["place"] for e in events(client, q="hospital officials")} == {"Maiduguri"}
    assert len(events(client, q="market")) == 2
    assert events(client, q="zzzunknownword") == []
    assert len(events(client, q='"quoted OR (operators*')) == 0  # no FTS syntax error
    # bounding box: Maiduguri and Konduga are in north-east Nigeria
    assert len(events(client, bbox="12,10,15,13")) == 3
    assert events(client, bbox="-10,40,10,60") == []
    assert len(events(client, bbox="170,-90,15,90")) == 3  # across the antimeridian
    # paging
    page = client.get("/api/events", params={"limit": 1, "offset": 1, "reports": "true"}).json()
    assert page["total"] == 3 and len(page["events"]) == 1 and page["offset"] == 1
    assert page["unit"] == "reports" and page["events"][0]["incident"]


def test_events_list_incidents_with_all_their_sources(client):
    """The two reports of the Maiduguri attack are one row, with both sources and both reports."""
    page = client.get("/api/events").json()
    reports = events(client)
    assert page["unit"] == "incidents" and page["total"] == len({r["incident"] for r in reports}) == 2
    merged = next(i for i in page["events"] if len(i["events"]) == 2)
    members = [r for r in reports if r["id"] in merged["events"]]
    assert {r["incident"] for r in members} == {merged["id"]}
    assert set(merged["sources"]) == {a for r in members for a in r["sources"]}
    assert merged["killed"]["low"] == min(r["killed_min"] for r in members)
    assert "evidence" not in merged and [r["id"] for r in merged["reports"]] == merged["events"]
    # filters select an incident by any of its reports
    assert [i["id"] for i in client.get("/api/events", params={"q": "hospital officials"}).json()["events"]] \
        == [merged["id"]]
    html = client.get("/events").text
    assert f'title="incident {merged["id"]}"' in html and "One row per report" in html
    assert "One row per incident" in client.get("/events", params={"reports": 1}).text


def test_an_incident_by_its_id(client):
    merged = next(i for i in client.get("/api/events").json()["events"] if len(i["events"]) == 2)
    full = client.get(f"/api/incidents/{merged['id']}").json()
    assert full["events"] == merged["events"] and full["evidence"] and len(full["reports"]) == 2
    assert {e["article"] for e in full["evidence"]} == set(merged["sources"])
    r = client.get(f"/events/{merged['id']}", follow_redirects=False)
    assert r.status_code == 307 and r.headers["location"] == f"/events/{merged['events'][0]}"
    assert_error_shape(client.get("/api/incidents/1"), 404)


def test_unknown_filter_values_are_refused_with_the_valid_ones(client):
    r = client.get("/api/events", params={"type": "bombings"})
    assert r.status_code == 422 and "bombing" in r.json()["error"] and "armed_assault" in r.json()["error"]
    r = client.get("/api/export/csv", params={"country": "Atlantis"})
    assert r.status_code == 422 and "Nigeria" in r.json()["error"]
    assert client.get("/api/events", params={"since": "2024-13"}).status_code == 422


def test_event_detail_has_sources_figures_and_related_reports(client):
    first, second = by_place(client, "Maiduguri")
    d = client.get(f"/api/events/{first['id']}").json()
    assert [a["id"] for a in d["articles"]] == first["sources"]
    figures = d["figures"][first["sources"][0]]
    assert any("12" in s["quote"] for s in figures["killed"])
    assert [r["id"] for r in d["related"]] == [second["id"]]
    assert (d["killed_min"], d["related"][0]["killed_min"]) == (12, 19)
    assert any(c["is_responsibility"] for c in d["claims"]) or d["relations"]


def test_timeline(client):
    week = client.get("/api/timeline").json()
    assert week["interval"] == "week" and week["undated"] == 0
    assert [b["start"] for b in week["buckets"]] == ["2020-02-10", "2021-06-07"]  # Mondays
    assert week["buckets"][0]["counts"] == {"bombing": 2}
    day = client.get("/api/timeline", params={"interval": "day", "type": "bombing"}).json()
    assert [(b["start"], b["total"]) for b in day["buckets"]] == [("2020-02-15", 2)]


def test_network(client):
    net = client.get("/api/network").json()
    keys = {n["key"] for n in net["nodes"]}
    assert {"boko-haram", "islamic-state"} <= keys
    types = {(e["source"], e["target"], e["type"]) for e in net["edges"]}
    assert any(t == "affiliate_of" and s.startswith("islamic-state-west") for s, _, t in types)
    assert any(t == "same_event" for _, _, t in types)
    boko = next(n for n in net["nodes"] if n["key"] == "boko-haram")
    assert boko["event_count"] == 3
    # filtered to one event's actors
    only = client.get("/api/network", params={"type": "armed_assault"}).json()
    assert {n["key"] for n in only["nodes"]} == {"boko-haram"}


def test_actors_relations_claims_articles_search_stats(client):
    actors = client.get("/api/actors").json()["actors"]
    assert actors[0]["key"] == "boko-haram"
    assert [a["key"] for a in client.get("/api/actors", params={"q": "west africa"}).json()["actors"]] == [
        "islamic-state-west-africa"]
    detail = client.get("/api/actors/islamic-state-west-africa").json()
    assert any(r["type"] == "affiliate_of" for r in detail["relations_out"])
    assert len(detail["events"]) == 1
    assert client.get("/api/relations").json()["relations"]
    assert any("Musa Ibrahim" in c["speaker"] for c in client.get("/api/claims").json()["claims"])
    assert len(client.get("/api/articles").json()["articles"]) == 3
    hits = client.get("/api/search", params={"q": "konduga"}).json()["results"]
    assert len(hits) == 1 and "[Konduga]" in hits[0]["snippet"]
    stats = client.get("/api/stats").json()
    assert stats["articles"] == 3 and stats["events"] == 3


def test_openapi_documents_the_api_and_its_error_shape(client):
    spec = client.get("/openapi.json").json()
    assert spec["components"]["schemas"]["ErrorBody"]["properties"].keys() == {"ok", "error", "status"}
    for path, ops in spec["paths"].items():
        assert path.startswith("/api/"), path
        for method, op in ops.items():
            assert {"4XX", "5XX"} <= op["responses"].keys(), (method, path)
    assert "/api/ingest/text" in spec["paths"] and "/api/export/{fmt}" in spec["paths"]
    docs = client.get("/api/docs").text
    assert "/vendor/swagger-ui/swagger-ui-bundle.js" in docs and "cdn" not in docs.lower()


# --- exports --------------------------------------------------------------------------------------


def test_export_csv_jsonl_geojson(client):
    r = client.get("/api/export/csv", params={"country": "Nigeria"})
    assert r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    incidents = {e["incident"] for e in events(client)}
    assert len(rows) == len(incidents) == 2 and {row["country"] for row in rows} == {"Nigeria"}
    assert sorted(len(row["reports"].split("; ")) for row in rows) == [1, 2]
    lines = client.get("/api/export/jsonl").text.splitlines()
    assert [json.loads(line)["id"] for line in lines] == [i["id"] for i in client.get("/api/events").json()["events"]]
    geo = client.get("/api/export/geojson", params={"type": "bombing"}).json()
    assert geo["type"] == "FeatureCollection" and len(geo["features"]) == 1
    lon, lat = geo["features"][0]["geometry"]["coordinates"]
    assert 13 < lon < 14 and 11 < lat < 12


def test_export_graphml(client):
    text = client.get("/api/export/graphml").text
    root = ET.fromstring(text.encode("utf-8"))
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    nodes = {n.get("id") for n in root.iterfind(".//g:node", ns)}
    edges = [(e.get("source"), e.get("target")) for e in root.iterfind(".//g:edge", ns)]
    assert "actor:boko-haram" in nodes and sum(n.startswith("incident:") for n in nodes) == 2
    assert all(s in nodes and t in nodes for s, t in edges)
    assert ("actor:islamic-state-west-africa", "actor:islamic-state") in edges
    nx = pytest.importorskip("networkx")
    graph = nx.read_graphml(io.BytesIO(text.encode("utf-8")))
    assert graph.nodes["actor:boko-haram"]["event_count"] == 3  # reports naming it
    assert sorted(d["reports"] for n, d in graph.nodes(data=True) if n.startswith("incident:")) == [1, 2]
    assert graph.nodes["actor:boko-haram"]["label"] == "Boko Haram"


# The FollowTheMoney schemata used, with the properties each has (its own and inherited:
# Thing, Interval, Interest, LegalEntity, Document), from followthemoney/schema/*.yaml.
_THING = {"name", "summary", "description", "country", "alias", "previousName", "weakAlias", "sourceUrl",
          "publisher", "publisherUrl", "keywords", "topics", "address", "notes", "proof", "modifiedAt",
          "retrievedAt", "wikidataId"}
_INTERVAL = {"startDate", "endDate", "date", "summary", "recordId", "sourceUrl", "description", "proof",
             "publisher", "publisherUrl", "modifiedAt", "retrievedAt"}
_LEGAL = _THING | {"email", "phone", "website", "legalForm", "incorporationDate", "jurisdiction",
                   "registrationNumber", "status", "sector"}
FTM = {
    "Article": _THING | {"title", "author", "publishedAt", "language", "date", "contentHash", "fileName",
                         "mimeType"},
    "Person": _LEGAL | {"position", "nationality", "firstName", "lastName", "title", "birthDate"},
    "Organization": _LEGAL,
    "PublicBody": _LEGAL,
    "LegalEntity": _LEGAL,
    "Event": _THING | _INTERVAL | {"location", "important", "organizer", "involved"},
    "Membership": _INTERVAL | {"role", "status", "member", "organization"},
    "UnknownLink": _INTERVAL | {"role", "status", "subject", "object"},
}
FTM_REFS = {"organizer", "involved", "member", "organization", "subject", "object", "proof"}
FTM_REQUIRED = {"Event": {"name"}, "Membership": {"member", "organization"}, "Article": set(),
                "Person": {"name"}, "Organization": {"name"}, "PublicBody": {"name"}, "LegalEntity": {"name"},
                "UnknownLink": {"subject", "object"}}


def test_export_followthemoney_entities_are_valid(client):
    lines = client.get("/api/export/ftm").text.splitlines()
    entities = [json.loads(line) for line in lines]
    ids = {e["id"] for e in entities}
    assert len(ids) == len(entities)
    for e in entities:
        assert set(e) == {"id", "schema", "properties"}
        assert e["schema"] in FTM, e["schema"]
        assert set(e["properties"]) <= FTM[e["schema"]], (e["schema"], set(e["properties"]) - FTM[e["schema"]])
        assert FTM_REQUIRED[e["schema"]] <= set(e["properties"]), e
        for name, values in e["properties"].items():
            assert isinstance(values, list) and values and all(isinstance(v, str) for v in values)
            if name in FTM_REFS:
                assert set(values) <= ids, (name, values)
    schemas = [e["schema"] for e in entities]
    assert schemas.count("Event") == 2 and "Membership" in schemas and "Article" in schemas
    event = next(e for e in entities if e["schema"] == "Event" and "19" in e["properties"].get("description", [""])[0])
    assert event["properties"]["country"] == ["ng"]
    boko = next(e for e in entities if e["properties"].get("name") == ["Boko Haram"])
    assert boko["schema"] == "Organization" and boko["id"] in event["properties"]["involved"]
    # a javascript: URL never becomes a sourceUrl
    assert not any(u.startswith("javascript") for e in entities for u in e["properties"].get("sourceUrl", []))


# --- ingest (write) --------------------------------------------------------------------------------


def test_ingest_text_job_progress_and_result(writable):
    r = writable.post("/api/ingest/text", headers={"Authorization": f"Bearer {TOKEN}"},
                      json={"text": MAIDUGURI.replace("Maiduguri", "Damaturu"), "published": "2020-03-02"})
    assert r.status_code == 202, r.text
    assert r.headers["location"] == f"/api/jobs/{r.json()['id']}"
    job = wait_for(writable, r.json())
    assert job["state"] == "done", job
    assert job["total"] == 1 and job["done"] == 1 and len(job["stored"]) == 1 and job["events"] == 1
    assert any(e["place"] == "Damaturu" for e in events(writable))
    # the same text again is a duplicate
    again = wait_for(writable, writable.post("/api/ingest/text", headers={"X-Tacitus-Token": TOKEN}, json={
        "text": MAIDUGURI.replace("Maiduguri", "Damaturu"), "published": "2020-03-02"}).json())
    assert again["duplicates"] == ["pasted text"] and again["stored"] == []


def test_ingest_file_upload_of_hostile_html(writable):
    html = ("<html><head><title>Attack in Gwoza <script>alert(1)</script></title></head><body>"
            "<h1>Gunmen attack Gwoza</h1><p>Gunmen killed five people in Gwoza in Borno state on Sunday, "
            "police said.</p><p><img src=x onerror=alert(2)><a href='javascript:alert(3)'>more</a></p>"
            "<script>alert(4)</script></body></html>")
    r = writable.post("/api/ingest/file", headers={"Authorization": f"Bearer {TOKEN}"},
                      files={"file": ("../../etc/gwoza page.html", html.encode(), "text/html")},
                      data={"published": "2021-05-10"})
    assert r.status_code == 202, r.text
    job = wait_for(writable, r.json())
    assert job["state"] == "done" and len(job["stored"]) == 1, job
    page = writable.get(f"/articles/{job['stored'][0]}").text
    audit = MarkupAudit()
    audit.feed(page)
    assert not audit.problems and "Gwoza" in page


def test_ingest_jsonl_file_reports_each_record(writable):
    records = [{"text": "", "title": "empty"}, {"text": MAIDUGURI.replace("Maiduguri", "Biu"),
                                                "published": "2020-01-01"}]
    body = "\n".join(json.dumps(r) for r in records).encode()
    r = writable.post("/api/ingest/file", headers={"Authorization": f"Bearer {TOKEN}"},
                      files={"file": ("batch.jsonl", body, "application/json")})
    job = wait_for(writable, r.json())
    assert job["total"] == 2 and job["done"] == 2
    assert len(job["stored"]) == 1 and len(job["rejected"]) == 1
    assert job["rejected"][0]["source"].startswith("batch.jsonl#")


def test_writes_are_off_without_a_configured_token(served_db, tmp_path):
    db = tmp_path / "c.db"
    shutil.copy(served_db, db)
    with TestClient(create_app(ServeConfig(db=db)), base_url=LOCAL) as c:
        r = c.post("/api/ingest/text", headers={"Authorization": "Bearer anything"}, json={"text": "x"})
        assert r.status_code == 403 and "writes are disabled" in r.json()["error"]
        assert "Uploads are off" in c.get("/upload").text


def test_request_size_limits(writable):
    big = "a" * 300_000
    declared = writable.post("/api/ingest/text", headers={"Authorization": f"Bearer {TOKEN}"},
                             json={"text": big})
    assert declared.status_code == 413

    def chunks():  # no Content-Length: counted as it arrives
        for _ in range(40):
            yield b"x" * 10_000

    streamed = writable.post("/api/ingest/text", headers={"Authorization": f"Bearer {TOKEN}",
                                                          "Content-Type": "application/json"}, content=chunks())
    assert streamed.status_code == 413
    assert streamed.json() == {"ok": False, "error": streamed.json()["error"], "status": 413}
    # a body under the request limit but over the article limit
    r = writable.post("/api/ingest/text", headers={"Authorization": f"Bearer {TOKEN}"},
                      json={"text": "é" * 150_000})
    assert r.status_code == 413


# --- the one error shape ---------------------------------------------------------------------------

AUTH = {"Authorization": f"Bearer {TOKEN}"}
# (method, path, keyword arguments, expected status); every /api route appears at least once
ERROR_CASES: list[tuple[str, str, dict, int]] = [
    ("GET", "/api/nowhere", {}, 404),
    ("GET", "/api/events", {"params": {"since": "last week"}}, 422),
    ("GET", "/api/events", {"params": {"limit": 0}}, 422),
    ("GET", "/api/events", {"params": {"bbox": "1,2,3"}}, 422),
    ("GET", "/api/events", {"params": {"bbox": "0,80,10,10"}}, 422),
    ("GET", "/api/events", {"params": {"q": "x" * 600}}, 422),
    ("POST", "/api/events", {}, 405),
    ("GET", "/api/events/999999", {}, 404),
    ("GET", "/api/events/abc", {}, 422),
    ("GET", "/api/events", {"params": {"type": "bombings"}}, 422),
    ("GET", "/api/incidents/999999", {}, 404),
    ("GET", "/api/incidents/0", {}, 422),
    ("GET", "/api/timeline", {"params": {"interval": "month"}}, 422),
    ("GET", "/api/actors", {"params": {"limit": -1}}, 422),
    ("GET", "/api/actors/nobody-at-all", {}, 404),
    ("GET", "/api/network", {"params": {"until": "2020-1"}}, 422),
    ("GET", "/api/network/view", {"params": {"since": "soon"}}, 422),
    ("GET", "/api/map/events", {"params": {"bbox": "1,2"}}, 422),
    ("GET", "/api/relations", {"params": {"article": "x" * 200}}, 422),
    ("GET", "/api/claims", {"params": {"article": "x" * 200}}, 422),
    ("GET", "/api/articles", {"params": {"limit": "many"}}, 422),
    ("GET", "/api/articles/no-such-article", {}, 404),
    ("GET", "/api/search", {}, 422),
    ("GET", "/api/stats", {"headers": {"host": "evil.example"}}, 400),
    ("GET", "/api/export/xlsx", {}, 404),
    ("GET", "/api/export/csv", {"params": {"since": "yesterday"}}, 422),
    ("POST", "/api/ingest/text", {"json": {"text": "x"}}, 401),
    ("POST", "/api/ingest/text", {"json": {"text": "x"}, "headers": {"Authorization": "Bearer wrong"}}, 403),
    ("POST", "/api/ingest/text", {"content": b"{not json", "headers": {**AUTH, "Content-Type": "application/json"}},
     422),
    ("POST", "/api/ingest/text", {"json": {"text": "x", "published": "2020-02-30"}, "headers": AUTH}, 422),
    ("POST", "/api/ingest/text", {"json": {"text": ""}, "headers": AUTH}, 422),
    ("POST", "/api/ingest/file", {"files": {"file": ("a.pdf", b"%PDF-1.4", "application/pdf")}, "headers": AUTH},
     415),
    ("POST", "/api/ingest/file", {"headers": AUTH}, 422),
    ("POST", "/api/ingest/file", {"headers": {**AUTH, "Content-Length": "99999999"}, "content": b""}, 413),
    ("GET", "/api/jobs/unknown", {}, 404),
    ("DELETE", "/api/jobs/unknown", {}, 405),
]


def assert_error_shape(r, status: int) -> None:
    assert r.status_code == status, (r.request.method, r.request.url, r.status_code, r.text)
    assert r.headers["content-type"] == "application/json"
    body = r.json()
    assert set(body) == {"ok", "error", "status"}, body
    assert body["ok"] is False and body["status"] == status
    assert isinstance(body["error"], str) and body["error"].strip()


@pytest.mark.parametrize("method,path,kwargs,status", ERROR_CASES,
                         ids=[f"{m} {p} {s}" for m, p, _, s in ERROR_CASES])
def test_every_api_error_has_one_shape(client, method, path, kwargs, status):
    assert_error_shape(client.request(method, path, **kwargs), status)


# Every /api route having a failing case is checked in test_serve_review.py, from the OpenAPI
# document (FastAPI wraps included routers, so app.routes does not list their paths).


def test_unexpected_errors_have_the_shape_too(served_db, monkeypatch):
    from tacitus.store import web

    def boom(*args, **kwargs):
        raise RuntimeError("secret detail")

    from tacitus.serve import api, pages

    monkeypatch.setattr(web, "event_page", boom)
    monkeypatch.setattr(web, "event_page_json", boom)
    monkeypatch.setattr(api, "list_page_json", boom)
    monkeypatch.setattr(pages, "list_page_json", boom)
    with TestClient(create_app(ServeConfig(db=served_db)), base_url=LOCAL, raise_server_exceptions=False) as c:
        r = c.get("/api/events")
        assert_error_shape(r, 500)
        assert "secret" not in r.text
        page = c.get("/events")
        assert page.status_code == 500 and "secret" not in page.text


def test_page_errors_are_html_pages(client):
    r = client.get("/events/999999")
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
    assert "no event with id 999999" in r.text
    r = client.get("/events", params={"since": "<script>"})
    assert r.status_code == 422 and "<script>" not in r.text


# --- pieces --------------------------------------------------------------------------------------------


def test_segments_split_at_every_span_boundary():
    text = "0123456789"
    spans = [highlight.Span(2, 6, "killed", "a"), highlight.Span(4, 8, "date", "b")]
    segs = highlight.segments(text, 0, 10, spans)
    assert [(s.text, [x.label for x in s.spans]) for s in segs] == [
        ("01", []), ("23", ["a"]), ("45", ["a", "b"]), ("67", ["b"]), ("89", [])]
    assert [s.anchors for s in segs] == [[], ["s2-6"], ["s4-8"], [], []]
    assert "".join(s.text for s in segs) == text
    assert highlight.css_name('killed" onclick="x') == "killedonclickx"


def test_sentence_offset_finds_the_sentence_holding_the_span():
    text = "First one. The bomb killed 12 people. Last."
    ev = {"text": "The bomb killed 12 people.", "start": 27, "end": 29}
    assert highlight.sentence_offset(ev, text) == 11
    assert highlight.sentence_offset(ev, "unrelated") is None


def test_graphml_drops_characters_xml_cannot_hold():
    graph = {"actors": [{"key": "a", "name": "bad\x00name\x1b<&>", "kind": "person"}], "events": [],
             "links": [], "relations": [], "articles": []}
    root = ET.fromstring(formats.to_graphml(graph).encode())
    labels = [d.text for d in root.iter("{http://graphml.graphdrawing.org/xmlns}data")]
    assert "badname<&>" in labels


def test_upload_file_names_are_made_safe():
    assert safe_filename("../../etc/passwd.txt") == "passwd.txt"
    assert safe_filename("C:\\Users\\x\\report 1.HTML") == "report_1.html"
    assert safe_filename(".jsonl") == "upload.jsonl" or safe_filename(".jsonl").endswith(".jsonl")


def test_serve_command_help():
    from click.testing import CliRunner

    from tacitus.serve.cli import serve_command

    result = CliRunner().invoke(serve_command, ["--help"])
    assert result.exit_code == 0
    for flag in ("--db", "--host", "--port", "--token", "--max-bytes", "--allow-host"):
        assert flag in result.output


def test_page_scripts_never_parse_strings_as_html():
    """Untrusted text reaches the DOM only as text: no innerHTML and friends, and Leaflet's
    popups and tooltips get nodes (given a string, Leaflet sets innerHTML)."""
    import re

    from tacitus.serve.assets import STATIC_DIR

    for js in STATIC_DIR.glob("*.js"):
        code = "\n".join(line for line in js.read_text().splitlines() if not line.strip().startswith("//"))
        assert not re.search(r"\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML|document\.write|eval\(", code), js
        for call in re.findall(r"\.bind(?:Popup|Tooltip)\((.{0,8})", code):
            assert call.strip().startswith("()"), (js, call)


@pytest.mark.parametrize("page", ["/events", "/map", "/timeline", "/network"])
def test_pages_refuse_unknown_filter_values_as_the_api_does(client, page):
    """An unknown type or country, or an actor no name contains, is a 422 page with the API's
    message (the valid values, the closest names), not an empty page that looks like no events."""
    for params, names in (({"type": "bombings"}, ("bombing", "armed_assault")), ({"country": "Atlantis"}, ("Nigeria",)),
                          ({"actor": "Boko Haramm"}, ("Boko Haram",))):
        r = client.get(page, params=params)
        api = client.get("/api/events", params=params)
        assert r.status_code == 422 == api.status_code, (page, params)
        assert r.headers["content-type"].startswith("text/html")
        message = html.unescape(re.search(r'data-status="422">(.*?)</p>', r.text, re.S).group(1))
        assert message == api.json()["error"] and all(n in message for n in names)
    assert client.get(page, params={"type": "bombing", "country": "nigeria"}).status_code == 200
