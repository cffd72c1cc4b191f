"""The relevance gate: can an article hold political violence? A linear model over hashed word
n-grams answers in a fraction of a millisecond, before any of the costly stages run.

    >>> from tacitus.relevance import is_relevant
    >>> is_relevant("Gunmen killed four villagers in Zamfara on Sunday.").relevant
    True

The threshold is chosen for recall (a violent article the gate drops is lost for good); see
``train.py`` for how, and BENCHMARKS.md for what it keeps and rejects. The gate rejects on
evidence: a text with no words the model knows (empty, another language) scores the bias alone,
which lies above the threshold, so it passes.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from tacitus.relevance.model import DEFAULT_PATH, RelevanceModel, RelevanceModelError

__all__ = ["Relevance", "RelevanceGate", "RelevanceModelError", "is_relevant"]


@dataclass(frozen=True)
class Relevance:
    score: float  # probability that the text can hold political violence
    relevant: bool  # score >= threshold
    threshold: float

    def __bool__(self) -> bool:
        return self.relevant


class RelevanceGate:
    """A loaded model and the threshold it decides with (the model's own unless given)."""

    def __init__(self, model: RelevanceModel, threshold: float | None = None) -> None:
        self.model = model
        self.threshold = model.threshold if threshold is None else threshold

    @classmethod
    def load(cls, path: Path | str | None = None, threshold: float | None = None) -> "RelevanceGate":
        """The gate of the model directory `path` (default: models/relevance), the model cached."""
        return cls(_load(Path(path).resolve() if path else DEFAULT_PATH), threshold)

    def __call__(self, text: str) -> Relevance:
        score = self.model.score(text)
        return Relevance(score, score >= self.threshold, self.threshold)


@lru_cache(maxsize=4)
def _load(path: Path) -> RelevanceModel:
    return RelevanceModel.load(path)


def is_relevant(text: str, threshold: float | None = None) -> Relevance:
    """The default gate's verdict on `text` (the model in models/relevance, loaded once)."""
    return RelevanceGate.load(threshold=threshold)(text)
