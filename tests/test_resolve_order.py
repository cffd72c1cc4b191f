"""The record does not depend on the order articles arrive in, nor on how many write at once:
the same articles, shuffled several times or written by two connections at once, give the
same incidents with the same ids as a clean run in publication order; a reset and a re-run
renumber nothing."""

from __future__ import annotations

import random
import threading
from datetime import date, timedelta

import pytest

from tacitus.models import ActorMention, Article, Event, Extraction, Paragraph
from tacitus.pipeline import store_and_resolve
from tacitus.resolve import reset, resolve_all
from tacitus.resolve.events import recluster
from tacitus.store import Store

COUNTRIES = (("Somalia", "Mogadishu", 2.04, 45.34), ("Nigeria", "Maiduguri", 11.85, 13.16),
             ("Afghanistan", "Kabul", 34.53, 69.17))
TYPES = ("bombing", "armed_assault", "kidnapping")


def corpus(seed: int, incidents: int = 45) -> list[Extraction]:
    """Reports of dense, look-alike attacks: several a day in each country, near each other,
    with tolls rising from report to report, imprecise places and dates, and articles that
    report two attacks at once, so that many events have several plausible incidents."""
    rng = random.Random(seed)
    out: list[Extraction] = []
    start = date(2023, 3, 1)
    for i in range(incidents):
        country, city, lat, lon = COUNTRIES[i % len(COUNTRIES)]
        day = start + timedelta(days=rng.randint(0, 6))
        far = rng.random() < 0.5
        place, plat, plon = (f"{city} district {i}", lat + rng.uniform(-0.3, 0.3), lon + rng.uniform(-0.3, 0.3)) \
            if far else (city, lat, lon)
        kind, toll = rng.choice(TYPES), rng.randint(1, 40)
        for r in range(rng.randint(1, 4)):
            published = day + timedelta(days=r + rng.randint(0, 1))
            reported = max(1, int(toll * (0.6 + 0.2 * r)))
            precise = rng.random() < 0.8
            kw = dict(type=kind if rng.random() < 0.85 else "unknown", country=country,
                      date=day.isoformat() if rng.random() < 0.85 else day.isoformat()[:7],
                      place=place if precise else country, place_precision="city" if precise else "country",
                      latitude=round(plat + rng.uniform(-0.01, 0.01), 4) if precise else None,
                      longitude=round(plon + rng.uniform(-0.01, 0.01), 4) if precise else None,
                      killed_min=reported, killed_max=reported if rng.random() < 0.5 else None,
                      summary=f"{reported} killed in {kind.replace('_', ' ')} in {place}")
            kw["date_precision"] = "day" if len(kw["date"]) == 10 else "month"
            actors = ()
            if rng.random() < 0.4:
                kw["perpetrators"] = ("al-shabaab",)
                actors = (ActorMention("al-shabaab", "al-Shabaab", "armed_group", ("al-Shabaab",)),)
            events = [Event(key="e1", **kw)]
            if rng.random() < 0.15:
                events.append(Event(key="e2", **{**kw, "killed_min": reported + 3, "killed_max": None,
                                                 "summary": f"another attack near {place}"}))
            aid = f"a{i:03d}r{r}"
            text = kw["summary"]
            art = Article(id=aid, text=text, paragraphs=(Paragraph(text, 0, len(text)),), title=text,
                          published=published, publisher=f"outlet-{rng.randint(1, 6)}")
            out.append(Extraction(article=art, events=tuple(events), actors=actors))
    return sorted(out, key=lambda x: (x.article.published, x.article.id))


def record(store: Store) -> set[tuple[int, frozenset[str]]]:
    """Incidents as (id, member refs): what must not depend on order or writers."""
    rows = store.conn.execute("SELECT ie.incident_id, e.article_id || '#' || e.key FROM incident_events ie"
                              " JOIN events e ON e.id = ie.event_id").fetchall()
    members: dict[int, set[str]] = {}
    for inc, ref in rows:
        members.setdefault(inc, set()).add(ref)
    return {(inc, frozenset(refs)) for inc, refs in members.items()}


def candidates(store: Store) -> set[tuple[str, str]]:
    return {tuple(sorted(r)) for r in store.conn.execute(
        "SELECT l.article_id || '#' || l.key, r.article_id || '#' || r.key FROM merge_candidates c"
        " JOIN events l ON l.id = c.left_event JOIN events r ON r.id = c.right_event")}


def run(articles: list[Extraction], path=":memory:", check_full: bool = False) -> tuple[set, set]:
    with Store(path) as store:
        for ex in articles:
            store_and_resolve(store, ex)
        got = record(store), candidates(store)
        if check_full:  # the fast path (replay) left exactly what deciding everything again gives
            with store.atomic():
                recluster(store.conn, [r[0] for r in store.conn.execute("SELECT id FROM events")])
            assert (record(store), candidates(store)) == got
        return got


@pytest.fixture(scope="module")
def articles() -> list[Extraction]:
    return corpus(14)


@pytest.fixture(scope="module")
def clean_run(articles):
    return run(articles)


def test_corpus_is_hard_enough(clean_run, articles):
    incidents, proposed = clean_run
    n_events = sum(len(a.events) for a in articles)
    merged = sum(len(refs) > 1 for _, refs in incidents)
    assert merged >= 10 and len(incidents) < n_events and proposed  # merges and doubts both


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_any_order_gives_the_same_incidents_and_ids(articles, clean_run, seed):
    shuffled = articles[:]
    random.Random(seed).shuffle(shuffled)
    assert run(shuffled, check_full=seed == 1) == clean_run


def test_two_writers_at_once_give_the_same_incidents(articles, clean_run, tmp_path):
    path = tmp_path / "two.db"
    Store(path).close()
    shuffled = articles[:]
    random.Random(99).shuffle(shuffled)
    halves = [shuffled[0::2], shuffled[1::2]]
    errors: list[BaseException] = []

    def writer(part: list[Extraction]) -> None:
        try:
            with Store(path) as store:
                for ex in part:
                    store_and_resolve(store, ex)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(h,)) for h in halves]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    with Store(path) as store:
        assert (record(store), candidates(store)) == clean_run


def test_reset_and_re_run_renumber_nothing(articles, clean_run):
    with Store(":memory:") as store:
        for ex in articles:
            store.save(ex)
        resolve_all(store, encoder=False)
        assert (record(store), candidates(store)) == clean_run
        reset(store)
        resolve_all(store, encoder=False)
        assert (record(store), candidates(store)) == clean_run


def test_deleting_an_article_leaves_what_a_run_without_it_gives(articles):
    gone = next(a for a in articles if len(a.events) == 1 and a.article.id.endswith("r0"))
    with Store(":memory:") as store:
        for ex in articles:
            store_and_resolve(store, ex)
        store.delete_article(gone.article.id)
        resolve_all(store, encoder=False)  # decides again what the deletion left dirty
        after_delete = record(store)
    assert after_delete == run([a for a in articles if a is not gone])[0]
