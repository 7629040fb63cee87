"""The year-end report draft (SPEC §6 `report`): the demo against reviewed files in both
languages, the sample document's structure, what part one says was done (items,
checklists, 发展党员, the 三会一课 hook), 存在的不足 counted at the year's end, part two,
the Word document, and the command line (the default year before March, -o).

Expected files live in tests/data/expected/; rewrite them only on purpose, with
BRANCHTUI_UPDATE_EXPECTED=1, and read them as the secretary who hands them in would.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from branchtui import i18n
from branchtui.domain import checklist_views, checklists, checks, step_changes
from branchtui.domain.item_changes import ItemChanges, ItemDraft, add_item, complete, update_item
from branchtui.exchange import report_work
from branchtui.exchange.plan_doc import parse_plan
from branchtui.exchange.report import build_report, draft_report
from branchtui.exchange.report_words import ordinal
from branchtui.storage.database import Database
from tests.conftest import CliRunner
from tests.exchange.test_markdown import CJK, TODAY, compare, user_data
from tests.exchange.test_plan_doc import SAMPLE_TITLES

# The demo's 2024 report drafted in the new year, as a secretary drafts it.
JANUARY = date(2025, 1, 15)
SECTION = re.compile(r"^[一二三四五六七八九十]+、")
MEMBER_NAMES = ("张建国", "曾晓明", "单丽华", "翟志强", "李红梅", "王磊", "赵敏", "刘洋", "陈静")


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


def shortfalls_of(text: str) -> list[str]:
    """The numbered points of 存在的不足."""
    return part(text, next(line for line in text.splitlines() if "存在以下不足" in line), "")


# --- the demo against reviewed files ------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "today", "language", "name"),
    [
        (2023, TODAY, "zh", "demo_report_2023.zh.txt"),
        (2023, TODAY, "en", "demo_report_2023.en.txt"),
        (2024, TODAY, "zh", "demo_report_2024.zh.txt"),
        (2024, TODAY, "en", "demo_report_2024.en.txt"),
        (2024, JANUARY, "zh", "demo_report_2024_yearend.zh.txt"),
        (2024, JANUARY, "en", "demo_report_2024_yearend.en.txt"),
    ],
)
def test_demo_report(demo: Database, year: int, today: date, language: str, name: str) -> None:
    i18n.set_language(language)
    compare(name, draft_report(demo, year=year, today=today))


def test_report_is_deterministic(demo: Database) -> None:
    first = draft_report(demo, year=2024, today=TODAY)
    # Ticking and unticking a step changes only timestamps: the report stays the same.
    from branchtui.domain import items

    item = next(i for i in items.list_items(demo, 2024, TODAY) if i.tasks_total)
    step = items.get_item(demo, item.id, TODAY).steps[-1]
    step_changes.tick_step(demo, step.id, not step.done)
    step_changes.tick_step(demo, step.id, step.done)
    assert draft_report(demo, year=2024, today=TODAY) == first
    assert not re.search(r"\d{2}:\d{2}", first)


# --- the sample's structure ---------------------------------------------------------------


def test_2023_follows_the_sample_document(demo: Database) -> None:
    text = draft_report(demo, year=2023, today=TODAY)
    lines = text.splitlines()
    assert lines[0] == "XX党支部2023年工作总结及2024年工作计划"
    assert lines[1] == "第一部分2023年党建工作总结"
    assert lines[2].startswith("2023年，XX党支部坚持以习近平新时代中国特色社会主义思想为指导")
    assert "全年计划工作事项6项，已完成6项。" in lines[2] and lines[2].endswith("汇报如下：")
    assert [line for line in lines if SECTION.match(line)] == [
        "一、加强理论学习，筑牢思想根基",
        "二、加强组织建设，提升党建工作质量",
        "三、强化党风廉政建设，全面从严治党",
        "四、抓牢意识形态工作，加强舆情监控",
        "五、强化群团工作，凝聚职工力量",
        "六、强化风险防控，确保信访维稳平稳可控",
    ]
    # Each section's body: the done item's title, then its evidence.
    assert part(text, "三、", "四、") == [
        "强化党风廉政建设，全面推进从严治党。书记履行第一责任人职责，班子成员履行“一岗双责”；"
        "重点岗位人员签订廉洁从业承诺书；落实中央八项规定精神和反“四风”要求。"
    ]
    assert "对照年度工作计划，XX党支部2023年各项工作均已完成。" in lines
    plan = part(text, "第二部分2024年党建工作计划")
    assert plan[0].startswith("下一步，XX党支部将认真贯彻落实上级党组织决策部署")
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


# --- part one: what was done --------------------------------------------------------------


def test_checklist_work_comes_from_its_ticks_and_evidence(demo: Database) -> None:
    text = draft_report(demo, year=2024, today=TODAY)
    [paragraph] = part(text, "三、抓牢意识形态工作", "四、")
    assert paragraph.startswith("对照《2024年意识形态工作责任制清单》逐项抓好落实：")
    # What was done, as recorded with the ticks; how often for an entry due more than once.
    assert "；形成季度意识形态形势研判报告（共2次）；" in paragraph
    assert "更新宣传栏，审核职工微信群和公众号发布内容（共6次）" in paragraph
    assert paragraph.endswith("排查苗头性、倾向性问题，未发现重大情况（共2次）。")
    # An integrity checklist joins the integrity section, after the done items.
    integrity = checklists.new_from_template(demo, 2024, "integrity", date(2024, 1, 2))
    entry = checklist_views.get_checklist(demo, integrity, TODAY).entries[1]  # 签订承诺书
    checks.check(demo, entry.id, "2024", TODAY, evidence="关键岗位12人签订廉洁从业承诺书")
    section = part(draft_report(demo, year=2024, today=TODAY), "二、强化党风廉政建设", "三、")
    assert (
        section[-1]
        == "对照《2024年党风廉政建设责任清单》逐项抓好落实：关键岗位12人签订廉洁从业承诺书。"
    )


def test_recruitment_from_the_years_stage_dates(demo: Database) -> None:
    section = part(draft_report(demo, year=2024, today=TODAY), "一、加强组织建设", "二、")
    assert section[1:] == [
        "做好发展党员工作，坚持把政治标准放在首位，严格履行发展程序。2024年，收到入党申请书2份，"
        "确定入党积极分子1名、发展对象3名，接收预备党员1名。"
    ]
    i18n.set_language("en")
    english = draft_report(demo, year=2024, today=TODAY)
    assert (
        "In 2024: 2 applications received, 1 activist and 3 candidates for admission named, 1"
        in english
    )


def test_the_years_meetings_are_counted(demo: Database, empty: Database) -> None:
    """三会一课 from the meeting records (the demo holds those of the first half of 2024):
    支部党员大会 in January, March and May, 支委会 but in April, both groups' meetings but
    the second's in May, 党课 in March and June; none recorded, no sentence."""
    section = part(draft_report(demo, year=2024, today=TODAY), "一、加强组织建设", "二、")
    assert section[0] == "全年召开支部党员大会3次、支委会5次、党小组会11次、讲党课2次。"
    i18n.set_language("en")
    english = draft_report(demo, year=2024, today=TODAY)
    assert (
        "In the year the branch held 3 general meetings, 5 committee meetings and 11 group"
        " meetings, and gave 2 Party lectures." in english
    )
    i18n.set_language("zh")
    assert "全年召开" not in draft_report(demo, year=2023, today=TODAY)
    assert report_work.meeting_counts(empty, 2024) is None


