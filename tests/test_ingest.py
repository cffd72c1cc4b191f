"""Tests for tacitus.ingest: documents, rejections with reasons, decoding, hashing."""

from __future__ import annotations

import hashlib
import io
import json
import os
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings as hsettings
from hypothesis import strategies as st

from tacitus import ingest
from tacitus.config import Settings
from tacitus.errors import InputError
from tacitus.ingest import decode, iter_documents
from tacitus.models import Document, Rejection

FIXTURES = Path(__file__).parent / "fixtures"
SETTINGS = Settings()

ARTICLE = (
    "Gunmen attack checkpoint near Karvan\n\n"
    "Three soldiers were killed when gunmen attacked a checkpoint outside Karvan on Sunday, "
    "the army said.\n"
)


def run(paths, settings=SETTINGS, **kw):
    return list(iter_documents([str(p) for p in paths], settings, **kw))


def one(paths, settings=SETTINGS, **kw):
    items = run(paths, settings, **kw)
    assert len(items) == 1, items
    return items[0]


def write(tmp_path: Path, name: str, content: bytes | str) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


# --- documents -----------------------------------------------------------------------


def test_text_file_becomes_document(tmp_path):
    path = write(tmp_path, "a.txt", ARTICLE)
    doc = one([path])
    assert isinstance(doc, Document)
    assert doc.source == str(path)
    assert doc.media_type == "text"
    assert doc.data.decode("utf-8") == ARTICLE.strip()
    assert doc.content_hash == hashlib.sha256(doc.data).hexdigest()
    assert doc.url is None and doc.published is None


def test_html_file_and_fixture():
    doc = one([FIXTURES / "article_page.html"])
    assert isinstance(doc, Document)
    assert doc.media_type == "html"


def test_cli_published_and_url_apply_to_files(tmp_path):
    path = write(tmp_path, "a.txt", ARTICLE)
    doc = one([path], published=date(2024, 5, 14), url="https://news.example/a")
    assert doc.published == date(2024, 5, 14)
    assert doc.url == "https://news.example/a"


def test_directory_is_walked_recursively_sorted_and_filtered(tmp_path):
    write(tmp_path, "b.txt", "second article body")
    write(tmp_path, "a.html", "<html><body><p>first article body</p></body></html>")
    write(tmp_path, "sub/c.TXT", "third article body")
    write(tmp_path, "notes.md", "not an input")
    write(tmp_path, "image.png", b"\x89PNG\r\n\x1a\n....")
    write(tmp_path, ".hidden/d.txt", "hidden article body")
    write(tmp_path, ".e.txt", "hidden file body")
    sources = [item.source for item in run([tmp_path])]
    assert sources == [str(tmp_path / "a.html"), str(tmp_path / "b.txt"), str(tmp_path / "sub" / "c.TXT")]


def test_empty_directory_is_rejected_with_reason(tmp_path):
    (tmp_path / "empty").mkdir()
    rej = one([tmp_path / "empty"])
    assert isinstance(rej, Rejection)
    assert rej.reason.startswith("no .html")


@pytest.mark.parametrize(
    ("payload", "media_type"),
    [
        (b"<!DOCTYPE html><html><body><p>Gunmen attacked.</p></body></html>", "html"),
        (b"  <html lang='en'><p>x</p></html>", "html"),
        (b"<p>One.</p><p>Two.</p><div>Three</div>", "html"),
        (ARTICLE.encode(), "text"),
        (b"Police said 3 < 4 officers were hurt.", "text"),
    ],
)
def test_stdin_is_sniffed(payload, media_type):
    doc = one(["-"], stdin=io.BytesIO(payload))
    assert isinstance(doc, Document)
    assert doc.source == "-"
    assert doc.media_type == media_type


def test_stdin_json_lines_are_records():
    lines = b'{"text": "first record body"}\n{"html": "<p>second record body</p>"}\n'
    docs = run(["-"], stdin=io.BytesIO(lines))
    assert [(d.source, d.media_type) for d in docs] == [("-#1", "text"), ("-#2", "html")]


# --- JSON records --------------------------------------------------------------------


