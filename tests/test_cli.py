"""The command line's listings: incidents by default, reports on demand, one incident shown
with its reports; ids the review commands need; tables that fold to the terminal."""

from __future__ import annotations

import json

from click.testing import CliRunner

from tacitus.cli import main
from tacitus.resolve.incidents import anchor_id
from tacitus.store import Store


def run(*argv: str, env: dict | None = None):
    result = CliRunner().invoke(main, list(argv), env=env)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_events_lists_incidents_and_reports_on_demand(record_db):
    incidents = json.loads(run("events", "--db", str(record_db), "--format", "json"))
    reports = json.loads(run("events", "--db", str(record_db), "--format", "json", "--reports"))
    assert len(reports) == 4 and len(incidents) == 3
    merged = next(i for i in incidents if len(i["sources"]) == 2)
    assert sorted(merged["events"]) == sorted(r["id"] for r in reports if r["incident"] == merged["id"])
    assert (merged["killed"]["low"], merged["killed"]["best"], merged["killed"]["high"]) == (100, 121, 121)
    assert [s["source"] for s in merged["killed"]["per_source"]] == ["Reuters", "AP"]


def test_an_unresolved_report_is_listed_under_the_id_resolution_gives_it(record_db):
    incidents = json.loads(run("events", "--db", str(record_db), "--format", "json", "--country", "Afghanistan"))
    (kabul,) = incidents
    with Store(record_db) as store:
        (report,) = store.events(country="Afghanistan")
        assert kabul["id"] == anchor_id(f"{report['sources'][0]}#e1")
        from tacitus.resolve import resolve_all

        resolve_all(store, encoder=False)
        assert store.incident_of(report["id"]) == kabul["id"]


def test_show_an_incident_with_its_reports_and_tolls_by_source(record_db):
    merged = next(i for i in json.loads(run("events", "--db", str(record_db), "--format", "json"))
                  if len(i["sources"]) == 2)
    text = run("show", "--db", str(record_db), str(merged["id"]), env={"COLUMNS": "100"})
    assert f"incident {merged['id']}" in text and "2 reports" in text
    assert "Reuters: 100+" in text and "AP: 121" in text
    rows = [line.split("│")[1].strip() for line in text.splitlines() if line.startswith("│ ") and "│" in line[2:]]
    assert [int(r) for r in rows if r.isdigit()] == merged["events"]  # the reports' ids, for review commands
    one = json.loads(run("show", "--db", str(record_db), str(merged["events"][0]), "--format", "json"))
    assert one["incident"] == merged["id"] and one["id"] == merged["events"][0]
    result = CliRunner().invoke(main, ["show", "--db", str(record_db), "999999"])
    assert result.exit_code == 1 and "no incident or report" in result.output


def test_tables_fold_to_the_terminal_width(record_db):
    text = run("events", "--db", str(record_db), env={"COLUMNS": "80"})
    lines = text.splitlines()
    assert lines and max(len(line) for line in lines) <= 80 and "…" not in text  # folded, never cut
    ids = {str(i["id"]) for i in json.loads(run("events", "--db", str(record_db), "--format", "json"))}
    shown = {line.split("│")[1].strip() for line in lines if line.startswith("│")}
    assert ids <= shown  # whole ids, as `tacitus show` and the review commands take them
    assert "suspec" in text  # the suspects still said, with the perpetrators
    merged = next(i for i in json.loads(run("events", "--db", str(record_db), "--format", "json"))
                  if len(i["events"]) == 2)
    shown = "reports " + ", ".join(map(str, merged["events"]))
    assert shown in text  # the reports' ids, for review split-event
    assert shown in run("review", "incidents", "--db", str(record_db), "--min-sources", "2", env={"COLUMNS": "80"})
    wide = run("events", "--db", str(record_db), env={"COLUMNS": "200"})
    assert "Tehrik-i-Taliban Pakistan" in wide and "suspects" in wide and "conf" in wide


def test_listings_show_the_ids_review_commands_take(record_db):
    claims = json.loads(run("claims", "--db", str(record_db), "--format", "json"))
    (claim,) = claims
    table = run("claims", "--db", str(record_db), env={"COLUMNS": "200"})
    assert f"│ {claim['id']} " in table
    result = CliRunner().invoke(main, ["review", "rate", str(claim["id"]), "A2", "--db", str(record_db)])
    assert result.exit_code == 0, result.output
    assert " A2 " in run("claims", "--db", str(record_db), env={"COLUMNS": "200"})
    actors = run("actors", "--db", str(record_db), env={"COLUMNS": "200"})
    assert "│ al-shabaab " in actors and "│ ttp " in actors


def test_every_command_has_help_and_is_in_the_readme():
    from pathlib import Path

    import click

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for name, command in main.commands.items():
        assert command.help, name
        assert f"`tacitus {name}" in readme, f"tacitus {name} is not documented in the README"
        if isinstance(command, click.Group):
            for sub in command.commands:
                assert sub in readme, f"tacitus {name} {sub} is not documented in the README"


def test_resolve_after_a_correction_says_nothing_was_left_and_the_correction_shows(record_db):
    run("resolve", "--db", str(record_db))  # the Kabul report, stored unresolved
    (kabul,) = json.loads(run("events", "--db", str(record_db), "--format", "json", "--country", "Afghanistan"))
    result = CliRunner().invoke(main, ["review", "correct", str(kabul["events"][0]), "killed_min", "14",
                                       "--db", str(record_db)])
    assert result.exit_code == 0, result.output
    result = CliRunner().invoke(main, ["resolve", "--db", str(record_db)])
    assert result.exit_code == 0 and "nothing left to resolve: all 4 events are in incidents" in result.output
    (after,) = json.loads(run("events", "--db", str(record_db), "--format", "json", "--country", "Afghanistan"))
    assert after["id"] == kabul["id"] and after["killed"]["best"] == 14


def test_incident_ids_survive_a_reset(record_db):
    run("resolve", "--db", str(record_db))
    before = json.loads(run("events", "--db", str(record_db), "--format", "json"))
    run("resolve", "--reset", "--db", str(record_db))
    after = json.loads(run("events", "--db", str(record_db), "--format", "json"))
    assert [(i["id"], i["events"]) for i in after] == [(i["id"], i["events"]) for i in before]
    acled = run("export", "--db", str(record_db), "--format", "acled")
    assert all(str(i["id"]) in acled for i in after)
