"""`branchtui meeting …` as a user runs it: output, exit codes and what the database holds;
quorum warnings, attendance, the board, status; bad input is one line and writes nothing."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CliRunner
from tests.storage.helpers import dump, query

TODAY = {"BRANCHTUI_TODAY": "2024-07-01"}
LIST_KEYS = [
    "id",
    "uid",
    "kind",
    "held_on",
    "topic",
    "place",
    "host",
    "expected",
    "present",
    "excused",
    "absent",
    "quorate",
]


def run(cli_db: CliRunner, args: str | list[str], **env: str) -> Any:
    result = cli_db(args, **(env or TODAY))
    assert result.code == 0, result.err
    return result


@pytest.fixture
def branch(cli_db: CliRunner) -> CliRunner:
    """Five full members (a secretary, two committee members, two in the second group)
    and two probationary members."""
    people = [
        "张建国 --stage full --admitted 2000-06-20 --post 书记 --group 第一党小组",
        "曾晓明 --stage full --admitted 2008-07-01 --post 副书记 --group 第一党小组",
        "单丽华 --stage full --admitted 2012-05-18 --post 组织委员 --group 第二党小组",
        "王磊 --stage full --admitted 2017-07-01 --group 第二党小组",
        "赵敏 --stage full --admitted 2021-06-25 --group 第二党小组",
        "刘洋 --stage probationary --admitted 2023-11-15 --group 第一党小组",
        "陈静 --stage probationary --admitted 2024-01-20 --group 第一党小组",
    ]
    for person in people:
        run(cli_db, f"member add {person}")
    return cli_db


def show(cli: CliRunner, meeting_id: int | str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(run(cli, f"meeting show {meeting_id} --json").out)
    return data


def test_add_records_everyone_expected_present_unless_listed(branch: CliRunner) -> None:
    result = run(
        branch,
        "meeting add general --date 2024-03-05 --topic 学习党章 --place 项目部会议室"
        " --host 张建国 --recorder 单丽华 --absent 王磊:在工地值班 --excused 赵敏：病假",
    )
    assert result.out == "1\n" and result.err == ""
    data = show(branch, 1)
    assert [(a["name"], a["status"], a["reason"]) for a in data["attendance"]] == [
        ("张建国", "present", None),
        ("曾晓明", "present", None),
        ("单丽华", "present", None),
        ("王磊", "absent", "在工地值班"),
        ("赵敏", "excused", "病假"),
        ("刘洋", "present", None),
        ("陈静", "present", None),
    ]
    assert (data["host"], data["recorder"], data["voters"], data["voters_present"]) == (
        "张建国",
        "单丽华",
        5,
        3,
    )
    listed = json.loads(run(branch, "meeting list --json --year 2024").out)
    assert list(listed[0])[: len(LIST_KEYS)] == LIST_KEYS
    assert {k: listed[0][k] for k in LIST_KEYS[2:]} == {
        "kind": "general",
        "held_on": "2024-03-05",
        "topic": "学习党章",
        "place": "项目部会议室",
        "host": "张建国",
        "expected": 7,
        "present": 5,
        "excused": 1,
        "absent": 1,
        "quorate": True,
    }
    text = run(branch, "meeting show 1").out
    assert "应到 7 人，实到 5 人，请假 1 人，缺席 1 人" in text
    assert "有表决权的正式党员 5 名，到会 3 名，超过半数" in text
    assert re.search(r"王磊\s+缺席\s+在工地值班", text)


def test_probationary_members_do_not_make_the_quorum(branch: CliRunner) -> None:
    """Three of five full members away: the two 预备党员 present do not make it quorate."""
    result = run(
        branch,
        "meeting add 支部党员大会 --date 2024-04-08"
        " --absent 王磊 --absent 赵敏 --excused 单丽华:出差",
    )
    assert result.out == "1\n"
    assert result.err == (
        "警告：2024-04-08 的支部党员大会有表决权的正式党员 5 名，到会 2 名，"
        "未超过半数（至少需 3 名）：会议不能作出决定\n"
    )
    assert show(branch, 1)["quorate"] is False
    english = branch("meeting show 1 --lang en", **TODAY)
    assert "2 of the 5 full members entitled to vote present, not more than half" in english.out


def test_expected_attendees_per_kind(branch: CliRunner) -> None:
    run(branch, "meeting add committee --date 2024-03-06")
    run(branch, "meeting add group --date 2024-03-07 --group 第二党小组")
    run(branch, "meeting add lecture --date 2024-01-10 --lecturer 张建国 --topic 党课")
    run(branch, "meeting add theme_day --date 2024-03-08 --present 7")
    names = {i: [a["name"] for a in show(branch, i)["attendance"]] for i in (1, 2, 3, 4)}
    assert names[1] == ["张建国", "曾晓明", "单丽华"]  # the committee
    assert names[2] == ["单丽华", "王磊", "赵敏"]  # the second group
    assert "陈静" not in names[3]  # admitted on 2024-01-20, after the lecture
    assert names[4][-1] == "陈静" and len(names[4]) == 7


def test_a_lecturer_from_outside_is_text(branch: CliRunner) -> None:
    result = run(branch, "meeting add lecture --date 2024-05-10 --lecturer 公司党委书记李华")
    assert result.err == "警告：名册中没有“公司党委书记李华”，授课人按文字记录\n"
    assert show(branch, 1)["lecturer"] == "公司党委书记李华"
    board = json.loads(run(branch, "meeting board --json --year 2024").out)
    assert [r["kind"] for r in board["reminders"]] == ["secretary_lecture"]
    run(branch, "meeting add lecture --date 2024-06-10 --lecturer 张建国")
    board = json.loads(run(branch, "meeting board --json --year 2024").out)
    assert board["reminders"] == []


def test_set_changes_attendance_and_recomputes_who_is_expected(
    branch: CliRunner, initialised_db: Path
) -> None:
    run(branch, "meeting add general --date 2024-03-05")
    version = show(branch, 1)["version"]
    result = run(branch, "meeting set 1 --excused 王磊:出差 --topic 学习")
    assert result.err == ""
    data = show(branch, 1)
    assert data["version"] > version and data["topic"] == "学习"
    assert ("王磊", "excused", "出差") in [
        (a["name"], a["status"], a["reason"]) for a in data["attendance"]
    ]
    run(branch, "meeting set 1 --present 王磊")
    assert show(branch, 1)["excused"] == 0
    # only the attendance changed: the meeting's version moves all the same
    before = show(branch, 1)["version"]
    run(branch, "meeting set 1 --absent 赵敏")
    assert show(branch, 1)["version"] == before + 1
    run(branch, "meeting set 1 --kind committee")
    assert [a["name"] for a in show(branch, 1)["attendance"]] == ["张建国", "曾晓明", "单丽华"]
    unchanged = branch("meeting set 1 --kind committee", **TODAY)
    assert unchanged.code == 0 and "没有变化" in unchanged.err
    history = run(branch, "history --limit 1").out
    assert "修改会议记录" in history and "支委会" in history


def test_delete_needs_yes_and_undo_restores(branch: CliRunner, initialised_db: Path) -> None:
    run(branch, "meeting add general --date 2024-03-05 --absent 王磊:出差")
    before = dump(initialised_db)
    refused = branch("meeting delete 1", **TODAY)
    assert refused.code == 2 and "--yes" in refused.err
    run(branch, "meeting delete 1 --yes")
    assert query(initialised_db, "SELECT count(*) FROM meeting_attendance") == [(0,)]
    last = json.loads(run(branch, "history --limit 1 --json").out)[0]["description"]
    assert last.startswith("删除会议记录“支部党员大会 2024-03-05”")
    undone = run(branch, "undo").out
    assert "删除会议记录“支部党员大会 2024-03-05”" in undone  # the meeting, not an attendee
    assert query(initialised_db, "SELECT count(*) FROM meeting_attendance") == [(7,)]
    assert show(branch, 1)["absent"] == 1
    assert dump(initialised_db)[-5:] != []  # the undo is a change of its own
    assert before != dump(initialised_db)


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        ("meeting add meeting --date 2024-03-05", 2, "“meeting”无效"),
        ("meeting add group --date 2024-03-05", 1, "党小组会须给出党小组"),
        ("meeting add group --date 2024-03-05 --group 第三党小组", 1, "没有党小组“第三党小组”"),
        ("meeting add general --date 2024-03-05 --absent 李四:出差", 1, "名册中没有“李四”"),
        ("meeting add general --date 2024-03-05 --absent 99", 1, "名册中没有“99”"),
        ("meeting add general --date 2024-13-05", 1, "日期“2024-13-05”无效"),
        ("meeting add general --date 明天", 1, "日期“明天”无效"),
        ("meeting add general --date 2024-07-02", 1, "在今天（2024-07-01）之后"),
        ("meeting add lecture --date 2024-03-05", 1, "党课须记录授课人"),
        ("meeting add general --date 2024-03-05 --item 5", 1, "没有编号为 5 的工作事项"),
        ("meeting add general --date 2024-03-05 --host 99", 1, "没有编号为 99 的人员"),
        ("meeting add general --date 2024-03-05 --topic '\x1b[2J'", 1, "控制字符"),
        ("meeting add general --date 2024-03-05 --absent :出差", 2, "缺少人员"),
        ("meeting set 9 --topic 学习", 1, "找不到会议记录 9"),
        ("meeting set 1", 2, "没有要修改的内容"),
    ],
)
def test_bad_input_is_one_line_and_writes_nothing(
    branch: CliRunner, initialised_db: Path, args: str, code: int, words: str
) -> None:
    run(branch, "meeting add committee --date 2024-03-01")
    before = dump(initialised_db)
    result = branch(args, **TODAY)
    assert result.code == code, result.err
    assert words in result.err and result.err.count("\n") == 1, result.err
    assert result.out == ""
    assert dump(initialised_db) == before


def test_board_and_status(branch: CliRunner) -> None:
    run(branch, "meeting add committee --date 2024-01-09")
    run(branch, "meeting add committee --date 2024-03-06")
    run(branch, "meeting add general --date 2024-03-20 --absent 刘洋 --absent 陈静")
    board = json.loads(run(branch, "meeting board --json --year 2024").out)
    assert board["year"] == 2024 and board["starts_on"] == "2024-01-09"
    committee = next(r for r in board["rows"] if r["kind"] == "committee")
    assert set(committee) >= {"kind", "group", "frequency", "periods"}
    assert committee["frequency"] == "monthly"
    assert [p["held"] for p in committee["periods"][:4]] == [True, False, True, False]
    assert committee["periods"][1] == {
        "period": "2024-02",
        "held": False,
        "count": 0,
        "due": True,
        "overdue": True,
    }
    groups = [r["group"] for r in board["rows"] if r["kind"] == "group"]
    assert groups == ["第一党小组", "第二党小组"]
    text = run(branch, "meeting board --year 2024").out
    assert "2024年三会一课落实情况（截至 2024-07-01，自 2024-01-09 起计）" in text
    assert re.search(r"支委会\s+✓\s+✗\s+✓\s+✗\s+✗\s+✗\s+·", text)
    assert text.rstrip().endswith("。")
    earlier = run(branch, "meeting board --year 2023").out
    assert earlier.startswith("2023年三会一课落实情况（截至 2024-07-01；本年度尚无记录，不计应开）")
    assert earlier.rstrip().endswith("三会一课没有逾期。")
    grid = earlier.split("✓ 已召开")[0]
    assert "✗" not in grid and "·" not in grid  # nothing due, nothing late

    status = json.loads(run(branch, "status --json --year 2024").out)
    assert status["meetings"][1] == {
        "kind": "committee",
        "group": None,
        "due": 7,
        "held": 2,
        "overdue": 4,
    }
    # the 预备党员 absent in March: three months later, a reminder
    reminders = [(r["name"], r["kind"], r["date"]) for r in status["members"]["reminders"]]
    assert ("刘洋", "no_meetings", "2024-04-09") in reminders
    assert ("张建国", "no_meetings", "2024-06-20") in reminders
    assert ("张建国", "secretary_lecture", "2024-12-31") in reminders
    text = branch("status --year 2024 --check", **TODAY)
    assert text.code == 3
    assert "三会一课：已开" in text.out and "✗ 支委会  逾期 4 期：2024-02、2024-04" in text.out
    assert "刘洋 已满 3 个月未参加组织生活（没有参加记录）" in text.out
    english = branch("status --year 2024 --lang en", **TODAY).out
    assert "Meetings: held in" in english and "has attended no meeting for 3 months" in english


def test_absent_months_is_a_rule(branch: CliRunner, tmp_path: Path) -> None:
    run(branch, "meeting add general --date 2024-03-20")
    config = tmp_path / "rules.toml"
    config.write_text("[rules]\nabsent_months = 4\n", encoding="utf-8")
    relaxed = json.loads(run(branch, f"status --json --year 2024 --config {config}").out)
    assert not [r for r in relaxed["members"]["reminders"] if r["kind"] == "no_meetings"]
    strict = json.loads(run(branch, "status --json --year 2024").out)
    assert [r for r in strict["members"]["reminders"] if r["kind"] == "no_meetings"]


def test_english_board_and_help(branch: CliRunner) -> None:
    run(branch, "meeting add 支委会 --date 2024-06-03")
    text = run(branch, "meeting board --year 2024 --lang en").out
    assert "Meetings of 2024 as of 2024-07-01" in text and "committee meeting" in text
    helped = " ".join(branch("meeting add --help --lang en", **TODAY).out.split())
    assert "(one of: general general meeting, committee committee meeting," in helped


def test_hostile_text_is_data(branch: CliRunner) -> None:
    """Markup stays text; 10 KB of minutes are kept whole; a 10 KB one-line topic is one
    clear refusal."""
    content = ("会议记录" * 640 + "\n") * 4  # 10 KB and more, on several lines
    result = run(
        branch,
        [
            "meeting",
            "add",
            "general",
            "--date",
            "2024-03-05",
            "--topic",
            "[link=x]点我[/]",
            "--content",
            content,
            "--place",
            "[bold]会议室[/bold]",
        ],
    )
    data = show(branch, int(result.out))
    assert data["content"] == content.strip() and data["topic"] == "[link=x]点我[/]"
    listed = run(branch, "meeting list --year 2024").out
    assert "[link=x]点我[/]" in listed
    assert "[bold]会议室[/bold]" in run(branch, "meeting show 1").out
    refused = branch(
        ["meeting", "add", "general", "--date", "2024-03-05", "--topic", "长" * 10_000], **TODAY
    )
    assert refused.code == 1 and "议题 太长" in refused.err and refused.err.count("\n") == 1
