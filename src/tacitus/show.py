"""Terminal rendering of one event: its fields, then each supporting sentence with the
evidence span highlighted. Article text is untrusted: it goes into rich ``Text`` objects,
never through markup parsing."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

FIELDS = ("type", "date", "date_end", "date_precision", "country", "place", "place_precision", "latitude",
          "longitude", "killed_min", "killed_max", "injured_min", "injured_max", "perpetrators", "claimed_by",
          "suspects", "targets", "victims", "weapons", "aggregate", "confidence", "sources")
STYLES = {"date": "bold cyan", "place": "bold green", "killed": "bold red", "injured": "bold magenta",
          "perpetrators": "bold yellow", "claimed_by": "bold yellow", "suspects": "yellow", "weapons": "bold blue",
          "type": "underline"}


def _value(v: Any) -> str:
    if isinstance(v, (list, tuple)):
        return ", ".join(str(x) for x in v)
    return "" if v is None else str(v)


def sentence_offsets(ev: dict[str, Any], article_text: str | None) -> tuple[int, int] | None:
    """Offsets of an evidence span inside its sentence. Evidence keeps article offsets and the
    sentence text; the sentence is found in the article just before the span."""
    sentence = ev["text"]
    if not article_text:
        return None
    lo = max(0, ev["start"] - len(sentence))
    at = article_text.find(sentence, lo, ev["end"] + len(sentence))
    if at < 0 or not (at <= ev["start"] <= ev["end"] <= at + len(sentence)):
        return None
    return ev["start"] - at, ev["end"] - at


def render_event(event: dict[str, Any], texts: dict[str, str]) -> Group:
    """``texts`` maps article ids to their cleaned text (to place the highlights)."""
    table = Table(show_header=False, box=None, pad_edge=False)
    table.add_column(style="dim")
    table.add_column()
    for f in FIELDS:
        if f in event and event[f] not in (None, [], ""):
            table.add_row(f, Text(_value(event[f])))
    by_sentence: dict[tuple[str, int], list[dict]] = defaultdict(list)
    for ev in event.get("evidence") or []:
        by_sentence[(ev["article"], ev["sentence"])].append(ev)
    panels = []
    for (article, index), evs in sorted(by_sentence.items()):
        body = Text(evs[0]["text"])
        fields = sorted({e.get("field") or "" for e in evs})
        for e in evs:
            rel = sentence_offsets(e, texts.get(article))
            if rel is not None:
                body.stylize(STYLES.get(e.get("field") or "", "bold"), *rel)
        title = Text(f"article {article} · sentence {index} · " + ", ".join(fields))
        panels.append(Panel(body, title=title, title_align="left"))
    return Group(Text(f"event {event['id']}", style="bold"), table, *panels)
