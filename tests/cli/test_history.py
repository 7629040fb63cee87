"""History and undo from the command line, including another user's change in between."""

from __future__ import annotations

import json

from branchtui import i18n
from branchtui.i18n import label
from tests.conftest import CliRunner


def test_history_lists_newest_first_with_changes(cli_db: CliRunner) -> None:
    cli_db("item add 学习 --year 2024", BRANCHTUI_USER="alice")
    cli_db("item set 1 --title 学习教育", BRANCHTUI_USER="bob")
    entries = json.loads(cli_db("history --json").out)
    assert [e["who"] for e in entries[:2]] == ["bob", "alice"]
    assert entries[0]["action"] == "item.set" and entries[0]["record"] == "plan_item"
    assert entries[0]["record_id"] == 1
    assert entries[0]["changes"]["title"] == ["学习", "学习教育"]
    assert set(entries[0]) >= {"id", "at", "who", "action", "record", "record_id", "changes"}
    assert entries[0]["description"] == "修改工作事项“学习教育”：标题 学习 → 学习教育"


def test_undo_reverts_my_last_change(cli_db: CliRunner) -> None:
    cli_db("item add 学习 --year 2024", BRANCHTUI_USER="alice")
    cli_db("item set 1 --status doing", BRANCHTUI_USER="alice")
    result = cli_db("undo", BRANCHTUI_USER="alice")
    assert result.code == 0
    item = json.loads(cli_db("item show 1 --json").out)
    assert item["status"] == "todo"
    # the next undo takes the change before: the item goes away
    assert cli_db("undo", BRANCHTUI_USER="alice").code == 0
    assert cli_db("item show 1").code == 1


def test_undo_refused_naming_who_changed_it_since(cli_db: CliRunner) -> None:
    cli_db("item add 学习 --year 2024", BRANCHTUI_USER="alice")
    cli_db("item set 1 --progress 30", BRANCHTUI_USER="alice")
    cli_db("item set 1 --title 学习教育", BRANCHTUI_USER="bob")
    result = cli_db("undo --lang en", BRANCHTUI_USER="alice")
    assert result.code == 1
    assert "bob" in result.err and "Cannot undo" in result.err
    item = json.loads(cli_db("item show 1 --json").out)
    assert (item["progress"], item["title"]) == (30, "学习教育")


def test_undo_with_nothing_to_undo(cli_db: CliRunner) -> None:
    result = cli_db("undo", BRANCHTUI_USER="carol")
    assert result.code == 1 and "carol" in result.err


def test_undo_restores_a_deleted_item_with_its_steps(cli_db: CliRunner) -> None:
    cli_db("item add 学习 --year 2024")
    cli_db("task add 1 步骤一")
    cli_db("task add 1 步骤二")
    before = json.loads(cli_db("item show 1 --json").out)
    assert cli_db("item delete 1 --yes").code == 0
    assert cli_db("undo").code == 0
    after = json.loads(cli_db("item show 1 --json").out)
    assert [t["title"] for t in after["tasks"]] == [t["title"] for t in before["tasks"]]
    assert after["uid"] == before["uid"]


def test_setting_up_the_database_is_not_undone(cli: CliRunner, db_path: object) -> None:
    assert cli(f"init --db {db_path} --name 一支部").code == 0
    result = cli(f"undo --db {db_path}")
    assert result.code == 1  # nothing of the user's to undo: init is not a change to take back
    assert "一支部" in cli(f"status --db {db_path}").out
    assert cli(f"init --db {db_path} --name 二支部").code == 0
    assert cli(f"undo --db {db_path}").code == 0  # a rename is an ordinary change
    assert "一支部" in cli(f"status --db {db_path}").out


def test_history_shows_words_not_python_values(cli_db: CliRunner) -> None:
    cli_db("item add 学习 --year 2024")
    cli_db("task add 1 步骤")
    cli_db("task done 1")
    cli_db("member add 张伟 --stage full")
    cli_db("item set 1 --owner 张伟 --status review --category study")
    entries = json.loads(cli_db("history --json --lang en").out)
    words = [e["description"] for e in entries]
    i18n.set_language("en")
    assert words[0] == (
        f'Changed plan item "学习": category other → {label("category", "study")}; '
        f"owner (empty) → 张伟; status {label('status', 'doing')} → {label('status', 'review')}"
    )
    assert 'Changed step "步骤": done no → yes (and 1 more record)' in words  # and its item
    assert 'Added plan item "学习"' in words
    joined = " ".join(words)
    for raw in ("owner_id", "False", "None", "True"):
        assert raw not in joined


def test_an_items_history_holds_its_steps_even_deleted_and_no_other_items(
    cli_db: CliRunner,
) -> None:
    cli_db("item add 学习 --year 2024")
    cli_db("item add 调研 --year 2024")
    assert cli_db("task add 1 读原文").out.strip() == "1"
    cli_db("task add 1 写心得")
    cli_db("task add 2 走访班组")
    cli_db("task done 1")
    cli_db("task delete 2 --yes")
    shown = cli_db("item show 1 --lang en").out
    for words in ('Added step "读原文"', 'Added step "写心得"', "tick step", "delete step"):
        assert words in shown, words
    assert "走访班组" not in shown and "调研" not in shown
