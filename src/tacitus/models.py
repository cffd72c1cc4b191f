"""Typed records passed between pipeline stages.

Every stage takes and returns these frozen dataclasses; spaCy objects never leave
``annotate``/``extract``. Offsets (``start``/``end``) are character offsets into
``Article.text``, the cleaned text of the article.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from datetime import date
from typing import Any, Literal

from .taxonomy import taxonomy

# --- vocabularies shared by stages -------------------------------------------------

# GTD attack types, in GTD's hierarchy (tacitus/taxonomy/gtd); an event GTD would not code
# (a protest, a riot) has type None
EVENT_TYPES: tuple[str, ...] = tuple(
    g.key for g in sorted(taxonomy().gtd_types.values(), key=lambda g: g.priority))
DATE_PRECISIONS: tuple[str, ...] = ("day", "month", "year", "range", "unknown")
# venue: a building or site; town: a populated place; district and province: the second and
# first administrative levels; country. (Older records say "city" for town, "region" for province.)
PLACE_PRECISIONS: tuple[str, ...] = ("venue", "town", "district", "province", "country", "unknown")
LEGACY_PLACE_PRECISIONS = {"city": "town", "region": "province"}
# ACLED's actor categories (inter1/inter2)
ACTOR_CATEGORIES: tuple[str, ...] = (
    "State forces", "Rebel group", "Political militia", "Identity militia", "Rioters",
    "Protesters", "Civilians", "External/Other forces",
)
ACTOR_KINDS: tuple[str, ...] = (
    "armed_group",
    "state_force",
    "government",
    "person",
    "organisation",
    "descriptor",  # nationality / ethnic group used to describe people ("four Tajik men")
)
RELATION_TYPES: tuple[str, ...] = (
    "affiliate_of",
    "member_of",
    "based_in",
    "operates_in",
    "targets",
    "claims_responsibility_for",
    "suspected_of",
    "blames",
    "allied_with",
    "opposes",
)

ParagraphKind = Literal["headline", "standfirst", "body", "caption"]


# --- ingest --------------------------------------------------------------------------


@dataclass(frozen=True)
class Document:
    """Raw input as read from disk, stdin or a JSON record: bytes plus what we know."""

    source: str  # path, "-" or "path#line" for JSON lines records
    data: bytes
    content_hash: str  # sha256 of data, hex
    media_type: Literal["html", "text"]
    url: str | None = None
    title: str | None = None
    published: date | None = None


@dataclass(frozen=True)
class Rejection:
    """An input that could not be processed, with a one-line reason and its code
    (``tacitus.errors.Codes``; ``internal`` when it was a bug, not bad input)."""

    source: str
    reason: str
    content_hash: str | None = None
    code: str | None = None
    internal: bool = False

    @property
    def line(self) -> str:
        """``source: [E105] reason``, the line a user sees."""
        return f"{self.source}: [{self.code}] {self.reason}" if self.code else f"{self.source}: {self.reason}"


# --- clean ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Paragraph:
    text: str
    start: int
    end: int
    kind: ParagraphKind = "body"
    credit: str | None = None  # photo credit, for captions ("AP", "AFP")


@dataclass(frozen=True)
class Article:
    """A cleaned article. ``text`` holds every paragraph (headline, standfirst, body and
    captions, in page order) joined by blank lines; each ``Paragraph`` knows its offsets
    and kind, so captions stay apart from the body while still being citable."""

    id: str
    text: str
    paragraphs: tuple[Paragraph, ...]
    title: str | None = None
    published: date | None = None
    url: str | None = None
    publisher: str | None = None
    byline: str | None = None
    language: str | None = "en"
    source: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    removed: tuple[str, ...] = ()  # furniture lines dropped by the cleaner

    def paragraphs_of(self, *kinds: str) -> tuple[Paragraph, ...]:
        return tuple(p for p in self.paragraphs if p.kind in kinds)

    @property
    def body(self) -> str:
        return "\n\n".join(p.text for p in self.paragraphs_of("body"))

    @property
    def captions(self) -> tuple[Paragraph, ...]:
        return self.paragraphs_of("caption")


# --- extract -------------------------------------------------------------------------


@dataclass(frozen=True)
class Evidence:
    """Where a fact stands: a span of ``Article.text`` inside sentence ``sentence``."""

    article_id: str
    sentence: int
    start: int
    end: int
    text: str
    field: str | None = None  # which field of the record this supports ("killed", "date", ...)


@dataclass(frozen=True)
class ActorMention:
    """An actor as an article names it, resolved to a canonical name when possible."""

    key: str  # stable id: gazetteer id ("islamic-state") or a slug of the canonical name
    name: str  # canonical name
    kind: str  # one of ACTOR_KINDS
    surface: tuple[str, ...]  # every surface form seen
    role: str | None = None  # for people: "director of research"
    organisation: str | None = None  # for people: "The Khorasan Diary"
    country: str | None = None
    evidence: tuple[Evidence, ...] = ()
    confidence: float = 0.5
    category: str | None = None  # one of ACTOR_CATEGORIES, where one applies


@dataclass(frozen=True)
class Event:
    key: str  # article-local key, e.g. "e1"
    type: str | None  # GTD attack type (EVENT_TYPES); None where GTD has none
    date: str | None = None  # ISO date, "YYYY-MM" or "YYYY" as precise as known
    date_end: str | None = None  # for ranges
    date_precision: str = "unknown"
    country: str | None = None
    place: str | None = None
    place_precision: str = "unknown"
    latitude: float | None = None
    longitude: float | None = None
    killed_min: int | None = None
    killed_max: int | None = None
    injured_min: int | None = None
    injured_max: int | None = None
    perpetrators: tuple[str, ...] = ()  # actor keys
    claimed_by: tuple[str, ...] = ()
    suspects: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()  # physical or institutional targets (free text)
    victims: tuple[str, ...] = ()  # human victims (free text)
    weapons: tuple[str, ...] = ()
    aggregate: bool = False  # a country-level summary of several attacks ("attacks in four countries")
    summary: str | None = None
    evidence: tuple[Evidence, ...] = ()
    confidence: float = 0.5
    # ACLED's coding of the same event (labels as ACLED writes them)
    acled_event_type: str | None = None  # "Battles", "Explosions/Remote violence", ...
    acled_sub_event_type: str | None = None  # "Armed clash", "Air/drone strike", ...
    disorder_type: str | None = None  # "Political violence", "Demonstrations", "Strategic developments"
    actor1: str | None = None  # names: "Military Forces of Nigeria", "Civilians (Nigeria)"
    assoc_actor1: tuple[str, ...] = ()
    actor2: str | None = None
    assoc_actor2: tuple[str, ...] = ()
    inter1: str | None = None  # ACTOR_CATEGORIES
    inter2: str | None = None
    interaction: str | None = None  # "State forces-Rebel group", the two categories in ACLED's order
    admin1: str | None = None  # first-level division ("Borno"), as the text or gazetteer gives it
    admin2: str | None = None  # second-level division ("Jere")
    geo_precision: int | None = None  # ACLED: 1 the place itself, 2 near it or part of a region, 3 larger


@dataclass(frozen=True)
class Relation:
    source: str  # actor key
    type: str  # one of RELATION_TYPES
    target: str  # actor key, event key (claims/suspected_of) or place name (based_in/operates_in)
    target_kind: Literal["actor", "event", "place", "other"] = "actor"
    description: str | None = None
    evidence: tuple[Evidence, ...] = ()
    confidence: float = 0.5


@dataclass(frozen=True)
class Claim:
    speaker: str  # surface text of the speaker ("Turkish prosecutors")
    speaker_key: str | None  # actor key when resolved
    verb: str  # lemma ("say", "blame", "tell")
    text: str  # the claim itself
    start: int  # span of the claim text in Article.text
    end: int
    is_responsibility: bool = False
    event_key: str | None = None
    evidence: tuple[Evidence, ...] = ()
    confidence: float = 0.5


@dataclass(frozen=True)
class Extraction:
    """Everything extracted from one article."""

    article: Article
    events: tuple[Event, ...] = ()
    actors: tuple[ActorMention, ...] = ()
    relations: tuple[Relation, ...] = ()
    claims: tuple[Claim, ...] = ()


def to_dict(obj: Any) -> dict[str, Any]:
    """Plain-dict view of a record (dates as ISO strings), for JSON output."""
    d = asdict(obj)

    def fix(v: Any) -> Any:
        if isinstance(v, date):
            return v.isoformat()
        if isinstance(v, dict):
            return {k: fix(x) for k, x in v.items()}
        if isinstance(v, (list, tuple)):
            return [fix(x) for x in v]
        return v

    return fix(d)


# --- one field list per record ---------------------------------------------------------

EVENT_ROLE_FIELDS: tuple[str, ...] = ("perpetrators", "claimed_by", "suspects")  # actor keys, in event_actors
EVENT_JSON_FIELDS: tuple[str, ...] = ("targets", "victims", "weapons", "assoc_actor1", "assoc_actor2")


def event_columns() -> tuple[str, ...]:
    """The ``events`` table's value columns, in the dataclass's order: every Event field but
    its article-local key, its evidence (a table of its own) and the actor roles."""
    skip = {"key", "evidence", *EVENT_ROLE_FIELDS}
    return tuple(f.name for f in fields(Event) if f.name not in skip)
