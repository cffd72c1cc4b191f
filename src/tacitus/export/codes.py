"""What the codebook exports share: a country's codes, the evidence columns every row ends
with, and the notes written from the evidence sentences."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from ..clean.published import strip_dateline

EVIDENCE_COLUMNS: tuple[str, ...] = (
    "tacitus_incident", "tacitus_reports", "tacitus_sources", "tacitus_evidence_url",
    "tacitus_killed_low", "tacitus_killed_best", "tacitus_killed_high",
    "tacitus_injured_low", "tacitus_injured_best", "tacitus_injured_high",
    "tacitus_date_precision", "tacitus_confidence",
)  # fmt: skip
NOTES_SENTENCES = 3  # sentences of evidence at most in a note
NOTES_CHARS = 600  # and characters, cut at a sentence
# the fields whose sentences say what happened, in the order a note tells them
NOTE_FIELDS = ("type", "date", "place", "killed", "injured", "perpetrators", "claimed_by", "targets", "victims")


@lru_cache(maxsize=1024)
def country_codes(name: str | None) -> tuple[str | None, str | None, int | None]:
    """(ISO alpha-2, alpha-3, numeric) of a country name as stored; Nones when unknown."""
    if not name:
        return None, None, None
    import pycountry

    from ..geo.countries import countries

    table = countries()
    code = table.code_for(name)
    country = table.by_code.get(code or "")
    if country is None:
        return None, None, None
    found = pycountry.countries.get(alpha_2=country.code)
    return country.code, country.iso3, int(found.numeric) if found is not None else None


def _web_url(url: str | None) -> str | None:
    return url if url and url.lower().startswith(("http://", "https://")) else None


def notes(incident: dict[str, Any]) -> str:
    """A short description from the incident's evidence: the sentences that give its type,
    date, place, tolls and actors, each once, without wire datelines. Each source gives its
    most telling sentence in turn (earliest report first) until ``NOTES_SENTENCES``, so a later
    report's revised toll is told too; they are then read in report and sentence order."""
    rank = {f: i for i, f in enumerate(NOTE_FIELDS)}
    order = {a: i for i, a in enumerate(incident.get("sources") or [])}
    best: dict[tuple[str, int], tuple[int, str]] = {}  # (article, sentence) -> (field rank, text)
    for ev in incident.get("evidence") or []:
        text = strip_dateline(" ".join((ev.get("text") or "").split()))
        if not text or (ev.get("field") or "") not in rank:
            continue
        if text[-1] not in ".!?\"'”’)":
            text += "."  # a headline given as a sentence
        key = (ev["article"], ev.get("sentence") or 0)
        best[key] = (min(rank[ev["field"]], best.get(key, (len(rank), ""))[0]), text)
    by_source: dict[str, list[tuple[int, int, str]]] = {}
    for (article, sentence), (field_rank, text) in best.items():
        by_source.setdefault(article, []).append((field_rank, sentence, text))
    queues = [sorted(v) for _, v in sorted(by_source.items(), key=lambda kv: order.get(kv[0], len(order)))]
    chosen: list[tuple[int, int, str]] = []  # (source order, sentence, text)
    texts: set[str] = set()
    while any(queues) and len(chosen) < NOTES_SENTENCES:
        for source, q in enumerate(queues):
            while q and len(chosen) < NOTES_SENTENCES:
                _, sentence, text = q.pop(0)
                if text not in texts:
                    texts.add(text)
                    chosen.append((source, sentence, text))
                    break
    out: list[str] = []
    for _, _, text in sorted(chosen):
        if out and len(" ".join([*out, text])) > NOTES_CHARS:
            break
        out.append(text)
    note = " ".join(out)
    return note if len(note) <= NOTES_CHARS else note[: NOTES_CHARS - 1].rstrip() + "…"


def _figure(incident: dict[str, Any], field: str, which: str) -> Any:
    fig = incident.get(field)
    return fig.get(which) if isinstance(fig, dict) else None


def evidence_columns(incident: dict[str, Any]) -> dict[str, Any]:
    """The columns every codebook row ends with: the incident, its reports and sources, the
    sources' web addresses and the figures low / best / high."""
    articles = {a["id"]: a for a in incident.get("articles") or []}
    urls = [u for s in incident.get("sources") or [] if (u := _web_url((articles.get(s) or {}).get("url")))]
    return {
        "tacitus_incident": incident["id"],
        "tacitus_reports": "; ".join(str(e) for e in incident.get("events") or []),
        "tacitus_sources": "; ".join(incident.get("sources") or []),
        "tacitus_evidence_url": "; ".join(dict.fromkeys(urls)),
        **{f"tacitus_{f}_{w}": _figure(incident, f, w) for f in ("killed", "injured") for w in ("low", "best", "high")},
        "tacitus_date_precision": incident.get("date_precision"),
        "tacitus_confidence": incident.get("confidence"),
    }


def publishers(incident: dict[str, Any]) -> str:
    """The sources' publishers (the web host when an article names none), each once."""
    from urllib.parse import urlsplit

    articles = {a["id"]: a for a in incident.get("articles") or []}
    names = []
    for s in incident.get("sources") or []:
        a = articles.get(s) or {}
        url = _web_url(a.get("url"))
        names.append(a.get("publisher") or (urlsplit(url).hostname if url else None))
    return "; ".join(dict.fromkeys(n for n in names if n))
