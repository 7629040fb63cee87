"""`member import` / `member export`: the register in and out of Excel and CSV as a branch
keeps it (issue 10, finding 9). The registers are built here, with openpyxl and csv: a
clean one, a messy one as people make them, and bad ones, each refused whole with its row
and column named and nothing written."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from tests.conftest import CliRunner

TODAY = {"BRANCHTUI_TODAY": "2024-07-01"}
HEADINGS = [
    "序号",
    "姓名",
    "性别",
    "民族",
    "出生日期",
    "学历",
    "党小组",
    "职务",
    "阶段",
    "申请入党日期",
    "确定积极分子日期",
    "确定发展对象日期",
    "入党日期",
    "转正日期",
    "联系电话",
    "身份证号",
]
CLEAN = [
    [1, "张建国", "男", "汉族", date(1975, 3, 12), "大学本科", "第一党小组", "书记", "正式党员",
     None, None, None, date(2000, 6, 20), date(2001, 6, 20), "13800000001", "110101197503120011"],
    [2, "李红梅", "女", "彝族", date(1990, 4, 15), "大学本科", "第二党小组", "宣传委员", "正式党员",
     None, None, None, date(2014, 6, 28), date(2015, 6, 28), None, None],
    [3, "刘洋", "男", "汉族", date(1996, 5, 6), "大学本科", "第二党小组", None, "预备党员",
     date(2020, 3, 2), date(2020, 9, 10), date(2023, 8, 15), date(2023, 11, 15), None, None, None],
    [4, "周强", "男", "汉族", date(2000, 1, 17), "大学专科", "第二党小组", None, "入党积极分子",
     date(2023, 3, 20), date(2023, 10, 10), None, None, None, None, None],
]  # fmt: skip


def dump(path: Path) -> list[str]:
    connection = sqlite3.connect(path)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


def xlsx(path: Path, rows: list[list[Any]], merge: str | None = None) -> Path:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    book.save(path)
    return path


def cells(path: Path) -> list[list[Any]]:
    return [list(row) for row in load_workbook(path).active.iter_rows(values_only=True)]


def people(cli_db: CliRunner) -> list[dict[str, Any]]:
    result = cli_db("member list --json --include-private --all", **TODAY)
    assert result.code == 0, result.err
    rows: list[dict[str, Any]] = json.loads(result.out)
    return [
        json.loads(cli_db(f"member show {r['id']} --json --include-private", **TODAY).out)
        for r in rows
    ]


def imported(cli_db: CliRunner, path: Path, extra: str = "") -> Any:
    result = cli_db(f"member import {path} {extra}", **TODAY)
    assert result.code == 0, result.err
    return result


# -- a clean register ----------------------------------------------------------------------


def test_a_clean_register_is_imported(cli_db: CliRunner, tmp_path: Path) -> None:
    path = xlsx(tmp_path / "名册.xlsx", [HEADINGS, *CLEAN])
    result = imported(cli_db, path)
    assert result.out == f"已导入 {path}：新增 4 人，更新 0 人，无变化 0 人\n"
    assert result.err == ""
    found = {p["name"]: p for p in people(cli_db)}
    assert list(found) == ["张建国", "李红梅", "刘洋", "周强"]
    zhang = found["张建国"]
    assert (zhang["stage"], zhang["admitted_on"], zhang["confirmed_on"], zhang["post"]) == (
        "full",
        "2000-06-20",
        "2001-06-20",
        "书记",
    )
    assert (zhang["phone"], zhang["id_number"], zhang["birth_date"]) == (
        "13800000001",
        "110101197503120011",
        "1975-03-12",
    )
    liu = found["刘洋"]
    assert (liu["stage"], liu["candidate_on"], liu["confirmed_on"]) == (
        "probationary",
        "2023-08-15",
        None,
    )
    # One change: one undo takes the whole register back.
    history = json.loads(cli_db("history --json", **TODAY).out)
    assert [h["action"] for h in history[:1]] == ["member.import"]
    assert cli_db("undo", **TODAY).code == 0
    assert json.loads(cli_db("member list --json --all", **TODAY).out) == []


# -- a messy register, as people make them --------------------------------------------------


def test_a_messy_register_is_read_as_people_mean_it(cli_db: CliRunner, tmp_path: Path) -> None:
    rows = [
        ["XX党支部党员名册（2024年）"],
        ["填报单位：XX党支部", None, None, None, "填报日期：2024年6月30日"],
        [],
        ["序 号", "姓  名", "性别", "民族", "出生年月日", "文化程度", "所在党小组", "党内职务",
         "人员类别", "申请入党时间", "确定为入党积极分子时间", "入党时间", "转正时间",
         "手机号码", "身份证号码", "籍贯"],
        [1, "张　伟", "男", "汉族", "1980.5.6", "本科", "一组", "书记", "中共党员", None, None,
         "2005年7月1日", "2006/7/1", 13900000002, "11010119800506123x", "云南"],
        [],
        [2, " 王　芳 ", "女", "汉族", 19920203, "硕士", "二组", None, "预备党员", "2019/3/1",
         "2019.9.10", datetime(2024, 1, 5), None, None, None, "四川"],
        [3, "Ahmat  Tursun", "男性", "维吾尔族", "19950101", "本科", "二组", None, "积极分子",
         "2023-03-01", "20231001", None, None, None, None, None],
        [4],
        [5, None, None, None, None],
    ]  # fmt: skip
    path = xlsx(tmp_path / "messy.xlsx", rows, merge="A1:P1")
    result = imported(cli_db, path)
    assert result.out.endswith("新增 3 人，更新 0 人，无变化 0 人\n")
    assert result.err == "警告：未识别的列，已忽略：籍贯\n"  # 序号 is read past silently
    found = {p["name"]: p for p in people(cli_db)}
    assert list(found) == ["张伟", "王芳", "Ahmat Tursun"]
    zhang, wang, ahmat = found["张伟"], found["王芳"], found["Ahmat Tursun"]
    assert (zhang["birth_date"], zhang["stage"], zhang["admitted_on"], zhang["confirmed_on"]) == (
        "1980-05-06",
        "full",
        "2005-07-01",
        "2006-07-01",
    )
    assert (zhang["phone"], zhang["id_number"], zhang["group"]) == (
        "13900000002",
        "11010119800506123X",
        "一组",
    )
    assert (wang["birth_date"], wang["stage"], wang["applied_on"], wang["admitted_on"]) == (
        "1992-02-03",
        "probationary",
        "2019-03-01",
        "2024-01-05",
    )
    assert (ahmat["gender"], ahmat["stage"], ahmat["activist_on"]) == (
        "男",
        "activist",
        "2023-10-01",
    )


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gb18030"])
def test_csv_in_each_encoding(cli_db: CliRunner, tmp_path: Path, encoding: str) -> None:
    stream = io.StringIO(newline="")
    writer = csv.writer(stream)
    writer.writerow(["序号", "姓名", "性别", "出生日期", "阶段", "入党日期", "转正日期"])
    writer.writerow([1, "曾晓明", "男", "1982/8/2", "正式党员", "2008年7月1日", "2009.7.1"])
    writer.writerow([2, "单丽华", "女", "19861123", "预备党员", "2024-01-10", ""])
    path = tmp_path / "名册.csv"
    path.write_bytes(stream.getvalue().encode(encoding))
    imported(cli_db, path)
    found = {p["name"]: (p["stage"], p["birth_date"], p["confirmed_on"]) for p in people(cli_db)}
    assert found == {
        "曾晓明": ("full", "1982-08-02", "2009-07-01"),
        "单丽华": ("probationary", "1986-11-23", None),
    }


# -- matching the people already on the register --------------------------------------------


def test_known_people_are_matched_and_changed(
    cli_db: CliRunner, db_path: Path, tmp_path: Path
) -> None:
    imported(cli_db, xlsx(tmp_path / "first.xlsx", [HEADINGS, *CLEAN]))
    changed = [row[:] for row in CLEAN]
    changed[0][1] = "张建华"  # renamed, matched by 身份证号
    changed[1][7] = "组织委员"  # matched by 姓名 + 出生日期
    path = xlsx(tmp_path / "second.xlsx", [HEADINGS, *changed])
    before = dump(db_path)
    preview = imported(cli_db, path, "--dry-run")
    assert dump(db_path) == before
    assert preview.out.splitlines() == [
        f"预览（未写入）{path}：将新增 0 人，更新 2 人，无变化 2 人",
        "  更新：第 2 行 张建华（姓名）",
        "  更新：第 3 行 李红梅（职务）",
    ]
    imported(cli_db, path)
    found = {p["id"]: (p["name"], p["post"]) for p in people(cli_db)}
    assert found[1] == ("张建华", "书记") and found[2] == ("李红梅", "组织委员")
    assert len(found) == 4
    search = json.loads(cli_db("member list --json --search zjh", **TODAY).out)
    assert [r["name"] for r in search] == ["张建华"]  # a new name gets a new pinyin key


# -- bad registers: refused whole, row and column named, nothing written ---------------------


def _bad(row: int, column: str, value: Any) -> list[list[Any]]:
    rows = [HEADINGS, *(r[:] for r in CLEAN)]
    rows[row - 1][HEADINGS.index(column)] = value
    return rows


@pytest.mark.parametrize(
    ("rows", "where", "part"),
    [
        (_bad(3, "入党日期", "2014-13-28"), "第 3 行“入党日期”列", "不是日期"),
        (_bad(2, "出生日期", "1975.03"), "第 2 行“出生日期”列", "只有年月"),
        (_bad(2, "身份证号", 110101197503120011.0), "第 2 行“身份证号”列", "15 位"),
        (_bad(5, "阶段", "共青团员"), "第 5 行“阶段”列", "入党积极分子"),
        (_bad(2, "转正日期", date(2001, 9, 1)), "第 2 行“转正日期”列", "2001-06-20"),
        (_bad(5, "出生日期", date(2006, 1, 1)), "第 5 行“申请入党日期”列", "十八岁"),
        (_bad(4, "确定发展对象日期", date(2019, 1, 1)), "第 4 行“确定发展对象日期”列", "早于"),
        (_bad(3, "身份证号", "110101197503120011"), "第 3 行“身份证号”列", "第 2 行"),
    ],
)
def test_a_bad_register_is_refused_whole(
    cli_db: CliRunner, db_path: Path, tmp_path: Path, rows: list[list[Any]], where: str, part: str
) -> None:
    path = xlsx(tmp_path / "bad.xlsx", rows)
    before = dump(db_path)
    result = cli_db(f"member import {path}", **TODAY)
    assert (result.code, result.out) == (1, "")
    lines = result.err.splitlines()
    assert lines[0] == f"错误：名册 {path} 有 1 处错误，未导入任何内容："
    assert lines[1].startswith("  " + where), lines[1]
    assert part in lines[1]
    assert "Traceback" not in result.err and "\x1b" not in result.err
    assert dump(db_path) == before
    english = cli_db(f"member import {path} --lang en", **TODAY)
    assert english.code == 1 and "has a problem; nothing was imported" in english.err
    assert "row " in english.err and "column" in english.err


def test_every_problem_is_listed(cli_db: CliRunner, db_path: Path, tmp_path: Path) -> None:
    rows = _bad(2, "入党日期", "不详")
    rows[3][HEADINGS.index("阶段")] = "党员干部"
    path = xlsx(tmp_path / "bad.xlsx", rows)
    before = dump(db_path)
    result = cli_db(f"member import {path}", **TODAY)
    lines = result.err.splitlines()
    assert result.code == 1 and "2 处错误" in lines[0]
    assert lines[1].startswith("  第 2 行“入党日期”列") and lines[2].startswith("  第 4 行“阶段”列")
    assert dump(db_path) == before


@pytest.mark.parametrize(
    ("name", "content", "part"),
    [
        ("old.xls", b"\xd0\xcf\x11\xe0", "另存为 .xlsx 或 CSV"),
        ("notes.txt", "随便写的一段话\n没有表头\n".encode(), "找不到表头"),
        ("binary.csv", bytes(range(128, 256)) * 4, "编码无法识别"),
        ("fake.xlsx", b"PK\x03\x04 not really", "不是有效的 Excel"),
        ("header_only.csv", "姓名,性别\n".encode(), "没有数据"),
        ("twice.csv", "姓名,名字,性别\n张三,张三,男\n".encode(), "是同一项"),
        ("names.docx", b"x", "只能导入 .xlsx 或 .csv"),
    ],
)
def test_files_that_are_not_registers(
    cli_db: CliRunner, db_path: Path, tmp_path: Path, name: str, content: bytes, part: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    before = dump(db_path)
    result = cli_db(f"member import {path}", **TODAY)
    assert (result.code, result.out) == (1, "")
    assert len(result.err.splitlines()) == 1 and part in result.err, result.err
    assert dump(db_path) == before


def test_a_zip_bomb_is_refused_before_it_is_unpacked(
    cli_db: CliRunner, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import zipfile

    from branchtui.exchange import register_read

    monkeypatch.setattr(register_read, "MAX_UNPACKED", 1024 * 1024)
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * 3_000_000)
    assert path.stat().st_size < 10_000
    before = dump(db_path)
    result = cli_db(f"member import {path}", **TODAY)
    assert result.code == 1 and "解压后超过 1 MB" in result.err
    assert dump(db_path) == before


def test_hostile_text_in_a_csv_is_refused(cli_db: CliRunner, db_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "hostile.csv"
    text = "姓名,党小组,职务\n刘洋,[/]一组,[link=x]书记\n刘\x1b]52;c;eA==\x07洋,二组,\n"
    path.write_text(text, encoding="utf-8")
    before = dump(db_path)
    result = cli_db(f"member import {path}", **TODAY)
    assert result.code == 1 and "\x1b" not in result.err and "\x07" not in result.err
    assert result.err.splitlines()[1].startswith("  第 3 行“姓名”列") and "控制字符" in result.err
    assert dump(db_path) == before
    path.write_text(text.splitlines()[0] + "\n" + text.splitlines()[1] + "\n", encoding="utf-8")
    assert cli_db(f"member import {path}", **TODAY).code == 0
    (stored,) = people(cli_db)
    assert (stored["group"], stored["post"]) == ("[/]一组", "[link=x]书记")  # text, as typed


# -- export, and the round trip --------------------------------------------------------------


def _full_register(cli_db: CliRunner) -> None:
    for args in (
        "张建国 --stage full --gender 男 --ethnicity 汉族 --birth 1975-03-12 --education 大学本科"
        " --group 第一党小组 --post 书记 --admitted 2000-06-20 --phone 13800000001"
        " --id-number 110101197503120011 --notes 老党员",
        "刘洋 --stage probationary --birth 1996-05-06 --applied 2020-03-02 --activist 2020-09-10"
        " --candidate 2023-08-15 --admitted 2023-11-15 --sponsors 张建国、曾晓明",
        "陈静 --stage probationary --birth 1997-12-01 --admitted 2022-05-20"
        " --extended-to 2023-12-01",
        "周强 --stage activist --birth 2000-01-17 --applied 2023-03-20 --activist 2023-10-10"
        " --contacts 张建国",
        "朱琳 --birth 2002-08-08 --applied 2024-06-01",
    ):
        result = cli_db(f"member add {args}", **TODAY)
        assert result.code == 0, result.err


def test_export_and_import_round_trip(
    cli_db: CliRunner, cli: CliRunner, tmp_path: Path, initialised_template: Path
) -> None:
    import shutil

    _full_register(cli_db)
    first = tmp_path / "名册.xlsx"
    result = cli_db(f"member export -o {first} --include-private --lang en", **TODAY)
    assert (
        result.out
        == f"Exported 5 people to {first} (with phone and ID numbers; readable by you only)\n"
    )
    assert first.stat().st_mode & 0o777 == 0o600
    exported = cells(first)
    assert exported[0][0] == "XX党支部党员和入党积极分子名册"
    assert exported[1][:3] == ["序号", "姓名", "性别"] and exported[1][-2:] == [
        "联系电话",
        "身份证号",
    ]
    assert exported[2][:2] == [1, "张建国"] and "正式党员" in exported[2]
    assert datetime(2001, 6, 20) in exported[2]  # a date cell: 转正 derived from 入党

    empty = tmp_path / "empty.db"
    shutil.copyfile(initialised_template, empty)
    empty.chmod(0o600)
    loaded = cli(f"member import {first} --db {empty}", **TODAY)
    assert loaded.code == 0 and "新增 5 人" in loaded.out, loaded.err
    second = tmp_path / "again.xlsx"
    assert cli(f"member export -o {second} --include-private --db {empty}", **TODAY).code == 0
    assert cells(second) == exported

    # And the same through CSV.
    first_csv, second_csv = tmp_path / "名册.csv", tmp_path / "again.csv"
    assert cli_db(f"member export -o {first_csv} --include-private", **TODAY).code == 0
    other = tmp_path / "other.db"
    shutil.copyfile(initialised_template, other)
    other.chmod(0o600)
    assert cli(f"member import {first_csv} --db {other}", **TODAY).code == 0
    assert cli(f"member export -o {second_csv} --include-private --db {other}", **TODAY).code == 0
    assert second_csv.read_bytes() == first_csv.read_bytes()
    assert first_csv.read_bytes().startswith(b"\xef\xbb\xbf")


def test_export_leaves_private_columns_out_unless_asked(cli_db: CliRunner, tmp_path: Path) -> None:
    _full_register(cli_db)
    path = tmp_path / "public.xlsx"
    result = cli_db(f"member export -o {path}", **TODAY)
    assert result.out == f"已导出 5 人到 {path}\n"
    text = json.dumps(cells(path), ensure_ascii=False, default=str)
    assert "联系电话" not in text and "13800000001" not in text and "110101" not in text
    umask = os.umask(0o022)
    os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask  # not forced private
    bad = cli_db(f"member export -o {tmp_path / 'r.pdf'}", **TODAY)
    assert bad.code == 1 and ".xlsx 或 .csv" in bad.err


def test_an_export_with_only_members_is_a_dangyuan_mingce(
    cli_db: CliRunner, tmp_path: Path
) -> None:
    cli_db("member add 张建国 --stage full --admitted 2000-06-20", **TODAY)
    path = tmp_path / "党员.xlsx"
    assert cli_db(f"member export -o {path}", **TODAY).code == 0
    assert cells(path)[0][0] == "XX党支部党员名册"
