"""The numpy replay of fitted transformers matches scikit-learn, rare and unseen levels included."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, OrdinalEncoder, StandardScaler

from csv_analyzer.predictions.compiled import compile_transformer


def test_rare_and_unseen_categories_and_gaps_match_scikit_learn() -> None:
    rng = np.random.default_rng(0)
    levels = np.array(["a"] * 50 + ["b"] * 30 + ["c"] * 10 + ["d"] * 3 + ["e"] * 2, dtype=object)
    train = pd.DataFrame(
        {
            "n": rng.normal(size=95),
            "m": np.where(rng.random(95) < 0.1, np.nan, rng.normal(size=95)),
            "k": rng.permutation(levels),
            "h": rng.permutation(levels),
        }
    )
    ct = ColumnTransformer(
        [
            (
                "num",
                make_pipeline(
                    SimpleImputer(strategy="median", add_indicator=True), StandardScaler()
                ),
                ["n", "m"],
            ),
            (
                "ord",
                make_pipeline(
                    SimpleImputer(strategy="most_frequent"),
                    OrdinalEncoder(
                        handle_unknown="use_encoded_value", unknown_value=-1, max_categories=3
                    ),
                ),
                ["h"],
            ),
            (
                "hot",
                OneHotEncoder(
                    handle_unknown="infrequent_if_exist", max_categories=3, sparse_output=False
                ),
                ["k"],
            ),
        ],
        sparse_threshold=0.0,
    ).fit(train)
    test = pd.DataFrame(
        {
            "n": [0.5, np.nan, 2.0, -1.0],
            "m": [np.nan, 1.0, 0.0, 3.0],
            "k": ["a", "d", "zzz", "c"],
            "h": ["e", "b", "zzz", np.nan],
        }
    )
    columns = {
        "n": test["n"].to_numpy(float),
        "m": test["m"].to_numpy(float),
        "k": test["k"].to_numpy(object),
        "h": test["h"].to_numpy(object),
    }
    fast = compile_transformer(ct)
    np.testing.assert_allclose(fast(columns, 4), ct.transform(test), rtol=1e-12)
