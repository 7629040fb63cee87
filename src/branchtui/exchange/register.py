"""The member register as branches keep it in Excel: its columns and Chinese headings (and
the variants people write), the cells' forms, and `member import` / `member export`.

A file's columns are found by their headings wherever the heading row is (a merged title
row above it, a 序号 column, blank rows and unknown columns are fine); dates come as date
cells or as 2024-06-30, 2024/6/30, 2024.6.30, 2024年6月30日, 20240630; the stage as its
label (预备党员) or code. Each row's values go to `domain.member_register`, which matches
and checks them through the member rules; any problem refuses the whole file, naming row
and column, and nothing is written. Reading the file is `register_read`, writing it
`register_write`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from branchtui.errors import BranchError, FieldError, ValidationError

if TYPE_CHECKING:
    from branchtui.domain.member_register import RegisterOutcome, RegisterRow, RowProblem
    from branchtui.domain.stages import Rules
    from branchtui.exchange.register_read import Sheet
    from branchtui.storage.database import Database


@dataclass(frozen=True)
class Column:
    """A register column: the field, the heading export writes, the headings import also
    takes, and the kind of cell (text, date, stage, number)."""

    field: str
    heading: str
    variants: tuple[str, ...] = ()
    kind: str = "text"
    private: bool = False


# In the order export writes them; the headings are the file's own (always Chinese).
COLUMNS = (
    Column("name", "姓名", ("名字",)),
    Column("gender", "性别"),
    Column("ethnicity", "民族"),
    Column("birth_date", "出生日期", ("出生年月日", "生日", "出生时间"), "date"),
    Column("education", "学历", ("文化程度", "最高学历", "全日制学历")),
    Column("group", "党小组", ("所在党小组", "小组")),
    Column("post", "职务", ("党内职务", "支部职务")),
    Column(
        "stage", "阶段", ("人员类别", "类别", "发展阶段", "政治面貌", "人员类型", "身份"), "stage"
    ),
    Column(
        "applied_on",
        "申请入党日期",
        ("申请入党时间", "入党申请日期", "递交入党申请书日期", "递交入党申请书时间", "申请日期"),
        "date",
    ),
    Column(
        "activist_on",
        "确定积极分子日期",
        (
            "积极分子日期",
            "确定入党积极分子日期",
            "确定为入党积极分子日期",
            "确定为入党积极分子时间",
            "列为入党积极分子日期",
            "积极分子时间",
        ),
        "date",
    ),
    Column(
        "candidate_on",
        "确定发展对象日期",
        ("发展对象日期", "确定为发展对象日期", "确定为发展对象时间", "列为发展对象日期"),
        "date",
    ),
    Column(
        "admitted_on",
        "入党日期",
        ("入党时间", "接收预备党员日期", "吸收预备党员日期", "加入党组织日期"),
        "date",
    ),
    Column("confirmed_on", "转正日期", ("转正时间", "转为正式党员日期"), "date"),
    Column("probation_extended_to", "延长预备期至", ("预备期延长至",), "date"),
    Column("sponsors", "入党介绍人", ("介绍人",)),
    Column("contacts", "培养联系人", ("培养人",)),
    Column("notes", "备注"),
    Column(
        "phone",
        "联系电话",
        ("手机号", "手机", "电话", "手机号码", "联系方式", "电话号码"),
        "number",
        private=True,
    ),
    Column(
        "id_number",
        "身份证号",
        ("身份证号码", "公民身份号码", "身份证", "身份证件号码"),
        "number",
        private=True,
    ),
)
# Columns a register has that are not records' fields: read past without a word.
ROW_NUMBER_HEADINGS = ("序号", "编号")
# 政治面貌 and everyday words for the stages, beside the labels.
STAGE_WORDS = {
    "中共党员": "full",
    "党员": "full",
    "中共预备党员": "probationary",
    "积极分子": "activist",
    "申请人": "applicant",
    "申请入党": "applicant",
}
SHOWN_PROBLEMS = 20
# The first rows searched for the heading row (a title, a 填报单位 line above it).
HEADER_SEARCH = 20


def _key(heading: Any) -> str:
    """A heading as compared: full-width made plain, spaces, line breaks and marks gone."""
    text = unicodedata.normalize("NFKC", str(heading))
    return re.sub(r"[\s*:：]", "", text)


_BY_HEADING = {_key(h): c for c in COLUMNS for h in (c.heading, *c.variants)}


def column_for(heading: Any) -> Column | None:
    """The column a heading names, also with a bracketed note (出生日期（年月日）)."""
    key = _key(heading)
    if key in _BY_HEADING:
        return _BY_HEADING[key]
    bare = re.sub(r"[(（][^)）]*[)）]", "", key)
    return _BY_HEADING.get(bare)


# -- import --------------------------------------------------------------------------------
class RegisterFileError(BranchError):
    """A register file that cannot be taken: the problems, each naming row and column;
    nothing was written."""

    def __init__(self, file: str, problems: Sequence[tuple[int, str | None, BranchError]]) -> None:
        super().__init__("register.invalid", file=file, count=len(problems))
        self.file = file
        self.problems = list(problems)

    def message(self) -> str:
        from branchtui.i18n import t, tn

        lines = [tn("register.invalid", len(self.problems), file=self.file)]
        for line, heading, error in self.problems[:SHOWN_PROBLEMS]:
            if heading is None:
                lines.append("  " + t("register.at_row", line=line, message=error.message()))
            else:
                where = t("register.at_cell", line=line, heading=heading, message=error.message())
                lines.append("  " + where)
        if len(self.problems) > SHOWN_PROBLEMS:
            lines.append("  " + t("import.more", count=len(self.problems) - SHOWN_PROBLEMS))
        return "\n".join(lines)


@dataclass(frozen=True)
class RegisterImport:
    """What `import_file` did: the domain's outcome and the columns it did not know."""

    outcome: RegisterOutcome
    ignored: tuple[str, ...]


