"""The member rules as pure functions (DOMAIN §2): each refusal names its field and says
what the rules give; the intervals only warn. No database."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from branchtui.domain import record_rules
from branchtui.domain.member_rules import member, member_event, person_name, stage_warnings
from branchtui.domain.stages import Rules
from branchtui.errors import FieldError
from branchtui.i18n import set_language

TODAY = date(2024, 7, 1)
RULES = Rules()
CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]")


def check(**values: Any) -> dict[str, Any]:
    return member({"name": "李明", **values}, (), rules=RULES, today=TODAY)


def refused(**values: Any) -> FieldError:
    with pytest.raises(FieldError) as caught:
        check(**values)
    return caught.value


def in_english(error: FieldError) -> str:
    set_language("en")
    try:
        return error.message()
    finally:
        set_language("zh")


def test_record_rules_exposes_the_member_rules() -> None:
    assert record_rules.member is member and record_rules.member_event is member_event
    assert {"member", "member_event"} <= set(record_rules.__all__)


def test_a_full_members_confirmation_is_derived_from_the_admission() -> None:
    row = check(stage="full", admitted_on=date(2023, 12, 20))
    assert row["confirmed_on"] == date(2024, 12, 20)
    extended = check(
        stage="full", admitted_on=date(2022, 3, 1), probation_extended_to=date(2023, 12, 1)
    )
    assert extended["confirmed_on"] == date(2023, 12, 1)


def test_another_confirmation_date_is_refused_naming_the_end_of_probation() -> None:
    # Issue 10, finding 1: 2010-09-01 is not the end of a 预备期 begun 2010-06-20.
    error = refused(stage="full", admitted_on=date(2010, 6, 20), confirmed_on=date(2010, 9, 1))
    assert (error.key, error.field) == ("member.rule.confirmed_not_end", "confirmed_on")
    zh = error.message()
    assert zh.startswith("转正日期应为预备期满之日 2011-06-20") and "2010-09-01" in zh
    assert "approval" not in zh and "审批" in zh
    english = in_english(error)
    assert "2011-06-20" in english and not CJK.search(english)


def test_the_right_confirmation_date_is_kept() -> None:
    row = check(stage="full", admitted_on=date(2010, 6, 20), confirmed_on=date(2011, 6, 20))
    assert row["confirmed_on"] == date(2011, 6, 20)


def test_a_full_member_without_admission_keeps_the_date_given() -> None:
    assert check(stage="full", confirmed_on=date(1990, 7, 1))["confirmed_on"] == date(1990, 7, 1)


@pytest.mark.parametrize(
    ("values", "field", "part"),
    [
        (
            {"applied_on": date(2024, 3, 1), "activist_on": date(2024, 2, 1)},
            "activist_on",
            "申请入党日期 2024-03-01",
        ),
        (
            {"activist_on": date(2022, 1, 1), "candidate_on": date(2021, 12, 1)},
            "candidate_on",
            "确定积极分子日期",
        ),
        (
            {"applied_on": date(2023, 1, 1), "admitted_on": date(2022, 1, 1)},
            "admitted_on",
            "申请入党日期",
        ),
    ],
)
def test_stage_dates_out_of_order_are_refused(
    values: dict[str, Any], field: str, part: str
) -> None:
    error = refused(stage="full", **values)
    assert (error.key, error.field) == ("member.rule.date_order", field)
    assert part in error.message()
    assert not CJK.search(in_english(error))


def test_a_stage_date_after_today_is_refused() -> None:
    error = refused(stage="activist", applied_on=date(2024, 1, 1), activist_on=date(2024, 7, 2))
    assert (error.key, error.field) == ("member.rule.after_today", "activist_on")
    assert "2024-07-02" in error.message() and "2024-07-01" in error.message()
    assert refused(birth_date=date(2025, 1, 1)).field == "birth_date"


def test_a_date_of_a_stage_not_reached_is_refused() -> None:
    error = refused(stage="activist", admitted_on=date(2024, 1, 1))
    assert (error.key, error.field) == ("member.rule.stage_not_reached", "admitted_on")
    assert "入党积极分子" in error.message()
    english = in_english(error)
    assert "activist" in english and not CJK.search(english)
    assert refused(stage="probationary", confirmed_on=date(2024, 1, 1)).field == "confirmed_on"


def test_an_applicant_under_18_is_refused() -> None:
    # 党章 art. 1: 年满十八岁.
    error = refused(birth_date=date(2007, 3, 1), applied_on=date(2024, 6, 1))
    assert (error.key, error.field) == ("member.rule.under_age", "applied_on")
    assert "2025-03-01" in error.message() and "党章" in error.message()
    # Without an application date, the first stage date known is checked.
    assert (
        refused(stage="activist", birth_date=date(2007, 3, 1), activist_on=date(2024, 6, 1)).field
        == "activist_on"
    )
    # The 18th birthday itself is old enough; an unknown birth date is not checked.
    assert check(birth_date=date(2006, 7, 1), applied_on=date(2024, 7, 1))
    assert check(applied_on=date(2024, 7, 1))


@pytest.mark.parametrize(
    ("extended", "ok"),
    [
        (date(2024, 6, 30), False),  # 5 months and 30 days past the regular end
        (date(2024, 7, 1), True),  # 6 months
        (date(2025, 1, 1), True),  # 12 months
        (date(2025, 1, 2), False),
        (date(2023, 6, 1), False),  # before the admission
    ],
)
def test_the_extension_is_6_to_12_months_past_the_regular_end(extended: date, ok: bool) -> None:
    values = {
        "stage": "probationary",
        "admitted_on": date(2023, 1, 1),
        "probation_extended_to": extended,
    }
    if ok:
        assert check(**values)["probation_extended_to"] == extended
        return
    error = refused(**values)
    assert (error.key, error.field) == ("member.rule.extension_window", "probation_extended_to")
    assert "2024-07-01 至 2025-01-01" in error.message()
    assert "2024-07-01 and 2025-01-01" in in_english(error)


def test_an_extension_needs_the_admission_and_comes_once() -> None:
    error = refused(stage="probationary", probation_extended_to=date(2024, 1, 1))
    assert error.key == "member.rule.extension_needs_admission"
    events = [
        {"kind": "extension", "date": date(2024, 1, 1)},
        {"kind": "extension", "date": date(2024, 3, 1)},
    ]
    with pytest.raises(FieldError) as caught:
        member(
            {"name": "李明", "stage": "probationary", "admitted_on": date(2023, 1, 1)},
            events,
            rules=RULES,
            today=TODAY,
        )
    assert caught.value.key == "member.rule.extension_twice"
    assert "2024-01-01、2024-03-01" in caught.value.message()
    assert "2024-01-01, 2024-03-01" in in_english(caught.value)


def test_texts_and_codes_are_normalised() -> None:
    row = check(
        stage="activist",
        activist_on=date(2024, 1, 1),
        group=" 一组 ",
        post="",
        id_number=" 11010119900101123x ",
        phone="139 1234 5678",
    )
    assert (row["group"], row["post"], row["id_number"], row["phone"]) == (
        "一组",
        None,
        "11010119900101123X",
        "13912345678",
    )
    assert check()["stage"] == "applicant"
    error = refused(stage="member")
    assert (error.key, error.field) == ("stages.unknown", "stage")


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("+86-139-1234-5678", "+86-139-1234-5678"), ("(0571)８８８８８８８８", "(0571)88888888")],
)
def test_a_phone_number_is_kept_as_written_less_its_spaces(typed: str, stored: str) -> None:
    assert check(phone=typed)["phone"] == stored


@pytest.mark.parametrize("typed", ["abc", "139x1234", "--", "电话13912345678"])
def test_a_phone_number_with_letters_is_refused_naming_it(typed: str) -> None:
    error = refused(phone=typed)
    assert (error.key, error.field) == ("member.phone_invalid", "phone")
    assert f"手机号“{typed}”无效" in error.message()


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("张　伟", "张伟"),  # a full-width space pads a two-character name
        (" 张 伟 ", "张伟"),
        ("Ahmat  Tursun", "Ahmat Tursun"),
        ("买买提 · 吐尔逊", "买买提·吐尔逊"),
        ("ＬＩ　Ｍｉｎｇ", "LI Ming"),
    ],
)
def test_names_as_registers_write_them(typed: str, stored: str) -> None:
    assert person_name(typed) == stored


def test_control_characters_are_refused_in_member_texts() -> None:
    error = refused(post="书记\x1b[2J")
    assert (error.key, error.field) == ("text.control_character", "post")


def test_interval_warnings_never_refuse() -> None:
    row = check(
        stage="probationary",
        applied_on=date(2023, 1, 1),
        activist_on=date(2023, 2, 1),  # 31 days < 60
        candidate_on=date(2023, 12, 1),  # 303 days < 365
        admitted_on=date(2024, 1, 1),  # 31 days < 60
    )
    warnings = stage_warnings(row, RULES, today=TODAY)
    assert [(w.params["stage"], w.params["elapsed"]) for w in warnings] == [
        ("applicant", 31),
        ("activist", 303),
        ("candidate", 31),
    ]
    # A change that does not touch the stage dates repeats none of them.
    assert stage_warnings(row, RULES, today=TODAY, changed={"post"}) == []
    only = stage_warnings(row, RULES, today=TODAY, changed={"admitted_on"})
    assert [w.params["stage"] for w in only] == ["candidate"]


def test_a_full_member_whose_probation_is_not_over_is_warned() -> None:
    row = check(stage="full", admitted_on=date(2024, 3, 1))
    assert row["confirmed_on"] == date(2025, 3, 1)
    (warning,) = stage_warnings(row, RULES, today=TODAY)
    assert warning.key == "member.rule.full_before_end" and "2025-03-01" in warning.message()


def test_member_event_rules() -> None:
    person = {"stage": "activist", "birth_date": date(1990, 1, 1)}
    row = member_event({"kind": "training", "date": date(2024, 3, 1), "hours": "8"}, person)
    assert (row["kind"], row["hours"], row["note"]) == ("training", 8.0, None)
    for values, field in [
        ({"kind": "meeting", "date": date(2024, 3, 1)}, "kind"),
        ({"kind": "talk"}, "date"),
        ({"kind": "talk", "date": date(1989, 1, 1)}, "date"),
        ({"kind": "training", "date": date(2024, 3, 1), "hours": -2}, "hours"),
        ({"kind": "training", "date": date(2024, 3, 1), "hours": float("nan")}, "hours"),
        ({"kind": "extension", "date": date(2024, 3, 1)}, "kind"),  # not probationary
        ({"kind": "talk", "date": date(2024, 3, 1), "note": "\x07"}, "note"),
    ]:
        with pytest.raises(FieldError) as caught:
            member_event(values, person)
        assert caught.value.field == field, values
    probationary = {"stage": "probationary", "birth_date": None}
    assert member_event({"kind": "extension", "date": date(2024, 3, 1)}, probationary)


def test_the_rules_import_nothing_heavy() -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "import branchtui.domain.member_rules\n"
        "heavy = {'sqlalchemy', 'sqlmodel', 'pypinyin', 'openpyxl'} & set(sys.modules)\n"
        "assert not heavy, heavy\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@given(st.text(st.characters(exclude_categories=("Cs", "Cc")), min_size=1, max_size=12))
def test_cleaning_a_cleaned_name_or_number_changes_nothing(text: str) -> None:
    """An export imports back unchanged: the cleaning is idempotent."""
    from branchtui.domain.member_rules import number_text, person_name
    from branchtui.errors import ValidationError

    for clean in (person_name, lambda value: number_text(value, "phone")):
        try:
            once = clean(text)
        except ValidationError:
            continue
        assert once is None or clean(once) == once
