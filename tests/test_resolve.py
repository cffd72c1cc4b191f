"""Resolution across articles: pair scores, blocking, incidents, tolls as low/best/high,
actor names, places, Admiralty ratings. Hand-made records, no spaCy model, no encoder."""

from __future__ import annotations

from datetime import date

import pytest

from tacitus.store.read import EVENT_KEYS

from tacitus.models import ActorMention, Article, Claim, Event, Extraction, Paragraph
from tacitus.resolve import reset, resolve_all, resolve_article
from tacitus.resolve import names
from tacitus.resolve.admiralty import credibility, reliability
from tacitus.resolve.features import AUTO_MERGE, REVIEW, EventRecord, block_key, day_span, score
from tacitus.resolve.places import resolve_place, resolve_places
from tacitus.resolve.summary import figures
from tacitus.store import Store

# --- builders -----------------------------------------------------------------------------


def art(aid: str, published: str, publisher: str | None = None, text: str = "Report.") -> Article:
    return Article(id=aid, text=text, paragraphs=(Paragraph(text, 0, len(text)),), title=None,
                   published=date.fromisoformat(published), publisher=publisher or f"pub-{aid}")


def ev(key: str = "e1", **kw) -> Event:
    base = dict(type="bombing", date="2022-10-29", date_precision="day", country="Somalia",
                place="Mogadishu", place_precision="city", latitude=2.037, longitude=45.34)
    base.update(kw)
    return Event(key=key, **base)


def actor(key: str, name: str, kind: str = "armed_group", *surface: str) -> ActorMention:
    return ActorMention(key=key, name=name, kind=kind, surface=surface or (name,))


def save(store: Store, aid: str, published: str, events=(), actors=(), claims=(), publisher=None, text="Report.",
         resolve: bool = True):
    store.save(Extraction(article=art(aid, published, publisher, text), events=tuple(events),
                          actors=tuple(actors), claims=tuple(claims)))
    if resolve:
        return resolve_article(store, aid, encoder=False)
    return None


def rec(i: int = 1, article: str = "a", **kw) -> EventRecord:
    base = dict(type="bombing", date="2022-10-29", date_precision="day", country="Somalia",
                place="Mogadishu", place_precision="city", latitude=2.037, longitude=45.34,
                published="2022-10-30")
    base.update(kw)
    return EventRecord(id=i, ref=f"{article}#e{i}", article=article, **base)


@pytest.fixture
def store():
    with Store(":memory:") as s:
        yield s


SHABAAB = actor("al-shabaab", "al-Shabaab")

# --- pair scores ----------------------------------------------------------------------------


def test_two_reports_of_one_bombing_score_above_auto_merge():
    first = rec(1, "a", killed_min=100, summary="At least 100 killed in twin car bombings in Mogadishu")
    later = rec(2, "b", killed_min=121, killed_max=121, published="2022-11-02", actors=frozenset({"al-shabaab"}),
                summary="Mogadishu toll climbs to 121 after twin car bombings")
    s = score(first, later)
    assert s.probability >= AUTO_MERGE
    assert {"date", "place", "type", "killed", "words"} <= set(s.features)
    assert "actors" not in s.features  # one side names nobody: no evidence either way


def test_same_day_same_country_other_city_stays_apart():
    kabul = rec(1, "a", country="Afghanistan", place="Kabul", latitude=34.53, longitude=69.17, killed_min=5)
    kandahar = rec(2, "b", country="Afghanistan", place="Kandahar", latitude=31.61, longitude=65.71, killed_min=5)
    s = score(kabul, kandahar)
    assert s.probability < REVIEW and s.features["place"] < 0


def test_same_city_same_day_different_venues_and_tolls_is_not_auto_merged():
    market = rec(1, "a", place="Bakara market", place_precision="venue", killed_min=3, type="bombing")
    hotel = rec(2, "b", place="Hotel Hayat", place_precision="venue", killed_min=21, type="armed_assault")
    assert score(market, hotel).probability < AUTO_MERGE


