"""The ingest stage: files, directories, stdin and JSON records -> Documents.

Bad input never raises: each input becomes a :class:`~tacitus.models.Document` or a
:class:`~tacitus.models.Rejection` saying why not, and the batch goes on. For each input:

1. resolve it: a file, a directory (walked recursively in sorted order, only the
   supported extensions, hidden entries skipped) or "-" for stdin;
2. read it, rejecting an input larger than ``settings.max_bytes`` before reading it whole;
3. reject binary data: known magic numbers, NUL bytes, a high share of control bytes;
4. decode it (:func:`decode`: UTF-8, a declared charset, charset-normalizer) and repair
   mojibake with ftfy;
5. normalise it (newlines, outer whitespace) and hash the UTF-8 bytes of the result, so the
   same content read twice, in any encoding, is one document;
6. yield a Document; JSON and JSON Lines files yield one per record (``path#N``), WARC and
   WARC.gz files one per HTML response (``path#N``, N counting the file's records).

Everything is read as a stream: a JSON Lines file, a WARC or standard input holding JSON Lines
or a WARC never sits whole in memory. With ``skip`` (``tacitus ingest --resume``), an input whose
source is already stored is passed over before it is read, decoded or hashed: it comes out as
:class:`Seen`.

Every rejection carries a code from :class:`tacitus.errors.Codes`. Names are shown as the
user can read them: a file name that is not valid UTF-8 keeps its bytes as ``\\xNN``; a
lone surrogate in a JSON string (half an emoji) becomes U+FFFD; JSON parsing is bounded in
depth and in the length of its integers, so one hostile record costs only itself.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import os
import re
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from itertools import chain
from pathlib import Path
from typing import Any, BinaryIO, Literal

import charset_normalizer
import ftfy

from tacitus.config import Settings
from tacitus.errors import Code, Codes, InputError, one_line
from tacitus.models import Document, Rejection

MediaType = Literal["html", "text"]

TEXT_SUFFIXES: dict[str, MediaType] = {".html": "html", ".htm": "html", ".txt": "text"}
JSON_SUFFIXES = (".json", ".jsonl")
WARC_SUFFIXES = (".warc", ".warc.gz")
SUPPORTED_SUFFIXES = (*TEXT_SUFFIXES, *JSON_SUFFIXES, *WARC_SUFFIXES)
# How a WARC starts: the version line of its first record, plain or in a gzip member.
WARC_MAGIC = b"WARC/"
GZIP_MAGIC = b"\x1f\x8b"
# Bytes of gzipped standard input read to tell a WARC.gz from any other gzip data.
WARC_SNIFF_BYTES = 4096
# The HTTP content types of the WARC responses read as articles.
WARC_HTML_TYPES = ("text/html", "application/xhtml+xml")

# File signatures of formats that are never article text.
BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF"),
    (b"PK\x03\x04", "ZIP (or DOCX/XLSX/EPUB)"),
    (b"PK\x05\x06", "ZIP"),
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"\x1f\x8b", "gzip"),
    (b"\x7fELF", "ELF executable"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "OLE (old Microsoft Office)"),
    (b"7z\xbc\xaf\x27\x1c", "7z"),
    (b"Rar!\x1a\x07", "RAR"),
    (b"SQLite format 3\x00", "SQLite"),
    (b"wOFF", "WOFF font"),
    (b"wOF2", "WOFF2 font"),
    (b"OggS", "Ogg"),
)
# Bytes that text in any encoding we accept (UTF-8, Latin and CJK legacy encodings) does not
# use: C0 controls except tab, newline, vertical tab, form feed, carriage return and escape.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x1B), *range(0x1C, 0x20), 0x7F])
# Uniformly random bytes (compressed or encrypted data) carry 27/256 ~ 10.5 % of these; real
# text carries none but the odd stray. Half of the random share separates the two cleanly.
MAX_CONTROL_SHARE = 0.05
# Only the first bytes are scanned for control characters: enough to tell, cheap on 5 MB.
CONTROL_SCAN_BYTES = 65_536

_UTF16_32_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_DECLARED_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})"""
    rb"""|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]{2,40})""",
    re.IGNORECASE,
)
# The charset declaration, when there is one, sits in the first kilobytes of a page.
DECLARED_CHARSET_SCAN_BYTES = 4096
_HTML_START = re.compile(r"\s*(?:<!doctype\s+html|<html|<head|<body|<meta|<title|<!--)", re.IGNORECASE)
_HTML_TAG = re.compile(
    r"</?(?:p|div|span|a|br|h[1-6]|article|section|ul|li|img|table)\b[^>]*>", re.IGNORECASE
)
# A text that opens with this many common tags in its first 4,000 characters is HTML.
HTML_SNIFF_CHARS = 4000
HTML_SNIFF_TAGS = 3


