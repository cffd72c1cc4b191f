"""The learned role extractor: encoding, decoding, grouping, calibration and the tagger."""

from __future__ import annotations

import numpy as np
import pytest

from tacitus.evaluate.ceaf import ROLES
from tacitus.evaluate.muc4 import parse_doc
from tacitus.roles import RoleEntity, RoleModelMissing, RoleTagger
from tacitus.roles.calibrate import tune
from tacitus.roles.decode import Candidate, acronym_of, group, role_spans, select, select_role, singular, trim
from tacitus.roles.encoding import B, I, O, bio_labels, encode, windows
from tacitus.roles.tagger import DEFAULT_PATH
from tacitus.roles.train import mention_spans

TEXT = "members of the army attacked the power substation with dynamite."
P = ROLES.index("PerpInd")
ORG = ROLES.index("PerpOrg")


def _span(text: str, sub: str) -> tuple[int, int]:
    start = text.index(sub)
    return start, start + len(sub)


def test_bio_labels_nest_across_roles():
    enc = encode(TEXT)
    labels = bio_labels(enc, {"PerpInd": [_span(TEXT, "members of the army")],
                              "PerpOrg": [_span(TEXT, "army")]})
    pieces = [TEXT[s:e] for s, e in enc.offsets]
    k = pieces.index("army")
    assert labels[0, P] == B and (labels[1 : k + 1, P] == I).all() and labels[k + 1, P] == O
    assert labels[k, ORG] == B and (labels[:k, ORG] == O).all()


def test_windows_cover_everything_with_overlap():
    assert windows(10) == ([0], 10)
    assert windows(404, size=254, overlap=32) == ([0, 186], 218)
    for n in (255, 450, 1000, 2345):
        starts, length = windows(n, size=254, overlap=32)
        assert length <= 254 and starts[0] == 0 and starts[-1] + length == n
        assert all(b - a <= length - 32 for a, b in zip(starts, starts[1:]))


def _probs(enc, on: dict[int, tuple[float, float]]) -> np.ndarray:
    """(n, 3) O/B/I probabilities: piece -> (P(B), P(I)), O elsewhere."""
    p = np.zeros((len(enc.ids), 3), dtype=np.float32)
    p[:, 0] = 1.0
    for i, (b, inside) in on.items():
        p[i] = (1 - b - inside, b, inside)
    return p


def test_role_spans_snap_to_words_and_split_on_b():
    text = "guerrillas used dynamite and grenades"
    enc = encode(text)
    pieces = [text[s:e] for s, e in enc.offsets]
    d, g = pieces.index("dynamite"), pieces.index("and") + 1
    spans = role_spans(enc, _probs(enc, {d: (0.9, 0.0), g: (0.8, 0.1)}))
    got = [text[c.start : c.end] for c in spans]
    assert got == ["dynamite", "grenades"]
    assert spans[0].score == pytest.approx(0.9)


def test_group_merges_same_normalised_string():
    text = "The bomb exploded. A second bomb was defused. the Bomb!"
    spans = [Candidate(4, 8, 0.6), Candidate(28, 32, 0.9), Candidate(50, 54, 0.4)]
    ents = group(text, spans)
    assert len(ents) == 1
    assert ents[0].mentions == ("bomb", "Bomb") and ents[0].score == 0.9
    assert ents[0].spans == ((4, 8), (28, 32), (50, 54))


def test_trim_edges():
    for raw, want in [("salvadoran rightist sectors and", "salvadoran rightist sectors"),
                      ("bernardo jaramillo ossa's", "bernardo jaramillo ossa"),
                      ('"la eminencia" farm', '"la eminencia" farm'),
                      ('el espectador"', "el espectador"), ("rockets, ", "rockets")]:
        s, e = trim(raw, 0, len(raw))
        assert raw[s:e] == want


def test_group_drops_mentions_without_content():
    text = "two car bombs and its driver"
    ents = group(text, [Candidate(0, 3, 0.9), Candidate(4, 13, 0.8), Candidate(18, 21, 0.7)])
    assert [e.mentions for e in ents] == [("car bombs",)]


def test_select_applies_role_thresholds():
    e1, e2 = RoleEntity(("bomb",), ((0, 4),), 0.9), RoleEntity(("rifle",), ((5, 10),), 0.4)
    out = select({"Weapon": [e1, e2]}, {"Weapon": 0.5})
    assert out["Weapon"] == [e1]
    assert select({"Weapon": [e1, e2]}, {"Weapon": 0.3})["Weapon"] == [e1, e2]


def test_select_drops_nested_strings_of_a_better_entity():
    full = RoleEntity(("miguel maza marquez",), ((0, 19),), 0.9)
    short = RoleEntity(("Maza Marquez",), ((30, 42),), 0.8)
    other = RoleEntity(("marquez rojas",), ((50, 63),), 0.7)
    assert select_role([short, other, full], 0.5) == [full, other]


@pytest.mark.parametrize("short, long, expected", [
    ("fmln", "farabundo marti national liberation front", True),  # Spanish word order
    ("urng", "guatemalan national revolutionary unity", True),
    ("eln", "army of national liberation", False),  # different words, not an acronym
    ("mrta", "tupac amaru revolutionary movement", True),
    ("das", "administrative department of security", True),
    ("fmln", "fmln", False),  # one word is no long form
    ("army", "armed forces", False),
    ("fm", "farabundo marti national liberation front", False),  # too many initials missing
])
def test_acronym_of(short, long, expected):
    assert acronym_of(short, long) is expected


