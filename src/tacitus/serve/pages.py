"""The web pages, rendered on the server with Jinja2 (autoescaping on: article text and
titles are untrusted). Map, network and upload add a small script each; every other page
works without JavaScript."""

from __future__ import annotations

import json
import math
import re
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape

from .. import __version__
from ..display import num_range
from ..export import gtd_event_type
from ..models import EVENT_TYPES
from ..resolve.incidents import list_page_json
from ..store import layers, read, web
from . import highlight
from .api import MAX_QUERY, EventId, check_query, event_detail, event_query
from .app import store
from .assets import TEMPLATES_DIR, admin1_countries
from .errors import ApiError

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 50
MARK = ("\ue000", "\ue001")  # snippet highlight marks: private-use, never in article text
_WEB_URL = re.compile(r"^https?://[^\s]+$", re.IGNORECASE)


# --- template helpers -------------------------------------------------------------------------


def when(e: dict[str, Any]) -> str:
    if not e.get("date"):
        return "undated"
    return f"{e['date']} – {e['date_end']}" if e.get("date_end") else e["date"]


def web_url(url: str | None) -> str | None:
    """A link target only for http(s) URLs: ``javascript:`` and the like stay plain text."""
    return url if url and _WEB_URL.match(url.strip()) else None


def type_css(code: str | None) -> str:
    return highlight.css_name(code if code in EVENT_TYPES else "unknown")


def qs(params: dict[str, Any], **changes: Any) -> str:
    merged = {**params, **changes}
    return urlencode({k: v for k, v in merged.items() if v not in (None, "")})


def snippet_parts(snippet: str | None) -> list[tuple[str, bool]]:
    """FTS snippet text cut at the marks: (text, matched) pieces for the template."""
    parts: list[tuple[str, bool]] = []
    for i, piece in enumerate(re.split(f"[{MARK[0]}{MARK[1]}]", snippet or "")):
        if piece:
            parts.append((piece, i % 2 == 1))
    return parts


def event_title(e: dict[str, Any]) -> str:
    where = e.get("place") or e.get("country") or "unknown place"
    return f"{gtd_event_type(e.get('type'))} — {where}"


templates = Environment(
    loader=FileSystemLoader(TEMPLATES_DIR),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)
templates.globals.update(version=__version__, event_types=EVENT_TYPES, quote=quote, qs=qs)
templates.filters.update(num_range=num_range, when=when, web_url=web_url, type_css=type_css,
                         css=highlight.css_name, gtd=gtd_event_type, event_title=event_title,
                         snippet_parts=snippet_parts, urlq=lambda v: quote(str(v), safe=""))


def render(name: str, status: int = 200, headers: dict[str, str] | None = None, **context: Any) -> HTMLResponse:
    return HTMLResponse(templates.get_template(name).render(**context), status_code=status, headers=headers)


def render_error(status: int, error: str, headers: dict[str, str] | None = None) -> HTMLResponse:
    return render("error.html", status=status, headers=headers, status_code=status, error=error, page="error")


def filter_params(query: web.EventQuery) -> dict[str, Any]:
    bbox = ",".join(f"{x:g}" for x in query.bbox) if query.bbox else None
    return {"country": query.country, "actor": query.actor, "type": query.type, "since": query.since,
            "until": query.until, "q": query.q, "bbox": bbox}


def _base(request: Request, page: str, query: web.EventQuery | None = None) -> dict[str, Any]:
    ctx: dict[str, Any] = {"page": page}
    if query is not None:
        ctx["filters"] = filter_params(query)
        ctx["facets"] = web.facets(store(request).conn)
    return ctx


def checked_query(request: Request, query: web.EventQuery = Depends(event_query)) -> web.EventQuery:
    """The page's filters, refused as the API and the CLI refuse them: an unknown type or
    country, or an actor no name contains, is a 422 page naming the valid values (or the
    closest names), never an empty list that looks like no events."""
    check_query(store(request).conn, query)
    return query


Filters = Depends(checked_query)


# --- events -----------------------------------------------------------------------------------


@router.get("/", response_class=HTMLResponse)
def home() -> Response:
    return RedirectResponse("/events", status_code=307)


