"""`branchtui checklist …` through the real entry point: output, exit codes, database (SPEC §5)."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len

from tests.conftest import CliRunner, Result

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
TODAY = {"BRANCHTUI_TODAY": "2024-07-15"}


def dump(db_path: Path) -> list[str]:
    connection = sqlite3.connect(db_path)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


def rows(db_path: Path, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    connection = sqlite3.connect(db_path)
    try:
        return connection.execute(sql, params).fetchall()
    finally:
        connection.close()


def ok(result: Result) -> str:
    assert (result.code, result.err) == (0, ""), result
    return result.out


def new_id(result: Result) -> int:
    out = ok(result)
    assert re.fullmatch(r"\d+\n", out), out
    return int(out)


@pytest.fixture
def ideology(cli_db: CliRunner) -> int:
    """The 2024 ideology checklist, made on 2024-07-15 (starts_on that day)."""
    return new_id(cli_db("checklist new --template ideology", **TODAY))


def entry_of(db_path: Path, checklist_id: int, position: int) -> int:
    [(entry_id,)] = rows(
        db_path,
        "SELECT id FROM checklist_entry WHERE checklist_id = ? AND position = ?",
        checklist_id,
        position,
    )
    return int(entry_id)


# -- checklist new ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "title", "count"),
    [
        ("ideology", "2024年意识形态工作责任制清单", 13),
        ("integrity", "2024年党风廉政建设责任清单", 8),
        ("stability", "2024年风险防控与维稳工作清单", 6),
    ],
)
def test_new_from_template_prints_only_the_id(
    cli_db: CliRunner, db_path: Path, kind: str, title: str, count: int
) -> None:
    checklist_id = new_id(cli_db(f"checklist new --template {kind}", **TODAY))
    assert rows(db_path, "SELECT year, kind, title, starts_on FROM checklist") == [
        (2024, kind, title, "2024-07-15")
    ]
    [(entries,)] = rows(
        db_path, "SELECT count(*) FROM checklist_entry WHERE checklist_id = ?", checklist_id
    )
    assert entries == count


def test_new_for_another_year(cli_db: CliRunner, db_path: Path) -> None:
    new_id(cli_db("checklist new --template stability --year 2025", **TODAY))
    assert rows(db_path, "SELECT year, title, starts_on FROM checklist") == [
        (2025, "2025年风险防控与维稳工作清单", "2025-01-01")
    ]


def test_new_blank(cli_db: CliRunner, db_path: Path) -> None:
    checklist_id = new_id(cli_db(["checklist", "new", "--title", "共建清单"], **TODAY))
    assert rows(db_path, "SELECT id, kind, title, starts_on FROM checklist") == [
        (checklist_id, "custom", "共建清单", "2024-07-15")
    ]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_second_template_checklist_of_the_year_is_refused(
    cli_db: CliRunner, db_path: Path, ideology: int, lang: str
) -> None:
    before = dump(db_path)
    result = cli_db(f"checklist new --template ideology --lang {lang}", **TODAY)
    assert result.code == 1 and result.out == ""
    assert len(result.err.splitlines()) == 1
    assert str(ideology) in result.err and "2024" in result.err
    if lang == "en":
        assert result.err.startswith("Error: ")
        assert not CJK.search(result.err.replace("2024年意识形态工作责任制清单", ""))
    else:
        assert result.err.startswith("错误：") and "已有" in result.err
    assert dump(db_path) == before


@pytest.mark.parametrize(
    "args",
    [
        "checklist new",
        "checklist new --template ideology --title x",
        "checklist new --template weekly",
        "checklist new --title",
    ],
)
def test_new_usage_errors(cli_db: CliRunner, db_path: Path, args: str) -> None:
    before = dump(db_path)
    result = cli_db(args, **TODAY)
    assert result.code == 2 and result.out == "" and len(result.err.splitlines()) == 1
    assert dump(db_path) == before


def test_new_blank_with_an_empty_title(cli_db: CliRunner, db_path: Path) -> None:
    before = dump(db_path)
    result = cli_db(["checklist", "new", "--title", "  "], **TODAY)
    assert result.code == 1 and len(result.err.splitlines()) == 1 and "标题" in result.err
    assert dump(db_path) == before


# -- checklist entry-add ---------------------------------------------------------------------


def test_entry_add(cli_db: CliRunner, db_path: Path) -> None:
    checklist_id = new_id(cli_db(["checklist", "new", "--title", "共建清单"], **TODAY))
    monthly = new_id(
        cli_db(
            [
                "checklist",
                "entry-add",
                str(checklist_id),
                "月度联学",
                "--frequency",
                "monthly",
                "--owner",
                "组织委员",
            ],
            **TODAY,
        )
    )
    yearly = new_id(
        cli_db(f"checklist entry-add {checklist_id} 年度总结 --frequency yearly", **TODAY)
    )
    once = new_id(
        cli_db(f"checklist entry-add {checklist_id} 签订协议 --frequency once --due-month 3")
    )
    assert rows(
        db_path,
        "SELECT id, position, title, frequency, due_month, owner FROM checklist_entry ORDER BY id",
    ) == [
        (monthly, 1, "月度联学", "monthly", None, "组织委员"),
        (yearly, 2, "年度总结", "yearly", 12, None),
        (once, 3, "签订协议", "once", 3, None),
    ]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(
    ("args", "code", "fragment"),
    [
        ("{cid} 事项 --frequency yearly --due-month 13", 1, "13"),
        ("{cid} 事项 --frequency once --due-month 0", 1, "0"),
        ("{cid} 事项 --frequency monthly --due-month 3", 1, ""),
        ("{cid} 事项 --frequency quarterly --due-month 12", 1, ""),
        ("999 事项 --frequency monthly", 1, "999"),
        ("{cid} 事项 --frequency weekly", 2, "weekly"),
        ("{cid} 事项 --frequency yearly --due-month march", 2, "march"),
        ("{cid} 事项", 2, "--frequency"),
        ("abc 事项 --frequency monthly", 2, "abc"),
    ],
)
def test_entry_add_bad_input_changes_nothing(
    cli_db: CliRunner, db_path: Path, lang: str, args: str, code: int, fragment: str
) -> None:
    checklist_id = new_id(cli_db(["checklist", "new", "--title", "共建清单"], **TODAY))
    before = dump(db_path)
    result = cli_db(f"checklist entry-add {args.format(cid=checklist_id)} --lang {lang}", **TODAY)
    assert result.code == code and result.out == ""
    assert len(result.err.splitlines()) == 1 and fragment in result.err
    if lang == "en":
        assert not CJK.search(result.err.replace("事项", ""))
    assert dump(db_path) == before


# -- checklist list ----------------------------------------------------------------------------


def period(name: str, done: bool, due: bool, overdue: bool, **tick: Any) -> dict[str, Any]:
    """A period of `checklist list --json`: its state, and its tick when there is one."""
    return {
        "period": name,
        "done": done,
        "due": due,
        "overdue": overdue,
        "evidence": tick.get("evidence"),
        "done_at": tick.get("done_at"),
        "done_by": tick.get("done_by"),
    }


def test_list_json_shape(cli_db: CliRunner, db_path: Path, ideology: int) -> None:
    quarterly = entry_of(db_path, ideology, 4)
    ok(cli_db(f"checklist check {quarterly} --evidence 研判报告", BRANCHTUI_USER="王书记", **TODAY))
    data = json.loads(ok(cli_db("checklist list --json", **TODAY)))
    assert len(data) == 13
    assert all(
        list(item) == ["id", "checklist", "title", "frequency", "owner", "periods"] for item in data
    )
    assert {item["checklist"] for item in data} == {"2024年意识形态工作责任制清单"}
    first = data[0]
    assert first == {
        "id": entry_of(db_path, ideology, 1),
        "checklist": "2024年意识形态工作责任制清单",
        "title": '明确书记第一责任人、委员"一岗双责"分工，制定年度工作清单和落实方案',
        "frequency": "once",
        "owner": None,
        # due in March, and the checklist began on 2024-07-15: not due
        "periods": [period("2024", False, False, False)],
    }
    by_id = {item["id"]: item for item in data}
    [(done_at,)] = rows(db_path, "SELECT done_at FROM checklist_check")
    assert by_id[quarterly]["periods"] == [
        period("2024-Q1", False, False, False),
        period("2024-Q2", False, False, False),
        period(
            "2024-Q3", True, True, False, evidence="研判报告", done_at=done_at, done_by="王书记"
        ),
        period("2024-Q4", False, False, False),
    ]
    monthly = by_id[entry_of(db_path, ideology, 7)]
    assert [p["period"] for p in monthly["periods"]] == [f"2024-{m:02d}" for m in range(1, 13)]
    assert [p["due"] for p in monthly["periods"]] == [False] * 6 + [True] + [False] * 5


def test_list_json_overdue_later_in_the_year(
    cli_db: CliRunner, db_path: Path, ideology: int
) -> None:
    data = json.loads(ok(cli_db("checklist list --json", BRANCHTUI_TODAY="2024-10-01")))
    quarterly = next(item for item in data if item["id"] == entry_of(db_path, ideology, 4))
    assert quarterly["periods"][2] == period("2024-Q3", False, True, True)
    assert quarterly["periods"][3] == period("2024-Q4", False, True, False)


def test_list_json_empty_and_other_years(cli_db: CliRunner, ideology: int) -> None:
    assert json.loads(ok(cli_db("checklist list --json --year 2023", **TODAY))) == []
    assert ok(cli_db("checklist list --year 2023", **TODAY)).startswith("2023 年还没有责任清单")


def glyph_columns(line: str) -> list[int]:
    """The columns of the period symbols in an entry's row."""
    return [cell_len(line[:i]) for i, char in enumerate(line) if char in "✓✗·"]


