"""Publication dates a text states (tacitus.clean.published): "Published ..." lines, wire
datelines, dates in the URL; a dateline without a year gives no date, never a guessed one."""

from __future__ import annotations

from datetime import date

import pytest

from tacitus.clean import clean
from tacitus.clean.published import find_published
from tacitus.ingest import text_document


@pytest.mark.parametrize("text,url,expected,how", [
    ("Headline\n\nPublished 30 October 2022\n\nBody.", None, date(2022, 10, 30), "published line"),
    ("Headline\nUpdated: Oct. 30, 2022 at 10:14\nBody.", None, date(2022, 10, 30), "published line"),
    ("Headline\nFirst published on 2022-10-30\nBody.", None, date(2022, 10, 30), "published line"),
    ("Headline\n\nLONDON, 3 January 2019 (AFP) - Police said.", None, date(2019, 1, 3), "dateline"),
    ("Headline\n\nMOGADISHU, Oct 30 (Reuters) - At least 100.", "https://news.example/world/2022/10/30/x",
     date(2022, 10, 30), "dateline"),
    ("Headline\n\nBody with no date.", "https://news.example/2021/08/27/kabul.html", date(2021, 8, 27), "url"),
])
def test_dates_stated_by_the_page(text, url, expected, how):
    assert find_published(text, url=url)[:2] == (expected, how)


def test_a_dateline_without_a_year_gives_no_date_but_is_kept():
    found, _, undated = find_published("Headline\n\nMOGADISHU, Oct 30 (Reuters) - At least 100 people.")
    assert found is None and undated == "MOGADISHU, Oct 30 (Reuters) -"


@pytest.mark.parametrize("text", [
    "Police said on Oct 30 (local time) - nothing more.",  # not a dateline: no place in capitals
    "Headline\n\nThe report was published in October 2022 by the ministry.",  # no day
    "Headline\n\nPublished 31 February 2022",  # not a real day
])
def test_what_is_not_a_stated_date(text):
    assert find_published(text)[0] is None


def test_clean_fills_only_a_missing_date_and_says_how():
    text = "Somalia says 100 killed\n\nMOGADISHU, 30 October 2022 (Wire) - At least 100 people were killed."
    article = clean(text_document(text))
    assert article.published == date(2022, 10, 30) and article.metadata["published_from"] == "dateline"
    given = clean(text_document(text, published=date(2022, 11, 1)))
    assert given.published == date(2022, 11, 1) and "published_from" not in given.metadata