@router.get("/events", response_class=HTMLResponse)
def events_page(request: Request, query: web.EventQuery = Filters,
                page: int = Query(1, ge=1, le=100000), reports: bool = Query(False)) -> HTMLResponse:
    conn = store(request).conn
    if reports:
        total, events = web.event_page(conn, query, PAGE_SIZE, (page - 1) * PAGE_SIZE)
    else:
        where, params = query.where()
        total, rows = list_page_json(conn, where, params, PAGE_SIZE, (page - 1) * PAGE_SIZE)  # the stored rows
        events = [json.loads(r) for r in rows]
    hits = read.search(conn, query.q, 10, mark=MARK) if query.q else []
    pages = max(1, math.ceil(total / PAGE_SIZE))
    return render("events.html", **_base(request, "events", query), events=events, total=total,
                  page_no=page, pages=pages, hits=hits, stats=store(request).stats(), reports=reports)


@router.get("/events/{event_id}", response_class=HTMLResponse)
def event_page(request: Request, event_id: EventId) -> Response:
    if store(request).event(event_id) is None and (incident := store(request).incident(event_id)):
        return RedirectResponse(f"/events/{incident['events'][0]}", status_code=307)  # an incident's id
    event = event_detail(request, event_id)
    texts = web.article_texts(store(request).conn, event["sources"] + [
        a for r in event["related"] for a in r["sources"]])
    evidence = _evidence_blocks(event, texts)
    by_field: dict[str, list[dict[str, Any]]] = {}
    for ev in event["evidence"]:
        by_field.setdefault(ev.get("field") or "mention", []).append(ev)
    titles = {a["id"]: a for a in event["articles"]}
    comparison = [event, *event["related"]]
    from ..resolve.review import FIELDS as correctable
    from .review import event_history

    return render("event.html", page="events", event=event, evidence=evidence, by_field=by_field,
                  titles=titles, comparison=comparison, fields=EVENT_FIELDS,
                  history=event_history(request, event_id), correctable=correctable,
                  writes=bool(request.app.state.config.token))


EVENT_FIELDS: tuple[tuple[str, str], ...] = (
    ("type", "type"), ("acled_event_type", "type"), ("acled_sub_event_type", "type"), ("disorder_type", ""),
    ("date", "date"), ("date_precision", "date"), ("country", "place"), ("admin1", ""), ("admin2", ""),
    ("place", "place"), ("place_precision", "place"), ("geo_precision", ""), ("latitude", "place"),
    ("longitude", "place"), ("actor1", ""), ("assoc_actor1", ""), ("inter1", ""), ("actor2", ""),
    ("assoc_actor2", ""), ("inter2", ""), ("interaction", ""),
    ("killed", "killed"), ("injured", "injured"), ("perpetrators", "perpetrators"),
    ("claimed_by", "claimed_by"), ("suspects", "suspects"), ("targets", "targets"),
    ("victims", "victims"), ("weapons", "weapons"), ("aggregate", ""), ("confidence", ""),
)  # (field shown, evidence field that supports it)


def _evidence_blocks(event: dict[str, Any], texts: dict[str, str]) -> list[dict[str, Any]]:
    """Evidence grouped by (article, sentence): the sentence cut into highlighted segments."""
    groups: dict[tuple[str, int | None], list[dict[str, Any]]] = {}
    for ev in event["evidence"]:
        groups.setdefault((ev["article"], ev.get("sentence")), []).append(ev)
    blocks = []
    for (article, sentence), evs in groups.items():
        offset = highlight.sentence_offset(evs[0], texts.get(article))
        spans = [highlight.Span(e["start"], e["end"], e.get("field") or "mention", e.get("field") or "mention")
                 for e in evs if e.get("start") is not None]
        blocks.append({"article": article, "sentence": sentence, "evidence": evs,
                       "segments": highlight.sentence_segments(evs[0].get("text") or "", offset, spans),
                       "fields": sorted({e.get("field") or "mention" for e in evs})})
    return blocks


# --- map, timeline, network -----------------------------------------------------------------------


@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request, query: web.EventQuery = Filters) -> HTMLResponse:
    total, _ = web.event_page(store(request).conn, query, limit=0)
    return render("map.html", **_base(request, "map", query), total=total,
                  admin1=" ".join(admin1_countries(request.app.state.config.assets_dir)))


@router.get("/timeline", response_class=HTMLResponse)
def timeline_page(request: Request, query: web.EventQuery = Filters,
                  interval: str = Query("auto", pattern="^(auto|day|week|month|year)$")) -> HTMLResponse:
    total, _ = web.event_page(store(request).conn, query, limit=0)
    return render("timeline.html", **_base(request, "timeline", query), total=total, interval=interval)


