"""RoleTagger: text -> role -> entities, with the trained MiniLM role model."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np

from tacitus.evaluate.ceaf import ROLES
from tacitus.roles.decode import RoleEntity, decode, select
from tacitus.roles.encoding import CLS_ID, SEP_ID, WINDOW, Encoded, encode, windows

DEFAULT_PATH = Path(__file__).resolve().parents[3] / "models" / "roles"
BATCH = 8  # windows per forward pass
# torch intra-op threads for inference. One: on the 2-core machine, dev ran at 10.2 docs/s
# with 1 thread and 16.2 with 2 when both cores were free, but at 8.5 against 1.6-5.0 when
# other work held a core (OpenMP threads wait on each other); the pipeline scales over
# documents with processes anyway.
INFERENCE_THREADS = 1


class RoleModelMissing(FileNotFoundError):
    """No trained role model where one was expected."""


def piece_probs(net, enc: Encoded, window: int = WINDOW) -> np.ndarray:
    """(n, roles, 3) O/B/I probabilities per word piece, read in windows of `window` pieces
    (with [CLS] and [SEP]); overlapping windows are merged by taking each piece from the
    window in which it sits farthest from an edge."""
    import torch

    n = len(enc.ids)
    out = np.zeros((n, len(ROLES), 3), dtype=np.float32)
    if n == 0:
        return out
    starts, size = windows(n, window - 2)  # equal windows, each `size` pieces, so no padding
    best_margin = np.full(n, -1)
    with torch.inference_mode():
        for b in range(0, len(starts), BATCH):
            chunk = starts[b : b + BATCH]
            ids = torch.from_numpy(
                np.stack([np.concatenate(([CLS_ID], enc.ids[s : s + size], [SEP_ID])) for s in chunk])
            )
            probs = net(ids, torch.ones_like(ids)).softmax(-1).numpy()[:, 1:-1]
            for j, s in enumerate(chunk):
                idx = np.arange(s, s + size)
                margin = np.minimum(idx - s, s + size - 1 - idx)
                take = margin > best_margin[idx]
                out[idx[take]] = probs[j][take]
                best_margin[idx[take]] = margin[take]
    return out


def ensemble_probs(nets: list[tuple[object, int]], enc: Encoded) -> np.ndarray:
    """The mean of piece_probs over (network, window) members."""
    total = piece_probs(nets[0][0], enc, nets[0][1])
    for net, window in nets[1:]:
        total += piece_probs(net, enc, window)
    return total / len(nets)


class RoleTagger:
    """Tags perpetrators (people, organisations), targets, victims and weapons in a text."""

    def __init__(self, nets: list[tuple[object, int]], config: dict) -> None:
        self.nets = nets  # (network, window) members whose probabilities are averaged
        self.config = config
        self.thresholds: dict[str, float] = config["thresholds"]

    @classmethod
    def load(cls, path: Path | str | None = None) -> "RoleTagger":
        """The tagger stored at `path` (default: models/roles in the repository), cached."""
        return _load(Path(path).resolve() if path else DEFAULT_PATH)

    def candidates(self, text: str) -> dict[str, list[RoleEntity]]:
        """Every candidate entity per role with its score, before thresholds."""
        enc = encode(text)
        return decode(text, enc, ensemble_probs(self.nets, enc))

    def predict(self, text: str) -> dict[str, list[RoleEntity]]:
        """role -> entities (best first); character spans index into `text`."""
        return select(self.candidates(text), self.thresholds)

    def extract(self, text: str) -> dict[str, list[list[str]]]:
        """The MUC-4 evaluation form: role -> entities -> [best mention]."""
        return {role: [[e.mentions[0]] for e in ents] for role, ents in self.predict(text).items()}


@lru_cache(maxsize=4)
def _load(path: Path) -> RoleTagger:
    from tacitus.roles.model import CONFIG_FILE, load_nets

    if not (path / CONFIG_FILE).is_file():
        raise RoleModelMissing(
            f"no trained role model at {path}; train one with "
            f"`python -m tacitus.roles.train --data ../shared/data/muc4 --out {path}`"
        )
    import torch

    torch.set_num_threads(INFERENCE_THREADS)
    return RoleTagger(*load_nets(path))