def test_select_compares_plurals_as_singulars():
    assert [singular(w) for w in "guerrillas bodies churches boss bus houses".split()] == [
        "guerrilla", "body", "church", "boss", "bus", "house"]
    best = RoleEntity(("guerrillas",), ((0, 10),), 0.9)
    column = RoleEntity(("guerrilla column",), ((20, 36),), 0.8)
    army = RoleEntity(("soldiers",), ((40, 48),), 0.7)
    assert select_role([column, army, best], 0.5) == [best, army]


def test_select_drops_an_acronym_of_a_better_entity():
    long = RoleEntity(("Farabundo Marti National Liberation Front",), ((0, 41),), 0.9)
    acr = RoleEntity(("FMLN",), ((50, 54),), 0.8)
    other = RoleEntity(("ERP",), ((60, 63),), 0.7)
    assert select_role([acr, other, long], 0.5) == [long, other]
    assert select_role([acr, other], 0.5) == [acr, other]


def test_tune_prefers_threshold_that_drops_the_false_positive():
    good, bad = RoleEntity(("bomb",), ((0, 4),), 0.8), RoleEntity(("car",), ((5, 8),), 0.3)
    cands = [{"Weapon": [good, bad]}]
    golds = [{"Weapon": [["bomb"]]}]
    thresholds, counts = tune(cands, golds)
    assert 0.3 < thresholds["Weapon"] <= 0.8
    assert counts["Weapon"].f1 == 1.0


def test_mention_spans_find_every_whole_word_occurrence():
    doc = parse_doc({"docid": "x", "doctext": "the bomb and the bombs; a bomb.",
                     "extracts": {"Weapon": [[["bomb", 4]]]}})
    assert mention_spans(doc)["Weapon"] == [(4, 8), (26, 30)]


def test_missing_model_is_a_clear_error(tmp_path):
    with pytest.raises(RoleModelMissing, match=str(tmp_path)):
        RoleTagger.load(tmp_path)


needs_model = pytest.mark.skipif(
    not (DEFAULT_PATH / "config.json").is_file(), reason=f"no trained role model at {DEFAULT_PATH}"
)
MODERN = ("Gunmen from al-Shabaab stormed the DusitD2 hotel in Nairobi, "
          "killing 21 people with grenades and rifles.")


@needs_model
def test_tagger_on_cased_modern_news():
    tagger = RoleTagger.load()
    assert RoleTagger.load() is tagger  # cached
    roles = tagger.predict(MODERN)
    assert set(roles) == set(ROLES)
    for ents in roles.values():
        for e in ents:
            assert isinstance(e, RoleEntity) and 0.0 <= e.score <= 1.0
            for mention, (s, t) in zip(e.mentions, e.spans):
                assert MODERN[s:t] in e.mentions
    weapons = {m.lower() for e in roles["Weapon"] for m in e.mentions}
    perps = {m.lower() for r in ("PerpInd", "PerpOrg") for e in roles[r] for m in e.mentions}
    assert weapons & {"grenades", "rifles"}
    assert perps & {"gunmen", "al-shabaab", "gunmen from al-shabaab"}
    # casing does not change what is found, and spans index the cased text
    lower = tagger.predict(MODERN.lower())
    assert {r: [e.spans for e in v] for r, v in roles.items()} == {
        r: [e.spans for e in v] for r, v in lower.items()
    }


@needs_model
def test_tagger_extract_form_and_empty_text():
    tagger = RoleTagger.load()
    out = tagger.extract("guerrillas blew up a power pylon with dynamite.")
    assert set(out) == set(ROLES)
    assert all(isinstance(m, str) for ents in out.values() for e in ents for m in e)
    assert tagger.predict("") == {r: [] for r in ROLES}


@pytest.mark.slow
def test_train_smoke_writes_a_loadable_model(tmp_path):
    import json

    from tacitus.roles.train import main

    text = "guerrillas attacked the power substation with dynamite. a soldier was wounded."
    doc = {"doctext": text, "extracts": {
        "PerpInd": [[["guerrillas", 0]]], "Target": [[["power substation", 24]]],
        "Victim": [[["soldier", text.index("soldier")]]], "Weapon": [[["dynamite", 46]]],
        "PerpOrg": []}}
    for split, n in (("train", 4), ("dev", 2)):
        rows = [dict(doc, docid=f"{split}-{i}") for i in range(n)]
        (tmp_path / f"{split}.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    out = tmp_path / "model"
    main(["--data", str(tmp_path), "--out", str(out), "--epochs", "1"])
    config = json.loads((out / "config.json").read_text())
    assert set(config["thresholds"]) == set(ROLES)
    assert (out / "weights.safetensors").stat().st_size < 50 * 1024 * 1024
    assert set(RoleTagger.load(out).predict(text)) == set(ROLES)

    # an ensemble of one model with itself averages equal probabilities: same entities
    ens = tmp_path / "ensemble"
    main(["--data", str(tmp_path), "--out", str(ens), "--combine", str(out), str(out)])
    config = json.loads((ens / "config.json").read_text())
    assert [m["weights"] for m in config["members"]] == ["member-1.safetensors", "member-2.safetensors"]
    single, double = RoleTagger.load(out), RoleTagger.load(ens)
    assert len(double.nets) == 2
    assert {r: [e.spans for e in v] for r, v in single.candidates(text).items()} == {
        r: [e.spans for e in v] for r, v in double.candidates(text).items()
    }