def test_cancelled_items_count_nowhere(empty: Database) -> None:
    done = add_item(empty, 2024, ItemDraft("开展警示教育", category="integrity"))
    complete(empty, done, today=TODAY, evidence="观看警示片2次")
    add_item(empty, 2024, ItemDraft("已取消的学习", due=date(2024, 3, 1), status="cancelled"))
    cancelled_done = add_item(empty, 2024, ItemDraft("取消前已完成", category="integrity"))
    complete(empty, cancelled_done, today=TODAY, evidence="记录")
    update_item(empty, cancelled_done, ItemChanges(status="cancelled"), today=TODAY)
    text = draft_report(empty, year=2024, today=JANUARY)
    assert "全年计划工作事项1项，已完成1项。" in text
    assert "取消" not in text
    assert "对照年度工作计划，XX党支部2024年各项工作均已完成。" in text


# --- 存在的不足 ---------------------------------------------------------------------------


def test_shortfalls_are_counted_at_the_years_end_and_name_no_one(demo: Database) -> None:
    text = draft_report(demo, year=2024, today=JANUARY)
    points = shortfalls_of(text)
    assert points[0] == (
        "一是“把学习文件为主的方式与交流研讨、观看红色电影、参观教育基地、参与公益活动、现场观摩、"
        "邀请专家进行座谈交流等多样性学习方式结合起来”未能按计划于2024年6月30日前完成；"
    )
    assert "三是“定期进行集中交流研讨”计划于2024年9月30日前完成，但尚未启动；" in points
    # Due on 31 December and not done: late once the year is over.
    assert "四是“强党员干部的学习教育”未能按计划于2024年12月31日前完成；" in points
    assert "七是1名预备党员预备期满后未及时讨论转正；" in points
    assert "八是2名入党积极分子未按期进行考察；" in points
    # 三会一课 not held when due, judged on 31 December (the demo's meetings end in June)
    assert points[-1] == (
        "九是三会一课落实不够到位，支部党员大会2次、支委会7次、党小组会（第一党小组）6次、"
        "党小组会（第二党小组）7次、党课2次、主题党日7次、组织生活会1次、民主评议党员1次"
        "未按期召开。"
    )
    # Not "逾期884天" counted to today, no mean progress, no names.
    later = draft_report(demo, year=2024, today=date(2026, 6, 1))
    assert later == text
    assert not re.search(r"\d+\s*天|%|进度", "".join(points))
    assert not any(name in "".join(points) for name in MEMBER_NAMES)