# UTF-16 without a byte-order mark: in text that is mostly ASCII, every other byte is NUL.
# A share this high of NULs on one parity and almost none on the other is UTF-16, not binary.
UTF16_NUL_SHARE = 0.3
UTF16_OTHER_NUL_SHARE = 0.02
# JSON: an integer longer than this is not a value tacitus reads (Python refuses to convert
# more than 4,300 digits at all); it is kept as its digits and refused where a field is read.
MAX_JSON_INT_DIGITS = 64
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class Seen:
    """An input passed over unread because its source is stored already (``skip``)."""

    source: str


def reject(source: str, code: Code, content_hash: str | None = None, **values: object) -> Rejection:
    """A Rejection with its code; ``values`` fill the code's template."""
    reason = code.template.format(**values) if values else code.template
    return Rejection(source, reason, content_hash, code.code, code.internal)


def shown_path(path: str | os.PathLike[str]) -> str:
    """A path as a user can read it and a database can store it: bytes that are not UTF-8
    (kept by Python as lone surrogates) are written ``\\xNN``."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def scrub(text: str) -> str:
    """Replace lone surrogates (which no encoder accepts) with U+FFFD."""
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


class _HugeNumber(str):
    """A JSON integer too long to read, kept as its digits."""


def _json_int(digits: str) -> int | str:
    return int(digits) if len(digits) <= MAX_JSON_INT_DIGITS else _HugeNumber(digits)


def parse_json(text: str | bytes, source: str) -> Any:
    """``json.loads`` bounded: nesting deeper than the interpreter allows and integers of
    more than ``MAX_JSON_INT_DIGITS`` digits cannot crash the caller. Raises InputError
    (E105 too deep, E107 malformed)."""
    try:
        return json.loads(text, parse_int=_json_int)
    except RecursionError:
        raise InputError(source, Codes.E105.template.format(depth=sys.getrecursionlimit()), Codes.E105) from None
    except json.JSONDecodeError as exc:
        error = InputError(source, f"malformed JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})", Codes.E107)
        error.detail = (exc.msg, exc.colno)  # type: ignore[attr-defined]
        raise error from None
    except ValueError as exc:  # e.g. a float literal too long for the parser
        raise InputError(source, "malformed JSON: " + " ".join(str(exc).split())[:200], Codes.E107) from None


# --- decoding ---------------------------------------------------------------------------


def decode(data: bytes, *, source: str = "<bytes>") -> str:
    """Bytes to text: UTF-8 first (BOM stripped), then a charset the page declares, then
    charset-normalizer's best guess; mojibake such as "â€™" is repaired with ftfy.

    Raises :class:`~tacitus.errors.InputError` when no encoding fits.
    """
    text: str | None = None
    guessed = utf16_without_bom(data)
    if guessed:
        try:
            return _fix(data.decode(guessed))
        except UnicodeDecodeError:
            pass
    for bom, encoding in _UTF16_32_BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                reason = f"not decodable as {encoding.upper()} despite its byte-order mark"
                raise InputError(source, reason) from exc
            break
    if text is None:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = _decode_declared(data) or _decode_detected(data)
    if text is None:
        raise InputError(source, "not decodable as text (no character encoding fits)")
    return _fix(text)


def utf16_without_bom(data: bytes) -> str | None:
    """"utf-16-le" or "utf-16-be" when ``data`` looks like UTF-16 text without a byte-order
    mark (NULs on one byte parity only), else None."""
    head = data[:CONTROL_SCAN_BYTES]
    if len(head) < 4 or any(head.startswith(bom) for bom, _ in _UTF16_32_BOMS):
        return None
    head = head[: len(head) // 2 * 2]
    even, odd = head[0::2], head[1::2]
    even_nul, odd_nul = even.count(0) / len(even), odd.count(0) / len(odd)
    if odd_nul >= UTF16_NUL_SHARE and even_nul <= UTF16_OTHER_NUL_SHARE:
        encoding = "utf-16-le"
    elif even_nul >= UTF16_NUL_SHARE and odd_nul <= UTF16_OTHER_NUL_SHARE:
        encoding = "utf-16-be"
    else:
        return None
    try:
        sample = head.decode(encoding, "strict")
    except UnicodeDecodeError:
        return None
    printable = sum(c.isprintable() or c in "\n\r\t" for c in sample)
    return encoding if printable >= 0.95 * len(sample) else None


def _decode_declared(data: bytes) -> str | None:
    m = _DECLARED_CHARSET.search(data[:DECLARED_CHARSET_SCAN_BYTES])
    if not m:
        return None
    name = (m.group(1) or m.group(2)).decode("ascii", "replace")
    try:
        return data.decode(name)
    except (LookupError, UnicodeDecodeError):
        return None


def _decode_detected(data: bytes) -> str | None:
    best = charset_normalizer.from_bytes(data).best()
    return None if best is None else str(best)


def _fix(text: str) -> str:
    # Curly quotes and dashes are kept: they are what the page printed.
    return ftfy.fix_text(text, uncurl_quotes=False)


def normalise(text: str) -> str:
    """The canonical form that is hashed: one newline convention, no outer whitespace, no
    lone surrogates."""
    return scrub(text).replace("\r\n", "\n").replace("\r", "\n").strip()


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def binary_reason(data: bytes) -> str | None:
    """Why ``data`` looks binary, or None when it may be text."""
    for magic, name in BINARY_MAGIC:
        if data.startswith(magic):
            return f"binary file ({name})"
    if any(data.startswith(bom) for bom, _ in _UTF16_32_BOMS) or utf16_without_bom(data):
        return None  # UTF-16/32 text is full of NUL bytes
    head = data[:CONTROL_SCAN_BYTES]
    if b"\x00" in head:
        return "binary file (contains NUL bytes)"
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if head and controls / len(head) > MAX_CONTROL_SHARE:
        return f"binary file ({controls / len(head):.0%} control bytes)"
    return None


def looks_like_html(text: str) -> bool:
    head = text[:HTML_SNIFF_CHARS]
    return bool(_HTML_START.match(head)) or len(_HTML_TAG.findall(head)) >= HTML_SNIFF_TAGS


def size_text(n: int) -> str:
    """Bytes for people: "7.2 MB", "12.0 KB", "512 bytes"."""
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MB"
    if n >= 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n} bytes"


def _too_large(size: int, settings: Settings) -> str:
    return f"larger than {size_text(settings.max_bytes)} limit ({size_text(size)})"


# --- the stage --------------------------------------------------------------------------


def iter_documents(
    paths: Sequence[str],
    settings: Settings,
    *,
    published: date | None = None,
    url: str | None = None,
    stdin: BinaryIO | None = None,
    dedupe: bool = False,
    skip: Callable[[str], bool] | None = None,
    published_from: Path | None = None,
) -> Iterator[Document | Rejection | Seen]:
    """Yield a Document or a Rejection for every input under ``paths``, in order.

    ``published`` and ``url`` apply to inputs that do not carry their own (a JSON record's
    fields win); ``published_from`` names a sidecar of publication dates by file name
    (``read_sidecar``), which wins over ``published``. A directory's own sidecar
    (``SIDECAR_NAME``) is read for its files and not ingested. Inputs with the same content share a ``content_hash``, which is how the
    store keeps them one document; with ``dedupe``, content already yielded in this batch is
    instead rejected here as "duplicate of <first source>". ``skip(source)`` true passes an
    input over before it is read: it is yielded as :class:`Seen`.
    """
    seen: dict[str, str] = {}
    defaults = _Defaults(published, url, skip)
    if published_from is not None:
        defaults = defaults.with_sidecar(published_from.parent, read_sidecar(published_from), named=True)
    for item in _items(paths, settings, defaults, stdin):
        if dedupe and isinstance(item, Document):
            first = seen.setdefault(item.content_hash, item.source)
            if first != item.source:
                yield reject(item.source, Codes.E113, item.content_hash, first=first)
                continue
        yield item


def count_inputs(paths: Sequence[str]) -> int | None:
    """How many inputs ``paths`` hold, when that is cheap to know (files, directories, JSON
    Lines counted by their lines), for a progress bar's ETA; None for standard input, JSON
    files and WARCs, whose records are only known by reading them."""
    total = 0
    for raw in paths:
        path = Path(raw)
        if raw == "-":
            return None
        files = [path] if not path.is_dir() else [
            Path(d) / f for d, dirs, names in os.walk(path) for f in names
            if not f.startswith(".") and f.lower().endswith(SUPPORTED_SUFFIXES)]
        for f in files:
            name = f.name.lower()
            if name.endswith(".jsonl"):
                try:
                    with f.open("rb") as fh:
                        total += sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b""))
                except OSError:
                    total += 1
            elif name.endswith((".json", *WARC_SUFFIXES)):
                return None
            else:
                total += 1
    return total


@dataclass(frozen=True)
class _Defaults:
    """What the caller knows about every input (CLI flags), and the sidecars of publication
    dates in force, each as (the folder its names are relative to, name -> date): the one the
    caller named, which wins, then the folders' own, the innermost first."""

    published: date | None
    url: str | None
    skip: Callable[[str], bool] | None = None  # sources passed over unread (--resume)
    named: tuple[tuple[Path, Mapping[str, date]], ...] = ()
    sidecars: tuple[tuple[Path, Mapping[str, date]], ...] = ()

    def skipped(self, source: str) -> bool:
        return self.skip is not None and self.skip(source)

    def with_sidecar(self, base: Path, dates: Mapping[str, date], named: bool = False) -> _Defaults:
        if named:
            return replace(self, named=(*self.named, (base, dates)))
        return replace(self, sidecars=((base, dates), *self.sidecars))

    def for_file(self, path: Path) -> _Defaults:
        """These defaults with the publication date a sidecar gives ``path`` (by its path
        relative to the sidecar, else its name)."""
        for base, dates in (*self.named, *self.sidecars):
            try:
                rel = path.resolve().relative_to(base.resolve()).as_posix()
            except ValueError:
                rel = None
            found = (dates.get(rel) if rel else None) or dates.get(path.name)
            if found is not None:
                return replace(self, published=found)
        return self


