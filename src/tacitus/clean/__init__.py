"""The clean stage: :class:`~tacitus.models.Document` -> :class:`~tacitus.models.Article`.

HTML goes through trafilatura (:mod:`tacitus.clean.html`); pasted or scraped text through
our own furniture filter (:mod:`tacitus.clean.text`). Both share the line rules in
``clean_lines`` and the vocabulary in ``data/furniture.yaml``.
"""

from __future__ import annotations

from tacitus.clean.assemble import MAX_TEXT_CHARS, normalise_space
from tacitus.clean.furniture import Furniture, load_furniture
from tacitus.clean.html import clean_html
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
    return article
