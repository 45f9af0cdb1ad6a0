"""The champion gate (pure): does a new version replace the champion?

A new version becomes champion only if it is comparable with the current champion (same dataset
lineage, i.e. same dataset id, and same metric) and strictly better on the holdout metric. The
first version of a model is champion. Every decision carries the numbers it was based on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Candidate:
    """What the gate looks at for one version."""

    version: int
    dataset_id: str | None
    metric: str
    greater_is_better: bool
    score: float | None


def decide(new: Candidate, champion: Candidate | None) -> dict[str, Any]:
    """Decide the alias of `new` against the current champion.

    Args:
        new: The version just trained.
        champion: The current champion, or None when the model has none.

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
    if new.score is None or champion.score is None:
        return gate | {"decision": "challenger", "reason": "a holdout score is missing"}
    better = new.score > champion.score if new.greater_is_better else new.score < champion.score
    if better:
        return gate | {
            "decision": "champion",
            "reason": f"holdout {new.metric} {new.score:.6g} beats the champion's "
            f"{champion.score:.6g}",
        }
    return gate | {
        "decision": "challenger",
        "reason": f"holdout {new.metric} {new.score:.6g} does not beat the champion's "
        f"{champion.score:.6g}",
    }