def test_checklist_shortfalls_name_the_entries(empty: Database) -> None:
    checklist = checklists.new_blank(empty, 2024, "维稳清单", date(2024, 1, 1))
    checklists.add_entry(empty, checklist, "排查矛盾纠纷", "half_yearly")
    checklists.add_entry(empty, checklist, '维稳"零报告"', "monthly")
    for title in ("节前排查", "预案演练", "工资核查"):
        checklists.add_entry(empty, checklist, title, "quarterly")
    checklists.add_entry(empty, checklist, "年度总结", "yearly")  # due in December: not late
    points = shortfalls_of(draft_report(empty, year=2024, today=TODAY))
    assert points == [
        "一是《维稳清单》中“排查矛盾纠纷”“维稳‘零报告’”“节前排查”等5项工作有13期未按时落实。"
    ]
    i18n.set_language("en")
    english = shortfalls_of_en(draft_report(empty, year=2024, today=TODAY))
    assert english == [
        'First, in "维稳清单", "排查矛盾纠纷", "维稳‘零报告’", "节前排查" and others (5 entries): '
        "13 periods not done on time."
    ]


def shortfalls_of_en(text: str) -> list[str]:
    return part(text, next(line for line in text.splitlines() if "fell short" in line), "")


def test_many_unfinished_items_are_named_then_counted(empty: Database) -> None:
    for n in range(1, 12):
        add_item(empty, 2024, ItemDraft(f"工作{n}", due=date(2024, 3, n)))
    points = shortfalls_of(draft_report(empty, year=2024, today=JANUARY))
    assert len(points) == 9
    assert points[0] == "一是“工作1”计划于2024年3月1日前完成，但尚未启动；"
    assert points[-1] == "九是此外，还有3项计划工作尚未完成。"


# --- part two -----------------------------------------------------------------------------


def test_next_years_items_come_before_carried_over_work(demo: Database) -> None:
    add_item(demo, 2025, ItemDraft("深化理论武装", detail="每月开展一次集中学习"))
    add_item(demo, 2025, ItemDraft("已取消的事项", status="cancelled"))
    document = build_report(demo, year=2024, today=TODAY)
    plan = part(draft_report(demo, year=2024, today=TODAY), "第二部分2025年党建工作计划")
    assert plan == [
        "下一步，XX党支部将认真贯彻落实上级党组织决策部署，紧紧围绕中心工作，重点抓好以下工作：",
        "一是深化理论武装，每月开展一次集中学习。",
    ]
    assert document.notices == ()


