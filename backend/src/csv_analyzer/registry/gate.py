"""The champion gate (pure): does a new version replace the champion?

A new version becomes champion only if it is comparable with the current champion (same dataset
lineage, i.e. same dataset id, and same metric) and better beyond noise: on the same holdout
rows, the 95% bootstrap interval of the metric difference lies above zero (`paired`); when the
champion cannot score those rows, by a documented minimum effect. The first version of a model
is champion. Every decision carries the numbers it was based on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from csv_analyzer.registry.paired import (
    MIN_UNPAIRED_EFFECT,
    PairedComparison,
    beats_by_minimum_effect,
)

PERFECT_SCORES = {
    "roc_auc": 1.0,
    "accuracy": 1.0,
    "balanced_accuracy": 1.0,
    "f1_macro": 1.0,
    "r2": 1.0,
}


@dataclass(frozen=True)
class Candidate:
    """What the gate looks at for one version."""

    version: int
    dataset_id: str | None
    metric: str
    greater_is_better: bool
    score: float | None


def decide(
    new: Candidate, champion: Candidate | None, paired: PairedComparison | None = None
) -> dict[str, Any]:
    """Decide the alias of `new` against the current champion.

    Args:
        new: The version just trained.
        champion: The current champion, or None when the model has none.
        paired: Both versions scored on the new version's holdout rows, when the champion could
            score them: promotion then needs the bootstrap interval of the difference above 0.
            Without it a version must win by `MIN_UNPAIRED_EFFECT`.

    Returns:
        JSON for the version's `gate` column: `decision` ("champion" or "challenger"),
        `reason`, the metric and direction, both scores and the compared version.
    """
    gate: dict[str, Any] = {
        "metric": new.metric,
        "greater_is_better": new.greater_is_better,
        "candidate_version": new.version,
        "candidate_score": new.score,
        "champion_version": champion.version if champion else None,
        "champion_score": champion.score if champion else None,
    }
    if champion is None:
        return gate | {"decision": "champion", "reason": "first version of the model"}
    if champion.dataset_id != new.dataset_id or champion.dataset_id is None:
        return gate | {
            "decision": "challenger",
            "reason": "trained on another dataset than the champion: not comparable",
        }
    if champion.metric != new.metric:
        return gate | {
            "decision": "challenger",
            "reason": f"optimised {new.metric}, the champion {champion.metric}: not comparable",
        }
    if paired is not None:
        return gate | _paired_decision(new.metric, paired)
    if new.score is None or champion.score is None:
        return gate | {"decision": "challenger", "reason": "a holdout score is missing"}
    perfect = PERFECT_SCORES.get(new.metric)
    effect = (
        f"{MIN_UNPAIRED_EFFECT:.0%} of the room left"
        if new.greater_is_better
        else (f"{MIN_UNPAIRED_EFFECT:.0%} of its loss")
    )
    if beats_by_minimum_effect(
        new.score, champion.score, greater_is_better=new.greater_is_better, perfect=perfect
    ):
        return gate | {
            "decision": "champion",
            "reason": f"holdout {new.metric} {new.score:.6g} beats the champion's "
            f"{champion.score:.6g} by more than {effect} (not compared on the same rows)",
        }
    return gate | {
        "decision": "challenger",
        "reason": f"holdout {new.metric} {new.score:.6g} does not beat the champion's "
        f"{champion.score:.6g} by {effect} (not compared on the same rows)",
    }


def _paired_decision(metric: str, paired: PairedComparison) -> dict[str, Any]:
    numbers = (
        f"on the same {paired.rows:,} holdout rows {metric} {paired.challenger_score:.4g} vs "
        f"the champion's {paired.champion_score:.4g}: difference {paired.difference:+.4g}, "
        f"95% interval [{paired.low:+.4g}, {paired.high:+.4g}]"
    )
    if paired.better_beyond_noise:
        return {
            "decision": "champion",
            "reason": f"better beyond noise {numbers}",
            "paired": paired.to_dict(),
        }
    verdict = "worse" if paired.high < 0 else "within noise (the interval includes 0)"
    return {
        "decision": "challenger",
        "reason": f"not better beyond noise: {numbers}, {verdict}",
        "paired": paired.to_dict(),
    }