def heading_spans(header: str, names: list[str]) -> list[range]:
    """The columns each period heading covers in a group's heading row."""
    spans, start = [], 0
    for name in names:
        index = header.index(name, start)
        spans.append(range(cell_len(header[:index]), cell_len(header[:index]) + cell_len(name)))
        start = index + len(name)
    return spans


def under(row: str, header: str, names: list[str]) -> list[str]:
    """For each symbol of `row`, the heading it stands under (all headings: `names`)."""
    spans = heading_spans(header, names)
    return [
        next(n for n, span in zip(names, spans, strict=True) if col in span)
        for col in glyph_columns(row)
    ]


def test_list_text_period_headings_line_up(cli_db: CliRunner, db_path: Path, ideology: int) -> None:
    """Each group of entries is headed by its periods, each symbol under its period."""
    monthly = entry_of(db_path, ideology, 7)
    quarterly = entry_of(db_path, ideology, 4)
    half = entry_of(db_path, ideology, 2)
    ok(cli_db(f"checklist check {monthly} --period 2024-06", **TODAY))
    ok(cli_db(f"checklist check {quarterly} --period Q3", **TODAY))
    for columns in ("80", "130"):
        out = ok(cli_db("checklist list", BRANCHTUI_TODAY="2024-10-02", COLUMNS=columns))
        lines = out.splitlines()
        assert lines[0] == (
            f"2024年意识形态工作责任制清单（编号 {ideology}，意识形态工作责任制，自 2024-07-15 起）"
        )
        assert all(cell_len(line) <= int(columns) for line in lines)
        assert lines[-1] == "✓ 已落实　✗ 逾期未落实　· 应落实未落实　空白 未到期"

        def row(entry: int, lines: list[str] = lines) -> str:
            return next(line for line in lines if re.match(rf"\s*{entry}  ", line))

        def header(group: str, lines: list[str] = lines) -> str:
            return next(line for line in lines if f"事项（{group}）" in line)

        quarters = header("每季度")
        assert quarters.rstrip().endswith("Q1 Q2 Q3 Q4")
        # Q1, Q2 before the checklist began: blank; Q3 ticked; Q4 due.
        assert under(row(quarterly), quarters, ["Q1", "Q2", "Q3", "Q4"]) == ["Q3", "Q4"]
        assert under(row(half), header("每半年"), ["H1", "H2"]) == ["H2"]
        # June ticked (before the start, still shown), July to September overdue, October due.
        wide = columns == "130"
        months = [f"{m}月" if wide else str(m) for m in range(1, 13)]
        assert under(row(monthly), header("每月"), months) == months[5:10]
        assert (" ".join(months) if wide else "1 2 3 4") in header("每月")


