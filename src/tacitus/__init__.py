"""tacitus: a sourced, queryable record of political violence from news coverage."""

__version__ = "0.1.0"
