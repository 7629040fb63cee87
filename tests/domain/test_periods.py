"""Checklist periods: names, bounds, due and overdue at every boundary (SPEC §4)."""

from __future__ import annotations

from datetime import date

import pytest

from branchtui.domain.periods import (
    FREQUENCIES,
    PeriodState,
    current_period,
    parse_period,
    period_bounds,
    period_state,
    period_states,
    periods,
    valid_period,
)
from branchtui.errors import ValidationError
from branchtui.i18n import set_language


def test_frequencies() -> None:
    assert FREQUENCIES == ("once", "yearly", "half_yearly", "quarterly", "monthly")


def test_periods_of_a_year() -> None:
    assert periods("once", 2024) == ["2024"]
    assert periods("yearly", 2024) == ["2024"]
    assert periods("half_yearly", 2024) == ["2024-H1", "2024-H2"]
    assert periods("quarterly", 2024) == ["2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4"]
    monthly = periods("monthly", 2024)
    assert monthly[0] == "2024-01" and monthly[-1] == "2024-12" and len(monthly) == 12
    assert monthly == sorted(monthly)


def test_unknown_frequency() -> None:
    with pytest.raises(ValidationError) as caught:
        periods("weekly", 2024)
    assert caught.value.key == "period.bad_frequency"
    assert "monthly" in caught.value.params["valid"]


@pytest.mark.parametrize(
    ("period", "frequency", "due_month", "bounds"),
    [
        ("2024", "once", 3, (date(2024, 1, 1), date(2024, 3, 31))),
        ("2024", "once", None, (date(2024, 1, 1), date(2024, 12, 31))),
        ("2024", "yearly", 2, (date(2024, 1, 1), date(2024, 2, 29))),
        ("2023", "yearly", 2, (date(2023, 1, 1), date(2023, 2, 28))),
        ("2024", "yearly", 6, (date(2024, 1, 1), date(2024, 6, 30))),
        ("2024-H1", "half_yearly", None, (date(2024, 1, 1), date(2024, 6, 30))),
        ("2024-H2", "half_yearly", 3, (date(2024, 7, 1), date(2024, 12, 31))),
        ("2024-Q1", "quarterly", None, (date(2024, 1, 1), date(2024, 3, 31))),
        ("2024-Q2", "quarterly", None, (date(2024, 4, 1), date(2024, 6, 30))),
        ("2024-Q3", "quarterly", None, (date(2024, 7, 1), date(2024, 9, 30))),
        ("2024-Q4", "quarterly", None, (date(2024, 10, 1), date(2024, 12, 31))),
        ("2024-02", "monthly", None, (date(2024, 2, 1), date(2024, 2, 29))),
        ("2023-02", "monthly", None, (date(2023, 2, 1), date(2023, 2, 28))),
        ("2024-04", "monthly", None, (date(2024, 4, 1), date(2024, 4, 30))),
        ("2024-12", "monthly", None, (date(2024, 12, 1), date(2024, 12, 31))),
    ],
)
def test_period_bounds(
    period: str, frequency: str, due_month: int | None, bounds: tuple[date, date]
) -> None:
    assert period_bounds(period, frequency, due_month) == bounds


@pytest.mark.parametrize(
    ("period", "frequency"),
    [("2024-Q5", "quarterly"), ("2024-13", "monthly"), ("2024-Q1", "monthly"), ("Q1", "quarterly")],
)
def test_period_bounds_refuses_other_names(period: str, frequency: str) -> None:
    with pytest.raises(ValidationError) as caught:
        period_bounds(period, frequency, None)
    assert caught.value.key == "period.invalid"


@pytest.mark.parametrize("due_month", [0, 13])
def test_bad_due_month(due_month: int) -> None:
    with pytest.raises(ValidationError) as caught:
        period_bounds("2024", "once", due_month)
    assert caught.value.key == "period.bad_due_month"


def _state(
    period: str,
    frequency: str,
    today: date,
    *,
    due_month: int | None = None,
    starts_on: date | None = None,
    done: bool = False,
) -> PeriodState:
    return period_state(period, frequency, due_month, starts_on, today, done)


