"""Dates as users type them, "today" in the branch's zone, and overdue arithmetic."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from branchtui.domain.dates import (
    add_months,
    add_years,
    days_in_month,
    days_overdue,
    is_overdue,
    month_end,
    now_utc,
    parse_date,
    today,
)
from branchtui.errors import ConfigError, ValidationError
from branchtui.i18n import set_language


@pytest.fixture(autouse=True)
def _no_today_override(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BRANCHTUI_TODAY", raising=False)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-06-30", date(2024, 6, 30)),
        ("2024-6-3", date(2024, 6, 3)),
        ("2023/6/30", date(2023, 6, 30)),
        ("2023/12/1", date(2023, 12, 1)),
        ("2025.1.5", date(2025, 1, 5)),
        ("2023年6月30日", date(2023, 6, 30)),
        ("2023 年 6 月 30 日", date(2023, 6, 30)),
        ("2023年6月30", date(2023, 6, 30)),
        ("6月30日", date(2024, 6, 30)),
        ("12月1号", date(2024, 12, 1)),
        ("6.30", date(2024, 6, 30)),
        ("8.20", date(2024, 8, 20)),
        ("  6.30\n", date(2024, 6, 30)),
        ("２０２４－０６－３０", date(2024, 6, 30)),
        ("６．３０", date(2024, 6, 30)),
        ("２０２３年６月３０日", date(2023, 6, 30)),
        ("2.29", date(2024, 2, 29)),  # 2024 is a leap year
    ],
)
def test_parse_date_accepts_every_form(text: str, expected: date) -> None:
    assert parse_date(text, 2024) == expected


def test_year_less_forms_take_the_plan_year() -> None:
    assert parse_date("6.30", 2031) == date(2031, 6, 30)
    assert parse_date("6月30日", 2031) == date(2031, 6, 30)


@pytest.mark.parametrize(
    "text",
    [
        "2024-02-30",
        "2023-02-29",
        "13.1",
        "0.5",
        "6.31",
        "2024/13/1",
        "2024年2月30日",
        "2月30日",
        "",
        "   ",
        "tomorrow",
        "2024-06",
        "6/30",
        "30.6.2024",
        "2024-06-30x",
    ],
)
def test_parse_date_refuses_impossible_and_unknown(text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_date(text, 2024)
    assert caught.value.key == "date.invalid"
    assert caught.value.params == {"value": text}


def test_date_error_says_which_forms_work() -> None:
    try:
        with pytest.raises(ValidationError) as caught:
            parse_date("2024-02-30", 2024)
        set_language("zh")
        zh = caught.value.message()
        assert "2024-02-30" in zh and "YYYY-MM-DD" in zh and "M月D日" in zh and "6.30" in zh
        set_language("en")
        en = caught.value.message()
        assert en.startswith('Invalid date "2024-02-30"')
        assert "YYYY/M/D" in en and "M.D" in en
    finally:
        set_language("zh")


def test_month_helpers() -> None:
    assert days_in_month(2024, 2) == 29
    assert days_in_month(2023, 2) == 28
    assert days_in_month(2024, 12) == 31
    assert month_end(2024, 6) == date(2024, 6, 30)
    assert add_months(date(2024, 8, 31), 6) == date(2025, 2, 28)
    assert add_months(date(2024, 1, 15), -2) == date(2023, 11, 15)
    assert add_years(date(2024, 2, 29), 1) == date(2025, 2, 28)
    assert add_years(date(2024, 2, 29), 4) == date(2028, 2, 29)


def test_today_override(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRANCHTUI_TODAY", "2024-06-30")
    assert today("Asia/Shanghai") == date(2024, 6, 30)
    # The override wins over the clock and the zone.
    assert today("America/New_York", now=datetime(2020, 1, 1, tzinfo=UTC)) == date(2024, 6, 30)


@pytest.mark.parametrize("value", ["2024-02-30", "6.30", "2024/06/30", "20240630", "today"])
def test_bad_today_override_names_the_variable(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("BRANCHTUI_TODAY", value)
    with pytest.raises(ConfigError) as caught:
        today("Asia/Shanghai")
    assert caught.value.key == "date.bad_today"
    assert "BRANCHTUI_TODAY" in caught.value.message()
    assert value in caught.value.message()


def test_today_turns_at_midnight_in_shanghai() -> None:
    # 15:59:59 UTC is 23:59:59 in Beijing; one second later it is the next day there,
    # while a UTC server clock still shows the same date.
    before = datetime(2024, 6, 30, 15, 59, 59, tzinfo=UTC)
    after = before + timedelta(seconds=1)
    assert today("Asia/Shanghai", now=before) == date(2024, 6, 30)
    assert today("Asia/Shanghai", now=after) == date(2024, 7, 1)
    assert after.date() == date(2024, 6, 30)
    assert today("UTC", now=after) == date(2024, 6, 30)
    # An item due 6.30 becomes overdue exactly at Beijing midnight.
    due = parse_date("6.30", 2024)
    assert not is_overdue(due, "doing", today("Asia/Shanghai", now=before))
    assert is_overdue(due, "doing", today("Asia/Shanghai", now=after))
    assert days_overdue(due, today("Asia/Shanghai", now=after)) == 1


def test_today_uses_the_real_clock_in_the_zone() -> None:
    expected = datetime.now(UTC).astimezone(ZoneInfo("Asia/Shanghai"))
    assert today("Asia/Shanghai") in {expected.date(), expected.date() + timedelta(days=1)}


@pytest.mark.parametrize("zone", ["Mars/Olympus", "", "Asia", "../etc/passwd"])
def test_bad_timezone(zone: str) -> None:
    with pytest.raises(ConfigError) as caught:
        today(zone)
    assert caught.value.key == "date.bad_timezone"


def test_now_utc_is_aware_utc() -> None:
    now = now_utc()
    assert now.utcoffset() == timedelta(0)
    assert abs((datetime.now(UTC) - now).total_seconds()) < 5


@pytest.mark.parametrize(
    ("due", "status", "on", "expected"),
    [
        (date(2024, 6, 30), "todo", date(2024, 7, 1), True),
        (date(2024, 6, 30), "doing", date(2024, 7, 1), True),
        (date(2024, 6, 30), "review", date(2024, 7, 1), True),
        (date(2024, 6, 30), "blocked", date(2024, 7, 1), True),
        (date(2024, 6, 30), "done", date(2024, 7, 1), False),
        (date(2024, 6, 30), "cancelled", date(2024, 7, 1), False),
        (date(2024, 6, 30), "todo", date(2024, 6, 30), False),  # due today is not overdue
        (None, "todo", date(2024, 7, 1), False),
    ],
)
def test_is_overdue(due: date | None, status: str, on: date, expected: bool) -> None:
    assert is_overdue(due, status, on) is expected


def test_days_overdue() -> None:
    assert days_overdue(date(2024, 6, 30), date(2024, 7, 10)) == 10
    assert days_overdue(date(2024, 6, 30), date(2024, 6, 30)) == 0
    assert days_overdue(date(2024, 6, 30), date(2024, 6, 1)) == 0
    assert days_overdue(None, date(2024, 6, 1)) == 0
