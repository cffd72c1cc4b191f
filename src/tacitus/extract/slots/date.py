"""Date slot: the dates a sentence gives, each resolved against the publication date and
classed by what it dates.

Dates come from two readers: a pattern pass for the absolute forms coders write ("On 4 May
2020,", "Around 12 March 2021,", "As reported on 9 November 2020,", "Sometime between 1 and 30
November 2016,": a range), which spaCy's small model sometimes splits; and spaCy's DATE and TIME
entities for the rest ("late on Monday", "on Friday evening", "last week"). Each date is then
classed:

* ``dateline``: the filing date of a wire dateline ("NAIROBI, Jan 17 (Reuters) -");
* ``other``: the date of something else: governed by an aftermath verb ("the toll rose to 100
  on Tuesday", "officials said on Tuesday"), by "since"/"than"/"until", or naming another event
  ("the 2015 bombing", "July's failed coup");
* ``claim``: the date of a claim of responsibility, nearer the claim than the trigger;
* ``event``: the rest, candidates for the event's own date.

ACLED's "As reported on D" dates the event D, as coders code it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from ...annotate import Sentence, doc_text
from ...lang import LanguagePack, alternation, pack, words as _words
from ...lang.syntax import lemma
from ..timex import DateValue, resolve_date

# the absolute forms coders write, and the words that may open a sentence before its date
# (lang/<code>/timex.yaml: date_patterns, date_lead_words)
ABSOLUTE_DATES = re.compile(pack().regex("date_patterns"), re.IGNORECASE)
DATELINE = re.compile(r"^[A-Z][A-Z .,'’-]{2,40},\s+[^-—–]{0,40}?\s[-—–]+\s")



@dataclass(frozen=True)
class DateHit:
    value: DateValue
    start: int  # doc token span
    end: int
    kind: str  # event | dateline | other | claim
    governor: int | None = None  # what an "other" date hangs from ("arrested on Monday", "the 2015 bombing")


def _spans(sent: Sentence) -> list[tuple[int, int]]:
    """Character spans (in the doc) of date expressions: patterns first, then entities
    that do not overlap them."""
    span = sent.span
    base = span.start_char
    out: list[tuple[int, int]] = [(base + m.start(), base + m.end()) for m in ABSOLUTE_DATES.finditer(span.text)]
    for ent in span.ents:
        if ent.label_ in ("DATE", "TIME") and not any(s < ent.end_char and ent.start_char < e for s, e in out):
            out.append((ent.start_char, ent.end_char))
    return sorted(out)


def _other_event(tokens, lang: LanguagePack, triggers: frozenset[str]) -> tuple[bool, int | None]:
    """(the date is another event's, the aftermath verb it hangs from)."""
    doc = tokens.doc
    before = doc[tokens.start - 1].lower_ if tokens.start > 0 else ""
    if before in _words("until_words"):
        return True, None
    head = tokens.root.head
    if head.dep_ == "prep" or head.pos_ == "ADP":
        head = head.head
    if head.pos_ == "VERB" and lemma(head) in lang.words("aftermath_verbs"):
        return True, head.i
    names_event = head.pos_ == "NOUN" and head.i not in range(tokens.start, tokens.end) and (
        lemma(head) in lang.words("other_event_nouns") or lemma(head) in triggers)
    return names_event, head.i if names_event else None


def dates_in(sent: Sentence, published: date | None, lang: LanguagePack,
             trigger_words: frozenset[str] = frozenset()) -> list[DateHit]:
    """Every resolvable date of the sentence, classed (see the module docstring).
    ``trigger_words``: lemmas of attack nouns, so that "the 2015 bombing" dates that bombing."""
    dateline = DATELINE.match(sent.text)
    claims = [t.i for t in sent.span if lemma(t) in lang.words("claim_cues")]
    out: list[DateHit] = []
    for start_char, end_char in _spans(sent):
        tokens = sent.span.doc.char_span(start_char, end_char, alignment_mode="expand")
        if tokens is None:
            continue
        value = resolve_date(doc_text(sent.span.doc)[start_char:end_char], published)
        if value.precision == "unknown":
            continue
        other, governor = _other_event(tokens, lang, trigger_words)
        if dateline and end_char - sent.span.start_char <= dateline.end():
            kind = "dateline"
        elif _opening(sent, start_char):
            kind = "event"  # "On 4 May 2020, ...", "As reported on 9 November 2020, ...": the coder's date
        else:
            kind = "other" if other else "event"
        out.append(DateHit(value, tokens.start, tokens.end, kind, governor))
    if claims:
        out = [_claim_date(h, claims) for h in out]
    return out


OPENING = re.compile(rf"^\W*(?:{alternation(pack().words('date_lead_words'))}\s+)?$", re.IGNORECASE)


def _opening(sent: Sentence, start_char: int) -> bool:
    """The date opens the sentence, alone or after "On", "Around", "As reported on",
    "Sometime between": it dates what the sentence tells."""
    return bool(OPENING.match(doc_text(sent.span.doc)[sent.span.start_char:start_char]))


def _claim_date(hit: DateHit, claims: list[int]) -> DateHit:
    """A date right beside "claimed" ("IS claimed it on 4 January") dates the claim."""
    near = min(min(abs(hit.start - c), abs(hit.end - 1 - c)) for c in claims)
    if hit.kind == "event" and near <= 3:
        return DateHit(hit.value, hit.start, hit.end, "claim", hit.governor)
    return hit


# "two days after", "a week before": days per unit, and the direction of each subordinator
# (lang/<code>/timex.yaml: gap_units, gap_marks)
GAP_UNITS = {k: int(v) for k, v in pack().map("gap_units").items()}
GAP_MARKS = {k: int(v) for k, v in pack().map("gap_marks").items()}


def gap_date(sent: Sentence, trigger_i: int, hits: list[DateHit]) -> DateHit | None:
    """"The minister resigned on Tuesday, two days after a truck bomb killed 250": the event
    of an after-clause is the main clause's day less the stated gap (hours: the same day)."""
    from ..numbers import parse_number

    doc = sent.span.doc
    t = doc[trigger_i]
    clause = None
    for _ in range(8):
        if any(c.dep_ == "mark" and c.lower_ in GAP_MARKS for c in t.children):
            clause = t
            break
        if t.head is t:
            return None
        t = t.head
    if clause is None:
        return None
    sign = 1 if any(c.dep_ == "mark" and GAP_MARKS.get(c.lower_) == 1 for c in clause.children) else -1
    measure = next((c for c in clause.children if c.dep_ == "npadvmod" and c.lower_ in GAP_UNITS), None)
    if measure is None:
        return None
    count = next((parse_number(c.text) for c in measure.children if c.dep_ in ("nummod", "det")), None)
    if count is None:
        count = 1 if any(c.lower_ in _words("count_one_words") for c in measure.children) else None
    if count is None:
        return None
    inside = range(clause.left_edge.i, clause.right_edge.i + 1)
    main = next((h for h in hits if h.value.precision == "day" and h.start not in inside), None)
    if main is None:
        return None
    day = date.fromisoformat(main.value.value) + timedelta(days=sign * count * GAP_UNITS[measure.lower_])
    return DateHit(DateValue(day.isoformat(), None, "day"), main.start, main.end, "event")


def nearest(hits: list[DateHit], token_i: int) -> DateHit | None:
    """The event date closest to a token (the trigger); a date hanging from the trigger itself
    dates it even when the trigger is an aftermath verb ("police arrested 4 men on Monday") or
    names the attack ("Saturday's suicide bombing")."""
    events = [h for h in hits if h.kind == "event" or (h.kind == "other" and h.governor == token_i)]
    return min(events, key=lambda h: min(abs(h.start - token_i), abs(h.end - 1 - token_i)), default=None)
