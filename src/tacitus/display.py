"""Small formatting helpers shared by the terminal tables and the web pages, and the terminal
table of incidents (or reports) that `tacitus events` and `tacitus review incidents` print."""

from __future__ import annotations

import os
import sys
from typing import Any

from rich.table import Table
from rich.text import Text

PIPED_WIDTH = 200  # columns of a table sent to a pipe without $COLUMNS


def num_range(lo: Any, hi: Any) -> str:
    """A casualty range as people read it: "137", "100+", "≤10", "85–105"."""
    if lo is None and hi is None:
        return ""
    if lo == hi:
        return str(lo)
    if hi is None:
        return f"{lo}+"
    if lo is None:
        return f"≤{hi}"
    return f"{lo}–{hi}"


def console():
    """A rich console on the current stdout: tables fold to the terminal's width (or
    $COLUMNS); wide when piped, so a file of them does not wrap every cell."""
    from rich.console import Console

    sized = sys.stdout.isatty() or os.environ.get("COLUMNS", "").isdigit()
    return Console(highlight=False, width=None if sized else PIPED_WIDTH)


def _when(e: dict) -> str:
    if not e.get("date"):
        return "?"
    if e.get("date_end"):
        return f"{e['date']}..{e['date_end']}"
    return e["date"]


def _toll(e: dict, field: str) -> str:
    """An incident's toll as low–high, with the best figure when it differs; a report's range."""
    text = num_range(e.get(f"{field}_min"), e.get(f"{field}_max"))
    fig = e.get(field)
    if isinstance(fig, dict) and fig.get("best") is not None and fig["best"] not in (fig.get("low"), fig.get("high")):
        text += f" ({fig['best']})"
    return text


NARROW = 120  # below this many columns, a listing's table merges and drops columns to stay readable


def _who(e: dict) -> Text:
    who = Text(", ".join(e.get("perpetrators") or []))
    if e.get("suspects"):
        who.append(("; " if who else "") + "suspected: " + ", ".join(e["suspects"]), style="dim")
    return who


def events_table(rows: list[dict], title: str = "incidents", width: int | None = None) -> Table:
    """Incidents (or reports) as a table; at a narrow ``width`` place and country share a
    column, so do the tolls, suspects join the perpetrators and the source count and
    confidence go."""
    narrow = width is not None and width < NARROW
    t = Table(title=f"{len(rows)} {title}", show_lines=False)
    whole = {"no_wrap": True}
    cols = [("id", {"justify": "right", **whole}), ("date", whole), ("type", whole)]
    cols += [("where", {"ratio": 2})] if narrow else [("country", {}), ("place", {"ratio": 2})]
    cols += ([("toll", {"justify": "right", **whole})] if narrow else
             [("killed", {"justify": "right", **whole}), ("injured", {"justify": "right", **whole})])
    cols += [("who", {"ratio": 3})] if narrow else [("perpetrators", {"ratio": 2}), ("suspects", {"ratio": 1}),
                                                    ("src", {"justify": "right"}), ("conf", {"justify": "right"})]
    for col, kw in cols:
        t.add_column(col, **{"overflow": "fold", **kw})
    for e in rows:
        place = Text(e.get("place") or "")
        if e.get("place_precision") not in (None, "unknown"):
            place.append(f" ({e['place_precision']})", style="dim")
        ident = str(e["id"]) + (f" (of {e['incident']})" if e.get("incident") and e["incident"] != e["id"] else "")
        if len(e.get("events") or []) > 1:  # the reports' ids, as `review split-event` takes them
            ident += "\nreports " + ", ".join(map(str, e["events"]))
        when = _when(e).replace("..", "\n..") + (
            f"\n({e['date_precision']})" if e.get("date_precision") not in ("day", None) else "")
        kind = (e.get("type") or "") + (" [agg]" if e.get("aggregate") else "")
        tolls = [_toll(e, "killed"), _toll(e, "injured")]
        if narrow:
            tolls = ["\n".join(f"{n} {what}" for n, what in zip(tolls, ("dead", "hurt")) if n) or ""]
            where = Text(e.get("country") or "")
            if e.get("place") and e.get("place") != e.get("country"):
                where = Text.assemble(place, ", ", where)
            t.add_row(ident, when, kind, where, *tolls, _who(e))
        else:
            t.add_row(ident, when, kind, e.get("country") or "", place, *tolls,
                      ", ".join(e.get("perpetrators") or []), ", ".join(e.get("suspects") or []),
                      str(len(e.get("sources") or [])), f"{e.get('confidence') or 0:.2f}")
    return t
