"""The year-end report draft (SPEC §6 `report`): the demo against reviewed files, the
sample document's structure, both languages, and the command line.

Expected files live in tests/data/expected/; rewrite them only on purpose, with
BRANCHTUI_UPDATE_EXPECTED=1, and read the diff before keeping it.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from branchtui import i18n
from branchtui.domain import checklists, items, step_changes
from branchtui.domain.item_changes import ItemDraft, add_item, complete
from branchtui.exchange.plan_doc import parse_plan
from branchtui.exchange.report import draft_report, ordinal
from branchtui.storage.database import Database
from tests.conftest import CliRunner
from tests.exchange.test_markdown import CJK, TODAY, compare, user_data
from tests.exchange.test_plan_doc import SAMPLE_TITLES


def part(text: str, start: str, end: str | None = None) -> list[str]:
    """The lines after the one starting with `start`, up to the one starting with `end`."""
    lines = text.splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith(start))
    rest = lines[first + 1 :]
    if end is not None:
        # An empty `end` stops at the next blank line.
        stop = (i for i, line in enumerate(rest) if (line.startswith(end) if end else not line))
        rest = rest[: next(stop)]
    return rest


# --- the demo against reviewed files ------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "language"), [(2023, "zh"), (2024, "zh"), (2023, "en"), (2024, "en")]
)
def test_demo_report(demo: Database, year: int, language: str) -> None:
    i18n.set_language(language)
    compare(f"demo_report_{year}.{language}.txt", draft_report(demo, year=year, today=TODAY))


def test_report_is_deterministic(demo: Database) -> None:
    first = draft_report(demo, year=2024, today=TODAY)
    # Ticking and unticking a step changes only timestamps: the report stays the same.
    item = next(i for i in items.list_items(demo, 2024, TODAY) if i.tasks_total)
    step = items.get_item(demo, item.id, TODAY).steps[-1]
    step_changes.tick_step(demo, step.id, not step.done)
    assert draft_report(demo, year=2024, today=TODAY) != first
    step_changes.tick_step(demo, step.id, step.done)
    assert draft_report(demo, year=2024, today=TODAY) == first
    assert not re.search(r"\d{2}:\d{2}", first)


# --- the sample's structure ---------------------------------------------------------------


def test_2023_follows_the_sample_document(demo: Database) -> None:
    text = draft_report(demo, year=2023, today=TODAY)
    lines = text.splitlines()
    assert lines[0] == "XX党支部2023年工作总结及2024年工作计划"
    assert lines[1] == "第一部分2023年党建工作总结"
    assert lines[2].startswith("2023年，XX党支部") and lines[2].endswith("汇报如下：")
    sections = [line for line in lines if re.match(r"^[一二三四五六七八九十]+、", line)]
    assert sections == [
        "一、理论学习",
        "二、组织建设",
        "三、党风廉政",
        "四、意识形态",
        "五、群团工作",
        "六、风险防控与维稳",
    ]
    # Each section's body: the done item's title, then its evidence.
    body = part(text, "三、党风廉政", "四、")
    assert body == [
        "强化党风廉政建设，全面推进从严治党。书记履行第一责任人职责，班子成员履行“一岗双责”；"
        "重点岗位人员签订廉洁从业承诺书；落实中央八项规定精神和反“四风”要求。"
    ]
    assert "XX党支部2023年各项工作均已完成" in text  # nothing fell short
    plan = part(text, "第二部分2024年党建工作计划")
    assert plan[0].startswith("下一步，XX党支部将")
    assert [line[:2] for line in plan[1:]] == [
        "一是",
        "二是",
        "三是",
        "四是",
        "五是",
        "六是",
        "七是",
    ]
    assert plan[1].startswith("一是强党员干部的学习教育，不断提高广大党员干部的思想政治素质")
    assert plan[1].endswith("；") and plan[-1].endswith("。")


def test_the_plan_part_reads_back_with_import_plan(demo: Database) -> None:
    doc = parse_plan(draft_report(demo, year=2023, today=TODAY).splitlines())
    assert doc.year == 2024
    assert [entry.title for entry in doc.items] == SAMPLE_TITLES
    carried = parse_plan(draft_report(demo, year=2024, today=TODAY).splitlines())
    assert carried.year == 2025
    assert len(carried.items) == 5


def test_2024_shortfalls_and_carried_over_work(demo: Database) -> None:
    text = draft_report(demo, year=2024, today=TODAY)
    sections = [line for line in text.splitlines() if re.match(r"^[一二三四五六七八九十]+、", line)]
    assert sections == ["一、党风廉政", "二、群团工作"]  # only categories with done items
    shortfalls = part(text, "XX党支部2024年党建工作取得了一定成效", "第二部分")
    shortfalls = [line for line in shortfalls if line]
    # Overdue items first, then the unfinished ones, then overdue checklist periods.
    assert shortfalls[0].startswith("一是“把学习文件为主的方式")
    assert "已逾期1天（截止2024-06-30，责任人单丽华，进行中，进度33%）；" in shortfalls[0]
    assert shortfalls[1] == "二是“强党员干部的学习教育”尚未完成（责任人李红梅，进行中，进度33%）；"
    # A title's own double quotes become single ones inside the report's quotes.
    assert "“严格按照‘三会一课’要求召开会议和组织活动”" in shortfalls[3]
    assert shortfalls[-1] == "六是“2024年意识形态工作责任制清单”有3期逾期未落实。"
    plan = part(text, "第二部分2025年党建工作计划")
    assert plan[0].startswith("2025年工作计划尚未录入")
    assert [line[:2] for line in plan[1:]] == ["一是", "二是", "三是", "四是", "五是"]
    assert plan[3].startswith("三是定期进行集中交流研讨，")


def test_next_years_items_come_before_carried_over_work(demo: Database) -> None:
    add_item(demo, 2025, ItemDraft("深化理论武装", detail="每月开展一次集中学习"))
    add_item(demo, 2025, ItemDraft("已取消的事项", status="cancelled"))
    plan = part(draft_report(demo, year=2024, today=TODAY), "第二部分2025年党建工作计划")
    assert plan == [
        "下一步，XX党支部将认真落实2025年党建工作计划，重点抓好以下工作：",
        "一是深化理论武装，每月开展一次集中学习。",
    ]


def test_a_year_without_items(empty: Database) -> None:
    text = draft_report(empty, year=2030, today=TODAY)
    assert text.splitlines() == [
        "XX党支部2030年工作总结及2031年工作计划",
        "第一部分2030年党建工作总结",
        "2030年，XX党支部围绕年度工作计划推进各项工作，全年计划工作事项0项，已完成0项，"
        "平均进度0%。结合工作实际，现将2030年工作总结和2031年工作计划汇报如下：",
        "（2030年暂无已完成的工作事项。）",
        "",
        "对照年度计划，XX党支部2030年各项工作均已完成，没有未完成或逾期的事项。",
        "",
        "第二部分2031年党建工作计划",
        "2031年工作计划尚未录入，2030年也没有需要结转的工作。",
    ]


def test_done_item_punctuation_and_one_overdue_checklist_period(empty: Database) -> None:
    done = add_item(empty, 2024, ItemDraft("开展警示教育。", category="integrity"))
    complete(empty, done, today=TODAY, evidence="观看警示片2次\n通报典型案例")
    bare = add_item(empty, 2024, ItemDraft("签订承诺书", category="integrity"))
    complete(empty, bare, today=TODAY)
    checklist = checklists.new_blank(empty, 2024, "维稳清单", date(2024, 1, 1))
    checklists.add_entry(empty, checklist, "排查矛盾纠纷", "half_yearly")
    text = draft_report(empty, year=2024, today=TODAY)
    assert part(text, "一、党风廉政", "") == [
        "开展警示教育。观看警示片2次 通报典型案例。",
        "签订承诺书。",
    ]
    assert "一是“维稳清单”有1期逾期未落实。" in text
    i18n.set_language("en")
    english = draft_report(empty, year=2024, today=TODAY)
    assert 'First, 1 period of "维稳清单" is overdue.' in english
    assert "1. Integrity\n开展警示教育: 观看警示片2次 通报典型案例.\n签订承诺书.\n" in english


def test_english_has_no_chinese_but_the_users_data(demo: Database) -> None:
    i18n.set_language("en")
    for year in (2023, 2024):
        text = draft_report(demo, year=year, today=TODAY)
        detail_and_evidence = [
            text
            for item in items.list_items(demo, year, TODAY)
            + items.list_items(demo, year + 1, TODAY)
            for text in (item.detail, item.evidence)
            if text
        ]
        for value in sorted(user_data(demo.path) + detail_and_evidence, key=len, reverse=True):
            # As stored, with its quotes made single inside the report's, or its end cut.
            for shown in (value, value.replace("“", "‘").replace("”", "’"), value.rstrip("。；")):
                text = text.replace(shown, "")
        assert CJK.findall(text) == [], text
    assert text.startswith(": 2024 work summary and 2025 work plan\nPart One: summary of 2024")


def test_ordinals() -> None:
    assert [ordinal(n) for n in (1, 2, 10, 11, 23)] == [
        "一是",
        "二是",
        "十是",
        "十一是",
        "二十三是",
    ]
    i18n.set_language("en")
    assert [ordinal(n) for n in (1, 2, 20, 21, 22, 23, 111)] == [
        "First, ",
        "Second, ",
        "Twentieth, ",
        "21st, ",
        "22nd, ",
        "23rd, ",
        "111th, ",
    ]


# --- the command line ---------------------------------------------------------------------

ENV = {"BRANCHTUI_TODAY": "2024-07-01"}


@pytest.fixture
def demo_cli(cli: CliRunner, tmp_path: Path) -> tuple[CliRunner, Path]:
    """`branchtui init --demo` on 2024-07-01, as a user runs it."""
    path = tmp_path / "demo.db"
    result = cli(["init", "--demo", "--db", str(path)], **ENV)
    assert result.code == 0, result.err
    return cli, path


def test_cli_report_prints_the_plan_years_draft(demo_cli: tuple[CliRunner, Path]) -> None:
    cli, path = demo_cli
    result = cli(["report", "--db", str(path)], **ENV)  # the year of BRANCHTUI_TODAY
    assert (result.code, result.err) == (0, "")
    compare("demo_report_2024.zh.txt", result.out)
    english = cli(["report", "--db", str(path), "--year", "2023", "--lang", "en"], **ENV)
    compare("demo_report_2023.en.txt", english.out)


def test_cli_report_to_a_file(demo_cli: tuple[CliRunner, Path], tmp_path: Path) -> None:
    cli, path = demo_cli
    target = tmp_path / "out" / "总结.txt"
    target.parent.mkdir()
    target.write_text("旧内容", encoding="utf-8")
    target.chmod(0o640)
    result = cli(["report", "-o", str(target), "--db", str(path)], **ENV)
    assert (result.code, result.out, result.err) == (0, "", "")
    stdout = cli(["report", "--db", str(path)], **ENV).out
    assert target.read_text(encoding="utf-8") == stdout
    assert target.stat().st_mode & 0o777 == 0o640  # a replaced file keeps its mode
    assert sorted(p.name for p in target.parent.iterdir()) == ["总结.txt"]  # no temporary left


def test_cli_report_into_a_missing_directory_is_one_line(
    demo_cli: tuple[CliRunner, Path], tmp_path: Path
) -> None:
    cli, path = demo_cli
    target = tmp_path / "missing" / "report.txt"
    result = cli(["report", "-o", str(target), "--db", str(path)], **ENV)
    assert result.code == 1
    assert result.out == ""
    assert result.err.startswith("错误：无法写入 ") and result.err.count("\n") == 1
    assert not target.parent.exists()