def import_file(
    db: Database, path: Path, *, today: date, rules: Rules, dry_run: bool = False
) -> RegisterImport:
    """Read a register file and take its rows (all or nothing; `dry_run` writes nothing)."""
    from branchtui.domain.member_register import RegisterRowsError, import_register
    from branchtui.exchange.register_read import read_sheets

    sheet, header, columns, ignored = _find_header(path, read_sheets(path))
    rows, problems = _rows(sheet, header, columns)
    headings = {column.field: heading for heading, column in columns.values()}
    if not rows and not problems:
        raise ValidationError("register.no_rows", file=str(path))
    try:
        outcome = import_register(
            db, rows, today=today, rules=rules, dry_run=dry_run or bool(problems)
        )
    except RegisterRowsError as error:
        problems.extend(error.problems)
    if problems:
        raise RegisterFileError(str(path), _placed(problems, headings))
    return RegisterImport(outcome, tuple(ignored))


def _find_header(
    path: Path, sheets: Sequence[Sheet]
) -> tuple[Sheet, int, dict[int, tuple[str, Column]], list[str]]:
    """The first sheet with a heading row (姓名 and another known heading): the sheet, the
    row's index, its columns by position (with the heading as written), and the headings
    it does not know."""
    for sheet in sheets:
        for index, (_number, cells) in enumerate(sheet.rows[:HEADER_SEARCH]):
            found: dict[int, tuple[str, Column]] = {}
            ignored: list[str] = []
            for position, cell in enumerate(cells):
                if cell is None or not str(cell).strip():
                    continue
                column = column_for(cell)
                shown = " ".join(str(cell).split())
                if column is None:
                    if _key(cell) not in ROW_NUMBER_HEADINGS:
                        ignored.append(shown)
                    continue
                for earlier, existing in found.values():
                    if existing is column:
                        raise ValidationError(
                            "register.duplicate_column",
                            file=str(path),
                            first=earlier,
                            second=shown,
                        )
                found[position] = (shown, column)
            fields = {column.field for _, column in found.values()}
            if "name" in fields and len(fields) >= 2:
                return sheet, index, found, ignored
    raise ValidationError(
        "register.no_header",
        file=str(path),
        headings="、".join(c.heading for c in COLUMNS),
    )


def _rows(
    sheet: Sheet, header: int, columns: dict[int, tuple[str, Column]]
) -> tuple[list[RegisterRow], list[RowProblem]]:
    """The data rows below the heading row as values by field; blank rows (a 序号 alone)
    are passed over; a cell that cannot be read is a problem naming its row."""
    from branchtui.domain.member_register import RegisterRow, RowProblem

    rows: list[RegisterRow] = []
    problems: list[RowProblem] = []
    for number, cells in sheet.rows[header + 1 :]:
        given = {p: cells[p] for p in columns if p < len(cells) and not _blank(cells[p])}
        if not given:
            continue
        values: dict[str, Any] = {}
        broken = False
        for position, (_heading, column) in columns.items():
            cell = given.get(position)
            try:
                values[column.field] = _value(column, cell, sheet.serial_dates)
            except FieldError as error:
                problems.append(RowProblem(number, error.field, error))
                broken = True
        if not broken:
            rows.append(RegisterRow(number, values))
    return rows, problems


