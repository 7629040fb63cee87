"""The members screen on a shared database: another user's process changes the register and
the open screen shows it with the cursor kept; a save that meets someone else's change
says who and keeps what was typed; a read-only branch refuses every edit with the reason.
"""

from __future__ import annotations

from pathlib import Path

from branchtui.tui.screens.member import MemberScreen
from branchtui.tui.screens.members import MembersScreen
from tests.tui.conftest import AppFactory, notifications, press, screen_text, type_text
from tests.tui.test_members import dump, member, member_id, open_members, pick
from tests.tui.test_sharing import OTHER, other_user


async def test_another_process_change_shows_with_the_cursor_kept(
    make_app: AppFactory, demo_db: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        table = await open_members(pilot)
        await press(pilot, *["j"] * 11)
        assert table.row is not None and table.row.name == "周强" and table.cursor == 11
        zhou = member_id(demo_db, "周强")
        # 李委员 records 周强's assessment and adds an applicant, in another process
        other_user(demo_db, "member", "event", str(zhou), "--kind", "考察", "--date", "6.28")
        other_user(demo_db, "member", "add", "新申请人", "--applied", "2024-06-30")
        for _ in range(100):  # the feed is polled every 0.5 s; a reload follows
            await pilot.pause(0.1)
            if "新申请人" in screen_text(app):
                break
        text = screen_text(app)
        assert "新申请人" in text
        line = next(x for x in text.splitlines() if "周强" in x)
        assert "10-09起可列发展对象" in line  # next assessment 12-28 now; eligible first
        assert table.row is not None and table.row.name == "周强" and table.cursor == 11


async def test_the_detail_follows_another_process_change(
    make_app: AppFactory, demo_db: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_members(pilot)
        await pick(pilot, "zhouqiang")
        await press(pilot, "enter")
        assert isinstance(app.screen, MemberScreen)
        zhou = member_id(demo_db, "周强")
        other_user(demo_db, "member", "event", str(zhou), "--kind", "谈话", "--date", "6.28")
        app.poll_feed()
        await press(pilot, "k")  # settles the reload
        assert "2024-06-28  谈话" in screen_text(app)


async def test_a_save_that_meets_someone_elses_change_names_them_and_keeps_the_typing(
    make_app: AppFactory, demo_db: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_members(pilot)
        await pick(pilot, "sunhao")
        await press(pilot, "e")
        app.screen.query_one("#member-post").focus()
        await type_text(pilot, "团支部书记")
        sun = str(member_id(demo_db, "孙浩"))
        other_user(demo_db, "member", "set", sun, "--group", "第三党小组")
        await press(pilot, "ctrl+s")
        said = [m for m in notifications(app) if OTHER in m]
        assert said, notifications(app)
        text = screen_text(app)
        assert f"{OTHER} 于" in text and "你填写的内容保留着" in text
        assert "团支部书记" in text  # what was typed is still in the form
        assert "第三党小组" in text  # their group, taken into the field left alone
        assert member(demo_db, "孙浩", "post", "party_group") == (None, "第三党小组")
        await press(pilot, "ctrl+s")
        assert member(demo_db, "孙浩", "post", "party_group") == ("团支部书记", "第三党小组")


async def test_p_based_on_a_version_someone_changed_says_who(
    make_app: AppFactory, demo_db: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_members(pilot)
        await pick(pilot, "sunhao")
        await press(pilot, "p")
        other_user(demo_db, "member", "set", str(member_id(demo_db, "孙浩")), "--post", "团员")
        await press(pilot, "ctrl+s")
        assert any(OTHER in m for m in notifications(app))
        assert f"{OTHER} 于" in screen_text(app)  # the form's banner; nothing written
        assert member(demo_db, "孙浩", "stage") == ("applicant",)
        await press(pilot, "ctrl+s", "y")  # based on their version now
        assert member(demo_db, "孙浩", "stage", "post") == ("activist", "团员")


async def test_read_only_refuses_every_member_edit_with_the_reason(
    make_app: AppFactory, demo_db: Path
) -> None:
    before = dump(demo_db)
    app = make_app(read_only=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_members(pilot)
        footer = screen_text(app).splitlines()[-1]
        assert "新增人员" not in footer and "转入下一阶段" not in footer
        for key in ("n", "e", "p", "t"):
            count = len(notifications(app))
            await press(pilot, key)
            assert len(notifications(app)) == count + 1, key
            assert "只读" in notifications(app)[-1], key
            assert isinstance(app.screen, MembersScreen), key  # no form, no question
        await press(pilot, "a", "ctrl+r")  # looking is allowed
        assert "另有已转出 1 人" in screen_text(app)
        await pick(pilot, "liuyang")  # one with 培养记录
        await press(pilot, "enter")
        assert isinstance(app.screen, MemberScreen)
        for key in ("a", "E", "p", "t", "e", "d"):
            count = len(notifications(app))
            await press(pilot, key)
            assert len(notifications(app)) == count + 1, key
            assert "只读" in notifications(app)[-1], key
            assert isinstance(app.screen, MemberScreen), key
    assert dump(demo_db) == before
