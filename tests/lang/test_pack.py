"""The language pack loader: the English pack is complete, and a broken pack is refused."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tacitus.errors import DataFileError
from tacitus.lang import GENERIC_ATTACK, LANG_DIR, SCHEMA, load_pack, pack
from tacitus.taxonomy import taxonomy


def test_english_pack_has_every_list():
    p = pack("en")
    for name, shape in SCHEMA.items():
        if shape == "set":
            assert p.words(name), name


def test_trigger_keys_are_taxonomy_keys():
    keys = taxonomy().keys() | {GENERIC_ATTACK}
    assert {t.key for t in pack().triggers} <= keys
    # every sub-event type can be told by some word
    assert set(taxonomy().sub_event_types) <= {t.key for t in pack().triggers}


def test_phrases_are_longest_first():
    lengths = [len(t.form) for t in pack().phrase_triggers()]
    assert lengths == sorted(lengths, reverse=True) and min(lengths) >= 2


@pytest.fixture()
def copy(tmp_path) -> Path:
    target = tmp_path / "en"
    shutil.copytree(LANG_DIR / "en", target)
    return target


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


@pytest.mark.parametrize("file, old, new, message", [
    ("cues.yaml", "negations:", "negation_words:", "unknown list 'negation_words'"),
    ("cues.yaml", "negations:", "negation_words:", "list 'negations' is missing"),
    ("actors.yaml", "mob_nouns: [mob,", "mob_nouns: [mob, mob,", "'mob' listed twice"),
    ("triggers.yaml", "  grenade:\n", "  grenades:\n", "'grenades' is not a taxonomy key"),
    ("triggers.yaml", "riot, rioter,", "riot, rioter, clash,", "under both"),
    ("weapons.yaml", "knife: blade", "knife: spoon", "unknown classes or taxonomy keys"),
])
def test_broken_packs_are_refused(copy, file, old, new, message):
    _edit(copy / file, old, new)
    with pytest.raises(DataFileError, match=message):
        load_pack("en", copy)


def test_a_list_given_twice_is_refused(copy):
    (copy / "extra.yaml").write_text("negations: [nope]\n")
    with pytest.raises(DataFileError, match="already given"):
        load_pack("en", copy)


def test_a_second_language_is_one_folder(copy, tmp_path):
    other = tmp_path / "xx"
    shutil.copytree(copy, other)
    assert load_pack("xx", other).code == "xx"
