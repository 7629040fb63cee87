"""`branchtui export --format toml` and `branchtui import` as a user runs them."""

from __future__ import annotations

import os
import stat
import tomllib
from pathlib import Path

import pytest

from branchtui.storage.database import open_database
from tests.conftest import CliRunner, heavy_modules_loaded
from tests.exchange.test_toml import HEADER, counts, populate, uid


@pytest.fixture
def seeded(cli_db: CliRunner, db_path: Path) -> CliRunner:
    """The command line on a database holding the records of `test_toml.populate`."""
    db = open_database(str(db_path), user="tester")
    try:
        populate(db)
    finally:
        db.close()
    return cli_db


def table_counts(db_path: Path) -> dict[str, int]:
    db = open_database(str(db_path), user="tester")
    try:
        return counts(db)
    finally:
        db.close()


def test_export_to_stdout_is_the_plan_year(seeded: CliRunner) -> None:
    result = seeded("export --year 2024")
    assert result.code == 0, result.err
    data = tomllib.loads(result.out)
    assert data["year"] == 2024
    assert [i["title"] for i in data["plan_items"]] == ["强党员干部的学习教育", "党建带团建"]
    assert "phone" not in data["members"][0]
    assert result.err == ""


def test_export_all_years_with_private_fields_to_stdout_warns(seeded: CliRunner) -> None:
    result = seeded("export --all-years --include-private --format toml")
    assert result.code == 0
    data = tomllib.loads(result.out)
    assert "year" not in data and len(data["plan_items"]) == 3
    assert data["members"][0]["phone"] == "13800000000"
    assert result.err.startswith("警告：") and "手机号" in result.err