@pytest.mark.parametrize(
    ("period", "frequency", "last_day"),
    [
        ("2024-Q1", "quarterly", date(2024, 3, 31)),
        ("2024-Q2", "quarterly", date(2024, 6, 30)),
        ("2024-Q4", "quarterly", date(2024, 12, 31)),
        ("2024-H1", "half_yearly", date(2024, 6, 30)),
        ("2024-H2", "half_yearly", date(2024, 12, 31)),
        ("2024-02", "monthly", date(2024, 2, 29)),
        ("2024-11", "monthly", date(2024, 11, 30)),
    ],
)
def test_overdue_only_after_the_last_day(period: str, frequency: str, last_day: date) -> None:
    on_last = _state(period, frequency, last_day)
    assert on_last.due and not on_last.overdue and on_last.last_day == last_day
    after = _state(period, frequency, date.fromordinal(last_day.toordinal() + 1))
    assert after.due and after.overdue
    assert not _state(
        period, frequency, date.fromordinal(last_day.toordinal() + 1), done=True
    ).overdue


def test_a_period_is_due_once_it_has_begun() -> None:
    assert not _state("2024-Q2", "quarterly", date(2024, 3, 31)).due
    begun = _state("2024-Q2", "quarterly", date(2024, 4, 1))
    assert begun.due and not begun.overdue
    assert not _state("2024-07", "monthly", date(2024, 6, 30)).due
    assert _state("2024-07", "monthly", date(2024, 7, 1)).due
    assert not _state("2024", "yearly", date(2023, 12, 31)).due
    assert _state("2024", "yearly", date(2024, 1, 1)).due


def test_once_and_yearly_end_with_due_month() -> None:
    # DOMAIN §4 #1: once, due_month 3.
    assert not _state("2024", "once", date(2024, 3, 31), due_month=3).overdue
    assert _state("2024", "once", date(2024, 4, 1), due_month=3).overdue
    # Without due_month: December.
    assert not _state("2024", "yearly", date(2024, 12, 31)).overdue
    assert _state("2024", "yearly", date(2025, 1, 1)).overdue
    # due_month 2 in a leap year ends on the 29th.
    assert not _state("2024", "yearly", date(2024, 2, 29), due_month=2).overdue
    assert _state("2024", "yearly", date(2024, 3, 1), due_month=2).overdue


def test_starts_on_mid_year_makes_earlier_periods_not_due() -> None:
    starts = date(2024, 7, 15)
    on = date(2024, 10, 20)
    states = {s.period: s for s in period_states("quarterly", 2024, None, starts, on, set())}
    assert [p for p, s in states.items() if s.due] == ["2024-Q3", "2024-Q4"]
    assert not states["2024-Q1"].overdue and not states["2024-Q2"].overdue
    assert states["2024-Q3"].overdue  # it runs to Sep 30, after the start
    assert not states["2024-Q4"].overdue
    # A period ending exactly on starts_on is still due.
    assert _state("2024-06", "monthly", on, starts_on=date(2024, 6, 30)).due
    assert not _state("2024-06", "monthly", on, starts_on=date(2024, 7, 1)).due
    # A once entry due in March is not owed by a checklist started in July.
    assert not _state("2024", "once", on, due_month=3, starts_on=starts).due
    assert _state("2024", "once", on, due_month=12, starts_on=starts).due


def test_period_states_marks_done() -> None:
    states = period_states("half_yearly", 2024, None, None, date(2024, 8, 1), {"2024-H1"})
    assert [(s.period, s.due, s.done, s.overdue) for s in states] == [
        ("2024-H1", True, True, False),
        ("2024-H2", True, False, False),
    ]


