"""Pure AutoML engine: DataFrame in, fitted pipeline and JSON-ready report out.

No web, database, settings or MLflow imports here (import-linter enforces it); the training
service wraps ``run_automl`` with job state, storage and tracking.
"""

from csv_analyzer.training.automl.contracts import (
    AutoMLConfig,
    AutoMLResult,
    LeaderboardRow,
    ProgressUpdate,
)
from csv_analyzer.training.automl.engine import run_automl
from csv_analyzer.training.automl.errors import Cancelled, ConfigError, NoModelError, TargetError
from csv_analyzer.training.automl.metrics import METRICS
from csv_analyzer.training.automl.portfolio import ALGORITHMS

__all__ = [
    "ALGORITHMS",
    "METRICS",
    "AutoMLConfig",
    "AutoMLResult",
    "Cancelled",
    "ConfigError",
    "LeaderboardRow",
    "NoModelError",
    "ProgressUpdate",
    "TargetError",
    "run_automl",
]
