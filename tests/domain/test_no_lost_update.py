"""No update is ever lost: two processes write from the same view; one wins, the other is
told who changed the record and when, and nothing of the winner's is overwritten."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from datetime import date
from pathlib import Path

import pytest

from branchtui.config import load_settings
from branchtui.domain.item_changes import ItemDraft, add_item
from branchtui.domain.stages import Rules
from branchtui.domain.step_changes import add_step
from branchtui.domain.workspace import Workspace
from branchtui.storage.database import open_database
from tests.storage.helpers import query

# Each write a key can trigger, as code run in a child process on the Workspace; `v` is
# the version both children read before either wrote.
WRITES = {
    "advance": "ws.advance_item({id}, {v})",
    "bump": "ws.bump_item({id}, 10, {v})",
    "edit": "ws.edit_item({id}, ItemChanges(title='乙改的标题'), {v})",
    "tick": "ws.tick_step({id}, True, {v})",
    "step_edit": "ws.edit_step({id}, StepChanges(title='乙改的步骤'), {v})",
    "cell": "ws.tick({id}, '2024-07', CheckSeen(None), evidence='{who}的佐证')",
    "member_edit": (
        "update_member(ws.db, {id}, {{'post': '{who}定的职务'}}, {v},"
        " today=ws.today, rules=ws.rules)"
    ),
}

CHILD = """
import json, os, sys, time
from pathlib import Path
from branchtui.config import load_settings
from branchtui.domain.workspace import Workspace
from branchtui.domain.item_changes import ItemChanges
from branchtui.domain.step_changes import StepChanges
from branchtui.domain.checks import CheckSeen
from branchtui.domain.members import update_member
from branchtui.errors import ConflictError
ws = Workspace.open(load_settings(flags={{"database.url": sys.argv[1]}}))
ws.db  # open the ORM side before the start line, so both write at once
start = Path(sys.argv[2])
while not start.exists():
    time.sleep(0.005)
try:
    {write}
    print(json.dumps({{"won": True}}))
except ConflictError as error:
    print(json.dumps({{"won": False, "who": error.who, "at": str(error.at), "text": str(error)}}))
