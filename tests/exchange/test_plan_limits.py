"""`import-plan` within bounds (issue 9 finding 11): a document far beyond a plan's size
is refused before it is parsed, naming the limit; a long plan is read whole (past item
99), and one numbered past the last number read is refused, never cut short. The crafted
documents are made here."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx
import pytest

from branchtui.exchange import doc_reader
from branchtui.exchange.enumerators import MAX_NUMBER, chinese_number, to_chinese
from branchtui.exchange.plan_doc import load_plan
from tests.conftest import CliRunner
from tests.storage.helpers import dump

ENV = {"BRANCHTUI_TODAY": "2024-07-01"}
PYTHON_ERROR = re.compile(r"[A-Z][a-zA-Z]+(Error|Exception)\b|Traceback")


def plan_text(count: int, number: object = str) -> str:
    lines = ["2025年党支部工作计划", ""]
    lines += [f"{number(n)}、加强学习第{n}项，组织党员集中学习。" for n in range(1, count + 1)]
    return "\n".join(lines) + "\n"


def refused(cli_db: CliRunner, path: Path, lang: str = "zh") -> str:
    result = cli_db(["import-plan", str(path), "--year", "2025", "--lang", lang], **ENV)
    assert result.code == 1, result
    lines = result.err.splitlines()
    assert len(lines) == 1 and not PYTHON_ERROR.search(result.err), result.err
    return lines[0]


# -- long plans are read whole --------------------------------------------------------------


@pytest.mark.parametrize("number", [str, to_chinese], ids=["arabic", "chinese"])
def test_a_150_item_plan_is_read_whole(cli_db: CliRunner, tmp_path: Path, number: object) -> None:
    path = tmp_path / "plan.txt"
    path.write_text(plan_text(150, number), encoding="utf-8")
    result = cli_db(["import-plan", str(path), "--dry-run"], **ENV)
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert "150" in lines[0] and len(lines) == 151
    assert lines[-1].startswith("150. 加强学习第150项")


def test_a_150_item_word_list_is_read_whole(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("2025年党支部工作计划")
    for n in range(1, 151):
        document.add_paragraph(f"加强学习第{n}项，组织党员集中学习。", style="List Number")
    path = tmp_path / "plan.docx"
    document.save(str(path))
    plan = load_plan(path)
    assert len(plan.items) == 150 and plan.items[-1].title == "加强学习第150项"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_plan_numbered_past_the_last_number_read_is_refused(
    cli_db: CliRunner, initialised_db: Path, tmp_path: Path, lang: str
) -> None:
    path = tmp_path / "plan.txt"
    path.write_text(plan_text(MAX_NUMBER + 1), encoding="utf-8")
    before = dump(initialised_db)
    line = refused(cli_db, path, lang)
    assert str(MAX_NUMBER) in line and str(path) in line
    assert dump(initialised_db) == before


def test_chinese_numbers_up_to_the_limit() -> None:
    assert [chinese_number(to_chinese(n)) for n in range(1, MAX_NUMBER + 1)] == list(
        range(1, MAX_NUMBER + 1)
    )
    assert [to_chinese(n) for n in (100, 105, 110, 120, 999)] == [
        "一百",
        "一百零五",
        "一百一十",
        "一百二十",
        "九百九十九",
    ]
    assert chinese_number("一百十二") == 112
    assert [chinese_number(t) for t in ("百", "一百零", "一百零十", "零")] == [None] * 4


# -- far beyond a plan: refused before parsing --------------------------------------------


def _zip_bomb(path: Path, unpacked: int) -> None:
    """A real .docx whose document.xml is padded with `unpacked` bytes of empty paragraphs
    (they compress a thousandfold)."""
    plain = path.with_suffix(".plain.docx")
    document = docx.Document()
    document.add_paragraph("2025年党支部工作计划")
    document.add_paragraph("一是加强学习。")
    document.save(str(plain))
    with (
        zipfile.ZipFile(plain) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb,
    ):
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                padding = b"<w:p/>" * (unpacked // 6)
                data = data.replace(b"</w:body>", padding + b"</w:body>")
            bomb.writestr(item.filename, data)
    plain.unlink()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_zip_bomb_docx_is_refused_before_parsing(
    cli_db: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    path = tmp_path / "plan.docx"
    _zip_bomb(path, doc_reader.MAX_XML_BYTES + 1024 * 1024)
    assert path.stat().st_size < 1024 * 1024  # small on disk, huge unpacked

    def never(*args: object) -> None:
        raise AssertionError("python-docx was asked to parse the bomb")

    monkeypatch.setattr(docx, "Document", never)
    line = refused(cli_db, path, lang)
    assert str(path) in line and "40 MB" in line


def test_a_huge_file_is_refused_naming_the_limit(cli_db: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    with path.open("wb") as stream:
        stream.truncate(doc_reader.MAX_FILE_BYTES + 1)
    line = refused(cli_db, path)
    assert "20 MB" in line


def test_too_many_paragraphs_are_refused_naming_the_limit(
    cli_db: CliRunner, tmp_path: Path
) -> None:
    path = tmp_path / "plan.txt"
    paragraphs = doc_reader.MAX_PARAGRAPHS + 1
    path.write_text("2025年工作计划\n" + "学习。\n\n" * paragraphs, encoding="utf-8")
    line = refused(cli_db, path, "en")
    assert f"{doc_reader.MAX_PARAGRAPHS}" in line and str(paragraphs + 1) in line


def test_many_headings_take_linear_work(tmp_path: Path) -> None:
    """19,000 lines naming a plan, no item: each was a candidate list scanning to the end
    (50 s); now a single pass. Not timed here: it must simply finish, with the answer."""
    path = tmp_path / "plan.txt"
    path.write_text("工作计划\n" * 19_000 + "1. 学习\n", encoding="utf-8")
    assert [item.title for item in load_plan(path).items] == ["学习"]
