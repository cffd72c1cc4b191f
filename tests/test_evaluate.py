"""CEAF-REE scorer, MUC-4 loading and the eval runner, on hand-computed cases."""

from __future__ import annotations

import json

import click
import pytest
from click.testing import CliRunner

from tacitus.evaluate.ceaf import ROLES, align, normalize, score_corpus, score_document
from tacitus.evaluate.cli import muc4_command
from tacitus.evaluate.muc4 import evaluate, load_split

GOLD = {
    "PerpInd": [["guerrillas", "guerrilla column"]],
    "PerpOrg": [["farabundo marti national liberation front", "fmln"]],
    "Target": [["power substation"], ["tank truck", "truck"]],
    "Victim": [],
    "Weapon": [],
}


def test_normalize():
    assert normalize("  The  \"Santo Tomas\" farm. ") == "santo tomas farm"
    assert normalize("an attack on a bus") == "attack on bus"
    assert normalize("theatre") == "theatre"  # articles only as whole words


def test_perfect_prediction():
    pred = {r: [[e[0]] for e in ents] for r, ents in GOLD.items()}
    s = score_document(pred, GOLD)
    assert (s.micro.matched, s.micro.predicted, s.micro.gold) == (4, 4, 4)
    assert s.micro.f1 == 1.0


def test_all_mentions_of_entity_match():
    s = score_document(GOLD, GOLD)
    assert s.micro.f1 == 1.0


def test_missing_entity():
    pred = {**GOLD, "Target": [["power substation"]]}
    s = score_document(pred, GOLD)
    t = s.roles["Target"]
    assert (t.matched, t.predicted, t.gold) == (1, 1, 2)
    assert t.precision == 1.0 and t.recall == 0.5
    assert s.micro.recall == 3 / 4 and s.micro.precision == 1.0
    assert s.micro.f1 == pytest.approx(2 * 1 * 0.75 / 1.75)


def test_extra_entity():
    pred = {**GOLD, "Victim": [["peasant"]], "Weapon": [["bombs"]]}
    s = score_document(pred, GOLD)
    assert s.roles["Victim"].predicted == 1 and s.roles["Victim"].matched == 0
    assert s.roles["Victim"].precision == 0.0 and s.roles["Victim"].f1 == 0.0
    assert (s.micro.matched, s.micro.predicted, s.micro.gold) == (4, 6, 4)
    assert s.micro.precision == pytest.approx(4 / 6)


def test_two_predicted_entities_for_one_gold_entity():
    pred = {"PerpInd": [["guerrillas"], ["guerrilla column"]]}
    s = score_document(pred, GOLD)
    p = s.roles["PerpInd"]
    assert (p.matched, p.predicted, p.gold) == (1, 2, 1)
    assert p.precision == 0.5 and p.recall == 1.0


def test_mention_not_in_gold_cluster_fails_the_entity():
    pred = {"PerpInd": [["guerrillas", "rebels"]], "Target": [["Tank truck", "the truck."]]}
    s = score_document(pred, GOLD)
    assert s.roles["PerpInd"].matched == 0  # strict: "rebels" is not a gold mention
    assert s.roles["Target"].matched == 1  # normalisation: case, article, punctuation


def test_alignment_is_optimal_one_to_one():
    gold = [["farm", "la eminencia farm"], ["farm", "presidential farm"]]
    # greedy would give "farm" to the first gold entity and leave nothing for the second
    assert align([["farm"], ["la eminencia farm"]], gold) == 2
    assert align([["farm"], ["farm"], ["farm"]], gold) == 2


def test_corpus_sums_over_documents_and_missing_docs_predict_nothing():
    gold = {"d1": GOLD, "d2": {r: [] for r in ROLES}}
    preds = {"d2": {"Weapon": [["rifles"]]}}
    s = score_corpus(preds, gold)
    assert (s.micro.matched, s.micro.predicted, s.micro.gold) == (0, 1, 4)
    assert s.micro.f1 == 0.0


