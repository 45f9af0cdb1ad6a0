"""Retraining cadences: aliases, cron validation and next run times in UTC."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from csv_analyzer.monitoring.cadence import CadenceError, next_run, validate_cadence


class TestValidateCadence:
    @pytest.mark.parametrize(
        ("given", "expected"),
        [("daily", "daily"), (" Weekly ", "weekly"), ("0  */6 * * *", "0 */6 * * *")],
    )
    def test_aliases_and_cron_are_normalised(self, given: str, expected: str) -> None:
        assert validate_cadence(given) == expected

    @pytest.mark.parametrize("given", ["hourly-ish", "61 * * * *", "* * * *", "@daily 1"])
    def test_invalid_cadence_is_refused(self, given: str) -> None:
        with pytest.raises(CadenceError, match="five-field cron"):
            validate_cadence(given)

    @pytest.mark.parametrize("given", ["* * * * *", "*/30 * * * *", "0,30 9 * * *"])
    def test_more_than_hourly_is_refused(self, given: str) -> None:
        with pytest.raises(CadenceError, match="more often than once an hour"):
            validate_cadence(given)


class TestNextRun:
    def test_daily_runs_at_three_utc(self) -> None:
        after = datetime(2026, 3, 1, 10, 0, tzinfo=UTC)
        assert next_run("daily", after) == datetime(2026, 3, 2, 3, 0, tzinfo=UTC)

    def test_weekly_runs_on_monday(self) -> None:
        nxt = next_run("weekly", datetime(2026, 3, 4, tzinfo=UTC))
        assert nxt.weekday() == 0
        assert nxt.hour == 3

    def test_cron_is_read_in_utc_whatever_the_input_zone(self) -> None:
        paris = timezone(timedelta(hours=1))
        nxt = next_run("30 12 * * *", datetime(2026, 3, 1, 13, 0, tzinfo=paris))
        assert nxt == datetime(2026, 3, 1, 12, 30, tzinfo=UTC)
        assert nxt.tzinfo == UTC
