"""tacitus.relevance.model: scores, the save/load round trip, and loud refusals of bad files."""

from __future__ import annotations

import json

import numpy as np
import pytest

from tacitus.errors import TacitusError
from tacitus.relevance.features import FEATURE_VERSION, features
from tacitus.relevance.model import CONFIG_FILE, WEIGHTS_FILE, RelevanceModel, RelevanceModelError

BITS = 12


def model(seed: int = 0, threshold: float = 0.3) -> RelevanceModel:
    rng = np.random.default_rng(seed)
    weights = rng.normal(0, 1, 2 ** BITS).astype(np.float16).astype(np.float32)  # float16-exact
    return RelevanceModel(weights, -0.25, threshold, BITS, {"note": "test", "trained_on": {"own": 3}})


def test_margin_is_bias_plus_normalised_sum_of_present_weights():
    m = model()
    text = "soldiers attacked the village at dawn"
    idx = features(text, BITS)
    assert m.margin(text) == pytest.approx(-0.25 + m.weights[idx].sum() / np.sqrt(len(idx)), rel=1e-6)
    assert m.margin("") == -0.25
    assert 0 < m.score(text) < 1


def test_save_and_load_round_trip(tmp_path):
    m = model(seed=3, threshold=0.42)
    m.save(tmp_path)
    back = RelevanceModel.load(tmp_path)
    assert np.array_equal(back.weights, m.weights)
    assert (back.bias, back.threshold, back.n_bits) == (m.bias, m.threshold, m.n_bits)
    assert back.meta == m.meta
    for text in ["rebels shelled the town", "the striker scored twice", ""]:
        assert back.score(text) == m.score(text)


def test_weights_are_stored_as_float16(tmp_path):
    model().save(tmp_path)
    assert np.load(tmp_path / WEIGHTS_FILE).dtype == np.float16
    assert (tmp_path / WEIGHTS_FILE).stat().st_size < 2 ** BITS * 2 + 1024


def _one_line_error(path) -> str:
    with pytest.raises(RelevanceModelError) as info:
        RelevanceModel.load(path)
    message = str(info.value)
    assert "\n" not in message and str(path) in message
    assert isinstance(info.value, TacitusError)
    return message


def test_a_missing_model_says_how_to_train_one(tmp_path):
    message = _one_line_error(tmp_path / "nowhere")
    assert "no relevance model" in message and "tacitus.relevance.train" in message


def test_missing_weights_are_refused(tmp_path):
    model().save(tmp_path)
    (tmp_path / WEIGHTS_FILE).unlink()
    assert WEIGHTS_FILE in _one_line_error(tmp_path)


@pytest.mark.parametrize("damage", ["truncate", "flip"])
def test_corrupt_weights_are_refused(tmp_path, damage):
    model().save(tmp_path)
    path = tmp_path / WEIGHTS_FILE
    data = bytearray(path.read_bytes())
    if damage == "truncate":
        data = data[: len(data) // 2]
    else:
        data[-7] ^= 0xFF
    path.write_bytes(bytes(data))
    assert "corrupt" in _one_line_error(tmp_path)


def test_a_config_that_is_not_json_is_refused(tmp_path):
    model().save(tmp_path)
    (tmp_path / CONFIG_FILE).write_text('{"bias": 0.1, ', encoding="utf-8")
    assert "not valid JSON" in _one_line_error(tmp_path)


def test_a_config_without_its_keys_is_refused(tmp_path):
    model().save(tmp_path)
    config = json.loads((tmp_path / CONFIG_FILE).read_text())
    del config["threshold"]
    (tmp_path / CONFIG_FILE).write_text(json.dumps(config))
    assert "threshold" in _one_line_error(tmp_path)


def test_a_model_of_other_features_is_refused(tmp_path):
    model().save(tmp_path)
    config = json.loads((tmp_path / CONFIG_FILE).read_text())
    config["feature_version"] = FEATURE_VERSION + 1
    (tmp_path / CONFIG_FILE).write_text(json.dumps(config))
    assert "retrain" in _one_line_error(tmp_path)


def test_weights_of_the_wrong_size_are_refused(tmp_path):
    model().save(tmp_path)
    config = json.loads((tmp_path / CONFIG_FILE).read_text())
    config["n_bits"] = BITS + 1  # the file is intact (its sha256 matches) but holds 2**BITS weights
    (tmp_path / CONFIG_FILE).write_text(json.dumps(config))
    assert "weights" in _one_line_error(tmp_path)
