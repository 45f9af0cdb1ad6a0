"""Shared data for the AutoML engine tests: small frames, real computation."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

BENCH = Path(__file__).resolve().parents[5] / "shared" / "bench"


def make_messy_frame(n: int = 240, seed: int = 0) -> pd.DataFrame:
    """A frame with every column kind, missing values and a learnable string target."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=n)
    colour = rng.choice(["red", "green", "blue"], size=n)
    city = rng.choice([f"city_{i}" for i in range(40)], size=n)
    signal = x + (colour == "red") * 1.5 + rng.normal(scale=0.5, size=n)
    words = np.array(["great", "fine", "poor", "service", "value", "quick", "slow", "price"])
    frame = pd.DataFrame(
        {
            "customer_id": [f"C{i:05d}" for i in range(n)],
            "row_number": np.arange(n),
            "x": x,
            "amount": rng.integers(0, 500, size=n).astype(float),
            "colour": colour,
            "city": city,
            "active": rng.choice([True, False], size=n),
            "signup": pd.date_range("2020-01-01", periods=n, freq="37h").astype(str),
            "comment": [" ".join(rng.choice(words, size=5)) for _ in range(n)],
            "constant": "same",
            "label": np.where(signal > 0.5, "yes", "no"),
        }
    )
    frame.loc[rng.choice(n, 20, replace=False), "x"] = np.nan
    frame.loc[rng.choice(n, 15, replace=False), "colour"] = None
    frame.loc[rng.choice(n, 10, replace=False), "signup"] = None
    return frame


@pytest.fixture(scope="session")
def messy() -> pd.DataFrame:
    return make_messy_frame()


@pytest.fixture(scope="session")
def bench() -> Path:
    if not BENCH.exists():
        pytest.skip("shared/bench datasets are not available")
    return BENCH