# --- sidecars of publication dates ----------------------------------------------------------

SIDECAR_NAME = "published.json"  # a folder's sidecar: {"file name": "YYYY-MM-DD", ...}
_log = logging.getLogger(__name__)


def sidecar_dates(parsed: Any) -> dict[str, date] | None:
    """The name -> date mapping a parsed JSON sidecar holds; None when it is not one (an
    object whose every key names a file tacitus reads and every value is an ISO date)."""
    if not isinstance(parsed, Mapping) or not parsed:
        return None
    out: dict[str, date] = {}
    for name, value in parsed.items():
        day = _parse_date(value) if isinstance(name, str) and name.lower().endswith(SUPPORTED_SUFFIXES) else None
        if day is None:
            return None
        out[name] = day
    return out


def read_sidecar(path: Path) -> dict[str, date]:
    """Publication dates by file name, as ``samples/published.json`` gives them; InputError
    with the reason when the file is not such a mapping."""
    source = shown_path(path)
    try:
        parsed = parse_json(path.read_bytes().decode("utf-8-sig"), source)
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(source, f"cannot read the publication dates: {exc}", Codes.E102) from exc
    dates = sidecar_dates(parsed)
    if dates is None:
        raise InputError(source, 'expected {"file name": "YYYY-MM-DD", ...} with a date for every file',
                         Codes.E108)
    return dates


