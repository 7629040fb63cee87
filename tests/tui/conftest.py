"""Fixtures for the app's tests: the demo branch on a fixed day with fixed timestamps, the
app over it at 80×24, and what the screen shows as text.

The day (BRANCHTUI_TODAY) and the user (BRANCHTUI_USER) are fixed, and every stored
timestamp is rewritten to one moment, so screens (and snapshots) are the same on every
run. Tests wait for the app's workers, not for time.
"""

from __future__ import annotations

import shutil
import sqlite3
import weakref
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from branchtui import i18n

TODAY = "2024-07-01"
USER = "王书记"
STAMP = "2024-06-28T02:00:00+00:00"  # 2024-06-28 10:00 in the branch's timezone


def _fix_timestamps(path: Path) -> None:
    """Every `*_at` and `change.at` column set to STAMP: screens show no real clock."""
    with sqlite3.connect(path) as connection:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name != 'alembic_version'"
            )
        ]
        for table in tables:
            columns = [row[1] for row in connection.execute(f'PRAGMA table_info("{table}")')]
            for column in columns:
                if column == "at" or column.endswith("_at"):
                    connection.execute(
                        f'UPDATE "{table}" SET "{column}" = ? WHERE "{column}" IS NOT NULL',
                        (STAMP,),
                    )


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo branch (2023 summary, 2024 plan, checklist, members) as of TODAY."""
    from branchtui.domain import branch
    from branchtui.domain.demo import load_demo
    from branchtui.domain.demo_data import BRANCH_NAME
    from branchtui.storage.database import open_database

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    db = open_database(str(path), user=USER, create=True)
    try:
        branch.ensure(db, BRANCH_NAME, rename=False)
        load_demo(db, date.fromisoformat(TODAY))
    finally:
        db.close()
    _fix_timestamps(path)
    return path


@pytest.fixture
def demo_db(tmp_path: Path, demo_template: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh copy of the demo branch; the day and the user fixed."""
    monkeypatch.setenv("BRANCHTUI_TODAY", TODAY)
    monkeypatch.setenv("BRANCHTUI_USER", USER)
    monkeypatch.setenv("COLORTERM", "truecolor")
    directory = tmp_path / "data"
    directory.mkdir(mode=0o700)
    path = directory / "demo.db"
    shutil.copyfile(demo_template, path)
    path.chmod(0o600)
    return path


AppFactory = Callable[..., Any]


@pytest.fixture
def make_app(demo_db: Path) -> Iterator[AppFactory]:
    """`make_app(lang="zh", read_only=False, db=demo_db, year=2024)`: the app, not running."""
    opened: list[Any] = []

    def make(
        *,
        lang: str = "zh",
        read_only: bool = False,
        db: Path | None = None,
        year: int = 2024,
        theme: str = "auto",
    ) -> Any:
        from branchtui.config import load_settings
        from branchtui.domain.workspace import Workspace
        from branchtui.tui.app import BranchApp

        i18n.set_language(lang)
        settings = load_settings(flags={"database.url": str(db or demo_db)})
        ws = Workspace.open(settings, read_only_flag=read_only)
        opened.append(ws)
        return BranchApp(ws, year=year, theme=theme)

    yield make
    for ws in opened:
        ws.close()


_settled: weakref.WeakSet[Any] = weakref.WeakSet()


async def settle(pilot: Any) -> None:
    """Let the app finish what the last key started: its workers, then a repaint.

    Workers of the group "ask" wait for the user's answer to a question on screen; they
    are left alone (waiting for them would wait for a key that is never pressed). The
    first time for an app, it also waits out PRELOAD_AFTER, when the work deferred past
    the first frame starts."""
    from branchtui.tui.app import PRELOAD_AFTER

    if pilot.app not in _settled:
        _settled.add(pilot.app)
        await pilot.pause(PRELOAD_AFTER + 0.05)
    for _ in range(2):
        await pilot.pause()
        working = [worker for worker in pilot.app.workers if worker.group != "ask"]
        if working:  # (an empty list would mean every worker)
            await pilot.app.workers.wait_for_complete(working)
    await pilot.pause()


async def press(pilot: Any, *keys: str) -> None:
    """Press keys one at a time, each settled before the next."""
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


async def type_text(pilot: Any, text: str) -> None:
    """Type `text` (each character a key press), then settle once."""
    await pilot.press(*text)
    await settle(pilot)


def screen_text(app: Any) -> str:
    """The terminal's text as the user sees it (modal screens over what is behind them)."""
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    return "\n".join("".join(segment.text for segment in strip) for strip in update.strips)


def notifications(app: Any) -> list[str]:
    """The messages of the notifications shown so far."""
    return [notification.message for notification in app._notifications]


def db_rows(path: Path, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    """What the database holds, read with plain sqlite3."""
    with sqlite3.connect(path) as connection:
        return connection.execute(sql, params).fetchall()
