"""A memorising baseline: role fillers seen in training, found again by string match.

It needs no model file and sets the floor the learned tagger must clear.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence

from tacitus.evaluate.ceaf import ROLES, normalize
from tacitus.evaluate.muc4 import Muc4Doc

MIN_PRECISION = 0.4  # a string is kept for a role when it filled that role in >= 40 % of the
MIN_SEEN = 2  # training documents containing it (seen at least twice); picked on dev


class LexiconExtractor:
    def __init__(self, lexicon: dict[str, str]) -> None:
        self.lexicon = lexicon  # mention string -> role
        words = sorted(lexicon, key=len, reverse=True)
        self._pattern = re.compile(r"(?<!\w)(" + "|".join(map(re.escape, words)) + r")(?!\w)") if words else None

    @classmethod
    def fit(cls, docs: Sequence[Muc4Doc]) -> "LexiconExtractor":
        filled: dict[str, Counter] = defaultdict(Counter)
        for doc in docs:
            for role in ROLES:
                for m in {m for ent in doc.gold[role] for m in ent}:
                    filled[m][role] += 1
        seen: Counter = Counter()  # documents containing each string
        matcher = cls({m: "" for m in filled})._pattern
        for doc in docs:
            seen.update({x.group(0) for x in matcher.finditer(doc.text)} if matcher else ())
        lexicon = {}
        for m, roles in filled.items():
            role, n = roles.most_common(1)[0]
            if n >= MIN_SEEN and n / max(seen[m], n) >= MIN_PRECISION:
                lexicon[m] = role
        return cls(lexicon)

    def __call__(self, text: str) -> dict[str, list[list[str]]]:
        out: dict[str, list[list[str]]] = {r: [] for r in ROLES}
        if self._pattern is None:
            return out
        seen: set[str] = set()
        for match in self._pattern.finditer(text.lower()):
            key = normalize(match.group(0))
            if key not in seen:
                seen.add(key)
                out[self.lexicon[match.group(0)]].append([text[match.start() : match.end()]])
        return out
