"""发展党员 stages: order, [rules], promotion warnings, 预备期, 党龄 and reminders (DOMAIN §2)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import astuple
from datetime import date

import pytest

from branchtui.domain.stages import (
    STAGE_DATE_FIELD,
    STAGES,
    Rules,
    Warning,
    assessment_due,
    next_assessment,
    next_stage,
    party_age_start,
    party_age_years,
    probation_end,
    probation_ending_soon,
    promotion_warnings,
)
from branchtui.errors import ConfigError, ValidationError
from branchtui.i18n import set_language

RULES = Rules()


@pytest.fixture
def lang() -> Iterator[None]:
    yield
    set_language("zh")


def _messages(warnings: list[Warning], language: str) -> list[str]:
    set_language(language)
    return [w.message() for w in warnings]


def test_stage_order() -> None:
    assert STAGES == ("applicant", "activist", "candidate", "probationary", "full")
    assert [next_stage(s) for s in STAGES] == [
        "activist",
        "candidate",
        "probationary",
        "full",
        None,
    ]
    assert set(STAGE_DATE_FIELD) == set(STAGES)
    assert STAGE_DATE_FIELD["probationary"] == "admitted_on"
    assert STAGE_DATE_FIELD["full"] == "confirmed_on"
    with pytest.raises(ValidationError) as caught:
        next_stage("member")
    assert caught.value.key == "stages.unknown"


def test_rules_defaults_and_mapping() -> None:
    assert astuple(Rules()) == (60, 365, 60, 365, 24, 6, 60, 14, 3)
    custom = Rules.from_mapping({"activist_min_days": 180, "due_soon_days": 7})
    assert custom.activist_min_days == 180 and custom.due_soon_days == 7
    assert custom.applicant_min_days == 60
    assert Rules.from_mapping({}) == RULES


@pytest.mark.parametrize(
    ("mapping", "key"),
    [
        ({"activist_days": 1}, "rules.unknown_key"),
        ({"activist_min_days": "365"}, "rules.bad_value"),
        ({"activist_min_days": -1}, "rules.bad_value"),
        ({"activist_min_days": True}, "rules.bad_value"),
        ({"activist_min_days": 1.5}, "rules.bad_value"),
    ],
)
def test_rules_refuse_bad_mapping(mapping: dict[str, object], key: str) -> None:
    with pytest.raises(ConfigError) as caught:
        Rules.from_mapping(mapping)
    assert caught.value.key == key
    assert "rules." in caught.value.message()


def test_applicant_too_soon(lang: None) -> None:
    warnings = promotion_warnings("applicant", date(2024, 3, 1), date(2024, 4, 1), 0, RULES)
    assert [w.key for w in warnings] == ["stages.too_soon"]
    assert warnings[0].params["required"] == 60 and warnings[0].params["elapsed"] == 31
    assert _messages(warnings, "zh") == [
        "从入党申请人（2024-03-01）到入党积极分子一般至少需要 60 天，目前只有 31 天"
    ]
    assert _messages(warnings, "en") == [
        "From applicant (since 2024-03-01) to activist usually takes at least 60 days; "
        "only 31 have passed"
    ]


def test_interval_met_gives_no_warning() -> None:
    assert promotion_warnings("applicant", date(2024, 3, 1), date(2024, 4, 30), 0, RULES) == []
    assert promotion_warnings("activist", date(2023, 3, 1), date(2024, 2, 29), 0, RULES) == []


def test_activist_needs_a_year(lang: None) -> None:
    warnings = promotion_warnings("activist", date(2023, 6, 1), date(2024, 3, 1), 0, RULES)
    assert [(w.key, w.params["elapsed"]) for w in warnings] == [("stages.too_soon", 274)]
    (zh,) = _messages(warnings, "zh")
    assert "入党积极分子" in zh and "发展对象" in zh and "365" in zh and "274" in zh
    (en,) = _messages(warnings, "en")
    assert "activist" in en and "candidate" in en and "365 days" in en and "274" in en


def test_rules_change_the_interval() -> None:
    rules = Rules(activist_min_days=200)
    assert promotion_warnings("activist", date(2023, 6, 1), date(2024, 3, 1), 0, rules) == []


def test_candidate_training_short(lang: None) -> None:
    warnings = promotion_warnings("candidate", date(2024, 1, 1), date(2024, 6, 1), 12.5, RULES)
    assert [w.key for w in warnings] == ["stages.training_short"]
    assert _messages(warnings, "zh") == [
        "发展对象接收为预备党员前应参加集中培训不少于 24 学时，目前只记录了 12.5 学时"
    ]
    assert _messages(warnings, "en") == [
        "A candidate should have at least 24 hours of training before admission; "
        "only 12.5 are recorded"
    ]
    assert promotion_warnings("candidate", date(2024, 1, 1), date(2024, 6, 1), 24, RULES) == []
    # Training is checked only on candidate -> probationary.
    assert promotion_warnings("activist", date(2023, 1, 1), date(2024, 6, 1), 0, RULES) == []


def test_candidate_too_soon_and_short_training() -> None:
    warnings = promotion_warnings("candidate", date(2024, 5, 1), date(2024, 6, 1), 0, RULES)
    assert [w.key for w in warnings] == ["stages.too_soon", "stages.training_short"]
    assert warnings[0].params["next_stage"] == "probationary"


def test_probationary_before_the_end(lang: None) -> None:
    warnings = promotion_warnings("probationary", date(2023, 7, 1), date(2024, 6, 1), 0, RULES)
    assert [w.key for w in warnings] == ["stages.probation_not_over"]
    assert warnings[0].params["end"] == "2024-07-01" and warnings[0].params["days"] == 30
    assert _messages(warnings, "zh") == ["预备期到 2024-07-01 才满，2024-06-01 转正早了 30 天"]
    assert _messages(warnings, "en") == [
        "The probation ends on 2024-07-01; confirming on 2024-06-01 is 30 days early"
    ]
    assert promotion_warnings("probationary", date(2023, 7, 1), date(2024, 7, 1), 0, RULES) == []


def test_probationary_with_extension() -> None:
    extended = date(2025, 1, 1)
    on_time = promotion_warnings(
        "probationary", date(2023, 7, 1), date(2024, 7, 1), 0, RULES, probation_end=extended
    )
    assert [w.params["end"] for w in on_time] == ["2025-01-01"]
    assert not promotion_warnings(
        "probationary", None, date(2025, 1, 1), 0, RULES, probation_end=extended
    )


def test_unknown_stage_date(lang: None) -> None:
    warnings = promotion_warnings("activist", None, date(2024, 6, 1), 0, RULES)
    assert [w.key for w in warnings] == ["stages.since_unknown"]
    (zh,) = _messages(warnings, "zh")
    assert "入党积极分子" in zh and "发展对象" in zh
    (en,) = _messages(warnings, "en")
    assert "activist" in en and "candidate" in en


def test_full_members_have_no_next_stage() -> None:
    with pytest.raises(ValidationError) as caught:
        promotion_warnings("full", date(2020, 1, 1), date(2024, 1, 1), 0, RULES)
    assert caught.value.key == "stages.no_next"


def test_warning_messages_have_no_chinese_in_english(lang: None) -> None:
    cases = [
        promotion_warnings("applicant", date(2024, 3, 1), date(2024, 4, 1), 0, RULES),
        promotion_warnings("candidate", None, date(2024, 4, 1), 0, RULES),
        promotion_warnings("probationary", date(2024, 3, 1), date(2024, 4, 1), 0, RULES),
        promotion_warnings("activist", date(2024, 6, 1), date(2024, 4, 1), 0, RULES),
    ]
    for message in _messages([w for ws in cases for w in ws], "en"):
        assert not any("\u4e00" <= ch <= "\u9fff" for ch in message), message


def test_probation_end() -> None:
    assert probation_end(date(2023, 7, 1), None) == date(2024, 7, 1)
    assert probation_end(date(2023, 7, 1), None, 365) == date(2024, 7, 1)
    # A calendar year, even over Feb 29.
    assert probation_end(date(2023, 3, 1), None) == date(2024, 3, 1)
    # Admitted on Feb 29: the end falls on Feb 28 of the next year.
    assert probation_end(date(2024, 2, 29), None) == date(2025, 2, 28)
    # Another length counts days.
    assert probation_end(date(2023, 7, 1), None, 180) == date(2023, 12, 28)
    # A recorded extension wins.
    assert probation_end(date(2023, 7, 1), date(2025, 1, 1)) == date(2025, 1, 1)


def test_party_age() -> None:
    start = party_age_start(date(2019, 7, 1))
    assert start == date(2020, 7, 1)
    assert party_age_years(date(2020, 7, 1), date(2024, 6, 30)) == 3
    assert party_age_years(date(2020, 7, 1), date(2024, 7, 1)) == 4
    assert party_age_years(date(2020, 7, 1), date(2020, 1, 1)) == 0


def test_party_age_with_an_extension() -> None:
    # Admitted 2019-07-01, 预备期 extended by six months: 党龄 counts from 2021-01-01.
    start = party_age_start(date(2019, 7, 1), date(2021, 1, 1))
    assert start == date(2021, 1, 1)
    assert party_age_years(start, date(2024, 7, 1)) == 3
    assert party_age_years(start, date(2024, 12, 31)) == 3
    assert party_age_years(start, date(2025, 1, 1)) == 4


def test_party_age_start_prefers_the_recorded_confirmation() -> None:
    assert party_age_start(date(2019, 7, 1), confirmed_on=date(2020, 7, 2)) == date(2020, 7, 2)
    assert party_age_start(None, confirmed_on=date(2020, 7, 2)) == date(2020, 7, 2)
    assert party_age_start(None) is None


def test_party_age_feb_29() -> None:
    start = party_age_start(date(2024, 2, 29))
    assert start == date(2025, 2, 28)
    assert party_age_years(start, date(2026, 2, 27)) == 0
    assert party_age_years(start, date(2026, 2, 28)) == 1
    # A start on Feb 29 itself completes its years on Mar 1 of common years.
    assert party_age_years(date(2020, 2, 29), date(2021, 2, 28)) == 0
    assert party_age_years(date(2020, 2, 29), date(2021, 3, 1)) == 1


def test_probation_ending_soon() -> None:
    admitted = date(2023, 7, 1)  # ends 2024-07-01
    assert probation_ending_soon(admitted, None, date(2024, 5, 1), RULES) is None  # 61 days
    assert probation_ending_soon(admitted, None, date(2024, 5, 2), RULES) == date(2024, 7, 1)
    assert probation_ending_soon(admitted, None, date(2024, 7, 1), RULES) == date(2024, 7, 1)
    # Past the end and still probationary: the 转正 is outstanding.
    assert probation_ending_soon(admitted, None, date(2024, 8, 1), RULES) == date(2024, 7, 1)
    # An extension moves the reminder.
    assert probation_ending_soon(admitted, date(2025, 1, 1), date(2024, 6, 1), RULES) is None
    assert probation_ending_soon(
        admitted, None, date(2024, 4, 1), Rules(probation_reminder_days=91)
    ) == date(2024, 7, 1)


def test_assessment_due() -> None:
    activist_on = date(2023, 8, 31)
    assert next_assessment(activist_on, None, RULES) == date(2024, 2, 29)
    assert assessment_due(activist_on, None, date(2024, 2, 28), RULES) is None
    assert assessment_due(activist_on, None, date(2024, 2, 29), RULES) == date(2024, 2, 29)
    # The last assessment restarts the six months.
    assert assessment_due(activist_on, date(2024, 3, 10), date(2024, 6, 1), RULES) is None
    assert assessment_due(activist_on, date(2024, 3, 10), date(2024, 9, 10), RULES) == date(
        2024, 9, 10
    )
    assert next_assessment(activist_on, None, Rules(activist_assessment_months=3)) == date(
        2023, 11, 30
    )
