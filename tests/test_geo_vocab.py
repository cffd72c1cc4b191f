"""The geo word lists and tables: strict loaders that refuse empty or malformed files."""

from __future__ import annotations

import pytest

from tacitus.errors import DataFileError
from tacitus.geo import vocab
from tacitus.geo.countries import countries


def test_bundled_lists_load():
    assert "police" in vocab.hard_stop() and "man" in vocab.soft_stop()
    u = vocab.units()
    assert u["village"].tier == "town" and u["province"].tier == "province"
    assert u["local government area"].kind == "lga"
    assert vocab.subdivision_type_words()[0].count(" ") >= 1  # longest phrases first


@pytest.mark.parametrize("content", ["", "# only a comment\n", "\n\n"])
def test_empty_word_list_is_refused(tmp_path, content):
    (tmp_path / "words.txt").write_text(content, encoding="utf-8")
    with pytest.raises(DataFileError, match="empty"):
        vocab.read_words("words.txt", tmp_path)


def test_table_needs_its_columns_and_rows(tmp_path):
    (tmp_path / "t.tsv").write_text("a\tb\nx\ty\n", encoding="utf-8")
    assert vocab.read_table("t.tsv", ("a", "b"), tmp_path) == [{"a": "x", "b": "y"}]
    with pytest.raises(DataFileError, match="missing columns"):
        vocab.read_table("t.tsv", ("a", "c"), tmp_path)
    (tmp_path / "e.tsv").write_text("# nothing\na\tb\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="empty"):
        vocab.read_table("e.tsv", ("a", "b"), tmp_path)


def test_unit_table_refuses_bad_tiers(tmp_path):
    (tmp_path / "units.tsv").write_text("word\tkind\ttier\tstandin\nhamlet\tvillage\tplanet\tno\n",
                                        encoding="utf-8")
    with pytest.raises(DataFileError, match="tier"):
        vocab.units(tmp_path)


@pytest.mark.parametrize("name, code", [
    ("DR Congo", "CD"), ("Democratic Republic of the Congo", "CD"), ("State of Palestine", "PS"),
    ("Burma", "MM"), ("Türkiye", "TR"), ("U.S.", "US"), ("US", "US"), ("us", None),
])
def test_country_names(name, code):
    assert countries().code_for(name) == code


@pytest.mark.parametrize("code, canonical", [("CD", "Democratic Republic of Congo"),
                                             ("PS", "Palestine"), ("RU", "Russia")])
def test_canonical_short_names(code, canonical):
    assert countries().name(code) == canonical


def test_congo_follows_the_hint():
    assert countries().code_for("Congo", hint="CG") == "CG"
    assert countries().code_for("Congo") == "CD"