def _write_split(tmp_path):
    docs = [
        {
            "docid": "DEV-1",
            "doctext": "guerrillas attacked the power substation with bombs.",
            "extracts": {
                "PerpInd": [[["guerrillas", 0]]],
                "PerpOrg": [],
                "Target": [[["power substation", 24]]],
                "Victim": [],
                "Weapon": [[["bombs", 46]]],
            },
        },
        {
            "docid": "DEV-2",
            "doctext": "the president met the diplomatic corps.",
            "extracts": {r: [] for r in ROLES},
        },
    ]
    (tmp_path / "dev.jsonl").write_text("\n".join(json.dumps(d) for d in docs) + "\n")
    return docs


def test_load_split_and_evaluate(tmp_path):
    _write_split(tmp_path)
    docs = load_split(tmp_path, "dev")
    assert [d.docid for d in docs] == ["DEV-1", "DEV-2"]
    assert docs[0].gold["PerpInd"] == [["guerrillas"]]

    def extractor(text):
        return {"PerpInd": [["guerrillas"]], "Weapon": [["bombs"], ["rifles"]]} if "bombs" in text else {}

    out = tmp_path / "preds.json"
    report = evaluate(extractor, docs, out=out, show=False)
    assert report.score.micro.matched == 2 and report.score.micro.predicted == 3
    assert report.score.micro.gold == 3
    preds = json.loads(out.read_text())
    assert preds["DEV-1"]["Weapon"] == [["bombs"], ["rifles"]]
    assert set(preds["DEV-2"]) == set(ROLES)


def test_muc4_command_missing_data(tmp_path):
    missing = tmp_path / "nope"
    result = CliRunner().invoke(muc4_command, ["--data", str(missing)])
    assert result.exit_code != 0
    assert str(missing) in result.output
    assert "Traceback" not in result.output


def test_muc4_command_runs_on_small_split(tmp_path, monkeypatch):
    _write_split(tmp_path)
    from tacitus.evaluate import cli

    monkeypatch.setitem(cli.EXTRACTORS, "model", lambda data_dir: (lambda text: {"Weapon": [["bombs"]]}))
    out = tmp_path / "p.json"
    result = CliRunner().invoke(
        muc4_command, ["--data", str(tmp_path), "--extractor", "model", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "micro" in result.output
    assert json.loads(out.read_text())["DEV-1"]["Weapon"] == [["bombs"]]
    assert isinstance(muc4_command, click.Command)


def test_muc4_command_lexicon_baseline(tmp_path):
    docs = _write_split(tmp_path)
    train = [dict(d, docid=f"TRAIN-{i}") for i, d in enumerate(docs * 2)]
    (tmp_path / "train.jsonl").write_text("\n".join(json.dumps(d) for d in train) + "\n")
    result = CliRunner().invoke(muc4_command, ["--data", str(tmp_path), "--extractor", "lexicon"])
    assert result.exit_code == 0, result.output
    assert "micro" in result.output


def test_muc4_command_scores_a_test_split_when_present(tmp_path, monkeypatch):
    _write_split(tmp_path)
    from tacitus.evaluate import cli

    result = CliRunner().invoke(muc4_command, ["--data", str(tmp_path), "--split", "test"])
    assert result.exit_code != 0 and "test.jsonl" in result.output  # held back: clear error
    (tmp_path / "test.jsonl").write_text((tmp_path / "dev.jsonl").read_text().replace("DEV-", "TEST-"))
    monkeypatch.setitem(cli.EXTRACTORS, "model", lambda data_dir: (lambda text: {"Weapon": [["bombs"]]}))
    out = tmp_path / "p.json"
    result = CliRunner().invoke(
        muc4_command, ["--data", str(tmp_path), "--split", "test", "--extractor", "model", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert set(json.loads(out.read_text())) == {"TEST-1", "TEST-2"}