def _blank(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _placed(
    problems: Sequence[RowProblem], headings: dict[str, str]
) -> list[tuple[int, str | None, BranchError]]:
    """Problems by row, each with the column heading of its field when the file has it."""
    placed: list[tuple[int, str | None, BranchError]] = []
    for problem in sorted(problems, key=lambda p: p.line):
        heading = None
        if problem.field is not None:
            heading = headings.get(problem.field) or _export_heading(problem.field)
        placed.append((problem.line, heading, problem.error))
    return placed


def _export_heading(field: str) -> str | None:
    return next((c.heading for c in COLUMNS if c.field == field), None)


# -- cells ---------------------------------------------------------------------------------
def _value(column: Column, cell: Any, serial_dates: bool) -> Any:
    """A cell's value for its column's field (None for a blank cell)."""
    if _blank(cell):
        return None
    if column.kind == "date":
        return cell_date(cell, column.field, serial_dates)
    if column.kind == "stage":
        return _stage(cell)
    if column.kind == "number":
        return _number(cell, column.field)
    if isinstance(cell, datetime | date):
        return cell.strftime("%Y-%m-%d")
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    text = str(cell).strip()
    if column.field == "gender":
        return {"男性": "男", "女性": "女"}.get(text, text)
    return text


_YEAR_MONTH = re.compile(r"\d{4}\s*[-./年]\s*\d{1,2}\s*月?")
_DIGITS = re.compile(r"(\d{4})(\d{2})(\d{2})")
_TIME = re.compile(r"\s+0{1,2}:00(:00)?$")


def cell_date(cell: Any, field: str, serial_dates: bool) -> date:
    """A date cell, an Excel serial in a number cell, 20240630, or a date written with its
    year (2024-06-30, 2024/6/30, 2024.6.30, 2024年6月30日); a month alone is refused."""
    from branchtui.domain.dates import parse_date

    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        if float(cell).is_integer() and _DIGITS.fullmatch(str(int(cell))):
            return _digits(str(int(cell)), field)
        if serial_dates and 1 <= cell < 2958466:
            from openpyxl.utils.datetime import from_excel

            return from_excel(cell).date()  # type: ignore[no-any-return]
        raise FieldError("register.bad_date", field, value=cell)
    text = _TIME.sub("", unicodedata.normalize("NFKC", str(cell)).strip())
    if _DIGITS.fullmatch(text):
        return _digits(text, field)
    if _YEAR_MONTH.fullmatch(text):
        raise FieldError("register.month_only", field, value=text)
    if not re.match(r"\d{4}", text):
        raise FieldError("register.bad_date", field, value=text)
    try:
        return parse_date(text, 0)
    except ValidationError:
        raise FieldError("register.bad_date", field, value=text) from None


def _digits(text: str, field: str) -> date:
    match = _DIGITS.fullmatch(text)
    assert match is not None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise FieldError("register.bad_date", field, value=text) from None


def _stage(cell: Any) -> str:
    """A stage code from its label in either language, its code, or 政治面貌 words."""
    from branchtui.domain.stages import STAGES
    from branchtui.i18n.labels import choices_text, code_of

    text = _key(cell)
    found = code_of("stage", text, STAGES) or STAGE_WORDS.get(text)
    if found is None:
        raise FieldError(
            "register.bad_stage",
            "stage",
            value=str(cell).strip(),
            valid=choices_text("stage", STAGES),
        )
    return found


def _number(cell: Any, field: str) -> str:
    """A phone or ID number. Excel keeps 15 digits of a number: an 18-digit ID number
    stored as a number has lost its last digits and is refused."""
    if isinstance(cell, bool):
        raise FieldError("record.not_text", field, value=repr(cell))
    if isinstance(cell, float):
        if not cell.is_integer() or cell >= 1e15:
            raise FieldError("register.number_cell", field, value=f"{cell:.15g}")
        cell = int(cell)
    return str(cell).strip()


# -- export --------------------------------------------------------------------------------
def export_file(db: Database, path: Path, *, include_private: bool, today: date) -> int:
    """Write the people on the register (those who left are not) to `path`, .xlsx or
    .csv; the private columns only with `include_private`, and then readable by the
    owner only. Returns how many people were written."""
    from branchtui.domain.branch import name as branch_name
    from branchtui.domain.member_views import list_members
    from branchtui.domain.stages import Rules
    from branchtui.exchange.files import write_file
    from branchtui.exchange.register_write import csv_bytes, xlsx_bytes

    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise ValidationError("register.export_suffix", file=str(path))
    # Only the register's fields are read: the [rules] reminders do not matter here.
    people = list_members(db, today=today, rules=Rules())
    columns = [c for c in COLUMNS if include_private or not c.private]
    headings = ["序号", *(c.heading for c in columns)]
    rows = [
        [number, *(_cell(column, getattr(m, column.field)) for column in columns)]
        for number, m in enumerate(people, start=1)
    ]
    if suffix == ".csv":
        data = csv_bytes(headings, rows)
    else:
        title = f"{branch_name(db)}{register_title({m.stage for m in people})}"
        data = xlsx_bytes(title, headings, rows, [c.kind for c in columns])
    write_file(path, data, private=include_private, database=Path(db.path))
    return len(people)


def register_title(stages: set[str]) -> str:
    """What the file is called: 党员名册 only when everyone is a Party member."""
    if stages <= {"full", "probationary"}:
        return "党员名册"
    return "党员和入党积极分子名册"


def _cell(column: Column, value: Any) -> Any:
    if value is None:
        return None
    if column.kind == "stage":
        from branchtui.i18n import catalog

        return catalog("zh")[f"stage.{value}"]  # the file is Chinese, whatever --lang says
    return value


__all__ = [
    "COLUMNS",
    "Column",
    "RegisterFileError",
    "RegisterImport",
    "cell_date",
    "column_for",
    "export_file",
    "import_file",
    "register_title",
]