def _folder_sidecar(folder: Path, defaults: _Defaults, settings: Settings) -> tuple[_Defaults, bool]:
    """``defaults`` with ``folder``'s own sidecar, and whether it had one that reads as one
    (one over the size limit is left to be read, and refused, as an input)."""
    path = folder / SIDECAR_NAME
    try:
        if path.stat().st_size > settings.max_bytes:
            return defaults, False
        dates = sidecar_dates(parse_json(path.read_bytes().decode("utf-8-sig"), str(path)))
    except (OSError, UnicodeDecodeError, InputError):
        return defaults, False
    if dates is None:
        return defaults, False
    _log.info("%s: read as the publication dates of %d files, not ingested", shown_path(path), len(dates))
    return defaults.with_sidecar(folder, dates), True


def _items(
    paths: Sequence[str], settings: Settings, defaults: _Defaults, stdin: BinaryIO | None
) -> Iterator[Document | Rejection]:
    # 1. resolve
    for raw in paths:
        if raw == "-":
            yield from _from_stdin(stdin if stdin is not None else sys.stdin.buffer, settings, defaults)
            continue
        path = Path(raw)
        if path.is_dir():
            yield from _from_directory(path, settings, defaults)
        else:
            yield from _from_file(path, settings, defaults)


def _from_directory(root: Path, settings: Settings, defaults: _Defaults) -> Iterator[Document | Rejection]:
    errors: list[OSError] = []
    found = False  # a supported file, or an error worth reporting
    folders: dict[str, _Defaults] = {}
    for dirpath, dirnames, filenames in os.walk(root, onerror=errors.append):
        while errors:
            exc, found = errors.pop(0), True
            yield _os_rejection(shown_path(exc.filename or dirpath), exc)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        here, sidecar = folders.get(os.path.dirname(dirpath), defaults), False
        if SIDECAR_NAME in filenames:
            here, sidecar = _folder_sidecar(Path(dirpath), here, settings)
        folders[dirpath] = here
        for name in sorted(filenames):
            if name.startswith(".") or not name.lower().endswith(SUPPORTED_SUFFIXES):
                continue
            found = True
            if sidecar and name == SIDECAR_NAME:
                continue  # read above as the folder's publication dates
            yield from _from_file(Path(dirpath) / name, settings, here)
    while errors:
        exc, found = errors.pop(0), True
        yield _os_rejection(shown_path(exc.filename or root), exc)
    if not found:
        yield reject(shown_path(root), Codes.E112, suffixes=", ".join(SUPPORTED_SUFFIXES))


