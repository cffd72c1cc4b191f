"""Every export format, written by ``tacitus export`` with the filters of ``tacitus events``,
loaded back the way an analyst loads it: pandas for the CSVs, networkx for GraphML, a GeoJSON
check, FollowTheMoney when it is installed (else the entity shape)."""

from __future__ import annotations

import io
import json

import pytest
from click.testing import CliRunner

from tacitus.cli import main
from tacitus.export import acled, gtd
from tacitus.export.tables import CSV_COLUMNS

pd = pytest.importorskip("pandas")


def export(db, fmt: str, *args: str, output=None) -> str:
    argv = ["export", "--db", str(db), "--format", fmt, *args]
    if output is not None:
        argv += ["-o", str(output)]
    result = CliRunner().invoke(main, argv)
    assert result.exit_code == 0, result.output
    return output.read_text(encoding="utf-8") if output is not None else result.stdout


def incidents(db) -> list[dict]:
    result = CliRunner().invoke(main, ["events", "--db", str(db), "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize("fmt,columns", [("acled", acled.columns()), ("gtd", gtd.columns()), ("csv", CSV_COLUMNS)])
def test_csv_exports_load_in_pandas_one_row_per_incident(record_db, fmt, columns):
    listed = incidents(record_db)
    frame = pd.read_csv(io.StringIO(export(record_db, fmt)))
    assert list(frame.columns) == list(columns)
    ids = frame["tacitus_incident" if fmt != "csv" else "event_id"].tolist()
    assert ids == [i["id"] for i in listed] and len(ids) == 3
    # the same incident twice in the sources is one row: summing the tolls counts it once
    toll = frame["fatalities" if fmt == "acled" else "nkill" if fmt == "gtd" else "nkill_min"]
    assert toll.sum() == sum(i["killed_min"] for i in listed) == 100 + 101 + 13


def test_filters_are_those_of_events(record_db):
    frame = pd.read_csv(io.StringIO(export(record_db, "acled", "--country", "somalia")))
    assert frame["country"].tolist() == ["Somalia"]
    frame = pd.read_csv(io.StringIO(export(record_db, "gtd", "--since", "2022", "--until", "2022-12")))
    assert frame["country_txt"].tolist() == ["Somalia"]
    assert pd.read_csv(io.StringIO(export(record_db, "csv", "--actor", "Tehrik"))).shape[0] == 1


def test_jsonl_and_geojson_to_a_file(record_db, tmp_path):
    lines = export(record_db, "jsonl", output=tmp_path / "x.jsonl").splitlines()
    rows = [json.loads(line) for line in lines]
    assert [r["id"] for r in rows] == [i["id"] for i in incidents(record_db)]
    assert all(r["evidence"] and r["reports"] for r in rows)
    geo = json.loads(export(record_db, "geojson", output=tmp_path / "x.geojson"))
    assert geo["type"] == "FeatureCollection" and len(geo["features"]) == 3
    for f in geo["features"]:
        lon, lat = f["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90 and f["id"] == f["properties"]["id"]


def test_graphml_loads_in_networkx_with_incident_nodes(record_db):
    nx = pytest.importorskip("networkx")
    graph = nx.read_graphml(io.StringIO(export(record_db, "graphml")))
    kinds = [d["node_type"] for _, d in graph.nodes(data=True)]
    assert kinds.count("incident") == 3
    somalia = next(n for n, d in graph.nodes(data=True) if d.get("country") == "Somalia" and
                   d["node_type"] == "incident")
    assert graph.nodes[somalia]["reports"] == 2
    assert graph.has_edge("actor:al-shabaab", somalia)
    assert graph.number_of_edges("actor:al-shabaab", somalia) == 2  # perpetrator and claimed_by, once each


def test_ftm_entities(record_db):
    entities = [json.loads(line) for line in export(record_db, "ftm").splitlines()]
    events = [e for e in entities if e["schema"] == "Event"]
    assert len(events) == 3 and len({e["id"] for e in entities}) == len(entities)
    ftm = pytest.importorskip("followthemoney", reason="followthemoney is not installed")
    for e in entities:
        ftm.model.get_proxy(e)  # raises on an unknown schema or property


def test_unknown_filter_values_are_usage_errors_listing_the_valid_ones(record_db):
    result = CliRunner().invoke(main, ["export", "--db", str(record_db), "--format", "acled", "--type", "bombings"])
    assert result.exit_code == 2 and "bombing" in result.output and "armed_assault" in result.output
    result = CliRunner().invoke(main, ["events", "--db", str(record_db), "--country", "Somalai"])
    assert result.exit_code == 2 and "Somalia" in result.output and "Pakistan" in result.output
    result = CliRunner().invoke(main, ["events", "--db", str(record_db), "--actor", "al-Shabab"])
    assert result.exit_code == 2 and "closest al-Shabaab" in result.output
    result = CliRunner().invoke(main, ["events", "--db", str(record_db), "--since", "2024-13"])
    assert result.exit_code == 2 and "YYYY-MM" in result.output
