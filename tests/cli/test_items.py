"""`branchtui item …` and `task …` as a user runs them: output, exit codes, what is stored."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import CliRunner

TODAY = {"BRANCHTUI_TODAY": "2024-07-01"}
CJK = re.compile(r"[\u4e00-\u9fff]")


def dump(path: Path) -> list[str]:
    """Everything the database holds, to prove a refused command wrote nothing."""
    with sqlite3.connect(path) as connection:
        return list(connection.iterdump())


def add(cli_db: CliRunner, args: str) -> int:
    result = cli_db(f"item add {args} --year 2024", **TODAY)
    assert result.code == 0, result.err
    return int(result.out.strip())


def items_json(cli_db: CliRunner, extra: str = "") -> list[dict[str, object]]:
    result = cli_db(f"item list --json --year 2024 {extra}", **TODAY)
    assert result.code == 0, result.err
    data: list[dict[str, object]] = json.loads(result.out)
    return data


def test_add_prints_only_the_new_id_and_numbers_in_order(cli_db: CliRunner) -> None:
    first = add(cli_db, "强党员干部的学习教育 --due 6.30 --category study")
    second = add(cli_db, "组织生活多样化 --due 2024年8月20日 --owner-text 团支部")
    assert (first, second) == (1, 2)
    rows = items_json(cli_db)
    assert [r["number"] for r in rows] == [1, 2]
    assert rows[0]["due"] == "2024-06-30" and rows[0]["category"] == "study"
    assert rows[1]["owner"] == "团支部" and rows[1]["owner_id"] is None
    assert set(rows[0]) >= {
        "id",
        "uid",
        "year",
        "number",
        "title",
        "category",
        "owner",
        "owner_id",
        "due",
        "status",
        "progress",
        "tasks_done",
        "tasks_total",
        "updated_at",
    }
    assert rows[0]["updated_at"].endswith("+00:00")  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("2024-06-30", "2024-06-30"),
        ("2024/6/30", "2024-06-30"),
        ("2024年6月30日", "2024-06-30"),
        ("6月30日", "2024-06-30"),
        ("6.30", "2024-06-30"),
    ],
)
def test_every_date_form(cli_db: CliRunner, given: str, stored: str) -> None:
    add(cli_db, f"事项 --due {given}")
    assert items_json(cli_db)[0]["due"] == stored


@pytest.mark.parametrize(
    "args",
    [
        "item add 事项 --due 2024-02-30",
        "item add 事项 --due 13.1",
        "item add 事项 --owner 99",
        "item set 1 --progress 101",
        "item set 1 --progress -5",
        "item set 99 --status doing",
        "item set 1 --number 9",
        "item done 42",
        "task add 42 步骤",
        "task done 42",
        "item delete 1",
        "item set 1",
    ],
)
def test_bad_input_gives_one_line_and_writes_nothing(
    cli_db: CliRunner, db_path: Path, args: str
) -> None:
    add(cli_db, "已有事项")
    before = dump(db_path)
    for lang in ("zh", "en"):
        result = cli_db(f"{args} --year 2024 --lang {lang}", **TODAY)
        assert result.code in (1, 2), result
        assert len(result.err.strip().splitlines()) == 1, result.err
        assert "Traceback" not in result.err
        if lang == "en":
            assert not CJK.search(result.err.replace("事项", "")), result.err
    assert dump(db_path) == before


def test_unknown_status_code_is_a_usage_error(cli_db: CliRunner) -> None:
    add(cli_db, "事项")
    result = cli_db("item set 1 --status finished --year 2024")
    assert result.code == 2
    assert "finished" in result.err


def test_progress_by_hand_refused_when_steps_exist(cli_db: CliRunner) -> None:
    item = add(cli_db, "事项")
    for title in ("一", "二", "三"):
        assert cli_db(f"task add {item} {title}").code == 0
    result = cli_db(f"item set {item} --progress 50 --lang en")
    assert result.code == 1
    assert "3 steps" in result.err
    assert cli_db("task done 1").code == 0
    row = items_json(cli_db)[0]
    assert (row["progress"], row["tasks_done"], row["tasks_total"]) == (33, 1, 3)


def test_done_with_open_steps_needs_close_steps(cli_db: CliRunner) -> None:
    item = add(cli_db, "事项")
    cli_db(f"task add {item} 步骤一")
    refused = cli_db(f"item done {item}")
    assert refused.code == 1 and "--close-steps" in refused.err
    assert items_json(cli_db)[0]["status"] == "todo"
    assert cli_db(f"item done {item} --close-steps --evidence 已召开专题会").code == 0
    shown = json.loads(cli_db(f"item show {item} --json").out)
    assert shown["status"] == "done" and shown["progress"] == 100
    assert shown["evidence"] == "已召开专题会"
    assert shown["completed_by"] and shown["completed_at"].endswith("+00:00")
    assert all(task["done"] for task in shown["tasks"])
    # leaving done clears the completion
    assert cli_db(f"item set {item} --status doing").code == 0
    shown = json.loads(cli_db(f"item show {item} --json").out)
    assert shown["completed_at"] is None and shown["completed_by"] is None


def test_number_moves_the_item_and_shifts_the_others(cli_db: CliRunner) -> None:
    for title in ("一", "二", "三"):
        add(cli_db, title)
    assert cli_db("item set 3 --number 1 --year 2024").code == 0
    assert [r["title"] for r in items_json(cli_db)] == ["三", "一", "二"]
    assert cli_db("item delete 3 --yes --year 2024").code == 0
    assert [(r["number"], r["title"]) for r in items_json(cli_db)] == [(1, "一"), (2, "二")]


def test_task_move_and_untick(cli_db: CliRunner) -> None:
    item = add(cli_db, "事项")
    ids = [int(cli_db(f"task add {item} 步骤{n}").out) for n in range(3)]
    assert cli_db(f"task move {ids[2]} --to 1").code == 0
    assert cli_db(f"task done {ids[0]}").code == 0
    assert cli_db(f"task done {ids[0]} --untick").code == 0
    tasks = json.loads(cli_db(f"item show {item} --json").out)["tasks"]
    assert [t["title"] for t in tasks] == ["步骤2", "步骤0", "步骤1"]
    assert not any(t["done"] for t in tasks)


def test_list_text_shows_status_symbols_and_overdue(cli_db: CliRunner) -> None:
    add(cli_db, "逾期的事项 --due 6.30")
    add(cli_db, "按时的事项 --due 8.20")
    result = cli_db("item list --year 2024 --lang en", **TODAY)
    assert result.code == 0
    late = next(line for line in result.out.splitlines() if "逾期的事项" in line)
    assert "○ to do !" in late
    ontime = next(line for line in result.out.splitlines() if "按时的事项" in line)
    assert "!" not in ontime
    assert not CJK.search(re.sub("逾期的事项|按时的事项", "", result.out))


def test_status_filter(cli_db: CliRunner) -> None:
    add(cli_db, "一")
    add(cli_db, "二")
    cli_db("item set 2 --status blocked")
    assert [r["title"] for r in items_json(cli_db, "--status blocked")] == ["二"]


def test_list_shows_the_id_other_commands_take(cli_db: CliRunner) -> None:
    cli_db("item add 去年的事项 --year 2023")
    add(cli_db, "今年的事项")
    out = cli_db("item list --year 2024 --lang en", **TODAY).out
    header = next(line for line in out.splitlines() if "Item" in line)
    assert header.split()[:2] == ["ID", "No."]
    row = next(line for line in out.splitlines() if "今年的事项" in line)
    assert row.split()[:2] == ["2", "1"]  # id 2, the first item of 2024
