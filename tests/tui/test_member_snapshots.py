"""What the members screen and a member's detail look like, compared with baselines
reviewed by eye (tests/tui/__snapshots__/test_member_snapshots/), as test_snapshots.py
does for the other screens. Private fields are masked in every baseline: none shows a
whole phone number (a test reads them)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.tui.conftest import AppFactory
from tests.tui.test_snapshots import keys

BASELINES = Path(__file__).resolve().parent / "__snapshots__" / "test_member_snapshots"
DEMO_PHONE = "13800000001"  # 张建国's, in the demo


class TestMembers:
    def test_chinese(self, snap_compare: Any, make_app: AppFactory) -> None:
        async def run_before(pilot: Any) -> None:
            await keys(pilot, "4", "j")

        assert snap_compare(make_app(), run_before=run_before, terminal_size=(80, 24))

    def test_wide_with_those_who_left(self, snap_compare: Any, make_app: AppFactory) -> None:
        async def run_before(pilot: Any) -> None:
            await keys(pilot, "4", "a")

        assert snap_compare(make_app(), run_before=run_before, terminal_size=(200, 60))

    def test_english(self, snap_compare: Any, make_app: AppFactory) -> None:
        async def run_before(pilot: Any) -> None:
            await keys(pilot, "4", "j")

        assert snap_compare(make_app(lang="en"), run_before=run_before, terminal_size=(80, 24))


class TestMember:
    def test_detail(self, snap_compare: Any, make_app: AppFactory) -> None:
        async def run_before(pilot: Any) -> None:
            await keys(pilot, "4", "slash", *"liuyang", "enter", "enter")

        assert snap_compare(make_app(), run_before=run_before, terminal_size=(80, 24))

    def test_detail_of_a_member_with_a_phone(self, snap_compare: Any, make_app: AppFactory) -> None:
        async def run_before(pilot: Any) -> None:
            await keys(pilot, "4", "enter")

        assert snap_compare(make_app(), run_before=run_before, terminal_size=(80, 24))


def test_no_baseline_shows_a_private_number_whole() -> None:
    baselines = sorted(BASELINES.glob("*.raw"))
    assert len(baselines) == 5
    for baseline in baselines:
        text = baseline.read_text(encoding="utf-8")
        assert DEMO_PHONE not in text, baseline.name
    wide = (BASELINES / "TestMembers.test_wide_with_those_who_left.raw").read_text("utf-8")
    assert "*******0001" in wide  # shown, masked
