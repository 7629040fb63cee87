"""Reading plan documents and finding their plan items (SPEC §6 import-plan)."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest

from branchtui.errors import ValidationError
from branchtui.exchange.doc_reader import read_lines
from branchtui.exchange.enumerators import (
    Enumerator,
    chinese_number,
    match_enumerator,
    to_chinese,
)
from branchtui.exchange.plan_doc import PlanDocument, PlanEntry, load_plan, parse_plan

DATA = Path(__file__).resolve().parent.parent / "data"
PLANS = DATA / "plans"

SAMPLE_TITLES = [
    "强党员干部的学习教育",
    "把学习文件为主的方式与交流研讨、观看红色电影、参观教育基地、参与公益活动、现场观摩、"
    "邀请专家进行座谈交流等多样性学习方式结合起来",
    "进一步落实全面从严治党主体责任",
    "党支部书记是党建带团建第一责任人",
    "定期进行集中交流研讨",
    "严格按照“三会一课”要求召开会议和组织活动",
    "持之以恒将“我为群众办实事”融入日常",
]


def titles(doc: PlanDocument) -> list[str]:
    return [item.title for item in doc.items]


def plan(text: str) -> PlanDocument:
    return parse_plan(text.splitlines())


# --- the sample -------------------------------------------------------------------------


def test_sample_gives_the_seven_plan_items_of_2024() -> None:
    doc = load_plan(DATA / "sample_2023_summary_2024_plan.txt")
    assert doc.year == 2024
    assert doc.heading == "第二部分2024年党建工作计划"
    assert titles(doc) == SAMPLE_TITLES
    assert [item.number for item in doc.items] == list(range(1, 8))


@pytest.mark.parametrize("width", [23, 38, 60])
def test_sample_hard_wrapped_gives_the_same_items(width: int) -> None:
    lines: list[str] = []
    for paragraph in (DATA / "sample_2023_summary_2024_plan.txt").read_text("utf-8").splitlines():
        lines += [paragraph[i : i + width] for i in range(0, len(paragraph), width)] or [""]
    doc = parse_plan(lines)
    assert (doc.year, titles(doc)) == (2024, SAMPLE_TITLES)


def test_sample_as_gb18030_and_as_docx(tmp_path: Path) -> None:
    text = (DATA / "sample_2023_summary_2024_plan.txt").read_text("utf-8")
    gb = tmp_path / "sample.txt"
    gb.write_bytes(text.encode("gb18030"))
    assert titles(load_plan(gb)) == SAMPLE_TITLES
    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    word = tmp_path / "sample.docx"
    document.save(str(word))
    doc = load_plan(word)
    assert (doc.year, titles(doc)) == (2024, SAMPLE_TITLES)


def test_sample_details_join_broken_lines_and_drop_markers() -> None:
    doc = load_plan(DATA / "sample_2023_summary_2024_plan.txt")
    first, second, *_, last = doc.items
    assert first.detail.startswith("不断提高广大党员干部的思想政治素质")
    assert first.detail.endswith("不断把学习引向深入")
    assert second.detail == "使支部组织生活由形式单一向多样化转变；"
    assert last.detail.endswith("持续推进。")
    assert all("##" not in item.detail and "\n" not in item.detail for item in doc.items)
    # The summary's 不足 (一是…三是) are not plan items.
    assert not any("思路不宽" in item.title + item.detail for item in doc.items)


# --- numbering styles -------------------------------------------------------------------

SUMMARY = """XX党支部2024年工作总结及2025年工作计划
一、2024年工作总结
全年组织集中学习12次，开展主题党日活动12次。
存在的不足：
一是学习形式比较单一；
二是党员作用发挥不够充分。
二、2025年工作计划
2025年，支部将着力抓好以下工作：
"""
ITEMS = [
    ("加强理论学习", "坚持每月集中学习一次。"),
    ("规范组织生活", "严格落实“三会一课”制度。"),
    ("强化党风廉政建设", "开展警示教育活动。"),
]


@pytest.mark.parametrize(
    "marks",
    [
        ["一是", "二是", "三是"],
        ["一、", "二、", "三、"],
        ["（一）", "（二）", "（三）"],
        ["(一)", "(二)", "(三)"],
        ["1.", "2.", "3."],
        ["1. ", "2. ", "3. "],
        ["1、", "2、", "3、"],
        ["1．", "2．", "3．"],
        ["(1)", "(2)", "(3)"],
        ["（1）", "（2）", "（3）"],
        ["1)", "2)", "3)"],
        ["①", "②", "③"],
        ["第一，", "第二，", "第三，"],
        ["一是", "二、", "（三）"],
        ["1.", "2、", "三是"],
    ],
)
def test_every_numbering_style(marks: list[str]) -> None:
    text = SUMMARY + "".join(f"{m}{t}，{d}\n" for m, (t, d) in zip(marks, ITEMS, strict=True))
    doc = plan(text)
    assert doc.year == 2025
    assert doc.heading == "二、2025年工作计划"
    assert doc.items == [PlanEntry(n, t, d) for n, (t, d) in enumerate(ITEMS, start=1)]


def test_mixed_numbering_in_one_list_skips_the_summary_items() -> None:
    doc = load_plan(PLANS / "mixed_numbering.txt")
    assert doc.year == 2025
    assert doc.heading == "二、2025年工作打算"
    assert titles(doc) == [
        "抓好政治理论学习",
        "落实“三会一课”制度",
        "深化党建品牌创建",
        "加强党员队伍建设",
        "抓好党风廉政建设",
    ]
    assert doc.items[2].detail == ""
    assert doc.items[3].detail == "严格发展党员程序，做好入党积极分子的培养考察工作。"


def test_enumerators() -> None:
    assert match_enumerator("十一是加强") == Enumerator("shi", 11, "加强")
    assert match_enumerator("（十二） 加强") == Enumerator("cn_paren", 12, "加强")
    assert match_enumerator("3、 加强") == Enumerator("arabic", 3, "加强")
    assert match_enumerator("6.30节点") is None
    assert match_enumerator("2024年工作") is None
    assert match_enumerator("第二部分2024年党建工作计划") is None
    assert match_enumerator("12、加强") is not None
    assert chinese_number("二十三") == 23
    assert chinese_number("一一") is None
    assert [to_chinese(n) for n in (1, 10, 12, 20, 31)] == ["一", "十", "十二", "二十", "三十一"]


# --- structure --------------------------------------------------------------------------


def test_heading_items_with_sub_items_keep_them_in_the_detail() -> None:
    doc = load_plan(PLANS / "sub_items.txt")
    assert doc.year == 2025
    assert doc.heading == "机关第二党支部2025年党建工作要点"
    assert titles(doc) == ["加强政治建设", "加强组织建设", "推进党建与业务深度融合"]
    first = doc.items[0].detail.splitlines()
    assert first[0].startswith("坚持把党的政治建设摆在首位")
    assert first[1].startswith("1. 认真落实")
    assert first[2] == "2. 严格执行重大事项请示报告制度。"
    assert doc.items[2].detail == "围绕年度重点任务，开展党员先锋岗创建活动。"


def test_closing_remark_signature_and_date_are_not_items() -> None:
    doc = load_plan(PLANS / "closing_remark.txt")
    assert titles(doc) == ["加强理论武装", "严肃组织生活", "强化纪律教育"]
    assert doc.items[-1].detail == "开展党纪学习教育，筑牢拒腐防变思想防线。"


def test_closing_remark_after_a_blank_line_ends_the_list() -> None:
    doc = plan("2025年工作计划\n1. 加强学习\n2. 规范组织生活\n\n以上计划由支委会负责落实\n")
    assert titles(doc) == ["加强学习", "规范组织生活"]


def test_items_with_comma_headings_and_several_paragraphs() -> None:
    doc = plan(
        "第二部分 2025年工作计划\n"
        "一、坚持政治引领，筑牢思想根基\n"
        "坚持把政治建设摆在首位。\n"
        "深入开展党纪学习教育。\n"
        "二、坚持规范运行，夯实组织基础\n"
        "严格落实“三会一课”制度。\n"
        "\n"
        "三、坚持融合发展，服务中心工作\n"
        "开展党员先锋岗创建。\n"
        "以上计划，请认真抓好落实。\n"
    )
    assert titles(doc) == ["坚持政治引领", "坚持规范运行", "坚持融合发展"]
    assert doc.items[0].detail == "筑牢思想根基坚持把政治建设摆在首位。\n深入开展党纪学习教育。"
    assert doc.items[2].detail == "服务中心工作开展党员先锋岗创建。"


def test_closing_remark_after_sub_items() -> None:
    doc = plan(
        "2025年工作要点\n（一）加强学习\n1. 每月集中学习。\n2. 每季度专题研讨。\n"
        "（二）规范组织生活\n1. 按时召开支委会。\n以上要点由支委会负责落实。\n"
    )
    assert titles(doc) == ["加强学习", "规范组织生活"]
    assert doc.items[1].detail == "1. 按时召开支委会。"


def test_plan_with_sections_takes_the_task_section() -> None:
    doc = load_plan(PLANS / "plan_with_sections.txt")
    # The section naming the tasks holds the items; its year is the plan's above it.
    assert (doc.year, doc.heading) == (2025, "三、重点任务")
    assert titles(doc) == ["加强理论学习", "规范组织生活", "推进党建融合"]
    assert doc.items[0].detail == "坚持“第一议题”制度，每月集中学习不少于一次。"


def test_list_of_bare_titles_then_a_closing_remark() -> None:
    doc = plan(
        "2025年工作安排\n1. 学习全会精神\n2. 开展主题党日\n3. 召开组织生活会\n请抓好落实。\n"
    )
    assert titles(doc) == ["学习全会精神", "开展主题党日", "召开组织生活会"]
    doc = plan("2025年工作安排\n1. 学习全会精神\n2. 开展主题\n党日活动\n3. 召开组织生活会\n")
    assert titles(doc) == ["学习全会精神", "开展主题党日活动", "召开组织生活会"]


def test_next_sibling_of_the_heading_ends_the_list() -> None:
    doc = plan(
        "二、2025年工作计划\n（一）加强学习。\n（二）规范组织生活。\n"
        "三、保障措施\n（一）加强组织领导。\n"
    )
    assert titles(doc) == ["加强学习", "规范组织生活"]


def test_items_naming_plans_belong_to_the_plan_above_them() -> None:
    doc = plan(
        "第一党支部2025年工作计划\n一、学习计划\n（一）每月集中学习一次。\n"
        "（二）开展专题研讨。\n二、组织生活安排\n（一）每月召开支委会。\n"
    )
    assert doc.heading == "第一党支部2025年工作计划"
    assert titles(doc) == ["学习计划", "组织生活安排"]


def test_item_named_like_a_plan_in_the_middle_of_a_list_is_not_a_heading() -> None:
    doc = plan("2025年工作计划\n1. 加强学习。\n2. 制定2025年学习计划\n3. 规范组织生活。\n")
    assert doc.year == 2025
    assert titles(doc) == ["加强学习", "制定2025年学习计划", "规范组织生活"]


def test_heading_with_its_intro_on_the_same_line() -> None:
    doc = plan(
        "三、2026年工作打算：2026年，支部将重点做好以下工作。\n一是加强学习；\n二是强化纪律。\n"
    )
    assert doc.year == 2026
    assert doc.heading == "三、2026年工作打算"
    assert titles(doc) == ["加强学习", "强化纪律"]


def test_heading_without_year_and_sub_heading_inheriting_one() -> None:
    assert plan("下一步工作打算\n1. 加强学习。\n").year is None
    doc = plan("2025年党建工作\n具体工作安排如下\n1. 加强学习。\n")
    assert (doc.year, doc.heading) == (2025, "具体工作安排如下")


def test_no_plan_part_is_an_error(tmp_path: Path) -> None:
    path = PLANS / "no_plan.txt"
    with pytest.raises(ValidationError) as caught:
        load_plan(path)
    assert caught.value.key == "plan.none_found"
    assert caught.value.params["file"] == str(path)
    with pytest.raises(ValidationError):
        parse_plan(["2025年工作计划", "加强学习，提高素质。"])
    with pytest.raises(ValidationError):
        parse_plan([])


# --- lines, noise, titles ---------------------------------------------------------------


def test_lines_broken_mid_sentence_join_without_space_in_chinese_with_one_in_latin() -> None:
    doc = plan(
        "2025 work plan\n"
        "1. Hold monthly study sessions, with each member\n"
        "taking a turn to lead\n"
        "2. Visit the red education\n"
        "base, then discuss.\n"
        "3. 组织党员参观红色教\n"
        "育基地。\n"
    )
    assert doc.year == 2025
    assert doc.items == [
        PlanEntry(1, "Hold monthly study sessions", "with each member taking a turn to lead"),
        PlanEntry(2, "Visit the red education base", "then discuss."),
        PlanEntry(3, "组织党员参观红色教育基地", ""),
    ]


def test_markers_page_numbers_and_blank_lines_are_noise() -> None:
    doc = plan(
        "##paidbegin##2025年工作计划\n\n"
        "一、加强##paidbegin##学习，每月\n"
        "##paidend##\n"
        "- 2 -\n"
        "集中学习一次。\n"
        "\u3000\u3000\n"
        "二、规范组织生活。##vipend##\n"
    )
    assert doc.heading == "2025年工作计划"
    assert doc.items == [
        PlanEntry(1, "加强学习", "每月集中学习一次。"),
        PlanEntry(2, "规范组织生活", ""),
    ]


@pytest.mark.parametrize(
    ("text", "title", "detail"),
    [
        ("加强学习，每月一次。", "加强学习", "每月一次。"),
        ("加强学习。每月一次。", "加强学习", "每月一次。"),
        ("加强学习；每月一次", "加强学习", "每月一次"),
        ("加强学习：每月一次", "加强学习", "每月一次"),
        ("加强学习", "加强学习", ""),
        ("开展“学习、交流，提高”活动，每季度一次", "开展“学习、交流，提高”活动", "每季度一次"),
        ("确保“6.30”节点完成，不拖延", "确保“6.30”节点完成", "不拖延"),
        ("开展“学习，交流活动，每季度一次", "开展“学习", "交流活动，每季度一次"),
        ("Hold 1,000 talks. Then rest", "Hold 1,000 talks", "Then rest"),
    ],
)
def test_title_is_the_text_up_to_the_first_comma_or_full_stop(
    text: str, title: str, detail: str
) -> None:
    doc = plan(f"2025年工作计划\n1. {text}\n")
    assert doc.items == [PlanEntry(1, title, detail)]


# --- reading files ----------------------------------------------------------------------

PLAN_TEXT = "XX党支部2025年工作计划\n一是加强理论学习，每月一次；\n二是规范组织生活。\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16"])
def test_text_encodings(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "plan.txt"
    path.write_bytes(PLAN_TEXT.replace("\n", "\r\n").encode(encoding))
    doc = load_plan(path)
    assert doc.year == 2025
    assert doc.heading == "XX党支部2025年工作计划"
    assert titles(doc) == ["加强理论学习", "规范组织生活"]


def test_gb18030_is_really_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_bytes(PLAN_TEXT.encode("gb18030"))
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")
    assert read_lines(path)[0] == "XX党支部2025年工作计划"


def test_markdown_plan() -> None:
    lines = read_lines(PLANS / "plan_2025.md")
    assert "2025年工作计划" in lines
    assert "全年开展主题党日活动12次" in lines
    doc = load_plan(PLANS / "plan_2025.md")
    assert doc.year == 2025
    assert doc.heading == "2025年工作计划"
    assert doc.items == [
        PlanEntry(1, "强化理论学习", "坚持“第一议题”制度，每月开展一次集中学习。"),
        PlanEntry(2, "规范组织生活", "严格落实“三会一课”制度。"),
        PlanEntry(
            3,
            "开展“我为群众办实事”实践活动",
            "年内解决群众急难愁盼问题不少于5件。",
        ),
    ]


def test_missing_binary_and_undecodable_files(tmp_path: Path) -> None:
    cases = {
        tmp_path / "missing.txt": None,
        tmp_path / "old.doc": b"\xd0\xcf\x11\xe0\x00\x00binary",
        tmp_path / "bad.txt": b"\x81\x20\xff\xfe\x80",
        tmp_path / "fake.docx": b"this is not a zip",
        tmp_path / "a_directory": "dir",
    }
    for path, content in cases.items():
        if isinstance(content, bytes):
            path.write_bytes(content)
        elif content == "dir":
            path.mkdir()
        with pytest.raises(ValidationError) as caught:
            load_plan(path)
        assert caught.value.key == "plan.cannot_read", path
        assert caught.value.params["file"] == str(path)
        assert caught.value.params["detail"]


def test_zip_that_is_not_a_word_document(tmp_path: Path) -> None:
    path = tmp_path / "plan.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hello")
    with pytest.raises(ValidationError) as caught:
        read_lines(path)
    assert caught.value.key == "plan.cannot_read"


# --- Word -------------------------------------------------------------------------------


def _numbered_document() -> Any:
    """A document with its own numbering definition: 一、 at level 0, （一） at level 1."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.insert(
        0,
        parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">'
            '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
            '<w:lvlText w:val="%1、"/></w:lvl>'
            '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
            '<w:lvlText w:val="（%2）"/></w:lvl>'
            '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/>'
            '<w:lvlText w:val="%3."/></w:lvl>'
            "</w:abstractNum>"
        ),
    )
    numbering.append(
        parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>')
    )
    return document


