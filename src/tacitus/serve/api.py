"""The JSON API under /api. Read endpoints are open; write endpoints depend on
``require_token``. Every error is ``{"ok": false, "error": ..., "status": N}``."""

from __future__ import annotations

import io
import json
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Path, Query, Request, UploadFile
from fastapi.responses import JSONResponse, Response

from ..export import FORMATS, GRAPH_FORMATS, write, write_graph
from ..resolve.incidents import incident_graph, iter_incidents, lean, list_page_json
from ..store import web
from ..store.values import MAX_ID
from . import schemas
from .app import store
from .errors import ERROR_RESPONSES, ApiError
from .jobs import supported
from .security import require_token

router = APIRouter(prefix="/api", responses=ERROR_RESPONSES)

DATE_BOUND = r"^(\d{4}(-\d{2}(-\d{2})?)?)?$"  # empty: no bound (forms send empty fields)
# every id and offset an URL carries: within what SQLite and a JavaScript number hold
EventId = Annotated[int, Path(ge=1, le=MAX_ID, description="an event id")]
Offset = Annotated[int, Query(ge=0, le=MAX_ID, description="rows to skip")]
DEFAULT_PAGE = 50
MAX_QUERY = 500  # characters of free text in a search


def parse_bbox(value: str | None) -> tuple[float, float, float, float] | None:
    if not value:
        return None
    try:
        west, south, east, north = (float(x) for x in value.split(","))
    except ValueError:
        raise ApiError(422, "bbox: expected west,south,east,north in degrees") from None
    if not (-180 <= west <= 180 and -180 <= east <= 180 and -90 <= south <= north <= 90):
        raise ApiError(422, "bbox: longitudes in [-180, 180], latitudes in [-90, 90], south <= north")
    return west, south, east, north


def event_query(
    country: Annotated[str | None, Query(max_length=100, description="country name, case-insensitive")] = None,
    actor: Annotated[str | None, Query(max_length=200, description="actor name or alias, any role")] = None,
    type: Annotated[str | None, Query(max_length=40, description="event type code, e.g. bombing")] = None,
    since: Annotated[str | None, Query(pattern=DATE_BOUND, description="YYYY[-MM[-DD]]")] = None,
    until: Annotated[str | None, Query(pattern=DATE_BOUND, description="YYYY[-MM[-DD]]")] = None,
    q: Annotated[str | None, Query(max_length=MAX_QUERY, description="full-text search of the reports")] = None,
    bbox: Annotated[str | None, Query(max_length=100, description="west,south,east,north")] = None,
) -> web.EventQuery:
    blank = lambda v: (v.strip() or None) if isinstance(v, str) else v  # noqa: E731
    return web.EventQuery(country=blank(country), actor=blank(actor), type=blank(type), since=blank(since),
                          until=blank(until), q=blank(q), bbox=parse_bbox(blank(bbox)))


Filters = Annotated[web.EventQuery, Depends(event_query)]


# --- events -------------------------------------------------------------------------------


@router.get("/events", response_model=schemas.IncidentList, summary="Incidents (or reports), filtered and paged",
            description="A page of incidents, one row per real incident with all its sources, its reports and "
            "the tolls low / best / high; no evidence (`/api/events/{id}` of a report has it). "
            "`reports=true` lists each article's report instead, with its incident.")
def list_events(
    request: Request,
    query: Filters,
    limit: Annotated[int, Query(ge=1, le=web.MAX_PAGE)] = DEFAULT_PAGE,
    offset: Offset = 0,
    reports: Annotated[bool, Query(description="one row per article's report")] = False,
) -> Response:
    conn = store(request).conn
    check_query(conn, query)
    if reports:
        total, rows = web.event_page_json(conn, query, limit, offset)
        unit = "reports"
    else:
        where, params = query.where()
        total, rows = list_page_json(conn, where, params, min(limit, web.MAX_PAGE), offset)
        unit = "incidents"
    nxt = offset + limit if offset + limit < total else None
    head = json.dumps({"total": total, "limit": limit, "offset": offset, "next_offset": nxt, "unit": unit})
    # the rows come as JSON texts (from SQLite for reports): sent as they are (the schema documents them)
    return Response(head[:-1] + ', "events": [' + ",".join(rows) + "]}", media_type="application/json")


def lean_incident(row: dict[str, Any]) -> dict[str, Any]:
    """An incident list row: no evidence; the per-source tolls kept, their reports' copies dropped."""
    return lean(row)