@pytest.mark.parametrize("a, b, expected", [
    ((100, None), (121, 121), "overlap"),  # "at least 100" then 121
    ((40, 40), (137, 137), "rising"),  # early count, later revised upwards
    ((137, 137), (40, 40), "conflict"),  # the later report is far lower
    ((3, 3), (60, 60), "conflict"),
])
def test_toll_comparison_allows_rising_counts(a, b, expected):
    early = rec(1, "a", killed_min=a[0], killed_max=a[1], published="2024-03-23")
    late = rec(2, "b", killed_min=b[0], killed_max=b[1], published="2024-03-26")
    w = score(early, late).features["killed"]
    assert {"overlap": w > 0.5, "rising": w == 0.0, "conflict": w < 0}[expected]


def test_affiliates_count_for_but_siblings_against():
    fam = {"al-shabaab": frozenset({"al-qaeda"}), "aqap": frozenset({"al-qaeda"})}
    a = rec(1, "a", actors=frozenset({"al-shabaab"}))
    assert score(a, rec(2, "b", actors=frozenset({"al-qaeda"})), fam).features["actors"] > 0
    assert score(a, rec(2, "b", actors=frozenset({"aqap"})), fam).features["actors"] < 0


def test_vectors_are_an_optional_feature():
    a, b = rec(1, "a"), rec(2, "b")
    assert "vector" not in score(a, b).features
    near = score(rec(1, "a", vector=(1.0, 0.0)), rec(2, "b", vector=(0.9, 0.1)))
    far = score(rec(1, "a", vector=(1.0, 0.0)), rec(2, "b", vector=(0.0, 1.0)))
    assert near.features["vector"] > 0 > far.features["vector"]
    assert near.probability > score(a, b).probability > far.probability


def test_blocking_keys():
    assert block_key(rec(aggregate=True)) is None  # waves of attacks are never merged
    assert block_key(rec(country=None))[0] == ""  # compared with every country
    assert block_key(rec(country=None, date=None, date_precision="unknown")) is None
    assert block_key(rec(date="2022", date_precision="year")) is None
    lo, hi, dated = day_span(rec(date="2022-10", date_precision="month"))
    assert dated and hi - lo == 30
    lo, hi, dated = day_span(rec(date=None, date_precision="unknown", published="2022-10-30"))
    assert not dated and hi == date(2022, 10, 30).toordinal() and hi - lo == 10


# --- tolls ------------------------------------------------------------------------------------


def test_figures_low_best_high_with_latest_and_conservative_per_source():
    events = [
        {"id": 1, "article": "a", "publisher": "Wire", "published": "2022-10-30", "killed_min": 100, "killed_max": None},
        {"id": 2, "article": "b", "publisher": "Daily", "published": "2022-10-31", "killed_min": 120, "killed_max": 130},
        {"id": 3, "article": "c", "publisher": "Wire", "published": "2022-11-02", "killed_min": 121, "killed_max": 121},
        {"id": 4, "article": "d", "publisher": "Post", "published": "2022-10-30", "killed_min": None, "killed_max": None},
    ]
    f = figures(events, "killed")
    # Wire's latest report (121) replaces its first (100); Daily says 120-130
    assert (f["low"], f["best"], f["high"]) == (120, 121, 130)
    assert f["latest"] == {"value": 121, "article": "c", "published": "2022-11-02"}
    assert f["conservative"]["article"] == "b"
    assert {s["source"]: s["conservative"] for s in f["per_source"]} == {"Wire": 121, "Daily": 120}
    assert len(f["reports"]) == 3  # every report is kept
    assert figures(events, "killed", corrected=125)["best"] == 125
    assert figures(events[3:], "killed") is None


# --- incidents in the store -------------------------------------------------------------------


def test_reports_of_one_attack_become_one_incident_with_events_kept(store):
    save(store, "wire", "2022-10-30", [ev(killed_min=100)], publisher="Wire")
    r = save(store, "daily", "2022-11-02", [ev(killed_min=121, killed_max=121, perpetrators=("al-shabaab",))],
             [SHABAAB], publisher="Daily")
    assert r.merged == 1
    events = store.events()
    assert len(events) == 2 and all(set(e) == set(EVENT_KEYS) for e in events)  # per-article events unchanged
    (inc,) = store.incidents()
    assert inc["sources"] == ["wire", "daily"] and len(inc["events"]) == 2
    assert (inc["killed_min"], inc["killed"]["best"], inc["killed_max"]) == (100, 121, 121)
    assert inc["perpetrators"] == ["al-Shabaab"]
    assert store.incident(inc["id"])["events"] == inc["events"]
    assert store.incident_of(events[0]["id"]) == inc["id"]


