"""The MUC-4 view of an extraction: which mention stands for each perpetrator."""

from __future__ import annotations

from tacitus.models import ActorMention, Article, Event, Extraction, Paragraph
from tacitus.roles_view import roles_of

TEXT = ("Colonel Hector Heriberto Hernandez led the raid, the FMLN said. "
        "Farabundo Marti National Liberation Front rebels later denied it.")


def _extraction(actors: tuple[ActorMention, ...], **event) -> Extraction:
    article = Article(id="a", text=TEXT, paragraphs=(Paragraph(TEXT, 0, len(TEXT)),))
    return Extraction(article, events=(Event("e1", "armed_assault", **event),), actors=actors)


def test_a_suspect_is_named_by_its_fullest_mention_in_the_text():
    person = ActorMention("hh", "Heriberto Hernandez", "person",
                          ("Heriberto Hernandez", "Hector Hernandez", "Colonel Hector Heriberto Hernandez"))
    roles = roles_of(_extraction((person,), suspects=("hh",)))
    # "Hector Hernandez" is longer than the name alone but never stands in the text
    assert roles["PerpInd"] == [["Colonel Hector Heriberto Hernandez"]]


def test_an_organisation_keeps_its_first_name_and_one_entry_per_actor():
    group = ActorMention("fmln", "Farabundo Marti National Liberation Front", "armed_group",
                         ("Farabundo Marti National Liberation Front", "FMLN",
                          "Farabundo Marti National Liberation Front rebels later"))
    roles = roles_of(_extraction((group,), perpetrators=("fmln", "fmln", "missing")))
    assert roles["PerpOrg"] == [["Farabundo Marti National Liberation Front"]]
    assert roles["PerpInd"] == []
