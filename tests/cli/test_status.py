"""`branchtui status`: what is late said plainly, the shape of --json, --check's exit code,
one read transaction, the database's safety warning, and the light import path."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
import uuid
from datetime import date
from pathlib import Path

import pytest

from branchtui.domain.stages import Rules
from branchtui.domain.summary import read_summary
from branchtui.storage.schema import open_for_reading
from tests.conftest import CliRunner, heavy_modules_loaded

JULY = {"BRANCHTUI_TODAY": "2024-07-01"}
CJK = re.compile(r"[\u4e00-\u9fff]")


def test_status_json_shape_and_counts(cli_db: CliRunner) -> None:
    cli_db("item add 一 --due 6.30 --year 2024")
    cli_db("item add 二 --due 8.20 --year 2024")
    cli_db("item add 三 --year 2024")
    cli_db("item set 2 --progress 50")
    cli_db("item done 3")
    result = cli_db("status --json --year 2024", **JULY)
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["year"] == 2024 and data["today"] == "2024-07-01"
    assert data["branch"] == "XX党支部"
    assert data["late"] is True
    plan = data["plan"]
    assert plan["total"] == 3
    assert plan["by_status"] == {
        "todo": 2,
        "doing": 0,
        "review": 0,
        "done": 1,
        "blocked": 0,
        "cancelled": 0,
    }
    assert plan["percent"] == 50.0  # (0 + 50 + 100) / 3
    assert plan["overdue"] == [
        {"id": 1, "number": 1, "title": "一", "due": "2024-06-30", "owner": None, "days_late": 1}
    ]
    assert plan["due_soon"] == [] and plan["overdue_steps"] == []
    assert data["checklists"] == []
    assert data["members"] == {
        "total": 0,
        "by_stage": {
            "applicant": 0,
            "activist": 0,
            "candidate": 0,
            "probationary": 0,
            "full": 0,
        },
        "reminders": [],
    }


def test_cancelled_items_do_not_count_in_percent(cli_db: CliRunner) -> None:
    cli_db("item add 一 --year 2024")
    cli_db("item add 二 --year 2024 --due 2024-01-31")
    cli_db("item set 1 --progress 80")
    cli_db("item set 2 --status cancelled")
    data = json.loads(cli_db("status --json --year 2024", **JULY).out)
    assert data["plan"]["percent"] == 80.0
    assert data["plan"]["overdue"] == []  # a cancelled item is never late


def test_check_exit_code(cli_db: CliRunner) -> None:
    cli_db("item add 一 --due 2024-06-30 --year 2024")
    assert cli_db("status --check --year 2024", BRANCHTUI_TODAY="2024-06-30").code == 0
    late = cli_db("status --check --year 2024", **JULY)
    assert late.code == 3
    assert "2024-06-30" in late.out
    cli_db("item done 1")
    assert cli_db("status --check --year 2024", **JULY).code == 0


def test_due_soon_items_are_listed_not_only_counted(cli_db: CliRunner, tmp_path: Path) -> None:
    cli_db("item add 近期事项 --due 2024-07-10 --year 2024 --owner-text 团支部")
    cli_db("item add 较远事项 --due 2024-07-20 --year 2024")
    cli_db("item add 已完成 --due 2024-07-05 --year 2024")
    cli_db("item done 3")
    data = json.loads(cli_db("status --json --year 2024", **JULY).out)
    assert data["plan"]["due_soon_days"] == 14
    assert data["plan"]["due_soon"] == [
        {
            "id": 1,
            "number": 1,
            "title": "近期事项",
            "due": "2024-07-10",
            "owner": "团支部",
            "days_left": 9,
        }
    ]
    out = cli_db("status --year 2024", **JULY).out
    assert "14 天内到期 1 项：\n  · 2024-07-10 还有 9 天  团支部  1. 近期事项\n" in out
    config = tmp_path / "rules.toml"
    config.write_text("[rules]\ndue_soon_days = 30\n", encoding="utf-8")
    wider = cli_db(f"status --year 2024 --config {config} --lang en", **JULY).out
    assert "2 items due within 30 days:" in wider
    assert "2024-07-20, in 19 days  2. 较远事项" in wider
    assert "Nothing is overdue." in wider
    one = cli_db("status --year 2024 --lang en", **JULY).out
    assert "1 item due within 14 days:" in one


def test_overdue_steps_are_listed_with_their_item(cli_db: CliRunner) -> None:
    cli_db("item add 组织生活多样化 --year 2024")
    cli_db("task add 1 参观教育基地 --due 2024-06-15")
    cli_db("task add 1 观看红色电影 --due 2024-06-20")
    cli_db("task add 1 邀请专家座谈 --due 2024-09-30")
    cli_db("task done 2")
    cli_db("item add 无截止日期的事项 --year 2024")
    cli_db("task add 2 未定日期的步骤")  # an item whose steps have no due date: never late
    result = cli_db("status --check --year 2024", **JULY)
    assert result.code == 3  # a late step is late work, though the item has no due date
    assert "逾期步骤 1 个：\n  ✗ 2024-06-15 逾期 16 天  参观教育基地  ‹ 1. 组织生活多样化\n" in (
        result.out
    )
    assert result.out.endswith("逾期：步骤 1 个。\n")
    steps = json.loads(cli_db("status --json --year 2024", **JULY).out)["plan"]["overdue_steps"]
    assert steps == [
        {
            "id": 1,
            "title": "参观教育基地",
            "due": "2024-06-15",
            "days_late": 16,
            "item_id": 1,
            "item_number": 1,
            "item_title": "组织生活多样化",
        }
    ]
    english = cli_db("status --year 2024 --lang en", **JULY).out
    assert "1 step overdue:\n  ✗ 2024-06-15, 16 days late  参观教育基地" in english
    cli_db("item set 1 --status cancelled")  # a cancelled item owes nothing
    assert cli_db("status --check --year 2024", **JULY).code == 0


def test_overdue_checklist_periods_are_late_work(cli_db: CliRunner) -> None:
    """Never "没有逾期事项" beside overdue checklist periods (issue 10, finding 4)."""
    cli_db("checklist new --title 维稳清单 --year 2024", BRANCHTUI_TODAY="2024-01-01")
    cli_db("checklist entry-add 1 维稳零报告 --frequency monthly --year 2024")
    cli_db("checklist entry-add 1 矛盾纠纷排查 --frequency quarterly --year 2024")
    for month in range(1, 6):
        cli_db(f"checklist check 1 --period 2024-{month:02d} --year 2024", **JULY)
    result = cli_db("status --check --year 2024", **JULY)
    assert result.code == 3
    assert "没有逾期事项" not in result.out
    assert "  维稳清单  已落实 5/10 (50.0%)  逾期 3 期\n" in result.out
    assert "    ✗ 2024-Q1 逾期 92 天  2. 矛盾纠纷排查\n" in result.out
    assert "    ✗ 2024-06 逾期 1 天  1. 维稳零报告\n" in result.out
    assert "    本期待落实 2 项\n" in result.out
    assert result.out.endswith("逾期：清单 3 期。\n")
    checklist = json.loads(cli_db("status --json --year 2024", **JULY).out)["checklists"][0]
    assert [(p["entry_id"], p["period"]) for p in checklist["overdue"]] == [
        (2, "2024-Q1"),
        (1, "2024-06"),
        (2, "2024-Q2"),
    ]
    assert [(p["entry_id"], p["period"]) for p in checklist["due_now"]] == [
        (1, "2024-07"),
        (2, "2024-Q3"),
    ]


def test_member_reminders(cli_db: CliRunner) -> None:
    """预备期 over without 转正, ending soon, an activist's assessment due (DOMAIN §2)."""
    cli_db("member add 刘洋 --stage probationary --admitted 2023-06-20")  # ended 2024-06-20
    cli_db("member add 陈静 --stage probationary --admitted 2023-08-20")  # ends 2024-08-20
    cli_db("member add 黄丽 --stage probationary --admitted 2024-05-20")  # ends next year
    cli_db("member add 周强 --stage activist --activist 2023-10-10")  # assessed 2024-04-10
    cli_db("member event 4 --kind assessment --date 2024-04-10")
    cli_db("member add 吴婷 --stage activist --activist 2023-12-01")  # due 2024-06-01
    data = json.loads(cli_db("status --json --year 2024", **JULY).out)
    assert data["members"]["reminders"] == [
        {
            "member_id": 5,
            "name": "吴婷",
            "kind": "assessment",
            "date": "2024-06-01",
            "overdue": True,
        },
        {
            "member_id": 1,
            "name": "刘洋",
            "kind": "probation_end",
            "date": "2024-06-20",
            "overdue": True,
        },
        {
            "member_id": 2,
            "name": "陈静",
            "kind": "probation_end",
            "date": "2024-08-20",
            "overdue": False,
        },
    ]
    result = cli_db("status --check --year 2024", **JULY)
    assert result.code == 3
    assert "  ✗ 刘洋  预备期已于 2024-06-20 期满，尚未转正（已过 11 天）\n" in result.out
    assert "  · 陈静  预备期将于 2024-08-20 期满（还有 50 天），应做好转正准备\n" in result.out
    assert "  ✗ 吴婷  入党积极分子考察已于 2024-06-01 到期，尚未记录（已过 30 天）\n" in result.out
    assert "周强" not in result.out
    assert result.out.endswith("逾期：预备期满未转正 1 人，积极分子考察 1 人。\n")
    english = cli_db("status --year 2024 --lang en", **JULY).out
    assert "probation ended 2024-06-20, not yet confirmed as a full member (11 days ago)" in (
        english
    )
    assert "Overdue: 1 member past probation without confirmation, 1 activist assessment." in (
        english
    )
    # A reminder that is not yet late does not make --check fail.
    cli_db("member promote 1 --date 2024-06-25")
    cli_db("member event 5 --kind assessment --date 2024-06-05")
    assert cli_db("status --check --year 2024", **JULY).code == 0


