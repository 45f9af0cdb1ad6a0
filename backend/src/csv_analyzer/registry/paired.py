"""Is a challenger better than the champion beyond noise? A paired bootstrap on the same rows (pure).

Two versions scored on the same holdout rows differ partly by chance: which rows happened to be
held out. Resampling those rows (with replacement) and scoring both versions on each resample
gives the spread of the *difference* — far narrower than the spread of either score, because
the same hard rows count against both. The challenger is better beyond noise when the lower end
of the 95% interval of that difference is above zero.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass

import numpy as np

Score = Callable[[np.ndarray, np.ndarray], float]

# Without the same rows, a version must beat the champion by this share of the champion's
# distance to a perfect score (or of the score itself, for losses) to be promoted.
MIN_UNPAIRED_EFFECT = 0.05


@dataclass(frozen=True)
class PairedComparison:
    """Both scores on the same rows and the bootstrap interval of their difference.

    `difference`, `low` and `high` are oriented so that positive means the challenger is better
    (a loss that went down is a positive difference).
    """

    rows: int
    resamples: int
    challenger_score: float
    champion_score: float
    difference: float
    low: float
    high: float

    @property
    def better_beyond_noise(self) -> bool:
        return self.low > 0

    def to_dict(self) -> dict[str, float | int]:
        return asdict(self)


@dataclass(frozen=True)
class ChampionComparison:
    """A paired comparison with the champion version it was made against."""

    champion_version: int
    paired: PairedComparison


def paired_bootstrap(
    y: np.ndarray,
    challenger: np.ndarray,
    champion: np.ndarray,
    value: Score,
    *,
    greater_is_better: bool,
    resamples: int = 400,
    seed: int = 0,
) -> PairedComparison:
    """Compare two versions' predictions on the same rows.

    Args:
        y: True targets (encoded class indices, or numbers), one per row.
        challenger: The challenger's predictions for those rows (probabilities or values).
        champion: The champion's, in the same layout.
        value: The metric in its own units, `value(y, predictions)`.
        greater_is_better: The metric's direction.
        resamples: Bootstrap resamples; those a metric cannot score (e.g. one class only) are
            skipped.
        seed: For repeatable intervals.

    Returns:
        The comparison; `better_beyond_noise` when the 95% interval lies above zero.
    """
    sign = 1.0 if greater_is_better else -1.0
    n = len(y)
    rng = np.random.default_rng(seed)
    differences: list[float] = []
    for _ in range(resamples):
        idx = rng.integers(0, n, n)
        try:
            a = value(y[idx], challenger[idx])
            b = value(y[idx], champion[idx])
        except ValueError:
            continue
        if np.isfinite(a) and np.isfinite(b):
            differences.append(sign * (a - b))
    new, old = value(y, challenger), value(y, champion)
    low, high = (
        (float(np.percentile(differences, 2.5)), float(np.percentile(differences, 97.5)))
        if differences
        else (float("-inf"), float("inf"))
    )
    return PairedComparison(
        rows=n,
        resamples=len(differences),
        challenger_score=float(new),
        champion_score=float(old),
        difference=float(sign * (new - old)),
        low=low,
        high=high,
    )


def beats_by_minimum_effect(
    new: float, champion: float, *, greater_is_better: bool, perfect: float | None
) -> bool:
    """Without the same rows: better by at least `MIN_UNPAIRED_EFFECT` of the room left
    (towards `perfect`, e.g. 1.0 for ROC AUC) or of the champion's loss."""
    if greater_is_better:
        room = (perfect - champion) if perfect is not None else abs(champion)
        return new - champion > MIN_UNPAIRED_EFFECT * room
    return champion - new > MIN_UNPAIRED_EFFECT * abs(champion)
