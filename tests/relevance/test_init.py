"""tacitus.relevance: the public verdict, thresholds, and the committed model."""

from __future__ import annotations

import dataclasses
import time

import numpy as np
import pytest

from tacitus.relevance import Relevance, RelevanceGate, is_relevant
from tacitus.relevance.features import features
from tacitus.relevance.model import DEFAULT_PATH, RelevanceModel

BITS = 10


def keyword_gate(word: str, threshold: float = 0.5) -> RelevanceGate:
    """A hand-built model: only the unigram `word` carries weight."""
    weights = np.zeros(2 ** BITS, dtype=np.float32)
    weights[features(word, BITS)] = 20.0
    return RelevanceGate(RelevanceModel(weights, -2.0, threshold, BITS))


def test_the_verdict_is_a_frozen_record_of_score_decision_and_threshold():
    verdict = keyword_gate("ambush")("an ambush on the road")
    assert isinstance(verdict, Relevance) and verdict.relevant and bool(verdict)
    assert verdict.score >= verdict.threshold == 0.5
    with pytest.raises(dataclasses.FrozenInstanceError):
        verdict.relevant = False  # type: ignore[misc]


def test_the_decision_follows_the_features():
    gate = keyword_gate("ambush")
    assert gate("an ambush on the road").relevant
    assert not gate("a picnic on the road").relevant
    assert not gate("").relevant


def test_a_given_threshold_replaces_the_models():
    gate = keyword_gate("ambush")
    score = gate("a picnic on the road").score
    assert RelevanceGate(gate.model, threshold=score)("a picnic on the road").relevant
    assert not RelevanceGate(gate.model, threshold=min(1.0, score + 1e-6))("a picnic on the road").relevant


# The committed model (models/relevance), on texts written for these tests.
VIOLENT = [
    "Gunmen on motorcycles killed eleven villagers and burned their granary overnight, local officials said.",
    "A car bomb exploded near a police checkpoint in the provincial capital, wounding six officers.",
    "On 2 May 2024, militants ambushed an army patrol near the border. 4 soldiers were killed.",
]
OFFTOPIC = [
    "The midfielder signed a four-year contract with the club after passing his medical on Tuesday, "
    "and the coach said he would start in Saturday's league match against the champions.",
    "The bakery chain reported higher sales of sourdough loaves and pastries over the summer and plans "
    "to open twelve new shops next spring, its chief executive told shareholders.",
]

# Software text that uses the words of violence in their technical senses (written for this test)
SOFTWARE = [
    "Call kill() with the process id to send it a signal; if the child does not exit within the "
    "timeout, the pool terminates it and the next task is executed on a fresh worker.",
    "The build target compiles the extension module, and a hit in the cache skips it. Set the "
    "environment variable to a path to override the default, then run the tests again.",
]


@pytest.mark.parametrize("text", SOFTWARE)
def test_the_committed_model_turns_away_software_documentation(text):
    assert not is_relevant(text).relevant


@pytest.mark.parametrize("text", VIOLENT)
def test_the_committed_model_keeps_reports_of_violence(text):
    assert is_relevant(text).relevant


@pytest.mark.parametrize("text", OFFTOPIC)
def test_the_committed_model_scores_off_topic_news_below_violence(text):
    assert is_relevant(text).score < min(is_relevant(v).score for v in VIOLENT)


def test_the_committed_model_loads_fast_and_decides_in_well_under_a_millisecond():
    start = time.perf_counter()
    gate = RelevanceGate(RelevanceModel.load(DEFAULT_PATH))
    assert time.perf_counter() - start < 1.0
    article = " ".join(VIOLENT + OFFTOPIC) * 4  # about 330 words, the size of a MUC-4 document
    cpu = time.process_time()
    for _ in range(200):
        gate(article)
    assert (time.process_time() - cpu) / 200 < 1e-3


def test_the_committed_model_passes_a_text_it_knows_nothing_about():
    # no evidence either way: the bias alone decides, and training keeps the threshold below it
    assert is_relevant("").relevant and is_relevant("zxqv wqpz").relevant
