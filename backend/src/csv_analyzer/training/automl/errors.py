"""Domain errors raised by the AutoML engine.

They subclass built-in exceptions so the engine stays free of web concerns; the service layer maps
them to ``AppError`` subclasses (e.g. ``TargetError`` -> 422 ``invalid_target``).
"""

from __future__ import annotations


class TargetError(ValueError):
    """The chosen target column cannot be learned (constant, empty, identifier-like, ...)."""


class ConfigError(ValueError):
    """The training configuration is invalid (unknown algorithm, bad hyperparameter, ...)."""


class Cancelled(Exception):
    """The caller asked to stop the run (``should_cancel()`` returned True between trials)."""


class NoModelError(RuntimeError):
    """Every candidate failed or the budget was too small to finish a single trial."""