def test_nothing_addressed_to_the_user_is_in_the_document(demo: Database) -> None:
    document = build_report(demo, year=2024, today=TODAY)
    text = draft_report(demo, year=2024, today=TODAY)
    assert "尚未录入" not in text and "重新生成" not in text
    assert document.notices == (
        "2025年工作计划尚未录入：第二部分列出2024年尚未完成的工作（录入后重新生成）",
    )
    plan = part(text, "第二部分2025年党建工作计划")
    assert plan[0] == "下一步，XX党支部将继续抓好2024年尚未完成的工作，重点做好以下几个方面："
    assert plan[3].startswith("三是定期进行集中交流研讨，")


def test_a_year_without_items(empty: Database) -> None:
    document = build_report(empty, year=2030, today=TODAY)
    assert draft_report(empty, year=2030, today=TODAY).splitlines() == [
        "XX党支部2030年工作总结及2031年工作计划",
        "第一部分2030年党建工作总结",
        "2030年，XX党支部坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实上级党组织"
        "决策部署，围绕年度工作计划扎实推进党建各项工作。结合工作实际，现将2030年工作总结和"
        "2031年工作计划汇报如下：",
        "",
        "对照年度工作计划，XX党支部2030年各项工作均已完成。",
        "",
        "第二部分2031年党建工作计划",
        "下一步，XX党支部将认真总结经验，结合实际制定2031年党建工作计划，推动党建工作再上新台阶。",
    ]
    assert len(document.notices) == 2


def test_done_item_punctuation(empty: Database) -> None:
    done = add_item(empty, 2024, ItemDraft("开展警示教育。", category="integrity"))
    complete(empty, done, today=TODAY, evidence="观看警示片2次\n通报典型案例")
    bare = add_item(empty, 2024, ItemDraft("签订承诺书", category="integrity"))
    complete(empty, bare, today=TODAY)
    text = draft_report(empty, year=2024, today=TODAY)
    assert part(text, "一、强化党风廉政建设", "") == [
        "开展警示教育。观看警示片2次 通报典型案例。",
        "签订承诺书。",
    ]
    i18n.set_language("en")
    english = draft_report(empty, year=2024, today=TODAY)
    assert (
        "1. Party conduct and integrity\n开展警示教育: 观看警示片2次 通报典型案例.\n签订承诺书.\n"
        in (english)
    )
    assert "1 of the 2 items planned for the year" not in english
    assert "2 of the 2 items planned for the year are done." in english


def test_english_has_no_chinese_but_the_users_data(demo: Database) -> None:
    from branchtui.domain import items

    i18n.set_language("en")
    for year, today in ((2023, TODAY), (2024, TODAY), (2024, JANUARY)):
        text = draft_report(demo, year=year, today=today)
        stored = [
            value
            for item in items.list_items(demo, year, TODAY)
            + items.list_items(demo, year + 1, TODAY)
            for value in (item.detail, item.evidence)
            if value
        ]
        for value in sorted(user_data(demo.path) + stored, key=len, reverse=True):
            # As stored, with its quotes made single inside the report's, or its end cut.
            for shown in (
                value,
                value.replace("“", "‘").replace("”", "’"),
                value.replace('"三会一课"', "‘三会一课’").replace('"一岗双责"', "‘一岗双责’"),
                value.rstrip("。；"),
            ):
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


# --- Word ---------------------------------------------------------------------------------