def test_text_in_english_has_no_chinese_but_data(cli_db: CliRunner) -> None:
    cli_db("item add 一 --due 6.30 --year 2024")
    cli_db("item add 二 --due 7.2 --year 2024")
    cli_db("task add 2 三 --due 2024-06-01")
    out = cli_db("status --lang en --year 2024", **JULY).out
    assert "Done 0/2" in out and "1 item overdue:" in out and "1 day late" in out
    assert "in 1 day" in out and "Overdue: 1 item, 1 step." in out
    assert not CJK.search(out.replace("XX党支部", "").translate({ord(c): None for c in "一二三"}))


def test_missing_database_is_one_clear_line(cli: CliRunner, tmp_path: Path) -> None:
    result = cli(f"status --db {tmp_path / 'none.db'} --lang en")
    assert result.code == 1
    assert result.err.strip().count("\n") == 0 and "branchtui init" in result.err


def test_world_readable_database_is_warned_of(cli_db: CliRunner, initialised_db: Path) -> None:
    """As `item list` does (issue 9, finding 13)."""
    assert cli_db("status").err == ""
    initialised_db.chmod(0o644)
    for command in ("status", "status --json", "item list"):
        result = cli_db(command)
        assert result.code == 0
        assert result.err.startswith("警告：数据库") and "可被其他用户读取" in result.err


