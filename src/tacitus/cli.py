"""The ``tacitus`` command: thin click commands that open the store, call one library
function and print tables (rich), JSON or CSV."""

from __future__ import annotations

import csv
import json
import sys
from datetime import date
from functools import wraps
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from . import __version__
from .config import Settings
from .display import num_range
from .errors import EXIT_INTERNAL, Codes, TacitusError, one_line
from .export import to_csv, to_jsonl



def _console() -> Console:
    """A console on the current stdout; wide when piped so tables do not wrap every cell."""
    return Console(highlight=False, width=None if sys.stdout.isatty() else 200)


def _date(ctx, param, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date in YYYY-MM-DD form") from None


def db_option(fn):
    @click.option("--db", type=click.Path(dir_okay=False, path_type=Path), default=None,
                  help="SQLite database file (default: tacitus.db, or $TACITUS_DB).")
    @wraps(fn)
    def wrapper(*args, db: Path | None = None, **kwargs):
        settings = Settings.from_env(db=db)
        return fn(*args, settings=settings, **kwargs)

    return wrapper


def format_option(*choices: str):
    return click.option("--format", "fmt", type=click.Choice(choices), default=choices[0], show_default=True,
                        help="Output format.")


def _open(settings: Settings, must_exist: bool = True):
    from .store import Store

    if must_exist and not settings.db.exists():
        raise click.ClickException(f"{settings.db}: no such database (run `tacitus ingest` first)")
    try:
        return Store(settings.db)
    except TacitusError as exc:
        raise click.ClickException(str(exc)) from exc


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tacitus")
def main() -> None:
    """tacitus: a sourced record of political violence from news articles."""


# --- ingest ------------------------------------------------------------------------------------

@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--published", callback=_date, help="Publication date (YYYY-MM-DD) for inputs that do not give one.")
@click.option("--url", help="Source URL for inputs that do not give one.")
@click.option("--max-bytes", type=int, default=None, help="Reject inputs larger than this (default 5 MB).")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Extraction processes for large batches (default: the number of CPUs).")
@click.option("--roles/--no-roles", "use_roles", default=None,
              help="Fill perpetrators, targets, victims and weapons with the learned role tagger "
                   "(default: on when installed; off is several times faster).")
@click.option("--gate/--no-gate", default=None,
              help="The relevance gate: articles that cannot hold political violence are stored as seen "
                   "but not annotated (default: on, or $TACITUS_GATE).")
@click.option("--resume", is_flag=True,
              help="Pass over, unread, the inputs whose source is stored already (after a crash or Ctrl-C).")
@db_option
def ingest(paths: tuple[str, ...], published: date | None, url: str | None, max_bytes: int | None,
           workers: int | None, use_roles: bool | None, gate: bool | None, resume: bool,
           settings: Settings) -> None:
    """Ingest files (.html .htm .txt .json .jsonl .warc .warc.gz), directories, or - for standard input.

    Exit codes: 0 every input stored (or already stored), 1 some inputs rejected (one line
    each on stderr: `source: [CODE] reason`), 2 usage error, 3 internal error (a bug, named
    with its document, or a database that cannot be written)."""
    from .pipeline import ingest as run

    settings = settings.with_(max_bytes=max_bytes, workers=workers, use_roles=use_roles, gate=gate)
    try:
        store = _open(settings, must_exist=False)
        with store:
            report = run(list(paths), store, settings, published=published, url=url,
                         stdin=sys.stdin.buffer, on_error=lambda r: click.echo(r.line, err=True),
                         progress=sys.stderr.isatty(), resume=resume)
    except click.ClickException as exc:
        click.echo(f"Error: {exc.format_message()}", err=True)
        sys.exit(EXIT_INTERNAL)
    except TacitusError as exc:  # the database cannot be opened or written
        click.echo(f"Error: [{exc.code or Codes.E903}] {one_line(exc)}", err=True)
        sys.exit(EXIT_INTERNAL)
    if report.resumed:
        click.echo(f"resolved {report.resumed} articles an earlier run had left unresolved", err=True)
    off = f" ({report.n_off_topic} off-topic, not annotated)" if report.n_off_topic else ""
    click.echo(f"{report.n_stored} stored{off}, {report.n_duplicates} already stored, "
               f"{report.n_rejected} rejected; {report.events} events -> {settings.db}", err=True)
    if report.internal:
        click.echo(f"{report.internal} of the rejections were internal errors (codes E9xx): please report them",
                   err=True)
    sys.exit(report.exit_code)


# --- queries ------------------------------------------------------------------------------------

def _when(e: dict) -> str:
    if not e.get("date"):
        return "?"
    if e.get("date_end"):
        return f"{e['date']}..{e['date_end']}"
    return e["date"]


def _dump(rows: list[dict], fmt: str, table) -> None:
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    elif fmt == "csv":
        if rows:
            writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]))
            writer.writeheader()
            for r in rows:
                writer.writerow({k: json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v
                                 for k, v in r.items()})
    else:
        _console().print(table(rows))


