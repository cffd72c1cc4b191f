"""extract: annotated article -> events, actors, relations and claims with evidence.

``extract()`` runs the stages in this order; the code below repeats the numbers.

1. Context: the language pack and the taxonomy; whether the text is a short description (a
   coder's note or a one-paragraph wire item: all body, one incident) or a full article; the
   country the text is about.
2. Actors: armed groups, state forces, militias, governments, people (``actors``).
3. Triggers: the pack's trigger words in each sentence, each pointing to a taxonomy key
   (``triggers``).
4. Filters: hypothetical, negated and modifier-only triggers are dropped; weak ones need an
   anchor in their sentence; background ones (an earlier event recalled) are marked
   (``filters``).
5. Slots: for each sentence that tells or adds to an event, its date, places, tolls, sides
   (who did it, to whom, who claimed, who is suspected), weapons and targets (``slots``).
6. Merge: frames of one incident join; the background stays out (``merge``).
7. Classify: GTD attack type, ACLED event and sub-event type, actors and interaction, in one
   place (``classify``); each cluster becomes an ``Event`` (``build``).
8. Roles: the learned tagger's fillers are added (``roles``).
9. Confidence: computed per event from what the text anchors (``confidence``, inside build).
10. Claims and relations over the events (``claims``, ``relations``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..annotate import AnnotatedArticle, Sentence
from ..lang import GENERIC_ATTACK, LanguagePack, pack, words as _words
from ..lang.syntax import lemma
from ..models import Event, Extraction
from ..taxonomy import Taxonomy, taxonomy
from . import filters
from .actors import ActorIndex, find_actors, group_countries
from .build import article_countries, build_event, place_of
from .claims import find_claims
from .classify import code_cluster, quiet_keys
from .frame import Frame
from .intervals import interval
from .merge import merge, split_aggregate
from .relations import find_relations
from .roles import RoleAdditions, role_additions
from .slots.actors import crowd_agent, sides_in
from .slots.casualties import tolls_in
from .slots.date import dates_in, gap_date, nearest
from .slots.place import country_hint, places_in
from .slots.targets import harmed_in
from .slots.weapons import weapons_in
from .triggers import TriggerHit, find_triggers

# A text is a short description when it has no headline, at most this many paragraphs and
# sentences: coder notes run 1-6 sentences, wire items 2-4 (coder_dev's README).
SHORT_MAX_PARAGRAPHS = 2
SHORT_MAX_SENTENCES = 10
# a frame dated more than this many days before the text's lead event recalls an older one
# (reports come 0-3 days after the event, follow-ups within weeks: coder_dev's README)
RECALL_DAYS = 31



@dataclass(frozen=True)
class Context:
    annotated: AnnotatedArticle
    lang: LanguagePack
    taxonomy: Taxonomy
    short: bool
    hint: str | None  # ISO country the text is mostly about
    trigger_words: frozenset[str]
    group_countries: tuple[str, ...] = ()  # where the armed groups named in the text are based
    hoax: bool = False  # a short text that calls the threat a hoax: no bombing happened


def _context(annotated: AnnotatedArticle) -> Context:
    article = annotated.article
    lang = pack(article.language or "en")
    body = [p for p in article.paragraphs if p.kind == "body"]
    short = not article.paragraphs_of("headline") and len(body) <= SHORT_MAX_PARAGRAPHS and \
        len(annotated.sentences) <= SHORT_MAX_SENTENCES
    words = frozenset(t.form[0] for t in lang.triggers if len(t.form) == 1)
    text = article.text.lower()
    hoax = short and any(cue in text for cue in lang.words("hoax_cues"))
    return Context(annotated, lang, taxonomy(), short, country_hint(annotated.sentences, lang), words,
                   hoax=hoax)


def _explosive(key: str, tax: Taxonomy) -> bool:
    """A trigger of a bombing (ACLED's explosions, GTD's bombing)."""
    if key in tax.gtd_types:
        return key == "bombing"
    return key in tax.sub_event_types and tax.sub(key).event_type == "explosions_remote_violence"


# --- 3 and 4: triggers and filters -------------------------------------------------------------

def _modifier_only(sent: Sentence, hit: TriggerHit) -> bool:
    """A trigger noun used to describe something else: "a kidnapping ring", "the protest
    movement", "attack helicopters" (but "a car bomb attack" keeps its bomb); a participle
    describing people ("kidnapped schoolchildren")."""
    tok = sent.span.doc[hit.i]
    if hit.end - hit.start == 1 and tok.dep_ == "amod" and tok.tag_ == "VBN" and tok.head.pos_ in ("NOUN", "PROPN"):
        return True  # "30 kidnapped schoolchildren": people described by what was done to them before
    if hit.end - hit.start > 1 or tok.pos_ not in ("NOUN", "PROPN", "ADJ"):
        return False
    return tok.dep_ in ("compound", "amod", "nmod") and tok.head.pos_ in ("NOUN", "PROPN") and \
        lemma(tok.head) not in _words("event_noun_heads")


def _subordinate(sent: Sentence, hit: TriggerHit) -> bool:
    """Inside a relative clause about a person or thing ("the teenager who stabbed a bishop").
    A finite past verb hung on a noun as a clause ("protesters angered by a remark by a teacher
    set fire to ..." parsed with "set" under "teacher") is the sentence's own verb: reduced
    relative clauses take participles, not finite verbs."""
    tok = sent.span.doc[hit.i]
    for t in [tok, *list(tok.ancestors)[:3]]:
        if t.dep_ == "acl" and t.tag_ == "VBD":
            return False
        if t.dep_ in ("relcl", "acl") and t.head.pos_ in ("NOUN", "PROPN") and lemma(t.head) not in _words("event_noun_heads"):
            return True
    return False


def _kept_triggers(ctx: Context, sent: Sentence, anchored: bool,
                   places: frozenset[int] = frozenset()) -> tuple[list[TriggerHit], bool, list[TriggerHit]]:
    """(triggers that tell an event, whether all of them are background, the background
    triggers set aside). ``places``: the tokens of the sentence's place names."""
    lang = ctx.lang
    found = find_triggers(sent.span, lang)
    hits = [h for h in found
            if not filters.hypothetical(sent, h, lang) and not filters.negated(sent, h, lang)
            and not filters.stopped(sent, h, lang) and not filters.figurative(sent, h, lang)
            and not filters.about_earlier(sent, h, lang)
            and not _modifier_only(sent, h) and not filters.possessed(sent, h, lang)
            and not (ctx.hoax and _explosive(h.key, ctx.taxonomy))]
    # "police seized 40 kilograms of explosives": weapons taken by the state are disrupted weapons use
    hits += [replace(h, key="disrupted_weapons_use", weak=False) for h in found
             if filters.possessed(sent, h, lang) and filters.seized_by_state(sent, h, lang)][:1]
    hits = [h for h in hits if not h.weak or anchored]
    # "students marched to denounce the killing of a classmate": the violence a protest is about
    doc = sent.span.doc
    quiet = _quiet_keys(ctx.taxonomy)
    marches = [doc[h.i] for h in hits if h.key in quiet and h.key.endswith("protest") and doc[h.i].pos_ == "VERB"]
    hits = [h for h in hits if not (doc[h.i].pos_ == "NOUN" and h.key not in quiet
                                    and any(m.is_ancestor(doc[h.i]) for m in marches))]
    hits = [_rekey(ctx, sent, h, places) for h in hits]
    hits = [h for h in hits if not (h.weak and h.key == "abduction_forced_disappearance"
                                    and not filters.human_object(sent, h, lang))]
    quiet = _quiet_keys(ctx.taxonomy)
    # "crowds protesting the arrest": a protest word in a relative clause tells who they are
    main = [h for h in hits if not _subordinate(sent, h) or (h.key in quiet and h.key.endswith("protest"))] or hits
    # a trigger outside every "after"/"since" clause: the sentence tells a violent event of its own
    own = any(not h.weak and not filters.under_before_word(sent.span.doc[h.i]) for h in main)
    flags = {h: filters.background(sent, h, lang, main_violent=own, short=ctx.short) for h in hits}
    background = bool(main) and all(flags[h] for h in main)
    aside = [h for h in hits if flags[h]]
    if not background:
        main = [h for h in main if not flags[h]]
    return main, background, aside


def _rekey(ctx: Context, sent: Sentence, hit: TriggerHit, places: frozenset[int] = frozenset()) -> TriggerHit:
    """A taking verb whose object is a vehicle tells a hijacking; whose object is a town,
    taking territory (the classifier tells whose side took it). Burning tyres is a protest."""
    if hit.key not in _quiet_keys(ctx.taxonomy) and filters.protest_props(sent, hit, ctx.lang):
        return replace(hit, key="peaceful_protest", weak=False)
    if lemma(sent.span.doc[hit.i]) not in ctx.lang.words("taking_verbs"):
        return hit
    if filters.vehicle_taken(sent, hit, ctx.lang):
        return replace(hit, key="hijacking", weak=False)
    if filters.place_taken(sent, hit, ctx.lang, places):
        return replace(hit, key="non_state_actor_overtakes_territory", weak=False)
    return hit


def _main_trigger(hits: list[TriggerHit], tax: Taxonomy) -> TriggerHit | None:
    """The trigger whose frame the slots read: a strong one first, a verb before a noun."""
    if not hits:
        return None
    quiet = _quiet_keys(tax)
    specific = any(x.key not in quiet and x.key != GENERIC_ATTACK for x in hits)
    return min(hits, key=lambda h: (h.weak, h.key in quiet, h.key == GENERIC_ATTACK and specific, h.start))


_quiet_keys = quiet_keys


# --- 5: slots ------------------------------------------------------------------------------------

def _frame(ctx: Context, index: ActorIndex, sent: Sentence, previous: Sentence | None,
           antecedents: list = ()) -> Frame | None:
    lang = ctx.lang
    published = ctx.annotated.article.published
    tolls = tolls_in(sent, lang)
    weapons = weapons_in(sent, lang)
    dates = dates_in(sent, published, lang, ctx.trigger_words)
    armed = index.in_sentence(sent.index, ("armed_group", "state_force"))
    anchored = bool(tolls or weapons or armed or any(d.kind == "event" for d in dates))
    places = places_in(sent, index, ctx.hint, lang, ctx.group_countries)
    named = frozenset(i for p in places if not p.dateline for i in range(p.start, p.end))
    hits, background, aside = _kept_triggers(ctx, sent, anchored, named)
    main = _main_trigger(hits, ctx.taxonomy)
    caption = sent.paragraph.kind == "caption"
    sides = sides_in(sent, index, main.i if main else None, lang, caption=caption, antecedents=antecedents)
    for other in hits:
        if sides.side_a or other is main:
            break
        # "police arrested seven teenagers in a series of raids": the raids' agent is the arrest's
        more = sides_in(sent, index, other.i, lang, caption=caption, antecedents=antecedents)
        for m, attr in more.evidence:
            if attr == "side_a":
                sides.add("side_a", m)
    # who did the violent acts when the main trigger is a protest word ("protesters ... set fire")
    crowds = {crowd_agent(sent.span.doc[h.i], lang) for h in hits if h is not main}
    sides.protesters = sides.protesters or "protesters" in crowds
    sides.mob = sides.mob or ("mob" in crowds and not sides.side_a)
    if not background and aside:
        # what the recalled clause names belongs to the earlier event
        spans = [filters.background_span(sent, h) for h in aside]
        outside = lambda i: not any(a <= i < b for a, b in spans)  # noqa: E731
        tolls = [t for t in tolls if outside(_token_at(sent, t.start))]
        weapons = [w for w in weapons if outside(_token_at(sent, w.start))]
        sides = sides.without(lambda m: not outside(m.start))
    else:
        outside = None
    if main is None and not (ctx.short or tolls or sides.claimed_by or sides.suspects):
        return None
    f = Frame(sent, hits=hits, trigger=main, background=background, caption=caption, tolls=tolls,
              sides=sides, weapons=weapons, harmed=harmed_in(sent, lang, outside))
    f.plural = bool(hits) and all(h.plural and not _single_incident(sent, h, lang) for h in hits)
    f.instrument = _instrument(sent, main, weapons) if main is not None else None
    f.apart = any(t.lower_ in lang.words("separate_cues") for t in sent.span[:6])
    f.elsewhere = any(cue in sent.text.lower() for cue in lang.words("recorded_elsewhere_cues"))
    date = (gap_date(sent, main.i, dates) if main is not None else None) or \
        nearest(dates, main.i if main else sent.span.start)
    if date is None and previous is not None and main is not None and not ctx.short:
        # narrative context: "On Friday, March 22, gunmen entered the hall. They shot ..."
        date = nearest(dates_in(previous, published, lang, ctx.trigger_words), previous.span.end)
        f.date_sentence = previous if date is not None else None
    f.date = date
    f.places = places
    if outside is not None:
        f.places = [p for p in f.places if outside(p.start)]
    if not f.places and previous is not None and main is not None and not ctx.short:
        f.places, f.place_sentence = places_in(previous, index, ctx.hint, lang, ctx.group_countries), previous
    f.countries = list(dict.fromkeys(p.country_code for p in f.places if p.country_code and not p.dateline))
    if ctx.short and not f.plural and len(f.countries) > 1:
        # one incident in one country: the places of another country in its sentence are
        # homonyms or context ("the Gulshan quarter of Dhaka, Bangladesh")
        keep = ctx.hint if ctx.hint in f.countries else f.countries[0]
        f.places = [p for p in f.places if p.country_code in (keep, None) or p.dateline]
        f.countries = [keep]
    if ctx.short and len(f.countries) <= 1:
        f.plural = False  # a short description tells one incident unless it spans countries
    return f


def _instrument(sent: Sentence, main: TriggerHit, weapons) -> str | None:
    """The kind of a weapon that is the trigger's agent or names it: "military helicopters fired
    on a school", "an Ethiopian Air Force strike hit the market", "a drone struck a car"."""
    from ..lang.syntax import agent

    tok = sent.span.doc[main.i]
    heads = [agent(tok)] if tok.pos_ in ("VERB", "AUX") else \
        [c for c in tok.children if c.dep_ in ("compound", "amod", "nmod")]
    for head in heads:
        if head is None:
            continue
        # the weapon is the head noun itself, with its compounds ("Air Force", "helicopter gunship")
        words = [c for c in head.children if c.dep_ == "compound"] + [head]
        lo, hi = sent.offset(sent.span.doc[min(t.i for t in words):max(t.i for t in words) + 1])
        for w in weapons:
            if w.start < hi and lo < w.end and w.end >= sent.offset(head)[1]:
                return w.kind
    return None


def _token_at(sent: Sentence, char: int) -> int:
    """The doc index of the token at article offset ``char``."""
    tokens = sent.span.doc.char_span(char - sent.paragraph.start, char - sent.paragraph.start + 1,
                                     alignment_mode="expand")
    return tokens.start if tokens is not None else sent.span.start


def _single_incident(sent: Sentence, hit: TriggerHit, lang: LanguagePack) -> bool:
    """A plural trigger that still names one incident: the attackers ("suicide bombers",
    "gunmen") or a coordinated attack ("twin blasts", "two explosions")."""
    tok = sent.span.doc[hit.i]
    if lemma(tok) in lang.words("assailant_nouns") or lemma(tok) in lang.words("fighter_nouns"):
        return True
    return any(c.lower_ in lang.words("single_incident_cues") for c in tok.children)


def _frames(ctx: Context, index: ActorIndex) -> list[Frame]:
    out: list[Frame] = []
    previous: Sentence | None = None
    antecedents: list = []  # the armed actors named last: what "the group", "they" refer to
    for sent in ctx.annotated.sentences:
        context = previous if previous is not None and previous.paragraph.start == sent.paragraph.start else None
        f = _frame(ctx, index, sent, context, antecedents)
        previous = sent
        named = [m for m in index.in_sentence(sent.index) if index.kind(m.key) == "armed_group"]
        if f is not None and f.sides.side_a:
            antecedents = [m for m, attr in f.sides.evidence if attr == "side_a"]
        elif named:
            antecedents = named
        if f is not None:
            out.extend(split_aggregate(f))
    _recalled(out, ctx.annotated.article.published, ctx.short)
    return out


def _short_lead(frames: list[Frame], lead: Frame | None) -> None:
    """A short description tells one incident, its lead's: a sentence that says it is
    recorded elsewhere ("recorded separately", "coded as separate events") is not, and when the lead is an
    agreement, an arrest or another non-violent development, the violence told beside it is
    its background ("the deal followed weeks of shelling")."""
    from .classify import STRATEGIC_QUIET

    quiet = set(STRATEGIC_QUIET)
    lead_quiet = lead is not None and all(not h.weak for h in lead.hits) and lead.keys() and lead.keys() <= quiet
    for f in frames:
        if f is lead:
            continue
        if f.elsewhere or (lead_quiet and f.trigger is not None and not f.keys() <= quiet):
            f.background = True


def _recalled(frames: list[Frame], published, short: bool) -> None:
    """Frames dated well before the event an article leads with tell older attacks recalled to
    set the scene (the 2013 siege in a report of a 2019 attack): background. The lead itself
    may be old (a follow-up on a past attack): the comparison is with it, or with the
    publication date when the lead has no date."""
    lead = next((f for f in frames if f.trigger is not None and not f.background and not f.plural), None)
    if short:
        # a short description tells its own incident, whenever it was written: only its lead's
        # kind and what it sets apart decide its background
        _short_lead(frames, lead)
        return
    ref = interval(lead.date.value) if lead is not None and lead.date is not None else None
    if ref is None and published is not None:
        ref = (published, published)
    if ref is None:
        return
    for f in frames:
        span = interval(f.date.value) if f.date is not None else None
        if span is not None and f is not lead and (ref[0] - span[1]).days > RECALL_DAYS:
            f.background = True


# --- 8: roles ------------------------------------------------------------------------------------

def _apply(index: ActorIndex, additions: RoleAdditions) -> tuple[Event, ...]:
    for actor in additions.actors:
        index.ensure(actor.key, actor.name, actor.kind, actor.evidence)
    for key, surfaces in additions.surfaces.items():
        for s in surfaces:
            if s not in index.actors[key].surface:
                index.actors[key].surface.append(s)
    return additions.events


# --- the orchestrator ------------------------------------------------------------------------------

def extract(annotated: AnnotatedArticle, use_roles: bool = True, tagger=None) -> Extraction:
    # 1. context
    ctx = _context(annotated)
    article = annotated.article
    # 2. actors
    index = find_actors(annotated, hint=ctx.hint, lang=ctx.lang)
    ctx = replace(ctx, group_countries=group_countries(index))
    # 3-5. triggers, filters and slots: one frame per sentence that tells or adds to an event
    frames = _frames(ctx, index)
    # 6. merge
    clusters = merge(frames, short=ctx.short)
    # 7. classify, and build the events (9. confidence is computed there)
    countries = article_countries(frames)
    events: list[Event] = []
    for i, cluster in enumerate(clusters, 1):
        place, country = place_of(cluster, countries, ctx.hint)
        coding = code_cluster(cluster, index, ctx.taxonomy, ctx.lang, country)
        events.append(build_event(f"e{i}", cluster, coding, index, article.id, place, country))
    result = tuple(events)
    # 8. roles: the tagger's additions; the article says whether they were made
    tagger_state = "off"
    if use_roles:
        tells = any(f.trigger is not None and not f.background for f in frames)
        additions = role_additions(annotated, index, result, tells, tagger)
        tagger_state = "unavailable" if additions is None else "on"
        if additions is not None:
            result = _apply(index, additions)
    article = replace(article, metadata={**article.metadata, "role_tagger": tagger_state})
    # 10. claims and relations
    claims = find_claims(annotated, index, result)
    relations = find_relations(annotated, index, result, claims)
    used = {k for e in result for k in (*e.perpetrators, *e.claimed_by, *e.suspects)}
    used |= {r.source for r in relations} | {r.target for r in relations if r.target_kind == "actor"}
    used |= {c.speaker_key for c in claims if c.speaker_key}
    actors = tuple(a for a in index.records() if a.key in used or a.kind in ("armed_group", "person", "state_force"))
    return Extraction(article, result, actors, relations, claims)


def tells_an_attack(annotated: AnnotatedArticle) -> bool:
    """Some sentence reports an attack (a trigger not governed by a plot, fear or plan)."""
    ctx = _context(annotated)
    return any(_kept_triggers(ctx, s, True)[0] for s in annotated.sentences)


__all__ = ["extract", "tells_an_attack"]
