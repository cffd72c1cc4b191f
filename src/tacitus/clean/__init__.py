"""The clean stage: :class:`~tacitus.models.Document` -> :class:`~tacitus.models.Article`.

HTML goes through trafilatura (:mod:`tacitus.clean.html`); pasted or scraped text through
our own furniture filter (:mod:`tacitus.clean.text`). Both share the line rules in
``clean_lines`` and the vocabulary in ``data/furniture.yaml``.
"""

from __future__ import annotations

from dataclasses import replace

from tacitus.clean.assemble import MAX_TEXT_CHARS, normalise_space
from tacitus.clean.furniture import Furniture, load_furniture
from tacitus.clean.html import clean_html
from tacitus.clean.published import find_published
from tacitus.clean.text import clean_lines, clean_text
from tacitus.errors import InputError
from tacitus.ingest import decode
from tacitus.models import Article, Document

__all__ = [
    "MAX_TEXT_CHARS",
    "Furniture",
    "clean",
    "clean_html",
    "clean_lines",
    "clean_text",
    "load_furniture",
    "normalise_space",
]


def clean(doc: Document, text: str | None = None) -> Article:
    """Clean one document. ``text`` is the decoded content when the caller has it already;
    otherwise ``doc.data`` is decoded here.

    Raises :class:`~tacitus.errors.InputError` when no article text can be found.
    """
    if text is None:
        text = decode(doc.data, source=doc.source)
    article = clean_html(doc, text) if doc.media_type == "html" else clean_text(doc, text)
    if not article.paragraphs:
        raise InputError(doc.source, "no article text left after removing page furniture")
    return with_published(article)


def with_published(article: Article) -> Article:
    """The article with the publication date its text or URL states, when it has none
    (``tacitus.clean.published``); how it was found is kept in the metadata, and so is a
    dateline that gives no year (the date then stays unknown)."""
    if article.published is not None:
        return article
    stamp = article.metadata.get("timestamp")
    found, how, undated = find_published(article.text, stamp if isinstance(stamp, str) else None, article.url)
    metadata = dict(article.metadata)
    if found is not None:
        metadata["published_from"] = how
    if undated:
        metadata["dateline"] = undated
    if found is None and not undated:
        return article
    return replace(article, published=found, metadata=metadata)