def events_table(rows: list[dict]) -> Table:
    t = Table(title=f"{len(rows)} events", show_lines=False)
    for col, kw in (("id", {"justify": "right"}), ("date", {}), ("type", {}), ("country", {}), ("place", {}),
                    ("killed", {"justify": "right"}), ("injured", {"justify": "right"}),
                    ("perpetrators", {}), ("suspects", {}), ("conf", {"justify": "right"})):
        t.add_column(col, **kw)
    for e in rows:
        place = Text(e.get("place") or "")
        if e.get("place_precision") not in (None, "unknown"):
            place.append(f" ({e['place_precision']})", style="dim")
        t.add_row(str(e["id"]), _when(e) + (f" ({e['date_precision']})" if e.get("date_precision") not in ("day", None) else ""),
                  e["type"] + (" [agg]" if e.get("aggregate") else ""), e.get("country") or "", place,
                  num_range(e.get("killed_min"), e.get("killed_max")),
                  num_range(e.get("injured_min"), e.get("injured_max")),
                  ", ".join(e.get("perpetrators") or []), ", ".join(e.get("suspects") or []),
                  f"{e.get('confidence') or 0:.2f}")
    return t


@main.command()
@click.option("--country", help="Country name (case-insensitive).")
@click.option("--actor", help="Actor name or alias (any role).")
@click.option("--type", "etype", help="Event type, e.g. bombing, armed_assault, kidnapping.")
@click.option("--since", callback=_date, help="Events on or after this date.")
@click.option("--until", callback=_date, help="Events on or before this date.")
@format_option("table", "json", "csv")
@db_option
def events(country, actor, etype, since, until, fmt, settings: Settings) -> None:
    """List events."""
    with _open(settings) as store:
        rows = store.events(country=country, actor=actor, type=etype, since=since, until=until)
    _dump(rows, fmt, events_table)


def _simple_table(title: str, cols: list[tuple[str, Any]]):
    def build(rows: list[dict]) -> Table:
        t = Table(title=f"{len(rows)} {title}")
        for name, _ in cols:
            t.add_column(name)
        for r in rows:
            t.add_row(*[str(get(r)) if get(r) is not None else "" for _, get in cols])
        return t

    return build


def _short(text: str | None, n: int) -> str:
    text = text or ""
    return text[:n] + "…" if len(text) > n else text


# name -> (help, Store method, table columns): the plain listings share one command shape
LISTINGS: dict[str, tuple[str, str, list[tuple[str, Any]]]] = {
    "actors": ("List actors with their aliases, role and organisation.", "actors", [
        ("name", lambda r: r["name"]), ("kind", lambda r: r["kind"]),
        ("aliases", lambda r: _short(", ".join(a for a in r.get("aliases") or [] if a != r["name"]), 60)),
        ("role", lambda r: r.get("role")), ("organisation", lambda r: r.get("organisation")),
        ("country", lambda r: r.get("country")), ("events", lambda r: r.get("event_count")),
    ]),
    "relations": ("List relations between actors, events and places.", "relations", [
        ("source", lambda r: r["source"]), ("relation", lambda r: r["type"]), ("target", lambda r: r["target"]),
        ("description", lambda r: _short(r.get("description"), 50)), ("conf", lambda r: r.get("confidence")),
    ]),
    "claims": ("List attributed claims: who said what.", "claims", [
        ("speaker", lambda r: r.get("speaker_name") or r["speaker"]), ("verb", lambda r: r["verb"]),
        ("claim", lambda r: _short(r["text"], 90)),
        ("resp.", lambda r: "yes" if r.get("is_responsibility") else ""), ("conf", lambda r: r.get("confidence")),
    ]),
}


