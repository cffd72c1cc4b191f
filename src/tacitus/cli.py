"""The ``tacitus`` command: thin click commands that open the store, call one library
function and print tables (rich), JSON or CSV."""

from __future__ import annotations

import csv
import json
import logging
import sys
from datetime import date
from functools import wraps
from pathlib import Path
from typing import Any

import click
from rich.table import Table

from . import __version__
from .config import Settings
from .display import console, events_table, num_range
from .errors import EXIT_INTERNAL, Codes, TacitusError, one_line
from .export import FORMATS, GRAPH_FORMATS, to_csv


_console = console


def _date(ctx, param, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date in YYYY-MM-DD form") from None


def _date_bound(ctx, param, value: str | None) -> str | None:
    """A partial or full date: YYYY, YYYY-MM or YYYY-MM-DD."""
    from .store.read import date_bound

    if value is None:
        return None
    try:
        return date_bound(value, param.name)
    except ValueError as exc:
        raise click.BadParameter(f"{value!r} is not a date in YYYY, YYYY-MM or YYYY-MM-DD form") from exc


def filter_options(fn):
    """The event filters shared by ``events`` and ``export``."""
    for option in reversed((
        click.option("--country", help="Country name (case-insensitive); an unknown one lists those stored."),
        click.option("--actor", help="Actor name or alias (any role)."),
        click.option("--type", "etype", help="GTD attack type code, e.g. bombing, armed_assault, kidnapping."),
        click.option("--since", callback=_date_bound, help="On or after this date (YYYY, YYYY-MM or YYYY-MM-DD)."),
        click.option("--until", callback=_date_bound, help="On or before this date (YYYY, YYYY-MM or YYYY-MM-DD)."),
    )):
        fn = option(fn)
    return fn


def _checked(store, country: str | None, etype: str | None, actor: str | None = None) -> None:
    from .store.read import FilterError, check_filters

    try:
        check_filters(store.conn, country=country, type=etype, actor=actor)
    except FilterError as exc:
        raise click.UsageError(str(exc)) from exc


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
@click.option("--published-from", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help='Publication dates by file name, a JSON object {"name.txt": "YYYY-MM-DD", ...} '
                   "(as samples/published.json); wins over --published. A folder's own published.json "
                   "is read the same way.")
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
def ingest(paths: tuple[str, ...], published: date | None, published_from: Path | None, url: str | None,
           max_bytes: int | None, workers: int | None, use_roles: bool | None, gate: bool | None, resume: bool,
           settings: Settings) -> None:
    """Ingest files (.html .htm .txt .json .jsonl .warc .warc.gz), directories, or - for standard input.

    Exit codes: 0 every input stored (or already stored), 1 some inputs rejected (one line
    each on stderr: `source: [CODE] reason`), 2 usage error, 3 internal error (a bug, named
    with its document, or a database that cannot be written)."""
    from .pipeline import ingest as run

    settings = settings.with_(max_bytes=max_bytes, workers=workers, use_roles=use_roles, gate=gate)
    _notices("tacitus.ingest")
    try:
        store = _open(settings, must_exist=False)
        with store:
            report = run(list(paths), store, settings, published=published, url=url,
                         stdin=sys.stdin.buffer, on_error=lambda r: click.echo(r.line, err=True),
                         progress=sys.stderr.isatty(), resume=resume, published_from=published_from)
            undated = store.undated(report.stored)
    except click.ClickException as exc:
        click.echo(f"Error: {exc.format_message()}", err=True)
        sys.exit(EXIT_INTERNAL)
    except TacitusError as exc:  # the database cannot be opened or written (or a bad --published-from)
        click.echo(f"Error: [{exc.code or Codes.E903}] {one_line(exc)}", err=True)
        sys.exit(EXIT_INTERNAL if exc.code is None or exc.code.code.startswith("E9") else 2)
    if report.resumed:
        click.echo(f"resolved {report.resumed} articles an earlier run had left unresolved", err=True)
    off = f" ({report.n_off_topic} off-topic, not annotated)" if report.n_off_topic else ""
    click.echo(f"{report.n_stored} stored{off}, {report.n_duplicates} already stored, "
               f"{report.n_rejected} rejected; {report.events} events -> {settings.db}", err=True)
    for source, article_id, old, new in report.redated:
        click.echo(f"{source}: stored already as article {article_id}, published {old or 'undated'}; "
                   f"extracted again as published {new.isoformat()}", err=True)
    if undated:
        shown = ", ".join(a["source"] or a["id"] for a in undated[:UNDATED_SHOWN])
        more = f" and {len(undated) - UNDATED_SHOWN} more" if len(undated) > UNDATED_SHOWN else ""
        click.echo(f"{len(undated)} stored without a publication date, so their relative dates "
                   f"(\"on Saturday\", \"last week\") stay unresolved: {shown}{more}. Give one with "
                   "`tacitus articles set-published ID DATE` (ids: `tacitus articles --undated`), "
                   "or --published / --published-from.", err=True)
    if report.internal:
        click.echo(f"{report.internal} of the rejections were internal errors (codes E9xx): please report them",
                   err=True)
    sys.exit(report.exit_code)


UNDATED_SHOWN = 5  # undated articles named in the ingest summary


class _Echo(logging.Handler):
    """A log handler that prints each message as a plain line on standard error."""

    def emit(self, record: logging.LogRecord) -> None:
        click.echo(record.getMessage(), err=True)


def _notices(logger: str) -> None:
    """Print what ``logger`` says at INFO and above on standard error."""
    log = logging.getLogger(logger)
    if not any(isinstance(h, _Echo) for h in log.handlers):
        log.addHandler(_Echo())
    log.setLevel(logging.INFO)


# --- queries ------------------------------------------------------------------------------------

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


@main.command()
@filter_options
@click.option("--reports", is_flag=True,
              help="One row per article's report (with its incident) instead of one per incident.")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="At most this many rows.")
