"""Folded keys: compact (space- and hyphen-insensitive) and loose (transliteration-insensitive)."""

from __future__ import annotations

import pytest

from tacitus.geo.normalize import article_variants, compact_key, km, loose_key, normalize_place_name


@pytest.mark.parametrize("a, b", [
    ("Bulo Burte", "Buloburte"), ("Bulo-Burte", "BULO BURTE"), ("Sana'a", "Sanaa"),
    ("Mocímboa da Praia", "Mocimboa da Praia"), ("St. Louis", "Saint-Louis"),
])
def test_compact_keys_meet(a, b):
    assert compact_key(a) == compact_key(b)


@pytest.mark.parametrize("a, b", [
    ("Xudur", "Hudur"), ("Ceel Buur", "El Bur"), ("Buulo Mareer", "Bulo Marer"),
    ("Kaabul", "Kabul"), ("Qandahar", "Kandahar"),
])
def test_loose_keys_meet_transliterations(a, b):
    assert compact_key(a) != compact_key(b)
    assert loose_key(a) == loose_key(b)


@pytest.mark.parametrize("a, b", [("Kabul", "Kano"), ("Gedo", "Gao"), ("Mosul", "Basra")])
def test_loose_keys_keep_different_names_apart(a, b):
    assert loose_key(a) != loose_key(b)


def test_article_variants_add_or_drop_the_article():
    assert article_variants("al hasakah") == ["al hasakah", "hasakah"]
    assert article_variants("hasakah") == ["hasakah", "al hasakah"]
    assert normalize_place_name("The Hague") == "hague"


def test_km_is_a_great_circle_distance():
    assert km(0, 0, 0, 1) == pytest.approx(111.2, abs=0.5)
    assert km(34.5, 69.2, 34.5, 69.2) == 0
