"""serve: the analyst's workbench. A JSON API (documented by OpenAPI at /openapi.json and
/api/docs) and web pages (events, map, timeline, actor network, article and event views,
upload) over one tacitus database, from one process.

``create_app(ServeConfig(db=...))`` builds the ASGI app; ``tacitus serve`` runs it with
uvicorn. Article text is untrusted everywhere: templates autoescape, the page scripts build
the DOM with ``textContent``, and a strict Content-Security-Policy forbids inline scripts.
"""

from typing import Any

__all__ = ["ServeConfig", "create_app"]


def __getattr__(name: str) -> Any:
    # lazy, so that `tacitus --help` and the other commands do not import FastAPI
    if name in __all__:
        from . import app

        return getattr(app, name)
    raise AttributeError(name)
