"""Export: JSON Lines, ACLED/GTD-like CSV, GeoJSON over Store.events() dicts."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest

from tacitus.export import CSV_COLUMNS, GTD_EVENT_TYPES, csv_row, to_csv, to_geojson, to_jsonl
from tacitus.models import (
    EVENT_TYPES,
    ActorMention,
    Article,
    Event,
    Evidence,
    Extraction,
    Paragraph,
)
from tacitus.store import Store


@pytest.fixture
def events():
    text = "Gunmen attacked Crocus City Hall, killing 137. Isis claimed it."
    art = Article(id="a1", text=text, paragraphs=(Paragraph(text, 0, len(text)),),
                  title="Attack", published=date(2024, 3, 23))
    isis = ActorMention(key="islamic-state", name="Islamic State", kind="armed_group",
                        surface=("Isis",))
    tajik = ActorMention(key="tajik-men", name="Tajik men", kind="descriptor", surface=())
    e1 = Event(key="e1", type="armed_assault", date="2024-03-22", date_precision="day",
               country="Russia", place="Crocus City Hall", place_precision="venue",
               latitude=55.82, longitude=37.39, killed_min=137, killed_max=137,
               injured_min=100, injured_max=None, perpetrators=("islamic-state",),
               claimed_by=("islamic-state",), suspects=("tajik-men",),
               targets=("concert hall",), victims=("concert-goers", "staff"),
               weapons=("firearms", "incendiary"), summary="=HYPERLINK(\"http://x\")",
               evidence=(Evidence("a1", 0, 42, 46, "137", "killed"),), confidence=0.8)
    e2 = Event(key="e2", type="infrastructure_attack", date="2024", date_precision="year", aggregate=True,
               summary='Fires, "several", in Iran\nand Turkey')
    with Store(":memory:") as store:
        store.save(Extraction(article=art, events=(e1, e2), actors=(isis, tajik)))
        yield store.events()


def test_jsonl_lines_parse_and_round_trip(events):
    lines = list(to_jsonl(events))
    assert len(lines) == 2
    assert all(line.endswith("\n") and line.count("\n") == 1 for line in lines)
    assert [json.loads(line) for line in lines] == events


def test_jsonl_keeps_unicode_and_accepts_generators():
    (line,) = to_jsonl(e for e in [{"id": 1, "place": "Peshawar — پشاور"}])
    assert "پشاور" in line and json.loads(line)["place"] == "Peshawar — پشاور"


def test_csv_columns_and_values(events):
    buf = io.StringIO(newline="")
    assert to_csv(events, buf) == 2
    rows = list(csv.DictReader(io.StringIO(buf.getvalue(), newline="")))
    assert tuple(rows[0]) == CSV_COLUMNS
    second, first = rows  # "2024" sorts before "2024-03-22"
    assert first["event_date"] == "2024-03-22" and first["year"] == "2024"
    assert first["event_type"] == "Armed Assault" and first["event_type_code"] == "armed_assault"
    assert (first["country"], first["location"], first["place_precision"]) == (
        "Russia", "Crocus City Hall", "venue")
    assert (first["latitude"], first["longitude"]) == ("55.82", "37.39")
    assert first["perpetrator"] == "Islamic State" and first["claimed"] == "Islamic State"
    assert first["suspects"] == "Tajik men"
    assert first["victims"] == "concert-goers; staff"
    assert first["weapon"] == "firearms; incendiary"
    assert (first["nkill_min"], first["nkill_max"], first["nwound_min"], first["nwound_max"]) == (
        "137", "137", "100", "")
    assert first["sources"] == "a1"
    assert first["notes"].startswith("'=")  # formula neutralised
    assert second["event_type"] == "Facility/Infrastructure Attack"
    assert second["event_type_code"] == "infrastructure_attack"
    assert second["aggregate"] == "1" and second["country"] == ""
    assert second["notes"] == 'Fires, "several", in Iran\nand Turkey'  # quoting survives


def test_csv_without_sanitize_keeps_text(events):
    buf = io.StringIO(newline="")
    to_csv(events, buf, sanitize=False)
    rows = list(csv.DictReader(io.StringIO(buf.getvalue(), newline="")))
    assert rows[1]["notes"].startswith("=HYPERLINK")


def test_csv_of_no_events_is_a_header():
    buf = io.StringIO(newline="")
    assert to_csv([], buf) == 0
    assert buf.getvalue().strip() == ",".join(CSV_COLUMNS)


@pytest.mark.parametrize("code", EVENT_TYPES)
def test_every_event_type_has_gtd_wording(code):
    assert GTD_EVENT_TYPES[code]
    assert csv_row({"type": code})["event_type"] == GTD_EVENT_TYPES[code]


@pytest.mark.parametrize(
    "code, wording",
    [("bombing", "Bombing/Explosion"), ("kidnapping", "Hostage Taking (Kidnapping)"),
     ("assassination", "Assassination"), ("hijacking", "Hijacking"),
     ("infrastructure_attack", "Facility/Infrastructure Attack"),
     ("unarmed_assault", "Unarmed Assault"), ("unknown", "Unknown"), ("made-up", "Unknown"),
     (None, "")],  # GTD codes no protest or riot: no wording
)
def test_gtd_wording(code, wording):
    assert csv_row({"type": code})["event_type"] == wording


def test_csv_row_of_sparse_dict():
    row = csv_row({"id": 7, "date": None})
    assert set(row) == set(CSV_COLUMNS)
    assert row["event_id"] == 7 and row["year"] == "" and row["perpetrator"] == ""


def test_geojson_keeps_located_events(events):
    fc = to_geojson(events)
    assert fc["type"] == "FeatureCollection"
    (feature,) = fc["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [37.39, 55.82]}
    assert feature["properties"]["place"] == "Crocus City Hall"
    json.dumps(fc)
