"""`branchtui import-plan FILE [--year Y] [--dry-run]` as a user runs it: what it prints,
what it stores, and that a refused or dry run writes nothing."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import docx
import pytest

from branchtui.exchange.plan_doc import PlanDocument, PlanEntry, load_plan
from branchtui.exchange.plan_import import guess_category
from tests.conftest import CliRunner
from tests.exchange.test_plan_doc import SAMPLE_TITLES, _number, _numbered_document

DATA = Path(__file__).resolve().parent.parent / "data"
SAMPLE = DATA / "sample_2023_summary_2024_plan.txt"
PLANS = DATA / "plans"
ENV = {"BRANCHTUI_TODAY": "2024-07-01", "BRANCHTUI_USER": "alice"}
# DOMAIN §1: the categories of the sample's seven 2024 items.
SAMPLE_CATEGORIES = [
    "study",
    "organization",
    "integrity",
    "mass",
    "organization",
    "organization",
    "service",
]


def dump(path: Path) -> list[str]:
    """Everything the database holds, to prove a run wrote nothing."""
    with sqlite3.connect(path) as connection:
        return list(connection.iterdump())


def stored(path: Path) -> list[dict[str, Any]]:
    """The plan items as stored, in year and 序号 order."""
    with sqlite3.connect(path) as connection:
        connection.row_factory = sqlite3.Row
        rows = connection.execute(
            "SELECT id, year, number, title, detail, category, status FROM plan_item "
            "ORDER BY year, number"
        ).fetchall()
    return [dict(row) for row in rows]


def run(cli_db: CliRunner, args: str) -> Any:
    return cli_db(f"import-plan {args}", **ENV)


# --- the sample ---------------------------------------------------------------------------


def test_sample_gives_its_seven_2024_items(cli_db: CliRunner, initialised_db: Path) -> None:
    result = run(cli_db, str(SAMPLE))
    assert (result.code, result.err) == (0, "")
    rows = stored(initialised_db)
    assert [row["title"] for row in rows] == SAMPLE_TITLES
    assert {row["year"] for row in rows} == {2024}
    assert [row["number"] for row in rows] == list(range(1, 8))
    assert [row["category"] for row in rows] == SAMPLE_CATEGORIES
    assert {row["status"] for row in rows} == {"todo"}
    assert rows[1]["detail"] == "使支部组织生活由形式单一向多样化转变；"
    lines = result.out.splitlines()
    assert lines[0] == "已导入 7 项到 2024 年计划："
    assert lines[1] == f"1. 强党员干部的学习教育（理论学习，编号 {rows[0]['id']}）"
    assert lines[7] == f"7. 持之以恒将“我为群众办实事”融入日常（为民办实事，编号 {rows[6]['id']}）"
    assert len(lines) == 8


def test_import_is_one_change_that_undo_removes(cli_db: CliRunner, initialised_db: Path) -> None:
    cli_db("item add 原有事项 --year 2024", **ENV)
    before = stored(initialised_db)
    assert run(cli_db, str(SAMPLE)).code == 0
    history = json.loads(cli_db("history --json", **ENV).out)
    imports = [entry for entry in history if entry["action"] == "import_plan"]
    assert len({entry["id"] for entry in imports}) == 1  # one change for all seven
    undo = cli_db("undo", **ENV)
    assert undo.code == 0, undo.err
    assert stored(initialised_db) == before


def test_items_are_numbered_after_the_years_existing_ones(
    cli_db: CliRunner, initialised_db: Path
) -> None:
    cli_db("item add 原有事项 --year 2024", **ENV)
    cli_db("item add 另一年 --year 2025", **ENV)
    result = run(cli_db, str(SAMPLE))
    assert result.code == 0
    numbers = [(row["year"], row["number"]) for row in stored(initialised_db)]
    assert numbers == [(2024, n) for n in range(1, 9)] + [(2025, 1)]
    assert result.out.splitlines()[1].startswith("2. 强党员干部的学习教育")


def test_global_year_overrides_the_headings_year(cli_db: CliRunner, initialised_db: Path) -> None:
    result = cli_db(f"--year 2030 import-plan {SAMPLE}", **ENV)
    assert result.code == 0, result.err
    assert result.out.startswith("已导入 7 项到 2030 年计划：")
    assert {row["year"] for row in stored(initialised_db)} == {2030}
    # After the command too, as every global option.
    assert run(cli_db, f"{SAMPLE} --year 2031 --dry-run").out.startswith("预览：将导入 7 项到 2031")


def test_a_configured_year_does_not_override_the_heading(
    cli_db: CliRunner, initialised_db: Path, tmp_path: Path
) -> None:
    config = tmp_path / "config.toml"
    config.write_text("[branch]\nyear = 2030\n", encoding="utf-8")
    result = run(cli_db, f"{SAMPLE} --config {config}")
    assert result.code == 0, result.err
    assert {row["year"] for row in stored(initialised_db)} == {2024}


def test_a_second_import_skips_what_the_year_already_has(
    cli_db: CliRunner, initialised_db: Path
) -> None:
    assert run(cli_db, str(SAMPLE)).code == 0
    first = stored(initialised_db)
    again = run(cli_db, str(SAMPLE))
    assert again.code == 0
    assert again.err == "警告：已跳过 7 项：2024 年计划中已有同名事项（如“强党员干部的学习教育”）\n"
    assert stored(initialised_db) == first  # nothing duplicated
    cli_db("item delete 3 --yes")
    third = run(cli_db, str(SAMPLE))
    assert "已导入 1 项" in third.out and "已跳过 6 项" in third.err


def test_english_output(cli_db: CliRunner) -> None:
    result = run(cli_db, f"{SAMPLE} --lang en --dry-run")
    assert result.out.splitlines()[:2] == [
        "Dry run: would import 7 items into the 2024 plan (nothing written):",
        "1. 强党员干部的学习教育 (study)",
    ]
    done = run(cli_db, f"{PLANS / 'closing_remark.txt'} --lang en")
    assert done.out.splitlines()[0] == "Imported 3 items into the 2025 plan:"
    assert done.out.splitlines()[1].endswith("(study, id 1)")


# --- dry run and refusals write nothing ---------------------------------------------------


def test_dry_run_prints_what_it_would_create_and_writes_nothing(
    cli_db: CliRunner, initialised_db: Path
) -> None:
    cli_db("item add 原有事项 --year 2024", **ENV)
    before = dump(initialised_db)
    result = run(cli_db, f"{SAMPLE} --dry-run")
    assert (result.code, result.err) == (0, "")
    assert dump(initialised_db) == before
    lines = result.out.splitlines()
    assert lines[0] == "预览：将导入 7 项到 2024 年计划（未写入）："
    assert lines[1:] == [
        f"{number}. {title}（{label}）"
        for number, title, label in zip(
            range(2, 9),
            SAMPLE_TITLES,
            ["理论学习", "组织建设", "党风廉政", "群团工作", "组织建设", "组织建设", "为民办实事"],
            strict=True,
        )
    ]


def test_document_without_a_plan_part_is_one_line_and_writes_nothing(
    cli_db: CliRunner, initialised_db: Path
) -> None:
    before = dump(initialised_db)
    result = run(cli_db, str(PLANS / "no_plan.txt"))
    assert result.code == 1
    assert result.out == ""
    assert result.err.count("\n") == 1
    assert result.err.startswith("错误：") and "no_plan.txt" in result.err
    assert "没有找到工作计划部分" in result.err
    assert dump(initialised_db) == before


def test_missing_file_is_one_line(cli_db: CliRunner, tmp_path: Path) -> None:
    result = run(cli_db, str(tmp_path / "nothing.txt"))
    assert result.code == 1 and result.out == "" and result.err.count("\n") == 1


def test_heading_without_a_year_asks_for_year(
    cli_db: CliRunner, initialised_db: Path, tmp_path: Path
) -> None:
    path = tmp_path / "plan.txt"
    path.write_text("党支部工作计划\n1. 加强理论学习。\n2. 规范组织生活。\n", encoding="utf-8")
    before = dump(initialised_db)
    result = run(cli_db, str(path))
    assert result.code == 2
    assert result.err.count("\n") == 1 and "--year" in result.err and "党支部工作计划" in result.err
    assert dump(initialised_db) == before
    assert run(cli_db, f"{path} --year 2025").code == 0
    assert [row["title"] for row in stored(initialised_db)] == ["加强理论学习", "规范组织生活"]


def test_read_only_database_writes_nothing(cli_db: CliRunner, initialised_db: Path) -> None:
    before = dump(initialised_db)
    result = run(cli_db, f"{SAMPLE} --read-only")
    assert result.code == 1 and result.err.count("\n") == 1
    assert dump(initialised_db) == before
    assert run(cli_db, f"{SAMPLE} --read-only --dry-run").code == 0


# --- every test document ------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "closing_remark.txt",
        "mixed_numbering.txt",
        "plan_2025.md",
        "plan_with_sections.txt",
        "sub_items.txt",
    ],
)
def test_each_test_document(cli_db: CliRunner, initialised_db: Path, name: str) -> None:
    path = PLANS / name
    doc = load_plan(path)
    result = run(cli_db, str(path))
    assert (result.code, result.err) == (0, "")
    rows = stored(initialised_db)
    assert [row["title"] for row in rows] == [entry.title for entry in doc.items]
    assert [row["detail"] or "" for row in rows] == [entry.detail for entry in doc.items]
    assert {row["year"] for row in rows} == {doc.year} == {2025}
    assert len(result.out.splitlines()) == len(doc.items) + 1


def test_gb18030_text(cli_db: CliRunner, initialised_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "sample.txt"
    path.write_bytes(SAMPLE.read_text("utf-8").encode("gb18030"))
    assert run(cli_db, str(path)).code == 0
    assert [row["title"] for row in stored(initialised_db)] == SAMPLE_TITLES


def test_word_document_with_automatic_numbering(
    cli_db: CliRunner, initialised_db: Path, tmp_path: Path
) -> None:
    document = _numbered_document()
    document.add_paragraph("第一党支部2025年工作要点")
    for text, level in [
        ("加强政治建设", 0),
        ("认真落实“第一议题”制度。", 1),
        ("加强组织建设", 0),
        ("规范开展“三会一课”。", 1),
        ("推进融合发展", 0),
    ]:
        _number(document.add_paragraph(text), 90, level)
    path = tmp_path / "plan.docx"
    document.save(str(path))
    result = run(cli_db, str(path))
    assert result.code == 0, result.err
    rows = stored(initialised_db)
    assert [row["title"] for row in rows] == ["加强政治建设", "加强组织建设", "推进融合发展"]
    assert {row["year"] for row in rows} == {2025}
    assert rows[0]["detail"] == "（一） 认真落实“第一议题”制度。"
    assert rows[1]["category"] == "organization"  # 组织建设 names it


def test_word_document_with_list_number_style(
    cli_db: CliRunner, initialised_db: Path, tmp_path: Path
) -> None:
    document = docx.Document()
    document.add_paragraph("二、2025年工作计划")
    for text in ("加强理论学习，每月一次。", "规范组织生活，落实“三会一课”。", "强化纪律教育"):
        document.add_paragraph(text, style="List Number")
    path = tmp_path / "plan.docx"
    document.save(str(path))
    assert run(cli_db, f"{path} --dry-run").out.splitlines()[1:] == [
        "1. 加强理论学习（理论学习）",
        "2. 规范组织生活（组织建设）",
        "3. 强化纪律教育（党风廉政）",
    ]
    assert run(cli_db, str(path)).code == 0
    assert [row["detail"] for row in stored(initialised_db)] == [
        "每月一次。",
        "落实“三会一课”。",
        None,
    ]


# --- the write half on its own ------------------------------------------------------------


def test_guess_category_is_conservative() -> None:
    assert guess_category("强化理论学习") == "study"
    assert guess_category("定期进行集中交流研讨", "不断提高党组织生活质量") == "organization"
    assert guess_category("加强学习") == "other"  # 学习 alone names no category
    assert guess_category("学习贯彻党纪，严格组织生活") == "other"  # two categories: no guess
    assert guess_category("深化党建品牌", "开展廉洁教育，规范组织生活") == "other"
    assert guess_category("开展“我为群众办实事”实践活动") == "service"


def test_entries_without_a_title_take_their_detail(initialised_db: Path) -> None:
    from branchtui.exchange.plan_import import import_plan
    from branchtui.storage.database import open_database

    db = open_database(str(initialised_db), user="tester")
    try:
        document = PlanDocument(
            2024, "2024年工作计划", [PlanEntry(1, "", "只有正文"), PlanEntry(2, "", "")]
        )
        assert len(import_plan(db, document, 2024)[0]) == 1
    finally:
        db.close()
    assert [(row["title"], row["detail"]) for row in stored(initialised_db)] == [("只有正文", None)]
