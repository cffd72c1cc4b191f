"""Graph exports over the dicts of ``resolve.incidents.incident_graph`` (or ``store.web.graph``):
GraphML (for Gephi, yEd, networkx) and FollowTheMoney entities as JSON lines (for Aleph: ``ftm import`` / ``alephclient
write-entities``). Pure functions: dicts in, text out.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from .tables import gtd_event_type

# Characters XML 1.0 forbids (C0 controls but tab, newline, carriage return; surrogates...)
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")

# --- GraphML -----------------------------------------------------------------------------------

# (key id, applies to, attribute name, GraphML type)
GRAPHML_KEYS: tuple[tuple[str, str, str, str], ...] = (
    ("n_label", "node", "label", "string"),
    ("n_node_type", "node", "node_type", "string"),  # actor | incident
    ("n_kind", "node", "kind", "string"),
    ("n_role", "node", "role", "string"),
    ("n_organisation", "node", "organisation", "string"),
    ("n_country", "node", "country", "string"),
    ("n_event_count", "node", "event_count", "int"),
    ("n_event_type", "node", "event_type", "string"),
    ("n_date", "node", "date", "string"),
    ("n_place", "node", "place", "string"),
    ("n_latitude", "node", "latitude", "double"),
    ("n_longitude", "node", "longitude", "double"),
    ("n_killed_min", "node", "killed_min", "int"),
    ("n_killed_max", "node", "killed_max", "int"),
    ("n_injured_min", "node", "injured_min", "int"),
    ("n_injured_max", "node", "injured_max", "int"),
    ("n_sources", "node", "sources", "string"),
    ("n_reports", "node", "reports", "int"),
    ("e_type", "edge", "type", "string"),
    ("e_description", "edge", "description", "string"),
    ("e_confidence", "edge", "confidence", "double"),
    ("e_article", "edge", "article", "string"),
)
_KEY_BY_NAME = {(applies, name): key for key, applies, name, _ in GRAPHML_KEYS}


def _xml_text(value: Any) -> str:
    return escape(_XML_ILLEGAL.sub("", str(value)))


def _data(applies: str, values: dict[str, Any]) -> list[str]:
    out = []
    for name, value in values.items():
        if value is None or value == "":
            continue
        if isinstance(value, (list, tuple)):
            value = "; ".join(str(v) for v in value)
        out.append(f'      <data key="{_KEY_BY_NAME[(applies, name)]}">{_xml_text(value)}</data>')
    return out


def _attr(value: str) -> str:
    return quoteattr(_XML_ILLEGAL.sub("", value))


def event_node_id(incident_id: int) -> str:
    return f"incident:{incident_id}"


def actor_node_id(key: str) -> str:
    return f"actor:{key}"


def to_graphml(graph: dict[str, Any]) -> str:
    """A directed GraphML document: actor and incident nodes; edges from actors to the incidents
    they are named on (type perpetrator / claimed_by / suspect) and for each relation."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
        ' xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns'
        ' http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
    ]
    for key, applies, name, kind in GRAPHML_KEYS:
        lines.append(f'  <key id="{key}" for="{applies}" attr.name="{name}" attr.type="{kind}"/>')
    lines.append('  <graph id="tacitus" edgedefault="directed">')
    nodes: set[str] = set()
    for a in graph["actors"]:
        nid = actor_node_id(a["key"])
        nodes.add(nid)
        lines.append(f"    <node id={_attr(nid)}>")
        lines += _data("node", {"label": a["name"], "node_type": "actor", "kind": a.get("kind"),
                                "role": a.get("role"), "organisation": a.get("organisation"),
                                "country": a.get("country"), "event_count": a.get("event_count")})
        lines.append("    </node>")
    for e in graph["events"]:
        nid = event_node_id(e["id"])
        nodes.add(nid)
        lines.append(f"    <node id={_attr(nid)}>")
        lines += _data("node", {"label": event_label(e), "node_type": "incident", "event_type": e["type"],
                                "date": e.get("date"), "country": e.get("country"), "place": e.get("place"),
                                "latitude": e.get("latitude"), "longitude": e.get("longitude"),
                                "killed_min": e.get("killed_min"), "killed_max": e.get("killed_max"),
                                "injured_min": e.get("injured_min"), "injured_max": e.get("injured_max"),
                                "sources": e.get("sources"), "reports": len(e.get("events") or [])})
        lines.append("    </node>")
    n = 0

    def edge(source: str, target: str, values: dict[str, Any]) -> None:
        nonlocal n
        if source not in nodes or target not in nodes:
            return
        n += 1
        lines.append(f'    <edge id="e{n}" source={_attr(source)} target={_attr(target)}>')
        lines.extend(_data("edge", values))
        lines.append("    </edge>")

    for link in graph["links"]:
        edge(actor_node_id(link["actor_key"]), event_node_id(link["event_id"]), {"type": link["role"]})
    for r in graph["relations"]:
        if r["target_kind"] == "actor":
            target = actor_node_id(str(r["target_key"]))
        elif r["target_kind"] == "event":
            target = event_node_id(int(r["target_key"]))
        else:
            continue  # places and free text are not nodes
        edge(actor_node_id(r["source_key"]), target, {"type": r["type"], "description": r.get("description"),
                                                      "confidence": r.get("confidence"), "article": r["article"]})
    lines += ["  </graph>", "</graphml>", ""]
    return "\n".join(lines)


