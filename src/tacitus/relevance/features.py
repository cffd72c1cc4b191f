"""Text -> hashed word n-grams: the sorted, distinct bucket indices a linear model reads.

1. Lower-case the text; punctuation becomes a space and every digit a ``0`` (one translation
   table, so "137 killed" and "22 killed" share their features and the cost stays one C pass).
2. Split on white space and keep the first ``MAX_TOKENS`` words.
3. Hash each word with CRC-32 of its UTF-8 bytes (the same on every machine and process, unlike
   Python's salted ``hash()``); a bigram is the pair of its words' hashes mixed in one number.
4. Fold unigrams and bigrams into ``2 ** n_bits`` buckets by multiplicative hashing (the high
   bits of a 64-bit product) and keep each bucket once: the features are binary.
"""

from __future__ import annotations

import string
import zlib

import numpy as np

# 1,048,576 buckets (a 2 MB float16 file). Cross-validated rejection of the Lee / own off-topic
# texts at the same recall: 2**16 71 % / 48 %, 2**18 75 % / 50 %, 2**20 77 % / 55 %.
N_BITS = 20
# The gate reads an article's start: a report of violence says so in its first paragraphs, and the
# cost stays bounded on very long pages (MUC-4 documents average 330 words, 98 % under 1,000).
MAX_TOKENS = 1000
FEATURE_VERSION = 1  # bump when any step above changes: a model trained on other features is refused

_UNI = np.uint64(0x9E3779B97F4A7C15)  # odd 64-bit multipliers (golden ratio, splitmix64)
_BI = np.uint64(0xBF58476D1CE4E5B9)
_PUNCT = string.punctuation + "\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u00ab\u00bb\u00b7\u2022"
_TABLE = str.maketrans({**{c: " " for c in _PUNCT}, **{d: "0" for d in "123456789"}})


def tokens(text: str, limit: int = MAX_TOKENS) -> list[str]:
    """The normalised words the features are made of (steps 1-2)."""
    return text.lower().translate(_TABLE).split()[:limit]


def features(text: str, n_bits: int = N_BITS) -> np.ndarray:
    """Sorted distinct bucket indices (int64) of the text's unigrams and bigrams (steps 1-4)."""
    words = tokens(text)
    if not words:
        return np.zeros(0, dtype=np.int64)
    h = np.fromiter(map(zlib.crc32, map(str.encode, words)), dtype=np.uint64, count=len(words))
    shift = np.uint64(64 - n_bits)
    uni = (h * _UNI) >> shift
    bi = (((h[:-1] << np.uint64(32)) | h[1:]) * _BI) >> shift
    return np.unique(np.concatenate((uni, bi))).astype(np.int64)
