"""Build the ASGI app: configuration, the per-thread store connections, the job runner,
middleware, error handlers, routers and the static and vendored assets."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

from fastapi import FastAPI, Request

from .. import __version__
from ..config import DEFAULT_MAX_BYTES, Settings
from ..store import Store
from . import assets, errors
from .jobs import JobRunner
from .security import LOCAL_HOSTS, GuardMiddleware

MULTIPART_OVERHEAD = 64 * 1024  # form fields and boundaries around an uploaded file


@dataclass(frozen=True)
class ServeConfig:
    db: Path
    token: str | None = None  # the operator's token for write endpoints; None: writes off
    max_bytes: int = DEFAULT_MAX_BYTES  # largest article accepted (as for `tacitus ingest`)
    allowed_hosts: tuple[str, ...] | None = LOCAL_HOSTS  # Host headers accepted; None: any
    assets_dir: Path | None = None  # node_modules with the vendored front-end packages
    settings: Settings = field(default_factory=Settings)

    @property
    def max_body(self) -> int:
        return self.max_bytes + MULTIPART_OVERHEAD


class Stores:
    """One ``Store`` per thread: sqlite3 connections must stay on the thread that opened
    them, and request handlers run on a pool of threads."""

    def __init__(self, path: Path):
        self.path = path
        self._local = threading.local()
        self._opened: list[Store] = []
        self._lock = threading.Lock()

    def get(self) -> Store:
        store = getattr(self._local, "store", None)
        if store is None:
            store = Store(self.path)
            self._local.store = store
            with self._lock:
                self._opened.append(store)
        return store

    def close(self) -> None:
        with self._lock:
            for store in self._opened:
                try:
                    store.close()
                except sqlite3.ProgrammingError:  # opened on another thread; goes with it
                    pass
            self._opened.clear()


def store(request: Request) -> Store:
    """The calling thread's store. Call it inside the endpoint, never as a dependency
    (FastAPI may run dependencies on another thread than the endpoint)."""
    return request.app.state.stores.get()


CONFIG_ENV = "TACITUS_SERVE_CONFIG"  # how ``tacitus serve --workers N`` hands its worker processes the config


def config_to_env(config: ServeConfig) -> str:
    import json

    return json.dumps({"db": str(config.db), "token": config.token, "max_bytes": config.max_bytes,
                       "allowed_hosts": list(config.allowed_hosts) if config.allowed_hosts is not None else None,
                       "assets_dir": str(config.assets_dir) if config.assets_dir else None})


def app_from_env() -> FastAPI:
    """The app of one worker process of ``tacitus serve --workers N`` (an ASGI factory)."""
    import json
    import os

    raw = json.loads(os.environ[CONFIG_ENV])
    hosts = raw["allowed_hosts"]
    settings = Settings.from_env(db=Path(raw["db"]), max_bytes=raw["max_bytes"])
    return create_app(ServeConfig(db=Path(raw["db"]), token=raw["token"], max_bytes=raw["max_bytes"],
                                  allowed_hosts=tuple(hosts) if hosts is not None else None,
                                  assets_dir=Path(raw["assets_dir"]) if raw["assets_dir"] else None,
                                  settings=settings))


def create_app(config: ServeConfig) -> FastAPI:
    from . import api, pages, review, views  # late: they import this module

    Store(config.db).close()  # create the database and apply migrations once, up front

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.jobs.start()  # resumes what a stopped server left queued or running
        yield
        app.state.jobs.shutdown()  # unfinished jobs go back to the queue
        app.state.stores.close()

    app = FastAPI(
        title="tacitus",
        version=__version__,
        summary="A sourced record of political violence from news articles.",
        description=(
            "Read endpoints are open; write endpoints (ingest, review) need the operator's token as "
            "`Authorization: Bearer TOKEN`. Every error has the shape "
            '`{"ok": false, "error": "...", "status": N}`.'
        ),
        docs_url=None,  # the default pages load Swagger UI from a CDN; ours is vendored
        redoc_url=None,
        openapi_url="/openapi.json",
        lifespan=lifespan,
    )
    app.state.config = config
    app.state.stores = Stores(config.db)
    app.state.jobs = JobRunner(config.settings.with_(db=config.db, max_bytes=config.max_bytes))
    errors.install(app)
    app.add_middleware(GuardMiddleware, max_body=config.max_body, allowed_hosts=config.allowed_hosts)
    app.include_router(api.router)
    app.include_router(review.router)
    app.include_router(views.router)
    app.include_router(pages.router)
    app.include_router(review.pages)
    assets.mount(app, config.assets_dir)
    return app
