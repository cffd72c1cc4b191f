"""The ACLED export: one row per incident, coded as the codebook codes."""

from __future__ import annotations

import pytest

from tacitus.export import acled

from incident_record import MOGADISHU_A, MOGADISHU_B


@pytest.fixture(scope="module")
def rows(record_incidents):
    return {r["country"]: r for r in acled.rows(record_incidents)}


def test_one_row_per_incident_with_both_sources(rows):
    somalia = rows["Somalia"]
    assert len(rows) == 3
    assert somalia["tacitus_sources"] == "a; b" and len(somalia["tacitus_reports"].split("; ")) == 2
    assert somalia["event_id_cnty"] == f"SOM{somalia['tacitus_incident']}"
    assert somalia["source"] == "Reuters; AP"
    assert somalia["tacitus_evidence_url"] == "https://example.org/a; https://example.org/b"


def test_fatalities_are_the_most_conservative_figure_and_the_range_follows(rows):
    somalia = rows["Somalia"]
    assert somalia["fatalities"] == 100
    assert (somalia["tacitus_killed_low"], somalia["tacitus_killed_best"], somalia["tacitus_killed_high"]) == (
        100, 121, 121)


def test_codes_are_numeric_where_the_codebook_uses_them(rows):
    somalia, pakistan, kabul = rows["Somalia"], rows["Pakistan"], rows["Afghanistan"]
    assert (somalia["inter1"], somalia["inter2"], somalia["interaction"]) == (2, 7, 27)
    assert pakistan["interaction"] == 12  # state forces and a rebel group: the smaller code first
    assert kabul["interaction"] == 30  # a political militia alone
    assert somalia["iso"] == 706 and somalia["region"] == "Eastern Africa"
    assert somalia["civilian_targeting"] == "Civilian targeting" and pakistan["civilian_targeting"] is None
    assert isinstance(somalia["timestamp"], int)


def test_dates_follow_the_time_precision(rows):
    assert (rows["Somalia"]["event_date"], rows["Somalia"]["time_precision"]) == ("2022-10-29", 1)
    assert (rows["Afghanistan"]["event_date"], rows["Afghanistan"]["time_precision"]) == ("2021-08-15", 3)
    assert rows["Afghanistan"]["year"] == 2021


def test_notes_are_the_evidence_sentences_earliest_report_first(rows):
    notes = rows["Somalia"]["notes"]
    first, later = MOGADISHU_A.split(". ")[0], MOGADISHU_B.split(". ")[0]
    assert notes.startswith(first) and later in notes
    assert notes.count(first) == 1


def test_a_non_web_address_is_not_an_evidence_url(rows):
    assert rows["Afghanistan"]["tacitus_evidence_url"] == ""
