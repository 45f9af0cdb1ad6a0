"""Uniform samples of scored rows, for the prediction log (pure).

The log keeps every request's row count, but only a bounded sample of its input rows: a sample
drawn uniformly from all rows (not the first N), so drift computed from the log sees the same
distribution the model scored.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any


def uniform_positions(total: int, keep: int, *, seed: int = 0) -> list[int]:
    """`keep` row positions drawn uniformly without replacement from `range(total)`, sorted."""
    if total <= keep:
        return list(range(total))
    return sorted(random.Random(seed).sample(range(total), keep))  # noqa: S311 - not security


class Reservoir:
    """A uniform sample of at most `capacity` (row, prediction) pairs from a stream of batches
    (Vitter's algorithm R): every row seen so far is in the sample with the same probability."""

    def __init__(self, capacity: int, *, seed: int = 0) -> None:
        self.capacity = capacity
        self.seen = 0
        self.rows: list[Any] = []
        self.predictions: list[Any] = []
        self._random = random.Random(seed)  # noqa: S311 - sampling, not security

    def add(self, rows: Sequence[Any], predictions: Sequence[Any]) -> None:
        for row, prediction in zip(rows, predictions, strict=True):
            self.seen += 1
            if len(self.rows) < self.capacity:
                self.rows.append(row)
                self.predictions.append(prediction)
                continue
            slot = self._random.randrange(self.seen)
            if slot < self.capacity:
                self.rows[slot] = row
                self.predictions[slot] = prediction
