"""The data behind the workbench's pictures, and their colours.

* ``/api/map/events``: the lean event layer the map and the timeline both draw from (one URL;
  the page names it in ``data-source``, so a layer of incidents can take its place);
* ``/api/network/view``: the actor network with degrees and the nodes hidden by default;
* ``/taxonomy.css``: the event types' colours as the taxonomy's YAML files give them, so
  legends, markers and bars agree with the data without an inline style.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from ..store import layers
from . import schemas
from .api import Filters
from .app import store
from .errors import ERROR_RESPONSES

router = APIRouter(responses=ERROR_RESPONSES)


class LayerProperties(BaseModel):
    id: int
    type: str | None = Field(None, description="GTD attack type")
    acled: str | None = Field(None, description="ACLED event type key (battles, explosions_remote_violence, ...)")
    date: str | None = None
    date_end: str | None = None
    date_precision: str | None = None
    killed: list[int | None] | None = Field(None, description="[min, max] killed; null when no figure")
    precision: str | None = Field(None, description="what the point is the point of: venue | town | district | "
                                                    "province | country | unknown")
    label: str
    country: str | None = None
    iso3: str | None = Field(None, description="ISO alpha-3 code of the country")
    aggregate: bool = Field(description="a country-level summary of several attacks")
    country_level: bool = Field(description="placed only to its country (drawn as the country, not a point)")


class LayerFeature(BaseModel):
    type: str = "Feature"
    id: int
    geometry: dict[str, Any] | None = Field(description="a Point, or null for an event without coordinates")
    properties: LayerProperties


class Layer(BaseModel):
    type: str = "FeatureCollection"
    features: list[LayerFeature]


class ViewNode(schemas.Node):
    category: str | None = Field(None, description="ACLED actor category: State forces, Rebel group, ...")
    degree: int = Field(description="distinct actors linked to this one")
    hidden: str | None = Field(None, description="why the page hides it by default: descriptor | place")


class ViewEdge(BaseModel):
    source: str
    target: str
    type: str
    count: int


class NetworkView(BaseModel):
    nodes: list[ViewNode]
    edges: list[ViewEdge]


@router.get("/api/map/events", response_model=Layer, summary="Events for the map and timeline (lean GeoJSON)",
            description="One feature per event with only what a marker or a bar shows; evidence, sources and "
            "actors come with `/api/events/{id}`. Same filters as `/api/events`.")
def map_events(request: Request, query: Filters) -> dict[str, Any]:
    return layers.event_layer(store(request).conn, query)


@router.get("/api/network/view", response_model=NetworkView,
            summary="The actor network for drawing: degrees, descriptors and place names marked")
def network_view(request: Request, query: Filters) -> dict[str, Any]:
    return layers.network_view(store(request).conn, query)


@router.get("/taxonomy.css", include_in_schema=False)
def taxonomy_css() -> Response:
    return Response(_taxonomy_css(), media_type="text/css", headers={"Cache-Control": "max-age=3600"})


NO_TYPE = ".a-none { --c: #bbbbbb; background: #bbbbbb; fill: #bbbbbb; }"  # no ACLED type coded


@lru_cache(maxsize=1)
def _taxonomy_css() -> str:
    """``.t-KEY`` for GTD attack types and ``.a-KEY`` for ACLED event types: background
    (swatches, markers) and fill (bars), from the taxonomy's colours."""
    from ..taxonomy import load_taxonomy

    taxonomy = load_taxonomy()
    rules = ["/* generated from tacitus/taxonomy/*.yaml; --c for outlines */", NO_TYPE]
    for prefix, types in (("t", taxonomy.gtd_types), ("a", taxonomy.event_types)):
        for key, t in sorted(types.items()):
            rules.append(f".{prefix}-{key} {{ --c: {t.colour}; background: {t.colour}; fill: {t.colour}; }}")
    return "\n".join(rules) + "\n"