def _from_file(path: Path, settings: Settings, defaults: _Defaults) -> Iterator[Document | Rejection]:
    source = shown_path(path)
    defaults = defaults.for_file(path)
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        yield from _from_jsonl(path, settings, defaults)
        return
    if path.name.lower().endswith(WARC_SUFFIXES):
        yield from _from_warc_file(path, settings, defaults)
        return
    if suffix != ".json" and defaults.skipped(source):
        yield Seen(source)
        return
    # 2. read, bounded
    try:
        if path.exists() and not path.is_file():
            yield reject(source, Codes.E111)
            return
        size = path.stat().st_size
        if size > settings.max_bytes:
            yield reject(source, Codes.E103, reason=_too_large(size, settings))
            return
        with path.open("rb") as fh:
            data = fh.read(settings.max_bytes + 1)
    except OSError as exc:
        yield _os_rejection(source, exc)
        return
    if len(data) > settings.max_bytes:
        yield reject(source, Codes.E103, reason=_too_large(len(data), settings))
        return
    if suffix == ".json":
        yield from _from_json_bytes(source, data, settings, defaults)
        return
    yield _document(source, data, TEXT_SUFFIXES.get(suffix), defaults.url, None, defaults.published)


def _from_stdin(stream: BinaryIO, settings: Settings, defaults: _Defaults) -> Iterator[Document | Rejection | Seen]:
    """Standard input: a WARC or JSON Lines is streamed record by record; anything else
    (one text, one HTML page, one JSON document) is read whole, up to the size limit."""
    try:
        first = stream.readline(settings.max_bytes + 1)
        sniff = min(WARC_SNIFF_BYTES, settings.max_bytes + 1)
        if first.startswith(GZIP_MAGIC) and len(first) < sniff:
            first += stream.read(sniff - len(first))  # a gzip member has few newlines
        if first.startswith(WARC_MAGIC) or (first.startswith(GZIP_MAGIC) and _gzipped_warc(first)):
            yield from _warc_records("-", _Prefixed(first, stream), settings, defaults)
            return
        if first.endswith(b"\n") and _json_kind(first) is not None and isinstance(_loads(first), dict):
            lines = chain([first], _bounded_lines(stream, settings.max_bytes))
            yield from _jsonl_lines("-", lines, settings, defaults)
            return
        data = first + stream.read(max(0, settings.max_bytes + 1 - len(first)))
    except OSError as exc:
        yield _os_rejection("-", exc)
        return
    if len(data) > settings.max_bytes:
        yield reject("-", Codes.E103, reason=f"larger than {size_text(settings.max_bytes)} limit")
        return
    kind = _json_kind(data)
    if kind == "json":
        yield from _from_json_bytes("-", data, settings, defaults)
    elif kind == "jsonl":
        yield from _jsonl_lines("-", data.splitlines(keepends=True), settings, defaults)
    else:
        yield _document("-", data, None, defaults.url, None, defaults.published)


