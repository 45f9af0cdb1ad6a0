"""The one home of the training request's limits.

The request schema, the worker's spec, the Celery time limit and the SPA (through
``GET /training/options``) all read these numbers.
"""

from __future__ import annotations

from typing import Final

TIME_BUDGET_MIN_S: Final = 10
TIME_BUDGET_MAX_S: Final = 3600
TIME_BUDGET_DEFAULT_S: Final = 60
FOLDS_MIN: Final = 2
FOLDS_MAX: Final = 20
FOLDS_DEFAULT: Final = 5
HOLDOUT_SHARE_MIN: Final = 0.05
HOLDOUT_SHARE_MAX: Final = 0.5
HOLDOUT_SHARE_DEFAULT: Final = 0.2
SEED_MAX: Final = 2**31 - 1
