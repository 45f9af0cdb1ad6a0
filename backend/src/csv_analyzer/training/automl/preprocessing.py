"""The preprocessing half of every candidate pipeline.

``build_preprocessor`` returns a ``ColumnTransformer`` for already-cast columns (see
``ColumnCaster``); the caster and this transformer both live inside the shipped pipeline, so
prediction takes raw rows with the original column names.
"""

from __future__ import annotations

from typing import Literal

from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.impute import SimpleImputer
from sklearn.model_selection import KFold
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, OrdinalEncoder, StandardScaler, TargetEncoder

from csv_analyzer.training.automl.columns import ColumnPlan
from csv_analyzer.training.automl.contracts import TaskName
from csv_analyzer.training.automl.transformers import ColumnCaster, DatetimeParts

Family = Literal["linear", "tree"]
TFIDF_MAX_FEATURES = 100  # per text column: enough signal, bounded width and fit time
ONE_HOT_MAX_CATEGORIES = 30  # rarer levels share an "infrequent" column


def build_caster(plan: ColumnPlan) -> ColumnCaster:
    """The first pipeline step: select the used columns and cast them (see ``ColumnCaster``)."""
    return ColumnCaster(roles=dict(plan.roles))


def _steps(*steps: tuple[str, object] | None) -> Pipeline:
    return Pipeline([s for s in steps if s is not None])


def leading_categoricals(plan: ColumnPlan, family: Family) -> int:
    """How many output columns at the start of the tree matrix are category codes."""
    roles = plan.roles
    return (
        sum(1 for c in plan.high_cardinality if roles.get(c) == "categorical")
        if family == "tree"
        else 0
    )


def build_preprocessor(
    plan: ColumnPlan, family: Family, seed: int = 0, task: TaskName | None = None
) -> ColumnTransformer:
    """Build the column transformer for one model family.

    Linear models get scaled numbers and target-encoded high-cardinality categories; tree models
    get raw numbers and ordinal codes (trees split on codes well and need no scaling).

    Args:
        plan: Column roles from ``plan_columns``.
        family: ``"linear"`` or ``"tree"``.
        seed: Seed for the target encoder's internal cross-fitting.
        task: The task. Pass it: a regression target of whole numbers (prices) would otherwise
            be read as classes by the target encoder (None keeps sklearn's guess).

    Returns:
        An unfitted ``ColumnTransformer`` producing a dense float matrix.
    """
    scale = ("scale", StandardScaler()) if family == "linear" else None
    by_role: dict[str, list[str]] = {}
    for name, role in plan.roles.items():
        by_role.setdefault(role, []).append(name)
    low = [c for c in by_role.get("categorical", []) if c not in plan.high_cardinality]
    high = [c for c in by_role.get("categorical", []) if c in plan.high_cardinality]

    blocks: list[tuple[str, object, object]] = []
    if by_role.get("numeric"):
        impute = SimpleImputer(strategy="median", add_indicator=True, keep_empty_features=True)
        blocks.append(("numeric", _steps(("impute", impute), scale), by_role["numeric"]))
    if by_role.get("boolean"):
        impute = SimpleImputer(strategy="most_frequent", keep_empty_features=True)
        blocks.append(("boolean", _steps(("impute", impute), scale), by_role["boolean"]))
    if low:
        onehot = OneHotEncoder(
            handle_unknown="infrequent_if_exist",
            max_categories=ONE_HOT_MAX_CATEGORIES,
            sparse_output=False,
        )
        impute = SimpleImputer(strategy="most_frequent")
        blocks.append(("categorical", _steps(("impute", impute), ("onehot", onehot)), low))
    if high:
        encoder: object
        if family == "linear":
            # Shuffled cross-fitting keeps a row's own target out of its encoding.
            kind = "continuous" if task == "regression" else "auto"
            folds = KFold(5, shuffle=True, random_state=seed)
            target = TargetEncoder(target_type=kind, cv=folds)
            encoder = _steps(("target", target), ("scale", StandardScaler()))
        else:
            # At most 250 codes (rarer levels grouped) so HGB can treat them as categories;
            # unseen levels become -1, which HGB reads as missing.
            encoder = OrdinalEncoder(
                handle_unknown="use_encoded_value",
                unknown_value=-1,
                max_categories=250,
                dtype=float,
            )
        impute = SimpleImputer(strategy="most_frequent")
        block = ("high_cardinality", _steps(("impute", impute), ("encode", encoder)), high)
        # Tree family: codes come first so their output positions are known before fitting.
        if family == "tree":
            blocks.insert(0, block)
        else:
            blocks.append(block)
    if by_role.get("datetime"):
        impute = SimpleImputer(strategy="median", keep_empty_features=True)
        parts = _steps(("parts", DatetimeParts()), ("impute", impute), scale)
        blocks.append(("datetime", parts, by_role["datetime"]))
    for name in by_role.get("text", []):
        tfidf = TfidfVectorizer(max_features=TFIDF_MAX_FEATURES, sublinear_tf=True)
        # A single column name (not a list) hands the vectorizer the 1-D text it expects.
        blocks.append((f"text_{name}", tfidf, name))
    return ColumnTransformer(blocks, remainder="drop", sparse_threshold=0.0)