@format_option("table", "json", "csv")
@db_option
def events(country, actor, etype, since, until, reports: bool, limit: int | None, fmt, settings: Settings) -> None:
    """List incidents: one row per real incident with all its sources, tolls as low–high (best).

    --reports lists each article's report instead; --format csv gives tacitus's CSV columns
    (`tacitus export` has the ACLED and GTD codebooks)."""
    with _open(settings) as store:
        _checked(store, country, etype, actor)
        if reports:
            rows = store.events(country=country, actor=actor, type=etype, since=since, until=until, limit=limit)
            incident_of = store.report_incidents([r["id"] for r in rows])
            for r in rows:
                r["incident"] = incident_of.get(r["id"])
        else:
            _, rows = store.incident_page(country=country, actor=actor, type=etype, since=since, until=until,
                                          limit=limit)
    if fmt == "csv":
        to_csv(rows, sys.stdout)
        return
    console = _console()
    _dump(rows, fmt, lambda r: events_table(r, "reports" if reports else "incidents", console.width))


def _simple_table(title: str, cols: list[tuple[str, Any]]):
    def build(rows: list[dict]) -> Table:
        t = Table(title=f"{len(rows)} {title}")
        for i, (name, _) in enumerate(cols):
            t.add_column(name, overflow="fold", no_wrap=i == 0)  # the first column: the id, whole
        for r in rows:
            t.add_row(*[str(get(r)) if get(r) is not None else "" for _, get in cols])
        return t

    return build


def _short(text: str | None, n: int) -> str:
    text = text or ""
    return text[:n] + "…" if len(text) > n else text


# name -> (help, Store method, table columns): the plain listings share one command shape
LISTINGS: dict[str, tuple[str, str, list[tuple[str, Any]]]] = {
    "actors": ("List actors with their keys (for `review merge-actors`), aliases, role and organisation.",
               "actors", [
        ("key", lambda r: r["key"]), ("name", lambda r: r["name"]), ("kind", lambda r: r["kind"]),
        ("aliases", lambda r: _short(", ".join(a for a in r.get("aliases") or [] if a != r["name"]), 60)),
        ("role", lambda r: r.get("role")), ("organisation", lambda r: r.get("organisation")),
        ("country", lambda r: r.get("country")), ("events", lambda r: r.get("event_count")),
    ]),
    "relations": ("List relations between actors, events and places.", "relations", [
        ("id", lambda r: r["id"]), ("source", lambda r: r["source"]), ("relation", lambda r: r["type"]), ("target", lambda r: r["target"]),
        ("description", lambda r: _short(r.get("description"), 50)), ("conf", lambda r: r.get("confidence")),
    ]),
    "claims": ("List attributed claims with their ids (for `review rate`): who said what.", "claims", [
        ("id", lambda r: r["id"]), ("speaker", lambda r: r.get("speaker_name") or r["speaker"]),
        ("verb", lambda r: r["verb"]),
        ("claim", lambda r: _short(r["text"], 90)),
        ("resp.", lambda r: "yes" if r.get("is_responsibility") else ""), ("conf", lambda r: r.get("confidence")),
        ("rating", lambda r: r.get("rating")),
    ]),
}


def _listing(name: str, help_text: str, method: str, columns: list[tuple[str, Any]]) -> None:
    @main.command(name, help=help_text)
    @format_option("table", "json", "csv")
    @db_option
    def command(fmt: str, settings: Settings) -> None:
        with _open(settings) as store:
            rows = getattr(store, method)()
            if name == "claims":  # the Admiralty rating, as `review rate` sets it
                ratings = store.claim_ratings()
                for r in rows:
                    rating = ratings.get(r["id"])
                    r["rating"] = f"{rating['reliability']}{rating['credibility']}" if rating else None
        _dump(rows, fmt, _simple_table(name, columns))


