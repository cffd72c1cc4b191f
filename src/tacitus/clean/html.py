"""Clean an HTML page: trafilatura for the article text and metadata, lxml for what it drops.

The page is untrusted: it is parsed, never rendered; scripts, styles and embedded objects
are removed before any text is read, and no network access is allowed to the parser.

1. parse the page with a locked-down lxml parser and read what trafilatura leaves out:
   figure captions with their credits, standfirst, byline and reading time hints, language;
2. extract the main text and metadata with trafilatura, favouring precision, without
   comments, tables or images; if that finds nothing, retry favouring recall;
3. run the extracted lines through the shared line rules (furniture, headline, standfirst,
   captions, duplicates);
4. put the figure captions back in page order, after the paragraph that precedes them;
5. assemble the Article.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import lxml.etree
import lxml.html
import trafilatura
from trafilatura.settings import set_date_params

from tacitus.clean.assemble import Part, build_article, normalise_space
from tacitus.clean.furniture import ARTICLE_FIELDS, Furniture, load_furniture
from tacitus.clean.text import clean_lines
from tacitus.errors import InputError
from tacitus.models import Article, Document

# Elements whose content is never article text and must never be read as such.
UNSAFE_TAGS = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "math")
# Elements whose text can anchor a figure's position in the extracted text.
BLOCK_TAGS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "dd", "dt"})
# Class / itemprop hints, in the spirit of trafilatura's xpaths.py: common names news sites
# give to the parts of a page we look for.
CREDIT_HINT = re.compile(r"credit|copyright|source|photographer|byline|author", re.IGNORECASE)
STANDFIRST_HINT = re.compile(
    r"standfirst|\bdek\b|strapline|sub-?title|sub-?head(?:line)?|summary|teaser|\bintro\b|\blede\b",
    re.IGNORECASE,
)
META_HINT = re.compile(r"byline|author|read(?:ing)?[-_ ]?time|dateline|article[-_]meta", re.IGNORECASE)
# A standfirst is one or two sentences; longer elements with such a class are the body.
MAX_STANDFIRST_CHARS = 400
# Most block texts remembered before a figure, to find its place again in trafilatura's text.
MAX_ANCHORS = 8

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_META_SEPARATORS = re.compile(r"\s*[\u00b7\u2022|\n]\s*")


@dataclass(frozen=True)
class Figure:
    caption: str
    credit: str | None
    anchors: tuple[str, ...]  # texts of the blocks before the figure, nearest last


@dataclass(frozen=True)
class PageHints:
    """What the raw page tells that trafilatura's output does not."""

    figures: tuple[Figure, ...] = ()
    standfirst: tuple[str, ...] = ()
    captures: dict[str, Any] = field(default_factory=dict)
    authors: tuple[str, ...] = ()
    language: str | None = None


def clean_html(doc: Document, text: str, furniture: Furniture | None = None) -> Article:
    """Clean an HTML page into an Article. Raises InputError when no text is found."""
    furniture = furniture or load_furniture()
    text = _XML_DECLARATION.sub("", text, count=1)

    # 1. what the page tells that trafilatura drops
    hints = page_hints(text, furniture)

    # 2. main text and metadata
    try:
        extracted, mode = _extract(text, doc.url)
    except Exception as exc:  # a page trafilatura cannot handle is bad input, not a crash
        raise InputError(doc.source, f"HTML extraction failed ({type(exc).__name__})") from exc
    if extracted is None or not (extracted.text or "").strip():
        raise InputError(doc.source, "no article text found in the HTML page")

    # 3. line rules
    result = clean_lines(
        extracted.text.split("\n"),
        furniture,
        title=extracted.title,
        standfirst=hints.standfirst,
        join_wrapped=False,
    )

    # 4. captions back in page order
    parts = place_figures(result.parts, hints.figures)

    # 5. assemble
    captures = {**result.captures, **hints.captures}
    html_date = _iso_date(extracted.date)
    metadata: dict[str, Any] = {"cleaner": "html", "extraction": mode}
    for key in ("sitename", "hostname", "description", "author", "pagetype"):
        value = getattr(extracted, key, None)
        if value:
            metadata[key] = value
    for key in ("categories", "tags"):
        value = getattr(extracted, key, None)
        if value:
            metadata[key] = list(value)
    if html_date:
        metadata["html_date"] = html_date.isoformat()
    metadata.update({k: v for k, v in captures.items() if k not in ARTICLE_FIELDS})
    if result.removed_by:
        metadata["removed_by_category"] = dict(result.removed_by)
    byline = captures.get("byline") or (" and ".join(hints.authors) if hints.authors else None)
    return build_article(
        doc,
        parts,
        title=doc.title or result.title,
        published=doc.published or html_date,
        url=doc.url or extracted.url,
        publisher=extracted.sitename or captures.get("publisher"),
        byline=byline or extracted.author,
        language=hints.language or extracted.language,
        removed=result.removed,
        metadata=metadata,
    )


def _extract(text: str, url: str | None) -> tuple[Any, str]:
    common: dict[str, Any] = {
        "url": url,
        "include_comments": False,
        "include_tables": False,
        "include_images": False,
        "include_links": False,
        "with_metadata": True,
        "date_extraction_params": set_date_params(extensive=False),
    }
    result = trafilatura.bare_extraction(text, favor_precision=True, **common)
    if result is not None and (result.text or "").strip():
        return result, "precision"
    return trafilatura.bare_extraction(text, favor_recall=True, **common), "recall"


# --- 1. page hints -----------------------------------------------------------------------

_PARSER = lxml.html.HTMLParser(
    remove_comments=True, remove_pis=True, no_network=True, recover=True, huge_tree=False
)