def test_jsonl_records_bad_line_and_batch_continues(tmp_path):
    path = write(
        tmp_path,
        "records.jsonl",
        "\n".join(
            [
                json.dumps({"text": "Record one body.", "url": "https://a.example/1", "title": "One",
                            "published": "2024-01-03"}),
                '{"text": "broken record", ',
                "",
                json.dumps({"title": "no body"}),
                json.dumps({"html": "<p>Record four body.</p>", "published": "2024-02-01T10:00:00Z"}),
                json.dumps(["not", "an", "object"]),
                json.dumps({"text": "Record seven body.", "published": "last week"}),
            ]
        ),
    )
    after = write(tmp_path, "after.txt", ARTICLE)
    items = run([path, after], published=date(2020, 1, 1), url="https://cli.example/")
    by_source = {item.source: item for item in items}

    first = by_source[f"{path}#1"]
    assert isinstance(first, Document)
    assert (first.url, first.title, first.published) == ("https://a.example/1", "One", date(2024, 1, 3))

    bad = by_source[f"{path}#2"]
    assert isinstance(bad, Rejection)
    assert bad.reason.startswith("malformed JSON on line 2")

    assert f"{path}#3" not in by_source  # blank line skipped
    assert by_source[f"{path}#4"].reason == "line 4: record has no 'text' or 'html' field"

    fourth = by_source[f"{path}#5"]
    assert fourth.media_type == "html"
    assert fourth.published == date(2024, 2, 1)
    assert fourth.url == "https://cli.example/"  # the record gave none: the CLI default applies

    assert "not a JSON object" in by_source[f"{path}#6"].reason
    assert "not an ISO date" in by_source[f"{path}#7"].reason
    # the batch went on past the bad lines, to the next file
    assert isinstance(by_source[str(after)], Document)
    assert by_source[str(after)].published == date(2020, 1, 1)


def test_json_file_object_and_list(tmp_path):
    single = write(tmp_path, "one.json", json.dumps({"text": "Single record body."}))
    many = write(tmp_path, "many.json", json.dumps([{"text": "First body."}, {"text": "Second body."}, {"x": 1}]))
    broken = write(tmp_path, "broken.json", '[{"text": "a"},\n {"text": }]')
    items = run([single, many, broken])
    assert [i.source for i in items] == [
        f"{single}#1", f"{many}#1", f"{many}#2", f"{many}#3", str(broken),
    ]
    assert isinstance(items[2], Document)
    assert "no 'text' or 'html'" in items[3].reason
    assert items[4].reason.startswith("malformed JSON:") and "line 2" in items[4].reason


def test_json_record_text_gets_mojibake_repaired(tmp_path):
    path = write(tmp_path, "r.jsonl", json.dumps({"text": "The militantsâ€™ convoy was hit."}) + "\n")
    doc = one([path])
    assert doc.data.decode() == "The militants’ convoy was hit."


# --- rejections ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty file"),
        (b"   \n\t \r\n  ", "only whitespace"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "binary file (PDF)"),
        (b"PK\x03\x04\x14\x00\x06\x00", "binary file (ZIP (or DOCX/XLSX/EPUB))"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file (PNG)"),
        (b"Gunmen attacked\x00 the town", "binary file (contains NUL bytes)"),
        (bytes(range(1, 9)) * 20 + b"some text", "binary file"),
    ],
)
def test_bad_files_are_rejected_with_reason(tmp_path, content, reason):
    path = write(tmp_path, "bad.txt", content)
    rej = one([path])
    assert isinstance(rej, Rejection)
    assert rej.source == str(path)
    assert rej.reason.startswith(reason)


def test_too_large_is_rejected_with_sizes(tmp_path):
    path = tmp_path / "big.txt"
    with path.open("wb") as fh:  # sparse: no 7 MB written to disk
        fh.truncate(int(7.2 * 1024 * 1024))
    rej = one([path])
    assert rej.reason == "larger than 5.0 MB limit (7.2 MB)"


def test_too_large_small_limit_and_stdin(tmp_path):
    small = Settings(max_bytes=100)
    path = write(tmp_path, "a.txt", "x" * 150)
    assert one([path], small).reason == "larger than 100 bytes limit (150 bytes)"
    assert one(["-"], small, stdin=io.BytesIO(b"y" * 500)).reason == "larger than 100 bytes limit"
    lines = write(tmp_path, "r.jsonl", json.dumps({"text": "z" * 300}) + "\n" + json.dumps({"text": "ok"}) + "\n")
    first, second = run([lines], small)
    assert first.reason == "line 1: record larger than 100 bytes limit"
    assert isinstance(second, Document)


def test_missing_file_and_batch_continues(tmp_path):
    good = write(tmp_path, "good.txt", ARTICLE)
    items = run([tmp_path / "missing.txt", good])
    assert items[0] == Rejection(str(tmp_path / "missing.txt"), "not found", code="E101")
    assert isinstance(items[1], Document)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads everything")
