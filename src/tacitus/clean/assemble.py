"""Turn an ordered list of cleaned paragraphs into an :class:`~tacitus.models.Article`.

Shared by the HTML and the text cleaners: whitespace normalisation, exact offsets, the size
bound and the article id all live here, once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from tacitus.models import Article, Document, Paragraph, ParagraphKind

SEPARATOR = "\n\n"
# Longest cleaned text kept. Long-form news features run to ~60k characters; anything much
# past that is a page the extractor misread (a live blog, a comment dump). Offsets into
# Article.text must stay cheap to store and highlight, so the text is cut at a paragraph or
# word boundary and the cut is recorded in metadata.
MAX_TEXT_CHARS = 200_000
# At most this many furniture lines are listed in Article.removed (the count is kept whole).
MAX_REMOVED = 500

_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_SPACES = re.compile(r"\s+")


def normalise_space(text: str) -> str:
    """Drop invisible characters (soft hyphen, zero-width), collapse whitespace, strip."""
    return _SPACES.sub(" ", _INVISIBLE.sub("", text)).strip()


@dataclass(frozen=True)
class Part:
    """One paragraph before offsets are known."""

    kind: ParagraphKind
    text: str
    credit: str | None = None


def article_id(content_hash: str) -> str:
    return content_hash[:16]


def build_article(
    doc: Document,
    parts: Sequence[Part],
    *,
    title: str | None = None,
    published: date | None = None,
    url: str | None = None,
    publisher: str | None = None,
    byline: str | None = None,
    language: str | None = None,
    removed: Iterable[str] = (),
    metadata: dict[str, Any] | None = None,
) -> Article:
    """Join ``parts`` into the article text with exact offsets, bounded to MAX_TEXT_CHARS."""
    metadata = dict(metadata or {})
    texts = [(part, normalise_space(part.text)) for part in parts]
    texts = [(part, text) for part, text in texts if text]
    chunks: list[str] = []
    paragraphs: list[Paragraph] = []
    pos = 0
    truncated = False
    for part, text in texts:
        start = pos + (len(SEPARATOR) if chunks else 0)
        room = MAX_TEXT_CHARS - start
        if len(text) > room:
            truncated = True
            text = _cut(text, room) if room > 0 else ""
            if not text:
                break
        if chunks:
            chunks.append(SEPARATOR)
        chunks.append(text)
        credit = normalise_space(part.credit) if part.credit else ""
        paragraphs.append(Paragraph(text, start, start + len(text), part.kind, credit or None))
        pos = start + len(text)
        if truncated:
            break
    if truncated:
        metadata["truncated"] = True
        metadata["max_chars"] = MAX_TEXT_CHARS
        metadata["original_chars"] = sum(len(t) for _, t in texts) + len(SEPARATOR) * (len(texts) - 1)

    removed = tuple(removed)
    if len(removed) > MAX_REMOVED:
        metadata["removed_total"] = len(removed)
        removed = removed[:MAX_REMOVED]

    fields: dict[str, Any] = {}
    if language:
        fields["language"] = language
    return Article(
        id=article_id(doc.content_hash),
        text="".join(chunks),
        paragraphs=tuple(paragraphs),
        title=title,
        published=published,
        url=url,
        publisher=publisher,
        byline=byline,
        source=doc.source,
        metadata=metadata,
        removed=removed,
        **fields,
    )


def _cut(text: str, room: int) -> str:
    """The longest prefix of ``text`` that fits in ``room`` and ends at a word boundary."""
    head = text[:room]
    if len(text) > room and not text[room].isspace():
        space = head.rfind(" ")
        head = head[:space] if space > 0 else head
    return head.rstrip()
