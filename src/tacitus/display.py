"""Small formatting helpers shared by the terminal tables and the web pages."""

from __future__ import annotations

from typing import Any


def num_range(lo: Any, hi: Any) -> str:
    """A casualty range as people read it: "137", "100+", "≤10", "85–105"."""
    if lo is None and hi is None:
        return ""
    if lo == hi:
        return str(lo)
    if hi is None:
        return f"{lo}+"
    if lo is None:
        return f"≤{hi}"
    return f"{lo}–{hi}"
