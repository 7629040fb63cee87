"""The palette finds the year's plan items as you type — by title, by 序号, by the owner's
name in pinyin or its initials — and opens the one chosen."""

from __future__ import annotations

from branchtui.tui.screens.item import ItemScreen
from tests.tui.conftest import AppFactory, press, screen_text, type_text


async def test_the_palette_finds_an_item_by_title_and_opens_it(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "ctrl+p")
        await type_text(pilot, "集中交流")
        text = screen_text(app)
        assert "工作计划: 5. 定期进行集中交流研讨" in text
        await press(pilot, "enter")
        assert isinstance(app.screen, ItemScreen)
        assert "定期进行集中交流研讨" in screen_text(app)


async def test_the_palette_finds_items_by_their_owners_pinyin_and_initials(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        for query in ("slh", "shanlihua"):  # 单丽华 owns 2 and 6 (单: shan as a surname)
            await press(pilot, "ctrl+p")
            await type_text(pilot, query)
            text = screen_text(app)
            assert "工作计划: 2." in text and "工作计划: 6." in text, query
            assert "工作计划: 5." not in text, query
            await press(pilot, "escape")
        await press(pilot, "ctrl+p")
        await type_text(pilot, "6")
        assert "工作计划: 6. 严格按照“三会一课”要求召开会议和组织活动" in screen_text(app)
