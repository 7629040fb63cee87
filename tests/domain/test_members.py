"""The member register: owners by name, stage changes with DOMAIN §2's warnings, 党龄 with an
extension, events, leaving, reminders and pinyin search, on a temporary database."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest

from branchtui.domain import member_events, member_views, members
from branchtui.domain.member_events import EventChanges
from branchtui.domain.stages import Rules, Warning
from branchtui.errors import ConflictError, FieldError, NotFoundError, ValidationError
from branchtui.i18n import set_language
from branchtui.storage.database import Database, open_database

TODAY = date(2024, 7, 1)
RULES = Rules()
CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]")


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    database = open_database(str(db_path), user="tester", create=True)
    yield database
    database.close()


def _add(db: Database, name: str = "李明", **fields: object) -> int:
    member_id, _warnings = members.add_member(db, name, today=TODAY, rules=RULES, **fields)
    return member_id


def _messages(warnings: list[Warning] | tuple[Warning, ...], language: str) -> list[str]:
    set_language(language)
    try:
        return [w.message() for w in warnings]
    finally:
        set_language("zh")


def _keys(warnings: list[Warning] | tuple[Warning, ...]) -> list[str]:
    return [w.key for w in warnings]


def _dump(db: Database) -> list[str]:
    connection = sqlite3.connect(db.path)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


# -- owners by id or name ----------------------------------------------------------------


def test_resolve_member_by_id_and_by_unique_name(db: Database) -> None:
    first = _add(db, "王芳")
    second = _add(db, "刘洋")
    with db.read() as session:
        assert members.resolve_member(session, str(second)).name == "刘洋"
        assert members.resolve_member(session, " 王芳 ").id == first


def test_resolve_member_unknown_id_and_name(db: Database) -> None:
    _add(db, "王芳")
    with db.read() as session:
        with pytest.raises(NotFoundError) as by_id:
            members.resolve_member(session, "99")
        assert by_id.value.message() == "找不到名册人员 99"
        with pytest.raises(NotFoundError) as by_name:
            members.resolve_member(session, "王小芳")
        assert by_name.value.key == "member.no_such_name"
        assert "王小芳" in by_name.value.message()


def test_ambiguous_name_lists_candidates_with_ids_and_groups(db: Database) -> None:
    a = _add(db, "张伟", group="一组")
    b = _add(db, "张伟", group="二组")
    c = _add(db, "张伟")
    with db.read() as session, pytest.raises(ValidationError) as caught:
        members.resolve_member(session, "张伟")
    assert caught.value.key == "member.ambiguous"
    message = caught.value.message()
    assert f"张伟 ({a}, 一组)、张伟 ({b}, 二组)、张伟 ({c})" in message
    set_language("en")
    try:
        with db.read() as session, pytest.raises(ValidationError) as english:
            members.resolve_member(session, "张伟")
        text = english.value.message()
        assert f"张伟 ({a}, 一组), 张伟 ({b}, 二组), 张伟 ({c})" in text
        assert not CJK.search(text.replace("张伟", "").replace("一组", "").replace("二组", ""))
    finally:
        set_language("zh")


def test_a_member_who_left_is_no_candidate(db: Database) -> None:
    gone = _add(db, "张伟")
    stays = _add(db, "张伟")
    members.leave(db, gone, date(2024, 3, 1), today=TODAY, rules=RULES)
    with db.read() as session:
        assert members.resolve_member(session, "张伟").id == stays
        # By id the member who left is still found (history, old plan items).
        assert members.resolve_member(session, str(gone)).id == gone


# -- adding, changing, searching ----------------------------------------------------------


def test_add_member_writes_the_record_its_pinyin_key_and_history(db: Database) -> None:
    member_id = _add(
        db,
        "  曾晓明 ",
        stage="activist",
        activist_on=date(2024, 1, 5),
        group=" 一组 ",
        post="",
        phone="13912345678",
    )
    view = member_views.get_member(db, member_id, today=TODAY, rules=RULES)
    assert view.name == "曾晓明"
    assert view.name_key.split()[:2] == ["zengxiaoming", "zxm"]
    assert (view.stage, view.activist_on, view.group, view.post) == (
        "activist",
        date(2024, 1, 5),
        "一组",
        None,
    )
    assert view.phone == "13912345678"
    connection = sqlite3.connect(db.path)
    try:
        rows = connection.execute(
            "SELECT c.action, c.who, h.record, h.op FROM change c JOIN history h"
            " ON h.change_id = c.id"
        ).fetchall()
    finally:
        connection.close()
    assert rows == [("member.add", "tester", "member", "create")]


def test_add_member_defaults_to_applicant(db: Database) -> None:
    assert member_views.get_member(db, _add(db), today=TODAY, rules=RULES).stage == "applicant"


@pytest.mark.parametrize(
    ("fields", "key"),
    [
        ({"stage": "member"}, "stages.unknown"),
        ({"colour": "red"}, "member.unknown_field"),
        (
            {
                "stage": "probationary",
                "admitted_on": date(2024, 1, 1),
                "probation_extended_to": date(2023, 12, 1),
            },
            "member.rule.extension_window",
        ),
    ],
)
def test_add_member_refuses_bad_values_and_writes_nothing(
    db: Database, fields: dict[str, object], key: str
) -> None:
    before = _dump(db)
    with pytest.raises(ValidationError) as caught:
        _add(db, "李明", **fields)
    assert caught.value.key == key
    assert _dump(db) == before


def test_add_member_refuses_a_blank_name(db: Database) -> None:
    with pytest.raises(FieldError) as caught:
        members.add_member(db, "   ", today=TODAY, rules=RULES)
    assert (caught.value.key, caught.value.field) == ("record.required", "name")
    assert caught.value.message() == "姓名 不能为空"


def test_dates_must_be_dates(db: Database) -> None:
    for value in ("1990-01-01", datetime(1990, 1, 1)):
        with pytest.raises(FieldError) as caught:
            _add(db, birth_date=value)
        assert (caught.value.key, caught.value.field) == ("record.not_date", "birth_date")


def test_stage_unknown_lists_valid_codes_in_both_languages(db: Database) -> None:
    with pytest.raises(ValidationError) as caught:
        _add(db, stage="member")
    assert "applicant, activist, candidate, probationary, full" in caught.value.message()
    set_language("en")
    try:
        assert not CJK.search(caught.value.message())
    finally:
        set_language("zh")


def test_update_member_changes_fields_and_recomputes_the_key(db: Database) -> None:
    member_id = _add(db, "张三", group="一组")
    done = members.update_member(
        db, member_id, {"name": "单田芳", "group": "", "post": "宣传委员"}, today=TODAY, rules=RULES
    )
    assert done.changed and done.notices == ()
    view = done.view
    assert (view.name, view.group, view.post) == ("单田芳", None, "宣传委员")
    assert view.name_key.split()[:2] == ["shantianfang", "stf"]
    assert view.version == 2


def test_update_member_refuses_a_stale_version(db: Database) -> None:
    member_id = _add(db)
    members.update_member(db, member_id, {"post": "书记"}, today=TODAY, rules=RULES)
    before = _dump(db)
    with pytest.raises(ConflictError) as caught:
        members.update_member(
            db, member_id, {"post": "组织委员"}, expected_version=1, today=TODAY, rules=RULES
        )
    assert "tester" in caught.value.message()
    assert _dump(db) == before


def test_update_member_unknown_id(db: Database) -> None:
    with pytest.raises(NotFoundError):
        members.update_member(db, 42, {"post": "书记"}, today=TODAY, rules=RULES)


def test_update_member_checks_the_extension_against_the_stored_admission(db: Database) -> None:
    member_id = _add(db, stage="probationary", admitted_on=date(2024, 1, 1))
    with pytest.raises(FieldError) as caught:
        members.update_member(
            db, member_id, {"probation_extended_to": date(2023, 6, 1)}, today=TODAY, rules=RULES
        )
    assert (caught.value.key, caught.value.field) == (
        "member.rule.extension_window",
        "probation_extended_to",
    )
    assert "2025-07-01 至 2026-01-01" in caught.value.message()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("zxm", ["曾晓明"]),
        ("zeng", ["曾晓明"]),
        ("zeng xiaoming", ["曾晓明"]),
        ("stf", ["单田芳"]),
        ("shan", ["单田芳"]),
        ("晓", ["曾晓明"]),
        ("", ["曾晓明", "单田芳", "王芳"]),
        ("xyz", []),
    ],
)
def test_find_members_by_pinyin_initials_of_surnames_read_differently(
    db: Database, query: str, expected: list[str]
) -> None:
    for name in ("曾晓明", "单田芳", "王芳"):
        _add(db, name)
    assert [
        m.name for m in member_views.find_members(db, query, today=TODAY, rules=RULES)
    ] == expected


def test_find_members_never_loads_pypinyin(db: Database) -> None:
    import subprocess
    import sys

    _add(db, "曾晓明")
    code = (
        "import sys\n"
        "from branchtui.storage.database import open_database\n"
        "from branchtui.domain import member_views\n"
        f"db = open_database({str(db.path)!r}, user='t')\n"
        "from datetime import date\n"
        "from branchtui.domain.stages import Rules\n"
        "found = member_views.find_members(db, 'zxm', today=date(2024, 7, 1), rules=Rules())\n"
        "assert [m.name for m in found] == ['曾晓明'], found\n"
        "assert 'pypinyin' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_list_members_by_stage_and_activity(db: Database) -> None:
    a = _add(db, "甲", stage="full")
    b = _add(db, "乙", stage="candidate")
    c = _add(db, "丙", stage="full")
    members.leave(db, c, date(2024, 5, 1), today=TODAY, rules=RULES)
    assert [m.id for m in member_views.list_members(db, today=TODAY, rules=RULES)] == [a, b]
    assert [m.id for m in member_views.list_members(db, "full", today=TODAY, rules=RULES)] == [a]
    assert [
        m.id for m in member_views.list_members(db, "full", True, today=TODAY, rules=RULES)
    ] == [a, c]
    with pytest.raises(ValidationError):
        member_views.list_members(db, "member", today=TODAY, rules=RULES)


# -- promotion and DOMAIN §2's warnings ------------------------------------------------------


def test_promote_moves_to_the_next_stage_and_sets_its_date(db: Database) -> None:
    member_id = _add(db, stage="applicant", applied_on=date(2023, 1, 1), contacts="王芳")
    view, warnings = members.promote(db, member_id, date(2023, 6, 1), today=TODAY, rules=RULES)
    assert warnings == []
    assert (view.stage, view.activist_on, view.version) == ("activist", date(2023, 6, 1), 2)
    connection = sqlite3.connect(db.path)
    try:
        actions = [r[0] for r in connection.execute("SELECT action FROM change ORDER BY id")]
    finally:
        connection.close()
    assert actions == ["member.add", "member.promote"]


def test_too_soon_warnings_for_each_minimum_interval(db: Database) -> None:
    applicant = _add(db, stage="applicant", applied_on=date(2024, 5, 1), contacts="王芳")
    _, warnings = members.promote(db, applicant, date(2024, 6, 1), today=TODAY, rules=RULES)
    assert _keys(warnings) == ["stages.too_soon"]
    zh, en = _messages(warnings, "zh"), _messages(warnings, "en")
    assert "入党申请人" in zh[0] and "60" in zh[0] and "31" in zh[0]
    assert "60" in en[0] and "31" in en[0] and not CJK.search(en[0])

    activist = _add(db, stage="activist", activist_on=date(2024, 1, 1))
    _, warnings = members.promote(db, activist, date(2024, 6, 1), today=TODAY, rules=RULES)
    assert _keys(warnings) == ["stages.too_soon", "member.few_sponsors"]
    assert "365" in _messages(warnings, "zh")[0]
    assert all(not CJK.search(m) for m in _messages(warnings, "en"))


def test_rules_from_configuration_change_the_intervals(db: Database) -> None:
    member_id = _add(db, stage="applicant", applied_on=date(2024, 5, 1), contacts="王芳")
    rules = Rules.from_mapping({"applicant_min_days": 30})
    _, warnings = members.promote(db, member_id, date(2024, 6, 1), today=TODAY, rules=rules)
    assert warnings == []


def test_training_short_sums_training_events_only(db: Database) -> None:
    member_id = _add(db, stage="candidate", candidate_on=date(2023, 1, 1), sponsors="王芳、刘洋")
    member_events.add_event(db, member_id, "training", date(2023, 3, 1), 8, today=TODAY)
    member_events.add_event(db, member_id, "training", date(2023, 4, 1), 8.5, today=TODAY)
    member_events.add_event(
        db, member_id, "talk", date(2023, 4, 2), 10, today=TODAY
    )  # not training
    view, warnings = members.promote(db, member_id, date(2023, 6, 1), today=TODAY, rules=RULES)
    assert _keys(warnings) == ["stages.training_short"]
    assert "16.5" in _messages(warnings, "zh")[0] and "24" in _messages(warnings, "zh")[0]
    english = _messages(warnings, "en")[0]
    assert "16.5" in english and not CJK.search(english)
    assert view.training_hours == 16.5


def test_enough_training_gives_no_warning(db: Database) -> None:
    member_id = _add(db, stage="candidate", candidate_on=date(2023, 1, 1), sponsors="王芳 刘洋")
    member_events.add_event(db, member_id, "training", date(2023, 3, 1), 24, today=TODAY)
    _, warnings = members.promote(db, member_id, date(2023, 6, 1), today=TODAY, rules=RULES)
    assert warnings == []


def test_sponsors_and_contacts_are_counted(db: Database) -> None:
    candidate = _add(db, stage="candidate", candidate_on=date(2023, 1, 1), sponsors="王芳")
    member_events.add_event(db, candidate, "training", date(2023, 3, 1), 24, today=TODAY)
    _, warnings = members.promote(db, candidate, date(2023, 6, 1), today=TODAY, rules=RULES)
    assert _keys(warnings) == ["member.few_sponsors"]
    assert "1" in _messages(warnings, "zh")[0]
    assert "two sponsors" in _messages(warnings, "en")[0]

    applicant = _add(db, stage="applicant", applied_on=date(2023, 1, 1))
    _, warnings = members.promote(db, applicant, date(2023, 6, 1), today=TODAY, rules=RULES)
    assert _keys(warnings) == ["member.no_contacts"]
    assert "培养联系人" in _messages(warnings, "zh")[0]
    assert not CJK.search(_messages(warnings, "en")[0])


def test_since_unknown_warns(db: Database) -> None:
    unknown = _add(db, stage="applicant", contacts="王芳")
    _, warnings = members.promote(db, unknown, date(2024, 6, 1), today=TODAY, rules=RULES)
    assert _keys(warnings) == ["stages.since_unknown"]
    assert "入党申请人" in _messages(warnings, "zh")[0]
    assert not CJK.search(_messages(warnings, "en")[0])


@pytest.mark.parametrize(
    ("on", "key"),
    [
        (date(2024, 5, 1), "member.promote_before_since"),
        (date(2024, 7, 2), "member.promote_after_today"),
    ],
)
def test_a_promotion_before_the_stage_or_after_today_is_refused(
    db: Database, on: date, key: str
) -> None:
    early = _add(db, stage="applicant", applied_on=date(2024, 6, 1), contacts="王芳")
    before = _dump(db)
    with pytest.raises(ValidationError) as caught:
        members.promote(db, early, on, today=TODAY, rules=RULES)
    assert caught.value.key == key
    assert on.isoformat() in caught.value.message()
    set_language("en")
    try:
        assert not CJK.search(caught.value.message())
    finally:
        set_language("zh")
    assert _dump(db) == before


def test_probation_not_over_and_confirmation(db: Database) -> None:
    member_id = _add(db, stage="probationary", admitted_on=date(2023, 7, 1))
    view, warnings = members.promote(db, member_id, date(2024, 6, 1), today=TODAY, rules=RULES)
    assert _keys(warnings) == ["stages.probation_not_over"]
    zh = _messages(warnings, "zh")[0]
    assert "2024-07-01" in zh and "30" in zh
    assert not CJK.search(_messages(warnings, "en")[0])
    # 转正 is the end of the 预备期; the day given is the approval, kept as an event.
    assert (view.stage, view.confirmed_on) == ("full", date(2024, 7, 1))
    assert [(e.kind, e.date) for e in view.events] == [("approval", date(2024, 6, 1))]


def test_confirmation_on_the_end_of_probation_gives_no_warning(db: Database) -> None:
    member_id = _add(db, stage="probationary", admitted_on=date(2023, 7, 1))
    view, warnings = members.promote(db, member_id, date(2024, 7, 1), today=TODAY, rules=RULES)
    assert warnings == []
    assert view.party_age_start == date(2024, 7, 1)
    assert view.party_age_years == 0


def test_confirmation_approved_after_the_end_counts_party_age_from_the_end(
    db: Database,
) -> None:
    member_id = _add(db, stage="probationary", admitted_on=date(2023, 7, 1))
    later = date(2024, 9, 1)
    view, warnings = members.promote(db, member_id, date(2024, 8, 15), today=later, rules=RULES)
    assert warnings == []
    assert (view.confirmed_on, view.party_age_start) == (date(2024, 7, 1), date(2024, 7, 1))
    assert [(e.kind, e.date) for e in view.events] == [("approval", date(2024, 8, 15))]


def test_promotion_to_full_needs_the_admission_date(db: Database) -> None:
    member_id = _add(db, "赵强", stage="probationary")
    before = _dump(db)
    with pytest.raises(ValidationError) as caught:
        members.promote(db, member_id, TODAY, today=TODAY, rules=RULES)
    assert caught.value.key == "member.full_needs_admission"
    assert "member set --admitted" in caught.value.message()
    assert _dump(db) == before


def test_party_age_with_an_extension(db: Database) -> None:
    member_id = _add(
        db,
        stage="probationary",
        admitted_on=date(2022, 7, 1),
        probation_extended_to=date(2024, 1, 1),
    )
    view = member_views.get_member(db, member_id, today=date(2023, 12, 1), rules=RULES)
    assert view.probation_end == date(2024, 1, 1)
    assert view.party_age_start == date(2024, 1, 1)
    assert view.party_age_years is None  # not yet a full member

    # The regular end (2023-07-01) has passed but the extension has not.
    _, warnings = members.promote(db, member_id, date(2023, 7, 1), today=TODAY, rules=RULES)
    assert _keys(warnings) == ["stages.probation_not_over"]
    assert "2024-01-01" in _messages(warnings, "zh")[0]

    members.update_member(
        db, member_id, {"confirmed_on": date(2024, 1, 1)}, today=TODAY, rules=RULES
    )
    assert (
        member_views.get_member(
            db, member_id, today=date(2025, 12, 31), rules=RULES
        ).party_age_years
        == 1
    )
    assert (
        member_views.get_member(db, member_id, today=date(2026, 1, 1), rules=RULES).party_age_years
        == 2
    )


def test_party_age_of_a_full_member_without_confirmation_date(db: Database) -> None:
    member_id = _add(db, stage="full", admitted_on=date(2010, 3, 15))
    view = member_views.get_member(db, member_id, today=TODAY, rules=RULES)
    assert view.party_age_start == date(2011, 3, 15)
    assert view.party_age_years == 13


def test_a_full_member_has_no_next_stage(db: Database) -> None:
    member_id = _add(db, "赵强", stage="full")
    before = _dump(db)
    with pytest.raises(ValidationError) as caught:
        members.promote(db, member_id, TODAY, today=TODAY, rules=RULES)
    assert caught.value.key == "member.no_next_stage"
    assert "赵强" in caught.value.message()
    assert _dump(db) == before


def test_a_member_who_left_is_not_promoted(db: Database) -> None:
    member_id = _add(db, stage="activist")
    members.leave(db, member_id, date(2024, 3, 1), today=TODAY, rules=RULES)
    with pytest.raises(ValidationError) as caught:
        members.promote(db, member_id, TODAY, today=TODAY, rules=RULES)
    assert caught.value.key == "member.inactive"


def test_promote_unknown_id(db: Database) -> None:
    with pytest.raises(NotFoundError):
        members.promote(db, 7, TODAY, today=TODAY, rules=RULES)


# -- events, leaving, reminders -----------------------------------------------------------


def test_add_event_and_read_it_back(db: Database) -> None:
    member_id = _add(db)
    event_id = member_events.add_event(
        db, member_id, "talk", date(2024, 3, 1), None, " 入党谈话 ", today=TODAY
    )
    member_events.add_event(db, member_id, "report", date(2024, 2, 1), today=TODAY)
    events = member_views.get_member(db, member_id, today=TODAY, rules=RULES).events
    assert [(e.kind, e.date) for e in events] == [
        ("report", date(2024, 2, 1)),
        ("talk", date(2024, 3, 1)),
    ]
    assert events[1].id == event_id and events[1].note == "入党谈话"
    assert member_events.member_events(db, member_id) == list(events)


@pytest.mark.parametrize(
    ("kind", "hours", "key"),
    [
        ("meeting", None, "member.event_kind_unknown"),
        ("training", 0, "member.hours_invalid"),
        ("training", -3, "member.hours_invalid"),
        ("training", float("nan"), "member.hours_invalid"),
    ],
)
def test_add_event_refuses_bad_kinds_and_hours(
    db: Database, kind: str, hours: float | None, key: str
) -> None:
    member_id = _add(db)
    before = _dump(db)
    with pytest.raises(ValidationError) as caught:
        member_events.add_event(db, member_id, kind, TODAY, hours, today=TODAY)
    assert caught.value.key == key
    assert _dump(db) == before


def test_add_event_unknown_member(db: Database) -> None:
    with pytest.raises(NotFoundError):
        member_events.add_event(db, 5, "talk", TODAY, today=TODAY)


@pytest.mark.parametrize("write", ["event", "event_set", "leave"])
def test_a_record_or_a_transfer_after_today_is_refused_naming_the_date(
    db: Database, write: str
) -> None:
    member_id = _add(db, stage="full")
    event_id = member_events.add_event(db, member_id, "talk", TODAY, today=TODAY)
    before = _dump(db)
    later = date(2024, 9, 1)
    with pytest.raises(FieldError) as caught:
        if write == "event":
            member_events.add_event(db, member_id, "talk", later, today=TODAY)
        elif write == "event_set":
            member_events.update_event(db, event_id, EventChanges(date=later), today=TODAY)
        else:
            members.leave(db, member_id, later, today=TODAY, rules=RULES)
    assert (caught.value.key, caught.value.field) == ("member.rule.after_today", "date")
    assert "2024-09-01" in caught.value.message()
    assert _dump(db) == before


def test_leave_in_one_unit_of_work(db: Database) -> None:
    member_id = _add(db, stage="full")
    view = members.leave(
        db, member_id, date(2024, 6, 30), "转至某公司党委", today=TODAY, rules=RULES
    )
    assert (view.active, view.left_on) == (False, date(2024, 6, 30))
    assert [(e.kind, e.date, e.note) for e in view.events] == [
        ("transfer_out", date(2024, 6, 30), "转至某公司党委")
    ]
    connection = sqlite3.connect(db.path)
    try:
        rows = connection.execute(
            "SELECT c.action, h.record, h.op FROM change c JOIN history h ON h.change_id = c.id"
            " WHERE c.action = 'member.leave' ORDER BY h.id"
        ).fetchall()
    finally:
        connection.close()
    assert rows == [
        ("member.leave", "member", "update"),
        ("member.leave", "member_event", "create"),
    ]
    before = _dump(db)
    with pytest.raises(ValidationError) as caught:
        members.leave(db, member_id, date(2024, 7, 1), today=TODAY, rules=RULES)
    assert caught.value.key == "member.already_left"
    assert _dump(db) == before


def test_reminder_probation_ending_within_the_window(db: Database) -> None:
    member_id = _add(db, stage="probationary", admitted_on=date(2023, 8, 15))
    view = member_views.get_member(db, member_id, today=TODAY, rules=RULES)
    assert _keys(view.reminders) == ["member.reminder.probation_ending"]
    assert "2024-08-15" in _messages(view.reminders, "zh")[0]
    assert "45" in _messages(view.reminders, "en")[0]
    assert (
        member_views.get_member(db, member_id, today=date(2024, 6, 1), rules=RULES).reminders == ()
    )
    later = member_views.get_member(db, member_id, today=date(2024, 9, 1), rules=RULES)
    assert _keys(later.reminders) == ["member.reminder.probation_over"]
    # The list carries the same reminders.
    assert _keys(member_views.list_members(db, today=TODAY, rules=RULES)[0].reminders) == _keys(
        view.reminders
    )


def test_reminder_assessment_due_from_the_last_assessment(db: Database) -> None:
    member_id = _add(db, stage="activist", activist_on=date(2023, 6, 1))
    view = member_views.get_member(db, member_id, today=TODAY, rules=RULES)
    assert _keys(view.reminders) == ["member.reminder.assessment_due"]
    assert "2023-12-01" in _messages(view.reminders, "zh")[0]
    assert not CJK.search(_messages(view.reminders, "en")[0])
    member_events.add_event(db, member_id, "assessment", date(2024, 5, 1), today=TODAY)
    assert member_views.get_member(db, member_id, today=TODAY, rules=RULES).reminders == ()


def test_reminder_applicant_talk_within_a_month(db: Database) -> None:
    member_id = _add(db, stage="applicant", applied_on=date(2024, 5, 1))
    view = member_views.get_member(db, member_id, today=TODAY, rules=RULES)
    assert _keys(view.reminders) == ["member.reminder.talk_due"]
    assert "2024-06-01" in _messages(view.reminders, "zh")[0]
    member_events.add_event(db, member_id, "talk", date(2024, 5, 20), today=TODAY)
    assert member_views.get_member(db, member_id, today=TODAY, rules=RULES).reminders == ()


def test_no_reminders_for_a_member_who_left(db: Database) -> None:
    member_id = _add(db, stage="activist", activist_on=date(2023, 1, 1))
    members.leave(db, member_id, date(2024, 1, 1), today=TODAY, rules=RULES)
    assert member_views.get_member(db, member_id, today=TODAY, rules=RULES).reminders == ()


def test_views_are_plain_objects_usable_after_the_session(db: Database) -> None:
    member_id = _add(db, "王芳")
    view = member_views.get_member(db, member_id, today=TODAY, rules=RULES)
    db.close()
    assert view.name == "王芳" and view.stage_since is None
    with pytest.raises(AttributeError):
        view.name = "x"  # type: ignore[misc]


def test_event_kinds_import_no_heavy_module() -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from branchtui.domain.member_events import EVENT_KINDS\n"
        "assert 'transfer_out' in EVENT_KINDS\n"
        "heavy = {'sqlmodel', 'sqlalchemy', 'pydantic', 'pypinyin'} & set(sys.modules)\n"
        "assert not heavy, heavy\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# -- editing and deleting events (issue 8, item 6) -----------------------------------------


def _history(db: Database) -> list[tuple[str, str, str]]:
    connection = sqlite3.connect(db.path)
    try:
        return connection.execute(
            "SELECT c.action, h.record, h.op FROM change c JOIN history h ON h.change_id = c.id"
            " ORDER BY h.id"
        ).fetchall()
    finally:
        connection.close()


def test_update_event_changes_it_with_its_version(db: Database) -> None:
    member_id = _add(db, stage="activist", activist_on=date(2024, 1, 1))
    event_id = member_events.add_event(
        db, member_id, "talk", date(2024, 3, 1), note="谈话", today=TODAY
    )
    view, changed = member_events.update_event(
        db,
        event_id,
        EventChanges(kind="training", hours=8, note="党课"),
        expected_version=1,
        today=TODAY,
    )
    assert changed and (view.kind, view.hours, view.note, view.version) == (
        "training",
        8.0,
        "党课",
        2,
    )
    assert member_views.get_member(db, member_id, today=TODAY, rules=RULES).training_hours == 8
    before = _dump(db)
    # Based on version 1, which someone has since changed: refused, naming who.
    with pytest.raises(ConflictError) as caught:
        member_events.update_event(
            db, event_id, EventChanges(note="另一说法"), expected_version=1, today=TODAY
        )
    assert "tester" in caught.value.message()
    # The same values again: nothing written, no history row.
    _view, changed = member_events.update_event(
        db, event_id, EventChanges(note="党课"), today=TODAY
    )
    assert not changed
    assert _dump(db) == before
    assert _history(db)[-1] == ("member.event_set", "member_event", "update")


def test_update_event_keeps_the_rules(db: Database) -> None:
    member_id = _add(db, "王芳", birth_date=date(1990, 1, 1))
    event_id = member_events.add_event(db, member_id, "talk", date(2024, 3, 1), today=TODAY)
    before = _dump(db)
    for changes, field in [
        (EventChanges(hours=-1), "hours"),
        (EventChanges(date=date(1980, 1, 1)), "date"),
        (EventChanges(kind="extension"), "kind"),  # an applicant has no 预备期
    ]:
        with pytest.raises(ValidationError) as caught:
            member_events.update_event(db, event_id, changes, today=TODAY)
        assert getattr(caught.value, "field", None) == field, changes
    assert _dump(db) == before


def test_an_extension_is_recorded_once(db: Database) -> None:
    member_id = _add(db, stage="probationary", admitted_on=date(2023, 1, 1))
    member_events.add_event(db, member_id, "extension", date(2024, 1, 1), today=TODAY)
    other = member_events.add_event(db, member_id, "talk", date(2024, 2, 1), today=TODAY)
    before = _dump(db)
    with pytest.raises(FieldError) as caught:
        member_events.add_event(db, member_id, "extension", date(2024, 3, 1), today=TODAY)
    assert caught.value.key == "member.rule.extension_twice"
    with pytest.raises(FieldError):
        member_events.update_event(db, other, EventChanges(kind="extension"), today=TODAY)
    assert _dump(db) == before


def test_delete_event_with_its_version_and_history(db: Database) -> None:
    member_id = _add(db)
    event_id = member_events.add_event(db, member_id, "talk", date(2024, 3, 1), today=TODAY)
    member_events.update_event(db, event_id, EventChanges(note="改过"), today=TODAY)
    before = _dump(db)
    with pytest.raises(ConflictError):
        member_events.delete_event(db, event_id, expected_version=1)
    assert _dump(db) == before
    gone = member_events.delete_event(db, event_id, expected_version=2)
    assert (gone.id, gone.kind, gone.note) == (event_id, "talk", "改过")
    assert member_views.get_member(db, member_id, today=TODAY, rules=RULES).events == ()
    assert _history(db)[-1] == ("member.event_delete", "member_event", "delete")
    with pytest.raises(NotFoundError) as caught:
        member_events.delete_event(db, event_id)
    assert caught.value.message() == f"找不到培养记录 {event_id}"


def test_members_are_found_by_id_or_unique_name_including_those_who_left(db: Database) -> None:
    wang = _add(db, "王芳")
    gone = _add(db, "刘洋")
    members.leave(db, gone, date(2024, 3, 1), today=TODAY, rules=RULES)
    assert members.member_id_of(db, "王芳") == wang
    assert members.member_id_of(db, str(wang)) == wang
    assert members.member_id_of(db, "刘洋") == gone  # `member show 刘洋` after the transfer
    with pytest.raises(NotFoundError) as caught:
        members.member_id_of(db, "赵强")
    assert caught.value.key == "member.no_such_person" and "赵强" in caught.value.message()


def test_training_counts_from_the_activist_date(db: Database) -> None:
    # Issue 10, finding 2: 16 学时 before becoming an activist do not count toward 24.
    member_id = _add(
        db,
        stage="candidate",
        activist_on=date(2022, 6, 1),
        candidate_on=date(2023, 6, 1),
        sponsors="王芳、刘洋",
    )
    member_events.add_event(db, member_id, "training", date(2022, 5, 1), 16, today=TODAY)
    member_events.add_event(db, member_id, "training", date(2022, 6, 1), 8, today=TODAY)
    view = member_views.get_member(db, member_id, today=TODAY, rules=RULES)
    assert view.training_hours == 8
    assert member_views.list_members(db, today=TODAY, rules=RULES)[0].training_hours == 8
    _, warnings = members.promote(db, member_id, date(2023, 9, 1), today=TODAY, rules=RULES)
    assert _keys(warnings) == ["stages.training_short"]
    assert "8 学时" in _messages(warnings, "zh")[0]


def test_add_and_set_warn_of_short_intervals(db: Database) -> None:
    member_id, warnings = members.add_member(
        db,
        "周强",
        stage="activist",
        applied_on=date(2024, 3, 1),
        activist_on=date(2024, 4, 1),
        today=TODAY,
        rules=RULES,
    )
    assert _keys(warnings) == ["stages.too_soon"]
    assert "31" in _messages(warnings, "zh")[0]
    unrelated = members.update_member(db, member_id, {"post": "组织委员"}, today=TODAY, rules=RULES)
    assert unrelated.notices == ()
    moved = members.update_member(
        db, member_id, {"applied_on": date(2024, 3, 15)}, today=TODAY, rules=RULES
    )
    assert [n.key for n in moved.notices] == ["stages.too_soon"]


def test_set_corrects_a_stored_confirmation_date_and_says_so(db: Database) -> None:
    # A record from before the rule: 转正 stored as the approval date.
    member_id = _add(db, stage="full", admitted_on=date(2023, 12, 20))
    connection = sqlite3.connect(db.path)
    with connection:
        connection.execute("UPDATE member SET confirmed_on = '2025-01-08'")
    connection.close()
    done = members.update_member(
        db, member_id, {"post": "书记"}, today=date(2025, 2, 1), rules=RULES
    )
    assert done.view.confirmed_on == date(2024, 12, 20)
    assert [n.key for n in done.notices] == ["member.confirmed_corrected"]
    assert "2024-12-20" in done.notices[0].message() and "2025-01-08" in done.notices[0].message()
