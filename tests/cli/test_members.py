"""`branchtui member …` as a user runs it: output, exit codes, and what the database holds,
in Chinese and English; every bad input exits non-zero with one line and writes nothing."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CliRunner

TODAY = {"BRANCHTUI_TODAY": "2024-07-01"}
CJK = re.compile(
    r"[\u2e80-\u2fdf\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]"
)
LIST_KEYS = ["id", "uid", "name", "stage", "group", "post", "admitted_on", "confirmed_on", "active"]
# The user's own data, allowed in English output.
NAMES = ("曾晓明", "单田芳", "王芳", "刘洋", "张伟", "一组", "二组", "组织委员", "入党谈话", "男")


def dump(path: Path) -> list[str]:
    """Everything the database holds, to prove a refused command wrote nothing."""
    connection = sqlite3.connect(path)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


def english_only(text: str) -> bool:
    for name in NAMES:
        text = text.replace(name, "")
    return not CJK.search(text)


def add(cli_db: CliRunner, args: str) -> int:
    result = cli_db(f"member add {args} --year 2024", **TODAY)
    assert result.code == 0, result.err
    assert re.fullmatch(r"\d+\n", result.out), result.out
    assert result.err == ""
    return int(result.out)


def show(cli_db: CliRunner, member: int | str, extra: str = "", **env: str) -> dict[str, Any]:
    result = cli_db(f"member show {member} --json {extra}", **(env or TODAY))
    assert result.code == 0, result.err
    data: dict[str, Any] = json.loads(result.out)
    return data


def listing(cli_db: CliRunner, extra: str = "") -> list[dict[str, Any]]:
    result = cli_db(f"member list --json {extra}", **TODAY)
    assert result.code == 0, result.err
    data: list[dict[str, Any]] = json.loads(result.out)
    return data


@pytest.fixture
def register(cli_db: CliRunner) -> dict[str, int]:
    """Three members: a probationary one with private numbers, a candidate, an applicant."""
    return {
        "zeng": add(
            cli_db,
            "曾晓明 --stage probationary --admitted 2023-08-15 --group 一组 --post 组织委员"
            " --phone 13912345678 --id-number 110101199001011234 --gender 男",
        ),
        "shan": add(cli_db, "单田芳 --stage candidate --candidate 2024-05-01 --group 二组"),
        "wang": add(cli_db, "王芳 --applied 2024/6/10"),
    }


# -- add, show, list -----------------------------------------------------------------------


def test_add_prints_only_the_new_id_and_stores_every_field(
    cli_db: CliRunner, db_path: Path
) -> None:
    member_id = add(
        cli_db,
        "曾晓明 --stage full --gender 男 --ethnicity 汉族 --birth 1990年1月2日 --education 本科"
        " --group 一组 --post 组织委员 --applied 2019-03-01 --activist 2019-09-01"
        " --candidate 2020-10-01 --admitted 2021-01-05 --confirmed 2022-01-05"
        " --sponsors 王芳、刘洋 --contacts 刘洋 --phone 13912345678 --id-number X123456"
        " --notes 备注",
    )
    assert member_id == 1
    data = show(cli_db, member_id, "--include-private")
    assert {k: data[k] for k in data if k not in ("uid", "created_at", "updated_at")} == {
        "id": 1,
        "name": "曾晓明",
        "stage": "full",
        "group": "一组",
        "post": "组织委员",
        "admitted_on": "2021-01-05",
        "confirmed_on": "2022-01-05",
        "active": True,
        "gender": "男",
        "ethnicity": "汉族",
        "birth_date": "1990-01-02",
        "education": "本科",
        "applied_on": "2019-03-01",
        "activist_on": "2019-09-01",
        "candidate_on": "2020-10-01",
        "probation_extended_to": None,
        "sponsors": "王芳、刘洋",
        "contacts": "刘洋",
        "left_on": None,
        "notes": "备注",
        "probation_end": "2022-01-05",
        "party_age_start": "2022-01-05",
        "party_age_years": 2,
        "training_hours": 0.0,
        "version": 1,
        "phone": "13912345678",
        "id_number": "X123456",
        "events": [],
        "reminders": [],
    }
    assert data["updated_at"].endswith("+00:00")
    connection = sqlite3.connect(db_path)
    try:
        key = connection.execute("SELECT name_key FROM member").fetchone()[0]
    finally:
        connection.close()
    assert key.split()[:2] == ["zengxiaoming", "zxm"]


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("2024-06-30", "2024-06-30"),
        ("2024/6/30", "2024-06-30"),
        ("2024.6.30", "2024-06-30"),
        ("2024年6月30日", "2024-06-30"),
        ("6月30日", "2024-06-30"),
        ("6.30", "2024-06-30"),
    ],
)
def test_every_date_form(cli_db: CliRunner, given: str, stored: str) -> None:
    member_id = add(cli_db, f"王芳 --applied {given}")
    assert show(cli_db, member_id)["applied_on"] == stored


def test_list_json_shape_exactly(cli_db: CliRunner, register: dict[str, int]) -> None:
    rows = listing(cli_db)
    assert [list(row) for row in rows] == [LIST_KEYS] * 3
    assert rows[0] == {
        "id": register["zeng"],
        "uid": rows[0]["uid"],
        "name": "曾晓明",
        "stage": "probationary",
        "group": "一组",
        "post": "组织委员",
        "admitted_on": "2023-08-15",
        "confirmed_on": None,
        "active": True,
    }
    assert re.fullmatch(r"[0-9a-f-]{36}", rows[0]["uid"])
    private = listing(cli_db, "--include-private")
    assert [list(row) for row in private] == [[*LIST_KEYS, "phone", "id_number"]] * 3
    assert (private[0]["phone"], private[0]["id_number"]) == ("13912345678", "110101199001011234")
    assert (private[1]["phone"], private[1]["id_number"]) == (None, None)


def test_list_filters_by_stage_and_search(cli_db: CliRunner, register: dict[str, int]) -> None:
    assert [r["name"] for r in listing(cli_db, "--stage candidate")] == ["单田芳"]
    assert [r["name"] for r in listing(cli_db, "--search stf")] == ["单田芳"]
    assert [r["name"] for r in listing(cli_db, "--search zxm")] == ["曾晓明"]
    assert listing(cli_db, "--stage full") == []


def test_private_fields_masked_unless_asked_for(
    cli_db: CliRunner, register: dict[str, int]
) -> None:
    text = cli_db("member list", **TODAY)
    assert text.code == 0
    assert "13912345678" not in text.out and "139" not in text.out
    private = cli_db("member list --include-private", **TODAY)
    assert "13912345678" in private.out and "110101199001011234" in private.out

    shown = cli_db(f"member show {register['zeng']}", **TODAY)
    assert "*******5678" in shown.out and "13912345678" not in shown.out
    assert "**************1234" in shown.out
    data = show(cli_db, register["zeng"])
    assert (data["phone"], data["id_number"]) == ("*******5678", "**************1234")
    assert show(cli_db, register["zeng"], "--include-private")["phone"] == "13912345678"


def test_list_text_in_both_languages(cli_db: CliRunner, register: dict[str, int]) -> None:
    zh = cli_db("member list", **TODAY)
    assert zh.code == 0 and zh.err == ""
    # Applicants and activists are not Party members: not a 党员名册, and counted apart.
    assert "党员和入党积极分子名册（3 人）" in zh.out and "党员名册" not in zh.out
    assert zh.out.splitlines()[-1] == "其中：预备党员 1 人，发展对象 1 人，入党申请人 1 人"
    assert "预备党员" in zh.out and "发展对象" in zh.out and "入党申请人" in zh.out
    assert "2023-08-15" in zh.out
    en = cli_db("member list --lang en", **TODAY)
    assert en.code == 0 and en.err == ""
    assert "Members and activists (3)" in en.out and "probationary" in en.out
    assert en.out.splitlines()[-1] == "Of whom: probationary: 1, candidate: 1, applicant: 1"
    assert "2023-08-15" in en.out
    assert english_only(en.out)


def test_show_text_with_events_and_reminders(cli_db: CliRunner, register: dict[str, int]) -> None:
    zeng = register["zeng"]
    assert cli_db(f"member event {zeng} --kind talk --date 2024-03-01 --note 入党谈话").code == 0
    zh = cli_db(f"member show {zeng}", **TODAY)
    assert zh.code == 0 and zh.err == ""
    lines = zh.out.splitlines()
    assert lines[0] == "曾晓明（编号 1，预备党员）"
    assert "阶段：预备党员" in lines and "入党日期：2023-08-15" in lines
    assert "预备期满：2024-08-15" in lines and "党龄：自 2024-08-15 起算" in lines
    assert "培养记录" in zh.out and "谈话" in zh.out and "入党谈话" in zh.out
    assert lines[-1] == "提醒：预备期将于 2024-08-15 期满（还有 45 天），请准备转正"
    en = cli_db(f"member show {zeng} --lang en", **TODAY)
    assert en.code == 0
    assert "曾晓明 (id 1, probationary)" in en.out and "Probation ends: 2024-08-15" in en.out
    assert en.out.splitlines()[-1].startswith("Reminder: probation ends on 2024-08-15")
    assert english_only(en.out)


# -- set -----------------------------------------------------------------------------------


def test_set_changes_and_clears_fields(cli_db: CliRunner, register: dict[str, int]) -> None:
    zeng = register["zeng"]
    result = cli_db(f"member set {zeng} --name 曾小明 --group '' --post 书记 --birth 1990.5.6")
    assert result.code == 0, result.err
    assert result.out == "已更新 曾小明（编号 1）\n"
    data = show(cli_db, zeng)
    assert (data["name"], data["group"], data["post"], data["birth_date"], data["version"]) == (
        "曾小明",
        None,
        "书记",
        "1990-05-06",
        2,
    )
    assert [r["name"] for r in listing(cli_db, "--search zxm")] == ["曾小明"]
    en = cli_db(f"member set {zeng} --notes x --lang en")
    assert en.out == "Updated 曾小明 (id 1)\n"


def test_set_extension_moves_the_end_of_probation(
    cli_db: CliRunner, register: dict[str, int]
) -> None:
    zeng = register["zeng"]
    assert cli_db(f"member set {zeng} --extended-to 2025-02-15").code == 0
    data = show(cli_db, zeng)
    assert (data["probation_extended_to"], data["probation_end"]) == ("2025-02-15", "2025-02-15")
    assert data["reminders"] == []  # no longer ending within 60 days


# -- promote -------------------------------------------------------------------------------


def test_promote_with_warnings_on_stderr(cli_db: CliRunner, register: dict[str, int]) -> None:
    shan = register["shan"]
    result = cli_db(f"member promote {shan} --date 2024-06-10", **TODAY)
    assert result.code == 0
    assert result.out == "单田芳（编号 2）：发展对象 → 预备党员（2024-06-10）\n"
    warnings = result.err.splitlines()
    assert len(warnings) == 3 and all(w.startswith("警告：") for w in warnings)
    assert "60 天" in warnings[0] and "40 天" in warnings[0]
    assert "24 学时" in warnings[1] and "0 学时" in warnings[1]
    assert "入党介绍人" in warnings[2]
    data = show(cli_db, shan)
    assert (data["stage"], data["admitted_on"], data["version"]) == (
        "probationary",
        "2024-06-10",
        2,
    )


def test_promote_in_english(cli_db: CliRunner, register: dict[str, int]) -> None:
    wang = register["wang"]
    result = cli_db(f"member promote {wang} --date 7.1 --year 2024 --lang en", **TODAY)
    assert result.code == 0
    assert result.out == "王芳 (id 3): applicant -> activist (2024-07-01)\n"
    warnings = result.err.splitlines()
    assert [w.split(":")[0] for w in warnings] == ["Warning", "Warning"]
    assert "at least 60 days" in warnings[0] or "60" in warnings[0]
    assert english_only(result.err)
    assert show(cli_db, wang)["activist_on"] == "2024-07-01"


def test_training_events_silence_the_training_warning(
    cli_db: CliRunner, register: dict[str, int]
) -> None:
    shan = register["shan"]
    first = cli_db(f"member event {shan} --kind training --date 2024-05-10 --hours 16")
    second = cli_db(f"member event {shan} --kind training --date 2024-05-20 --hours 8")
    assert (first.out, second.out) == ("1\n", "2\n")
    assert cli_db(f"member set {shan} --sponsors 王芳、刘洋").code == 0
    result = cli_db(f"member promote {shan} --date 2024-07-01", **TODAY)
    assert result.code == 0 and result.err == ""
    assert show(cli_db, shan)["training_hours"] == 24.0


def test_confirmation_and_party_age(cli_db: CliRunner, register: dict[str, int]) -> None:
    zeng = register["zeng"]
    early = cli_db(f"member promote {zeng} --date 2024-08-01", BRANCHTUI_TODAY="2026-09-01")
    assert early.code == 0
    assert early.err == "警告：预备期到 2024-08-15 才满，2024-08-01 转正早了 14 天\n"
    assert early.out == (
        "曾晓明（编号 1）：预备党员 → 正式党员，转正日期 2024-08-15（预备期满），"
        "2024-08-01 的批准已记为审批记录\n"
    )
    data = show(cli_db, zeng, "", BRANCHTUI_TODAY="2026-09-01")
    # 转正 and 党龄 from the end of the 预备期; the meeting's day is the approval event.
    assert (data["stage"], data["confirmed_on"], data["party_age_start"]) == (
        "full",
        "2024-08-15",
        "2024-08-15",
    )
    assert data["party_age_years"] == 2
    assert [(e["kind"], e["date"]) for e in data["events"]] == [("approval", "2024-08-01")]


# -- events and leaving --------------------------------------------------------------------


def test_event_prints_only_its_id_and_is_stored(
    cli_db: CliRunner, register: dict[str, int]
) -> None:
    wang = register["wang"]
    result = cli_db(f"member event {wang} --kind talk --date 2024-06-20 --note 入党谈话")
    assert (result.code, result.out, result.err) == (0, "1\n", "")
    events = show(cli_db, wang)["events"]
    assert [(e["id"], e["date"], e["kind"], e["hours"], e["note"]) for e in events] == [
        (1, "2024-06-20", "talk", None, "入党谈话")
    ]


def test_leave_takes_a_member_off_the_register(cli_db: CliRunner, register: dict[str, int]) -> None:
    shan = register["shan"]
    result = cli_db(f"member leave {shan} --date 2024-06-30")
    assert (result.code, result.out, result.err) == (
        0,
        "单田芳（编号 2）已于 2024-06-30 转出\n",
        "",
    )
    assert [r["name"] for r in listing(cli_db)] == ["曾晓明", "王芳"]
    everyone = listing(cli_db, "--all")
    assert [(r["name"], r["active"]) for r in everyone] == [
        ("曾晓明", True),
        ("单田芳", False),
        ("王芳", True),
    ]
    data = show(cli_db, shan)
    assert (data["active"], data["left_on"]) == (False, "2024-06-30")
    assert [e["kind"] for e in data["events"]] == ["transfer_out"]
    text = cli_db("member list --all", **TODAY)
    assert "转出日期" in text.out and "2024-06-30" in text.out
    en = cli_db(f"member leave {register['wang']} --date 2024-06-30 --lang en")
    assert en.out == "王芳 (id 3) transferred out on 2024-06-30\n"


# -- bad input: one line, non-zero, nothing written ----------------------------------------


@pytest.mark.parametrize(
    ("args", "code", "zh_part", "en_part"),
    [
        ("member add 李明 --birth 2024-02-30", 1, "2024-02-30", "2024-02-30"),
        ("member add 李明 --stage member", 2, "--stage", "--stage"),
        ("member add ''", 1, "姓名 不能为空", "name"),
        ("member set 1 --admitted 2024-02-30", 1, "2024-02-30", "2024-02-30"),
        ("member set 1 --stage boss", 2, "probationary", "probationary"),
        ("member set 1", 2, "--group", "--group"),
        ("member set 99 --post 书记", 1, "名册人员 99", "person 99"),
        ("member set 1 --extended-to 2023-01-01", 1, "2023-08-15", "2023-08-15"),
        ("member show 99", 1, "名册人员 99", "person 99"),
        ("member show abc", 1, "abc", "abc"),
        ("member list --stage member", 2, "applicant", "applicant"),
        ("member promote 1 --date 2024-02-30", 1, "2024-02-30", "2024-02-30"),
        ("member promote 99 --date 2024-07-01", 1, "名册人员 99", "person 99"),
        ("member promote 4 --date 2024-07-01", 1, "正式党员", "full member"),
        ("member promote 1", 2, "--date", "--date"),
        ("member event 1 --kind meeting --date 2024-07-01", 2, "talk", "talk"),
        ("member event 1 --kind talk --date 2024-02-30", 1, "2024-02-30", "2024-02-30"),
        ("member event 1 --kind training --date 2024-07-01 --hours -2", 1, "-2", "-2"),
        ("member event 1 --kind training --date 2024-07-01 --hours many", 2, "many", "many"),
        ("member event 99 --kind talk --date 2024-07-01", 1, "名册人员 99", "person 99"),
        ("member leave 1 --date 2024-13-01", 1, "2024-13-01", "2024-13-01"),
        ("member leave 99 --date 2024-07-01", 1, "名册人员 99", "person 99"),
        ("member leave 5 --date 2024-07-01", 1, "2024-01-01", "2024-01-01"),
        ("member leave 1 --date 2024-09-01", 1, "2024-09-01", "2024-09-01"),
        ("member event 1 --kind talk --date 2024-12-01", 1, "2024-12-01", "2024-12-01"),
        ("member set 1 --phone abc", 1, "手机号“abc”", 'phone number "abc"'),
        ("member add 孙七 --phone 139x1234", 1, "139x1234", "139x1234"),
    ],
)
def test_bad_input_changes_nothing(
    cli_db: CliRunner,
    db_path: Path,
    register: dict[str, int],
    args: str,
    code: int,
    zh_part: str,
    en_part: str,
) -> None:
    add(cli_db, "赵强 --stage full")  # 4
    gone = add(cli_db, "钱进")  # 5
    assert cli_db(f"member leave {gone} --date 2024-01-01").code == 0
    before = dump(db_path)
    for language, part in (("zh", zh_part), ("en", en_part)):
        result = cli_db(f"{args} --lang {language}", **TODAY)
        assert result.code == code, (language, result.err)
        assert result.out == ""
        lines = result.err.splitlines()
        assert len(lines) == 1, result.err
        assert lines[0].startswith("错误：" if language == "zh" else "Error:"), lines[0]
        assert part in lines[0], lines[0]
        if language == "en":
            assert english_only(lines[0].replace("赵强", "").replace("钱进", "")), lines[0]
        assert "Traceback" not in result.err
    assert dump(db_path) == before


def test_read_only_refuses_changes(
    cli_db: CliRunner, db_path: Path, register: dict[str, int]
) -> None:
    before = dump(db_path)
    result = cli_db("member set 1 --post 书记 --read-only", **TODAY)
    assert result.code == 1 and len(result.err.splitlines()) == 1
    assert dump(db_path) == before
    assert cli_db("member list --read-only", **TODAY).code == 0


def test_help_in_english_has_no_chinese(cli: CliRunner) -> None:
    for command in ("member", "member list", "member add", "member event", "member promote"):
        result = cli(f"{command} --help --lang en")
        assert result.code == 0, result.err
        assert "--" in result.out and english_only(result.out), command


# -- issue 10, findings 1 and 2: 转正, 党龄 and the rules -----------------------------------


def test_a_confirmation_date_that_is_not_the_end_of_probation_is_refused(
    cli_db: CliRunner, db_path: Path
) -> None:
    before = dump(db_path)
    args = "member add 李明 --stage full --admitted 2010-06-20 --confirmed 2010-09-01"
    result = cli_db(args, **TODAY)
    assert (result.code, result.out) == (1, "")
    assert result.err.startswith("错误：转正日期应为预备期满之日 2011-06-20")
    assert "approval" not in result.err and "--kind 审批" in result.err
    assert dump(db_path) == before
    en = cli_db(f"{args} --lang en", **TODAY)
    assert en.code == 1 and "2011-06-20" in en.err and english_only(en.err.replace("李明", ""))
    # Without --confirmed the rules give it.
    member_id = add(cli_db, "李明 --stage full --admitted 2010-06-20")
    data = show(cli_db, member_id)
    assert (data["confirmed_on"], data["party_age_start"], data["party_age_years"]) == (
        "2011-06-20",
        "2011-06-20",
        13,
    )


def test_promotion_to_full_by_name_records_the_approval(
    cli_db: CliRunner, register: dict[str, int]
) -> None:
    # Issue 10's case: admitted 2023-12-20, the meeting approved it on 2025-01-08.
    member_id = add(cli_db, "刘洋 --stage probationary --admitted 2023-12-20")
    result = cli_db("member promote 刘洋 --date 2025-01-08", BRANCHTUI_TODAY="2025-02-01")
    assert (result.code, result.err) == (0, "")
    assert "转正日期 2024-12-20" in result.out and "审批" in result.out
    data = show(cli_db, "刘洋", BRANCHTUI_TODAY="2025-02-01")
    assert data["id"] == member_id
    assert (data["confirmed_on"], data["party_age_start"]) == ("2024-12-20", "2024-12-20")
    assert [(e["kind"], e["date"]) for e in data["events"]] == [("approval", "2025-01-08")]
    text = cli_db("member show 刘洋", BRANCHTUI_TODAY="2025-02-01")
    assert "审批" in text.out and "approval" not in text.out


@pytest.mark.parametrize(
    ("args", "part", "field"),
    [
        # 党章 art. 1: 18 at application.
        ("member add 李明 --birth 2007-03-01 --applied 2024-06-01", "年满十八岁", "申请入党日期"),
        ("member add 李明 --applied 2024-07-02", "晚于今天", "申请入党日期"),
        (
            "member add 李明 --stage activist --applied 2024-03-01 --activist 2024-02-01",
            "早于申请入党日期 2024-03-01",
            "确定积极分子日期",
        ),
        (
            "member add 李明 --stage probationary --admitted 2023-01-01 --extended-to 2023-06-01",
            "2024-07-01 至 2025-01-01",
            "延长预备期至",
        ),
        ("member promote 王芳 --date 2024-07-02", "晚于今天", "2024-07-02"),
        (
            "member promote 王芳 --date 2024-06-01",
            "早于成为入党申请人的日期 2024-06-10",
            "2024-06-01",
        ),
        (
            "member add 李明 --stage activist --admitted 2024-01-01",
            "阶段为入党积极分子",
            "入党日期",
        ),
    ],
)
def test_rules_are_refusals_now(
    cli_db: CliRunner,
    db_path: Path,
    register: dict[str, int],
    args: str,
    part: str,
    field: str,
) -> None:
    before = dump(db_path)
    result = cli_db(args, **TODAY)
    assert (result.code, result.out) == (1, "")
    assert len(result.err.splitlines()) == 1 and part in result.err and field in result.err
    en = cli_db(f"{args} --lang en", **TODAY)
    assert en.code == 1 and english_only(en.err.replace("李明", ""))
    assert dump(db_path) == before


def test_add_and_set_warn_of_short_intervals(cli_db: CliRunner) -> None:
    result = cli_db(
        "member add 周强 --stage activist --applied 2024-03-01 --activist 2024-04-01", **TODAY
    )
    assert (result.code, result.out) == (0, "1\n")
    assert result.err.startswith("警告：从入党申请人（2024-03-01）到入党积极分子")
    assert "60 天" in result.err and "31 天" in result.err
    unrelated = cli_db("member set 周强 --post 组织委员", **TODAY)
    assert (unrelated.code, unrelated.err) == (0, "")
    moved = cli_db("member set 1 --applied 2024-03-15", **TODAY)
    assert moved.code == 0 and moved.err.startswith("警告：") and "17 天" in moved.err
    same = cli_db("member set 1 --applied 2024-03-15", **TODAY)
    assert (same.code, same.out) == (0, "周强（编号 1）没有变化，未作修改\n")


def test_training_before_the_activist_date_does_not_count(cli_db: CliRunner) -> None:
    member_id = add(
        cli_db,
        "杨帆 --stage candidate --activist 2022-09-15 --candidate 2024-03-10 --sponsors 甲、乙",
    )
    cli_db(f"member event {member_id} --kind 培训 --date 2022-05-01 --hours 16")
    cli_db(f"member event {member_id} --kind training --date 2024-04-12 --hours 16")
    assert show(cli_db, member_id)["training_hours"] == 16.0
    result = cli_db(f"member promote {member_id} --date 2024-06-30", **TODAY)
    assert result.code == 0 and "24 学时" in result.err and "16 学时" in result.err


# -- issue 8, item 6: events edited and deleted; members by name -----------------------------


def test_event_set_and_event_delete(
    cli_db: CliRunner, db_path: Path, register: dict[str, int]
) -> None:
    event_id = int(cli_db("member event 王芳 --kind talk --date 2024-06-20 --note 入党谈话").out)
    changed = cli_db(f"member event-set {event_id} --kind 思想汇报 --note 第一季度", **TODAY)
    assert (changed.code, changed.out, changed.err) == (0, f"已修改培养记录 {event_id}\n", "")
    events = show(cli_db, "王芳")["events"]
    assert [(e["kind"], e["date"], e["note"]) for e in events] == [
        ("report", "2024-06-20", "第一季度")
    ]
    same = cli_db(f"member event-set {event_id} --note 第一季度 --lang en", **TODAY)
    assert same.out == f"Event {event_id}: nothing changed\n"
    shown = cli_db("member show 王芳", **TODAY)
    assert f"{event_id} " in shown.out and "思想汇报" in shown.out  # the id event-set takes
    before = dump(db_path)
    refused = cli_db(f"member event-delete {event_id}")
    assert (refused.code, refused.out) == (2, "") and "--yes" in refused.err
    assert dump(db_path) == before
    for args in (f"member event-set {event_id}", "member event-set 99 --note x"):
        result = cli_db(args)
        assert result.code in (1, 2) and result.out == "" and len(result.err.splitlines()) == 1
    assert dump(db_path) == before
    gone = cli_db(f"member event-delete {event_id} --yes")
    assert (gone.code, gone.out) == (0, f"已删除培养记录 {event_id}（2024-06-20 思想汇报）\n")
    assert show(cli_db, "王芳")["events"] == []
    undo = cli_db("undo")
    assert undo.code == 0, undo.err
    assert len(show(cli_db, "王芳")["events"]) == 1


def test_every_member_command_takes_a_name(cli_db: CliRunner, register: dict[str, int]) -> None:
    assert show(cli_db, "单田芳")["id"] == register["shan"]
    assert cli_db("member set 单田芳 --post 宣传委员").code == 0
    assert cli_db("member event 单田芳 --kind 谈话 --date 2024-06-01").out == "1\n"
    assert cli_db("member promote 王芳 --date 2024-07-01", **TODAY).code == 0
    assert cli_db("member leave 单田芳 --date 2024-06-30").code == 0
    assert show(cli_db, "单田芳")["active"] is False  # found after leaving, too
    add(cli_db, "张伟 --group 一组")
    add(cli_db, "张伟 --group 二组")
    twice = cli_db("member promote 张伟 --date 2024-07-01", **TODAY)
    assert twice.code == 1 and "张伟 (4, 一组)、张伟 (5, 二组)" in twice.err
    nobody = cli_db("member show 赵强 --lang en")
    assert nobody.code == 1 and 'no one on the register is named "赵强"' in nobody.err


# -- issue 10, finding 5: labels for codes, no codes or argparse English in Chinese ---------


def test_code_options_take_labels_in_either_language(cli_db: CliRunner) -> None:
    member_id = add(cli_db, "李明 --stage 预备党员 --admitted 2024-01-05")
    assert show(cli_db, member_id)["stage"] == "probationary"
    other = add(cli_db, "王芳 --stage 'full member' --admitted 2020-01-05")
    assert show(cli_db, other)["stage"] == "full"
    assert [r["name"] for r in listing(cli_db, "--stage 正式党员")] == ["王芳"]
    cli_db(f"member event {member_id} --kind 谈话 --date 2024-02-01")
    cli_db(f"member event {member_id} --kind 'transfer in' --date 2024-02-02")
    kinds = [e["kind"] for e in show(cli_db, member_id)["events"]]
    assert kinds == ["talk", "transfer_in"]
    item = cli_db("item add 主题党日 --category 组织建设 --year 2024", **TODAY)
    assert item.code == 0, item.err
    assert cli_db("item set 1 --status 进行中 --year 2024", **TODAY).code == 0
    items = json.loads(cli_db("item list --json --status 进行中 --year 2024", **TODAY).out)
    assert [(i["category"], i["status"]) for i in items] == [("organization", "doing")]
    checklist = cli_db("checklist new --template 意识形态工作责任制 --year 2024", **TODAY)
    assert checklist.code == 0, checklist.err
    entry = cli_db("checklist entry-add 1 研判 --frequency 每季度 --year 2024", **TODAY)
    assert entry.code == 0, entry.err


def test_a_wrong_code_lists_codes_and_labels(cli_db: CliRunner) -> None:
    zh = cli_db("member add 李明 --stage 党员干部")
    assert zh.code == 2
    assert "“党员干部”无效" in zh.err and "probationary 预备党员" in zh.err
    assert "invalid choice" not in zh.err
    en = cli_db("item add x --category parties --lang en")
    assert en.code == 2 and "organization" in en.err and english_only(en.err)


def test_help_lists_codes_with_labels(cli: CliRunner) -> None:
    zh = cli("member add --help")
    assert "applicant 入党申请人" in zh.out and "full 正式党员" in zh.out
    kinds = cli("member event --help")
    assert "approval 审批" in kinds.out and "extension 延长预备期" in kinds.out
    items = cli("item set --help")
    assert "doing 进行中" in items.out and "organization 组织建设" in items.out
    frequency = cli("checklist entry-add --help")
    assert "quarterly 每季度" in frequency.out
    en = cli("member add --help --lang en")
    assert "full full member" in en.out and english_only(en.out)


@pytest.mark.parametrize(
    ("args", "zh_part", "en_part"),
    [
        ("item show abc", "abc 不是有效的编号", "abc is not a valid id"),
        (
            "member event 1 --kind training --date 2024-07-01 --hours many",
            "many 不是数字",
            "many is not a number",
        ),
        ("history --limit x", "x 不是正整数", "x is not a positive whole number"),
    ],
)
def test_argparse_speaks_the_users_language(
    cli_db: CliRunner, args: str, zh_part: str, en_part: str
) -> None:
    zh = cli_db(args)
    assert zh.code == 2 and zh_part in zh.err and "invalid" not in zh.err and " int " not in zh.err
    en = cli_db(f"{args} --lang en")
    assert en.code == 2 and en_part in en.err


def test_no_code_leaks_into_chinese_reminders(cli_db: CliRunner) -> None:
    add(cli_db, "周强 --stage activist --activist 2023-10-10")
    add(cli_db, "孙浩 --applied 2024-05-01")
    text = cli_db("member list", **TODAY).out + cli_db("member show 1", **TODAY).out
    text += cli_db("member show 2", **TODAY).out
    assert "尚未记录考察" in text and "尚未记录谈话" in text
    for code in ("assessment", "talk", "approval", "extension"):
        assert code not in text


def test_english_says_a_probationary_member(cli_db: CliRunner, register: dict[str, int]) -> None:
    result = cli_db("member promote 单田芳 --date 2024-07-01 --lang en", **TODAY)
    assert "a probationary member should have two sponsors" in result.err
