"""Page furniture and photo credits, as data.

The vocabulary lives in ``tacitus/data/furniture.yaml``; this module loads it strictly (an
empty or malformed file, an unknown key or a regex that does not compile raises
:class:`~tacitus.errors.DataFileError`) and answers two questions about a line of text:

* :meth:`Furniture.match` -- is the whole line furniture, and what does it tell us
  (reading time, publisher, byline...)?
* :meth:`Furniture.split_credit` -- does the line end with a photo credit, making it a
  caption? ("... on March 22. Photo: AP" -> ("... on March 22.", "AP"))
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from tacitus.errors import DataFileError

_TOP_KEYS = {"version", "max_line_chars", "categories", "captions"}
_CAPTION_KEYS = {"labels", "file_labels", "agencies", "connectors"}
# Named groups with a home of their own on Article; every other group goes to metadata.
ARTICLE_FIELDS = ("publisher", "byline")

# A credit is a short run of name-like words: capitalised words, numbers, initials, and
# the few lower-case connectors the data file allows ("Jane Roe for The Ledger").
_MAX_CREDIT_WORDS = 8
_SENTENCE_END = ".!?\u201d\"\u2019)"
_SEGMENT_SEPARATOR = re.compile(r"\s*[|\u00b7\u2022]\s*")


@dataclass(frozen=True)
class FurnitureMatch:
    category: str
    captures: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Furniture:
    """Compiled furniture patterns and the photo-credit vocabulary."""

    rules: tuple[tuple[str, re.Pattern[str]], ...]
    labels: tuple[str, ...]
    file_labels: tuple[str, ...]
    agencies: tuple[str, ...]
    connectors: frozenset[str]
    max_line_chars: int = 400

    # --- furniture ---------------------------------------------------------------

    def match(self, line: str) -> FurnitureMatch | None:
        """The first category whose pattern matches the whole (stripped) line, or None.
        A line of segments separated by "|", "·" or "•" matches when every segment does."""
        line = " ".join(line.split())
        if not line or len(line) > self.max_line_chars:
            return None
        found = self._match_one(line)
        if found is None and _SEGMENT_SEPARATOR.search(line):
            segments = [s for s in _SEGMENT_SEPARATOR.split(line) if s]
            matches = [self._match_one(s) for s in segments]
            if len(segments) > 1 and all(matches):
                captures: dict[str, Any] = {}
                for m in matches:
                    for key, value in m.captures.items():  # type: ignore[union-attr]
                        captures.setdefault(key, value)
                found = FurnitureMatch(matches[0].category, captures)  # type: ignore[union-attr]
        return found

    def _match_one(self, line: str) -> FurnitureMatch | None:
        for category, pattern in self.rules:
            m = pattern.fullmatch(line)
            if m is not None:
                return FurnitureMatch(category, _captures(m))
        return None

    # --- captions ------------------------------------------------------------------

    def split_credit(self, line: str) -> tuple[str, str] | None:
        """Split a caption line into (caption, credit), or None when it has no credit.

        Recognised endings, in order: a label and a credit ("Photo: AP", "Photo AFP",
        "Photograph: Getty Images"); a parenthesised credit ("(Reuters)", "(Photo by
        Jane Roe/AP)"); a file label ("File photo"); a bare agency credit after a sentence
        ("... on Tuesday. Jane Roe/Reuters"). The caption part must hold some text.
        """
        line = " ".join(line.split())
        for finder in (self._labelled, self._parenthesised, self._file_label, self._bare_agency):
            found = finder(line)
            if found is not None:
                caption, credit = found
                caption = caption.rstrip(" |/\u2013\u2014-").strip()
                if len(caption) >= 3 and any(c.isalpha() for c in caption):
                    return caption, credit
        return None

    def credit_only(self, line: str) -> str | None:
        """The credit when the whole line is one ("Photo: AP", "(Reuters)"), else None."""
        line = " ".join(line.split())
        m = self._label_re.fullmatch(line)
        if m and self._is_credit(m.group("credit")):
            return m.group("credit").strip()
        m = re.fullmatch(r"[(\[]([^()\[\]]{2,80})[)\]]\.?", line)
        if m:
            return self._credit_in(m.group(1))
        if self._is_credit(line) and self._has_agency(line):
            return line
        return None

    def strip_label(self, credit: str) -> str:
        """"Photo: Jane Roe/AP" -> "Jane Roe/AP"; a credit without a label is returned as is."""
        credit = " ".join(credit.split())
        m = self._label_re.fullmatch(credit)
        return m.group("credit").strip() if m else credit

    # the four endings ------------------------------------------------------------------

    def _labelled(self, line: str) -> tuple[str, str] | None:
        pos = 0
        while (m := self._label_tail_re.search(line, pos)) is not None:
            if self._is_credit(m.group("credit")):
                return line[: m.start()], m.group("credit").strip()
            pos = m.start() + 1
        return None

    def _parenthesised(self, line: str) -> tuple[str, str] | None:
        m = re.search(r"\s*[(\[]([^()\[\]]{2,80})[)\]]\s*\.?$", line)
        if m:
            credit = self._credit_in(m.group(1))
            if credit:
                return line[: m.start()], credit
        return None

    def _file_label(self, line: str) -> tuple[str, str] | None:
        m = self._file_tail_re.search(line)
        if m:
            return line[: m.start()], m.group("label").strip()
        return None

    def _bare_agency(self, line: str) -> tuple[str, str] | None:
        # the credit is the run of words after the last sentence end
        for i in range(len(line) - 1, 0, -1):
            if line[i] == " " and line[i - 1] in _SENTENCE_END:
                tail = line[i + 1 :].rstrip(".")
                if self._is_credit(tail) and self._has_agency(tail):
                    return line[:i], tail
                return None
        return None

    def _credit_in(self, inner: str) -> str | None:
        inner = inner.strip()
        m = self._label_re.fullmatch(inner)
        if m and self._is_credit(m.group("credit")):
            return m.group("credit").strip()
        if self._is_credit(inner) and self._has_agency(inner):
            return inner
        return None

    def _is_credit(self, text: str) -> bool:
        words = [w for w in re.split(r"[\s/,]+", text.strip().rstrip(".")) if w]
        if not words or len(words) > _MAX_CREDIT_WORDS:
            return False
        for w in words:
            if w.lower() in self.connectors or w in ("&", "-", "\u2013"):
                continue
            if not (w[0].isupper() or w[0].isdigit()):
                return False
            if w.endswith(".") and len(w) > 3 and not w[:-1].isupper():
                return False  # "attack." ends a sentence, "J." or "U.S." do not
        return True

    def _has_agency(self, text: str) -> bool:
        return self._agency_re.search(text) is not None

    @functools.cached_property
    def _label_alt(self) -> str:
        forms: list[str] = []
        for label in sorted(self.labels, key=len, reverse=True):
            forms += [label.capitalize(), label.upper()]
        return "(?:" + "|".join(re.escape(f) for f in forms) + ")(?![A-Za-z])"

    @functools.cached_property
    def _label_re(self) -> re.Pattern[str]:
        return re.compile(
            rf"(?:{self._label_alt})(?:\s+by)?\s*[:\uff1a|/\u2013\u2014-]?\s*(?P<credit>\S.{{0,80}}?)\s*\.?"
        )

    @functools.cached_property
    def _label_tail_re(self) -> re.Pattern[str]:
        # a label starts at the beginning of the line or after a space, bar or bracket
        return re.compile(
            rf"(?:(?<=[\s|])|^)(?:{self._label_alt})(?:\s+by)?\s*[:\uff1a|/\u2013\u2014-]?\s*"
            rf"(?P<credit>[^\s:].{{0,80}}?)\s*\.?$"
        )

    @functools.cached_property
    def _file_tail_re(self) -> re.Pattern[str]:
        forms: list[str] = []
        for label in sorted(self.file_labels, key=len, reverse=True):
            forms += [label.capitalize(), label.upper(), label.title()]
        alt = "|".join(re.escape(f) for f in forms)
        return re.compile(rf"(?<=[{re.escape(_SENTENCE_END)}])\s+(?P<label>{alt})\s*\.?$")

    @functools.cached_property
    def _agency_re(self) -> re.Pattern[str]:
        alt = "|".join(re.escape(a) for a in sorted(self.agencies, key=len, reverse=True))
        return re.compile(rf"(?<![\w-])(?:{alt})(?![\w-])")


def _captures(m: re.Match[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in m.groupdict().items():
        if value is None or not value.strip():
            continue
        value = value.strip()
        out[name] = int(value) if value.isdigit() else value
    return out


# --- loading ---------------------------------------------------------------------------


def default_path() -> Path:
    return Path(str(resources.files("tacitus") / "data" / "furniture.yaml"))


@functools.lru_cache(maxsize=8)
def load_furniture(path: Path | str | None = None) -> Furniture:
    """Load and validate the furniture file (the bundled one by default). Cached."""
    path = Path(path) if path is not None else default_path()
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DataFileError(f"{path}: cannot read furniture file ({exc.strerror or exc})") from exc
    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        raise DataFileError(f"{path}: not valid YAML ({exc})") from exc
    return parse_furniture(data, where=str(path))


def parse_furniture(data: Any, *, where: str = "furniture") -> Furniture:
    """Validate the parsed YAML and compile it; every problem raises DataFileError."""
    if not data:
        raise DataFileError(f"{where}: furniture file is empty")
    if not isinstance(data, Mapping):
        raise DataFileError(f"{where}: top level must be a mapping")
    unknown = set(data) - _TOP_KEYS
    if unknown:
        raise DataFileError(f"{where}: unknown keys {sorted(unknown)}")
    max_line = data.get("max_line_chars", 400)
    if not isinstance(max_line, int) or max_line <= 0:
        raise DataFileError(f"{where}: max_line_chars must be a positive integer")

    categories = data.get("categories")
    if not isinstance(categories, Mapping) or not categories:
        raise DataFileError(f"{where}: 'categories' must be a non-empty mapping")
    rules: list[tuple[str, re.Pattern[str]]] = []
    for name, patterns in categories.items():
        for pattern in _strings(patterns, f"{where}: categories.{name}"):
            try:
                rules.append((str(name), re.compile(f"(?:{pattern})", re.IGNORECASE)))
            except re.error as exc:
                raise DataFileError(f"{where}: categories.{name}: bad regex {pattern!r}: {exc}") from exc

    captions = data.get("captions")
    if not isinstance(captions, Mapping):
        raise DataFileError(f"{where}: 'captions' must be a mapping")
    unknown = set(captions) - _CAPTION_KEYS
    missing = _CAPTION_KEYS - set(captions)
    if unknown or missing:
        raise DataFileError(
            f"{where}: captions keys must be {sorted(_CAPTION_KEYS)}"
            f" (unknown {sorted(unknown)}, missing {sorted(missing)})"
        )
    return Furniture(
        rules=tuple(rules),
        labels=_strings(captions["labels"], f"{where}: captions.labels"),
        file_labels=_strings(captions["file_labels"], f"{where}: captions.file_labels"),
        agencies=_strings(captions["agencies"], f"{where}: captions.agencies"),
        connectors=frozenset(
            s.lower() for s in _strings(captions["connectors"], f"{where}: captions.connectors")
        ),
        max_line_chars=max_line,
    )


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise DataFileError(f"{where}: must be a non-empty list")
    bad = [v for v in value if not isinstance(v, str) or not v.strip()]
    if bad:
        raise DataFileError(f"{where}: entries must be non-empty strings, got {bad[:3]!r}")
    return tuple(value)
