"""Undo on a shared database: it never removes or unlinks what another user wrote since
(refused, naming who), and history keeps no private numbers in clear."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import CliRunner
from tests.storage.helpers import query

ALICE = {"BRANCHTUI_USER": "alice"}
BOB = {"BRANCHTUI_USER": "bob"}


def dump(path: Path) -> list[object]:
    tables = ("plan_item", "step", "member", "member_event", "checklist", "checklist_check")
    return [query(path, f"SELECT * FROM {table} ORDER BY id") for table in tables]


@pytest.mark.parametrize(
    ("alices", "bobs"),
    [
        ("item add 甲的事项", "task add 1 乙的步骤"),
        ("member add 张伟 --stage full", "item add 乙的事项 --owner 张伟"),
        ("member add 张伟 --stage activist", "member event 1 --kind talk --date 2024-05-01"),
        ("checklist new --template ideology", "checklist check 1 --period 2024"),
    ],
)
def test_undo_refuses_when_another_user_hung_work_off_the_record(
    cli_db: CliRunner, initialised_db: Path, alices: str, bobs: str
) -> None:
    env = {"BRANCHTUI_TODAY": "2024-07-01"}
    assert cli_db(f"{alices} --year 2024", **ALICE, **env).code == 0
    bob = cli_db(f"{bobs} --year 2024", **BOB, **env)
    assert bob.code == 0, bob.err
    before = dump(initialised_db)
    refused = cli_db("undo", **ALICE, **env)
    assert refused.code == 1
    assert "bob" in refused.err and "不能撤销" in refused.err
    assert dump(initialised_db) == before  # bob's work is still there, untouched


def test_undo_of_ones_own_work_removes_each_row_with_its_history(
    cli_db: CliRunner, initialised_db: Path
) -> None:
    cli_db("item add 甲的事项", **ALICE)
    cli_db("task add 1 甲的步骤", **ALICE)
    assert cli_db("undo", **ALICE).code == 0  # the step
    assert cli_db("undo", **ALICE).code == 0  # the item
    assert query(initialised_db, "SELECT count(*) FROM plan_item") == [(0,)]
    deletes = query(
        initialised_db,
        "SELECT record FROM history JOIN change ON change.id = history.change_id "
        "WHERE change.action = 'undo' AND op = 'delete' ORDER BY history.id",
    )
    assert deletes == [("step",), ("plan_item",)]


def test_undo_of_an_import_refuses_after_another_user_added_a_step(
    cli_db: CliRunner, tmp_path: Path
) -> None:
    cli_db("item add 事项 --year 2024", **ALICE)
    exported = tmp_path / "plan.toml"
    cli_db(f"export --format toml -o {exported} --year 2024", **ALICE)
    cli_db("item delete 1 --yes", **ALICE)
    assert cli_db(f"import {exported}", **ALICE).code == 0
    item_id = json.loads(cli_db("item list --json --year 2024").out)[0]["id"]
    assert cli_db(f"task add {item_id} 乙补充的步骤", **BOB).code == 0
    refused = cli_db("undo", **ALICE)
    assert refused.code == 1 and "bob" in refused.err


def test_history_keeps_private_numbers_masked_and_undo_asks_for_them_again(
    cli_db: CliRunner, initialised_db: Path
) -> None:
    cli_db("member add 张伟 --stage full --phone 13912345678 --id-number 110101199001011234")
    cli_db("member set 1 --phone 13800001111 --post 书记")
    cli_db("member set 1 --phone ''")
    rows = query(initialised_db, "SELECT before, after FROM history")
    stored = " ".join(str(before) + str(after) for before, after in rows)
    for secret in ("13912345678", "13800001111", "110101199001011234"):
        assert secret not in stored
    # Not even a prefix (a timestamp's microseconds may hold "139": the fields themselves)
    private = [
        str(json.loads(snapshot).get(field))
        for row in rows
        for snapshot in row
        if snapshot
        for field in ("phone", "id_number")
    ]
    assert not any(value.startswith(("139", "138", "1101")) for value in private), private
    assert "*******5678" in stored and "**************1234" in stored
    shown = cli_db("history").out + cli_db("history --json").out
    assert "13912345678" not in shown and "5678" in shown

    assert cli_db("undo").code == 0  # the phone cleared: cannot be put back from history
    assert query(initialised_db, "SELECT phone FROM member") == [(None,)]
    undone = cli_db("undo")
    assert undone.code == 0
    assert "重新录入" in undone.err  # said plainly
    assert query(initialised_db, "SELECT post, phone FROM member") == [(None, None)]
