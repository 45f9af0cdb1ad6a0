"""Configuration checks and size-dependent search settings."""

from __future__ import annotations

import platform
from dataclasses import asdict
from importlib import metadata

import pandas as pd

from csv_analyzer.training.automl.contracts import (
    MAX_TIME_BUDGET_S,
    MIN_TIME_BUDGET_S,
    AutoMLConfig,
    JSONValue,
)
from csv_analyzer.training.automl.errors import ConfigError
from csv_analyzer.training.automl.portfolio import get_algorithm

_LIBRARIES = ("scikit-learn", "lightgbm", "optuna", "pandas", "numpy", "scipy")


def validate_config(df: pd.DataFrame, config: AutoMLConfig) -> list[str]:
    """Check the configuration against the frame.

    Args:
        df: The dataset.
        config: The configuration.

    Returns:
        The feature columns to use (the target excluded).

    Raises:
        ConfigError: Unknown target/feature/algorithm, or an out-of-range number.
    """
    columns = [str(c) for c in df.columns]
    if config.target not in columns:
        raise ConfigError(f"Target column {config.target!r} is not in the dataset.")
    if config.features is not None:
        missing = sorted(set(config.features) - set(columns))
        if missing:
            raise ConfigError(f"Feature columns {missing} are not in the dataset.")
        features = [c for c in dict.fromkeys(config.features) if c != config.target]
    else:
        features = [c for c in columns if c != config.target]
    if not features:
        raise ConfigError("No feature columns left besides the target.")
    if not MIN_TIME_BUDGET_S <= config.time_budget_s <= MAX_TIME_BUDGET_S:
        raise ConfigError(
            f"time_budget_s must be between {MIN_TIME_BUDGET_S:g} and {MAX_TIME_BUDGET_S:g} seconds."
        )
    if not 2 <= config.folds <= 20:
        raise ConfigError("folds must be between 2 and 20.")
    if not 0.05 <= config.holdout_share <= 0.5:
        raise ConfigError("holdout_share must be between 0.05 and 0.5.")
    if config.algorithms is not None and not config.algorithms:
        raise ConfigError("algorithms must be None (automatic) or a non-empty list.")
    for name in config.algorithms or []:
        get_algorithm(name)
    for name in config.hyperparameters or {}:
        get_algorithm(name)
        if config.algorithms is not None and name not in config.algorithms:
            raise ConfigError(f"Hyperparameters given for {name!r}, which is not selected.")
    return features


SMALL_DATA_ROWS = 1_000
"""Below this many training rows the search repeats its k-fold CV ``SMALL_DATA_REPEATS`` times.

On a few hundred rows one k-fold CV ranks near-tied models by noise (on the 344-row penguins
table one 5-fold CV picked a linear model with twice the log loss of extra trees); fits there
take milliseconds, so repeating the partition costs little and steadies both the ranking and the
ensemble selection, which uses the same repeated out-of-fold predictions.
"""
SMALL_DATA_REPEATS = 3
SMALL_DATA_MIN_BUDGET_S = 20.0
"""Repeats triple every trial's cost: below this budget one partition leaves room for more models."""


def search_plan(n_train: int, budget_s: float, folds: int) -> tuple[int, int, int]:
    """How many rows the search may use, how many folds and k-fold repeats.

    Large data gets fewer folds and a row sample so several configurations fit in the budget;
    small data gets repeated folds when the budget is at least ``SMALL_DATA_MIN_BUDGET_S``; the
    final refit always uses every training row.

    Returns:
        ``(max_search_rows, n_folds, repeats)``.
    """
    max_rows = 20_000 if budget_s <= 60 else 50_000 if budget_s <= 600 else 150_000
    n_folds = folds if min(n_train, max_rows) <= 20_000 else min(folds, 3)
    small = n_train < SMALL_DATA_ROWS and budget_s >= SMALL_DATA_MIN_BUDGET_S
    repeats = SMALL_DATA_REPEATS if small else 1
    return max_rows, n_folds, repeats


def library_versions() -> dict[str, str]:
    """Versions of the libraries that shape the model (for reproducibility and loading)."""
    versions = {"python": platform.python_version()}
    for lib in _LIBRARIES:
        try:
            versions[lib] = metadata.version(lib)
        except metadata.PackageNotFoundError:
            versions[lib] = "unknown"
    return versions


def config_to_dict(config: AutoMLConfig) -> dict[str, JSONValue]:
    """The configuration as JSON-ready data."""
    data = asdict(config)
    for key in ("features", "algorithms"):
        if data[key] is not None:
            data[key] = list(data[key])
    for key in ("column_types", "hyperparameters"):
        if data[key] is not None:
            data[key] = {k: (dict(v) if isinstance(v, dict) else v) for k, v in data[key].items()}
    return data
