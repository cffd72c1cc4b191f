"""Streaming inputs: WARC and WARC.gz (HTML responses only), JSON Lines on standard input
read line by line, ``--resume`` passing over what is stored, and the progress bar's figures."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from tacitus.config import Settings
from tacitus.ingest import Seen, count_inputs, iter_documents
from tacitus.models import Document, Rejection

SETTINGS = Settings()
PAGE = ("<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
        "<p>{body}</p></article></body></html>")


def _warc(path: Path, records: list[tuple[str, str, str]], gz: bool) -> Path:
    """A WARC of (kind, uri, payload) records: "html" and "json" responses, a "request"."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=gz)
        for kind, uri, payload in records:
            if kind == "request":
                headers = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example.org")], is_http_request=True)
                rec = writer.create_warc_record(uri, "request", payload=io.BytesIO(b""), http_headers=headers)
            else:
                ctype = "text/html; charset=utf-8" if kind == "html" else "application/json"
                headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
                rec = writer.create_warc_record(uri, "response", payload=io.BytesIO(payload.encode()),
                                                http_headers=headers)
            writer.write_record(rec)
    return path


RECORDS = [
    ("request", "https://news.example/a", ""),
    ("html", "https://news.example/a", PAGE.format(title="Market bombing", body="A bomb exploded at a market.")),
    ("json", "https://news.example/api", '{"x": 1}'),
    ("html", "https://news.example/b", PAGE.format(title="Budget passed", body="The council passed a budget.")),
]


@pytest.mark.parametrize("name, gz", [("crawl.warc", False), ("crawl.warc.gz", True)])
def test_warc_yields_its_html_responses(tmp_path, name, gz):
    path = _warc(tmp_path / name, RECORDS, gz)
    docs = list(iter_documents([str(path)], SETTINGS))
    assert [type(d) for d in docs] == [Document, Document]
    assert [d.url for d in docs] == ["https://news.example/a", "https://news.example/b"]
    assert [d.source for d in docs] == [f"{path}#2", f"{path}#4"]
    assert all(d.media_type == "html" for d in docs) and b"bomb exploded" in docs[0].data


def test_warc_on_stdin_and_in_a_directory(tmp_path):
    path = _warc(tmp_path / "crawl.warc.gz", RECORDS, True)
    from_stdin = list(iter_documents(["-"], SETTINGS, stdin=io.BytesIO(path.read_bytes())))
    assert [d.source for d in from_stdin] == ["-#2", "-#4"]
    from_dir = list(iter_documents([str(tmp_path)], SETTINGS))
    assert [d.content_hash for d in from_dir] == [d.content_hash for d in from_stdin]


@pytest.mark.parametrize("tail", [
    b"this is not a warc record\r\n\r\nmore text\r\n",
    b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 500\r\n\r\ncut short",
])
def test_a_broken_warc_keeps_what_came_before_and_says_where_it_broke(tmp_path, tail):
    path = _warc(tmp_path / "crawl.warc", RECORDS, False)
    data = path.read_bytes()
    cut = data.rindex(b"WARC/1", 0, data.index(b"Budget passed"))  # the start of the last record
    (tmp_path / "cut.warc").write_bytes(data[:cut] + tail)
    items = list(iter_documents([str(tmp_path / "cut.warc")], SETTINGS))
    assert isinstance(items[0], Document) and len(items) == 2
    assert isinstance(items[-1], Rejection) and items[-1].code == "E114"
    assert items[-1].source == f"{tmp_path / 'cut.warc'}#4" and "not a readable WARC record" in items[-1].reason


class _OneWay(io.RawIOBase):
    """A stream that can only be read forward and counts how far it was read."""

    def __init__(self, data: bytes):
        self.data, self.pos = data, 0

    def readable(self):
        return True

    def readinto(self, buffer):
        chunk = self.data[self.pos:self.pos + min(len(buffer), 64)]
        buffer[:len(chunk)] = chunk
        self.pos += len(chunk)
        return len(chunk)


def test_jsonl_on_stdin_streams_line_by_line():
    lines = [json.dumps({"text": f"Report number {i} from the wire."}) for i in range(50)]
    stream = io.BufferedReader(_OneWay(("\n".join(lines) + "\n").encode()), buffer_size=64)
    items = iter_documents(["-"], SETTINGS, stdin=stream)
    first = next(items)
    assert first.source == "-#1" and stream.raw.pos < len(stream.raw.data) // 4  # read only as needed
    assert len([first, *items]) == 50