def test_list_text_shows_the_evidence_of_each_tick(
    cli_db: CliRunner, db_path: Path, ideology: int
) -> None:
    monthly = entry_of(db_path, ideology, 7)
    for month in ("07", "08"):
        ok(
            cli_db(
                f"checklist check {monthly} --period 2024-{month} --evidence 已更新宣传栏",
                BRANCHTUI_TODAY="2024-10-02",
            )
        )
    late = {"BRANCHTUI_TODAY": "2024-10-02"}
    ok(cli_db(f"checklist check {monthly} --period 2024-09 --evidence 公众号发文3篇", **late))
    out = ok(cli_db("checklist list", BRANCHTUI_TODAY="2024-10-02"))
    assert "        ↳ 7月、8月：已更新宣传栏\n        ↳ 9月：公众号发文3篇\n" in out
    english = ok(cli_db("checklist list --lang en", BRANCHTUI_TODAY="2024-10-02"))
    assert "↳ Jul, Aug: 已更新宣传栏" in english


def test_list_text_english(cli_db: CliRunner) -> None:
    checklist_id = new_id(cli_db(["checklist", "new", "--title", "Joint duties"], **TODAY))
    ok(cli_db(f"checklist entry-add {checklist_id} Report --frequency quarterly --owner Li"))
    out = ok(cli_db("checklist list --lang en", BRANCHTUI_TODAY="2024-10-01"))
    assert not CJK.search(out)
    lines = out.splitlines()
    assert lines[0] == f"Joint duties (id {checklist_id}, custom, from 2024-07-15)"
    header = next(line for line in lines if "Entry (quarterly)" in line)
    assert "Owner" in header and header.endswith("Q1 Q2 Q3 Q4")
    row = next(line for line in lines if "Report" in line)
    assert under(row, header, ["Q1", "Q2", "Q3", "Q4"]) == ["Q3", "Q4"]
    assert lines[-1] == "✓ done  ✗ overdue  · due, not done  blank: not due yet"
    assert not CJK.search(ok(cli_db("checklist list --lang en --year 2030", **TODAY)))


