"""Admiralty (NATO) source ratings for claims: source reliability A-F and information
credibility 1-6, with defaults from simple evidence that an analyst can overrule in review.

Reliability of the speaker (A is left to analysts; nothing is rated A by default):

=====  ============================  =====================================================
grade  meaning                       default for
=====  ============================  =====================================================
B      usually reliable              a named official: a person with an official role, a
                                     government or state force identified by name
C      fairly reliable               an unnamed official ("police said", "officials"), or a
                                     named person without an official role
D      not usually reliable          an armed group speaking about its own acts, or an
                                     unnamed non-official ("witnesses", "residents",
                                     "a source")
F      reliability cannot be judged  a speaker the text does not identify ("he", "it")
=====  ============================  =====================================================

Credibility of the information:

* 1 confirmed: the incident is reported by three or more independent sources (publishers)
  and another source carries a claim from the same speaker or with the same content;
* 2 probably true: corroborated by one other independent source (same as above, two sources);
* 3 possibly true: reported by one source only, nothing against it;
* 6 truth cannot be judged: the claim is not tied to any event.

4 (doubtful) and 5 (improbable) need a contradiction, which only an analyst records.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..lang import pack
from .features import words

RELIABILITY = ("A", "B", "C", "D", "E", "F")
CREDIBILITY = (1, 2, 3, 4, 5, 6)
SAME_CONTENT = 0.35  # word Jaccard above which two claims say the same thing

# the words of a speaker (lang/<code>/resolve.yaml)
OFFICIAL_WORDS = pack().words("official_speaker_words")
ANONYMOUS_WORDS = pack().words("anonymous_speaker_words")
PRONOUNS = pack().words("speaker_pronouns")
_CONNECTORS = pack().words("proper_name_connectors")  # "The Kenya Red Cross", "Ministry of Interior"
_WORD = re.compile(r"[a-z]+")


@dataclass(frozen=True)
class Rating:
    reliability: str
    credibility: int
    basis: str  # why, in a few words

    @property
    def code(self) -> str:
        return f"{self.reliability}{self.credibility}"


def reliability(speaker: str, kind: str | None, role: str | None, named: bool) -> tuple[str, str]:
    """(grade, reason) for a speaker: surface text, resolved actor kind and role, and whether
    the text names the speaker (a resolved person, government or state force)."""
    text = {w for w in _WORD.findall((speaker or "").lower())}
    role_words = {w for w in _WORD.findall((role or "").lower())}
    if kind == "armed_group":
        return "D", "armed group speaking about its own acts"
    if named and kind == "person":
        if role_words & OFFICIAL_WORDS or text & OFFICIAL_WORDS:
            return "B", "named official"
        return "C", "named person without an official role"
    if named and kind in ("government", "state_force"):
        return "B", "named government or force"
    proper = _proper_name(speaker)
    if text & OFFICIAL_WORDS:
        # "US Central Command", "Interior Ministry" name a body; "police said" does not
        named_body = proper and len(proper) >= 2
        return ("B", "named official body") if named_body else ("C", "unnamed official")
    if not text or text <= PRONOUNS:
        return "F", "speaker not identified"
    if text & ANONYMOUS_WORDS:
        return "D", "unnamed non-official source"
    return "C", "named source" if named or proper else "unnamed source"


def _proper_name(speaker: str | None) -> list[str]:
    """The words of a speaker written as a proper name, every word capitalised ("Kenyatta",
    "US Central Command", "The Kenya Red Cross"), else []."""
    words = [w for w in re.findall(r"[^\W\d_][\w'’.-]*", speaker or "") if w.lower() not in _CONNECTORS]
    if words and all(w[0].isupper() for w in words) and words[0].lower() not in PRONOUNS:
        return words
    return []


def credibility(event_linked: bool, independent_sources: int, corroborated: bool) -> tuple[int, str]:
    """(grade, reason): how many independent sources report the claim's incident and
    whether another of them carries the same claim."""
    if not event_linked:
        return 6, "not tied to an event"
    if corroborated and independent_sources >= 3:
        return 1, f"corroborated, incident reported by {independent_sources} sources"
    if corroborated and independent_sources >= 2:
        return 2, "corroborated by another source"
    return 3, "single source" if independent_sources <= 1 else "not repeated by other sources"


def same_claim(a_text: str, a_speaker: str | None, b_text: str, b_speaker: str | None) -> bool:
    """Two claims from different articles corroborate each other: same resolved speaker,
    or the same content in other words."""
    if a_speaker and b_speaker and a_speaker == b_speaker:
        return True
    wa, wb = words(a_text), words(b_text)
    return bool(wa and wb) and len(wa & wb) / len(wa | wb) >= SAME_CONTENT


def rate(speaker: str, kind: str | None, role: str | None, named: bool, event_linked: bool,
         independent_sources: int, corroborated: bool) -> Rating:
    grade, why = reliability(speaker, kind, role, named)
    cred, because = credibility(event_linked, independent_sources, corroborated)
    return Rating(grade, cred, f"{why}; {because}")
