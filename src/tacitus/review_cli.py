"""``tacitus review`` and ``tacitus resolve``: thin click commands over ``tacitus.resolve``.

Each command opens the store, calls one function of ``resolve.review`` (or ``resolve``) and
prints a rich table or JSON; a ``ReviewError`` becomes a one-line ``click.ClickException``.
Judgements are recorded under ``--who`` (default: $USER).
"""

from __future__ import annotations

import json
from functools import wraps
from pathlib import Path
from typing import Any

import click
from rich.table import Table
from rich.text import Text

from .config import Settings
from .display import console, events_table
from .errors import TacitusError


_console = console


def _store_command(fn):
    """--db and --who, and the store opened (must exist) and closed around the call."""

    @click.option("--db", type=click.Path(dir_okay=False, path_type=Path), default=None,
                  help="SQLite database file (default: tacitus.db, or $TACITUS_DB).")
    @wraps(fn)
    def wrapper(*args, db: Path | None = None, **kwargs):
        from .store import Store

        settings = Settings.from_env(db=db)
        if not settings.db.exists():
            raise click.ClickException(f"{settings.db}: no such database (run `tacitus ingest` first)")
        try:
            with Store(settings.db) as store:
                return fn(store, *args, **kwargs)
        except TacitusError as exc:
            raise click.ClickException(str(exc)) from exc

    return wrapper


def _who_option(fn):
    from .resolve.review import default_who

    return click.option("--who", default=default_who, show_default="$USER",
                        help="Name recorded with the judgement.")(fn)


def _json(rows: Any) -> None:
    click.echo(json.dumps(rows, ensure_ascii=False, indent=2, default=str))


def _text(value: Any, width: int = 60) -> Text:
    s = "" if value is None else str(value)
    return Text(s if len(s) <= width else s[: width - 1] + "…")


@click.group("review")
def review_group() -> None:
    """Review resolution: merge candidates, low-confidence facts, corrections and history."""


@review_group.command("list")
@click.option("--what", type=click.Choice(["all", "merges", "vague", "facts", "dates"]), default="all", show_default=True,
              help="merges: merge candidates; vague: reports dated to a year or not at all, with the incidents "
                   "they may belong to; facts: low-confidence facts; dates: articles without a publication date")
