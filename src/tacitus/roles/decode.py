"""Per-piece role probabilities -> scored spans -> one entity per distinct referent."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np

from tacitus.evaluate.ceaf import ROLES, normalize
from tacitus.roles.encoding import Encoded

# Words a role span never ends (or starts) with: the tagger sometimes runs on into them.
EDGE_WORDS = frozenset({"and", "or", "the", "a", "an", "of", "in", "on", "at", "by", "with", "its", "s"})
EDGE_CHARS = " \t\n'`,;:.()-"  # and a double quote when it is unpaired in the span

# A mention made only of these is no filler ("two" split off "two car bombs", "its").
NON_CONTENT = frozenset(
    "one two three four five six seven eight nine ten dozen several some all both it its they "
    "them their he him his she her who whom which that this these those".split()
)

# A piece opens or continues a candidate span when P(not O) reaches this. Deliberately low:
# candidates are filtered afterwards by the per-role thresholds tuned on dev.
DECODE_FLOOR = 0.15


@dataclass(frozen=True)
class RoleEntity:
    """One entity filling a role: its mention strings (best first), their character spans
    in the text given to the tagger, and the model's confidence."""

    mentions: tuple[str, ...]
    spans: tuple[tuple[int, int], ...]
    score: float


@dataclass(frozen=True)
class Candidate:
    start: int  # character offsets
    end: int
    score: float


def role_spans(enc: Encoded, probs: np.ndarray, floor: float = DECODE_FLOOR) -> list[Candidate]:
    """Spans of one role from (n, 3) O/B/I probabilities, snapped to whole words."""
    n = len(enc.ids)
    inside = 1.0 - probs[:, 0]
    # decide on the first piece of each word; later pieces of the word follow it
    first = np.ones(n, dtype=bool)
    first[1:] = enc.words[1:] != enc.words[:-1]
    spans: list[Candidate] = []
    cur: list[int] | None = None  # piece indices of the open span
    for i in range(n):
        if not first[i]:
            if cur is not None:
                cur.append(i)
            continue
        on = inside[i] >= floor
        begins = on and (cur is None or probs[i, 1] > probs[i, 2])
        if cur is not None and (not on or begins):
            spans.append(_candidate(enc, inside, cur))
            cur = None
        if on:
            cur = [i] if cur is None else cur + [i]
    if cur is not None:
        spans.append(_candidate(enc, inside, cur))
    return spans


def _candidate(enc: Encoded, inside: np.ndarray, pieces: list[int]) -> Candidate:
    return Candidate(
        int(enc.offsets[pieces[0], 0]), int(enc.offsets[pieces[-1], 1]), float(inside[pieces].mean())
    )


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) past punctuation, possessive 's and function words at its edges."""
    while True:
        before = (start, end)
        while start < end and text[start] in EDGE_CHARS:
            start += 1
        while end > start and text[end - 1] in EDGE_CHARS:
            end -= 1
        if text.count('"', start, end) % 2:
            start, end = (start + 1, end) if text[start] == '"' else (start, end - (text[end - 1] == '"'))
        words = text[start:end].split()
        if len(words) > 1 and words[-1].lower() in EDGE_WORDS:
            end = start + text[start:end].rstrip().rfind(words[-1])
        elif len(words) > 1 and words[0].lower() in EDGE_WORDS - {"the", "a", "an"}:
            start += len(words[0])
        elif text[start:end].lower().endswith("'s"):
            end -= 2
        if (start, end) == before:
            return start, end


def group(text: str, spans: list[Candidate]) -> list[RoleEntity]:
    """One entity per normalised mention string, scored by its best span, best first."""
    groups: dict[str, list[Candidate]] = {}
    for c in spans:
        c = Candidate(*trim(text, c.start, c.end), c.score)
        key = normalize(text[c.start : c.end])
        if key and not all(w in NON_CONTENT or w.isdigit() for w in key.split()):
            groups.setdefault(key, []).append(c)
    entities = []
    for members in groups.values():
        best = max(members, key=lambda c: c.score)
        surfaces = [text[best.start : best.end]]
        for c in members:
            if text[c.start : c.end] not in surfaces:
                surfaces.append(text[c.start : c.end])
        entities.append(
            RoleEntity(tuple(surfaces), tuple((c.start, c.end) for c in members), best.score)
        )
    entities.sort(key=lambda e: -e.score)
    return entities


def decode(text: str, enc: Encoded, probs: np.ndarray, floor: float = DECODE_FLOOR) -> dict[str, list[RoleEntity]]:
    """(n, roles, 3) probabilities -> role -> candidate entities (unfiltered), best first."""
    return {role: group(text, role_spans(enc, probs[:, r], floor)) for r, role in enumerate(ROLES)}


# Words an acronym skips ("army of national liberation"); Spanish ones because Latin
# American groups are often named by the acronym of their Spanish name.
ACRONYM_SKIPS = frozenset("of the for and in de del la las el los y para por".split())


def acronym_of(short: str, long: str) -> bool:
    """Whether normalised `short` is one word made of the initials of `long`'s words, in any
    order: "fmln" for "farabundo marti national liberation front" (the initials of the
    Spanish name, translated word by word into English order), "urng" for "guatemalan
    national revolutionary unity". One initial of the long form may be missing."""
    if " " in short or not 2 <= len(short) <= 7 or not short.isalpha():
        return False
    initials = Counter(w[0] for w in long.split() if w not in ACRONYM_SKIPS)
    if sum(initials.values()) < 2:
        return False
    letters = Counter(short)
    if letters == initials:
        return True
    return len(short) >= 3 and not letters - initials and initials.total() - len(short) <= 1


def singular(word: str) -> str:
    """A rough English singular, enough to compare mentions: "guerrillas" -> "guerrilla",
    "bodies" -> "body", "churches" -> "church"; short words and "-ss" stay."""
    if len(word) <= 3 or word.endswith("ss") or not word.endswith("s"):
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "ches", "shes", "xes", "zes")):
        return word[:-2]
    return word[:-1]


def _contains(long: list[str], short: list[str]) -> bool:
    return any(long[i : i + len(short)] == short for i in range(len(long) - len(short) + 1))


def select_role(entities: list[RoleEntity], threshold: float) -> list[RoleEntity]:
    """The entities scoring at least `threshold`, best first, dropping any whose normalised
    words contain or sit inside those of a better one ("maza marquez" after "miguel maza
    marquez"; plurals compared as singulars: "guerrilla column" after "guerrillas"), or that
    are an acronym of a better one or have one as their acronym ("fmln" after "farabundo
    marti national liberation front"): nested strings and acronyms mostly name the same
    referent, and a second entity for one referent costs precision (+0.7, +0.1 and +0.3
    micro F1 on dev)."""
    kept: list[tuple[list[str], str, RoleEntity]] = []
    for e in sorted(entities, key=lambda e: -e.score):
        if e.score < threshold:
            break
        text = normalize(e.mentions[0])
        words = [singular(w) for w in text.split()]
        if not any(
            _contains(k, words) or _contains(words, k) or acronym_of(text, t) or acronym_of(t, text)
            for k, t, _ in kept
        ):
            kept.append((words, text, e))
    return [e for *_, e in kept]


def select(candidates: dict[str, list[RoleEntity]], thresholds: dict[str, float]) -> dict[str, list[RoleEntity]]:
    """Each role's entities kept under its threshold (see select_role)."""
    return {role: select_role(ents, thresholds[role]) for role, ents in candidates.items()}
