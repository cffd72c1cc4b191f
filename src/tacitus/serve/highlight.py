"""Cut an article's text into segments so that each evidence span can be highlighted.

Pure functions over offsets; the template escapes every piece of text it prints, so
untrusted article text never becomes markup. Spans may overlap: a segment carries every
span covering it, and its colour is that of the narrowest one (the most specific fact).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

_CLASS = re.compile(r"[^a-z0-9_]+")


def css_name(value: str | None) -> str:
    """A safe CSS class fragment for a field name ("killed", "claimed_by")."""
    return _CLASS.sub("", (value or "mention").lower())[:32] or "mention"


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    field: str  # what it supports: killed, date, place, claim, mention ...
    label: str  # shown on hover and in the list of facts: "event 10 · killed"
    href: str | None = None  # where the fact lives (event or actor page)

    @property
    def anchor(self) -> str:
        return f"s{self.start}-{self.end}"

    @property
    def css(self) -> str:
        return css_name(self.field)


@dataclass
class Segment:
    text: str
    start: int
    spans: list[Span] = field(default_factory=list)
    anchors: list[str] = field(default_factory=list)  # ids of spans that begin here

    @property
    def primary(self) -> Span | None:
        return min(self.spans, key=lambda s: (s.end - s.start, s.start)) if self.spans else None

    @property
    def title(self) -> str:
        seen: list[str] = []
        for s in self.spans:
            if s.label not in seen:
                seen.append(s.label)
        return "; ".join(seen)


def segments(text: str, start: int, end: int, spans: Sequence[Span]) -> list[Segment]:
    """Segments of ``text[start:end]``; a new segment starts wherever a span starts or ends."""
    inside = [s for s in spans if s.start < end and s.end > start and s.end > s.start]
    cuts = {start, end}
    for s in inside:
        cuts.add(max(s.start, start))
        cuts.add(min(s.end, end))
    points = sorted(cuts)
    anchored: set[str] = set()
    out: list[Segment] = []
    for lo, hi in zip(points, points[1:]):
        seg = Segment(text[lo:hi], lo, [s for s in inside if s.start < hi and s.end > lo])
        for s in seg.spans:
            if s.anchor not in anchored and s.start <= lo:
                anchored.add(s.anchor)
                seg.anchors.append(s.anchor)
        out.append(seg)
    return out


def paragraphs(text: str, paras: Iterable[dict[str, Any]], spans: Sequence[Span]) -> list[dict[str, Any]]:
    """Each stored paragraph (kind, credit, offsets) with its segments. Without paragraph
    data the whole text is one body paragraph."""
    paras = [p for p in paras if 0 <= p.get("start", -1) <= p.get("end", -1) <= len(text)]
    if not paras:
        paras = [{"start": 0, "end": len(text), "kind": "body"}]
    return [
        {
            "kind": css_name(p.get("kind") or "body"),
            "credit": p.get("credit"),
            "segments": segments(text, p["start"], p["end"], spans),
        }
        for p in paras
    ]


def sentence_segments(sentence: str, offset: int | None, spans: Sequence[Span]) -> list[Segment]:
    """Segments of one evidence sentence whose first character sits at article ``offset``
    (spans keep article offsets); without an offset the sentence is one plain segment."""
    if offset is None:
        return [Segment(sentence, 0)]
    shifted = [Span(s.start - offset, s.end - offset, s.field, s.label, s.href) for s in spans]
    return segments(sentence, 0, len(sentence), shifted)


def sentence_offset(evidence: dict[str, Any], article_text: str | None) -> int | None:
    """Where the evidence sentence starts in the article (the sentence holds the span)."""
    sentence = evidence.get("text") or ""
    if not article_text or not sentence:
        return None
    lo = max(0, evidence["start"] - len(sentence))
    at = article_text.find(sentence, lo, evidence["end"] + len(sentence))
    if at < 0 or not (at <= evidence["start"] <= evidence["end"] <= at + len(sentence)):
        return None
    return at