def _number(paragraph: Any, num_id: int, ilvl: int) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    num_pr = ppr.get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = ilvl
    num_pr.get_or_add_numId().val = num_id


def test_docx_with_list_number_style(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("XX党支部2024年工作总结及2025年工作计划", level=1)
    document.add_paragraph("一、2024年工作总结")
    document.add_paragraph("一是学习形式单一；")
    document.add_paragraph("二是作用发挥不够。")
    document.add_paragraph("二、2025年工作计划")
    document.add_paragraph("支部将着力抓好以下工作：")
    for text in ("加强理论学习，每月一次。", "规范组织生活，落实“三会一课”。", "强化纪律教育"):
        document.add_paragraph(text, style="List Number")
    # Word's numbered paragraph ends the item: the closing remark does not join it.
    document.add_paragraph("以上计划请认真落实。")
    path = tmp_path / "plan.docx"
    document.save(str(path))

    lines = read_lines(path)
    assert "1. 加强理论学习，每月一次。" in lines
    assert "3. 强化纪律教育" in lines
    doc = load_plan(path)
    assert doc.year == 2025
    assert doc.heading == "二、2025年工作计划"
    assert doc.items == [
        PlanEntry(1, "加强理论学习", "每月一次。"),
        PlanEntry(2, "规范组织生活", "落实“三会一课”。"),
        PlanEntry(3, "强化纪律教育", ""),
    ]


def test_docx_with_direct_chinese_numbering_and_levels(tmp_path: Path) -> None:
    document = _numbered_document()
    document.add_paragraph("第一党支部2025年工作要点")
    paragraphs = [
        ("加强政治建设", 0),
        ("认真落实“第一议题”制度。", 1),
        ("严格执行请示报告制度。", 1),
        ("细则", 2),
        ("加强组织建设", 0),
        ("规范开展“三会一课”。", 1),
    ]
    for text, level in paragraphs:
        _number(document.add_paragraph(text), 90, level)
    # A typed-in number is not numbered twice.
    _number(document.add_paragraph("三、推进融合发展"), 90, 0)
    path = tmp_path / "plan.docx"
    document.save(str(path))

    lines = read_lines(path)
    assert lines[1:] == [
        "一、 加强政治建设",
        "（一） 认真落实“第一议题”制度。",
        "（二） 严格执行请示报告制度。",
        "(1) 细则",
        "二、 加强组织建设",
        "（一） 规范开展“三会一课”。",
        "三、推进融合发展",
    ]
    doc = load_plan(path)
    assert doc.year == 2025
    assert titles(doc) == ["加强政治建设", "加强组织建设", "推进融合发展"]
    assert doc.items[0].detail.splitlines()[0] == "（一） 认真落实“第一议题”制度。"


def test_docx_table_cells_are_read_once(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("2025年工作计划")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "1. 加强学习。"
    table.cell(1, 0).text = "2. 规范组织生活。"
    path = tmp_path / "plan.docx"
    document.save(str(path))
    assert read_lines(path).count("1. 加强学习。") == 1
    assert titles(load_plan(path)) == ["加强学习", "规范组织生活"]


def test_docx_renamed_to_txt_is_still_read_as_word(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("2025年工作计划")
    document.add_paragraph("加强学习。", style="List Number")
    path = tmp_path / "plan.txt"
    document.save(str(path))
    assert titles(load_plan(path)) == ["加强学习"]