def parse_page(text: str) -> lxml.html.HtmlElement | None:
    """Parse untrusted HTML: no network, no comments or processing instructions, and every
    script, style or embedded object removed. None when nothing parses."""
    try:
        tree = lxml.html.document_fromstring(_XML_DECLARATION.sub("", text, count=1), parser=_PARSER)
    except (lxml.etree.ParserError, ValueError):
        return None
    lxml.etree.strip_elements(tree, *UNSAFE_TAGS, with_tail=False)
    return tree


def page_hints(text: str, furniture: Furniture) -> PageHints:
    tree = parse_page(text)
    if tree is None:
        return PageHints()
    lang = (tree.get("lang") or "").split("-")[0].strip().lower() or None
    return PageHints(
        figures=_figures(tree, furniture),
        standfirst=_standfirst(tree),
        captures=_meta_captures(tree, furniture),
        authors=_authors(tree),
        language=lang,
    )


def _figures(tree: lxml.html.HtmlElement, furniture: Furniture) -> tuple[Figure, ...]:
    figures: list[Figure] = []
    seen: set[str] = set()
    recent: list[str] = []
    for el in tree.iter():
        if not isinstance(el.tag, str):
            continue
        in_figure = el.tag == "figure" or any(a.tag == "figure" for a in el.iterancestors())
        if el.tag in BLOCK_TAGS and not in_figure:
            block = normalise_space(el.text_content())
            if block:
                recent = [*recent[-(MAX_ANCHORS - 1) :], block]
        elif el.tag == "figcaption":
            figure = _figure(el, furniture, tuple(recent))
            if figure is not None and figure.caption.casefold() not in seen:
                seen.add(figure.caption.casefold())
                figures.append(figure)
    return tuple(figures)


def _figure(el: lxml.html.HtmlElement, furniture: Furniture, anchors: tuple[str, ...]) -> Figure | None:
    el = copy.deepcopy(el)
    credits: list[str] = []
    for child in list(el.iterdescendants()):
        hint = " ".join(filter(None, (child.get("class"), child.get("itemprop"))))
        if child.tag in ("small", "cite") or (hint and CREDIT_HINT.search(hint)):
            if not _attached(child, el):
                continue  # inside a credit element already taken
            credit = normalise_space(child.text_content())
            if credit:
                credits.append(furniture.strip_label(credit))
            child.drop_tree()
    caption = normalise_space(el.text_content())
    credit = "; ".join(credits) or None
    if credit is None:
        split = furniture.split_credit(caption)
        if split is not None:
            caption, credit = split
    if not caption:
        return None
    return Figure(caption, credit, anchors)


def _attached(child: lxml.html.HtmlElement, root: lxml.html.HtmlElement) -> bool:
    return any(a is root for a in child.iterancestors())


def _standfirst(tree: lxml.html.HtmlElement) -> tuple[str, ...]:
    found: list[str] = []
    for el in tree.iter():
        if not isinstance(el.tag, str) or el.tag in ("h1", "html", "body", "figcaption"):
            continue
        hint = " ".join(filter(None, (el.get("class"), el.get("itemprop"))))
        if hint and STANDFIRST_HINT.search(hint):
            text = normalise_space(el.text_content())
            if text and len(text) <= MAX_STANDFIRST_CHARS:
                found.append(text)
    return tuple(found)


def _meta_captures(tree: lxml.html.HtmlElement, furniture: Furniture) -> dict[str, Any]:
    captures: dict[str, Any] = {}
    for el in tree.iter():
        if not isinstance(el.tag, str):
            continue
        hint = " ".join(filter(None, (el.get("class"), el.get("itemprop"), el.get("id"))))
        if not hint or not META_HINT.search(hint):
            continue
        for segment in _META_SEPARATORS.split(el.text_content()):
            found = furniture.match(segment)
            if found is not None:
                for key, value in found.captures.items():
                    captures.setdefault(key, value)
    return captures


def _authors(tree: lxml.html.HtmlElement) -> tuple[str, ...]:
    names: dict[str, None] = {}
    for el in tree.iter("a"):
        if "author" in (el.get("rel") or "").split():
            name = normalise_space(el.text_content())
            if name:
                names.setdefault(name)
    return tuple(names)


# --- 4. figures back in page order ------------------------------------------------------


def place_figures(parts: Sequence[Part], figures: Sequence[Figure]) -> list[Part]:
    """Insert each figure caption after the paragraph that precedes it on the page; a figure
    before any paragraph goes before the body; one whose place is lost goes last."""
    out = list(parts)
    for fig in figures:
        key = fig.caption.casefold()
        full = f"{fig.caption} {fig.credit}".casefold() if fig.credit else key
        out = [p for p in out if p.text.casefold() not in (key, full)]
        out.insert(_position(out, fig), Part("caption", fig.caption, fig.credit))
    return out


def _position(parts: list[Part], fig: Figure) -> int:
    if not fig.anchors:
        i = 0
        while i < len(parts) and parts[i].kind != "body":
            i += 1
        return i
    for anchor in reversed(fig.anchors):
        i = _find(parts, anchor)
        if i is not None:
            while i + 1 < len(parts) and parts[i + 1].kind == "caption":
                i += 1
            return i + 1
    return len(parts)


def _find(parts: list[Part], anchor: str) -> int | None:
    key = anchor.casefold()
    for i, part in enumerate(parts):
        if part.text.casefold() == key:
            return i
    prefix = key[:80]
    if len(prefix) >= 20:
        for i, part in enumerate(parts):
            if part.text.casefold().startswith(prefix):
                return i
    return None


def _iso_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
