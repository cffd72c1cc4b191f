"""The relevance model: one weight per feature bucket, a bias and the decision threshold.

Stored as two files in a model directory (``models/relevance`` in the repository):
``weights.npy`` (float16, 2 ** n_bits values) and ``config.json`` (bias, threshold, feature
version, the weights' sha256, and how the model was trained and measured). Loading checks
all of it and refuses a missing, truncated or foreign file with one line that says why.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from tacitus.errors import TacitusError
from tacitus.relevance.features import FEATURE_VERSION, features

WEIGHTS_FILE = "weights.npy"
CONFIG_FILE = "config.json"
DEFAULT_PATH = Path(__file__).resolve().parents[3] / "models" / "relevance"
TRAIN_COMMAND = "python -m tacitus.relevance.train --out models/relevance"


class RelevanceModelError(TacitusError):
    """The relevance model is missing, corrupt or was made for other features."""


@dataclass(frozen=True)
class RelevanceModel:
    weights: np.ndarray = field(repr=False)  # float32, one per bucket
    bias: float
    threshold: float  # probability at or above which an article is relevant
    n_bits: int
    meta: dict = field(default_factory=dict, compare=False, repr=False)  # training record

    def margin(self, text: str) -> float:
        """The linear score: bias plus the L2-normalised sum of the text's feature weights."""
        idx = features(text, self.n_bits)
        if len(idx) == 0:
            return self.bias
        return self.bias + float(self.weights[idx].sum()) / math.sqrt(len(idx))

    def score(self, text: str) -> float:
        """The probability that the text can hold political violence."""
        return 1.0 / (1.0 + math.exp(-self.margin(text)))

    def save(self, out: Path | str) -> None:
        out = Path(out)
        out.mkdir(parents=True, exist_ok=True)
        np.save(out / WEIGHTS_FILE, self.weights.astype(np.float16), allow_pickle=False)
        config = {
            "feature_version": FEATURE_VERSION,
            "n_bits": self.n_bits,
            "bias": self.bias,
            "threshold": self.threshold,
            "weights_sha256": _sha256(out / WEIGHTS_FILE),
            **{k: v for k, v in self.meta.items() if k not in _CORE},
        }
        (out / CONFIG_FILE).write_text(json.dumps(config, indent=2, sort_keys=True) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path | str = DEFAULT_PATH) -> "RelevanceModel":
        path = Path(path)
        config = _read_config(path)
        weights_path = path / WEIGHTS_FILE
        if not weights_path.is_file():
            raise RelevanceModelError(f"relevance model {path} has no {WEIGHTS_FILE}; retrain it with `{TRAIN_COMMAND}`")
        if _sha256(weights_path) != config["weights_sha256"]:
            raise RelevanceModelError(f"relevance model {weights_path} is corrupt (its sha256 differs from {CONFIG_FILE})")
        try:
            weights = np.load(weights_path, allow_pickle=False)
        except (OSError, ValueError, EOFError) as exc:
            raise RelevanceModelError(f"relevance model {weights_path} cannot be read: {exc}") from None
        if weights.shape != (2 ** config["n_bits"],):
            raise RelevanceModelError(
                f"relevance model {weights_path} holds {weights.shape} weights, not 2**{config['n_bits']}")
        return cls(weights.astype(np.float32), float(config["bias"]), float(config["threshold"]),
                   int(config["n_bits"]), {k: v for k, v in config.items() if k not in _CORE})


_CORE = {"feature_version", "n_bits", "bias", "threshold", "weights_sha256"}


def _read_config(path: Path) -> dict:
    config_path = path / CONFIG_FILE
    if not config_path.is_file():
        raise RelevanceModelError(f"no relevance model at {path}; train one with `{TRAIN_COMMAND}`")
    try:
        config = json.loads(config_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise RelevanceModelError(f"relevance model {config_path} is not valid JSON: {exc}") from None
    missing = sorted(_CORE - set(config)) if isinstance(config, dict) else sorted(_CORE)
    if missing:
        raise RelevanceModelError(f"relevance model {config_path} lacks {', '.join(missing)}")
    if config["feature_version"] != FEATURE_VERSION:
        raise RelevanceModelError(
            f"relevance model {path} was trained on features v{config['feature_version']}, this code makes "
            f"v{FEATURE_VERSION}; retrain it with `{TRAIN_COMMAND}`")
    return config


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
