"""Listing incidents (tacitus.resolve.incidents): pages, the ids of reports not resolved yet,
and a list kept between pages that a write by any connection renews."""

from __future__ import annotations

from datetime import date

from tacitus.models import Article, Event, Extraction, Paragraph
from tacitus.resolve import resolve_article
from tacitus.resolve.incidents import anchor_id, incident_keys, incident_page
from tacitus.store import Store


def add(store: Store, aid: str, day: str, place: str) -> None:
    text = f"A bomb exploded in {place}."
    store.save(Extraction(
        article=Article(id=aid, text=text, paragraphs=(Paragraph(text, 0, len(text)),), title=None,
                        published=date.fromisoformat(day), publisher=aid),
        events=(Event(key="e1", type="bombing", date=day, date_precision="day", country="Somalia", place=place,
                      place_precision="town", killed_min=3, killed_max=3),)))
    resolve_article(store, aid, encoder=False)


def test_pages_cover_the_list_once_in_order(tmp_path):
    with Store(tmp_path / "t.db") as store:
        for i, place in enumerate(["Baidoa", "Kismayo", "Beledweyne", "Jowhar", "Garowe"]):
            add(store, f"a{i}", f"2022-10-{10 + 3 * i}", place)
        total, first = incident_page(store.conn, limit=2)
        _, second = incident_page(store.conn, limit=2, offset=2)
        _, rest = incident_page(store.conn, limit=10, offset=4)
        assert total == 5 and [r["place"] for r in first + second + rest] == [
            "Baidoa", "Kismayo", "Beledweyne", "Jowhar", "Garowe"]


def test_the_kept_list_is_renewed_by_a_write_from_any_connection(tmp_path):
    db = tmp_path / "t.db"
    with Store(db) as reader, Store(db) as writer:
        add(writer, "a0", "2022-10-10", "Baidoa")
        assert len(incident_keys(reader.conn)) == 1
        assert incident_keys(reader.conn) is incident_keys(reader.conn)  # kept between pages
        add(writer, "a1", "2022-10-20", "Kismayo")  # another connection commits
        assert len(incident_keys(reader.conn)) == 2
        add(reader, "a2", "2022-10-30", "Jowhar")  # this one does
        assert len(incident_keys(reader.conn)) == 3


def test_an_unresolved_report_is_listed_under_its_anchor_id():
    with Store(":memory:") as store:
        text = "A bomb exploded in Baidoa."
        store.save(Extraction(
            article=Article(id="x", text=text, paragraphs=(Paragraph(text, 0, len(text)),), title=None),
            events=(Event(key="e1", type="bombing", country="Somalia"),)))
        _, (row,) = incident_page(store.conn)
        assert row["id"] == anchor_id("x#e1") and row["reports"][0]["method"] is None
        assert store.incidents() == []  # the resolved ones only