def test_distinct_attacks_same_day_same_country_stay_apart(store):
    save(store, "a", "2022-10-30", [ev(killed_min=100)])
    save(store, "b", "2022-10-30", [ev(place="Baidoa", latitude=3.11, longitude=43.65, killed_min=4)])
    save(store, "c", "2022-10-30", [ev(place="Kismayo", latitude=-0.36, longitude=42.55, type="kidnapping")])
    assert len(store.incidents()) == 3
    assert store.merge_candidates() == []


def test_events_of_one_article_never_merge_and_aggregates_stay_apart(store):
    save(store, "a", "2022-10-30", [ev("e1", killed_min=100), ev("e2", killed_min=100),
                                    ev("e3", aggregate=True, place=None, place_precision="country")])
    assert len(store.incidents()) == 3
    r = save(store, "b", "2022-10-31", [ev(killed_min=100)])
    # as like one as the other: it joins neither, both pairs go to the analyst
    assert r.merged == 0 and r.proposed == 2 and len(store.incidents()) == 4


def test_middling_pair_is_proposed_not_merged(store):
    save(store, "a", "2022-10-30", [ev(date="2022-10", date_precision="month", place=None,
                                       place_precision="country", killed_min=500)])
    r = save(store, "b", "2022-10-31", [ev(date="2022-10", date_precision="month", place=None,
                                           place_precision="country", killed_min=501)])
    assert r.merged == 0 and r.proposed == 1
    (cand,) = store.merge_candidates()
    assert REVIEW <= cand["score"] < AUTO_MERGE and "killed" in cand["features"]


def test_blocking_query_uses_the_index(store):
    plan = " ".join(str(tuple(r)) for r in store.conn.execute(
        "EXPLAIN QUERY PLAN SELECT event_id, incident_id FROM incident_events"
        " WHERE country = ? AND day_lo BETWEEN ? AND ? AND day_hi >= ?", ("somalia", 1, 2, 1)))
    assert "incident_events_block" in plan


def test_deleting_an_article_trims_its_incident(store):
    save(store, "a", "2022-10-30", [ev(killed_min=100)])
    save(store, "b", "2022-10-31", [ev(killed_min=101)])
    store.delete_article("a")
    (inc,) = store.incidents()
    assert inc["sources"] == ["b"]
    store.delete_article("b")
    assert store.incidents() == [] and store.conn.execute("SELECT count(*) FROM incidents").fetchone()[0] == 0


def test_resolve_all_and_reset_are_idempotent(store):
    for aid, day in (("a", "2022-10-30"), ("b", "2022-10-31"), ("c", "2022-11-01")):
        save(store, aid, day, [ev(killed_min=100)], resolve=False)
    assert store.incidents() == []
    resolve_all(store, encoder=False)
    assert [len(i["events"]) for i in store.incidents()] == [3]
    assert resolve_all(store, encoder=False)[0].decisions == []  # nothing left to do
    reset(store)
    resolve_all(store, encoder=False)
    assert [len(i["events"]) for i in store.incidents()] == [3]


# --- actors -------------------------------------------------------------------------------------


def test_people_merge_by_name_variants_across_articles(store):
    save(store, "a", "2022-10-30", actors=[actor("hassan-sheikh-mohamud", "Hassan Sheikh Mohamud", "person")])
    save(store, "b", "2022-11-02", actors=[actor("hassan-sheikh", "Hassan Sheikh", "person"),
                                           actor("mohamud", "Mohamud", "person")])
    save(store, "c", "2022-11-03", actors=[actor("jovenel-moise", "Jovenel Moise", "person"),
                                           actor("mohamud-ali", "Mohamud Ali", "person")])
    save(store, "d", "2022-11-04", actors=[actor("jovenel-mo-se", "Jovenel Moïse", "person")])
    clusters = {c["key"]: c for c in store.canonical_actors()}
    hsm = clusters["hassan-sheikh-mohamud"]
    assert sorted(hsm["members"]) == ["hassan-sheikh", "hassan-sheikh-mohamud", "mohamud"]
    assert hsm["name"] == "Hassan Sheikh Mohamud" and hsm["articles"] == ["a", "b"]
    assert sorted(clusters["jovenel-moise"]["members"]) == ["jovenel-mo-se", "jovenel-moise"]
    assert clusters["mohamud-ali"]["members"] == ["mohamud-ali"]  # another man