for _name, (_help, _method, _columns) in LISTINGS.items():
    _listing(_name, _help, _method, _columns)


@main.group("articles", invoke_without_command=True)
@click.option("--undated", is_flag=True, help="Only articles without a publication date.")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="At most this many.")
@format_option("table", "json", "csv")
@db_option
@click.pass_context
def articles_group(ctx, undated: bool, limit: int | None, fmt: str, settings: Settings) -> None:
    """List the stored articles (newest first, undated last) with their ids, publication date
    and how it was found; `articles set-published ID DATE` gives one its date."""
    if ctx.invoked_subcommand is not None:
        return
    with _open(settings) as store:
        rows = store.articles(limit, undated=undated)
    _dump(rows, fmt, _simple_table("articles", [
        ("id", lambda r: r["id"]), ("published", lambda r: r["published"] or "undated"),
        ("how", lambda r: r.get("published_from") or ("given" if r["published"] else
                                                      "dateline without a year" if r.get("dateline") else None)),
        ("publisher", lambda r: r.get("publisher")), ("title", lambda r: _short(r.get("title"), 70)),
        ("events", lambda r: r.get("n_events")),
    ]))


@articles_group.command("set-published")
@click.argument("article_id")
@click.argument("published", callback=lambda ctx, param, v: _date(ctx, param, v))
@db_option
def set_published_command(article_id: str, published: date, settings: Settings) -> None:
    """Give article ARTICLE_ID its publication date (YYYY-MM-DD) and extract it again, so its
    relative dates resolve against it; its incidents are resolved again."""
    from .pipeline import set_published

    with _open(settings) as store:
        before = store.conn.execute("SELECT published FROM articles WHERE id = ?", (article_id,)).fetchone()
        if before is None:
            raise click.ClickException(f"no article with id {article_id!r} (ids: `tacitus articles`)")
        try:
            extraction = set_published(store, article_id, published, settings)
        except TacitusError as exc:
            raise click.ClickException(one_line(exc)) from exc
    click.echo(f"article {article_id}: published {before[0] or 'undated'} -> {published.isoformat()}; "
               f"extracted again: {len(extraction.events)} events")


@main.command()
@click.argument("ident", metavar="ID", type=click.IntRange(min=1))
@format_option("text", "json")
@db_option
def show(ident: int, fmt: str, settings: Settings) -> None:
    """Show an incident (the id `tacitus events` lists) with each report and its highlighted
    sentences; a report's own id (`tacitus events --reports`) shows that report."""
    from .show import render_event, render_incident

    with _open(settings) as store:
        incident = store.incident(ident)
        event = None if incident else store.event(ident)
        if incident is None and event is None:
            raise click.ClickException(f"no incident or report with id {ident}")
        record = incident or event
        if event is not None:
            event["incident"] = store.incident_of(ident)
        texts = {a: (store.article(a) or {}).get("text", "") for a in record.get("sources") or []}
        titles = {a["id"]: a for a in store.articles()} if incident else {}
    if fmt == "json":
        click.echo(json.dumps(record, ensure_ascii=False, indent=2))
        return
    _console().print(render_incident(incident, texts, titles) if incident else render_event(event, texts))


@main.command()
@click.option("--format", "fmt", type=click.Choice([*FORMATS, "dump"]), default="jsonl", show_default=True,
              help="acled / gtd: the codebooks' columns; csv, jsonl, geojson, graphml, ftm: one incident "
                   "per row or node; dump: the whole database as JSON lines, for `tacitus import`.")
@filter_options
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to this file instead of standard output (- is standard output).")
@db_option
def export(fmt: str, country, actor, etype, since, until, output: Path | None, settings: Settings) -> None:
    """Export incidents (one row each, all their sources), filtered as `tacitus events`, streamed
    to a file or standard output; or the whole database (--format dump)."""
    from .export import write, write_graph
    from .resolve.incidents import incident_graph, iter_incidents
    from .store.read import event_filters

    to_file = output is not None and str(output) != "-"
    fp = open(output, "w", encoding="utf-8", newline="") if to_file else sys.stdout
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
                _checked(store, country, etype, actor)
                where, params = event_filters(country, actor, etype, since, until)
                if fmt in GRAPH_FORMATS:
                    active = any(v is not None for v in (country, actor, etype, since, until))
                    n = write_graph(fmt, fp, incident_graph(store.conn, where, params, active))
                else:
                    n = write(fmt, fp, iter_incidents(store.conn, where, params, articles=True))
                what = f"{n} incidents"
    finally:
        if to_file:
            fp.close()
    if to_file:
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
