"""Retraining cadences: ``daily``, ``weekly`` or a five-field cron expression, all in UTC (pure)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from croniter import CroniterBadDateError, croniter

ALIASES = {"daily": "0 3 * * *", "weekly": "0 3 * * 1"}  # 03:00 UTC, when traffic is lowest
MIN_INTERVAL = timedelta(hours=1)
_CHECKED_RUNS = 24


class CadenceError(ValueError):
    """A cadence that is not ``daily``, ``weekly`` or a valid cron expression, or too frequent."""


def cron_expression(cadence: str) -> str:
    """The cron expression behind a cadence (aliases resolved, whitespace normalised)."""
    text = " ".join(cadence.split())
    return ALIASES.get(text.lower(), text)


def validate_cadence(cadence: str) -> str:
    """Check a cadence and return it normalised.

    Args:
        cadence: ``daily``, ``weekly`` or five cron fields (minute hour day month weekday, UTC).

    Returns:
        The alias in lower case, or the cron expression with single spaces.

    Raises:
        CadenceError: Unknown alias, invalid cron, a date that never comes, or runs closer than
            one hour apart (each run
            trains a model; more often would only queue trainings behind each other).
    """
    text = " ".join(cadence.split())
    if text.lower() in ALIASES:
        return text.lower()
    if len(text.split(" ")) != 5 or not croniter.is_valid(text):
        raise CadenceError(
            f"{cadence!r} is not 'daily', 'weekly' or a five-field cron expression "
            "(minute hour day-of-month month day-of-week, UTC)"
        )
    runs = croniter(text, datetime(2026, 1, 1, tzinfo=UTC))
    try:
        previous = runs.get_next(datetime)
        for _ in range(_CHECKED_RUNS):
            current = runs.get_next(datetime)
            if current - previous < MIN_INTERVAL:
                raise CadenceError(f"{cadence!r} runs more often than once an hour")
            previous = current
    except CroniterBadDateError as e:  # a date that does not exist, e.g. "0 0 31 2 *"
        raise CadenceError(f"{cadence!r} never runs") from e
    return text


def next_run(cadence: str, after: datetime) -> datetime:
    """The first run time strictly after ``after`` (a timezone-aware datetime), in UTC."""
    runs = croniter(cron_expression(cadence), after.astimezone(UTC))
    nxt: datetime = runs.get_next(datetime)
    return nxt.astimezone(UTC)
