"""The ACLED and GTD codebooks as data (``codebooks.yaml``): column orders and numeric codes,
read once by a strict loader that names every problem of the file."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..datafiles import fail, read_yaml

CODEBOOKS_FILE = Path(__file__).with_name("codebooks.yaml")


@dataclass(frozen=True)
class Coded:
    """One code of a GTD list (weapon or target type) and the words that select it."""

    code: int
    name: str
    pattern: re.Pattern[str] | None  # whole words, case-insensitive; None: the fallback


@dataclass(frozen=True)
class Codebooks:
    acled_columns: tuple[str, ...]
    acled_inter: dict[str, int]
    acled_time_precision: dict[str, int]
    acled_region: dict[str, str]  # ISO alpha-2 -> region
    gtd_columns: tuple[str, ...]
    gtd_attacktype: dict[str, int]
    gtd_specificity: dict[str, int]
    gtd_region: dict[str, tuple[int, str]]  # ISO alpha-2 -> (code, name)
    gtd_weaptype: tuple[Coded, ...]
    gtd_targtype: tuple[Coded, ...]


def _coded(entries: Any, where: str, problems: list[str]) -> tuple[Coded, ...]:
    out = []
    if not isinstance(entries, dict) or not entries:
        problems.append(f"{where}: expected a mapping of codes")
        return ()
    for code, entry in entries.items():
        if not isinstance(code, int) or not isinstance(entry, dict) or not entry.get("name"):
            problems.append(f"{where}.{code}: expected an integer code with a name")
            continue
        words = entry.get("words") or []
        pattern = (re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE)
                   if words else None)
        out.append(Coded(code, str(entry["name"]), pattern))
    if sum(c.pattern is None for c in out) != 1:
        problems.append(f"{where}: exactly one code (the fallback) must have no words")
    return tuple(out)


def _by_country(regions: Any, where: str, problems: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if not isinstance(regions, dict) or not regions:
        problems.append(f"{where}: expected a mapping of regions")
        return out
    for name, entry in regions.items():
        countries = entry.get("countries") if isinstance(entry, dict) else entry
        value = (name, entry["name"]) if isinstance(entry, dict) else name
        for code in countries or []:
            if code in out:
                problems.append(f"{where}: {code} is in two regions")
            out[code] = value
    return out


def load(path: Path = CODEBOOKS_FILE) -> Codebooks:
    data = read_yaml(path)
    problems: list[str] = []
    acled, gtd = (data or {}).get("acled") or {}, (data or {}).get("gtd") or {}
    for name, block, keys in (("acled", acled, ("columns", "inter", "time_precision", "regions")),
                              ("gtd", gtd, ("columns", "attacktype", "specificity", "regions", "weaptype",
                                            "targtype"))):
        problems += [f"{name}: missing {k!r}" for k in keys if not block.get(k)]
    books = Codebooks(
        acled_columns=tuple(acled.get("columns") or ()),
        acled_inter=dict(acled.get("inter") or {}),
        acled_time_precision=dict(acled.get("time_precision") or {}),
        acled_region=_by_country(acled.get("regions"), "acled.regions", problems),
        gtd_columns=tuple(gtd.get("columns") or ()),
        gtd_attacktype=dict(gtd.get("attacktype") or {}),
        gtd_specificity=dict(gtd.get("specificity") or {}),
        gtd_region=_by_country(gtd.get("regions"), "gtd.regions", problems),
        gtd_weaptype=_coded(gtd.get("weaptype"), "gtd.weaptype", problems),
        gtd_targtype=_coded(gtd.get("targtype"), "gtd.targtype", problems),
    )
    for name, columns in (("acled", books.acled_columns), ("gtd", books.gtd_columns)):
        if len(set(columns)) != len(columns):
            problems.append(f"{name}.columns: a column is listed twice")
    fail(path, problems)
    return books


@lru_cache(maxsize=1)
def codebooks() -> Codebooks:
    return load()


def classify(coded: tuple[Coded, ...], texts: list[str]) -> Coded:
    """The first code whose words occur in one of ``texts``; else the fallback."""
    for c in coded:
        if c.pattern is not None and any(c.pattern.search(t or "") for t in texts):
            return c
    return next(c for c in coded if c.pattern is None)
