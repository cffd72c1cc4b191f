"""Publication dates that cannot silently go missing: a sidecar of dates by file name (named
with --published-from, or a folder's own published.json), undated articles named in the ingest
summary and listed by `tacitus articles`, and `articles set-published` extracting again."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from tacitus.cli import main
from tacitus.config import Settings
from tacitus.errors import InputError
from tacitus.ingest import iter_documents, read_sidecar
from tacitus.models import Document, Rejection

TEXT = "Bomb kills 12 in Maiduguri\n\nA suicide bomber killed 12 people at a market in Maiduguri on Saturday."


def folder(tmp_path: Path, sidecar: dict | None) -> Path:
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    (root / "a.txt").write_text(TEXT, encoding="utf-8")
    (root / "sub" / "b.txt").write_text(TEXT.replace("12", "13"), encoding="utf-8")
    (root / "c.txt").write_text(TEXT.replace("12", "14"), encoding="utf-8")
    if sidecar is not None:
        (root / "published.json").write_text(json.dumps(sidecar), encoding="utf-8")
    return root


def docs(*paths, **kw) -> dict[str, Document | Rejection]:
    return {Path(d.source).name: d for d in iter_documents([str(p) for p in paths], Settings(), **kw)}


def test_a_folders_published_json_dates_its_files_and_is_not_ingested(tmp_path):
    root = folder(tmp_path, {"a.txt": "2022-10-30", "sub/b.txt": "2022-11-02"})
    found = docs(root, published=date(2020, 1, 1))
    assert set(found) == {"a.txt", "b.txt", "c.txt"}
    assert found["a.txt"].published == date(2022, 10, 30) and found["b.txt"].published == date(2022, 11, 2)
    assert found["c.txt"].published == date(2020, 1, 1)  # not in the sidecar: --published applies


def test_a_named_sidecar_wins_and_a_bad_one_is_refused(tmp_path):
    root = folder(tmp_path, {"a.txt": "2022-10-30"})
    named = tmp_path / "dates.json"
    named.write_text(json.dumps({"a.txt": "2023-01-01", "c.txt": "2023-01-02"}), encoding="utf-8")
    found = docs(root, published_from=named)
    assert found["a.txt"].published == date(2023, 1, 1) and found["c.txt"].published == date(2023, 1, 2)
    assert read_sidecar(named)["c.txt"] == date(2023, 1, 2)
    named.write_text(json.dumps({"a.txt": "last week"}), encoding="utf-8")
    with pytest.raises(InputError, match="YYYY-MM-DD"):
        read_sidecar(named)


def test_a_json_that_is_not_a_sidecar_is_still_a_record(tmp_path):
    root = folder(tmp_path, None)
    (root / "published.json").write_text(json.dumps({"text": TEXT, "published": "2022-10-30"}), encoding="utf-8")
    found = docs(root)
    assert found["published.json#1"].published == date(2022, 10, 30)


def test_a_sidecar_named_as_an_input_is_refused_with_what_to_do(tmp_path):
    root = folder(tmp_path, {"a.txt": "2022-10-30"})
    (rejected,) = list(iter_documents([str(root / "published.json")], Settings()))
    assert isinstance(rejected, Rejection) and "--published-from" in rejected.reason


@pytest.mark.model
def test_undated_articles_are_named_and_can_be_dated_again(tmp_path):
    root, db = folder(tmp_path, {"a.txt": "2022-10-30", "sub/b.txt": "2022-11-02"}), tmp_path / "t.db"
    runner = CliRunner()
    result = runner.invoke(main, ["ingest", str(root), "--db", str(db), "--no-roles"])
    assert result.exit_code == 0, result.output
    assert "published.json: read as the publication dates of 2 files" in result.output
    assert "1 stored without a publication date" in result.output and "c.txt" in result.output
    listed = json.loads(runner.invoke(main, ["articles", "--db", str(db), "--undated", "--format", "json"]).stdout)
    (undated,) = listed
    assert undated["published"] is None and undated["source"].endswith("c.txt")
    review = json.loads(runner.invoke(main, ["review", "list", "--what", "dates", "--format", "json",
                                             "--db", str(db)]).stdout)
    assert [a["id"] for a in review["undated_articles"]] == [undated["id"]]
    before = json.loads(runner.invoke(main, ["events", "--db", str(db), "--reports", "--format", "json"]).stdout)
    assert [e["date"] for e in before if undated["id"] in e["sources"]] == [None]  # "on Saturday": no base date
    result = runner.invoke(main, ["articles", "set-published", undated["id"], "2022-10-31", "--db", str(db)])
    assert result.exit_code == 0 and "undated -> 2022-10-31" in result.output
    after = json.loads(runner.invoke(main, ["events", "--db", str(db), "--reports", "--format", "json"]).stdout)
    assert [e["date"] for e in after if undated["id"] in e["sources"]] == ["2022-10-29"]  # the Saturday before
    assert runner.invoke(main, ["articles", "--db", str(db), "--undated", "--format", "json"]).stdout.strip() == "[]"
    missing = runner.invoke(main, ["articles", "set-published", "nope", "2022-10-31", "--db", str(db)])
    assert missing.exit_code == 1 and "tacitus articles" in missing.output


@pytest.mark.model
def test_ingesting_stored_content_with_a_new_date_extracts_it_again(tmp_path):
    src, db = tmp_path / "a.txt", tmp_path / "t.db"
    src.write_text(TEXT, encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(main, ["ingest", str(src), "--db", str(db), "--no-roles"]).exit_code == 0
    result = runner.invoke(main, ["ingest", str(src), "--db", str(db), "--no-roles", "--published", "2022-10-31"])
    assert result.exit_code == 0 and "published undated; extracted again as published 2022-10-31" in result.output
    events = json.loads(runner.invoke(main, ["events", "--db", str(db), "--format", "json"]).stdout)
    assert [e["date"] for e in events] == ["2022-10-29"]
    again = runner.invoke(main, ["ingest", str(src), "--db", str(db), "--no-roles", "--published", "2022-10-31"])
    assert "extracted again" not in again.output and "1 already stored" in again.output


def test_a_bad_sidecar_is_a_usage_error_before_anything_is_read(tmp_path):
    root = folder(tmp_path, None)
    bad = tmp_path / "dates.json"
    bad.write_text('{"a.txt": "30/10/2022"}', encoding="utf-8")
    result = CliRunner().invoke(main, ["ingest", str(root), "--published-from", str(bad), "--db",
                                       str(tmp_path / "t.db")])
    assert result.exit_code == 2 and "dates.json" in result.output and "YYYY-MM-DD" in result.output