def test_unknown_group_spelling_joins_the_gazetteer_and_acronyms_join(store):
    save(store, "a", "2022-10-30", actors=[actor("tehreek-e-taliban-pakistan", "Tehreek-e-Taliban Pakistan"),
                                           actor("popular-resistance-front", "Popular Resistance Front")])
    save(store, "b", "2022-11-02", actors=[actor("prf", "PRF")])
    clusters = {c["key"]: c for c in store.canonical_actors()}
    assert "tehreek-e-taliban-pakistan" in clusters["tehrik-i-taliban-pakistan"]["members"]
    assert sorted(clusters["popular-resistance-front"]["members"]) == ["popular-resistance-front", "prf"]


@pytest.mark.parametrize("a, b, same", [
    ("Hassan Sheikh Mohamud", "President Hassan Sheikh Mohamud", True),
    ("Abubakar Shekau", "Abu Bakr Shekau", True),
    ("Mohammed Ali", "Muhammad Ali", True),
    ("Qassem Soleimani", "Qasem Suleimani", True),
    ("Abu Bakr al-Baghdadi", "Abu Bakr Baghdadi", True),
    ("Ali Dawabsheh", "Ali Haji Adan", False),
    ("Hassan Sheikh Mohamud", "Mohamud", False),  # a lone surname needs the article
    ("John Smith", "Jane Smith", False),
])
def test_same_person(a, b, same):
    assert (names.same_person(a, b) is not None) is same


@pytest.mark.parametrize("name, gid", [
    ("Boko Haram militants", "boko-haram"),
    ("al-Shabab", "al-shabaab"),
    ("Tehreek-e-Taliban Pakistan", "tehrik-i-taliban-pakistan"),
    ("Unknown Gunmen Brigade", None),
])
def test_gazetteer_group(name, gid):
    found = names.gazetteer_group(name)
    assert (found[0] if found else None) == gid


# --- places -------------------------------------------------------------------------------------


@pytest.mark.parametrize("mention, hint, country, precision", [
    ("USA", None, "US", "country"),  # mordecai: countries resolved to towns
    ("France", None, "FR", "country"),
    ("China", None, "CN", "country"),
    ("Georgia", "US", "US", "region"),  # the US state, not the country
    ("Georgia", None, "GE", "country"),
    ("Paris, Texas", None, "US", "city"),
    ("Kerman, Kerman province", "IR", "IR", "city"),
    ("near Maiduguri", "NG", "NG", "city"),
    ("the village of Chibok", None, "NG", "city"),
])
def test_resolve_place(mention, hint, country, precision):
    p = resolve_place(mention, hint)
    assert p is not None and (p.country_code, p.precision) == (country, precision)


def test_one_unknown_place_does_not_empty_the_others():
    found = resolve_places(["Xyzzyqx", "Kabul", "Peshawar"])
    assert found["Xyzzyqx"] is None and found["Kabul"].country_code == "AF"
    assert found["Peshawar"].country_code == "PK"


# --- Admiralty ratings --------------------------------------------------------------------------


@pytest.mark.parametrize("speaker, kind, role, named, grade", [
    ("Interior Minister Ali Yerlikaya", "person", "Interior Minister", True, "B"),
    ("Riccardo Valle", "person", "director of research", True, "C"),
    ("police", None, None, False, "C"),
    ("witnesses", None, None, False, "D"),
    ("Islamic State", "armed_group", None, True, "D"),
    ("it", None, None, False, "F"),
])
def test_reliability_defaults(speaker, kind, role, named, grade):
    assert reliability(speaker, kind, role, named)[0] == grade