@pytest.mark.parametrize(
    ("frequency", "today", "expected"),
    [
        ("once", date(2024, 5, 5), "2024"),
        ("yearly", date(2025, 5, 5), "2024"),
        ("half_yearly", date(2024, 6, 30), "2024-H1"),
        ("half_yearly", date(2024, 7, 1), "2024-H2"),
        ("quarterly", date(2024, 3, 31), "2024-Q1"),
        ("quarterly", date(2024, 4, 1), "2024-Q2"),
        ("quarterly", date(2024, 12, 31), "2024-Q4"),
        ("monthly", date(2024, 2, 29), "2024-02"),
        ("monthly", date(2024, 12, 1), "2024-12"),
        # Clamped into the year.
        ("quarterly", date(2023, 12, 31), "2024-Q1"),
        ("quarterly", date(2025, 1, 1), "2024-Q4"),
        ("monthly", date(2023, 6, 1), "2024-01"),
        ("monthly", date(2026, 6, 1), "2024-12"),
        ("half_yearly", date(2025, 3, 1), "2024-H2"),
    ],
)
def test_current_period(frequency: str, today: date, expected: str) -> None:
    assert current_period(frequency, 2024, today) == expected


def test_valid_period() -> None:
    assert valid_period("2024-Q3", "quarterly", 2024)
    assert not valid_period("2023-Q3", "quarterly", 2024)
    assert not valid_period("2024-q3", "quarterly", 2024)
    assert not valid_period("2024-Q3", "monthly", 2024)
    assert valid_period("2024-09", "monthly", 2024)
    assert not valid_period("2024-9", "monthly", 2024)
    assert valid_period("2024", "once", 2024)
    assert not valid_period("2024", "weekly", 2024)


@pytest.mark.parametrize(
    ("text", "frequency", "expected"),
    [
        ("2024-Q3", "quarterly", "2024-Q3"),
        ("2024-q3", "quarterly", "2024-Q3"),
        ("q3", "quarterly", "2024-Q3"),
        (" Q3 ", "quarterly", "2024-Q3"),
        ("第三季度", "quarterly", "2024-Q3"),
        ("三季度", "quarterly", "2024-Q3"),
        ("2024年第一季度", "quarterly", "2024-Q1"),
        ("2024-H2", "half_yearly", "2024-H2"),
        ("h1", "half_yearly", "2024-H1"),
        ("上半年", "half_yearly", "2024-H1"),
        ("2024年下半年", "half_yearly", "2024-H2"),
        ("2024-07", "monthly", "2024-07"),
        ("2024-7", "monthly", "2024-07"),
        ("7", "monthly", "2024-07"),
        ("7月", "monthly", "2024-07"),
        ("2024年7月", "monthly", "2024-07"),
        ("2024/12", "monthly", "2024-12"),
        ("２０２４－０７", "monthly", "2024-07"),
        ("2024", "once", "2024"),
        ("2024年", "yearly", "2024"),
        ("2024年度", "yearly", "2024"),
    ],
)
def test_parse_period(text: str, frequency: str, expected: str) -> None:
    assert parse_period(text, frequency, 2024) == expected


@pytest.mark.parametrize(
    ("text", "frequency"),
    [
        ("2023-Q3", "quarterly"),
        ("Q5", "quarterly"),
        ("2024-H3", "half_yearly"),
        ("13", "monthly"),
        ("0", "monthly"),
        ("2024-Q1", "monthly"),
        ("2023", "yearly"),
        ("", "once"),
        ("soon", "quarterly"),
    ],
)
def test_parse_period_refuses(text: str, frequency: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_period(text, frequency, 2024)
    assert caught.value.key == "period.invalid"
    assert caught.value.params["value"] == text


def test_period_error_lists_valid_periods() -> None:
    with pytest.raises(ValidationError) as caught:
        parse_period("Q5", "quarterly", 2024)
    try:
        set_language("en")
        assert caught.value.message() == (
            'Invalid period "Q5"; valid periods: 2024-Q1, 2024-Q2, 2024-Q3, 2024-Q4'
        )
        set_language("zh")
        assert caught.value.message() == "期间“Q5”无效，可选：2024-Q1, 2024-Q2, 2024-Q3, 2024-Q4"
    finally:
        set_language("zh")