@router.get("/network", response_class=HTMLResponse)
def network_page(request: Request, query: web.EventQuery = Filters) -> HTMLResponse:
    net = layers.network_view(store(request).conn, query)
    actors = {n["key"]: n for n in net["nodes"] if not n["hidden"]}
    links = [e for e in net["edges"] if e["source"] in actors and e["target"] in actors]
    linked = {k for e in links for k in (e["source"], e["target"])}
    hidden = {reason: sum(n["hidden"] == reason for n in net["nodes"]) for reason in ("descriptor", "place")}
    categories = sorted({n["category"] for n in actors.values() if n["category"]})
    names = {n["key"]: n["name"] for n in net["nodes"]}
    edge_types = sorted({e["type"] for e in links})
    return render("network.html", **_base(request, "network", query), linked=linked, links=links, names=names,
                  hidden=hidden, categories=categories, edge_types=edge_types)


# --- actors and articles ----------------------------------------------------------------------------


@router.get("/actors", response_class=HTMLResponse)
def actors_page(request: Request, q: str | None = Query(None, max_length=200)) -> HTMLResponse:
    actors = store(request).actors()
    if q:
        needle = q.casefold().strip()
        actors = [a for a in actors if any(needle in n.casefold() for n in [a["name"], *a["aliases"]])]
    return render("actors.html", page="actors", actors=actors, q=q or "")


@router.get("/actors/{key}", response_class=HTMLResponse)
def actor_page(request: Request, key: str) -> HTMLResponse:
    actor = web.actor(store(request).conn, key)
    if actor is None:
        raise ApiError(404, f"no actor with key {key!r}")
    return render("actor.html", page="actors", actor=actor)


@router.get("/articles", response_class=HTMLResponse)
def articles_page(request: Request, q: str | None = Query(None, max_length=MAX_QUERY)) -> HTMLResponse:
    conn = store(request).conn
    hits = read.search(conn, q, 100, mark=MARK) if q else None
    return render("articles.html", page="articles", articles=store(request).articles(), hits=hits, q=q or "")


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: str) -> HTMLResponse:
    s = store(request)
    article = s.article(article_id)
    if article is None:
        raise ApiError(404, f"no article with id {article_id!r}")
    spans = article_spans(article, web.article_spans(s.conn, article_id))
    paras = highlight.paragraphs(article["text"], article["paragraphs"], spans)
    legend = sorted({sp.field for sp in spans})
    return render("article.html", page="articles", article=article, paragraphs=paras, legend=legend,
                  spans=spans)


def article_spans(article: dict[str, Any], rows: list[dict[str, Any]]) -> list[highlight.Span]:
    """Evidence rows of one article as highlight spans labelled with the fact they support."""
    events = {str(e["id"]): e for e in article["events"]}
    claims = {str(c["id"]): c for c in article["claims"]}
    relations = {str(r["id"]): r for r in article["relations"]}
    spans = []
    for r in rows:
        field = r["field"] or r["owner_type"]
        owner, oid = r["owner_type"], r["owner_id"]
        if owner == "event":
            label, href = f"event {oid} · {field}", f"/events/{oid}"
        elif owner == "claim" and oid in claims:
            c = claims[oid]
            label, href = f"claim by {c['speaker_name'] or c['speaker']}", None
            field = "claim"
        elif owner == "relation" and oid in relations:
            rel = relations[oid]
            label, href = f"{rel['source']} {rel['type']} {rel['target']}", f"/actors/{quote(rel['source_key'])}"
            field = "relation"
        elif owner == "actor":
            label, href = f"actor {oid} · {field}", f"/actors/{quote(oid)}"
        else:
            label, href = f"{owner} {oid} · {field}", None
        if owner == "event" and oid not in events:
            href = f"/events/{oid}"
        spans.append(highlight.Span(r["start"], r["end"], field, label, href))
    return spans


# --- upload and API docs -----------------------------------------------------------------------------


@router.get("/upload", response_class=HTMLResponse)
def upload_page(request: Request) -> HTMLResponse:
    config = request.app.state.config
    return render("upload.html", page="upload", writes=bool(config.token), max_bytes=config.max_bytes)


@router.get("/api/docs", response_class=HTMLResponse)
def api_docs() -> HTMLResponse:
    return render("api_docs.html", page="api")


# keep for templates that build filter forms
templates.globals.update(date_pattern=r"\d{4}(-\d{2}(-\d{2})?)?")


def _taxonomy() -> Any:
    from ..taxonomy import load_taxonomy

    return load_taxonomy()


templates.globals.update(taxonomy=_taxonomy())  # the legends' types, labels and colour classes
