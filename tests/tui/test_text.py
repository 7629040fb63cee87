"""User text on screen: CJK and “” · … line up in the plan table at 80 columns, markup in a
title shows as typed, and the table's model (order, filter, columns) on its own."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from branchtui.display import cell_width
from branchtui.domain.workspace import PlanRow
from branchtui.tui.widgets.plan_model import PlanModel, layout
from tests.tui.conftest import AppFactory, press, screen_text

TITLES = (
    "学习“两会”精神·专题研讨…",
    "[b]粗体[/b] [link=x]链接[/link] [/]",
    "A·B“C”D…E mixed English and 中文 long enough to be cut at the column's edge",
    "“三会一课”",
    "·…“”",
)


def add_items(db: Path) -> None:
    from branchtui.config import load_settings
    from branchtui.domain.item_changes import ItemDraft
    from branchtui.domain.workspace import Workspace

    ws = Workspace.open(load_settings(flags={"database.url": str(db)}))
    try:
        for title in TITLES:
            ws.add_item(2024, ItemDraft(title, category="study", owner_text="团支部"))
    finally:
        ws.close()


async def test_titles_with_quotes_dots_and_ellipses_stay_aligned(
    make_app: AppFactory, demo_db: Path
) -> None:
    add_items(demo_db)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "2")
        lines = screen_text(app).splitlines()
        rows = [line for line in lines if "理论学习" in line]
        assert len(rows) == 1 + len(TITLES)  # the demo's item 1 and the five added
        offsets = {cell_width(line[: line.index("理论学习")]) for line in rows}
        assert len(offsets) == 1, rows
        assert {cell_width(line) for line in rows} == {80}
        assert any("[b]粗体[/b] [link=x]链接" in line for line in rows)  # shown as typed
        assert any("学习“两会”精神·专题研讨…" in line for line in rows)


def row(number: int, title: str, owner: str | None, key: str, due: date | None) -> PlanRow:
    return PlanRow(number, number, title, "study", owner, due, "todo", 0, 0, 0, False, 1, key)


def test_the_model_filters_on_titles_names_pinyin_initials_and_numbers() -> None:
    model = PlanModel()
    model.load(
        [
            row(1, "学习教育", "张三", "zhangsan zs", date(2024, 6, 30)),
            row(2, "组织生活", "李四", "lisi ls", None),
            row(3, "党建带团建", "团支部", "", date(2024, 3, 1)),
            row(12, "交流研讨", None, "", None),
        ]
    )
    assert [r.number for r in model.shown] == [1, 2, 3, 12]
    for query, expected in (
        ("学习", [1]),
        ("zs", [1]),
        ("zhang san", [1]),
        ("李", [2]),
        ("团支部", [3]),
        ("12", [12]),
        ("", [1, 2, 3, 12]),
    ):
        model.filter(query)
        assert [r.number for r in model.shown] == expected, query


def test_the_model_sorts_by_each_column_and_back() -> None:
    model = PlanModel()
    model.load(
        [
            row(1, "b", "张三", "zhangsan zs", date(2024, 6, 30)),
            row(2, "a", "李四", "lisi ls", None),
            row(3, "c", None, "", date(2024, 3, 1)),
        ]
    )
    model.next_sort()
    assert model.sort_column == "due"
    assert [r.number for r in model.shown] == [3, 1, 2]  # no date last
    model.reverse_sort()
    assert [r.number for r in model.shown] == [2, 1, 3]
    model.sort_by("owner")
    assert [r.number for r in model.shown] == [2, 1, 3]  # li before zhang; no owner last


def test_the_columns_fill_80_cells_and_give_the_title_the_rest() -> None:
    rows = [row(1, "x", None, "", date(2024, 1, 1))]
    columns = layout(79, rows, 2024)
    assert sum(c.width for c in columns) + len(columns) - 1 + 1 == 79
    assert next(c for c in columns if c.name == "title").width >= 20
    wide = layout(120, rows, 2024)
    assert next(c for c in wide if c.name == "title").width > 60
