"""End to end through the CLI: ingest files into a real SQLite file, query, show, export."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tacitus.cli import main

ARTICLE = """Advertisement

Bomb attack on market in Maiduguri kills 12

Reading Time: 3 minutes
A suicide bomber detonated explosives at a crowded market in Maiduguri on Saturday, killing at least 12 people and wounding 30, emergency officials said.
Advertisement
Boko Haram claimed responsibility for the bombing in a video released by the group.
"We heard a huge blast and then screaming," said Musa Ibrahim, a trader at the market.
"""


@pytest.fixture()
def runner():
    return CliRunner()


def _ingest(runner, db: Path, *args: str):
    return runner.invoke(main, ["ingest", *args, "--db", str(db)], catch_exceptions=False)


def test_ingest_query_show_export(tmp_path, runner):
    src = tmp_path / "market.txt"
    src.write_text(ARTICLE, encoding="utf-8")
    db = tmp_path / "t.db"
    result = _ingest(runner, db, str(src), "--published", "2020-02-17")
    assert result.exit_code == 0, result.output
    events = json.loads(runner.invoke(main, ["events", "--db", str(db), "--format", "json"]).output)
    assert len(events) == 1
    e = events[0]
    assert e["date"] == "2020-02-15" and e["country"] == "Nigeria" and e["type"] == "bombing"
    assert e["killed_min"] == 12 and e["injured_min"] == 30
    assert e["perpetrators"] == ["Boko Haram"] and e["claimed_by"] == ["Boko Haram"]
    assert e["evidence"] and all(ev["article"] == e["sources"][0] for ev in e["evidence"])
    # filters
    for args, n in ((["--country", "nigeria"], 1), (["--country", "Chad"], 0), (["--actor", "boko"], 1),
                    (["--type", "infrastructure_attack"], 0), (["--since", "2020-02-01", "--until", "2020-02-28"], 1),
                    (["--since", "2021-01-01"], 0)):
        out = runner.invoke(main, ["events", "--db", str(db), "--format", "json", *args]).output
        assert len(json.loads(out)) == n, args
    shown = runner.invoke(main, ["show", str(e["id"]), "--db", str(db)])
    assert shown.exit_code == 0 and "Maiduguri" in shown.output
    table = runner.invoke(main, ["events", "--db", str(db)])
    assert "Nigeria" in table.output
    claims = json.loads(runner.invoke(main, ["claims", "--db", str(db), "--format", "json"]).output)
    assert any(c["is_responsibility"] for c in claims)
    assert any("Musa Ibrahim" in (c["speaker"] or "") for c in claims)
    exported = runner.invoke(main, ["export", "--format", "csv", "--db", str(db)]).output
    rows = list(csv.DictReader(io.StringIO(exported)))
    assert len(rows) == 1 and rows[0]["country"] == "Nigeria"
    lines = runner.invoke(main, ["export", "--db", str(db)]).output.splitlines()
    assert json.loads(lines[0])["id"] == e["id"]


def test_same_content_twice_is_stored_once(tmp_path, runner):
    src = tmp_path / "a.txt"
    src.write_text(ARTICLE, encoding="utf-8")
    copy = tmp_path / "b.txt"
    copy.write_text(ARTICLE, encoding="utf-8")
    db = tmp_path / "t.db"
    assert _ingest(runner, db, str(src), "--published", "2020-02-17").exit_code == 0
    result = _ingest(runner, db, str(copy), "--published", "2020-02-17")
    assert result.exit_code == 0
    assert "1 already stored" in result.output
    events = json.loads(runner.invoke(main, ["events", "--db", str(db), "--format", "json"]).output)
    assert len(events) == 1


def test_bad_files_are_reported_and_batch_goes_on(tmp_path, runner):
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    binary = tmp_path / "bin.txt"
    binary.write_bytes(b"\x00\x01\x02PK\x03\x04" * 50)
    db = tmp_path / "t.db"
    # an earlier article must survive a later failing batch
    earlier = tmp_path / "earlier.txt"
    earlier.write_text(ARTICLE.replace("Maiduguri", "Kano"), encoding="utf-8")
    assert _ingest(runner, db, str(earlier), "--published", "2020-02-17").exit_code == 0
    result = _ingest(runner, db, str(empty), str(binary), str(good), str(tmp_path / "missing.txt"),
                     "--published", "2020-02-17")
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.startswith(str(tmp_path))]
    assert len(lines) == 3 and all(": " in line for line in lines)
    events = json.loads(runner.invoke(main, ["events", "--db", str(db), "--format", "json", "--reports"]).output)
    assert sorted(e["place"] for e in events) == ["Kano", "Maiduguri"]


def test_too_large_is_rejected(tmp_path, runner):
    big = tmp_path / "big.txt"
    big.write_text(ARTICLE * 50, encoding="utf-8")
    result = _ingest(runner, tmp_path / "t.db", str(big), "--max-bytes", "1000")
    assert result.exit_code == 1 and "limit" in result.output


def test_stdin(tmp_path, runner):
    db = tmp_path / "t.db"
    result = runner.invoke(main, ["ingest", "-", "--published", "2020-02-17", "--db", str(db)], input=ARTICLE)
    assert result.exit_code == 0, result.output
    assert json.loads(runner.invoke(main, ["events", "--db", str(db), "--format", "json"]).output)


def test_query_without_database_fails_clearly(tmp_path, runner):
    result = runner.invoke(main, ["events", "--db", str(tmp_path / "none.db")])
    assert result.exit_code != 0 and "no such database" in result.output


@pytest.mark.slow
def test_shared_sample_article(tmp_path, runner, shared_data):
    """The design's smoke test (not a target): the Crocus City Hall attack on the sample page."""
    db = tmp_path / "s.db"
    sample = shared_data / "sample-scraped-article.txt"
    assert _ingest(runner, db, str(sample), "--published", "2024-04-15").exit_code == 0
    events = json.loads(runner.invoke(main, ["events", "--db", str(db), "--format", "json"]).output)
    crocus = [e for e in events if e["date"] == "2024-03-22"]
    assert len(crocus) == 1
    e = crocus[0]
    assert e["country"] == "Russia" and e["killed_min"] == 137 and "Islamic State" in e["claimed_by"]
    assert any("Tajik" in s for s in e["suspects"])
    countries = {x["country"] for x in events if x["aggregate"]}
    assert {"Iran", "Pakistan", "Russia", "Turkey"} <= countries


@pytest.mark.slow
def test_worker_pool_gives_the_same_record(tmp_path):
    from tacitus.config import Settings
    from tacitus.pipeline import PARALLEL_MIN_DOCS, ingest
    from tacitus.store import Store

    towns = ["Maiduguri", "Kano", "Gao", "Mopti", "Quetta", "Kirkuk", "Mosul", "Beni"]
    records = tmp_path / "batch.jsonl"
    with records.open("w", encoding="utf-8") as fp:
        for i in range(PARALLEL_MIN_DOCS + 6):
            town = towns[i % len(towns)]
            text = f"A bomb exploded at a market in {town} on Monday, killing {i + 2} people, officials said."
            fp.write(json.dumps({"text": text, "published": "2021-03-10"}) + "\n")
    results = []
    for workers in (1, 2):
        with Store(tmp_path / f"w{workers}.db") as store:
            report = ingest([str(records)], store, Settings(workers=workers), progress=False)
            assert report.ok and len(report.stored) == PARALLEL_MIN_DOCS + 6
            results.append([(e["place"], e["killed_min"], e["date"]) for e in store.events()])
    assert results[0] == results[1]
    assert len(results[0]) == PARALLEL_MIN_DOCS + 6
