"""SQLite storage: the single source of truth for articles, events, actors, relations
and claims. See ``Store``."""

from .core import Store
from .schema import MIGRATIONS, migration

__all__ = ["MIGRATIONS", "Store", "migration"]
