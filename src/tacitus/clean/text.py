"""Clean pasted or scraped text: drop page furniture, find headline, standfirst and captions.

:func:`clean_lines` is the core, shared with the HTML cleaner (which feeds it the lines
trafilatura extracted). It works on lines, in this order; the numbers recur as comments:

1. normalise each line and note bullets ("•", "-", "*", "–" followed by a space);
2. drop furniture lines matched by ``data/furniture.yaml``, keeping what they tell
   (reading time, publisher from a trust badge, byline...);
3. join hard-wrapped blocks (text pasted from e-mail or plain-text wires) into paragraphs;
4. drop repeated lines: pages print captions and pull quotes twice;
5. headline: the known title when the text carries it (short kicker lines before it are
   dropped), else the first line when it looks like a headline; a known title the text
   lacks is put first;
6. standfirst: bullet lines directly after the headline (or lines the HTML marked so);
7. captions: lines ending with a photo credit, the credit moved to ``Paragraph.credit``;
   a credit alone on a line ("Photo: AP") makes the line before it a caption;
8. everything else is body, in page order.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

from tacitus.clean.assemble import Part, build_article, normalise_space
from tacitus.clean.furniture import ARTICLE_FIELDS, Furniture, load_furniture
from tacitus.models import Article, Document

_BULLET = re.compile(r"^[\u2022\u00b7\u25aa\u25cf\u25e6\u2023*\u2013\u2014-]\s+(?=\S)")
_SENTENCE_END = tuple(".!?:;\u201d\"\u2019)")

# 3. Hard wraps. Plain-text wires and e-mail wrap at 60-80 columns; a block of three or more
# lines, none wider than WRAP_MAX_WIDTH, most of them at least WRAP_FILL of the widest and
# most ending mid-sentence, is one paragraph per block. Scraped pages (one paragraph per line,
# widths all over the place, lines of 200+ characters) never meet all three.
WRAP_MIN_LINES = 3
WRAP_MIN_WIDTH = 50
WRAP_MAX_WIDTH = 100
WRAP_FILL = 0.6

# 5. Headlines are short and, in English news style, carry no full stop at the end.
MAX_HEADLINE_CHARS = 200
# How many lines may come before the known title (section labels, kickers) ...
KICKER_WINDOW = 3
# ... and how long such a line may be to count as a kicker rather than text.
MAX_KICKER_CHARS = 80


@dataclass
class _Line:
    text: str
    block: int
    bullet: bool = False


@dataclass
class LineResult:
    """What :func:`clean_lines` found: paragraphs in page order plus what was dropped."""

    parts: list[Part]
    title: str | None
    removed: list[str] = field(default_factory=list)
    removed_by: Counter[str] = field(default_factory=Counter)
    captures: dict[str, Any] = field(default_factory=dict)


def clean_text(doc: Document, text: str, furniture: Furniture | None = None) -> Article:
    """Clean pasted or scraped text into an Article."""
    furniture = furniture or load_furniture()
    result = clean_lines(text.splitlines(), furniture, title=doc.title)
    metadata: dict[str, Any] = {"cleaner": "text"}
    metadata.update({k: v for k, v in result.captures.items() if k not in ARTICLE_FIELDS})
    if result.removed_by:
        metadata["removed_by_category"] = dict(result.removed_by)
    return build_article(
        doc,
        result.parts,
        title=doc.title or result.title,
        published=doc.published,
        url=doc.url,
        publisher=result.captures.get("publisher"),
        byline=result.captures.get("byline"),
        removed=result.removed,
        metadata=metadata,
    )


def clean_lines(
    lines: Sequence[str],
    furniture: Furniture,
    *,
    title: str | None = None,
    standfirst: Collection[str] = (),
    join_wrapped: bool = True,
) -> LineResult:
    """Classify ``lines`` (blank lines separate blocks) into headline, standfirst, caption
    and body paragraphs. ``title`` is a title known from elsewhere (HTML metadata, a JSON
    record); ``standfirst`` holds texts the caller already knows to be standfirst."""
    result = LineResult(parts=[], title=None)

    # 1-2. normalise, note bullets, drop furniture
    kept: list[_Line] = []
    block = 0
    for raw in lines:
        text = normalise_space(raw)
        if not text:
            block += 1
            continue
        bullet = _BULLET.match(text)
        bare = text[bullet.end() :] if bullet else text
        found = None
        if furniture.credit_only(text) is None:  # a lone credit is kept for step 7
            found = furniture.match(text) or (furniture.match(bare) if bullet else None)
        if found is not None:
            _drop(result, text, found.category)
            for key, value in found.captures.items():
                result.captures.setdefault(key, value)
            continue
        kept.append(_Line(bare, block, bullet=bullet is not None))

    # 3. hard-wrapped blocks
    if join_wrapped:
        kept = _join_wrapped(kept)

    # 4. repeated lines
    seen: set[str] = set()
    unique: list[_Line] = []
    for line in kept:
        key = line.text.casefold()
        if key in seen:
            _drop(result, line.text, "duplicate")
            continue
        seen.add(key)
        unique.append(line)

    # 5. headline
    rest = _find_headline(unique, title, furniture, result)

    # 6. standfirst
    if result.parts:  # there is a headline
        wanted = {normalise_space(s).casefold() for s in standfirst if s}
        while rest and (rest[0].bullet or rest[0].text.casefold() in wanted):
            result.parts.append(Part("standfirst", rest[0].text))
            rest = rest[1:]

    # 7-8. captions and body
    for line in rest:
        credit = furniture.credit_only(line.text)
        if credit is not None:
            last = result.parts[-1] if result.parts else None
            if last is not None and last.kind == "body":
                result.parts[-1] = Part("caption", last.text, credit)
            _drop(result, line.text, "credit")
            continue
        split = furniture.split_credit(line.text)
        if split is not None:
            result.parts.append(Part("caption", split[0], split[1]))
        else:
            result.parts.append(Part("body", line.text))
    return result


def _drop(result: LineResult, text: str, category: str) -> None:
    result.removed.append(text)
    result.removed_by[category] += 1


def _find_headline(
    lines: list[_Line], title: str | None, furniture: Furniture, result: LineResult
) -> list[_Line]:
    """Put the headline (if any) into ``result`` and return the lines after it."""
    if title and normalise_space(title):
        key = normalise_space(title).casefold()
        for i, line in enumerate(lines[: KICKER_WINDOW + 1]):
            if line.text.casefold() == key:
                before = lines[:i]
                if all(len(b.text) <= MAX_KICKER_CHARS for b in before):
                    for b in before:
                        _drop(result, b.text, "kicker")
                    result.parts.append(Part("headline", line.text))
                    result.title = line.text
                    return lines[i + 1 :]
                break
        result.parts.append(Part("headline", normalise_space(title)))
        result.title = normalise_space(title)
        return lines
    if len(lines) > 1 and _looks_like_headline(lines[0], furniture):
        result.parts.append(Part("headline", lines[0].text))
        result.title = lines[0].text
        return lines[1:]
    return lines


def _looks_like_headline(line: _Line, furniture: Furniture) -> bool:
    text = line.text
    return (
        not line.bullet
        and len(text) <= MAX_HEADLINE_CHARS
        and len(text.split()) >= 2
        and not text.endswith(".")
        and furniture.split_credit(text) is None
    )


def _join_wrapped(lines: list[_Line]) -> list[_Line]:
    out: list[_Line] = []
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and lines[j].block == lines[i].block:
            j += 1
        block = lines[i:j]
        if _looks_wrapped(block):
            for line in block:
                if out and out[-1].block == line.block and not line.bullet:
                    out[-1] = _Line(f"{out[-1].text} {line.text}", line.block, out[-1].bullet)
                else:
                    out.append(line)
        else:
            out.extend(block)
        i = j
    return out


def _looks_wrapped(block: list[_Line]) -> bool:
    if len(block) < WRAP_MIN_LINES:
        return False
    widths = [len(line.text) for line in block]
    width = max(widths)
    if width < WRAP_MIN_WIDTH or width > WRAP_MAX_WIDTH:
        return False
    heads = block[:-1]
    full = sum(1 for line in heads if len(line.text) >= WRAP_FILL * width)
    open_ended = sum(1 for line in heads if not line.text.endswith(_SENTENCE_END))
    return full * 4 >= len(heads) * 3 and open_ended * 2 >= len(heads)