def _gzipped_warc(head: bytes) -> bool:
    """Whether gzip data begins with a WARC record (else it is rejected as binary, as before)."""
    try:
        return zlib.decompressobj(wbits=31).decompress(head, len(WARC_MAGIC)).startswith(WARC_MAGIC)
    except zlib.error:
        return False


def _loads(line: bytes) -> Any:
    try:
        return parse_json(line, "-")
    except InputError:
        return None


class _Prefixed(io.RawIOBase):
    """A binary stream that gives ``head`` back before the rest of ``stream`` (what was read
    to sniff the input's kind)."""

    def __init__(self, head: bytes, stream: BinaryIO) -> None:
        self.head, self.stream = head, stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self.head:
            n = min(len(buffer), len(self.head))
            buffer[:n], self.head = self.head[:n], self.head[n:]
            return n
        data = self.stream.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


# --- web archives -----------------------------------------------------------------------


def _from_warc_file(path: Path, settings: Settings, defaults: _Defaults) -> Iterator[Document | Rejection | Seen]:
    yield from _streamed(path, lambda source, fh: _warc_records(source, fh, settings, defaults))


def _warc_records(source: str, stream: BinaryIO, settings: Settings,
                  defaults: _Defaults) -> Iterator[Document | Rejection | Seen]:
    """The HTML responses of a WARC (plain or gzipped per record, as Common Crawl writes
    them), read one record at a time; request, metadata and non-HTML records are passed over.
    Each is ``source#N`` (N counting all the file's records) with the record's target URI."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    n = 0
    try:
        for n, record in enumerate(ArchiveIterator(stream), start=1):
            if record.rec_type != "response" or record.http_headers is None:
                continue
            kind = (record.http_headers.get_header("Content-Type") or "").split(";")[0].strip().lower()
            if kind not in WARC_HTML_TYPES:
                continue
            where = f"{source}#{n}"
            if defaults.skipped(where):
                yield Seen(where)
                continue
            data = record.content_stream().read(settings.max_bytes + 1)
            if len(data) > settings.max_bytes:
                yield reject(where, Codes.E103, reason=f"record {n}: larger than {size_text(settings.max_bytes)} limit")
                continue
            url = record.rec_headers.get_header("WARC-Target-URI") or defaults.url
            yield _document(where, data, "html", url, None, defaults.published)
    except (ArchiveLoadFailed, OSError, EOFError, zlib.error, ValueError, AttributeError) as exc:
        # malformed, truncated or unreadable: warcio raises AttributeError on a record cut short
        error = scrub(one_line(f"{type(exc).__name__}: {exc}"))[:200]
        yield reject(f"{source}#{n + 1}", Codes.E114, reason=f"not a readable WARC record ({error})")
        return
    if n == 0:
        yield reject(source, Codes.E104, reason="empty file (no WARC record)")


def _json_kind(data: bytes) -> str | None:
    """"json" for a JSON document, "jsonl" when the first line is a JSON object, else None:
    a text that merely starts with a bracket stays text."""
    stripped = data.lstrip()
    if stripped[:1] not in (b"{", b"["):
        return None
    try:
        parse_json(stripped, "-")
        return "json"
    except InputError as exc:
        if exc.code is Codes.E105:
            return "json"  # read again as JSON, so that it is rejected as too deep
    try:
        return "jsonl" if isinstance(parse_json(stripped.split(b"\n", 1)[0], "-"), dict) else None
    except InputError:
        return None


def _document(
    source: str,
    data: bytes,
    media_type: MediaType | None,
    url: str | None,
    title: str | None,
    published: date | None,
) -> Document | Rejection:
    """3-5. Check, decode, normalise and hash one input; sniff the media type if unknown."""
    if not data.strip():
        return reject(source, Codes.E104, reason="empty file" if not data else "only whitespace")
    reason = binary_reason(data)
    if reason:
        return reject(source, Codes.E109, reason=reason)
    try:
        text = normalise(decode(data, source=source))
    except InputError as exc:
        return reject(source, exc.code or Codes.E110, reason=exc.reason)
    return _text_document(source, text, media_type, url, title, published)


def _text_document(
    source: str,
    text: str,
    media_type: MediaType | None,
    url: str | None,
    title: str | None,
    published: date | None,
) -> Document | Rejection:
    if not text:
        return reject(source, Codes.E104, reason="only whitespace")
    return _document_of(source, text, media_type, url, title, published)


def _document_of(source: str, text: str, media_type: MediaType | None, url: str | None,
                 title: str | None, published: date | None) -> Document:
    return Document(
        source=source,
        data=text.encode("utf-8"),
        content_hash=content_hash(text),
        media_type=media_type or ("html" if looks_like_html(text) else "text"),
        url=scrub(url) if url else url,
        title=scrub(title) if title else title,
        published=published,
    )


def text_document(
    text: str,
    *,
    published: date | None = None,
    url: str | None = None,
    title: str | None = None,
    source: str = "<text>",
    media_type: MediaType | None = None,
) -> Document:
    """A Document from a string already in memory (an API call, an evaluation record),
    repaired and normalised like any input; the media type is sniffed unless given."""
    return _document_of(source, normalise(_fix(scrub(text))), media_type, url, title, published)


# --- JSON records -----------------------------------------------------------------------


def _from_json_bytes(
    source: str, data: bytes, settings: Settings, defaults: _Defaults
) -> Iterator[Document | Rejection]:
    if not data.strip():
        yield reject(source, Codes.E104, reason="empty file")
        return
    try:
        parsed = parse_json(data.decode("utf-8-sig"), source)
    except UnicodeDecodeError:
        yield reject(source, Codes.E110, reason="JSON file is not valid UTF-8")
        return
    except InputError as exc:
        yield reject(source, exc.code or Codes.E107, reason=exc.reason, depth=sys.getrecursionlimit())
        return
    if sidecar_dates(parsed) is not None:
        yield reject(source, Codes.E108, reason="publication dates by file name, not an article:"
                     " name it with --published-from, or ingest its folder")
        return
    if isinstance(parsed, Mapping):
        records: list[Any] = [parsed]
    elif isinstance(parsed, list):
        records = parsed
        if not records:
            yield reject(source, Codes.E108, reason="JSON list holds no records")
            return
    else:
        yield reject(source, Codes.E108, reason="JSON must be an object or a list of objects")
        return
    for n, record in enumerate(records, start=1):
        where = f"{source}#{n}"
        yield Seen(where) if defaults.skipped(where) else _record(where, record, f"record {n}", settings, defaults)


def _from_jsonl(path: Path, settings: Settings, defaults: _Defaults) -> Iterator[Document | Rejection | Seen]:
    yield from _streamed(path, lambda source, fh: _jsonl_lines(
        source, _bounded_lines(fh, settings.max_bytes), settings, defaults))


def _streamed(path: Path, read: Callable[[str, BinaryIO], Iterator[Document | Rejection | Seen]]
              ) -> Iterator[Document | Rejection | Seen]:
    """``read(source, file)`` over the open file: a file read record by record, never whole."""
    source = shown_path(path)
    try:
        fh = path.open("rb")
    except OSError as exc:
        yield _os_rejection(source, exc)
        return
    with fh:
        yield from read(source, fh)


def _bounded_lines(fh: BinaryIO, limit: int) -> Iterator[bytes]:
    """Lines of ``fh``; a line over ``limit`` is yielded cut at limit + 1 bytes, the rest of it
    skipped, so one huge record never sits whole in memory."""
    while True:
        line = fh.readline(limit + 1)
        if not line:
            return
        if len(line) > limit and not line.endswith(b"\n"):
            while (more := fh.readline(limit + 1)) and not more.endswith(b"\n"):
                pass
        yield line


def _jsonl_lines(
    source: str, lines: Iterable[bytes], settings: Settings, defaults: _Defaults
) -> Iterator[Document | Rejection]:
    any_line = False
    try:
        for n, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            any_line = True
            where = f"{source}#{n}"
            if defaults.skipped(where):
                yield Seen(where)
                continue
            if len(line) > settings.max_bytes:
                yield reject(where, Codes.E103,
                             reason=f"line {n}: record larger than {size_text(settings.max_bytes)} limit")
                continue
            try:
                record = parse_json(line.decode("utf-8-sig" if n == 1 else "utf-8"), where)
            except UnicodeDecodeError:
                yield reject(where, Codes.E110, reason=f"line {n} is not valid UTF-8")
                continue
            except InputError as exc:
                detail = getattr(exc, "detail", None)
                reason = (f"malformed JSON on line {n}: {detail[0]} (column {detail[1]})" if detail
                          else f"line {n}: {exc.reason}")
                yield reject(where, exc.code or Codes.E107, reason=reason, depth=sys.getrecursionlimit())
                continue
            yield _record(where, record, f"line {n}", settings, defaults)
    except OSError as exc:
        yield _os_rejection(source, exc)
        return
    if not any_line:
        yield reject(source, Codes.E104, reason="empty file")


def _record(
    source: str, record: Any, where: str, settings: Settings, defaults: _Defaults
) -> Document | Rejection:
    """One JSON record: ``text`` or ``html`` plus optional ``url``, ``title``, ``published``
    (an ISO date or date-time). A record with both bodies is taken as HTML."""
    if not isinstance(record, Mapping):
        return reject(source, Codes.E108, reason=f"{where}: record is not a JSON object")
    for key in ("html", "text", "url", "title", "published"):
        if isinstance(record.get(key), _HugeNumber):
            return reject(source, Codes.E106, digits=MAX_JSON_INT_DIGITS)
    media_type: MediaType
    if isinstance(record.get("html"), str) and record["html"].strip():
        body, media_type = record["html"], "html"
    elif isinstance(record.get("text"), str) and record["text"].strip():
        body, media_type = record["text"], "text"
    elif "text" in record or "html" in record:
        return reject(source, Codes.E108, reason=f"{where}: 'text'/'html' is empty or not a string")
    else:
        return reject(source, Codes.E108, reason=f"{where}: record has no 'text' or 'html' field")
    for key in ("url", "title"):
        if record.get(key) is not None and not isinstance(record[key], str):
            return reject(source, Codes.E108, reason=f"{where}: '{key}' must be a string")
    published = defaults.published
    if record.get("published") not in (None, ""):
        published = _parse_date(record["published"])
        if published is None:
            shown = scrub(str(record["published"])[:40])
            return reject(source, Codes.E108, reason=f"{where}: 'published' is not an ISO date: {shown!r}")
    size = len(body.encode("utf-8", "surrogatepass"))
    if size > settings.max_bytes:
        return reject(source, Codes.E103, reason=f"{where}: {_too_large(size, settings)}")
    if "\x00" in body:
        return reject(source, Codes.E109, reason=f"{where}: {media_type} contains NUL characters")
    text = normalise(_fix(scrub(body)))
    if not text:
        return reject(source, Codes.E104, reason=f"{where}: {media_type} is only whitespace")
    title = normalise(record.get("title") or "") or None
    return _text_document(source, text, media_type, record.get("url") or defaults.url, title, published)


def _parse_date(value: Any) -> date | None:
    if not isinstance(value, str) or isinstance(value, _HugeNumber) or len(value) > 40:
        return None
    value = scrub(value).strip()
    try:
        return date.fromisoformat(value)
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(value).date()
    except ValueError:
        return None


def _os_rejection(source: str, exc: OSError) -> Rejection:
    if isinstance(exc, FileNotFoundError):
        return reject(source, Codes.E101)
    return reject(source, Codes.E102, reason=scrub(_os_reason(exc).removeprefix("cannot read: ")))


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "not found"
    if isinstance(exc, PermissionError):
        return "cannot read: permission denied"
    if isinstance(exc, IsADirectoryError):
        return "cannot read: is a directory"
    return f"cannot read: {exc.strerror or exc}"
