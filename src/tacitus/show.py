"""Terminal rendering of one incident (its fields, the tolls by source, a table of its reports)
or one report, then each supporting sentence with the evidence span highlighted. Article text is untrusted: it goes into rich ``Text`` objects,
never through markup parsing."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from .display import num_range

FIELDS = ("type", "acled_event_type", "acled_sub_event_type", "date", "date_end", "date_precision", "country",
          "admin1", "admin2", "place", "place_precision", "latitude",
          "longitude", "killed_min", "killed_max", "injured_min", "injured_max", "perpetrators", "claimed_by",
          "suspects", "targets", "victims", "weapons", "actor1", "actor2", "interaction", "aggregate", "confidence",
          "sources")
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


def _fields(record: dict[str, Any]) -> Table:
    table = Table(show_header=False, box=None, pad_edge=False)
    table.add_column(style="dim", no_wrap=True)
    table.add_column(overflow="fold")
    for f in FIELDS:
        if f in record and record[f] not in (None, [], ""):
            table.add_row(f, Text(_value(record[f])))
    return table


def _panels(record: dict[str, Any], texts: dict[str, str]) -> list[Panel]:
    by_sentence: dict[tuple[str, int], list[dict]] = defaultdict(list)
    for ev in record.get("evidence") or []:
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
    return panels


def render_event(event: dict[str, Any], texts: dict[str, str]) -> Group:
    """One report. ``texts`` maps article ids to their cleaned text (to place the highlights)."""
    head = f"report {event['id']}" + (f" (incident {event['incident']})" if event.get("incident") else "")
    return Group(Text(head, style="bold"), _fields(event), *_panels(event, texts))


def _figures(incident: dict[str, Any]) -> Table:
    t = Table(title="tolls: low / best / high, and what each source says", title_justify="left")
    for col in ("", "low", "best", "high", "by source (latest report of each)"):
        t.add_column(col, overflow="fold")
    for field in ("killed", "injured"):
        fig = incident.get(field)
        if not fig:
            continue
        per = "; ".join(f"{s['source']}: {num_range(s['conservative'], s['max'])}" for s in fig["per_source"])
        t.add_row(field, str(fig["low"]), str(fig["best"]) + (" (corrected)" if fig.get("corrected") else ""),
                  str(fig["high"]), per)
    return t


def _reports(incident: dict[str, Any], titles: dict[str, dict[str, Any]]) -> Table:
    t = Table(title=f"{len(incident['reports'])} reports", title_justify="left")
    for col in ("report", "article", "published", "date", "place", "killed", "injured", "how"):
        t.add_column(col, overflow="fold")
    for r in incident["reports"]:
        title = (titles.get(r["article"]) or {}).get("title")
        how = r.get("method") or "not resolved yet"
        if r.get("match_score") is not None:
            how += f" {r['match_score']:.2f}"
        t.add_row(str(r["id"]), Text(r["article"] + (f" · {title}" if title else "")), r.get("published") or "",
                  r.get("date") or "", Text(r.get("place") or ""), num_range(r.get("killed_min"), r.get("killed_max")),
                  num_range(r.get("injured_min"), r.get("injured_max")), how)
    return t


def render_incident(incident: dict[str, Any], texts: dict[str, str], titles: dict[str, dict[str, Any]]) -> Group:
    """One incident: its fields, the tolls by source, its reports, then every sentence of
    evidence. ``titles``: article id -> article (its title names a report)."""
    return Group(Text(f"incident {incident['id']}", style="bold"), _fields(incident), _figures(incident),
                 _reports(incident, titles), *_panels(incident, texts))
