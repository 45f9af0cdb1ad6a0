"""The champion gate (pure): does a new version replace the champion?

A new version becomes champion only if it is comparable with the current champion (same dataset
lineage, i.e. same dataset id, and same metric) and better beyond noise: on the same holdout
rows, the 95% bootstrap interval of the metric difference lies above zero (`paired`); when the
champion cannot score those rows, by a documented minimum effect. The first version of a model
is champion. Every decision carries the numbers it was based on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

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


class PairedResult(BaseModel):
    """Both versions scored on the same holdout rows; positive differences favour the new one."""

    model_config = ConfigDict(extra="ignore")

    rows: int
    resamples: int
    challenger_score: float
    champion_score: float
    difference: float
    low: float = Field(description="Lower end of the 95% bootstrap interval of the difference")
    high: float


class GateDecision(BaseModel):
    """Why a version became champion or challenger, with the numbers behind it.

    Stored as the version's `gate` JSON; decisions of earlier releases read too.
    """

    model_config = ConfigDict(extra="ignore", json_schema_serialization_defaults_required=True)

    decision: Literal["champion", "challenger"] | None = Field(
        default=None, description="Null only for versions recorded before the gate existed"
    )
    reason: str = ""
    metric: str | None = None
    greater_is_better: bool | None = None
    candidate_version: int | None = None
    candidate_score: float | None = None
    champion_version: int | None = None
    champion_score: float | None = None
    paired: PairedResult | None = Field(
        default=None,
        description="The comparison on the same rows, when the champion could score them",
    )

    def __getitem__(self, key: str) -> object:
        """Read like the stored JSON (``decision["reason"]``)."""
        return getattr(self, key)


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
) -> GateDecision:
    """Decide the alias of `new` against the current champion.

    Args:
        new: The version just trained.
        champion: The current champion, or None when the model has none.
        paired: Both versions scored on the new version's holdout rows, when the champion could
            score them: promotion then needs the bootstrap interval of the difference above 0.
            Without it a version must win by `MIN_UNPAIRED_EFFECT`.

    Returns:
        The decision ("champion" or "challenger"), its reason, the metric and direction, both
        scores and the compared version.
    """
    numbers = GateDecision(
        metric=new.metric,
        greater_is_better=new.greater_is_better,
        candidate_version=new.version,
        candidate_score=new.score,
        champion_version=champion.version if champion else None,
        champion_score=champion.score if champion else None,
    )

    def verdict(
        decision: Literal["champion", "challenger"], reason: str, **more: object
    ) -> GateDecision:
        return numbers.model_copy(update={"decision": decision, "reason": reason, **more})

    if champion is None:
        return verdict("champion", "first version of the model")
    if champion.dataset_id != new.dataset_id or champion.dataset_id is None:
        return verdict("challenger", "trained on another dataset than the champion: not comparable")
    if champion.metric != new.metric:
        return verdict(
            "challenger",
            f"optimised {new.metric}, the champion {champion.metric}: not comparable",
        )
    if paired is not None:
        return verdict(
            *_paired_decision(new.metric, paired), paired=PairedResult(**paired.to_dict())
        )
    if new.score is None or champion.score is None:
        return verdict("challenger", "a holdout score is missing")
    perfect = PERFECT_SCORES.get(new.metric)
    effect = (
        f"{MIN_UNPAIRED_EFFECT:.0%} of the room left"
        if new.greater_is_better
        else (f"{MIN_UNPAIRED_EFFECT:.0%} of its loss")
    )
    if beats_by_minimum_effect(
        new.score, champion.score, greater_is_better=new.greater_is_better, perfect=perfect
    ):
        return verdict(
            "champion",
            f"holdout {new.metric} {new.score:.6g} beats the champion's "
            f"{champion.score:.6g} by more than {effect} (not compared on the same rows)",
        )
    return verdict(
        "challenger",
        f"holdout {new.metric} {new.score:.6g} does not beat the champion's "
        f"{champion.score:.6g} by {effect} (not compared on the same rows)",
    )


def _paired_decision(
    metric: str, paired: PairedComparison
) -> tuple[Literal["champion", "challenger"], str]:
    numbers = (
        f"on the same {paired.rows:,} holdout rows {metric} {paired.challenger_score:.4g} vs "
        f"the champion's {paired.champion_score:.4g}: difference {paired.difference:+.4g}, "
        f"95% interval [{paired.low:+.4g}, {paired.high:+.4g}]"
    )
    if paired.better_beyond_noise:
        return "champion", f"better beyond noise {numbers}"
    verdict = "worse" if paired.high < 0 else "within noise (the interval includes 0)"
    return "challenger", f"not better beyond noise: {numbers}, {verdict}"
