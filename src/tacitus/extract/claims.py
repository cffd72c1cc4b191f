"""Claims: who said what. "X said", "according to X", "X told Y that", "X blames Y for",
"..., said X", and claims of responsibility ("claimed by Isis", "X claimed responsibility").

The speaker is resolved to an actor of the ``ActorIndex`` when one stands in the speaker's
phrase; pronoun speakers ("he said") take the latest person named before them.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from ..annotate import AnnotatedArticle, Sentence, doc_text
from ..models import Claim, Event, Evidence
from .actors import ActorIndex
from ..lang import pack, words as _words

# verbs that report speech without needing a clause ("X blames Y for Z", "X said: ...")
QUOTES = "\"“”'‘’ ,:;–—-"
CLAIM_CONFIDENCE = {"named": 0.8, "actor": 0.7, "other": 0.5}



def _trim(span: Span) -> tuple[int, int] | None:
    """Character bounds of a span inside its doc, quotes and punctuation trimmed."""
    text = doc_text(span.doc)
    start, end = span.start_char, span.end_char
    while start < end and text[start] in QUOTES:
        start += 1
    while end > start and text[end - 1] in QUOTES:
        end -= 1
    return (start, end) if end - start >= 3 else None


def _subtree(tok: Token) -> Span:
    return tok.doc[tok.left_edge.i:tok.right_edge.i + 1]


def _speaker_span(head: Token) -> Span:
    """The speaker's phrase without trailing appositions and relative clauses
    ("Riccardo Valle, director of research for ..." -> "Riccardo Valle")."""
    span = _subtree(head)
    end = span.end
    for t in span:
        if t.i > head.i and (t.text == "," or t.dep_ in ("appos", "relcl", "acl")):
            end = t.i
            break
    return head.doc[span.start:max(end, head.i + 1)]


def _speaker_ok(head: Token, index: ActorIndex, sent: Sentence) -> bool:
    lang = pack()
    if index.at(sent.index, head.i) is not None or head.pos_ == "PROPN":
        return True
    lemma = head.lemma_.lower()
    return lemma in _words("pronouns") or lemma in _words("speaker_heads") or any(
        lemma in lang.words(name) for name in ("official_nouns", "role_words", "force_nouns", "fighter_nouns"))


def _resolve(head: Token, index: ActorIndex, sent: Sentence, last_person: str | None) -> str | None:
    m = index.at(sent.index, head.i)
    if m is not None:
        return m.key
    if head.lower_ in _words("person_pronouns"):  # "he said": the latest person named
        return last_person
    return None


def _content(verb: Token) -> Span | None:
    lemma = verb.lemma_.lower()
    for child in verb.children:
        if child.dep_ in ("ccomp", "xcomp") and child.i > verb.i:
            return _subtree(child)
    if lemma in _words("blame_verbs"):
        right = [c for c in verb.children if c.i > verb.i and c.dep_ in ("dobj", "prep", "attr")]
        if right:
            return verb.doc[right[0].left_edge.i:right[-1].right_edge.i + 1]
    # "..., said X": the reported words stand before the verb
    left = [c for c in verb.children if c.i < verb.i and c.dep_ in ("ccomp", "parataxis", "dep", "advcl")]
    if left:
        return verb.doc[left[0].left_edge.i:verb.i]
    return None


def _evidence(article_id: str, sent: Sentence, start: int, end: int) -> Evidence:
    return Evidence(article_id, sent.index, start, end, sent.text, "claim")


def _speech_claims(sent: Sentence, index: ActorIndex, article_id: str, last_person: str | None) -> list[Claim]:
    speech = pack().words("speech_verbs")
    claims: list[Claim] = []
    base = sent.paragraph.start
    for tok in sent.span:
        lemma = tok.lemma_.lower()
        if tok.pos_ != "VERB" or lemma not in speech:
            continue
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        if subj is None or not _speaker_ok(subj, index, sent):
            continue
        content = _content(tok)
        if content is None or (lemma not in _words("direct_speech_verbs") and not any(c.dep_ == "ccomp" for c in tok.children)):
            continue
        bounds = _trim(content)
        if bounds is None:
            continue
        speaker = _speaker_span(subj)
        if speaker.end > tok.i and speaker.start < tok.i:
            continue
        key = _resolve(subj, index, sent, last_person)
        start, end = base + bounds[0], base + bounds[1]
        conf = CLAIM_CONFIDENCE["named" if subj.pos_ == "PROPN" else "actor" if key else "other"]
        claims.append(Claim(
            speaker=speaker.text.strip(QUOTES), speaker_key=key, verb=lemma,
            text=doc_text(sent.span.doc)[bounds[0]:bounds[1]], start=start, end=end,
            evidence=(_evidence(article_id, sent, base + speaker.start_char, base + speaker.end_char),
                      _evidence(article_id, sent, start, end)),
            confidence=conf,
        ))
    return claims


def _attribution(tok: Token, sent: Sentence) -> tuple[str, Token] | None:
    """The attribution phrase starting at ``tok`` ("according to"), and its last word."""
    for phrase in _words("attribution_phrases"):
        words = phrase.split()
        last = tok.i + len(words) - 1
        if last < sent.span.end and all(tok.doc[tok.i + k].lower_ == w for k, w in enumerate(words)):
            return phrase, tok.doc[last]
    return None


def _according_to(sent: Sentence, index: ActorIndex, article_id: str) -> list[Claim]:
    out: list[Claim] = []
    base = sent.paragraph.start
    for tok in sent.span:
        found = _attribution(tok, sent)
        if found is None:
            continue
        phrase, last = found
        obj = next((c for c in last.children if c.dep_ == "pobj"), None)
        if obj is None:
            continue
        speaker = _subtree(obj)
        rest = [t for t in sent.span if not (tok.i <= t.i < speaker.end)]
        if len(rest) < 3:
            continue
        span = tok.doc[rest[0].i:rest[-1].i + 1] if rest[0].i > speaker.end else tok.doc[speaker.end:sent.span.end]
        bounds = _trim(span)
        if bounds is None:
            continue
        key = _resolve(obj, index, sent, None)
        out.append(Claim(
            speaker=speaker.text, speaker_key=key, verb=phrase,
            text=doc_text(tok.doc)[bounds[0]:bounds[1]], start=base + bounds[0], end=base + bounds[1],
            evidence=(_evidence(article_id, sent, base + bounds[0], base + bounds[1]),),
            confidence=0.7 if key else 0.5,
        ))
    return out


def _responsibility_claims(events: tuple[Event, ...], index: ActorIndex, annotated: AnnotatedArticle) -> list[Claim]:
    out: list[Claim] = []
    for event in events:
        for ev in event.evidence:
            if ev.field != "claimed_by":
                continue
            sent = annotated.sentences[ev.sentence]
            key = next((m.key for m in index.in_sentence(sent.index) if m.char_start == ev.start), None)
            out.append(Claim(
                speaker=ev.text[ev.start - sent.start:ev.end - sent.start] if ev.text else "",
                speaker_key=key, verb="claim", text=sent.text.strip(), start=sent.start, end=sent.end,
                is_responsibility=True, event_key=event.key,
                evidence=(ev,), confidence=0.8,
            ))
    return out


def find_claims(annotated: AnnotatedArticle, index: ActorIndex, events: tuple[Event, ...] = ()) -> tuple[Claim, ...]:
    article_id = annotated.article.id
    claims: list[Claim] = []
    last_person: str | None = None
    for sent in annotated.sentences:
        if sent.paragraph.kind == "caption":
            continue  # a photo caption carries no claims
        claims.extend(_according_to(sent, index, article_id))
        claims.extend(_speech_claims(sent, index, article_id, last_person))
        people = index.in_sentence(sent.index, ("person",))
        if people:
            last_person = people[-1].key
    claims.extend(_responsibility_claims(events, index, annotated))
    seen: set[tuple[int, int, str | None]] = set()
    unique = []
    for c in claims:
        if (c.start, c.end, c.speaker_key) not in seen:
            seen.add((c.start, c.end, c.speaker_key))
            unique.append(c)
    return tuple(unique)
