"""Reports dated to a year or not at all are proposed for review against the incidents they
may belong to (``review.vague_date_matches``, ``tacitus review list --what vague``), where
resolution, with too little to block on, neither merged nor proposed them; month-precise and
undated reports of a dated article resolution compares already, and proposes."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from tacitus.resolve import review as rv
from tacitus.review_cli import review_group
from tacitus.store import Store

from test_resolve import ev, save

VAGUE = dict(place=None, place_precision="country", latitude=None, longitude=None)


@pytest.fixture
def store():
    with Store(":memory:") as s:
        save(s, "a", "2022-10-30", [ev(killed_min=20, killed_max=20)])  # Mogadishu, 29 October
        save(s, "n", "2022-10-30", [ev(country="Nigeria", place="Maiduguri", latitude=11.8, longitude=13.15)])
        save(s, "y", "2023-06-02", [ev(date="2023-06-01", place="Kismayo", latitude=-0.36, longitude=42.55)])
        yield s


def incident_of(store: Store, article: str) -> int:
    (eid,) = [r[0] for r in store.conn.execute("SELECT id FROM events WHERE article_id = ?", (article,))]
    return store.incident_of(eid)


def proposals(store: Store) -> set[tuple[str, int]]:
    art = dict(store.conn.execute("SELECT id, article_id FROM events").fetchall())
    return {(art[p["event"]], p["incident"]) for p in rv.vague_date_matches(store)}


def undated_article(store: Store, aid: str, **kw) -> None:
    """An article stored without a publication date, its event undated."""
    from tacitus.models import Article, Extraction, Paragraph
    from tacitus.resolve import resolve_article

    text = "Report."
    store.save(Extraction(article=Article(id=aid, text=text, paragraphs=(Paragraph(text, 0, len(text)),), title=None,
                                          published=None, publisher=f"pub-{aid}"),
                          events=(ev(date=None, date_precision="unknown", **VAGUE, **kw),)))
    resolve_article(store, aid, encoder=False)


def test_month_precise_and_undated_reports_are_left_to_resolution(store):
    """Resolution compares these already (a month's span; the days before publication) and
    proposes the pairs; the review side does not propose them again, nor once rejected."""
    save(store, "m", "2022-11-20", [ev(date="2022-10", date_precision="month", killed_min=35, **VAGUE)])
    save(store, "u", "2022-11-10", [ev(date=None, date_precision="unknown", key="e1", killed_min=3, **VAGUE)])
    pending = {frozenset((c["left_event"], c["right_event"])) for c in store.merge_candidates()}
    assert len(pending) == 2
    # only the pair resolution did not score high enough to propose: two vague reports
    assert proposals(store) == {("u", incident_of(store, "m"))}
    for c in store.merge_candidates():
        rv.reject(store, c["id"], "ana")
    assert proposals(store) == {("u", incident_of(store, "m"))}  # the rejected pairs stay out


def test_a_year_precise_report_is_proposed_against_the_incidents_of_its_year(store):
    save(store, "yr", "2022-12-30", [ev(date="2022", date_precision="year", killed_min=35, **VAGUE)])
    assert incident_of(store, "yr") != incident_of(store, "a")  # resolution did not merge it
    assert not store.merge_candidates()  # nor propose it: a year is too vague to block on
    # Mogadishu's October bombing; not Nigeria's (another country), not June 2023's (another year)
    assert proposals(store) == {("yr", incident_of(store, "a"))}
    (p,) = rv.vague_date_matches(store)
    assert p["date_precision"] == "year" and p["other_date"] == "2022-10-29" and 0 < p["score"] < 1


def test_a_report_with_no_date_at_all_is_proposed_against_any_time(store):
    undated_article(store, "x", killed_min=35)
    assert not store.merge_candidates()
    assert proposals(store) == {("x", incident_of(store, "a")), ("x", incident_of(store, "y"))}
    undated_article(store, "z", type="kidnapping")
    assert not [p for p in proposals(store) if p[0] == "z"]  # another type


def test_merged_or_judged_different_is_proposed_no_more(store):
    save(store, "yr", "2022-12-30", [ev(date="2022", date_precision="year", killed_min=35, **VAGUE)])
    (yr,) = [r[0] for r in store.conn.execute("SELECT id FROM events WHERE article_id = 'yr'")]
    (a,) = [r[0] for r in store.conn.execute("SELECT id FROM events WHERE article_id = 'a'")]
    rv.merge_events(store, [a, yr], "ana")
    assert proposals(store) == set()  # no longer alone
    rv.split_event(store, yr, "ana")  # judged different from the Mogadishu incident
    assert proposals(store) == set()


def test_the_cli_lists_them(store, tmp_path):
    save(store, "yr", "2022-12-30", [ev(date="2022", date_precision="year", killed_min=35, **VAGUE)])
    db = tmp_path / "v.db"
    with Store(db) as copy:
        store.conn.backup(copy.conn)
    runner = CliRunner()
    out = json.loads(runner.invoke(review_group, ["list", "--what", "vague", "--format", "json", "--db", str(db)]).output)
    assert [(p["incident"], p["date"]) for p in out["vague_dates"]] == [(incident_of(store, "a"), "2022")]
    table = runner.invoke(review_group, ["list", "--what", "vague", "--db", str(db)], env={"COLUMNS": "200"}).output
    assert "merge-events" in table and "2022-10-29" in table
