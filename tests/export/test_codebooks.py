"""The codebooks as data: the columns the issue's coders load, and a loader that refuses a
broken file."""

from __future__ import annotations

import pytest

from tacitus.errors import DataFileError
from tacitus.export import acled, codebooks, gtd

ACLED_CODEBOOK = (
    "event_id_cnty event_date year time_precision disorder_type event_type sub_event_type actor1 assoc_actor_1"
    " inter1 actor2 assoc_actor_2 inter2 interaction civilian_targeting iso region country admin1 admin2 admin3"
    " location latitude longitude geo_precision source source_scale notes fatalities tags timestamp").split()
GTD_LEADING = ("eventid iyear imonth iday approxdate").split()
GTD_NAMED = ("country_txt region_txt provstate city latitude longitude specificity summary attacktype1_txt"
             " targtype1_txt target1 gname claimed weaptype1_txt nkill nkillter nwound").split()


def test_acled_columns_are_the_codebooks_in_its_order_then_evidence():
    cols = acled.columns()
    assert list(cols[: len(ACLED_CODEBOOK)]) == ACLED_CODEBOOK
    assert cols[len(ACLED_CODEBOOK):][:4] == ("tacitus_incident", "tacitus_reports", "tacitus_sources",
                                              "tacitus_evidence_url")


def test_gtd_columns_keep_the_codebooks_order():
    cols = list(gtd.columns())
    assert cols[:5] == GTD_LEADING
    positions = [cols.index(c) for c in GTD_NAMED]
    assert positions == sorted(positions)
    assert cols.index("tacitus_incident") > max(positions)


def test_every_country_has_one_region_in_each_codebook():
    books = codebooks.codebooks()
    assert books.acled_region["SO"] == "Eastern Africa" and books.gtd_region["SO"] == (11, "Sub-Saharan Africa")
    assert books.acled_region["PK"] == "South Asia" and books.gtd_region["RU"][1] == "Eastern Europe"


@pytest.mark.parametrize("texts,code", [(["police checkpoint"], 3), (["a village mosque"], 15),
                                        (["the Ministry of Education"], 2), (["something else"], 20)])
def test_targets_are_coded_by_their_words(texts, code):
    assert codebooks.classify(codebooks.codebooks().gtd_targtype, texts).code == code


def test_a_broken_codebook_file_is_refused_with_every_problem(tmp_path):
    bad = tmp_path / "codebooks.yaml"
    bad.write_text("acled:\n  columns: [a, a]\ngtd:\n  weaptype:\n    5: {name: Firearms, words: [gun]}\n",
                   encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        codebooks.load(bad)
    message = str(err.value)
    assert "listed twice" in message and "missing 'inter'" in message and "fallback" in message
