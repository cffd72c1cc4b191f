"""``tacitus serve``: the workbench on one database. The lead registers ``serve_command``
on the main group (``main.add_command(serve_command, "serve")``)."""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path

import click

from ..config import Settings


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@click.command("serve")
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="SQLite database file (default: tacitus.db, or $TACITUS_DB).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@click.option("--token", envvar="TACITUS_TOKEN", default=None, show_envvar=True,
              help="Token that write endpoints (ingest) require; without one, writes are off.")
@click.option("--max-bytes", type=click.IntRange(1), default=None,
              help="Largest article accepted, in bytes (default 5 MB); request bodies are limited to it.")
@click.option("--allow-host", "allow_hosts", multiple=True,
              help="Another Host header to accept (a name the server is reached by); repeatable.")
@click.option("--assets", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="node_modules folder with the vendored front-end packages (default: web/node_modules).")
@click.option("--log-level", default="info", show_default=True,
              type=click.Choice(["critical", "error", "warning", "info", "debug"]))
@click.option("--workers", type=click.IntRange(1, 32), default=None,
              help="Server processes answering requests (default: the CPUs, at most 4); one of them runs "
                   "the upload jobs.")
def serve_command(db: Path | None, host: str, port: int, token: str | None, max_bytes: int | None,
                  allow_hosts: tuple[str, ...], assets: Path | None, log_level: str, workers: int | None) -> None:
    """Serve the web workbench and the JSON API (OpenAPI at /openapi.json, docs at /api/docs)."""
    import uvicorn

    from ..store import Store
    from . import assets as assets_module
    from .app import CONFIG_ENV, ServeConfig, config_to_env, create_app
    from .security import LOCAL_HOSTS

    settings = Settings.from_env(db=db, max_bytes=max_bytes)
    hosts = (*LOCAL_HOSTS, host, *allow_hosts)
    if not _is_loopback(host):
        click.echo(f"warning: listening on {host}: the read endpoints are open to anyone who can reach it",
                   err=True)
    missing = assets_module.missing(assets)
    if missing:
        click.echo(f"warning: front-end assets not installed ({', '.join(missing)}): run `make setup`; "
                   "map, network and API docs pages need them", err=True)
    if not token:
        click.echo("note: no --token / TACITUS_TOKEN: uploads and other writes are off", err=True)
    config = ServeConfig(db=settings.db, token=token or None, max_bytes=settings.max_bytes,
                         allowed_hosts=tuple(dict.fromkeys(hosts)), assets_dir=assets, settings=settings)
    workers = workers or max(1, min(4, os.cpu_count() or 1))
    click.echo(f"tacitus: serving {settings.db} on http://{host}:{port}/ ({workers} processes)", err=True)
    options = dict(host=host, port=port, log_level=log_level, proxy_headers=False, server_header=False,
                   timeout_graceful_shutdown=5)
    if workers == 1:
        uvicorn.run(create_app(config), **options)
        return
    # several processes: each builds the app from the configuration in the environment
    Store(settings.db).close()  # migrations once, before the workers start
    os.environ[CONFIG_ENV] = config_to_env(config)
    uvicorn.run("tacitus.serve.app:app_from_env", factory=True, workers=workers, **options)


if __name__ == "__main__":  # pragma: no cover
    serve_command(prog_name=os.path.basename(__file__))
