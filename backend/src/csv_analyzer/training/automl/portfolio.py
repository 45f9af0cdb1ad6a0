"""The algorithms the engine can train: constructors, known-good defaults, search spaces.

Every model runs single-threaded: the machines have 2 cores shared by the API and other jobs,
and threads slow tiny inputs down (see FACTS.md). Parallelism, if any, belongs to the job level.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import optuna
from lightgbm import LGBMClassifier, LGBMRegressor
from lightgbm.basic import LightGBMError
from sklearn import ensemble, linear_model, tree
from sklearn.compose import TransformedTargetRegressor

from csv_analyzer.training.automl.contracts import TaskName
from csv_analyzer.training.automl.errors import ConfigError
from csv_analyzer.training.automl.preprocessing import Family

Params = dict[str, Any]
REFERENCE = "hist_gradient_boosting"
"""The algorithm whose first default (the library's defaults) is always the first trial."""
CODES_AS_NUMBERS: Params = {"categorical_features": None}
"""HGB parameters that read category codes as ordered numbers instead of splitting them natively."""
TARGET_TRANSFORM = "target_transform"
"""Engine-managed parameter: ``"log1p"`` fits a regressor on ``log1p(y)`` and predicts
``expm1`` of its output, so predictions and every score stay on the original scale."""
LOG_TARGET: Params = {TARGET_TRANSFORM: "log1p"}
_MANAGED = frozenset(
    {"n_jobs", "random_state", "verbose", "verbosity", "num_threads", TARGET_TRANSFORM}
)


@dataclass(frozen=True)
class AlgorithmSpec:
    """One algorithm of the portfolio.

    Attributes:
        name: Public name users select.
        family: Preprocessing family (``linear`` scales and target-encodes, ``tree`` does not).
        make: ``make(task, seed) -> estimator`` with engine-managed settings applied.
        defaults: Known-good configurations, tried before any search.
        suggest: Samples a configuration from an Optuna trial (parameter names are prefixed).
        native_categories: The estimator can split category codes as categories (HGB).
    """

    name: str
    family: Family
    make: Callable[[TaskName, int], Any]
    defaults: Callable[[TaskName], list[Params]]
    suggest: Callable[[optuna.Trial, TaskName, str], Params]
    native_categories: bool = False

    def build(
        self, task: TaskName, params: Mapping[str, Any], seed: int, n_categorical: int = 0
    ) -> Any:
        """Return an unfitted estimator with ``params`` applied.

        Args:
            task: The task.
            params: Hyperparameters.
            seed: Random seed.
            n_categorical: Leading input columns holding category codes (see
                ``preprocessing.leading_categoricals``); an algorithm with
                ``native_categories`` splits them as categories unless ``params`` say otherwise
                (``CODES_AS_NUMBERS``).

        With ``params[TARGET_TRANSFORM] == "log1p"`` (regression), the estimator is wrapped in
        a ``TransformedTargetRegressor`` that learns ``log1p(y)`` and predicts on the original
        scale.
        """
        params = dict(params)
        transform = params.pop(TARGET_TRANSFORM, None)
        estimator = self.make(task, seed)
        if n_categorical and self.native_categories:
            estimator.set_params(categorical_features=list(range(n_categorical)))
        estimator.set_params(**params)
        if transform is None or transform == "none":
            return estimator
        if transform != "log1p" or task != "regression":
            raise ConfigError(f"Unknown target transform {transform!r} for {task}.")
        return TransformedTargetRegressor(
            regressor=estimator, func=np.log1p, inverse_func=np.expm1, check_inverse=False
        )

    def default_configs(self, task: TaskName, n_categorical: int = 0) -> list[Params]:
        """Known-good configurations in the order they are tried; the first is the reference.

        With category codes in the input, an algorithm that splits them natively also tries its
        first configuration with the codes read as plain numbers: native splits over many levels
        overfit a few thousand rows (on mlc_churn's 51 states they cost ~0.008 CV ROC AUC).
        """
        configs = self.defaults(task)
        if n_categorical and self.native_categories:
            configs = [configs[0], {**configs[0], **CODES_AS_NUMBERS}, *configs[1:]]
        return configs

    def sample(
        self, trial: optuna.Trial, task: TaskName, prefix: str, n_categorical: int = 0
    ) -> Params:
        """Sample a configuration; native category splits are searched when codes are present."""
        params = self.suggest(trial, task, prefix)
        if n_categorical and self.native_categories:
            native = trial.suggest_categorical(prefix + "native_categories", [True, False])
            if not native:
                params.update(CODES_AS_NUMBERS)
        return params


def _f(trial: optuna.Trial, p: str, lo: float, hi: float, log: bool = False) -> float:
    return float(trial.suggest_float(p, lo, hi, log=log))


def _i(trial: optuna.Trial, p: str, lo: int, hi: int, log: bool = False) -> int:
    return int(trial.suggest_int(p, lo, hi, log=log))


def _linear(task: TaskName, seed: int) -> Any:
    if task == "classification":
        return linear_model.LogisticRegression(max_iter=2000, random_state=seed)
    return linear_model.Ridge(random_state=seed)


def _linear_space(t: optuna.Trial, task: TaskName, p: str) -> Params:
    if task == "classification":
        return {"C": _f(t, p + "C", 1e-3, 1e2, log=True)}
    return {"alpha": _f(t, p + "alpha", 1e-3, 1e3, log=True)}


def _forest_space(t: optuna.Trial, task: TaskName, p: str) -> Params:  # noqa: ARG001
    return {
        "n_estimators": _i(t, p + "n_estimators", 50, 400, log=True),
        "max_features": _f(t, p + "max_features", 0.1, 1.0),
        "min_samples_leaf": _i(t, p + "min_samples_leaf", 1, 20, log=True),
    }


def _tree_space(t: optuna.Trial, task: TaskName, p: str) -> Params:  # noqa: ARG001
    return {
        "max_depth": _i(t, p + "max_depth", 2, 20),
        "min_samples_leaf": _i(t, p + "min_samples_leaf", 1, 50, log=True),
    }


def _gb_space(t: optuna.Trial, task: TaskName, p: str) -> Params:  # noqa: ARG001
    return {
        "n_estimators": _i(t, p + "n_estimators", 50, 400, log=True),
        "learning_rate": _f(t, p + "learning_rate", 0.01, 0.3, log=True),
        "max_depth": _i(t, p + "max_depth", 2, 6),
        "subsample": _f(t, p + "subsample", 0.5, 1.0),
    }


def _hgb_space(t: optuna.Trial, task: TaskName, p: str) -> Params:  # noqa: ARG001
    return {
        "learning_rate": _f(t, p + "learning_rate", 0.01, 0.3, log=True),
        "max_iter": _i(t, p + "max_iter", 50, 500, log=True),
        "max_leaf_nodes": _i(t, p + "max_leaf_nodes", 4, 128, log=True),
        "min_samples_leaf": _i(t, p + "min_samples_leaf", 2, 100, log=True),
        "l2_regularization": _f(t, p + "l2_regularization", 1e-6, 10.0, log=True),
        "max_features": _f(t, p + "max_features", 0.3, 1.0),
    }


def _lgbm_space(t: optuna.Trial, task: TaskName, p: str) -> Params:  # noqa: ARG001
    return {
        "n_estimators": _i(t, p + "n_estimators", 50, 1000, log=True),
        "learning_rate": _f(t, p + "learning_rate", 0.01, 0.3, log=True),
        "num_leaves": _i(t, p + "num_leaves", 4, 128, log=True),
        "min_child_samples": _i(t, p + "min_child_samples", 2, 100, log=True),
        "subsample": _f(t, p + "subsample", 0.5, 1.0),
        "subsample_freq": 1,
        "colsample_bytree": _f(t, p + "colsample_bytree", 0.3, 1.0),
        "reg_alpha": _f(t, p + "reg_alpha", 1e-8, 10.0, log=True),
        "reg_lambda": _f(t, p + "reg_lambda", 1e-8, 10.0, log=True),
    }


def _pick(task: TaskName, clf: type, reg: type, **kw: Any) -> Any:
    return (clf if task == "classification" else reg)(**kw)


def _max_features(task: TaskName, reg: float) -> Any:
    return "sqrt" if task == "classification" else reg


ALGORITHMS: dict[str, AlgorithmSpec] = {
    spec.name: spec
    for spec in (
        AlgorithmSpec(
            "linear",
            "linear",
            _linear,
            lambda task: [{"C": 1.0} if task == "classification" else {"alpha": 1.0}],
            _linear_space,
        ),
        AlgorithmSpec(
            "decision_tree",
            "tree",
            lambda task, seed: _pick(
                task, tree.DecisionTreeClassifier, tree.DecisionTreeRegressor, random_state=seed
            ),
            lambda _task: [{"max_depth": 8, "min_samples_leaf": 5}],
            _tree_space,
        ),
        AlgorithmSpec(
            "hist_gradient_boosting",
            "tree",
            lambda task, seed: _pick(
                task,
                ensemble.HistGradientBoostingClassifier,
                ensemble.HistGradientBoostingRegressor,
                random_state=seed,
            ),
            # The library defaults first: the reference trial the engine must never lose to.
            lambda _task: [
                {},
                {
                    "learning_rate": 0.05,
                    "max_iter": 300,
                    "min_samples_leaf": 10,
                    "l2_regularization": 1.0,
                },
            ],
            _hgb_space,
            native_categories=True,
        ),
        AlgorithmSpec(
            "lightgbm",
            "tree",
            lambda task, seed: _pick(
                task, LGBMClassifier, LGBMRegressor, n_jobs=1, verbose=-1, random_state=seed
            ),
            lambda _task: [
                {
                    "n_estimators": 300,
                    "learning_rate": 0.05,
                    "num_leaves": 31,
                    "min_child_samples": 10,
                    "subsample": 0.8,
                    "subsample_freq": 1,
                    "colsample_bytree": 0.8,
                },
                {
                    "n_estimators": 300,
                    "learning_rate": 0.03,
                    "num_leaves": 8,
                    "min_child_samples": 5,
                    "colsample_bytree": 0.6,
                },
            ],
            _lgbm_space,
        ),
        AlgorithmSpec(
            "extra_trees",
            "tree",
            lambda task, seed: _pick(
                task,
                ensemble.ExtraTreesClassifier,
                ensemble.ExtraTreesRegressor,
                n_jobs=1,
                random_state=seed,
            ),
            lambda task: [{"n_estimators": 200, "max_features": _max_features(task, 0.7)}],
            _forest_space,
        ),
        AlgorithmSpec(
            "random_forest",
            "tree",
            lambda task, seed: _pick(
                task,
                ensemble.RandomForestClassifier,
                ensemble.RandomForestRegressor,
                n_jobs=1,
                random_state=seed,
            ),
            lambda task: [{"n_estimators": 200, "max_features": _max_features(task, 0.5)}],
            _forest_space,
        ),
        AlgorithmSpec(
            "gradient_boosting",
            "tree",
            lambda task, seed: _pick(
                task,
                ensemble.GradientBoostingClassifier,
                ensemble.GradientBoostingRegressor,
                random_state=seed,
            ),
            lambda _task: [
                {"n_estimators": 150, "learning_rate": 0.1, "max_depth": 3, "subsample": 0.8}
            ],
            _gb_space,
        ),
    )
}
"""Registry in cost order: after the reference trial, cheap algorithms run their defaults first."""


def validate_hyperparameters(name: str, params: Mapping[str, Any], task: TaskName) -> Params:
    """Check user hyperparameters for one algorithm by name and by a tiny trial fit.

    Args:
        name: Algorithm name.
        params: User hyperparameters.
        task: The resolved task (the estimator class depends on it).

    Returns:
        The parameters as a plain dict.

    Raises:
        ConfigError: Unknown algorithm, unknown or engine-managed parameter, or a value the
            estimator rejects.
    """
    spec = get_algorithm(name)
    params = dict(params)
    estimator = spec.make(task, 0)
    managed = sorted(set(params) & _MANAGED)
    if managed:
        raise ConfigError(f"Hyperparameters {managed} of {name!r} are managed by the engine.")
    unknown = sorted(set(params) - set(estimator.get_params(deep=False)))
    if unknown:
        allowed = sorted(set(estimator.get_params(deep=False)) - _MANAGED)
        raise ConfigError(f"Unknown hyperparameters {unknown} for {name!r}; allowed: {allowed}.")
    rng = np.random.default_rng(0)
    X = rng.normal(size=(40, 3))
    y = (X[:, 0] > 0).astype(int) if task == "classification" else X[:, 0]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            estimator.set_params(**params).fit(X, y)
    except (ValueError, TypeError, LightGBMError) as exc:
        raise ConfigError(f"Invalid hyperparameters for {name!r}: {exc}") from exc
    return params


def get_algorithm(name: str) -> AlgorithmSpec:
    """Look an algorithm up by name.

    Raises:
        ConfigError: The name is not in the portfolio.
    """
    try:
        return ALGORITHMS[name]
    except KeyError:
        raise ConfigError(
            f"Unknown algorithm {name!r}; choose from {sorted(ALGORITHMS)}."
        ) from None