def test_status_loads_no_heavy_module(cli_db: CliRunner, db_path: Path) -> None:
    """The quick path: a real process, then a look at what it imported."""
    assert heavy_modules_loaded(["status", "--db", str(db_path)]) == ([], 0)
    assert heavy_modules_loaded(["status", "--json", "--db", str(db_path)]) == ([], 0)


def test_an_empty_year_points_to_the_years_that_have_plans(cli_db: CliRunner) -> None:
    cli_db("item add 一 --year 2023")
    cli_db("item add 二 --year 2024")
    out = cli_db("status --year 2025 --lang en").out
    assert "No plan items this year; plans exist for 2023, 2024" in out
    assert "plans exist" not in cli_db("status --year 2024 --lang en").out


def test_long_lists_are_cut_and_counted(cli_db: CliRunner) -> None:
    for n in range(1, 13):
        cli_db(f"item add 事项{n} --due 2024-06-{n:02d} --year 2024")
    out = cli_db("status --year 2024", **JULY).out
    assert "逾期事项 12 项：" in out and "……另有 2 项" in out
    assert "事项12" not in out  # the ten longest overdue are shown
    data = json.loads(cli_db("status --json --year 2024", **JULY).out)
    assert len(data["plan"]["overdue"]) == 12


# --- one read transaction ------------------------------------------------------------------