"""


def race(db_path: Path, tmp_path: Path, first: str, second: str) -> list[dict[str, object]]:
    """Run two writes in two processes (users alice and bob) released at the same moment."""
    start = tmp_path / "start"
    children = []
    for who, code in (("alice", first), ("bob", second)):
        script = textwrap.dedent(CHILD).format(write=code.replace("{who}", who))
        env = {**os.environ, "BRANCHTUI_USER": who, "BRANCHTUI_TODAY": "2024-07-15"}
        children.append(
            subprocess.Popen(
                [sys.executable, "-c", script, str(db_path), str(start)],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        )
    time.sleep(1.5)  # both are waiting at the start line (opening takes well under this)
    start.touch()
    results = []
    for who, child in zip(("alice", "bob"), children, strict=True):
        out, err = child.communicate(timeout=60)
        assert child.returncode == 0, err
        results.append({"who": who, **json.loads(out.strip().splitlines()[-1])})
    return results


def one_winner(results: list[dict[str, object]]) -> tuple[str, dict[str, object]]:
    """The winner's name, and the loser's result (which must name the winner)."""
    winners = [r for r in results if r["won"]]
    losers = [r for r in results if not r["won"]]
    assert len(winners) == 1 and len(losers) == 1, results
    loser = losers[0]
    assert loser["who"] == winners[0]["who"]
    assert str(winners[0]["who"]) in str(loser["text"])
    return str(winners[0]["who"]), loser


@pytest.fixture
def item(initialised_db: Path) -> tuple[int, int]:
    db = open_database(str(initialised_db), user="setup")
    item_id = add_item(db, 2024, ItemDraft("学习教育", status="todo"))
    step_id = add_step(db, item_id, "制定计划").view.id
    db.close()
    return item_id, step_id


@pytest.mark.parametrize(
    ("first", "second"), [("advance", "bump"), ("bump", "edit"), ("edit", "advance")]
)
def test_two_key_writes_from_one_view_one_wins(
    initialised_db: Path, tmp_path: Path, first: str, second: str
) -> None:
    db = open_database(str(initialised_db), user="setup")
    item_id = add_item(db, 2024, ItemDraft("没有步骤的事项"))
    db.close()
    writes = [WRITES[name].format(id=item_id, v=1, who="{who}") for name in (first, second)]
    winner, _loser = one_winner(race(initialised_db, tmp_path, *writes))
    rows = query(
        initialised_db, f"SELECT version, title, status, progress FROM plan_item WHERE id={item_id}"
    )
    version, title, status, progress = rows[0]
    assert version == 2  # exactly one write landed on version 1
    changed = [title != "没有步骤的事项", status != "todo", progress != 0]
    assert sum(changed) == 1, rows  # one write's effect, not both
    whos = query(
        initialised_db, "SELECT who FROM change WHERE action LIKE 'item.%' AND who != 'setup'"
    )
    assert whos == [(winner,)]


def test_a_step_ticked_and_edited_from_one_view(
    initialised_db: Path, tmp_path: Path, item: tuple[int, int]
) -> None:
    _item_id, step_id = item
    writes = [WRITES[name].format(id=step_id, v=1, who="{who}") for name in ("tick", "step_edit")]
    one_winner(race(initialised_db, tmp_path, *writes))
    done, title, version = query(
        initialised_db, f"SELECT done, title, version FROM step WHERE id={step_id}"
    )[0]
    assert version == 2
    assert (done == 1) != (title == "乙改的步骤")


def test_one_checklist_cell_ticked_by_two_users(initialised_db: Path, tmp_path: Path) -> None:
    from branchtui.domain import checklists

    db = open_database(str(initialised_db), user="setup")
    checklist_id = checklists.new_blank(db, 2024, "自定义", date(2024, 1, 1))
    entry_id = checklists.add_entry(db, checklist_id, "月度零报告", "monthly")
    db.close()
    write = WRITES["cell"].format(id=entry_id, who="{who}")
    winner, _ = one_winner(race(initialised_db, tmp_path, write, write))
    evidence = query(initialised_db, "SELECT evidence, done_by FROM checklist_check")
    assert evidence == [(f"{winner}的佐证", winner)]  # the loser did not overwrite it


def test_one_member_edited_by_two_users(initialised_db: Path, tmp_path: Path) -> None:
    from branchtui.domain.members import add_member

    db = open_database(str(initialised_db), user="setup")
    member_id, _warnings = add_member(
        db, "张伟", stage="full", today=date(2024, 7, 15), rules=Rules()
    )
    db.close()
    write = WRITES["member_edit"].format(id=member_id, v=1, who="{who}")
    winner, _ = one_winner(race(initialised_db, tmp_path, write, write))
    assert query(initialised_db, "SELECT post, version FROM member") == [(f"{winner}定的职务", 2)]


def test_a_conflict_names_who_and_when_in_the_branch_timezone(
    initialised_db: Path, item: tuple[int, int]
) -> None:
    from branchtui.domain.item_changes import ItemChanges
    from branchtui.errors import ConflictError

    settings = load_settings(flags={"database.url": str(initialised_db)})
    alice = Workspace.open(settings)
    alice.user = "alice"
    item_id, _ = item
    view = alice.item(item_id)
    alice.db.user = "bob"  # another user's write, through the same file
    alice.edit_item(item_id, ItemChanges(title="乙先改了"), view.version)
    alice.db.user = "alice"
    with pytest.raises(ConflictError) as caught:
        alice.edit_item(item_id, ItemChanges(due=None, title="甲后改"), view.version)
    assert caught.value.who == "bob"
    assert caught.value.at is not None
    assert "bob" in str(caught.value)
    assert alice.item(item_id).title == "乙先改了"
    alice.close()