def test_docx_is_a_real_word_document(demo: Database, tmp_path: Path) -> None:
    import docx

    from branchtui.exchange.report_docx import docx_bytes

    document = build_report(demo, year=2024, today=JANUARY)
    path = tmp_path / "总结.docx"
    path.write_bytes(docx_bytes(document))
    word = docx.Document(str(path))
    paragraphs = [(p.style.name if p.style else "", p.text) for p in word.paragraphs]
    text = draft_report(demo, year=2024, today=JANUARY)
    # Every line of the text is one paragraph of the document, in order.
    assert [p for _style, p in paragraphs] == [line for line in text.splitlines() if line]
    styles = {text: style for style, text in paragraphs}
    assert [s for s, p in paragraphs if s == "Title"] == ["Title"]
    assert paragraphs[0] == ("Title", "XX党支部2024年工作总结及2025年工作计划")
    assert [p for s, p in paragraphs if s == "Heading 1"] == [
        "第一部分2024年党建工作总结",
        "第二部分2025年党建工作计划",
    ]
    assert [p for s, p in paragraphs if s == "Heading 2"] == [
        line for line in text.splitlines() if SECTION.match(line)
    ]
    points = [
        p for s, p in paragraphs if s == "Normal" and re.match(r"^[一二三四五六七八九十]+是", p)
    ]
    assert len(points) == 9 + 5  # the shortcomings, then next year's plan
    assert styles["第一部分2024年党建工作总结"] == "Heading 1"
    assert word.core_properties.title == "XX党支部2024年工作总结及2025年工作计划"


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
    assert result.code == 0
    compare("demo_report_2024.zh.txt", result.out)
    assert (
        result.err
        == "警告：2025年工作计划尚未录入：第二部分列出2024年尚未完成的工作（录入后重新生成）\n"
    )
    english = cli(["report", "--db", str(path), "--year", "2023", "--lang", "en"], **ENV)
    assert (english.code, english.err) == (0, "")
    compare("demo_report_2023.en.txt", english.out)


def test_cli_report_before_march_is_of_the_year_just_ended(
    demo_cli: tuple[CliRunner, Path],
) -> None:
    cli, path = demo_cli
    result = cli(["report", "--db", str(path)], BRANCHTUI_TODAY="2025-01-15")
    assert result.code == 0
    compare("demo_report_2024_yearend.zh.txt", result.out)
    assert result.err.startswith(
        "警告：3月前默认生成上一年（2024年）的总结；其他年份请用 --year 指定\n"
    )
    asked = cli(["report", "--db", str(path), "--year", "2025"], BRANCHTUI_TODAY="2025-01-15")
    assert asked.out.startswith("XX党支部2025年工作总结") and "3月前" not in asked.err
    march = cli(["report", "--db", str(path)], BRANCHTUI_TODAY="2025-03-01")
    assert march.out.startswith("XX党支部2025年工作总结") and "3月前" not in march.err


def test_cli_report_to_a_file_says_where(demo_cli: tuple[CliRunner, Path], tmp_path: Path) -> None:
    cli, path = demo_cli
    target = tmp_path / "out" / "总结.txt"
    target.parent.mkdir()
    target.write_text("旧内容", encoding="utf-8")
    target.chmod(0o640)
    result = cli(["report", "-o", str(target), "--db", str(path)], **ENV)
    assert (result.code, result.out) == (0, f"已写入 {target}\n")
    assert "尚未录入" in result.err
    stdout = cli(["report", "--db", str(path)], **ENV).out
    assert target.read_text(encoding="utf-8") == stdout
    assert target.stat().st_mode & 0o777 == 0o640  # a replaced file keeps its mode
    assert sorted(p.name for p in target.parent.iterdir()) == ["总结.txt"]  # no temporary left


def test_cli_report_docx(demo_cli: tuple[CliRunner, Path], tmp_path: Path) -> None:
    import docx

    cli, path = demo_cli
    target = tmp_path / "总结.DOCX"
    result = cli(["report", "-o", str(target), "--db", str(path), "--lang", "en"], **ENV)
    assert (result.code, result.out) == (0, f"Written to {target}\n")
    word = docx.Document(str(target))
    assert word.paragraphs[0].style is not None
    assert (word.paragraphs[0].style.name, word.paragraphs[0].text) == (
        "Title",
        "XX党支部: 2024 work summary and 2025 work plan",
    )
    assert not target.read_bytes().startswith(b"XX")  # a zip, not text under a .docx name


def test_cli_report_into_a_missing_directory_is_one_line(
    demo_cli: tuple[CliRunner, Path], tmp_path: Path
) -> None:
    cli, path = demo_cli
    target = tmp_path / "missing" / "report.txt"
    result = cli(["report", "-o", str(target), "--db", str(path)], **ENV)
    assert result.code == 1
    assert result.out == ""
    assert result.err.splitlines()[-1].startswith("错误：无法写入 ")
    assert not target.parent.exists()
