"""No input crashes a batch: the corpus of inputs that once did (issue 14), each followed by a
valid article, through the CLI; and properties over arbitrary bytes and values (hypothesis).

Each case asserts what happens to the bad input (stored, or rejected with its code and one
line naming it) and that the valid article after it is stored."""

from __future__ import annotations

import io
import json
import math
import os
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st

from tacitus.cli import main
from tacitus.config import Settings
from tacitus.errors import EXIT_OK, EXIT_REJECTED, Codes
from tacitus.ingest import iter_documents, parse_json, shown_path
from tacitus.models import Article, Document, Event, Extraction, Paragraph, Rejection
from tacitus.store import Store

GOOD = """Gunmen attack police post in Kano

Gunmen attacked a police post in Kano on Monday, killing four officers, police said.
"""
OTHER = GOOD.replace("four", "three").replace("\n", "\\n").encode()
TOLL = "Militants killed 99999999999999999999999 people in an attack on a market in Kano on Monday."


def ingest(tmp_path: Path, *args: str, stdin: bytes | None = None):
    db = tmp_path / "t.db"
    result = CliRunner().invoke(main, ["ingest", *args, "--db", str(db), "--no-roles", "--published", "2024-05-07"],
                                input=stdin, catch_exceptions=False)
    return result, db


def stored_sources(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return [r[0] for r in conn.execute("SELECT source FROM articles ORDER BY seq")]


def good_file(tmp_path: Path) -> Path:
    p = tmp_path / "zz-good.txt"
    p.write_text(GOOD, encoding="utf-8")
    return p


def write(tmp_path: Path, name: str | bytes, data: bytes) -> str:
    path = os.path.join(os.fsencode(tmp_path), name if isinstance(name, bytes) else name.encode())
    with open(path, "wb") as fh:
        fh.write(data)
    return os.fsdecode(path)


# --- the corpus: each crashed the CLI before ---------------------------------------------------

# (file name, bytes, expected code or None when the input is stored)
CORPUS: list[tuple[str, bytes, str | None]] = [
    ("surrogate-title.json", b'{"text": "%s", "title": "Half an emoji \\udc80"}' % OTHER, None),
    ("surrogate-url.json", b'{"text": "%s", "url": "https://x.example/\\ud83d"}' % OTHER, None),
    ("huge-toll.txt", TOLL.encode(), None),
    ("deep.json", b"[" * 100_000, "E105"),
    ("deep-object.json", b'{"a":' * 50_000, "E105"),
    ("huge-int.json", b'{"text": "Some text.", "published": ' + b"9" * 5000 + b"}", "E106"),
    ("utf16-no-bom.txt", GOOD.replace("four", "two").encode("utf-16-le"), None),
    ("utf16be-no-bom.txt", GOOD.replace("four", "two").encode("utf-16-be"), None),
]


@pytest.mark.parametrize("name,data,code", CORPUS, ids=[c[0] for c in CORPUS])
def test_corpus_case_then_valid_article(tmp_path, name, data, code):
    bad = write(tmp_path, name, data)
    result, db = ingest(tmp_path, bad, str(good_file(tmp_path)))
    assert "Traceback" not in result.output
    sources = stored_sources(db)
    assert str(good_file(tmp_path)) in sources
    if code is None:
        assert result.exit_code == EXIT_OK, result.output
        assert bad in sources or f"{bad}#1" in sources
    else:
        assert result.exit_code == EXIT_REJECTED, result.output
        assert f"{bad}: [{code}] " in result.output or f"{bad}#1: [{code}] " in result.output
        assert bad not in sources


def test_huge_toll_is_stored_as_unknown_with_the_refusal_noted(tmp_path):
    bad = write(tmp_path, "huge-toll.txt", TOLL.encode())
    result, db = ingest(tmp_path, bad)
    assert result.exit_code == EXIT_OK, result.output
    with Store(db) as store:
        (article,) = store.articles()
        for e in store.events():
            assert e["killed_min"] is None or e["killed_min"] <= 10_000_000
        meta = store.article(article["id"])["metadata"]
    assert any("killed" in r["field"] for r in meta.get("refused_values", [])), meta


def test_jsonl_with_deep_and_huge_lines_keeps_the_others(tmp_path):
    lines = [json.dumps({"text": GOOD, "url": "https://a.example/1"}).encode(), b"[" * 50_000,
             b'{"text": "x", "title": ' + b"1" * 5000 + b"}",
             json.dumps({"text": GOOD.replace("four", "five"), "url": "https://a.example/4"}).encode()]
    bad = write(tmp_path, "feed.jsonl", b"\n".join(lines) + b"\n")
    result, db = ingest(tmp_path, bad)
    assert result.exit_code == EXIT_REJECTED
    assert f"{bad}#2: [E105]" in result.output and f"{bad}#3: [E106]" in result.output
    assert stored_sources(db) == [f"{bad}#1", f"{bad}#4"]


def test_deep_json_on_stdin_is_one_rejection_and_files_before_it_are_stored(tmp_path):
    result, db = ingest(tmp_path, str(good_file(tmp_path)), "-", stdin=b"[" * 100_000)
    assert result.exit_code == EXIT_REJECTED
    assert "-: [E105]" in result.output
    assert stored_sources(db) == [str(good_file(tmp_path))]


def test_file_name_not_utf8_given_and_found_in_directory(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    given_name = write(tmp_path, b"caf\xe9-given.txt", GOOD.encode())
    write(folder, b"caf\xe9-found.txt", GOOD.replace("four", "six").encode())
    result, db = ingest(tmp_path, given_name, str(folder))
    assert result.exit_code == EXIT_OK, result.output
    sources = stored_sources(db)
    assert shown_path(given_name) in sources and any(s.endswith("caf\\xe9-found.txt") for s in sources)
    assert all(s.encode("utf-8") for s in sources)


def test_exit_codes_are_documented_in_the_readme():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for code, meaning in ((0, "stored"), (1, "rejected"), (2, "usage"), (3, "internal")):
        assert f"`{code}`" in readme and meaning in readme


def test_an_exception_inside_a_stage_rejects_that_document_only(tmp_path, monkeypatch):
    import tacitus.pipeline as pipeline

    real = pipeline.extract

    def flaky(annotated, **kw):
        if "boom" in annotated.article.text:
            raise ZeroDivisionError("a bug in a stage")
        return real(annotated, **kw)

    monkeypatch.setattr(pipeline, "extract", flaky)
    bad = write(tmp_path, "boom.txt", b"A bomb went boom in Kano on Monday, killing two people.")
    result, db = ingest(tmp_path, bad, str(good_file(tmp_path)))
    assert result.exit_code == 3, result.output
    assert f"{bad}: [E901] internal error while extracting: ZeroDivisionError: a bug in a stage" in result.output
    assert stored_sources(db) == [str(good_file(tmp_path))]


# --- properties -------------------------------------------------------------------------------

SETTINGS = Settings(max_bytes=64 * 1024)
JSON_ISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(
        ["text", "html", "url", "title", "published", "x"]), inner, max_size=5), max_leaves=20)


