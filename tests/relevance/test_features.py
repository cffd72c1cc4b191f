"""tacitus.relevance.features: deterministic, normalised, bounded hashed n-grams."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest

from tacitus.relevance.features import MAX_TOKENS, features, tokens

TEXT = "On 5 March 2024, gunmen attacked a police post in Bannu; 3 officers were killed."


def test_tokens_are_lower_case_without_punctuation_and_digits_folded():
    assert tokens("Gunmen KILLED 137 people — “at dawn”.") == ["gunmen", "killed", "000", "people", "at", "dawn"]


@pytest.mark.parametrize("n_bits", [8, 16, 20])
def test_features_are_sorted_distinct_and_inside_the_buckets(n_bits):
    f = features(TEXT + " " + TEXT, n_bits)
    assert f.dtype == np.int64
    assert np.all(np.diff(f) > 0)
    assert f.min() >= 0 and f.max() < 2 ** n_bits


def test_repeating_a_text_adds_only_the_seam_bigram():
    once, twice = features(TEXT), features(TEXT + " " + TEXT)
    assert set(once) <= set(twice) and len(set(twice) - set(once)) <= 1


def test_case_punctuation_and_numbers_do_not_change_features():
    assert np.array_equal(features("Three soldiers were KILLED, police said."),
                          features("three soldiers were killed police said"))
    assert np.array_equal(features("22 killed in 2023"), features("45 killed in 1987"))


def test_word_order_matters_through_bigrams():
    assert not np.array_equal(features("army attacked rebels"), features("rebels attacked army"))
    assert set(features("army attacked rebels", 20)) != set(features("army rebels", 20))


def test_only_the_first_max_tokens_words_count():
    head = " ".join(f"w{i}" for i in range(MAX_TOKENS))
    assert np.array_equal(features(head + " bomb explosion"), features(head + " football match"))


def test_empty_and_blank_texts_have_no_features():
    assert len(features("")) == 0 and len(features(" ... \n")) == 0


def test_features_are_the_same_in_another_process_with_another_hash_seed():
    code = ("from tacitus.relevance.features import features; "
            f"print(','.join(map(str, features({TEXT!r}))))")
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    assert out.strip() == ",".join(map(str, features(TEXT)))