def check_query(conn: Any, query: web.EventQuery) -> None:
    """Refuse (422) an unknown type or country, an actor no name contains, a bad date bound."""
    from ..store.read import FilterError, check_filters, date_bound

    try:
        check_filters(conn, country=query.country, type=query.type, actor=query.actor)
        date_bound(query.since, "since")
        date_bound(query.until, "until")
    except (FilterError, ValueError) as exc:
        raise ApiError(422, str(exc)) from None


def event_detail(request: Request, event_id: EventId) -> dict[str, Any]:
    s = store(request)
    event = s.event(event_id)
    if event is None:
        raise ApiError(404, f"no event with id {event_id}")
    texts = web.article_texts(s.conn, event["sources"])
    event["claims"] = web.event_claims(s.conn, event_id)
    event["relations"] = web.event_relations(s.conn, event_id)
    event["figures"] = web.figures_by_source(event, texts)
    event["incident"] = _incident(s, event_id)
    if event["incident"]:  # reports merged across articles: the other members
        others = [i for i in event["incident"].get("events", []) if i != event_id]
        event["related"] = web.events_by_id(s.conn, others)
    else:  # no resolution stored: same type, country and day
        event["related"] = web.related_events(s.conn, event)
    return event


def _incident(s: Any, event_id: int) -> dict[str, Any] | None:
    """The incident an event belongs to, when the store resolves events across articles."""
    if not (hasattr(s, "incident_of") and hasattr(s, "incident")):
        return None
    incident_id = s.incident_of(event_id)
    return s.incident(incident_id) if incident_id is not None else None


@router.get("/events/{event_id}", response_model=schemas.EventDetail,
            summary="One event with its sources, figures by source, claims and relations")
def get_event(request: Request, event_id: EventId) -> dict[str, Any]:
    return event_detail(request, event_id)


IncidentId = Annotated[int, Path(ge=1, le=MAX_ID, description="an incident id, as /api/events lists it")]


@router.get("/incidents/{incident_id}", response_model=schemas.IncidentRow,
            summary="One incident with its reports, tolls by source and every sentence of evidence")
def get_incident(request: Request, incident_id: IncidentId) -> dict[str, Any]:
    incident = store(request).incident(incident_id)
    if incident is None:
        raise ApiError(404, f"no incident with id {incident_id}")
    return incident


@router.get("/timeline", response_model=schemas.Timeline, summary="Events per day or week, by type")
def get_timeline(
    request: Request, query: Filters, interval: Annotated[str, Query(pattern="^(day|week)$")] = "week"
) -> dict[str, Any]:
    return web.timeline(store(request).conn, query, interval)


# --- actors, relations, claims ------------------------------------------------------------


@router.get("/actors", response_model=schemas.ActorList, summary="Actors, most events first")
def list_actors(
    request: Request,
    q: Annotated[str | None, Query(max_length=200, description="part of a name or alias")] = None,
    kind: Annotated[str | None, Query(max_length=40)] = None,
    limit: Annotated[int, Query(ge=1, le=10000)] = 1000,
) -> dict[str, Any]:
    actors = store(request).actors()
    if q:
        needle = q.casefold().strip()
        actors = [a for a in actors if any(needle in n.casefold() for n in [a["name"], *a["aliases"]])]
    if kind:
        actors = [a for a in actors if a["kind"] == kind]
    return {"actors": actors[:limit]}


@router.get("/actors/{key}", response_model=schemas.ActorDetail,
            summary="One actor with its relations, events and claims")
def get_actor(request: Request, key: str) -> dict[str, Any]:
    actor = web.actor(store(request).conn, key)
    if actor is None:
        raise ApiError(404, f"no actor with key {key!r}")
    return actor


@router.get("/network", response_model=schemas.Network,
            summary="Actor network: nodes sized by events, edges by relation type")
def get_network(request: Request, query: Filters) -> dict[str, Any]:
    return web.network(store(request).conn, query)


@router.get("/relations", response_model=schemas.RelationList, summary="Relations between actors, events, places")
def list_relations(
    request: Request, article: Annotated[str | None, Query(max_length=100)] = None
) -> dict[str, Any]:
    from ..store import read

    return {"relations": read.relations(store(request).conn, article=article)}


@router.get("/claims", response_model=schemas.ClaimList, summary="Attributed claims: who said what")
def list_claims(
    request: Request, article: Annotated[str | None, Query(max_length=100)] = None
) -> dict[str, Any]:
    from ..store import read

    return {"claims": read.claims(store(request).conn, article=article)}


# --- articles and search ----------------------------------------------------------------------