def test_the_titles_come_from_the_same_snapshot_as_the_counts(
    cli_db: CliRunner, initialised_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process deletes the items between the summary's queries: the titles still
    come from the snapshot the counts were taken from (issue 9, finding 7)."""
    from branchtui.storage import summary as storage_summary

    cli_db("item add 逾期事项 --due 2024-06-01 --year 2024")
    cli_db("task add 1 逾期步骤 --due 2024-06-02")
    original = storage_summary.Reader.item_labels

    def delete_then_label(self: storage_summary.Reader, ids: list[int]) -> object:
        writer = sqlite3.connect(initialised_db)
        with writer:
            writer.execute("DELETE FROM step")
            writer.execute("DELETE FROM plan_item")
        writer.close()
        return original(self, ids)

    monkeypatch.setattr(storage_summary.Reader, "item_labels", delete_then_label)
    connection, _snapshot = open_for_reading(initialised_db)
    summary = read_summary(connection, 2024, date(2024, 7, 1), Rules())
    connection.close()
    assert [item.title for item in summary.overdue] == ["逾期事项"]
    assert [step.title for step in summary.overdue_steps] == ["逾期步骤"]
    monkeypatch.undo()
    assert json.loads(cli_db("status --json --year 2024", **JULY).out)["plan"]["total"] == 0


def _plan_file(path: Path, count: int) -> Path:
    """A TOML file of `count` overdue items, each with an overdue step."""
    lines = ['format = "branchtui"', "version = 1", ""]
    for n in range(1, count + 1):
        lines += [
            "[[plan_items]]",
            f'uid = "{uuid.uuid4()}"',
            "year = 2024",
            f"number = {n}",
            f'title = "导入事项{n}"',
            f"due = 2024-06-{1 + n % 28:02d}",
            'status = "doing"',
            "",
            "[[plan_items.tasks]]",
            f'uid = "{uuid.uuid4()}"',
            "position = 1",
            f'title = "步骤{n}"',
            "done = false",
            "due = 2024-05-01",
            "",
        ]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def test_status_beside_imports_and_undos_in_another_process(
    cli_db: CliRunner, initialised_db: Path, tmp_path: Path
) -> None:
    """`status` in a loop while another process imports and undoes 150 overdue items:
    every run succeeds and its lists agree with its counts."""
    plan = _plan_file(tmp_path / "plan.toml", 150)
    writer = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys\n"
            "from branchtui.main import main\n"
            "for _ in range(5):\n"
            f"    assert main(['import', {str(plan)!r}, '--db', {str(initialised_db)!r}]) == 0\n"
            f"    assert main(['undo', '--db', {str(initialised_db)!r}]) == 0\n",
        ],
        env={k: v for k, v in os.environ.items() if not k.startswith("BRANCHTUI_")}
        | {"BRANCHTUI_USER": "writer", **JULY},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    runs, seen = 0, set()
    try:
        while writer.poll() is None or runs < 5:
            for args in ("status --json --year 2024", "status --year 2024"):
                result = cli_db(args, **JULY)
                assert result.code == 0, result.err
                assert "Traceback" not in result.err and "Error" not in result.err
                runs += 1
            data = json.loads(cli_db("status --json --year 2024", **JULY).out)
            plan_data = data["plan"]
            assert len(plan_data["overdue"]) == plan_data["total"]
            assert len(plan_data["overdue_steps"]) == plan_data["total"]
            seen.add(plan_data["total"])
    finally:
        _out, err = writer.communicate(timeout=120)
    assert writer.returncode == 0, err
    assert runs >= 5
    assert 0 in seen