@click.option("--limit", type=int, default=50, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@_store_command
def list_command(store, what: str, limit: int, fmt: str) -> None:
    """List merge candidates, vaguely dated reports with the incidents they may belong to,
    low-confidence facts and the articles without a publication date (whose relative dates
    stay unresolved)."""
    from .resolve.review import low_confidence, vague_date_matches

    merges = store.merge_candidates(limit) if what in ("all", "merges") else []
    vague = vague_date_matches(store, limit) if what in ("all", "vague") else []
    facts = low_confidence(store, limit=limit) if what in ("all", "facts") else []
    undated = store.articles(limit, undated=True) if what in ("all", "dates") else []
    if fmt == "json":
        _json({"merge_candidates": merges, "vague_dates": vague, "low_confidence": facts, "undated_articles": undated})
        return
    console = _console()
    if what in ("all", "merges"):
        t = Table(title=f"{len(merges)} merge candidates (confirm or reject by id)")
        for col in ("id", "score", "event", "date", "place", "summary", "other", "date ", "place ", "summary ", "why"):
            t.add_column(col.strip(), justify="right" if col in ("id", "score", "event", "other") else "left",
                         overflow="fold", no_wrap=col in ("id", "event", "other"))
        for c in merges:
            why = ", ".join(f"{k} {v:+.1f}" for k, v in c["features"].items())
            t.add_row(str(c["id"]), f"{c['score']:.2f}", str(c["left_event"]), _text(c["left_date"]),
                      _text(c["left_place"], 25), _text(c["left_summary"], 45), str(c["right_event"]),
                      _text(c["right_date"]), _text(c["right_place"], 25), _text(c["right_summary"], 45),
                      _text(why, 50))
        console.print(t)
    if what in ("all", "vague") and (vague or what == "vague"):
        t = Table(title=f"{len(vague)} vaguely dated reports and incidents they may belong to"
                        " (`tacitus review merge-events EVENT OTHER`)")
        for col in ("event", "score", "date", "published", "summary", "incident", "other", "date ", "place ",
                    "summary "):
            t.add_column(col.strip(), justify="right" if col in ("event", "score", "other") else "left",
                         overflow="fold", no_wrap=col in ("event", "incident", "other"))
        for v in vague:
            t.add_row(str(v["event"]), f"{v['score']:.2f}", _text(f"{v['date'] or '?'} ({v['date_precision']})"),
                      _text(v["published"] or "?"), _text(v["summary"], 45), str(v["incident"]),
                      str(v["other_event"]), _text(v["other_date"]), _text(v["other_place"], 25),
                      _text(v["other_summary"], 45))
        console.print(t)
    if what in ("all", "facts"):
        t = Table(title=f"{len(facts)} low-confidence facts")
        for col in ("kind", "id", "what", "why", "article"):
            t.add_column(col, overflow="fold", no_wrap=col == "id")
        for f in facts:
            t.add_row(f["kind"], str(f["id"]), _text(f["what"], 70), _text(f["why"], 50), _text(f["article"], 20))
        console.print(t)
    if what in ("all", "dates") and undated:
        t = Table(title=f"{len(undated)} articles without a publication date: relative dates unresolved"
                        " (`tacitus articles set-published ID DATE`)")
        for col in ("article", "source", "dateline", "title"):
            t.add_column(col, no_wrap=col == "article")
        for a in undated:
            t.add_row(a["id"], _text(a["source"], 40), _text(a.get("dateline"), 40), _text(a["title"], 60))
        console.print(t)


@review_group.command("confirm")
@click.argument("candidate_id", type=int)
@_who_option
@_store_command
def confirm_command(store, candidate_id: int, who: str) -> None:
    """Confirm a merge candidate: its two events become one incident."""
    from .resolve.review import confirm

    incident = confirm(store, candidate_id, who)
    click.echo(f"candidate {candidate_id} confirmed by {who}: incident {incident}")


@review_group.command("reject")
@click.argument("candidate_id", type=int)
@_who_option
@_store_command
def reject_command(store, candidate_id: int, who: str) -> None:
    """Reject a merge candidate; the pair is never proposed again."""
    from .resolve.review import reject

    reject(store, candidate_id, who)
    click.echo(f"candidate {candidate_id} rejected by {who}")


@review_group.command("correct")
@click.argument("event_id", type=int)
@click.argument("field")
@click.argument("value")
@_who_option
@_store_command
def correct_command(store, event_id: int, field: str, value: str, who: str) -> None:
    """Correct one field of an event (lists: values separated by ';'; "null" clears)."""
    from .resolve.review import correct

    new = correct(store, event_id, field, value, who)
    click.echo(f"event {event_id}: {field} = {json.dumps(new, ensure_ascii=False)} (by {who})")


@review_group.command("merge-events")
@click.argument("event_ids", type=int, nargs=-1, required=True)
@_who_option
@_store_command
def merge_events_command(store, event_ids: tuple[int, ...], who: str) -> None:
    """Merge the incidents of two or more events into the first one's."""
    from .resolve.review import merge_events

    incident = merge_events(store, list(event_ids), who)
    click.echo(f"events {', '.join(map(str, event_ids))} merged by {who}: incident {incident}")


@review_group.command("split-event")
@click.argument("event_id", type=int)
@_who_option
@_store_command
def split_event_command(store, event_id: int, who: str) -> None:
    """Take an event out of its incident; it will not be merged back."""
    from .resolve.review import split_event

    incident = split_event(store, event_id, who)
    click.echo(f"event {event_id} split by {who}: incident {incident}")


@review_group.command("merge-actors")
@click.argument("keys", nargs=-1, required=True)
@_who_option
@_store_command
def merge_actors_command(store, keys: tuple[str, ...], who: str) -> None:
    """Merge actors (keys or names) under the first one."""
    from .resolve.review import merge_actors

    canonical = merge_actors(store, list(keys), who)
    click.echo(f"actors {', '.join(keys)} merged by {who} under {canonical}")


@review_group.command("split-actor")
@click.argument("key")
@_who_option
@_store_command
def split_actor_command(store, key: str, who: str) -> None:
    """Take an actor out of the actor it was merged into."""
    from .resolve.review import split_actor

    split_actor(store, key, who)
    click.echo(f"actor {key} split by {who}")


@review_group.command("rate")
@click.argument("claim_id", type=int)
@click.argument("grade")
@click.option("--note", help="Why (kept with the rating).")
@_who_option
@_store_command
def rate_command(store, claim_id: int, grade: str, note: str | None, who: str) -> None:
    """Rate a claim in the Admiralty code, e.g. B2 (reliability A-F, credibility 1-6)."""
    from .resolve.review import ReviewError, rate_claim

    grade = grade.strip().upper()
    if len(grade) != 2 or not grade[1].isdigit():
        raise ReviewError("grade must be a letter A-F and a digit 1-6, e.g. B2")
    rate_claim(store, claim_id, grade[0], int(grade[1]), who, note)
    click.echo(f"claim {claim_id} rated {grade} by {who}")


@review_group.command("history")
@click.argument("event_id", type=int)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@_store_command
def history_command(store, event_id: int, fmt: str) -> None:
    """Every change to an event and its incident: who, when, what."""
    rows = store.history(event_id)
    if fmt == "json":
        _json(rows)
        return
    t = Table(title=f"history of event {event_id} (incident {store.incident_of(event_id)})")
    for col in ("at", "who", "action", "event", "field", "old", "new", "note"):
        t.add_column(col, overflow="fold")
    for r in rows:
        t.add_row(r["at"], r["who"], r["action"], str(r["event_id"] or ""), r["field"] or "",
                  _text(r["old"], 30), _text(r["new"], 30), _text(r["note"], 70))
    _console().print(t)


@review_group.command("incidents")
@click.option("--country", help="Country name (case-insensitive).")
@click.option("--min-sources", type=int, default=1, show_default=True, help="Only incidents with this many articles.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@_store_command
def incidents_command(store, country: str | None, min_sources: int, fmt: str) -> None:
    """List incidents: events merged across articles, tolls as low–high (best)."""
    rows = [i for i in store.incidents(country=country) if len(i["sources"]) >= min_sources]
    if fmt == "json":
        _json(rows)
        return
    out = _console()
    out.print(events_table(rows, "incidents", out.width))


@click.command("resolve")
@click.option("--reset", is_flag=True, help="Forget machine decisions and resolve everything again "
                                             "(analysts' judgements are kept).")
@click.option("--encoder/--no-encoder", default=None,
              help="Score with the MiniLM sentence encoder too (default: only if $TACITUS_ENCODER=minilm).")
@_store_command
def resolve_command(store, reset: bool, encoder: bool | None) -> None:
    """Resolve stored articles across each other: incidents, canonical actors, claim ratings."""
    from .resolve import reset as reset_all
    from .resolve import resolve_all

    if reset:
        reset_all(store)
    done = resolve_all(store, encoder=encoder)
    merged = sum(r.merged for r in done)
    proposed = sum(r.proposed for r in done)
    events = sum(len(r.decisions) for r in done)
    if not events:
        total = store.conn.execute("SELECT count(*) FROM incident_events").fetchone()[0]
        click.echo(f"nothing left to resolve: all {total} events are in incidents (corrections and review "
                   "judgements apply as soon as they are made; --reset decides every incident again)", err=True)
        return
    click.echo(f"{events} events resolved: {merged} merged into existing incidents, "
               f"{proposed} merge candidates for review", err=True)