@router.get("/articles", response_model=schemas.ArticleList, summary="Articles, newest first")
def list_articles(request: Request, limit: Annotated[int, Query(ge=1, le=10000)] = 1000) -> dict[str, Any]:
    return {"articles": store(request).articles(limit)}


@router.get("/articles/{article_id}", response_model=schemas.ArticleDetail,
            summary="One article: clean text, paragraphs, what was extracted and every evidence span")
def get_article(request: Request, article_id: str) -> dict[str, Any]:
    article = store(request).article(article_id)
    if article is None:
        raise ApiError(404, f"no article with id {article_id!r}")
    article["spans"] = web.article_spans(store(request).conn, article_id)
    return article


@router.get("/search", response_model=schemas.SearchResult,
            summary="Full-text search (SQLite FTS5) over article titles and text; every term must match")
def search(
    request: Request,
    q: Annotated[str, Query(min_length=1, max_length=MAX_QUERY)],
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
) -> dict[str, Any]:
    return {"results": store(request).search(q, limit)}


@router.get("/stats", response_model=schemas.Stats, summary="Counts of everything stored")
def stats(request: Request) -> dict[str, Any]:
    return store(request).stats()


# --- exports ------------------------------------------------------------------------------------

@router.get(
    "/export/{fmt}",
    summary="Export the matching incidents",
    description="One row (or node) per incident, filtered as `/api/events`: " + "; ".join(
        f"{name} ({what})" for name, (_, _, what) in FORMATS.items()) + ".",
    responses={200: {"content": {v[0].split(";")[0]: {} for v in FORMATS.values()}}},
)
def export(request: Request, fmt: str, query: Filters) -> Response:
    if fmt not in FORMATS:
        raise ApiError(404, f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    conn = store(request).conn
    check_query(conn, query)
    media, suffix, _ = FORMATS[fmt]
    where, params = query.where()
    buf = io.StringIO(newline="")
    if fmt in GRAPH_FORMATS:
        write_graph(fmt, buf, incident_graph(conn, where, params, query.active))
    else:
        write(fmt, buf, iter_incidents(conn, where, params, articles=True))
    headers = {"Content-Disposition": f'attachment; filename="tacitus-incidents.{suffix}"'}
    return Response(buf.getvalue(), media_type=media, headers=headers)


# --- ingest (write) -------------------------------------------------------------------------------


def _published(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ApiError(422, f"published: {value!r} is not a date in YYYY-MM-DD form") from None


def _accepted(job: Any) -> JSONResponse:
    if job is None:
        raise ApiError(429, "too many ingest jobs waiting; try again when they are done")
    return JSONResponse(job.to_dict(), status_code=202, headers={"Location": f"/api/jobs/{job.id}"})


@router.post("/ingest/text", status_code=202, response_model=schemas.Job, dependencies=[Depends(require_token)],
             summary="Ingest a pasted text or HTML (needs the token); poll the job it returns")
def ingest_text(request: Request, body: schemas.TextIngest) -> JSONResponse:
    max_bytes = request.app.state.config.max_bytes
    if len(body.text.encode("utf-8")) > max_bytes:
        raise ApiError(413, f"text larger than the {max_bytes} byte limit")
    jobs = request.app.state.jobs
    return _accepted(jobs.submit_text(store(request), body.text, _published(body.published), body.url or None))


@router.post("/ingest/file", status_code=202, response_model=schemas.Job, dependencies=[Depends(require_token)],
             summary="Ingest an uploaded file: .html .htm .txt .json .jsonl (needs the token)")
async def ingest_file(
    request: Request,
    file: Annotated[UploadFile, File(description="the article file")],
    published: Annotated[str | None, Form(pattern=r"^(\d{4}-\d{2}-\d{2})?$")] = None,
    url: Annotated[str | None, Form(max_length=2000)] = None,
) -> JSONResponse:
    name = file.filename or "upload.txt"
    if not supported(name):
        raise ApiError(415, f"{name}: unsupported file type (use .html .htm .txt .json .jsonl)")
    max_bytes = request.app.state.config.max_bytes
    data = await file.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ApiError(413, f"{name}: larger than the {max_bytes} byte limit")
    return _accepted(request.app.state.jobs.submit_file(store(request), name, data, _published(published),
                                                        url or None))


@router.get("/jobs/{job_id}", response_model=schemas.Job, summary="An ingest job's progress and result")
def get_job(request: Request, job_id: str) -> dict[str, Any]:
    job = request.app.state.jobs.get(store(request), job_id)
    if job is None:
        raise ApiError(404, f"no ingest job {job_id!r}")
    return job.to_dict()
