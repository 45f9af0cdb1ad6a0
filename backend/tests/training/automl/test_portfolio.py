"""Portfolio specs: category codes split natively or read as numbers, and what is searched."""

from __future__ import annotations

import numpy as np
import optuna
import pytest
from sklearn.compose import TransformedTargetRegressor

from csv_analyzer.training.automl.errors import ConfigError
from csv_analyzer.training.automl.portfolio import (
    ALGORITHMS,
    CODES_AS_NUMBERS,
    LOG_TARGET,
    REFERENCE,
    validate_hyperparameters,
)

HGB_SPACE = {
    f"{REFERENCE}.learning_rate": 0.1,
    f"{REFERENCE}.max_iter": 100,
    f"{REFERENCE}.max_leaf_nodes": 31,
    f"{REFERENCE}.min_samples_leaf": 20,
    f"{REFERENCE}.l2_regularization": 1e-3,
    f"{REFERENCE}.max_features": 1.0,
}


class TestCategoryCodes:
    def test_reference_splits_leading_codes_natively(self) -> None:
        model = ALGORITHMS[REFERENCE].build("classification", {}, 0, n_categorical=2)
        assert model.categorical_features == [0, 1]

    def test_codes_as_numbers_overrides_native_splits(self) -> None:
        model = ALGORITHMS[REFERENCE].build("classification", CODES_AS_NUMBERS, 0, 2)
        assert model.categorical_features is None

    def test_reference_is_the_library_default(self) -> None:
        assert ALGORITHMS[REFERENCE].default_configs("regression")[0] == {}

    @pytest.mark.parametrize("n_categorical", [0, 3])
    def test_codes_as_numbers_default_only_with_codes(self, n_categorical: int) -> None:
        configs = ALGORITHMS[REFERENCE].default_configs("classification", n_categorical)
        assert configs[0] == {}
        assert (CODES_AS_NUMBERS in configs) == bool(n_categorical)

    def test_models_without_native_splits_get_no_variant(self) -> None:
        spec = ALGORITHMS["lightgbm"]
        assert spec.default_configs("classification", 3) == spec.defaults("classification")


class TestSample:
    @pytest.mark.parametrize("native", [True, False])
    def test_native_splits_are_searched_with_codes(self, native: bool) -> None:
        trial = optuna.trial.FixedTrial({**HGB_SPACE, f"{REFERENCE}.native_categories": native})
        params = ALGORITHMS[REFERENCE].sample(trial, "classification", f"{REFERENCE}.", 2)
        assert ("categorical_features" in params) is not native
        model = ALGORITHMS[REFERENCE].build("classification", params, 0, 2)
        assert model.categorical_features == ([0, 1] if native else None)

    def test_no_native_choice_without_codes(self) -> None:
        trial = optuna.trial.FixedTrial(HGB_SPACE)
        params = ALGORITHMS[REFERENCE].sample(trial, "classification", f"{REFERENCE}.", 0)
        assert "categorical_features" not in params


class TestLogTarget:
    @pytest.mark.parametrize("algorithm", ["linear", "hist_gradient_boosting", "extra_trees"])
    def test_fits_on_log_scale_and_predicts_on_the_original(self, algorithm: str) -> None:
        rng = np.random.default_rng(0)
        X = rng.normal(size=(400, 3))
        y = np.exp(2.0 + X[:, 0] + rng.normal(scale=0.1, size=400))
        model = ALGORITHMS[algorithm].build("regression", LOG_TARGET, 0).fit(X, y)
        assert isinstance(model, TransformedTargetRegressor)
        inner = model.regressor_.predict(X)
        assert np.allclose(model.predict(X), np.expm1(inner))
        assert np.median(model.predict(X)) == pytest.approx(np.median(y), rel=0.2)
        # Log-linear data: the transformed linear model is far closer than the plain one.
        if algorithm == "linear":
            plain = ALGORITHMS[algorithm].build("regression", {}, 0).fit(X, y)
            rmse = lambda p: float(np.sqrt(np.mean((p - y) ** 2)))  # noqa: E731
            assert rmse(model.predict(X)) < 0.5 * rmse(plain.predict(X))

    def test_without_the_parameter_no_wrapper(self) -> None:
        model = ALGORITHMS["linear"].build("regression", {"alpha": 1.0}, 0)
        assert not isinstance(model, TransformedTargetRegressor)

    def test_refused_for_classification(self) -> None:
        with pytest.raises(ConfigError, match="Unknown target transform"):
            ALGORITHMS["linear"].build("classification", LOG_TARGET, 0)

    def test_users_cannot_set_it(self) -> None:
        with pytest.raises(ConfigError, match="managed by the engine"):
            validate_hyperparameters("linear", LOG_TARGET, "regression")
