"""CEAF-REE (strict), the role-filler entity metric published with GRIT (Du et al., 2021).

Per document and role, predicted entities are aligned one-to-one with gold entities so as to
maximise the summed similarity. A predicted entity scores 1 against a gold entity when every
one of its (normalised) mention strings is among that gold entity's mentions, else 0.
Precision = matched / predicted entities, recall = matched / gold entities, summed over
documents; micro figures pool the five roles.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

ROLES: tuple[str, ...] = ("PerpInd", "PerpOrg", "Target", "Victim", "Weapon")

_PUNCT = str.maketrans("", "", string.punctuation)
_ARTICLES = re.compile(r"\b(a|an|the)\b")

Entity = Sequence[str]  # the mention strings of one entity
RoleEntities = Mapping[str, Sequence[Entity]]  # role -> entities


def normalize(text: str) -> str:
    """Lower-case, drop punctuation, the articles a/an/the and extra white space."""
    text = text.lower().translate(_PUNCT)
    text = _ARTICLES.sub(" ", text)
    return " ".join(text.split())


def _mention_set(entity: Iterable[str]) -> frozenset[str]:
    return frozenset(normalize(m) for m in entity)


def entity_similarity(predicted: Entity, gold: Entity) -> int:
    """1 when every predicted mention is one of the gold entity's mentions (strict), else 0."""
    pred = _mention_set(predicted)
    return int(bool(pred) and pred <= _mention_set(gold))


def align(predicted: Sequence[Entity], gold: Sequence[Entity]) -> int:
    """Number of matched entities under the optimal one-to-one alignment."""
    if not predicted or not gold:
        return 0
    sim = np.array([[entity_similarity(p, g) for g in gold] for p in predicted])
    from scipy.optimize import linear_sum_assignment  # imported here: a second of every CLI start

    rows, cols = linear_sum_assignment(sim, maximize=True)
    return int(sim[rows, cols].sum())


@dataclass
class Counts:
    matched: int = 0
    predicted: int = 0
    gold: int = 0

    def add(self, other: "Counts") -> None:
        self.matched += other.matched
        self.predicted += other.predicted
        self.gold += other.gold

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Score:
    """Per-role counts; `micro` pools them."""

    roles: dict[str, Counts] = field(default_factory=lambda: {r: Counts() for r in ROLES})

    @property
    def micro(self) -> Counts:
        total = Counts()
        for counts in self.roles.values():
            total.add(counts)
        return total

    def as_dict(self) -> dict[str, dict[str, float]]:
        rows = {**self.roles, "micro": self.micro}
        return {
            name: {
                "precision": c.precision,
                "recall": c.recall,
                "f1": c.f1,
                "matched": c.matched,
                "predicted": c.predicted,
                "gold": c.gold,
            }
            for name, c in rows.items()
        }


def _entities(role_entities: RoleEntities, role: str) -> list[list[str]]:
    """The role's entities, each a list of mention strings; empty entities are dropped."""
    return [list(e) for e in role_entities.get(role, []) if len(e)]


def score_document(predicted: RoleEntities, gold: RoleEntities) -> Score:
    score = Score()
    for role in ROLES:
        pred, ref = _entities(predicted, role), _entities(gold, role)
        score.roles[role] = Counts(align(pred, ref), len(pred), len(ref))
    return score


def score_corpus(
    predictions: Mapping[str, RoleEntities], gold: Mapping[str, RoleEntities]
) -> Score:
    """Score every gold document; a document with no prediction counts as predicting nothing."""
    total = Score()
    for docid, gold_roles in gold.items():
        doc = score_document(predictions.get(docid, {}), gold_roles)
        for role, counts in doc.roles.items():
            total.roles[role].add(counts)
    return total
