"""RoleTagger: text -> role -> entities, with the trained MiniLM role model."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np

from tacitus.evaluate.ceaf import ROLES
from tacitus.roles.decode import RoleEntity, decode, select
from tacitus.roles.encoding import CLS_ID, PAD_ID, SEP_ID, WINDOW, Encoded, encode, window_starts

DEFAULT_PATH = Path(__file__).resolve().parents[3] / "models" / "roles"
BATCH = 8  # windows per forward pass
# torch intra-op threads for inference. One: on this 2-core machine shared with other work,
# 2 threads ran dev at 1.6 docs/s against 8.5 docs/s for 1 (OpenMP threads wait on each
# other when a core is busy), and the pipeline scales over documents with processes anyway.
INFERENCE_THREADS = 1


class RoleModelMissing(FileNotFoundError):
    """No trained role model where one was expected."""


def piece_probs(net, enc: Encoded) -> np.ndarray:
    """(n, roles, 3) O/B/I probabilities per word piece; overlapping windows are merged by
    taking each piece from the window in which it sits farthest from an edge."""
    import torch

    n, size = len(enc.ids), WINDOW - 2
    out = np.zeros((n, len(ROLES), 3), dtype=np.float32)
    if n == 0:
        return out
    starts = window_starts(n)
    best_margin = np.full(n, -1)
    with torch.inference_mode():
        for b in range(0, len(starts), BATCH):
            chunk = starts[b : b + BATCH]
            length = min(size, n) + 2
            ids = torch.full((len(chunk), length), PAD_ID, dtype=torch.long)
            mask = torch.zeros((len(chunk), length), dtype=torch.long)
            for j, s in enumerate(chunk):
                piece = enc.ids[s : s + size]
                ids[j, 0], ids[j, 1 : len(piece) + 1], ids[j, len(piece) + 1] = CLS_ID, torch.from_numpy(piece), SEP_ID
                mask[j, : len(piece) + 2] = 1
            probs = net(ids, mask).softmax(-1).numpy()
            for j, s in enumerate(chunk):
                idx = np.arange(s, min(s + size, n))
                margin = np.minimum(idx - s, s + size - 1 - idx)
                take = margin > best_margin[idx]
                out[idx[take]] = probs[j, 1 : len(idx) + 1][take]
                best_margin[idx[take]] = margin[take]
    return out


class RoleTagger:
    """Tags perpetrators (people, organisations), targets, victims and weapons in a text."""

    def __init__(self, net, config: dict) -> None:
        self.net = net
        self.config = config
        self.thresholds: dict[str, float] = config["thresholds"]

    @classmethod
    def load(cls, path: Path | str | None = None) -> "RoleTagger":
        """The tagger stored at `path` (default: models/roles in the repository), cached."""
        return _load(Path(path).resolve() if path else DEFAULT_PATH)

    def candidates(self, text: str) -> dict[str, list[RoleEntity]]:
        """Every candidate entity per role with its score, before thresholds."""
        enc = encode(text)
        return decode(text, enc, piece_probs(self.net, enc))

    def predict(self, text: str) -> dict[str, list[RoleEntity]]:
        """role -> entities (best first); character spans index into `text`."""
        return select(self.candidates(text), self.thresholds)

    def extract(self, text: str) -> dict[str, list[list[str]]]:
        """The MUC-4 evaluation form: role -> entities -> [best mention]."""
        return {role: [[e.mentions[0]] for e in ents] for role, ents in self.predict(text).items()}


@lru_cache(maxsize=4)
def _load(path: Path) -> RoleTagger:
    from tacitus.roles.model import CONFIG_FILE, RoleNet

    if not (path / CONFIG_FILE).is_file():
        raise RoleModelMissing(
            f"no trained role model at {path}; train one with "
            f"`python -m tacitus.roles.train --data ../shared/data/muc4 --out {path}`"
        )
    import torch

    torch.set_num_threads(INFERENCE_THREADS)
    net, config = RoleNet.load(path)
    return RoleTagger(net, config)
