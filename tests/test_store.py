"""Store: migrations, idempotent one-transaction saves, filters, search, evidence."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from tacitus.errors import StoreError
from tacitus.models import (
    ActorMention,
    Article,
    Claim,
    Document,
    Event,
    Evidence,
    Extraction,
    Paragraph,
    Rejection,
    Relation,
)
from tacitus.store import Store, schema, write

TABLES = (
    "articles", "events", "event_sources", "actors", "actor_mentions", "actor_aliases",
    "event_actors", "relations", "claims", "evidence",
)  # fmt: skip


def ev(article_id: str, text: str, start: int, field: str | None = None, sentence: int = 0):
    return Evidence(article_id, sentence, start, start + len(text), text, field)


def make_article(article_id: str = "a1", title: str = "Gunmen attack concert hall",
                 text: str | None = None, published: date | None = date(2024, 3, 25)) -> Article:
    body = text or (
        "Gunmen stormed Crocus City Hall near Moscow on March 22, killing 137 people. "
        "Islamic State claimed responsibility. Russian officials said four Tajik men were "
        "arrested."
    )
    full = f"{title}\n\n{body}"
    return Article(
        id=article_id,
        text=full,
        paragraphs=(
            Paragraph(title, 0, len(title), "headline"),
            Paragraph(body, len(title) + 2, len(full), "body"),
        ),
        title=title,
        published=published,
        url=f"https://example.org/{article_id}",
        publisher="Example Times",
        byline="A. Reporter",
        source=f"{article_id}.html",
        metadata={"reading_time": "6 minutes", "fetched": date(2024, 3, 26)},
        removed=("Advertisement",),
    )


def crocus(article_id: str = "a1", **article_kw) -> Extraction:
    art = make_article(article_id, **article_kw)
    t = art.text
    isis = ActorMention(
        key="islamic-state", name="Islamic State", kind="armed_group",
        surface=("Islamic State", "Isis"),
        evidence=(ev(article_id, "Islamic State", t.index("Islamic State")),),
        confidence=0.9,
    )
    tajiks = ActorMention(key="tajik-men", name="Tajik men", kind="descriptor",
                          surface=("four Tajik men",))
    russia = ActorMention(key="russia", name="Russian officials", kind="government",
                          surface=("Russian officials",))
    e1 = Event(
        key="e1", type="armed_assault", date="2024-03-22", date_precision="day",
        country="Russia", place="Crocus City Hall", place_precision="venue",
        latitude=55.82, longitude=37.39, killed_min=137, killed_max=137,
        perpetrators=("islamic-state",), claimed_by=("islamic-state",), suspects=("tajik-men",),
        targets=("concert hall",), victims=("concert-goers",), weapons=("firearms", "fire"),
        summary="Gunmen attacked a concert hall near Moscow.",
        evidence=(
            ev(article_id, "killing 137 people", t.index("killing 137"), "killed", 0),
            ev(article_id, "March 22", t.index("March 22"), "date", 0),
        ),
        confidence=0.8,
    )
    e2 = Event(key="e2", type="bombing", date="2024-01", date_precision="month",
               country="Iran", place_precision="country", aggregate=True)
    rel = Relation(source="islamic-state", type="claims_responsibility_for", target="e1",
                   target_kind="event",
                   evidence=(ev(article_id, "claimed responsibility", t.index("claimed")),))
    rel2 = Relation(source="russia", type="blames", target="tajik-men", target_kind="actor")
    claim = Claim(
        speaker="Russian officials", speaker_key="russia", verb="say",
        text="four Tajik men were arrested", start=t.index("four Tajik"),
        end=t.index("four Tajik") + len("four Tajik men were arrested"), event_key="e1",
        evidence=(ev(article_id, "Russian officials said", t.index("Russian officials"), None, 2),),
    )
    return Extraction(article=art, events=(e1, e2), actors=(isis, tajiks, russia),
                      relations=(rel, rel2), claims=(claim,))


def other(article_id: str = "b1") -> Extraction:
    art = make_article(article_id, title="Car bomb in Kabul",
                       text="A car bomb exploded in Kabul. The Taliban denied involvement.",
                       published=date(2023, 6, 1))
    taliban = ActorMention(key="taliban", name="Afghan Taliban", kind="armed_group",
                           surface=("Taliban",))
    isis = ActorMention(key="islamic-state", name="IS", kind="armed_group",
                        surface=("Daesh",), role=None, country="Syria")
    e = Event(key="e1", type="bombing", date="2023-05-30", date_precision="day",
              country="Afghanistan", place="Kabul", place_precision="city",
              suspects=("taliban",), weapons=("car bomb",), injured_min=3, injured_max=5)
    return Extraction(article=art, events=(e,), actors=(taliban, isis))


def counts(store: Store) -> dict[str, int]:
    return {t: store.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


@pytest.fixture
def store():
    with Store(":memory:") as s:
        yield s


@pytest.fixture
def filled(store):
    store.save(crocus("a1"))
    store.save(other("b1"))
    return store


# --- opening and migrations -----------------------------------------------------------


def test_pragmas_and_schema(store):
    assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    names = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master")}
    assert set(TABLES) | {"rejections", "migrations", "articles_fts"} <= names


def test_file_store_uses_wal(tmp_path):
    with Store(tmp_path / "t.db") as s:
        assert s.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert s.conn.execute("PRAGMA busy_timeout").fetchone()[0] > 0


def test_migrations_recorded_once_and_reopen_applies_only_new(tmp_path, monkeypatch):
    path = tmp_path / "t.db"
    with Store(path) as s:
        first = s.applied_migrations()
        assert first == [name for name, _ in schema.MIGRATIONS]
        assert s.migrations_applied == first
        s.save(crocus())
    with Store(path) as s:  # re-open: nothing new, data intact
        assert s.migrations_applied == []
        assert s.applied_migrations() == first
        assert len(s.events()) == 2

    calls = []

    def m999_add_notes(conn: sqlite3.Connection) -> None:
        calls.append(1)
        conn.execute("ALTER TABLE events ADD COLUMN notes TEXT")

    migrations = [*schema.MIGRATIONS, ("m999_add_notes", m999_add_notes)]
    monkeypatch.setattr(schema, "MIGRATIONS", migrations)
    with Store(path) as s:
        assert s.migrations_applied == ["m999_add_notes"]
    with Store(path) as s:
        assert s.migrations_applied == []
        assert s.applied_migrations() == [*first, "m999_add_notes"]
        assert len(s.events()) == 2
    assert calls == [1]


def test_failing_migration_is_not_recorded(tmp_path, monkeypatch):
    path = tmp_path / "t.db"
    Store(path).close()

    def m998_broken(conn):
        conn.execute("CREATE TABLE half_done (x)")
        raise sqlite3.OperationalError("boom")

    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, ("m998_broken", m998_broken)])
    with pytest.raises(StoreError, match="boom"):
        Store(path)
    monkeypatch.undo()
    with Store(path) as s:
        names = {r[0] for r in s.conn.execute("SELECT name FROM sqlite_master")}
        assert "half_done" not in names
        assert "m998_broken" not in s.applied_migrations()


def test_migration_names_must_be_unique(monkeypatch):
    monkeypatch.setattr(schema, "MIGRATIONS", list(schema.MIGRATIONS))

    def m001_initial(conn):  # same name as the real one
        pass

    with pytest.raises(ValueError, match="twice"):
        schema.migration(m001_initial)


def test_unopenable_path_is_a_store_error(tmp_path):
    bad = tmp_path / "not-a-db"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="cannot open"):
        Store(bad)


# --- atomic -----------------------------------------------------------------------------


def test_atomic_nests_with_savepoints(store):
    store.record_rejection(Rejection("x", "kept"))
    with store.atomic():
        store.record_rejection(Rejection("outer", "kept"))
        with pytest.raises(RuntimeError):
            with store.atomic():
                store.record_rejection(Rejection("inner", "rolled back"))
                raise RuntimeError
        with store.atomic():
            store.record_rejection(Rejection("inner2", "kept"))
    assert [r["source"] for r in store.rejections()] == ["x", "outer", "inner2"]
    with pytest.raises(RuntimeError):
        with store.atomic():
            store.record_rejection(Rejection("gone", "rolled back"))
            raise RuntimeError
    assert len(store.rejections()) == 3
    assert not store.conn.in_transaction


# --- save ---------------------------------------------------------------------------------


def test_save_returns_id_and_created(store):
    assert store.save(crocus("a1")) == ("a1", True)
    assert store.save(crocus("a1")) == ("a1", False)


def test_save_is_idempotent(store):
    store.save(crocus("a1"))
    before = counts(store)
    assert before["events"] == 2 and before["relations"] == 2 and before["claims"] == 1
    store.save(crocus("a1"))
    assert counts(store) == before
    assert len(store.search("Crocus")) == 1


def test_same_content_hash_under_another_id_is_not_duplicated(store):
    doc = Document(source="x.html", data=b"...", content_hash="h" * 64, media_type="html")
    assert store.save(crocus("a1"), doc) == ("a1", True)
    before = counts(store)
    assert store.save(crocus("a1-again"), doc) == ("a1", False)
    assert counts(store) == before


def test_document_fills_missing_article_fields(store):
    ex = crocus("a1")
    art = Article(id="a2", text=ex.article.text, paragraphs=ex.article.paragraphs)
    doc = Document(source="feed#3", data=b"", content_hash="c" * 64, media_type="text",
                   url="https://x.org/a2", title="From the feed", published=date(2024, 1, 2))
    store.save(Extraction(article=art), doc)
    a = store.article("a2")
    assert (a["source"], a["url"], a["title"], a["published"], a["content_hash"]) == (
        "feed#3", "https://x.org/a2", "From the feed", "2024-01-02", "c" * 64)


def test_failure_mid_save_leaves_nothing_partial(store, monkeypatch):
    store.save(other("b1"))
    before = counts(store)
    actors_before = store.actors()

    def boom(*args, **kwargs):
        raise sqlite3.OperationalError("disk I/O error (simulated)")

    # fails after the article, actors and events are written
    monkeypatch.setattr(write, "insert_claims", boom)
    with pytest.raises(StoreError, match="simulated"):
        store.save(crocus("a1"))
    assert counts(store) == before
    assert store.actors() == actors_before
    assert store.article("a1") is None
    assert store.search("Crocus") == []
    assert not store.conn.in_transaction

    monkeypatch.undo()  # the same article saves cleanly afterwards
    assert store.save(crocus("a1")) == ("a1", True)


def test_unknown_actor_keys_are_rejected_with_all_problems(store):
    ex = crocus("a1")
    bad_event = Event(key="e9", type="bombing", perpetrators=("nobody",), suspects=("ghost",))
    bad_claim = Claim(speaker="x", speaker_key="nope", verb="say", text="t", start=0, end=1,
                      event_key="e404")
    ex = Extraction(article=ex.article, events=(*ex.events, bad_event), actors=ex.actors,
                    claims=(bad_claim,))
    with pytest.raises(StoreError) as err:
        store.save(ex)
    msg = str(err.value)
    for word in ("'nobody'", "'ghost'", "'nope'", "'e404'"):
        assert word in msg
    assert counts(store)["articles"] == 0


def test_actor_keys_already_stored_may_be_referenced(filled):
    art = make_article("c1", title="Another", text="Isis again.")
    e = Event(key="e1", type="unknown", perpetrators=("islamic-state",))
    filled.save(Extraction(article=art, events=(e,)))
    assert filled.events(actor="isis", since="2024-01-01")  # existing events still found


def test_actor_upsert_keeps_first_values_and_adds_aliases(filled):
    by_key = {a["key"]: a for a in filled.actors()}
    isis = by_key["islamic-state"]
    assert isis["name"] == "Islamic State"  # first name wins
    assert isis["country"] == "Syria"  # filled in by the second article
    assert isis["aliases"] == ["Islamic State", "Isis", "Daesh"]
    assert isis["articles"] == ["a1", "b1"]
    assert isis["event_count"] == 1
    assert set(isis) == {"key", "name", "kind", "role", "organisation", "country", "aliases",
                         "articles", "event_count"}


def test_replace_rewrites_an_article(filled):
    ex = crocus("a1")
    ex = Extraction(article=ex.article, events=ex.events[:1], actors=ex.actors)
    assert filled.save(ex, replace=True) == ("a1", True)
    assert [e["sources"] for e in filled.events(country="russia")] == [["a1"]]
    assert filled.events(country="iran") == []
    assert filled.relations() == [] and filled.claims() == []
    assert len(filled.search("Crocus")) == 1


def test_delete_article(filled):
    assert filled.delete_article("a1") is True
    assert filled.delete_article("a1") is False
    assert [e["country"] for e in filled.events()] == ["Afghanistan"]
    assert filled.conn.execute(
        "SELECT count(*) FROM evidence WHERE article_id = 'a1'").fetchone()[0] == 0
    assert filled.search("Crocus") == []
    filled.conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')")


def test_two_connections_same_file_do_not_duplicate(tmp_path):
    path = tmp_path / "t.db"
    with Store(path) as s1, Store(path) as s2:
        assert s1.save(crocus("a1")) == ("a1", True)
        assert s2.save(crocus("a1")) == ("a1", False)
        assert counts(s1) == counts(s2)
        assert len(s2.events()) == 2


def test_rejections(store):
    store.record_rejection(Rejection("bad.pdf", "binary input", "f" * 64))
    (r,) = store.rejections()
    assert (r["source"], r["reason"], r["content_hash"]) == ("bad.pdf", "binary input", "f" * 64)
    assert r["at"]


# --- queries ------------------------------------------------------------------------------

EVENT_KEYS = {
    "id", "type", "date", "date_end", "date_precision", "country", "place", "place_precision",
    "latitude", "longitude", "killed_min", "killed_max", "injured_min", "injured_max",
    "perpetrators", "claimed_by", "suspects", "targets", "victims", "weapons", "aggregate",
    "summary", "sources", "evidence", "confidence", "acled_event_type", "acled_sub_event_type",
    "disorder_type", "actor1", "assoc_actor1", "actor2", "assoc_actor2", "inter1", "inter2",
    "interaction", "admin1", "admin2", "geo_precision",
}  # fmt: skip


def test_event_dict_shape(filled):
    events = filled.events()
    assert [e["date"] for e in events] == ["2023-05-30", "2024-01", "2024-03-22"]
    for e in events:
        assert set(e) == EVENT_KEYS
    crocus_event = events[2]
    assert crocus_event["perpetrators"] == ["Islamic State"]
    assert crocus_event["claimed_by"] == ["Islamic State"]
    assert crocus_event["suspects"] == ["Tajik men"]
    assert crocus_event["weapons"] == ["firearms", "fire"]
    assert crocus_event["sources"] == ["a1"]
    assert crocus_event["aggregate"] is False and events[1]["aggregate"] is True
    assert (crocus_event["latitude"], crocus_event["killed_min"]) == (55.82, 137)


def test_evidence_round_trips(filled):
    ex = crocus("a1")
    stored = next(e for e in filled.events() if e["place"] == "Crocus City Hall")
    expected = [
        {"article": x.article_id, "sentence": x.sentence, "start": x.start, "end": x.end,
         "text": x.text, "field": x.field}
        for x in ex.events[0].evidence
    ]
    assert stored["evidence"] == expected
    text = filled.article("a1")["text"]
    for span in stored["evidence"]:
        assert text[span["start"]:span["end"]] == span["text"]
    (claim,) = filled.claims()
    assert claim["evidence"][0]["text"] == "Russian officials said"
    assert text[claim["start"]:claim["end"]] == claim["text"]
    rel = filled.relations()[0]
    assert rel["evidence"][0]["text"] == "claimed responsibility"
    n_actor_evidence = filled.conn.execute(
        "SELECT count(*) FROM evidence WHERE owner_type = 'actor' AND owner_id = 'islamic-state'"
    ).fetchone()[0]
    assert n_actor_evidence == 1


@pytest.mark.parametrize(
    "kwargs, places",
    [
        ({}, ["Kabul", None, "Crocus City Hall"]),
        ({"country": "RUSSIA"}, ["Crocus City Hall"]),
        ({"country": " russia "}, ["Crocus City Hall"]),
        ({"country": "Russ"}, []),  # equality, not substring
        ({"type": "bombing"}, ["Kabul", None]),
        ({"actor": "isis"}, ["Crocus City Hall"]),  # alias
        ({"actor": "DAESH"}, ["Crocus City Hall"]),  # alias from another article
        ({"actor": "islamic"}, ["Crocus City Hall"]),  # name substring
        ({"actor": "tajik"}, ["Crocus City Hall"]),  # suspect role
        ({"actor": "taliban"}, ["Kabul"]),
        ({"actor": "al-Qaeda"}, []),
        ({"since": "2024-01-01"}, [None, "Crocus City Hall"]),  # "2024-01" within
        ({"since": "2024-01-15"}, [None, "Crocus City Hall"]),  # month overlaps the bound
        ({"since": "2024-02"}, ["Crocus City Hall"]),
        ({"since": date(2024, 3, 23)}, []),
        ({"until": "2023-12-31"}, ["Kabul"]),
        ({"until": "2024"}, ["Kabul", None, "Crocus City Hall"]),
        ({"since": "2024", "until": "2024-01-31"}, [None]),
        ({"since": "2023-05-30", "until": "2023-05-30"}, ["Kabul"]),
        ({"type": "bombing", "country": "iran"}, [None]),
        ({"limit": 1}, ["Kabul"]),
    ],
)
def test_event_filters(filled, kwargs, places):
    assert [e["place"] for e in filled.events(**kwargs)] == places


def test_date_range_overlaps_bounds(store):
    art = make_article("r1")
    e = Event(key="e1", type="unknown", date="2023-12-20", date_end="2024-03-20",
              date_precision="range")
    store.save(Extraction(article=art, events=(e,)))
    assert len(store.events(since="2024-02-01")) == 1
    assert len(store.events(until="2023-12-31")) == 1
    assert store.events(since="2024-03-21") == []
    assert store.events(until="2023-12-19") == []


def test_undated_events_are_excluded_by_date_filters(store):
    store.save(Extraction(article=make_article("u1"), events=(Event(key="e1", type="unknown"),)))
    assert len(store.events()) == 1
    assert store.events(since="1900") == [] and store.events(until="2100") == []


def test_bad_date_bound_is_an_error(store):
    with pytest.raises(ValueError, match="since"):
        store.events(since="last week")


def test_event_by_id(filled):
    first = filled.events(country="russia")[0]
    one = filled.event(first["id"])
    assert {k: one[k] for k in EVENT_KEYS} == first
    assert one["articles"] == [{"id": "a1", "title": "Gunmen attack concert hall",
                                "url": "https://example.org/a1", "publisher": "Example Times",
                                "published": "2024-03-25"}]
    assert filled.event(10_000) is None


def test_relations_and_claims(filled):
    event_id = filled.events(country="russia")[0]["id"]
    r1, r2 = filled.relations()
    assert (r1["source"], r1["type"], r1["target"]) == (
        "Islamic State", "claims_responsibility_for", f"event {event_id}")
    assert r1["target_key"] == event_id and r1["target_kind"] == "event"
    assert (r2["source"], r2["type"], r2["target"]) == ("Russian officials", "blames", "Tajik men")
    (c,) = filled.claims()
    assert (c["speaker"], c["speaker_name"], c["verb"], c["event"]) == (
        "Russian officials", "Russian officials", "say", event_id)
    assert c["is_responsibility"] is False


def test_articles_and_article(filled):
    listing = filled.articles()
    assert [a["id"] for a in listing] == ["a1", "b1"]  # newest first
    assert listing[0] == {"id": "a1", "title": "Gunmen attack concert hall",
                          "url": "https://example.org/a1", "published": "2024-03-25",
                          "publisher": "Example Times", "n_events": 2, "source": "a1.html",
                          "published_from": None, "dateline": None}  # given with the input
    assert filled.articles(undated=True) == []
    a = filled.article("a1")
    assert a["paragraphs"][0] == {"text": "Gunmen attack concert hall", "start": 0, "end": 26,
                                  "kind": "headline", "credit": None}
    assert a["metadata"] == {"reading_time": "6 minutes", "fetched": "2024-03-26"}
    assert a["removed"] == ["Advertisement"]
    assert len(a["events"]) == 2 and len(a["claims"]) == 1 and len(a["relations"]) == 2
    assert filled.article("missing") is None


def test_load_article_round_trips(filled):
    original = make_article("a1")
    loaded = filled.load_article("a1")
    assert loaded == original
    assert loaded.metadata["fetched"] == "2024-03-26"
    assert filled.load_article("missing") is None


def test_stats(filled):
    s = filled.stats()
    assert (s["articles"], s["events"], s["actors"], s["relations"], s["claims"]) == (2, 3, 4, 2, 1)
    assert s["events_by_type"] == {"bombing": 2, "armed_assault": 1}
    assert s["events_by_country"]["Russia"] == 1
    assert (s["first_event_date"], s["last_event_date"]) == ("2023-05-30", "2024-03-22")


# --- search ------------------------------------------------------------------------------


def test_search_finds_title_and_text(filled):
    assert [r["id"] for r in filled.search("crocus")] == ["a1"]
    assert [r["id"] for r in filled.search("Kabul")] == ["b1"]  # title and body
    assert [r["id"] for r in filled.search("car bomb")] == ["b1"]  # every term must match
    assert filled.search("car crocus") == []
    assert [r["id"] for r in filled.search("Tali*")] == ["b1"]  # prefix
    hit = filled.search("Crocus")[0]
    assert "[Crocus]" in hit["snippet"]
    assert set(hit) == {"id", "title", "url", "published", "publisher", "snippet"}


@pytest.mark.parametrize(
    "query",
    ['"', '""', "'", 'crocus"', '"crocus', "AND", "OR NOT", "NEAR(", "a:b", "title:crocus",
     "-crocus", "*", "^", "(", ")", "{}", "crocus)", "café 東京", "\x00", "", "   ",
     "%", "_", "\\", "a\"b'c", "1=1; DROP TABLE articles; --"],
)
def test_search_odd_queries_do_not_crash(filled, query):
    results = filled.search(query)
    assert isinstance(results, list)
    assert counts(filled)["articles"] == 2


def test_search_quoted_phrase_terms_still_match(filled):
    assert [r["id"] for r in filled.search('"Crocus"')] == ["a1"]
    assert [r["id"] for r in filled.search("crocus)")] == ["a1"]


def test_acled_migration_upgrades_an_older_database(tmp_path, monkeypatch):
    """A database made before m003 keeps its events: type may become NULL, the new ACLED and
    admin columns appear, old precision words and the arson type are translated."""
    path = tmp_path / "old.db"
    upto = [m for m in schema.MIGRATIONS if m[0] < "m003"]
    monkeypatch.setattr(schema, "MIGRATIONS", upto)
    with Store(path) as s:
        s.conn.execute("INSERT INTO articles (id, text, ingested_at) VALUES ('a', 'x', 'now')")
        s.conn.execute("INSERT INTO events (article_id, key, type, place_precision) VALUES ('a', 'e1', 'arson', 'city')")
        s.conn.commit()
    monkeypatch.undo()
    with Store(path) as s:
        assert "m003_acled_coding" in s.migrations_applied
        row = s.conn.execute("SELECT type, place_precision, acled_event_type, admin2, assoc_actor1 FROM events").fetchone()
        assert tuple(row) == ("infrastructure_attack", "town", None, None, "[]")
        s.conn.execute("INSERT INTO events (article_id, key, type) VALUES ('a', 'e2', NULL)")  # no GTD type: allowed
        assert s.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