def test_credibility_defaults():
    assert credibility(False, 1, False)[0] == 6
    assert credibility(True, 1, False)[0] == 3
    assert credibility(True, 2, True)[0] == 2
    assert credibility(True, 3, True)[0] == 1


def test_claims_corroborated_by_another_source_rise_to_2(store):
    minister = actor("ali-haji-adan", "Ali Haji Adan", "person")
    minister = ActorMention(key=minister.key, name=minister.name, kind="person", surface=("Ali Haji Adan",),
                            role="Health Minister")
    t1 = "Ali Haji Adan said 100 people were killed in the bombing."
    t2 = "The health minister, Ali Haji Adan, said 121 people were killed in the bombing."
    c1 = Claim(speaker="Ali Haji Adan", speaker_key="ali-haji-adan", verb="say",
               text="100 people were killed in the bombing", start=19, end=57, event_key="e1")
    save(store, "a", "2022-10-30", [ev(killed_min=100)], [minister], [c1], text=t1)
    (rating,) = store.claim_ratings().values()
    assert (rating["reliability"], rating["credibility"]) == ("B", 3)
    c2 = Claim(speaker="Ali Haji Adan", speaker_key="ali-haji-adan", verb="say",
               text="121 people were killed in the bombing", start=40, end=77)
    save(store, "b", "2022-11-02", [ev(killed_min=121)], [minister], [c2], text=t2)
    assert [(r["reliability"], r["credibility"]) for r in store.claim_ratings().values()] == [("B", 2), ("B", 2)]


# --- through the pipeline -----------------------------------------------------------------------


@pytest.mark.slow
def test_ingest_resolves_two_reports_into_one_incident(tmp_path):
    from pathlib import Path

    from tacitus.config import Settings
    from tacitus.pipeline import ingest

    samples = Path(__file__).resolve().parents[1] / "samples"
    with Store(tmp_path / "t.db") as store:
        for name, day in (("mogadishu-wire-2022.txt", "2022-10-30"), ("mogadishu-followup-2022.txt", "2022-11-02")):
            ingest([str(samples / name)], store, Settings(db=tmp_path / "t.db"), published=date.fromisoformat(day),
                   progress=False)
        (inc,) = [i for i in store.incidents() if i["date"] == "2022-10-29"]
        assert len(inc["sources"]) == 2
        assert (inc["killed"]["low"], inc["killed"]["best"]) == (100, 121)
        assert any(a["key"] == "hassan-sheikh-mohamud" and len(a["members"]) >= 2 for a in store.canonical_actors())


class FakeEncoder:
    """Stands in for MiniLM: one direction per first word, so two texts agree or not."""

    name = "fake"

    def __init__(self):
        self.calls = 0

    def encode(self, texts):
        self.calls += 1
        return [(1.0, 0.0) if t.startswith("Twin") else (0.0, 1.0) for t in texts]


def test_an_encoder_adds_the_vector_feature_and_vectors_are_stored(store):
    enc = FakeEncoder()
    for aid, day, summary in (("a", "2022-10-30", "Twin blasts in Mogadishu"),
                              ("b", "2022-10-31", "Twin car bombs in Mogadishu")):
        store.save(Extraction(article=art(aid, day), events=(ev(summary=summary, killed_min=100),)))
        resolve_article(store, aid, encoder=enc)
    (inc,) = store.incidents()
    assert len(inc["events"]) == 2 and enc.calls == 2
    assert store.conn.execute("SELECT count(*) FROM event_embeddings WHERE model = 'fake'").fetchone()[0] == 2
    note = next(h["note"] for h in store.history(inc["events"][1]) if h["action"] == "auto_merge")
    assert "vector +1.20" in note


def test_resolve_all_encodes_in_one_batch(store):
    enc = FakeEncoder()
    for aid, day in (("a", "2022-10-30"), ("b", "2022-10-31"), ("c", "2022-11-01")):
        save(store, aid, day, [ev(summary="Twin blasts", killed_min=100)], resolve=False)
    resolve_all(store, encoder=enc)
    assert enc.calls == 1 and [len(i["events"]) for i in store.incidents()] == [3]
