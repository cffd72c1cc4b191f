"""tacitus.relevance.train: the threshold keeps every source's positives; a tiny training run."""

from __future__ import annotations

import numpy as np
import pytest

from tacitus.relevance.corpus import Example
from tacitus.relevance.model import RelevanceModel
from tacitus.relevance.train import choose_threshold, matrix, summary, train, weight


def ex(source: str, relevant: bool) -> Example:
    return Example("x", relevant, f"{source}:1")


def test_the_threshold_is_the_lowest_per_source_cut_times_the_margin():
    examples = [ex("muc4", True)] * 4 + [ex("own", True)] * 3 + [ex("own", False)] * 2
    scores = np.array([0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1])
    # recall target 1.0: each source's lowest positive (muc4 0.6, own 0.3); the lower, halved
    assert choose_threshold(scores, examples, 1.0, 0.5) == pytest.approx(0.15)
    # a target that lets one of four go: muc4's cut rises to its second lowest; own's stays
    assert choose_threshold(scores, examples, 0.75, 1.0) == pytest.approx(0.3)


def test_summary_counts_kept_positives_and_rejected_negatives_per_source():
    examples = [ex("lee", True), ex("lee", True), ex("lee", False), ex("lee", False), ex("lee", False)]
    s = summary(np.array([0.9, 0.2, 0.1, 0.6, 0.3]), examples, 0.5)
    assert s == {"lee": {"positives": 2, "recall": 0.5, "negatives": 3, "rejected": pytest.approx(2 / 3, abs=1e-4)}}


def test_rows_are_l2_normalised_binary_features():
    X = matrix([Example("bomb blast bomb", True, "own:0"), Example("", False, "own:1")], 12)
    assert X.shape == (2, 2 ** 12)
    assert np.sum(X[0].toarray() ** 2) == pytest.approx(1.0)
    assert X[1].nnz == 0


def test_modern_texts_weigh_more_and_muc4_negatives_less():
    assert weight(ex("own", False)) > weight(ex("muc4", True)) > weight(ex("muc4", False))


def test_documentation_weighs_less_than_modern_news():
    assert weight(ex("docs", False)) < weight(ex("own", False))


VIOLENT = ["militants attacked the army post and killed {} soldiers", "a bomb exploded in the market killing {}",
           "gunmen shot dead {} villagers in a raid", "rebels shelled the town and {} civilians died"]
CALM = ["the team won the match by {} goals", "shares rose {} per cent after strong earnings",
        "the festival drew {} visitors to the old town", "parliament passed the budget by {} votes"]


def test_a_small_training_run_separates_and_keeps_every_positive():
    examples = [Example(t.format(n), True, f"{src}:{n}") for n in range(8) for t, src in zip(VIOLENT, ["muc4", "own"] * 2)]
    examples += [Example(t.format(n), False, f"{src}:{n}") for n in range(8) for t, src in zip(CALM, ["muc4", "own"] * 2)]
    model = train(examples, n_bits=14, c=4.0, folds=4, target=1.0, margin=1.0)
    assert isinstance(model, RelevanceModel) and 0 < model.threshold < 1
    assert all(model.score(e.text) >= model.threshold for e in examples if e.relevant)
    assert model.score("soldiers were killed when militants attacked") > model.score("the team won the match")
    assert model.meta["cross_validated"]["own"]["recall"] == 1.0
    assert model.score("") >= model.threshold  # no evidence is never a rejection
