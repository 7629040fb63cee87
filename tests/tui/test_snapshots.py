"""What each screen looks like at 80×24, compared with baselines reviewed by eye
(tests/tui/__snapshots__/). The day, the user and every stored timestamp are fixed.

A baseline changes only by hand: `uv run pytest tests/tui/test_snapshots.py
--snapshot-update`, then look at the new SVGs before committing them; CI never updates.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import Input, TextArea

from tests.tui.conftest import AppFactory, settle


async def keys(pilot: Any, *pressed: str) -> None:
    await settle(pilot)
    for key in pressed:
        await pilot.press(key)
        await settle(pilot)
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    for area in pilot.app.screen.query(TextArea):
        area.cursor_blink = False
    await settle(pilot)


class TestDashboard:
    def test_chinese(self, snap_compare: Any, make_app: AppFactory) -> None:
        assert snap_compare(make_app(), run_before=keys, terminal_size=(80, 24))

    def test_sixteen_colours(
        self, snap_compare: Any, make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.delenv("COLORTERM", raising=False)
        monkeypatch.setenv("TERM", "xterm")
        app = make_app()
        assert app.theme == "ansi-dark"
        assert snap_compare(app, run_before=keys, terminal_size=(80, 24))


class TestPlan:
    def test_chinese(self, snap_compare: Any, make_app: AppFactory) -> None:
        async def run_before(pilot: Any) -> None:
            await keys(pilot, "2", "j")

        assert snap_compare(make_app(), run_before=run_before, terminal_size=(80, 24))

    def test_english(self, snap_compare: Any, make_app: AppFactory) -> None:
        async def run_before(pilot: Any) -> None:
            await keys(pilot, "2", "j")

        assert snap_compare(make_app(lang="en"), run_before=run_before, terminal_size=(80, 24))


class TestItem:
    def test_detail(self, snap_compare: Any, make_app: AppFactory) -> None:
        async def run_before(pilot: Any) -> None:
            await keys(pilot, "2", "j", "enter")

        assert snap_compare(make_app(), run_before=run_before, terminal_size=(80, 24))

    def test_form(self, snap_compare: Any, make_app: AppFactory) -> None:
        async def run_before(pilot: Any) -> None:
            await keys(pilot, "2", "j", "e")

        assert snap_compare(make_app(), run_before=run_before, terminal_size=(80, 24))


class TestChecklists:
    def test_chinese(self, snap_compare: Any, make_app: AppFactory) -> None:
        async def run_before(pilot: Any) -> None:
            await keys(pilot, "3", "j", "j", "j", "j", "j", "j", "j")  # entry 4's Q3

        assert snap_compare(make_app(), run_before=run_before, terminal_size=(80, 24))

    def test_wide(self, snap_compare: Any, make_app: AppFactory) -> None:
        async def run_before(pilot: Any) -> None:
            await keys(pilot, "3")

        assert snap_compare(make_app(), run_before=run_before, terminal_size=(200, 60))

    def test_english(self, snap_compare: Any, make_app: AppFactory) -> None:
        async def run_before(pilot: Any) -> None:
            await keys(pilot, "3", *["j"] * 11, "left")  # entry 7's June, ticked

        assert snap_compare(make_app(lang="en"), run_before=run_before, terminal_size=(80, 24))


class TestMeetings:
    def test_chinese(self, snap_compare: Any, make_app: AppFactory) -> None:
        async def run_before(pilot: Any) -> None:
            await keys(pilot, "5", "j")

        assert snap_compare(make_app(), run_before=run_before, terminal_size=(80, 24))

    def test_english(self, snap_compare: Any, make_app: AppFactory) -> None:
        async def run_before(pilot: Any) -> None:
            await keys(pilot, "5", "j")

        assert snap_compare(make_app(lang="en"), run_before=run_before, terminal_size=(80, 24))
