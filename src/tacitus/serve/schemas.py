"""Response and request models: they document the API in OpenAPI. Fields the store adds
later pass through (``extra="allow"``) rather than being dropped."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class Evidence(Open):
    article: str
    sentence: int | None = None
    start: int | None = Field(None, description="character offset in the article's clean text")
    end: int | None = None
    text: str | None = Field(None, description="the whole sentence")
    field: str | None = Field(None, description="which field it supports: killed, date, place ...")


class EventRow(Open):
    """One row of a list: the fields a table or a marker needs, no evidence."""

    id: int
    type: str | None = Field(None, description="GTD attack type; null where GTD codes none (a protest, a riot)")
    acled_event_type: str | None = Field(None, description="ACLED event type: Battles, Explosions/Remote violence, ...")
    acled_sub_event_type: str | None = None
    date: str | None = None
    date_end: str | None = None
    date_precision: str | None = None
    country: str | None = None
    admin1: str | None = None
    place: str | None = None
    place_precision: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    killed_min: int | None = None
    killed_max: int | None = None
    injured_min: int | None = None
    injured_max: int | None = None
    perpetrators: list[str] = []
    claimed_by: list[str] = []
    suspects: list[str] = []
    aggregate: bool = False
    summary: str | None = None
    sources: list[str] = []
    confidence: float | None = None


class Event(EventRow):
    targets: list[Any] = []
    victims: list[Any] = []
    weapons: list[Any] = []
    evidence: list[Evidence] = []
    disorder_type: str | None = None
    actor1: str | None = None
    assoc_actor1: list[str] = []
    actor2: str | None = None
    assoc_actor2: list[str] = []
    inter1: str | None = Field(None, description="ACLED actor category of actor1: State forces, Rebel group, ...")
    inter2: str | None = None
    interaction: str | None = None
    admin2: str | None = None
    geo_precision: int | None = Field(None, description="ACLED: 1 the place itself, 2 near it or part of a region, 3 larger")


class EventList(BaseModel):
    total: int = Field(description="events matching the filters")
    limit: int
    offset: int
    next_offset: int | None = Field(None, description="offset of the next page; null on the last")
    events: list[EventRow]


class IncidentRow(EventRow):
    """A row of the list: an incident (its id stable across re-runs) with its member reports
    and the tolls by source; with ``reports=true``, a report with the ``incident`` it is in."""

    events: list[int] = Field(default_factory=list, description="the ids of its reports (one per article)")
    reports: list[dict[str, Any]] = Field(default_factory=list, description="each report's own date, place, tolls")
    killed: dict[str, Any] | None = Field(None, description="low, best, high, latest, conservative, per_source")
    injured: dict[str, Any] | None = None
    incident: int | None = Field(None, description="a report's incident (reports=true)")


class IncidentList(EventList):
    total: int = Field(description="incidents (or reports) matching the filters")
    unit: str = Field("incidents", description="what a row is: incidents, or reports (reports=true)")
    events: list[IncidentRow]


class ArticleRef(Open):
    id: str
    title: str | None = None
    url: str | None = None
    publisher: str | None = None
    published: str | None = None


class Relation(Open):
    id: int
    article: str
    source: str
    source_key: str
    type: str
    target: str
    target_kind: str
    target_key: Any = None
    description: str | None = None
    confidence: float | None = None
    evidence: list[Evidence] = []


class Claim(Open):
    id: int
    article: str
    speaker: str
    speaker_key: str | None = None
    speaker_name: str | None = None
    verb: str | None = None
    text: str
    start: int | None = None
    end: int | None = None
    is_responsibility: bool = False
    event: int | None = None
    confidence: float | None = None
    evidence: list[Evidence] = []


class Figure(Evidence):
    quote: str | None = Field(None, description="the exact span of text")


class EventDetail(Event):
    articles: list[ArticleRef] = []
    claims: list[Claim] = []
    relations: list[Relation] = []
    figures: dict[str, dict[str, list[Figure]]] = Field(
        default_factory=dict, description="article id -> field -> the spans that article gives"
    )
    related: list[Event] = Field(default_factory=list, description=(
        "other reports of the same incident: the incident's other events when reports are resolved "
        "across articles, else events of the same type, country and date"))
    incident: dict[str, Any] | None = Field(None, description="the incident the event belongs to, if resolved")


class Actor(Open):
    key: str
    name: str
    kind: str | None = None
    role: str | None = None
    organisation: str | None = None
    country: str | None = None
    aliases: list[str] = []
    articles: list[str] = []
    event_count: int = 0


class ActorList(BaseModel):
    actors: list[Actor]


class ActorDetail(Actor):
    relations_out: list[Relation] = []
    relations_in: list[Relation] = []
    events: list[Event] = []
    claims: list[Claim] = []


class RelationList(BaseModel):
    relations: list[Relation]


class ClaimList(BaseModel):
    claims: list[Claim]


class ArticleSummary(ArticleRef):
    n_events: int = 0


class ArticleList(BaseModel):
    articles: list[ArticleSummary]


class Span(Open):
    id: int
    owner_type: str
    owner_id: str
    field: str | None = None
    sentence: int | None = None
    start: int
    end: int


class ArticleDetail(ArticleSummary):
    text: str
    paragraphs: list[dict[str, Any]] = []
    byline: str | None = None
    language: str | None = None
    source: str | None = None
    metadata: dict[str, Any] = {}
    removed: list[str] = []
    ingested_at: str | None = None
    events: list[Event] = []
    claims: list[Claim] = []
    relations: list[Relation] = []
    spans: list[Span] = Field(default_factory=list, description="every evidence span, for highlighting")


class SearchHit(ArticleRef):
    snippet: str | None = None


class SearchResult(BaseModel):
    results: list[SearchHit]


class Bucket(BaseModel):
    start: str
    end: str
    total: int
    counts: dict[str, int]
    events: list[int]


class Timeline(BaseModel):
    interval: str
    types: list[str]
    buckets: list[Bucket]
    imprecise: int = Field(description="events dated only to the month, year or a range")
    imprecise_by_type: dict[str, int]
    undated: int


class Node(Open):
    key: str
    name: str
    kind: str | None = None
    event_count: int = 0


class Edge(BaseModel):
    source: str
    target: str
    type: str = Field(description="a relation type, or same_event for actors named on one event")
    count: int
    refs: list[dict[str, Any]]


class Network(BaseModel):
    nodes: list[Node]
    edges: list[Edge]


class TextIngest(BaseModel):
    text: str = Field(min_length=1, description="article text or HTML")
    published: str | None = Field(None, pattern=r"^\d{4}-\d{2}-\d{2}$", description="YYYY-MM-DD")
    url: str | None = Field(None, max_length=2000)


class Job(BaseModel):
    id: str
    source: str
    state: str = Field(description="queued | running | done | failed")
    lane: str | None = Field(None, description="small (a thread) or large (a child process)")
    attempts: int = Field(0, description="times the job was started (an interrupted job is resumed)")
    total: int | None = Field(None, description="documents found in the input")
    done: int = Field(description="documents extracted and stored, or rejected, so far")
    stored: list[str] = Field(description="ids of the articles stored")
    duplicates: list[str]
    rejected: list[dict[str, str]]
    events: int
    error: str | None = None
    elapsed: float


class Stats(Open):
    articles: int
    events: int
    actors: int
