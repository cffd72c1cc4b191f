"""Shared by the evaluation gates: the pinned floors (``floors.json``), as percentages."""

from __future__ import annotations

import json
from pathlib import Path

FLOORS_FILE = Path(__file__).with_name("floors.json")
REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"


def load_floors(text: str | None = None) -> dict[str, dict[str, float]]:
    data = json.loads(text if text is not None else FLOORS_FILE.read_text(encoding="utf-8"))
    return {k: v for k, v in data.items() if not k.startswith("_")}


def floors(gate: str) -> dict[str, float]:
    return load_floors()[gate]
