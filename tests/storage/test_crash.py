"""A process killed inside a unit of work leaves the database intact, with all of its
change or none of it."""

from __future__ import annotations

import multiprocessing
import os
import signal
import traceback
from pathlib import Path
from typing import Any

import pytest

from branchtui.storage.database import Database, open_database
from branchtui.storage.models import PlanItem
from branchtui.storage.uow import UnitOfWork, snapshot
from tests.storage.helpers import add_items, increment, query

ACTION = "crash.test"


def _child(path: str, item_id: int, stage: str, conn: Any) -> None:
    try:
        db = open_database(path, user="crasher")
        uow = UnitOfWork(db, ACTION).__enter__()
        item = uow.get(PlanItem, item_id)
        before = snapshot(item)
        after = {**before, "title": "改过的标题", "version": before["version"] + 1}
        uow._history(item, "update", before, after)
        uow._write_history()
        uow.session.flush()  # the history row is written, the record not yet
        if stage in ("record", "committed"):
            item.title = "改过的标题"
            uow.session.flush()
        if stage == "committed":
            uow.__exit__(None, None, None)
        conn.send("inside")
    except BaseException:
        conn.send(traceback.format_exc())
    conn.recv()  # wait to be killed; the parent never answers
    os._exit(3)


@pytest.mark.parametrize("stage", ["history", "record", "committed"])
def test_sigkill_inside_a_write(db: Database, db_path: Path, stage: str) -> None:
    item_id = add_items(db, 1)[0]
    db.close()
    before = query(db_path, "SELECT title, number, version, updated_at FROM plan_item")
    history_before = query(db_path, "SELECT count(*) FROM history")[0][0]

    context = multiprocessing.get_context("fork")
    parent_end, child_end = context.Pipe()
    child = context.Process(target=_child, args=(str(db_path), item_id, stage, child_end))
    child.start()
    try:
        assert parent_end.poll(60), "the child never reached the write"
        assert parent_end.recv() == "inside"
        if stage != "committed":
            # The write is open: another reader sees none of it yet.
            assert query(db_path, "SELECT count(*) FROM change WHERE action = ?", ACTION) == [(0,)]
    finally:
        os.kill(child.pid, signal.SIGKILL)  # type: ignore[arg-type]
        child.join(timeout=30)
    assert child.exitcode == -signal.SIGKILL

    assert query(db_path, "PRAGMA integrity_check") == [("ok",)]
    changes = query(db_path, "SELECT id FROM change WHERE action = ?", ACTION)
    history = query(db_path, "SELECT count(*) FROM history")[0][0]
    titles = query(db_path, "SELECT title FROM plan_item")
    orphans = query(
        db_path, "SELECT count(*) FROM history WHERE change_id NOT IN (SELECT id FROM change)"
    )
    assert orphans == [(0,)]
    if stage == "committed":
        # All of it: the change, its history row and the new title.
        assert len(changes) == 1
        assert history == history_before + 1
        assert titles == [("改过的标题",)]
    else:
        # None of it.
        assert changes == []
        assert history == history_before
        assert query(db_path, "SELECT title, number, version, updated_at FROM plan_item") == before

    # The lock died with the process: the next writer goes ahead at once.
    again = open_database(str(db_path), user="after")
    try:
        increment(again, item_id)
    finally:
        again.close()
    assert query(db_path, "SELECT number FROM plan_item") == [(2,)]
