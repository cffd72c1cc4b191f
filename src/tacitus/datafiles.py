"""Strict reading of the bundled YAML data files (taxonomy, language packs, gazetteers).

PyYAML silently keeps the last of two equal keys; ``read_yaml`` refuses them. Loaders collect
every problem of a file before failing, so one run shows them all (``fail``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .errors import DataFileError

MAX_PROBLEMS_IN_MESSAGE = 25


# libyaml's parser when PyYAML was built with it (the wheels are): the same documents, read
# several times faster (the armed-groups gazetteer: 2.3 s in pure Python per process)
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_SafeLoader):  # type: ignore[misc, valid-type]
    """A SafeLoader that refuses a mapping with the same key twice."""


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def read_yaml(path: Path) -> Any:
    if not path.is_file():
        raise DataFileError(f"{path}: data file not found")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(f"{path}: cannot be read ({exc})") from exc
    try:
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        reason = " ".join(str(exc).split())
        raise DataFileError(f"{path}: not valid YAML: {reason}") from exc


def fail(path: Path | str, problems: list[str]) -> None:
    """Raise one DataFileError listing ``problems`` (nothing when the list is empty)."""
    if not problems:
        return
    shown = problems[:MAX_PROBLEMS_IN_MESSAGE]
    more = len(problems) - len(shown)
    tail = f"; ... and {more} more" if more else ""
    noun = "problem" if len(problems) == 1 else "problems"
    error = DataFileError(f"{path}: {len(problems)} {noun}: " + "; ".join(shown) + tail)
    error.problems = list(problems)  # type: ignore[attr-defined]
    raise error


def check_keys(entry: dict, where: str, required: tuple[str, ...], optional: tuple[str, ...],
               problems: list[str]) -> None:
    """Record missing required keys and keys the format does not know."""
    for key in required:
        if key not in entry:
            problems.append(f"{where}: missing {key!r}")
    for key in entry:
        if key not in required and key not in optional:
            problems.append(f"{where}: unknown key {key!r}")
