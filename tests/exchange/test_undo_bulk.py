"""`undo` of an import-sized change: the bulk path restores the database exactly."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from branchtui.domain import branch, history
from branchtui.domain.item_changes import ItemDraft, add_item
from branchtui.errors import ConflictError
from branchtui.exchange.toml_import import apply_import
from branchtui.storage.database import Database, open_database
from branchtui.storage.models import RECORD_TABLES as MODELS
from tests.exchange.test_toml import plan

RECORD_TABLES = tuple(MODELS)


def big_file(members: int = 100, items_count: int = 450, steps: int = 3) -> str:
    """An export-shaped file of members (each with an event) and items with steps."""
    out = ['format = "branchtui"\nversion = 1\nyear = 2024\n\n[branch]\nname = "大支部"\n']
    owners = []
    for m in range(members):
        uid = str(uuid.UUID(int=m + 1))
        owners.append(uid)
        out.append(
            f'\n[[members]]\nuid = "{uid}"\nname = "成员{m}"\nstage = "full"\n'
            f'\n[[members.events]]\nuid = "{uuid.UUID(int=10_000 + m)}"\n'
            'date = 2024-01-10\nkind = "talk"\nnote = "谈心谈话"\n'
        )
    for i in range(items_count):
        out.append(
            f'\n[[plan_items]]\nuid = "{uuid.UUID(int=100_000 + i)}"\nyear = 2024\n'
            f'number = {i + 1}\ntitle = "事项{i}"\nstatus = "doing"\n'
            f'owner_uid = "{owners[i % members]}"\n'
        )
        for s in range(steps):
            out.append(
                f'\n[[plan_items.tasks]]\nuid = "{uuid.UUID(int=1_000_000 + i * 10 + s)}"\n'
                f'position = {s + 1}\ntitle = "步骤{s}"\ndone = false\n'
            )
    return "".join(out)


def dump(
    path: Path, tables: tuple[str, ...] = RECORD_TABLES
) -> dict[str, list[tuple[object, ...]]]:
    with sqlite3.connect(path) as connection:
        return {
            t: connection.execute(f'SELECT * FROM "{t}" ORDER BY id').fetchall() for t in tables
        }


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(str(tmp_path / "branch.db"), user="tester", create=True)
    branch.ensure(database, "小支部", rename=False)
    yield database
    database.close()


def test_undo_of_a_large_import_restores_the_database_exactly(db: Database) -> None:
    add_item(db, 2023, ItemDraft("已有事项"))  # a record the import leaves alone
    before = dump(db.path)
    text = big_file()
    result = apply_import(db, plan(db, text, source="big.toml"))
    assert result.total.created == 100 + 100 + 450 + 1350
    assert dump(db.path) != before

    entry = history.undo(db)

    assert entry.action == "import" and entry.records == 2001  # and the branch's rename
    assert dump(db.path) == before
    with sqlite3.connect(db.path) as connection:
        target, undo_change = connection.execute(
            "SELECT id, undone_by FROM change WHERE action = 'import'"
        ).fetchone()
        assert connection.execute(
            "SELECT undo_of FROM change WHERE id = ?", (undo_change,)
        ).fetchone() == (target,)
        ops = dict(
            connection.execute(
                "SELECT op, count(*) FROM history WHERE change_id = ? GROUP BY op", (undo_change,)
            ).fetchall()
        )
        assert ops == {"delete": 2000, "update": 1}
        # Children went before their parents.
        order = [
            r[0]
            for r in connection.execute(
                "SELECT record FROM history WHERE change_id = ? ORDER BY id", (undo_change,)
            )
        ]
        assert order.index("step") < order.index("plan_item") < order.index("member")
        assert order.index("member_event") < order.index("member")


def test_undo_of_a_large_import_refuses_when_another_user_changed_one(
    db: Database, tmp_path: Path
) -> None:
    apply_import(db, plan(db, big_file(20, 50, 2), source="big.toml"))
    other = open_database(str(db.path), user="someone")
    try:
        apply_import(
            other,
            plan(
                other,
                'format = "branchtui"\nversion = 1\n\n[[plan_items]]\n'
                f'uid = "{uuid.UUID(int=100_007)}"\nyear = 2024\ntitle = "改过了"\n',
                source="one.toml",
            ),
        )
    finally:
        other.close()
    before = dump(db.path)
    with pytest.raises(ConflictError) as refused:
        history.undo(db)
    assert refused.value.params["who"] == "someone"
    assert dump(db.path) == before
