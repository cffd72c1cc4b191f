"""A small record for the listing and export tests, built by hand (no spaCy model): the
Mogadishu bombing reported by two publishers who disagree on the toll (resolved into one
incident; the first with al-Shabaab's claim), a Peshawar bombing, and a Kabul report stored but
not resolved yet."""

from __future__ import annotations

from datetime import date

from tacitus.models import ActorMention, Article, Claim, Event, Evidence, Extraction, Paragraph
from tacitus.resolve import resolve_article
from tacitus.store import Store

SHABAAB = ActorMention(key="al-shabaab", name="al-Shabaab", kind="armed_group", surface=("al-Shabaab",))
TTP = ActorMention(key="ttp", name="Tehrik-i-Taliban Pakistan", kind="armed_group", surface=("TTP",))


def _article(aid: str, text: str, published: str, publisher: str, url: str) -> Article:
    return Article(id=aid, text=text, paragraphs=(Paragraph(text, 0, len(text)),), title=f"title {aid}",
                   published=date.fromisoformat(published), publisher=publisher, url=url)


def _event(text: str, aid: str, killed: tuple[int, int | None], **kw) -> Event:
    number = str(killed[0])
    at = text.index(number)
    first = text.split(". ")[0] + "."
    base = dict(
        key="e1", type="bombing", date="2022-10-29", date_precision="day", country="Somalia", admin1="Banaadir",
        place="Mogadishu", place_precision="town", geo_precision=1, latitude=2.037, longitude=45.34,
        killed_min=killed[0], killed_max=killed[1], perpetrators=("al-shabaab",), claimed_by=("al-shabaab",),
        targets=("Ministry of Education",), weapons=("car bombs",),
        acled_event_type="Explosions/Remote violence", acled_sub_event_type="Remote explosive/landmine/IED",
        disorder_type="Political violence", actor1="al-Shabaab", inter1="Rebel group",
        actor2="Civilians (Somalia)", inter2="Civilians", interaction="Rebel group-Civilians",
        summary=first, confidence=0.9,
        evidence=(Evidence(aid, 0, at, at + len(number), first, "killed"),
                  Evidence(aid, 0, 0, len(first) - 1, first, "type")),
    )
    base.update(kw)
    return Event(**base)


MOGADISHU_A = "Twin car bombs killed 100 people in Mogadishu on Saturday. Al-Shabaab said it did it."
MOGADISHU_B = "The toll of the Mogadishu car bombings rose to 121 on Wednesday. Al-Shabaab claimed them."
PESHAWAR = "A suicide bomber killed 101 worshippers at a police mosque in Peshawar. The TTP was blamed."
KABUL = "A blast killed 13 people at Kabul airport. No group has claimed it."


def build(store: Store) -> None:
    said = MOGADISHU_A.index("Al-Shabaab said")
    claim = Claim(speaker="Al-Shabaab", speaker_key="al-shabaab", verb="say", text="it did it",
                  start=said + len("Al-Shabaab said "), end=len(MOGADISHU_A) - 1, is_responsibility=True,
                  event_key="e1")
    store.save(Extraction(article=_article("a", MOGADISHU_A, "2022-10-30", "Reuters", "https://example.org/a"),
                          events=(_event(MOGADISHU_A, "a", (100, None)),), actors=(SHABAAB,), claims=(claim,)))
    store.save(Extraction(article=_article("b", MOGADISHU_B, "2022-11-02", "AP", "https://example.org/b"),
                          events=(_event(MOGADISHU_B, "b", (121, 121)),), actors=(SHABAAB,)))
    store.save(Extraction(
        article=_article("c", PESHAWAR, "2023-01-31", "Dawn", "https://example.org/c"), actors=(TTP,),
        events=(_event(PESHAWAR, "c", (101, 101), date="2023-01-30", country="Pakistan", admin1="Khyber Pakhtunkhwa",
                       place="Peshawar", latitude=34.0, longitude=71.57, perpetrators=(), claimed_by=(),
                       suspects=("ttp",), targets=("worshippers", "police mosque"), weapons=("suicide vest",),
                       actor1="Tehrik-i-Taliban Pakistan", actor2="Police Forces of Pakistan",
                       inter2="State forces"),)))
    for aid in ("a", "b", "c"):
        resolve_article(store, aid, encoder=False)
    store.save(Extraction(   # stored, not resolved: listed as an incident of its own
        article=_article("d", KABUL, "2021-08-27", "BBC", "javascript:alert(1)"),
        events=(_event(KABUL, "d", (13, 13), date="2021-08", date_precision="month", country="Afghanistan",
                       admin1="Kabul", place="Kabul", latitude=34.53, longitude=69.17, perpetrators=(),
                       claimed_by=(), targets=(), weapons=(), actor1="Unidentified Armed Group (Afghanistan)",
                       inter1="Political militia", actor2=None, inter2=None),)))