def _check_items(items):
    for item in items:
        assert isinstance(item, (Document, Rejection))
        if isinstance(item, Rejection):
            assert item.code in Codes.all(), item
            assert "\n" not in item.line
            item.line.encode("utf-8")
        else:
            item.data.decode("utf-8")
            for text in (item.source, item.title or "", item.url or ""):
                text.encode("utf-8")


@hsettings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=3000), suffix=st.sampled_from([".txt", ".html", ".json", ".jsonl"]))
def test_any_bytes_in_any_file_give_documents_or_coded_rejections(tmp_path, data, suffix):
    path = write(tmp_path, "input" + suffix, data)
    _check_items(iter_documents([path], SETTINGS))
    _check_items(iter_documents(["-"], SETTINGS, stdin=io.BytesIO(data)))


@hsettings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(record=JSON_ISH, depth=st.integers(0, 3000))
def test_any_json_record_gives_documents_or_coded_rejections(tmp_path, record, depth):
    text = "[" * depth + json.dumps(record) + "]" * depth
    path = write(tmp_path, "records.json", text.encode("utf-8", "surrogatepass"))
    _check_items(iter_documents([path], SETTINGS))
    path = write(tmp_path, "records.jsonl", json.dumps(record).encode("utf-8", "surrogatepass") + b"\n")
    _check_items(iter_documents([path], SETTINGS))


NUMBERS = st.one_of(st.none(), st.integers(), st.floats(allow_nan=True, allow_infinity=True))


@hsettings(max_examples=100, deadline=None)
@given(killed=st.one_of(st.none(), st.integers()), lat=NUMBERS, lon=NUMBERS, conf=NUMBERS,
       day=st.text(max_size=12))
def test_any_values_store_and_export_as_valid_json(killed, lat, lon, conf, day):
    from tacitus.export import to_jsonl

    art = Article(id="a1", text="Report.", paragraphs=(Paragraph("Report.", 0, 7),), published=date(2024, 1, 1))
    event = Event(key="e1", type="bombing", killed_min=killed, latitude=lat, longitude=lon,
                  confidence=conf if conf is not None else 0.5, date=day or None)
    with Store(":memory:") as store:
        store.save(Extraction(article=art, events=(event,)))
        (row,) = store.events()
        for line in to_jsonl([row]):
            json.loads(line, parse_constant=lambda c: pytest.fail(f"{c} in export"))
    for v in (row["latitude"], row["longitude"], row["confidence"]):
        assert v is None or math.isfinite(v)


def test_parse_json_bounds_depth_and_integers():
    from tacitus.errors import InputError

    with pytest.raises(InputError) as deep:
        parse_json("[" * 100_000 + "]" * 100_000, "x")
    assert deep.value.code is Codes.E105
    assert isinstance(parse_json('{"n": ' + "7" * 5000 + "}", "x")["n"], str)


def test_lone_surrogates_in_any_stored_string_are_replaced_not_a_crash():
    # found by benchmarks/fuzz_ingest.py: a place name with half an emoji crashed the insert
    art = Article(id="a1", text="Report \udc80.", paragraphs=(Paragraph("Report \udc80.", 0, 9),),
                  title="T\ud83d", published=date(2024, 1, 1))
    event = Event(key="e1", type="bombing", place="Kano \udc80", targets=("market \ud800",))
    with Store(":memory:") as store:
        store.save(Extraction(article=art, events=(event,)))
        (row,) = store.events()
        stored = store.article("a1")
    assert row["place"] == "Kano \ufffd" and row["targets"] == ["market \ufffd"]
    assert stored["text"] == "Report \ufffd." and len(stored["text"]) == len(art.text)  # offsets hold