def test_list_keeps_brackets_in_titles(cli_db: CliRunner) -> None:
    checklist_id = new_id(cli_db(["checklist", "new", "--title", "清单[重点]"], **TODAY))
    ok(
        cli_db(
            [
                "checklist",
                "entry-add",
                str(checklist_id),
                "[red]事项[/red]",
                "--frequency",
                "yearly",
            ]
        )
    )
    out = ok(cli_db("checklist list", **TODAY))
    assert "清单[重点]" in out and "[red]事项[/red]" in out


def test_list_template_in_english_has_only_data_in_chinese(
    cli_db: CliRunner, ideology: int
) -> None:
    out = ok(cli_db("checklist list --lang en", **TODAY))
    assert out.splitlines()[0] == (
        f"2024年意识形态工作责任制清单 (id {ideology}, ideological work, from 2024-07-15)"
    )
    assert "Entry (half-yearly)" in out and "Entry (monthly)" in out
    assert all(cell_len(line) <= 80 for line in out.splitlines())


# -- checklist check ---------------------------------------------------------------------------


def test_check_default_period_evidence_and_untick(
    cli_db: CliRunner, db_path: Path, ideology: int
) -> None:
    entry = entry_of(db_path, ideology, 4)
    out = ok(
        cli_db(f"checklist check {entry} --evidence 研判报告", BRANCHTUI_USER="王书记", **TODAY)
    )
    assert out == f"已记录落实：清单事项 {entry}，2024-Q3\n"
    assert rows(db_path, "SELECT entry_id, period, done_by, evidence FROM checklist_check") == [
        (entry, "2024-Q3", "王书记", "研判报告")
    ]
    [(done_at,)] = rows(db_path, "SELECT done_at FROM checklist_check")
    assert done_at.endswith("+00:00")
    # Twice: the evidence is replaced, still one check.
    ok(cli_db(f"checklist check {entry} --period Q3 --evidence 补充报告", **TODAY))
    assert rows(db_path, "SELECT period, evidence FROM checklist_check") == [
        ("2024-Q3", "补充报告")
    ]
    # A past period, in the typed forms SPEC §5 users write.
    ok(cli_db(["checklist", "check", str(entry), "--period", "第二季度"], **TODAY))
    out = ok(cli_db(f"checklist check {entry} --untick --lang en", **TODAY))
    assert out == f"Unticked: checklist entry {entry}, 2024-Q3\n"
    assert rows(db_path, "SELECT period FROM checklist_check") == [("2024-Q2",)]
    ok(cli_db(f"checklist check {entry} --untick --period 2024-Q2", **TODAY))
    assert rows(db_path, "SELECT count(*) FROM checklist_check") == [(0,)]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(
    ("args", "code", "fragment"),
    [
        ("999", 1, "999"),
        ("{q} --period 2024-Q5", 1, "2024-Q1, 2024-Q2, 2024-Q3, 2024-Q4"),
        ("{q} --period 2024-07", 1, "2024-Q1, 2024-Q2, 2024-Q3, 2024-Q4"),
        ("{q} --period 2023-Q3", 1, "2023-Q3"),
        ("{m} --period 2024-Q3", 1, "2024-01, 2024-02"),
        ("{m} --period 2024-13", 1, "2024-13"),
        ("{q} --period 2024-Q4", 1, "2024-10-01"),  # not begun: not due yet
        ("{m} --period 2024-08", 1, "2024-08-01"),
        ("{q} --untick", 1, "2024-Q3"),  # nothing to untick
        ("{q} --untick --evidence x", 2, "--untick"),
        ("{q} --period", 2, "--period"),
        ("x", 2, "x"),
    ],
)
def test_check_bad_input_changes_nothing(
    cli_db: CliRunner, db_path: Path, ideology: int, lang: str, args: str, code: int, fragment: str
) -> None:
    quarterly, monthly = entry_of(db_path, ideology, 4), entry_of(db_path, ideology, 7)
    before = dump(db_path)
    result = cli_db(f"checklist check {args.format(q=quarterly, m=monthly)} --lang {lang}", **TODAY)
    assert result.code == code and result.out == ""
    assert len(result.err.splitlines()) == 1 and fragment in result.err, result.err
    if lang == "en":
        assert not CJK.search(result.err)
    assert dump(db_path) == before


def test_check_refused_when_read_only(cli_db: CliRunner, db_path: Path, ideology: int) -> None:
    before = dump(db_path)
    entry = entry_of(db_path, ideology, 4)
    result = cli_db(f"checklist check {entry} --read-only", **TODAY)
    assert result.code == 1 and result.out == "" and len(result.err.splitlines()) == 1
    assert dump(db_path) == before


def test_help_in_english_has_no_chinese(cli: CliRunner) -> None:
    for command in ("checklist", "checklist new", "checklist entry-add", "checklist list"):
        result = cli(f"{command} --help --lang en")
        assert result.code == 0 and not CJK.search(result.out), result.out
    result = cli("checklist check --help --lang en")
    assert result.code == 0 and not CJK.search(result.out)