def test_unreadable_file(tmp_path):
    path = write(tmp_path, "locked.txt", ARTICLE)
    path.chmod(0)
    try:
        assert one([path]).reason == "cannot read: permission denied"
    finally:
        path.chmod(0o644)


def test_permission_denied_reason(tmp_path, monkeypatch):
    path = write(tmp_path, "locked.txt", ARTICLE)
    real_open = Path.open

    def deny(self, *args, **kwargs):
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", deny)
    items = run([path, FIXTURES / "pasted_article.txt"])
    assert items[0].reason == "cannot read: permission denied"
    assert isinstance(items[1], Document)


def test_undecodable_bytes_are_rejected(tmp_path, monkeypatch):
    class NoMatch:
        def best(self):
            return None

    monkeypatch.setattr(ingest.charset_normalizer, "from_bytes", lambda data: NoMatch())
    path = write(tmp_path, "a.txt", b"caf\xe9 \xff\xfe\xfd")
    assert one([path]).reason == "not decodable as text (no character encoding fits)"


# --- decoding and hashing ----------------------------------------------------------------


def test_decode_repairs_mojibake():
    # UTF-8 read as Windows-1252 and saved again as UTF-8, as real feeds carry it
    broken = "The group’s fighters – “heavily armed – fled".encode("utf-8").decode("cp1252").encode("utf-8")
    assert "â€™".encode("utf-8") in broken
    assert decode(broken) == "The group’s fighters – “heavily armed – fled"
    assert decode("Itâ€™s".encode("utf-8")) == "It’s"


@pytest.mark.parametrize(
    "data",
    [
        "Karvan’s mayor said".encode("utf-8"),
        b"\xef\xbb\xbf" + "Karvan’s mayor said".encode("utf-8"),
        "Karvan’s mayor said".encode("cp1252"),
        "\ufeffKarvan’s mayor said".encode("utf-16"),
    ],
)
def test_decode_encodings(data):
    assert decode(data) == "Karvan’s mayor said"


def test_decode_uses_declared_charset():
    page = '<html><head><meta charset="windows-1252"></head><body><p>Café Zürich’s owner</p></body></html>'
    assert "Café Zürich’s owner" in decode(page.encode("cp1252"))


def test_decode_raises_input_error(monkeypatch):
    monkeypatch.setattr(ingest.charset_normalizer, "from_bytes", lambda data: type("N", (), {"best": lambda s: None})())
    with pytest.raises(InputError) as err:
        decode(b"\xff\xfe\xfd\xfc" * 3 + b"abc", source="x.txt")
    assert err.value.source == "x.txt"


def test_same_content_same_hash_and_duplicate(tmp_path):
    text = "Karvan’s mayor said nine were killed.\nOfficials confirmed it."
    a = write(tmp_path, "a.txt", text)
    b = write(tmp_path, "b.txt", "\ufeff" + text.replace("\n", "\r\n") + "\n\n")
    c = write(tmp_path, "c.txt", text.encode("utf-16"))
    docs = run([a, b, c])
    assert all(isinstance(d, Document) for d in docs)
    assert len({d.content_hash for d in docs}) == 1
    # with dedupe, repeats in one batch are rejected naming the first source
    first, *rest = run([a, b, c], dedupe=True)
    assert isinstance(first, Document)
    assert all(isinstance(r, Rejection) and r.reason == f"duplicate of {a}" for r in rest)
    assert {r.content_hash for r in rest} == {first.content_hash}


def test_text_document_matches_file_ingest(tmp_path):
    text = "Karvan’s mayor said nine were killed.\r\nOfficials confirmed it.\n"
    from_file = one([write(tmp_path, "a.txt", text)])
    doc = ingest.text_document(text, published=date(2024, 5, 14))
    assert doc.content_hash == from_file.content_hash
    assert (doc.source, doc.media_type, doc.published) == ("<text>", "text", date(2024, 5, 14))
    assert ingest.text_document("<p>One</p><p>Two</p><p>Three</p>").media_type == "html"


def test_different_content_different_hash(tmp_path):
    a = one([write(tmp_path, "a.txt", "nine killed")])
    b = one([write(tmp_path, "b.txt", "ten killed")])
    assert a.content_hash != b.content_hash


@hsettings(max_examples=150, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_give_document_or_rejection(data):
    items = list(iter_documents(["-"], SETTINGS, stdin=io.BytesIO(data)))
    assert items, data
    for item in items:
        assert isinstance(item, (Document, Rejection))
        if isinstance(item, Rejection):
            assert item.reason
        else:
            assert item.content_hash == hashlib.sha256(item.data).hexdigest()
