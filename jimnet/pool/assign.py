"""Proposals for all waiting young people at once, over all free volunteer places.

Each free place of a volunteer is one column (a volunteer with two free places is two
columns), each waiting young person one row. ``scipy.optimize.linear_sum_assignment`` finds the
assignment that first matches as many young people as the hard constraints allow and, among
those, has the highest total compatibility: an allowed pair costs ``-score`` (scores lie in
[0, 1]) and a forbidden pair costs :data:`FORBIDDEN`, larger than any number of allowed pairs
can make up, so a forbidden pair is only ever "chosen" when nothing else is left, and is then
dropped: it is never proposed.

:func:`greedy` is the first-come alternative the bench compares with: young people in the order
they were referred, each taking the best free place left.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment


@dataclass(frozen=True)
class Result:
    pairs: list[tuple[int, int]]  # (seeker index, offer index)
    total: float

    @property
    def matched(self) -> int:
        return len(self.pairs)


def places(free: list[int]) -> np.ndarray:
    """The offer index of every free place (capacities as repeated places)."""
    return np.repeat(np.arange(len(free)), np.maximum(np.asarray(free, dtype=int), 0))


def optimal(score: np.ndarray, allowed: np.ndarray, free: list[int]) -> Result:
    columns = places(free)
    n = score.shape[0]
    if n == 0 or columns.size == 0:
        return Result([], 0.0)
    forbidden = float(n + columns.size + 1)
    cost = np.where(allowed[:, columns], -score[:, columns], forbidden)
    rows, cols = linear_sum_assignment(cost)
    pairs = [
        (int(r), int(columns[c])) for r, c in zip(rows, cols, strict=True) if allowed[r, columns[c]]
    ]
    return Result(sorted(pairs), float(sum(score[i, j] for i, j in pairs)))


def greedy(score: np.ndarray, allowed: np.ndarray, free: list[int]) -> Result:
    """First come, first served: each young person in turn takes the best place still free."""
    left = list(free)
    pairs = []
    for i in range(score.shape[0]):
        best, best_score = None, -np.inf
        for j in range(score.shape[1]):
            if left[j] > 0 and allowed[i, j] and score[i, j] > best_score:
                best, best_score = j, score[i, j]
        if best is not None:
            left[best] -= 1
            pairs.append((i, best))
    return Result(pairs, float(sum(score[i, j] for i, j in pairs)))
