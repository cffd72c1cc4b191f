"""Exports of the record, one row per incident: ``tables`` (JSON Lines, tacitus's CSV,
GeoJSON), ``acled`` and ``gtd`` (the codebooks' columns, ``codebooks.yaml``), ``graph``
(GraphML, FollowTheMoney). Pure functions: incident dicts in, text out; the store streams the
dicts (``resolve.incidents.iter_incidents``) and builds the graph (``incident_graph``).

``write(fmt, fp, incidents)`` writes a row format a row at a time; ``write_graph(fmt, fp,
graph)`` a graph format. ``FORMATS`` names them all, with the media type and file suffix."""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO, Any

from . import acled, gtd
from .graph import to_ftm_lines, to_graphml
from .tables import (CSV_COLUMNS, GTD_EVENT_TYPES, csv_row, gtd_event_type, iter_geojson, to_csv, to_geojson,
                     to_jsonl, write_csv)

# name -> (media type, file suffix, what it is)
FORMATS: dict[str, tuple[str, str, str]] = {
    "acled": ("text/csv; charset=utf-8", "acled.csv", "ACLED's codebook columns in its order, then evidence columns"),
    "gtd": ("text/csv; charset=utf-8", "gtd.csv", "GTD's codebook columns in its order, then evidence columns"),
    "csv": ("text/csv; charset=utf-8", "csv", "tacitus's columns, close to ACLED's and GTD's"),
    "jsonl": ("application/x-ndjson; charset=utf-8", "jsonl", "one incident per line, every field"),
    "geojson": ("application/geo+json", "geojson", "the incidents with coordinates"),
    "graphml": ("application/graphml+xml; charset=utf-8", "graphml", "actors and incidents as a graph"),
    "ftm": ("application/x-ndjson; charset=utf-8", "ftm.json", "FollowTheMoney entities, for Aleph"),
}
GRAPH_FORMATS = frozenset({"graphml", "ftm"})


def write(fmt: str, fp: IO[str], incidents: Iterable[dict[str, Any]]) -> int:
    """Write ``incidents`` in a row format; returns how many were written. CSV formats want
    ``fp`` opened with ``newline=""``."""
    if fmt == "csv":
        return to_csv(incidents, fp)
    if fmt in ("acled", "gtd"):
        book = acled if fmt == "acled" else gtd
        return write_csv(book.rows(incidents), fp, book.columns())
    n = 0

    def counted(rows: Iterable[dict[str, Any]]) -> Iterable[dict[str, Any]]:
        nonlocal n
        for r in rows:
            n += 1
            yield r

    if fmt == "jsonl":
        fp.writelines(to_jsonl(counted(incidents)))
    elif fmt == "geojson":
        fp.writelines(iter_geojson(counted(incidents)))
    else:
        raise ValueError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    return n


def write_graph(fmt: str, fp: IO[str], graph: dict[str, Any]) -> int:
    """Write a graph (``incident_graph``) as GraphML or FtM; returns the incidents in it."""
    if fmt == "graphml":
        fp.write(to_graphml(graph))
    elif fmt == "ftm":
        fp.writelines(to_ftm_lines(graph))
    else:
        raise ValueError(f"unknown graph format {fmt!r}: use graphml or ftm")
    return len(graph["events"])


__all__ = ["CSV_COLUMNS", "FORMATS", "GRAPH_FORMATS", "GTD_EVENT_TYPES", "csv_row", "gtd_event_type", "to_csv",
           "to_geojson", "to_jsonl", "write", "write_graph"]
