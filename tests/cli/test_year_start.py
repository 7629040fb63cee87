"""`branchtui year start YEAR`: last year's checklists again and its unfinished items carried
over, as one change; the dry run writes nothing; twice adds nothing; undo takes it back."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CliRunner
from tests.storage.helpers import dump, query

JANUARY = {"BRANCHTUI_TODAY": "2025-01-06"}
TABLES = ("plan_item", "step", "checklist", "checklist_entry", "checklist_check")


def records(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """The rows of the tables `year start` writes."""
    return {table: query(path, f"SELECT * FROM {table} ORDER BY id") for table in TABLES}


def run(cli: CliRunner, args: str) -> Any:
    result = cli(args, **JANUARY)
    assert result.code == 0, result.err
    return result


@pytest.fixture
def last_year(cli_db: CliRunner) -> CliRunner:
    """2024: four items (done, cancelled, one with steps half done, one by hand at 40%), a
    ticked ideology checklist and a custom one with an owner; 2025 already has one item."""
    run(cli_db, "member add 李红梅 --stage full --admitted 2014-06-28")
    run(cli_db, "item add 已完成的事项 --year 2024")
    run(cli_db, "item done 1 --year 2024")
    run(cli_db, "item add 取消的事项 --year 2024")
    run(cli_db, "item set 2 --status cancelled --year 2024")
    run(
        cli_db,
        "item add 强党员干部的学习教育 --year 2024 --owner 李红梅 --due 12.31 --category study",
    )
    run(cli_db, "task add 3 制定年度学习计划 --due 2024-02-01")
    run(cli_db, "task add 3 撰写学习心得体会 --due 2024-11-30")
    run(cli_db, "task done 1")
    run(cli_db, "item add 定期进行集中交流研讨 --year 2024 --owner-text 团支部 --detail 交流体会")
    run(cli_db, "item set 4 --progress 40 --status blocked --year 2024")
    run(cli_db, "checklist new --template ideology --year 2024 --starts-on 2024-03-01")
    run(cli_db, "checklist check 1 --period 2024 --year 2024")
    run(cli_db, "checklist new --title 2024年维稳清单 --year 2024")
    run(cli_db, "checklist entry-add 2 维稳零报告 --frequency monthly --owner 书记 --year 2024")
    run(cli_db, "item add 2025年自己的事项 --year 2025")
    return cli_db


def test_year_start_carries_over_and_copies(last_year: CliRunner, initialised_db: Path) -> None:
    result = run(last_year, "year start 2025")
    assert result.out.splitlines() == [
        "已开启2025年（自2024年）：",
        "责任清单 2 份：",
        "  2025年意识形态工作责任制清单（意识形态工作责任制，13 项，自 2025-01-01 起，编号 3）",
        "  2025年维稳清单（自定义，1 项，自 2025-01-01 起，编号 4）",
        "结转事项 2 项：",
        "  2024年第3项 → 2025年第2项 强党员干部的学习教育，未完成步骤 1 个（编号 6）",
        "  2024年第4项 → 2025年第3项 定期进行集中交流研讨（编号 7）",
    ]
    items = json.loads(run(last_year, "item list --json --year 2025").out)
    assert [(i["number"], i["title"], i["status"], i["progress"]) for i in items] == [
        (1, "2025年自己的事项", "todo", 0),
        (2, "强党员干部的学习教育", "doing", 0),
        (3, "定期进行集中交流研讨", "blocked", 40),
    ]
    carried = json.loads(run(last_year, "item show 6 --json").out)
    old = json.loads(run(last_year, "item show 3 --json").out)
    assert carried["carried_from"] == old["uid"] and carried["owner"] == "李红梅"
    assert carried["category"] == "study" and carried["due"] is None
    assert [(t["title"], t["done"], t["due"]) for t in carried["tasks"]] == [
        ("撰写学习心得体会", False, None)
    ]
    assert old["carried_to"] == [
        {"id": 6, "year": 2025, "number": 2, "title": "强党员干部的学习教育"}
    ]
    assert old["tasks_done"] == 1 and old["status"] == "doing"  # the old item as it was
    shown = run(last_year, "item show 3").out
    assert "已结转至: 2025年第2项“强党员干部的学习教育”（编号 6）" in shown
    assert (
        "结转自: 2024年第3项“强党员干部的学习教育”（编号 3）" in run(last_year, "item show 6").out
    )
    detail = json.loads(run(last_year, "item show 7 --json").out)
    assert (detail["owner"], detail["detail"]) == ("团支部", "交流体会")
    lists = json.loads(run(last_year, "checklist list --json --year 2025").out)
    assert len(lists) == 14  # 13 entries of the template and the custom one's
    assert not any(p["done"] for entry in lists for p in entry["periods"])
    assert lists[-1]["owner"] == "书记" and lists[-1]["frequency"] == "monthly"
    assert query(
        initialised_db, "SELECT title, starts_on FROM checklist WHERE year = 2025 ORDER BY id"
    ) == [("2025年意识形态工作责任制清单", "2025-01-01"), ("2025年维稳清单", "2025-01-01")]
    assert query(initialised_db, "SELECT action FROM change ORDER BY id DESC LIMIT 1") == [
        ("year.start",)
    ]


def test_twice_adds_nothing(last_year: CliRunner, initialised_db: Path) -> None:
    run(last_year, "year start 2025")
    before = dump(initialised_db)
    again = run(last_year, "year start 2025")
    assert again.out == ("2025年已开启：2024年的责任清单和未完成事项都已在2025年，没有要新增的。\n")
    assert "已结转的事项 2 项" in again.err
    assert dump(initialised_db) == before


def test_dry_run_writes_nothing_and_undo_takes_it_back(
    last_year: CliRunner, initialised_db: Path
) -> None:
    before, before_records = dump(initialised_db), records(initialised_db)
    preview = run(last_year, "year start 2025 --dry-run")
    assert preview.out.startswith("预览：开启2025年（自2024年）将新增以下内容，未写入：\n")
    assert (
        "2024年第3项 → 2025年第2项 强党员干部的学习教育，未完成步骤 1 个（编号 -）" in preview.out
    )
    assert dump(initialised_db) == before
    run(last_year, "year start 2025")
    assert dump(initialised_db) != before
    undone = run(last_year, "undo")
    assert "已撤销" in undone.out
    assert records(initialised_db) == before_records


def test_english_and_bad_year(last_year: CliRunner, initialised_db: Path) -> None:
    english = last_year("year start 2025 --dry-run --lang en", **JANUARY)
    assert english.code == 0
    assert english.out.splitlines()[0] == (
        "Preview: opening 2025 from 2024 would add (nothing written):"
    )
    assert "2024 no. 3 -> 2025 no. 2 强党员干部的学习教育, 1 open step (id -)" in english.out
    before = dump(initialised_db)
    for args in ("year start 25", "year start", "year start 2025x"):
        result = last_year(args, **JANUARY)
        assert result.code == 2 and result.err.count("\n") == 1, result.err
    assert dump(initialised_db) == before
