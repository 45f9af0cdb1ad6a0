"""The training job's progress writer: the live leaderboard and the metric it is ranked by."""

from __future__ import annotations

from typing import Any

import pandas as pd

from csv_analyzer.training.automl import AutoMLConfig, LeaderboardRow, ProgressUpdate
from csv_analyzer.training.tasks import MAX_LIVE_LEADERBOARD, ProgressWriter, resolved_metric


class FakeContext:
    """Only what the writer touches: the merged progress dict."""

    def __init__(self) -> None:
        self.progress: dict[str, Any] = {}

    def update_progress(self, *, force: bool = False, **fields: Any) -> None:
        del force  # the real context throttles writes; this one keeps every update
        self.progress.update(fields)


def _row(trial_id: int, score: float | None, status: str = "ok") -> LeaderboardRow:
    return LeaderboardRow(
        trial_id=trial_id,
        algorithm="linear",
        params={"C": 1.0},
        source="search",
        status=status,  # type: ignore[arg-type]
        cv_mean=score,
    )


def _feed(writer: ProgressWriter, rows: list[LeaderboardRow]) -> None:
    for i, row in enumerate(rows, start=1):
        writer(ProgressUpdate(fraction=0.1, trials_done=i, best_score=None, step="search", row=row))


def test_live_leaderboard_is_best_first_for_a_loss_and_unscored_rows_come_last() -> None:
    ctx = FakeContext()
    writer = ProgressWriter(ctx, "log_loss", False)  # type: ignore[arg-type]
    assert ctx.progress == {"metric": "log_loss", "greater_is_better": False}
    _feed(writer, [_row(0, 0.5), _row(1, None, "failed"), _row(2, 0.2), _row(3, 0.9)])
    assert [r["trial_id"] for r in ctx.progress["leaderboard"]] == [2, 0, 3, 1]
    assert ctx.progress["leaderboard_total"] == 4
    assert ctx.progress["trial_counts"] == {"ok": 3, "failed": 1}


def test_live_leaderboard_keeps_only_the_best_rows_but_counts_them_all() -> None:
    ctx = FakeContext()
    writer = ProgressWriter(ctx, "roc_auc", True)  # type: ignore[arg-type]
    total = MAX_LIVE_LEADERBOARD + 20
    _feed(writer, [_row(i, i / total) for i in range(total)])
    board = ctx.progress["leaderboard"]
    assert len(board) == MAX_LIVE_LEADERBOARD
    assert board[0]["trial_id"] == total - 1
    assert min(r["trial_id"] for r in board) == 20
    assert ctx.progress["leaderboard_total"] == total


def test_resolved_metric_is_the_engine_default_or_none_for_an_unusable_target() -> None:
    frame = pd.DataFrame({"x": [i * 1.37 for i in range(100)], "y": ["a", "b"] * 50})
    config = AutoMLConfig(target="y", column_types={"x": "numeric", "y": "categorical"})
    assert resolved_metric(frame, config) == ("roc_auc", True)
    config = AutoMLConfig(target="x", column_types={"x": "numeric", "y": "categorical"})
    assert resolved_metric(frame, config) == ("rmse", False)
    config = AutoMLConfig(target="missing", column_types={"x": "numeric"})
    assert resolved_metric(frame, config) == (None, None)
