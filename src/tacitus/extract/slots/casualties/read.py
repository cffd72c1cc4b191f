"""Reading every toll statement of one sentence (``tolls_in``): the predicates (R2-R3) and
their phrases (R4, R8) put together with the rules told here.

R1. A coded figure ("Fatalities coded as 110", "coded as 47 for this event") is read by the
    pack's ``coded_patterns`` and marked ``coded``.
R5. Flags: ``update`` (a toll noun under "rose", "climbed", "reached"), ``superseded`` ("initial
    reports", "an earlier toll"), ``elsewhere`` (the pack's ``elsewhere_patterns`` in the
    predicate's own clause: "recorded separately", "across the region", "which together
    killed"; or a past-perfect clause under "after" that tells an earlier killing),
    ``subset`` ("Among the dead were 9 staff", "the dead included"), ``claimed`` (a side's own
    claim of kills: "claimed to have killed dozens"), ``vague`` (no figure, only "several",
    "dozens"), ``zero`` ("No one was killed", "no injuries", "no soldiers were hurt"),
    ``additive`` ("two others", "also", "more").
R6. Additions: "in addition to the bomber", "along with all seven assailants" and "as were all
    four assailants" add their phrase to the predicate they hang from.
R7. Zeros the parse misses are read by the pack's ``zero_patterns`` ("There were no
    casualties." is a zero for both kinds).
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Span, Token

from ....annotate import Sentence
from ....lang import LanguagePack, pack as default_pack
from ....lang.syntax import lemma as _lemma
from ...numbers import parse_count
from .model import ASSAILANTS, INJURED, KILLED, MIXED, VICTIMS, Toll
from .phrases import _count_phrase, _Part, _surface
from .predicates import SUBJECT_CLIMB, _arguments, _child, _Predicate, _predicates
from .words import _Words, _words

# R5: how many heads above a predicate an "also" / "then" may stand ("He then drove home, where
# he killed his mother": killed -> home -> drove).
ADDITIVE_CLIMB = 2


def _state_agent(t: Token, w: _Words) -> bool:
    """The subject of the killing verb is a state force ("police", "security forces")."""
    subj = _child(t, "nsubj") or (_child(t.head, "nsubj") if t.dep_ == "conj" else None)
    return subj is not None and (_lemma(subj) in w.forces or subj.lower_ in w.forces)


# --- R5: flags ----------------------------------------------------------------------------


def _clause(t: Token) -> Token:
    node = t
    for _ in range(SUBJECT_CLIMB):
        if node.pos_ in ("VERB", "AUX") or node.head is node:
            return node
        node = node.head
    return node


def _clause_tokens(root: Token) -> list[Token]:
    """The clause of ``root``: its subtree without the other clauses joined to it by "and"."""
    drop: set[int] = set()
    for child in root.children:
        if child.dep_ == "conj" and child.pos_ in ("VERB", "AUX"):
            drop.update(x.i for x in child.subtree)
    return [x for x in root.subtree if x.i not in drop]


def _flags(p: _Predicate, heads: list[Token], w: _Words) -> dict[str, bool]:
    t = p.token
    root = _clause(t)
    clause = _clause_tokens(root)
    text = " ".join(x.text for x in clause)
    elsewhere = any(r.search(text) for r in w.elsewhere)
    # a past-perfect clause under "after"/"since" tells an earlier killing
    for node in (t, root):
        if any(c.dep_ == "aux" and _lemma(c) == "have" and c.tag_ == "VBD" for c in node.children) and \
                any(c.dep_ == "mark" and c.lower_ in w.earlier_marks for c in node.children):
            elsewhere = True
    near = [x for x in clause if x.dep_ in ("amod", "advmod") and x.head.i in {t.i, root.i, *(h.i for h in heads)}]
    subj = _child(root, "nsubj")
    if subj is not None:
        near += [x for x in subj.children if x.dep_ == "amod"]
    near += [x for x in t.children if x.dep_ == "amod"]
    superseded = any(x.lower_ in w.superseded for x in near)
    update = p.form == "toll" and (_lemma(t.head) in w.updates or (
        _lemma(root) in w.updates and any(c.dep_ == "prep" and c.lower_ == "to" for c in root.children)))
    subset = p.form == "noun" and (t.dep_ == "pobj" and t.head.lower_ == "among" or
                                   t.dep_ == "nsubj" and _lemma(t.head) in w.subset_verbs)
    claimed = (t.dep_ in ("xcomp", "ccomp", "advcl") and
               any(_lemma(a) in w.claims for a in list(t.ancestors)[:3] if a.pos_ == "VERB")) or \
        (root.dep_ in ("xcomp", "ccomp") and _lemma(root.head) in w.claims)
    # "also", "then" on the predicate or the clauses above it: more victims than said before
    additive = any(c.dep_ == "advmod" and c.lower_ in w.additive
                   for node in [t, *list(t.ancestors)[:ADDITIVE_CLIMB]] for c in node.children)
    return dict(elsewhere=elsewhere, superseded=superseded, update=update, subset=subset,
                claimed=claimed, additive=additive)


# --- R6: additions ------------------------------------------------------------------------


def _additions(span: Span, preds: list[_Predicate], w: _Words) -> list[tuple[_Predicate, list[_Part]]]:
    out: list[tuple[_Predicate, list[_Part]]] = []
    by_token = {p.token.i: p for p in preds}
    lowers = [t.lower_ for t in span]
    for k, t in enumerate(span):
        phrase = next((a for a in w.additions if tuple(lowers[k:k + len(a)]) == a), None)
        if phrase is not None:
            last = span[k + len(phrase) - 1]
            obj = _child(last, "pobj")
            if obj is None:
                continue
            host = _host(t, by_token, preds)
        elif _lemma(t) == "be" and t.head.i in by_token and any(c.dep_ == "mark" and c.lower_ == "as" for c in t.children):
            obj = _child(t, "nsubj", "nsubjpass")  # "..., as were all four assailants"
            host = by_token[t.head.i]
        else:
            continue
        if obj is None or host is None:
            continue
        parts = _count_phrase(obj, w)
        if parts:
            out.append((host, [replace(x, additive=True) for x in parts]))
    return out


def _host(t: Token, by_token: dict[int, _Predicate], preds: list[_Predicate]) -> _Predicate | None:
    for a in t.ancestors:
        if a.i in by_token:
            return by_token[a.i]
    killed = [p for p in preds if p.kind == KILLED]
    before = [p for p in killed if p.token.i < t.i]
    return before[-1] if before else (killed[0] if killed else None)


# --- tolls_in -------------------------------------------------------------------------------


def _tolls(sentence: Sentence, p: _Predicate, parts: list[_Part], flags: dict[str, bool],
           kind: str, w: _Words) -> list[Toll]:
    out: list[Toll] = []
    doc = p.token.doc
    for group in (VICTIMS, ASSAILANTS):
        mine = [x for x in parts if x.group == group]
        if not mine:
            continue
        lo: int | None = 0
        hi: int | None = 0
        for x in mine:
            lo = None if lo is None or x.low is None else lo + x.low
            hi = None if hi is None or x.high is None else hi + x.high
        first = min([p.token.i] + [x.first for x in mine])
        last = max([p.token.i] + [x.last for x in mine])
        start, _ = sentence.offset(doc[first])
        _, end = sentence.offset(doc[last])
        inside = sum(x.inside for x in mine)
        lemmas = sorted({x.lemma for x in mine if x.lemma})
        out.append(Toll(
            kind=kind, low=lo, high=hi, group=MIXED if inside and group == VICTIMS else group,
            sentence=sentence.index, start=start, end=end, text=sentence.text,
            zero=all(x.zero for x in mine), vague=all(x.vague for x in mine),
            category="+".join(lemmas), generic=any(x in w.generic for x in lemmas) or not lemmas,
            statement=p.token.i, inside=inside,
            additive=flags.get("additive", False) or any(x.additive for x in mine),
            **{k: v for k, v in flags.items() if k != "additive"},
        ))
    return out


def tolls_in(sentence: Sentence, pack: LanguagePack | None = None) -> list[Toll]:
    """Every toll statement of one sentence, in order (R1-R8 of the module docstring)."""
    w = _words(pack or default_pack())
    span = sentence.span
    text = span.text
    out: list[Toll] = []
    # R1: coded figures
    for rx in w.coded:
        for m in rx.finditer(text):
            lo, hi = parse_count(m["num"])
            if lo is None:
                continue
            out.append(Toll(KILLED, lo, hi, VICTIMS, sentence.index, sentence.start + m.start(),
                            sentence.start + m.end(), text, coded=True, statement=-2))
            break
    coded_at = [(t.start, t.end) for t in out]
    # R2: predicates, R3: arguments, R4: counts, R5: flags, R8: fallback
    preds = _predicates(span, w)
    seen: set[tuple[str, int]] = set()
    for p in preds:
        heads = _arguments(p, w)
        parts = [x for h in heads for x in _count_phrase(h, w)]
        if p.form == "noun" and heads == [p.token]:
            # a noun of death counts only with a figure ("13 fatalities", "no deaths",
            # "dozens of bodies"): "his body" is not a toll
            parts = [x for x in parts if x.numeric or x.zero or x.vague]
        if p.form in ("passive", "active", "intransitive") and (not heads or not any(x.numeric for x in parts)):
            # R8: no victims from the parse, or only singular ones where the words beside the
            # predicate carry a numeral the parse lost ("Six employees of the NGO ACTED, their
            # guide and their driver", with ACTED read as a verb)
            surface = _surface(p, w)
            if not parts or (surface and surface[0].numeric and
                             surface[0].first <= min(x.first for x in parts) and
                             surface[0].last >= max(x.last for x in parts)):
                parts = surface or parts
        if not parts:
            continue
        kinds = (KILLED, INJURED) if p.kind == "both" else (p.kind,)
        if p.kind == "both" and not all(x.zero for x in parts):
            continue  # "N casualties" mixes the dead and the wounded: only a zero is read
        if p.form == "active" and _state_agent(p.token, w):
            # "police shot dead all three assailants", "security forces shot dead two
            # accomplices": in an attack, whom the forces kill are the attackers, unless the
            # phrase names civilians
            parts = [x if x.group == ASSAILANTS or x.lemma in w.civilians else replace(x, group=ASSAILANTS)
                     for x in parts]
        key = (p.kind, parts[0].first)
        if key in seen:
            continue  # two predicates of one phrase ("shot and wounded")
        seen.add(key)
        flags = _flags(p, heads, w)
        for kind in kinds:
            for toll in _tolls(sentence, p, parts, flags, kind, w):
                if not any(a <= toll.start < b for a, b in coded_at):
                    out.append(toll)
    # R6: additions
    for host, parts in _additions(span, preds, w):
        flags = _flags(host, [], w)
        flags["additive"] = True
        out.extend(_tolls(sentence, host, parts, flags, host.kind if host.kind != "both" else KILLED, w))
    # R7: zeros the parse missed
    for rx in w.zeros:
        for m in rx.finditer(text):
            what = (m.groupdict().get("how") or m["what"]).lower()
            kind = next((k for stem, k in w.zero_kinds.items() if what.startswith(stem)), INJURED)
            kinds = (KILLED, INJURED) if kind == "both" else (kind,)
            for kind in kinds:
                if any(t.kind == kind and t.zero for t in out):
                    continue
                out.append(Toll(kind, 0, 0, VICTIMS, sentence.index, sentence.start + m.start(),
                                sentence.start + m.end(), text, zero=True, generic=True, statement=-3))
    return sorted(out, key=lambda t: (t.start, t.kind))