def test_stdin_still_reads_one_text_or_one_json_document():
    (text,) = iter_documents(["-"], SETTINGS, stdin=io.BytesIO(b"Gunmen attacked a village.\nTwo died.\n"))
    assert text.source == "-" and b"Two died." in text.data
    pretty = json.dumps([{"text": "One."}, {"text": "Two."}], indent=2).encode()
    assert [d.source for d in iter_documents(["-"], SETTINGS, stdin=io.BytesIO(pretty))] == ["-#1", "-#2"]


def test_skip_passes_over_stored_sources_unread(tmp_path):
    jl = tmp_path / "in.jsonl"
    jl.write_text("\n".join(json.dumps({"text": f"Item {i}."}) for i in range(3)) + "\n")
    page = tmp_path / "page.txt"
    page.write_text("A page.")
    stored = {f"{jl}#2", str(page)}
    items = list(iter_documents([str(jl), str(page)], SETTINGS, skip=stored.__contains__))
    assert [type(i) for i in items] == [Document, Seen, Document, Seen]
    assert items[1].source == f"{jl}#2"


def test_count_inputs_for_the_eta(tmp_path):
    (tmp_path / "a.jsonl").write_text('{"text": "x"}\n{"text": "y"}\n')
    (tmp_path / "b.txt").write_text("z")
    (tmp_path / "notes.md").write_text("not an input")
    assert count_inputs([str(tmp_path)]) == 3
    assert count_inputs(["-"]) is None
    _warc(tmp_path / "c.warc", RECORDS, False)
    assert count_inputs([str(tmp_path)]) is None


def test_progress_stats():
    from tacitus.pipeline import IngestReport, progress_stats

    report = IngestReport(n_stored=10, n_off_topic=7, n_rejected=1)
    assert progress_stats(20, 4.0, report) == "5.0 art/s, 30% relevant, 1 error"
    assert progress_stats(3, 0, None) == "- art/s"


def test_resume_after_an_interrupted_run(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from tacitus import ingest as ingest_module
    from tacitus.cli import main

    # off-topic texts: the relevance gate turns them away, so no language model is loaded
    texts = [f"The council of town {i} approved a new budget for the public library on Tuesday, and the "
             "mayor said reading rooms would open longer hours." for i in range(4)]
    jl, db = tmp_path / "in.jsonl", tmp_path / "t.db"
    jl.write_text("".join(json.dumps({"text": t}) + "\n" for t in texts[:2]))
    runner = CliRunner()
    first = runner.invoke(main, ["ingest", str(jl), "--db", str(db), "--workers", "1"])
    assert first.exit_code == 0 and "2 stored (2 off-topic, not annotated)" in first.output
    jl.write_text("".join(json.dumps({"text": t}) + "\n" for t in texts))  # the run goes on from line 3
    read = []
    real = ingest_module._record
    monkeypatch.setattr(ingest_module, "_record", lambda source, *a: read.append(source) or real(source, *a))
    second = runner.invoke(main, ["ingest", str(jl), "--db", str(db), "--workers", "1", "--resume"])
    assert second.exit_code == 0 and "2 stored (2 off-topic, not annotated), 2 already stored" in second.output
    assert read == [f"{jl}#3", f"{jl}#4"]


def test_progress_bar_counts_every_input_and_shows_the_gate_share(capsys):
    from tacitus.pipeline import IngestReport, _progress

    report = IngestReport()
    seen = []
    for i in _progress(range(8), True, 3, report, total=10):
        seen.append(i)
        report.n_stored += 1
        report.n_off_topic += i % 2
    report.n_duplicates += 2
    assert seen == list(range(8))
    err = capsys.readouterr().err
    assert "art/s" in err and "50% relevant" in err and "0 errors" in err


def test_no_progress_bar_when_not_asked(capsys):
    from tacitus.pipeline import _progress

    assert list(_progress(range(50), False, 3)) == list(range(50))
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("data", [b"\x1f\x8b", b"\x1f\x8b\x08\x00garbage\n", b"WARC/"])
def test_stdin_that_only_looks_like_a_warc_is_still_rejected(data):
    items = list(iter_documents(["-"], SETTINGS, stdin=io.BytesIO(data)))
    assert items and all(isinstance(i, Rejection) for i in items)


def test_an_empty_warc_file_is_rejected(tmp_path):
    (tmp_path / "empty.warc.gz").write_bytes(b"")
    (item,) = iter_documents([str(tmp_path / "empty.warc.gz")], SETTINGS)
    assert isinstance(item, Rejection) and item.code == "E104"


def test_stdin_is_read_no_further_than_the_size_limit():
    stream = io.BufferedReader(_OneWay(b"\x1f\x8b" + b"x" * 10_000), buffer_size=64)
    (item,) = iter_documents(["-"], Settings(max_bytes=100), stdin=stream)
    assert isinstance(item, Rejection) and item.code == "E103"
    assert stream.raw.pos <= 200