def event_label(e: dict[str, Any]) -> str:
    where = e.get("place") or e.get("country") or "unknown place"
    when = e.get("date") or "undated"
    return f"{gtd_event_type(e.get('type'))} in {where}, {when}"


# --- FollowTheMoney ------------------------------------------------------------------------------

# actor kind -> FtM schema. Membership.organization takes an Organization (PublicBody is one).
FTM_SCHEMA_BY_KIND = {
    "person": "Person",
    "armed_group": "Organization",
    "organisation": "Organization",
    "state_force": "PublicBody",
    "government": "PublicBody",
}
FTM_ORGANIZATIONS = {"Organization", "PublicBody"}
MEMBERSHIP_RELATIONS = {"member_of", "affiliate_of"}
ID_PREFIX = "tacitus"


def ftm_id(kind: str, key: Any) -> str:
    """Stable entity ids: ``tacitus-incident-12`` (an incident's id never changes); actor keys
    and article ids are hashed, as they may hold any character."""
    if kind == "event":
        return f"{ID_PREFIX}-incident-{int(key)}"
    return f"{ID_PREFIX}-{kind}-{hashlib.sha1(str(key).encode('utf-8')).hexdigest()[:20]}"


def _web_url(url: str | None) -> str | None:
    return url if url and re.match(r"^https?://", url, re.IGNORECASE) else None


def _props(**values: Any) -> dict[str, list[str]]:
    """FtM properties are lists of strings; empty values are left out."""
    out: dict[str, list[str]] = {}
    for name, value in values.items():
        items = value if isinstance(value, (list, tuple)) else [value]
        strings = [str(v) for v in items if v not in (None, "")]
        if strings:
            out[name] = list(dict.fromkeys(strings))
    return out


def _country_code(name: str | None) -> str | None:
    if not name:
        return None
    if len(name) == 2 and name.isalpha():  # actors keep ISO codes already
        return name.lower()
    try:
        from ..geo import country_by_name

        place = country_by_name(name)
    except Exception:  # the gazetteer is optional for an export  # noqa: BLE001
        return None
    return place.country_code.lower() if place else None


def _language(code: str | None) -> str | None:
    """FtM languages are ISO 639 three-letter codes ("eng"); articles store "en"."""
    if not code:
        return None
    import pycountry

    lang = pycountry.languages.get(alpha_2=code.lower()) if len(code) == 2 else None
    return getattr(lang, "alpha_3", None)


def _entity(id: str, schema: str, properties: dict[str, list[str]]) -> dict[str, Any]:
    return {"id": id, "schema": schema, "properties": properties}


