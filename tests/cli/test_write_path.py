"""The one write path as the command line shows it: items and steps agree, a write that
changes nothing says so and leaves no history, the new editing commands, and times in the
branch's timezone whatever the server's clock zone."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import CliRunner
from tests.storage.helpers import query


def item_of(cli_db: CliRunner, item_id: int) -> dict[str, object]:
    result = cli_db(f"item show {item_id} --json")
    assert result.code == 0, result.err
    data: dict[str, object] = json.loads(result.out)
    return data


def test_items_follow_their_steps(cli_db: CliRunner) -> None:
    item = cli_db("item add 学习教育 --year 2024").out.strip()
    first = cli_db(f"task add {item} 制定计划").out.strip()
    second = cli_db(f"task add {item} 组织学习").out.strip()

    ticked = cli_db(f"task done {first}")
    assert ticked.code == 0
    assert "进行中" in ticked.err  # the first ticked step starts a todo item
    assert item_of(cli_db, int(item))["status"] == "doing"

    last = cli_db(f"task done {second}")
    assert f"item done {item}" in last.err  # all steps ticked: suggests marking it done
    assert item_of(cli_db, int(item))["status"] == "doing"

    assert cli_db(f"item done {item}").code == 0
    shown = item_of(cli_db, int(item))
    assert (shown["status"], shown["progress"]) == ("done", 100)
    assert shown["completed_by"]

    reopened = cli_db(f"task done {second} --untick")
    assert "改回进行中" in reopened.err
    shown = item_of(cli_db, int(item))
    assert (shown["status"], shown["progress"], shown["completed_at"]) == ("doing", 50, None)

    cli_db(f"task done {second}")
    cli_db(f"item done {item}")
    added = cli_db(f"task add {item} 补充一步")
    assert added.code == 0 and added.out.strip().isdigit()
    assert "改回进行中" in added.err  # new work reopens a done item
    assert item_of(cli_db, int(item))["status"] == "doing"


def test_done_with_open_steps_is_refused_and_nothing_written(
    cli_db: CliRunner, initialised_db: Path
) -> None:
    item = cli_db("item add 学习教育").out.strip()
    cli_db(f"task add {item} 一步")
    before = query(initialised_db, "SELECT * FROM plan_item")
    result = cli_db(f"item set {item} --status done")
    assert result.code == 1
    assert "步骤" in result.err
    assert query(initialised_db, "SELECT * FROM plan_item") == before


def test_an_unchanged_set_writes_no_history_and_says_so(
    cli_db: CliRunner, initialised_db: Path
) -> None:
    item = cli_db("item add 学习教育").out.strip()
    changes = query(initialised_db, "SELECT count(*) FROM change")
    history = query(initialised_db, "SELECT count(*) FROM history")
    for _ in range(2):
        result = cli_db(f"item set {item} --title 学习教育")
        assert result.code == 0
        assert "没有变化" in result.err
    assert query(initialised_db, "SELECT count(*) FROM change") == changes
    assert query(initialised_db, "SELECT count(*) FROM history") == history


def test_step_set_and_delete(cli_db: CliRunner) -> None:
    item = cli_db("item add 学习教育 --year 2024").out.strip()
    step = cli_db(f"task add {item} 初稿 --year 2024").out.strip()
    cli_db(f"task add {item} 第二步")
    assert cli_db(f"task set {step} --title 定稿 --due 2024-06-30").code == 0
    steps = item_of(cli_db, int(item))["tasks"]
    assert isinstance(steps, list)
    assert (steps[0]["title"], steps[0]["due"]) == ("定稿", "2024-06-30")
    assert cli_db(f"task delete {step}").code == 2  # needs --yes
    assert cli_db(f"task delete {step} --yes").code == 0
    steps = item_of(cli_db, int(item))["tasks"]
    assert isinstance(steps, list)
    assert [(s["title"], s["position"]) for s in steps] == [("第二步", 1)]
    assert "步骤" in cli_db(f"task set {step} --title x").err  # gone: named


def test_control_characters_are_refused_on_input(cli_db: CliRunner, initialised_db: Path) -> None:
    before = query(initialised_db, "SELECT count(*) FROM plan_item")
    result = cli_db(["item", "add", "标题\x1b[2J清屏"])
    assert result.code == 1
    assert "U+001B" in result.err and "标题" in result.err
    assert query(initialised_db, "SELECT count(*) FROM plan_item") == before
    item = cli_db("item add 正常标题").out.strip()
    ok = cli_db(["item", "set", item, "--detail", "第一行\n第二行\t制表"])
    assert ok.code == 0  # multi-line fields keep newline and tab


def test_checklist_rename_entries_edit_move_delete(cli_db: CliRunner) -> None:
    checklist = cli_db("checklist new --title 自定义清单 --year 2024 --starts-on 2024-03-01")
    assert checklist.code == 0, checklist.err
    cid = checklist.out.strip()
    a = cli_db(f"checklist entry-add {cid} 甲 --frequency monthly").out.strip()
    b = cli_db(f"checklist entry-add {cid} 乙 --frequency yearly").out.strip()
    assert cli_db(f"checklist rename {cid} 新名称").code == 0
    assert "没有变化" in cli_db(f"checklist rename {cid} 新名称").err
    assert cli_db(f"checklist entry-set {b} --frequency once --due-month 3").code == 0
    assert cli_db(f"checklist entry-move {b} --to 1").code == 0
    listed = json.loads(cli_db("checklist list --json --year 2024").out)
    assert [(e["title"], e["frequency"], e["checklist"]) for e in listed] == [
        ("乙", "once", "新名称"),
        ("甲", "monthly", "新名称"),
    ]
    assert cli_db(f"checklist entry-delete {a} --yes").code == 0
    assert cli_db(f"checklist delete {cid} --yes").code == 0
    assert json.loads(cli_db("checklist list --json --year 2024").out) == []
    outside = cli_db("checklist new --title 清单 --year 2024 --starts-on 2023-12-01")
    assert outside.code == 1 and "2023-12-01" in outside.err


def test_history_times_follow_the_branch_timezone_not_the_server_clock(
    cli_db: CliRunner, initialised_db: Path
) -> None:
    cli_db("item add 学习教育")
    shown = []
    for zone in ("UTC", "America/New_York"):
        env = {k: v for k, v in os.environ.items() if not k.startswith("BRANCHTUI_")}
        env["TZ"] = zone
        out = subprocess.run(
            [sys.executable, "-m", "branchtui", "history", "--json", "--db", str(initialised_db)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        text = subprocess.run(
            [sys.executable, "-m", "branchtui", "history", "--db", str(initialised_db)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        shown.append((json.loads(out)[0]["at"], text))
    assert shown[0] == shown[1]
    stored = query(initialised_db, "SELECT at FROM change ORDER BY id DESC LIMIT 1")[0][0]
    from datetime import datetime
    from zoneinfo import ZoneInfo

    local = datetime.fromisoformat(str(stored)).astimezone(ZoneInfo("Asia/Shanghai"))
    assert local.strftime("%Y-%m-%d %H:%M") in shown[0][1]


def test_version(cli: CliRunner) -> None:
    from branchtui import __version__

    result = cli("--version")
    assert (result.code, result.out.strip()) == (0, f"branchtui {__version__}")
