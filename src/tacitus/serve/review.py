"""The analyst's review loop over HTTP: merge candidates and low-confidence facts to read,
and token-protected writes (confirm, reject, correct, merge, split, rate) that call
``tacitus.resolve.review`` exactly as ``tacitus review`` does. Every write records ``who``
(a JSON or form field; "web" when absent) and returns the object it changed."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, Field, ValidationError

from ..resolve import review as ops
from ..store import resolution as resdb
from ..store import web
from ..store.values import MAX_ID
from .api import EventId, event_detail
from .app import store
from .errors import ERROR_RESPONSES, ApiError
from .security import require_token

router = APIRouter(prefix="/api", responses=ERROR_RESPONSES, tags=["review"])
pages = APIRouter(include_in_schema=False)

WHO = "web"  # recorded when a request names no analyst
Who = Field(WHO, min_length=1, max_length=100, description="the analyst recorded with the change")


# --- request bodies ----------------------------------------------------------------------------


class ByAnalyst(BaseModel):
    who: str = Who


class CandidateAction(ByAnalyst):
    candidate: int = Field(..., ge=1, le=MAX_ID, description="merge candidate id (from /api/review/candidates)")


class Correction(ByAnalyst):
    event: int = Field(..., ge=1, le=MAX_ID)
    field: str = Field(..., min_length=1, max_length=40, description=f"one of {', '.join(ops.FIELDS)}")
    value: Any = Field(None, description='the new value; lists as a JSON list or "a; b"; null or "" clears')


class EventsMerge(ByAnalyst):
    events: list[Annotated[int, Field(ge=1, le=MAX_ID)]] = Field(..., min_length=2, max_length=100,
                                                                 description="the first one's incident is kept")


class EventSplit(ByAnalyst):
    event: int = Field(..., ge=1, le=MAX_ID)


class ClaimRating(ByAnalyst):
    claim: int = Field(..., ge=1, le=MAX_ID)
    reliability: str = Field(..., pattern="^[A-Fa-f]$", description="Admiralty source reliability A-F")
    credibility: int = Field(..., ge=1, le=6, description="Admiralty information credibility 1-6")
    note: str | None = Field(None, max_length=1000)


M = TypeVar("M", bound=BaseModel)


def body(model: type[M]) -> Callable[[Request], Awaitable[M]]:
    """A dependency reading ``model`` from a JSON body or from form fields (an HTML form
    posting without JavaScript). Listed after ``require_token``, so a request without the
    token is refused before its body is looked at."""

    async def parse(request: Request) -> M:
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        try:
            if kind in ("application/x-www-form-urlencoded", "multipart/form-data"):
                form = await request.form()
                data: Any = {k: (form.getlist(k) if k == "events" else v) for k, v in form.items()}
            else:
                data = await request.json()
        except (ValueError, RecursionError):
            raise ApiError(422, "invalid request: the body is not valid JSON (or nests too deep)") from None
        if not isinstance(data, dict):
            raise ApiError(422, "invalid request: expected a JSON object")
        data = {k: v for k, v in data.items() if not (k == "who" and v in (None, ""))}
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            parts = [f"{'.'.join(str(x) for x in e['loc']) or 'body'}: {e['msg']}" for e in exc.errors()[:5]]
            raise ApiError(422, "invalid request: " + "; ".join(parts)) from None

    return parse


def _openapi_body(model: type[BaseModel]) -> dict[str, Any]:
    schema = model.model_json_schema()
    return {"requestBody": {"required": True, "content": {
        "application/json": {"schema": schema}, "application/x-www-form-urlencoded": {"schema": schema}}}}


def _write(path: str, model: type[BaseModel], summary: str) -> Callable[[Callable[..., Any]], Any]:
    return router.post(path, dependencies=[Depends(require_token)], summary=summary + " (needs the token)",
                       openapi_extra=_openapi_body(model))


def _failed(exc: ops.ReviewError) -> ApiError:
    """A review error: 404 when it names something missing, 422 for an invalid value."""
    msg = str(exc)
    missing = msg.startswith(("no event", "no merge candidate", "no claim"))
    return ApiError(404 if missing else 422, msg)


# --- reading -------------------------------------------------------------------------------------


def event_summary(conn: Any, event_id: int) -> dict[str, Any] | None:
    found = web.events_by_id(conn, [event_id])
    return found[0] if found else None


def candidates(request: Request, limit: int | None = 100) -> list[dict[str, Any]]:
    """Merge candidates, best first, each with its two events as in /api/events."""
    s = store(request)
    out = []
    for c in s.merge_candidates(limit):
        out.append({"id": c["id"], "score": c["score"], "features": c["features"], "at": c["at"],
                    "left": event_summary(s.conn, c["left_event"]), "right": event_summary(s.conn, c["right_event"]),
                    "left_incident": c["left_incident"], "right_incident": c["right_incident"]})
    return out


@router.get("/review/candidates", summary="Merge candidates to confirm or reject, best first")
def get_candidates(request: Request, limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> dict[str, Any]:
    return {"candidates": candidates(request, limit)}


@router.get("/review/facts", summary="Low-confidence facts worth a second look")
def get_facts(
    request: Request,
    threshold: Annotated[float, Query(ge=0, le=1)] = ops.LOW_CONFIDENCE,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> dict[str, Any]:
    return {"facts": ops.low_confidence(store(request), threshold, limit)}


def event_history(request: Request, event_id: int) -> list[dict[str, Any]]:
    try:
        return ops.history(store(request), event_id)
    except ops.ReviewError as exc:
        raise _failed(exc) from None


@router.get("/events/{event_id}/history",
            summary="Every recorded change to an event, its incident and the incident's other events")
def get_history(request: Request, event_id: EventId) -> dict[str, Any]:
    return {"event": event_id, "history": event_history(request, event_id)}


# --- writing -------------------------------------------------------------------------------------


def _incident(request: Request, incident_id: int | None) -> dict[str, Any] | None:
    return store(request).incident(incident_id) if incident_id is not None else None


@_write("/review/confirm", CandidateAction, "Confirm a merge candidate: its two events become one incident")
def confirm(request: Request, b: Annotated[CandidateAction, Depends(body(CandidateAction))]) -> dict[str, Any]:
    try:
        incident = ops.confirm(store(request), b.candidate, b.who)
    except ops.ReviewError as exc:
        raise _failed(exc) from None
    return {"ok": True, "who": b.who, "incident": _incident(request, incident)}


@_write("/review/reject", CandidateAction, "Reject a merge candidate; the pair is never proposed again")
def reject(request: Request, b: Annotated[CandidateAction, Depends(body(CandidateAction))]) -> dict[str, Any]:
    s = store(request)
    cand = resdb.candidate(s.conn, b.candidate)
    if cand is None:
        raise ApiError(404, f"no merge candidate {b.candidate}")
    try:
        ops.reject(s, b.candidate, b.who)
    except ops.ReviewError as exc:
        raise _failed(exc) from None
    pair = [cand["left_event"], cand["right_event"]]
    return {"ok": True, "who": b.who, "candidate": b.candidate,
            "events": [event_summary(s.conn, e) for e in pair],
            "incidents": [_incident(request, s.incident_of(e)) for e in pair]}


@_write("/review/correct", Correction, "Correct one field of an event; kept across re-extraction")
def correct(request: Request, b: Annotated[Correction, Depends(body(Correction))]) -> dict[str, Any]:
    try:
        value = ops.correct(store(request), b.event, b.field, b.value, b.who)
    except ops.ReviewError as exc:
        raise _failed(exc) from None
    return {"ok": True, "who": b.who, "field": b.field, "value": value, "event": event_detail(request, b.event)}


@_write("/review/merge-events", EventsMerge, "Merge the incidents of two or more events into the first one's")
def merge_events(request: Request, b: Annotated[EventsMerge, Depends(body(EventsMerge))]) -> dict[str, Any]:
    if len(set(b.events)) < 2:
        raise ApiError(422, "merge needs two different events or more")
    try:
        incident = ops.merge_events(store(request), list(dict.fromkeys(b.events)), b.who)
    except ops.ReviewError as exc:
        raise _failed(exc) from None
    return {"ok": True, "who": b.who, "incident": _incident(request, incident)}


@_write("/review/split-event", EventSplit, "Take an event out of its incident into a new one")
def split_event(request: Request, b: Annotated[EventSplit, Depends(body(EventSplit))]) -> dict[str, Any]:
    try:
        incident = ops.split_event(store(request), b.event, b.who)
    except ops.ReviewError as exc:
        raise _failed(exc) from None
    return {"ok": True, "who": b.who, "incident": _incident(request, incident),
            "event": event_detail(request, b.event)}


@_write("/review/rate-claim", ClaimRating, "Rate a claim on the Admiralty scale (source A-F, information 1-6)")
def rate_claim(request: Request, b: Annotated[ClaimRating, Depends(body(ClaimRating))]) -> dict[str, Any]:
    s = store(request)
    try:
        ops.rate_claim(s, b.claim, b.reliability, b.credibility, b.who, b.note)
    except ops.ReviewError as exc:
        raise _failed(exc) from None
    row = s.conn.execute('SELECT id, article_id, event_id, speaker, text FROM claims WHERE id = ?',
                         (b.claim,)).fetchone()
    claim = {"id": row[0], "article": row[1], "event": row[2], "speaker": row[3], "text": row[4],
             "rating": s.claim_ratings().get(b.claim)}
    return {"ok": True, "who": b.who, "claim": claim}


# --- the review page -----------------------------------------------------------------------------


@pages.get("/review", response_class=HTMLResponse)
def review_page(request: Request) -> HTMLResponse:
    from .pages import render

    return render("review.html", page="review", candidates=candidates(request, 200),
                  facts=ops.low_confidence(store(request), limit=200),
                  writes=bool(request.app.state.config.token))