def to_ftm(graph: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """FollowTheMoney entities: an ``Article`` per source, a ``Person`` / ``Organization``
    / ``PublicBody`` / ``LegalEntity`` per actor, an ``Event`` per incident (organizer: the
    perpetrators; involved: every actor named on it), a ``Membership`` for member_of /
    affiliate_of relations and an ``UnknownLink`` (role: the relation type) for the others
    between actors and events. Relations to places or free text have no entity; they are
    kept in the actor's notes."""
    countries: dict[str, str | None] = {}

    def country(name: str | None) -> str | None:
        if name not in countries:
            countries[name] = _country_code(name)
        return countries[name]

    article_urls = {a["id"]: _web_url(a.get("url")) for a in graph["articles"]}
    for a in graph["articles"]:
        yield _entity(ftm_id("article", a["id"]), "Article", _props(
            title=a.get("title") or a["id"], publishedAt=a.get("published"), sourceUrl=article_urls[a["id"]],
            publisher=a.get("publisher"), language=_language(a.get("language")),
        ))
    schemas: dict[str, str] = {}
    other_targets: dict[str, list[str]] = {}
    for r in graph["relations"]:
        if r["target_kind"] not in ("actor", "event"):
            other_targets.setdefault(r["source_key"], []).append(f"{r['type']}: {r['target']}")
    for a in graph["actors"]:
        schema = FTM_SCHEMA_BY_KIND.get(a.get("kind") or "", "LegalEntity")
        schemas[a["key"]] = schema
        props = _props(
            name=a["name"],
            alias=[x for x in a.get("aliases") or [] if x != a["name"]],
            country=country(a.get("country")),
            notes=other_targets.get(a["key"]),
            proof=[ftm_id("article", x) for x in a.get("articles") or [] if x in article_urls],
        )
        if schema == "Person":
            props.update(_props(position=a.get("role")))
        elif a.get("role"):
            props.update(_props(summary=a.get("role")))
        yield _entity(ftm_id("actor", a["key"]), schema, props)
    perpetrators: dict[int, list[str]] = {}
    involved: dict[int, list[str]] = {}
    for link in graph["links"]:
        if link["actor_key"] not in schemas:
            continue
        aid = ftm_id("actor", link["actor_key"])
        involved.setdefault(link["event_id"], []).append(aid)
        if link["role"] == "perpetrator":
            perpetrators.setdefault(link["event_id"], []).append(aid)
    for e in graph["events"]:
        ranged = bool(e.get("date_end"))
        figures = []
        for what in ("killed", "injured"):
            lo, hi = e.get(f"{what}_min"), e.get(f"{what}_max")
            if lo is not None or hi is not None:
                figures.append(f"{what}: {lo if lo is not None else '?'}" + (
                    "" if hi == lo else f"-{hi}" if hi is not None else "+"))
        yield _entity(ftm_id("event", e["id"]), "Event", _props(
            name=event_label(e),
            summary=e.get("summary"),
            description="; ".join(figures) or None,
            date=None if ranged else e.get("date"),
            startDate=e.get("date") if ranged else None,
            endDate=e.get("date_end"),
            country=country(e.get("country")),
            location=e.get("place"),
            organizer=perpetrators.get(e["id"]),
            involved=involved.get(e["id"]),
            keywords=[e["type"], *(e.get("weapons") or [])],
            sourceUrl=[article_urls.get(s) for s in e.get("sources") or []],
            proof=[ftm_id("article", s) for s in e.get("sources") or [] if s in article_urls],
            recordId=str(e["id"]),
        ))
    event_ids = {e["id"] for e in graph["events"]}
    for r in graph["relations"]:
        source = r["source_key"]
        if source not in schemas:
            continue
        if r["target_kind"] == "actor" and r["target_key"] in schemas:
            target_id, target_schema = ftm_id("actor", r["target_key"]), schemas[r["target_key"]]
        elif r["target_kind"] == "event" and r["target_key"] in event_ids:
            target_id, target_schema = ftm_id("event", r["target_key"]), "Event"
        else:
            continue
        common = dict(role=r["type"], summary=r.get("description"), recordId=str(r["id"]),
                      proof=ftm_id("article", r["article"]) if r["article"] in article_urls else None)
        if r["type"] in MEMBERSHIP_RELATIONS and target_schema in FTM_ORGANIZATIONS:
            yield _entity(ftm_id("relation", r["id"]), "Membership",
                          _props(member=ftm_id("actor", source), organization=target_id, **common))
        else:
            yield _entity(ftm_id("relation", r["id"]), "UnknownLink",
                          _props(subject=ftm_id("actor", source), object=target_id, **common))


def to_ftm_lines(graph: dict[str, Any]) -> Iterator[str]:
    for entity in to_ftm(graph):
        yield json.dumps(entity, ensure_ascii=False, separators=(",", ":")) + "\n"