def _listing(name: str, help_text: str, method: str, columns: list[tuple[str, Any]]) -> None:
    @main.command(name, help=help_text)
    @format_option("table", "json", "csv")
    @db_option
    def command(fmt: str, settings: Settings) -> None:
        with _open(settings) as store:
            rows = getattr(store, method)()
        _dump(rows, fmt, _simple_table(name, columns))


for _name, (_help, _method, _columns) in LISTINGS.items():
    _listing(_name, _help, _method, _columns)


@main.command()
@click.argument("event_id", type=int)
@format_option("text", "json")
@db_option
def show(event_id: int, fmt: str, settings: Settings) -> None:
    """Show one event: every field with the sentences that support it, highlighted."""
    from .show import render_event

    with _open(settings) as store:
        event = store.event(event_id)
        if event is None:
            raise click.ClickException(f"no event with id {event_id}")
        texts = {a: (store.article(a) or {}).get("text", "") for a in event.get("sources") or []}
    if fmt == "json":
        click.echo(json.dumps(event, ensure_ascii=False, indent=2))
        return
    _console().print(render_event(event, texts))


@main.command()
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "dump"]), default="jsonl", show_default=True,
              help="jsonl/csv: one row per event; dump: the whole database as JSON lines, for `tacitus import`.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to this file instead of standard output.")
@db_option
def export(fmt: str, output: Path | None, settings: Settings) -> None:
    """Export events as JSON lines or CSV (ACLED/GTD-like columns, one row per event), or the
    whole database (--format dump)."""
    fp = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout
    try:
        with _open(settings) as store:
            if fmt == "dump":
                from .store.dump import dump

                n = 0
                for line in dump(store.conn):
                    fp.write(line)
                    n += 1
                what = f"{max(0, n - 1)} rows"
            else:
                rows = store.events()
                if fmt == "csv":
                    to_csv(rows, fp)
                else:
                    fp.writelines(to_jsonl(rows))
                what = f"{len(rows)} events"
    finally:
        if output:
            fp.close()
    if output:
        click.echo(f"{what} -> {output}", err=True)


@main.command("import")
@click.argument("source", type=click.File("rb"))
@db_option
def import_(source, settings: Settings) -> None:
    """Load a dump (`tacitus export --format dump`, or - for standard input) into an empty
    database: the same records, evidence offsets and review history."""
    from .store.dump import load

    with _open(settings, must_exist=False) as store:
        try:
            counts = load(store.conn, source)
        except TacitusError as exc:
            raise click.ClickException(str(exc)) from exc
    click.echo(f"{sum(counts.values())} rows in {len(counts)} tables -> {settings.db}", err=True)


@main.group("eval")
def eval_group() -> None:
    """Measure extraction quality on benchmark data."""


def _register_eval() -> None:
    try:
        from .evaluate.cli import muc4_command
    except ImportError:  # pragma: no cover - the evaluation package is part of the install
        return
    eval_group.add_command(muc4_command, "muc4")


_register_eval()


def _register_serve() -> None:
    from .serve.cli import serve_command  # light: FastAPI is imported only when it runs

    main.add_command(serve_command, "serve")


_register_serve()


def _register_review() -> None:
    from .review_cli import resolve_command, review_group

    main.add_command(review_group)
    main.add_command(resolve_command)


_register_review()


@main.group("gazetteer")
def gazetteer_group() -> None:
    """The offline gazetteer of towns and divisions."""


@gazetteer_group.command("build")
@click.argument("dump", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def gazetteer_build(dump: Path) -> None:
    """Extend the gazetteer from a GeoNames dump (allCountries.zip, XX.zip or XX.txt)."""
    from .geo.dump import build_extension

    try:
        path, count = build_extension(dump)
    except TacitusError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{count} places from {dump.name} -> {path}")


if __name__ == "__main__":  # pragma: no cover
    main()