def test_export_to_a_file(seeded: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "out" / "branch.toml"
    target.parent.mkdir()
    old = os.umask(0o022)
    try:
        result = seeded(["export", "--year", "2024", "-o", str(target)])
        assert result.code == 0 and result.out.strip() == f"已导出到 {target}"
        assert stat.S_IMODE(target.stat().st_mode) == 0o644
        result = seeded(["export", "--include-private", "-o", str(target), "--lang", "en"])
        assert "readable by you only" in result.out
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
    finally:
        os.umask(old)
    assert tomllib.loads(target.read_text(encoding="utf-8"))["members"][0]["id_number"]
    assert [p.name for p in target.parent.iterdir()] == ["branch.toml"]  # no temporary left


def test_configured_private_default_and_its_override(
    seeded: CliRunner, tmp_path: Path, db_path: Path
) -> None:
    config = tmp_path / "config.toml"
    config.write_text("[export]\ninclude_private = true\n", encoding="utf-8")
    on = seeded(["export", "--config", str(config)])
    assert "phone" in tomllib.loads(on.out)["members"][0]
    off = seeded(["export", "--config", str(config), "--no-include-private"])
    assert "phone" not in tomllib.loads(off.out)["members"][0]


def test_export_to_a_missing_directory_is_one_line(seeded: CliRunner, tmp_path: Path) -> None:
    result = seeded(["export", "-o", str(tmp_path / "nowhere" / "x.toml")])
    assert result.code == 1
    assert result.err.startswith("错误：无法写入") and result.err.count("\n") == 1


def test_markdown_without_its_module_says_so(
    seeded: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib

    real = importlib.import_module

    def missing(name: str, *args: object) -> object:
        if name == "branchtui.exchange.markdown":
            raise ModuleNotFoundError(name=name)
        return real(name, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(importlib, "import_module", missing)
    result = seeded("export --format md")
    assert result.code == 1 and "Markdown" in result.err


def test_round_trip_through_the_command_line(
    seeded: CliRunner, cli: CliRunner, tmp_path: Path
) -> None:
    exported = tmp_path / "branch.toml"
    assert seeded(["export", "--all-years", "--include-private", "-o", str(exported)]).code == 0
    other = tmp_path / "other.db"
    assert cli(["init", "--db", str(other), "--name", "另一个支部"]).code == 0
    result = cli(["import", str(exported), "--db", str(other)])
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0] == "导入完成：新增 16，更新 1，未变 0"
    assert "  工作事项：新增 3，更新 0，未变 0" in lines
    again = cli(["export", "--all-years", "--include-private", "--db", str(other)]).out
    original = exported.read_text(encoding="utf-8")

    def strip(text: str) -> list[str]:
        return [line for line in text.splitlines() if not line.startswith("exported_at")]

    assert strip(again) == strip(original)
    unchanged = cli(["import", str(exported), "--db", str(other), "--lang", "en"])
    assert unchanged.out.splitlines()[0] == "Imported: 0 created, 0 updated, 17 unchanged"


def test_dry_run_lists_changes_and_writes_nothing(
    seeded: CliRunner, cli: CliRunner, tmp_path: Path
) -> None:
    exported = tmp_path / "branch.toml"
    seeded(["export", "--all-years", "-o", str(exported)])
    other = tmp_path / "other.db"
    cli(["init", "--db", str(other), "--name", "另一个支部"])
    before = table_counts(other)
    result = cli(["import", str(exported), "--dry-run", "--db", str(other)])
    assert result.code == 0
    assert result.out.startswith("将新增 16，更新 1，未变 0（预览，未写入）")
    assert "  新增工作事项：强党员干部的学习教育" in result.out
    assert "  更新党支部：XX党支部（name）" in result.out
    assert table_counts(other) == before


def test_import_then_undo(seeded: CliRunner, tmp_path: Path, db_path: Path) -> None:
    edited = tmp_path / "edit.toml"
    text = seeded("export --year 2024").out.replace('status = "doing"', 'status = "review"')
    edited.write_text(text, encoding="utf-8")
    result = seeded(["import", str(edited)])
    assert result.out.splitlines()[0] == "导入完成：新增 0，更新 1，未变 13"
    assert '"review"' in seeded("export --year 2024").out
    assert seeded("undo").code == 0
    assert 'status = "doing"' in seeded("export --year 2024").out


def test_import_reads_a_bom(seeded: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + (HEADER + '[branch]\nname = "新名字"\n').encode())
    result = seeded(["import", str(path)])
    assert result.code == 0, result.err
    assert 'name = "新名字"' in seeded("export").out


U1 = "00000000-0000-4000-8000-000000000001"  # uid(1)
ITEM = HEADER + f'[[plan_items]]\n{uid(1)}year = 2024\ntitle = "t"\n'
BAD = {
    "missing": None,
    "gb18030": "名字".encode("gb18030"),
    "empty": b"",
    "nothing": HEADER.encode(),
    "syntax": (HEADER + "[[plan_items]\n").encode(),
    "format": b'format = "csv"\nversion = 1\n',
    "version": b'format = "branchtui"\nversion = 7\n',
    "unknown key": (HEADER + f'[[members]]\n{uid(1)}name = "x"\nnickname = "y"\n').encode(),
    "wrong type": (ITEM + 'progress = "x"\n').encode(),
    "bad code": (ITEM + 'status = "ok"\n').encode(),
    "bad date": (ITEM + 'due = "6月31日"\n').encode(),
    "dangling": (ITEM + 'owner_uid = "0b0b0b0b-0000-4000-8000-000000000000"\n').encode(),
    "duplicate uid": (
        HEADER
        + '[[plan_items]]\nuid = "0b0b0b0b-0000-4000-8000-000000000000"\nyear = 2024\ntitle = "a"\n'
        + '[[plan_items]]\nuid = "0b0b0b0b-0000-4000-8000-000000000000"\nyear = 2024\ntitle = "b"\n'
    ).encode(),
}
EXPECTED = {
    "missing": "找不到文件",
    "gb18030": "不是 UTF-8 文本",
    "empty": "是空文件",
    "nothing": "没有可导入的内容",
    "syntax": "第 3 行：TOML 语法错误",
    "format": "不是 branchtui 导出文件",
    "version": "格式版本 7 不受支持",
    "unknown key": f"members[1]（第 3 行，uid {U1}） 的 nickname：未知的键",
    "wrong type": f'plan_items[1]（第 3 行，uid {U1}） 的 progress：应为整数，实际为 "x"',
    "bad code": f"plan_items[1]（第 3 行，uid {U1}） 的 status：“ok”不是有效的代码",
    "bad date": f"plan_items[1]（第 3 行，uid {U1}） 的 due：“6月31日”不是有效的日期",
    "dangling": f"plan_items[1]（第 3 行，uid {U1}） 的 owner_uid：找不到 uid 为 0b0b0b0b",
    "duplicate uid": "uid 与 plan_items[1] 重复",
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_files_give_one_line_and_write_nothing(
    seeded: CliRunner, tmp_path: Path, db_path: Path, case: str
) -> None:
    path = tmp_path / "bad.toml"
    content = BAD[case]
    if content is not None:
        path.write_bytes(content)
    before = table_counts(db_path)
    result = seeded(["import", str(path)])
    assert result.code == 1
    assert result.out == ""
    assert result.err.startswith("错误：") and result.err.count("\n") == 1, result.err
    assert EXPECTED[case] in result.err
    if case != "missing":
        assert str(path) in result.err
    assert table_counts(db_path) == before
    assert seeded(["import", str(path), "--dry-run"]).code == 1


def test_import_in_english(seeded: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_bytes(BAD["bad code"])
    result = seeded(["import", str(path), "--lang", "en"])
    assert f'plan_items[1] (line 3, uid {U1}), status: "ok" is not a valid code' in result.err
    assert result.err.startswith("Error: Cannot import")


def test_import_into_a_read_only_database_is_refused(seeded: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "branch.toml"
    path.write_bytes((HEADER + '[branch]\nname = "x"\n').encode())
    result = seeded(["import", str(path), "--read-only"])
    assert result.code == 1 and "只读" in result.err


def test_export_loads_no_orm(seeded: CliRunner, db_path: Path, tmp_path: Path) -> None:
    """Like `status`, the TOML export reads with plain SQL: SQLAlchemy's import alone
    would take a third of the 2 s it may take (SPEC §9)."""
    out = tmp_path / "x.toml"
    argv = ["export", "--all-years", "--db", str(db_path), "-o", str(out)]
    assert heavy_modules_loaded(argv) == ([], 0)
    assert len(tomllib.loads(out.read_text(encoding="utf-8"))["plan_items"]) == 3


def test_an_impossible_date_names_its_line_and_key(cli_db: CliRunner, tmp_path: Path) -> None:
    cli_db("item add 学习 --due 2024-12-31 --year 2024")
    exported = tmp_path / "x.toml"
    assert cli_db(f"export --year 2024 -o {exported}").code == 0
    text = exported.read_text(encoding="utf-8").replace("due = 2024-12-31", "due = 2024-13-31")
    exported.write_text(text, encoding="utf-8")
    result = cli_db(f"import {exported} --lang en")
    assert result.code == 1 and result.err.count("\n") == 1
    assert "due = 2024-13-31 is not a valid date" in result.err and "line" in result.err
