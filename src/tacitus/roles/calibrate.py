"""Choose per-role score thresholds that maximise micro CEAF-REE F1 on held-out documents."""

from __future__ import annotations

from collections.abc import Sequence

from tacitus.evaluate.ceaf import ROLES, Counts, align
from tacitus.roles.decode import RoleEntity, select_role

GRID = tuple(round(0.15 + 0.05 * i, 2) for i in range(17))  # 0.15 .. 0.95
DEFAULT_THRESHOLD = 0.5

Candidates = dict[str, list[RoleEntity]]


def role_counts(
    cands: Sequence[Candidates], golds: Sequence[dict[str, list[list[str]]]], role: str, threshold: float
) -> Counts:
    total = Counts()
    for cand, gold in zip(cands, golds):
        pred = [[e.mentions[0]] for e in select_role(cand.get(role, []), threshold)]
        ref = gold.get(role, [])
        total.add(Counts(align(pred, ref), len(pred), len(ref)))
    return total


def micro_f1(counts: dict[str, Counts]) -> float:
    total = Counts()
    for c in counts.values():
        total.add(c)
    return total.f1


def tune(
    cands: Sequence[Candidates], golds: Sequence[dict[str, list[list[str]]]], passes: int = 2
) -> tuple[dict[str, float], dict[str, Counts]]:
    """Coordinate ascent over the roles' thresholds on micro F1, from 0.5 everywhere."""
    table = {r: {t: role_counts(cands, golds, r, t) for t in GRID} for r in ROLES}
    thresholds = {r: DEFAULT_THRESHOLD for r in ROLES}
    for _ in range(passes):
        for role in ROLES:
            def f1_with(t: float) -> float:
                counts = {r: table[r][thresholds[r]] for r in ROLES}
                counts[role] = table[role][t]
                return micro_f1(counts)

            thresholds[role] = max(GRID, key=lambda t: (f1_with(t), -abs(t - DEFAULT_THRESHOLD)))
    return thresholds, {r: table[r][thresholds[r]] for r in ROLES}
