"""Reading a register file into rows of cells: .xlsx with openpyxl, .csv in UTF-8 (with
or without BOM), GB18030 or UTF-16, comma-, tab- or semicolon-separated.

Limits come first, before any parsing: a file over MAX_BYTES, an .xlsx whose parts unpack
to more than MAX_UNPACKED (a zip bomb), more than MAX_ROWS rows. What the cells mean is
`exchange.register`.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from branchtui.errors import BranchError, ValidationError, os_reason

MAX_BYTES = 20 * 1024 * 1024  # a branch's register is a few hundred kilobytes
MAX_UNPACKED = 200 * 1024 * 1024
MAX_ROWS = 20_000
MAX_COLUMNS = 200


@dataclass(frozen=True)
class Sheet:
    """A worksheet (a CSV file is one): its name and its rows as (row number, cells).
    `serial_dates`: a number in a date column may be an Excel date serial."""

    name: str
    rows: list[tuple[int, list[Any]]]
    serial_dates: bool


def read_sheets(path: Path) -> list[Sheet]:
    """The sheets of a register file, or an error saying why it cannot be read."""
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise ValidationError("register.xls", file=str(path))
    if suffix not in (".xlsx", ".xlsm", ".csv", ".txt"):
        raise ValidationError("register.suffix", file=str(path))
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ValidationError(
                "register.too_big", file=str(path), size=size // 1024, limit=MAX_BYTES // 1024
            )
        data = path.read_bytes()
    except OSError as error:
        raise BranchError("import.unreadable", file=str(path), detail=os_reason(error)) from None
    if suffix in (".csv", ".txt"):
        return [Sheet(path.name, list(_csv_rows(path, data)), serial_dates=False)]
    return _xlsx_sheets(path, data)


# -- .xlsx ---------------------------------------------------------------------------------
def _xlsx_sheets(path: Path, data: bytes) -> list[Sheet]:
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise ValidationError("register.not_xlsx", file=str(path)) from None
    if unpacked > MAX_UNPACKED:
        raise ValidationError(
            "register.unpacked_too_big", file=str(path), limit=MAX_UNPACKED // (1024 * 1024)
        )
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged or foreign file
        raise ValidationError("register.not_xlsx", file=str(path)) from None
    sheets: list[Sheet] = []
    for worksheet in book.worksheets:
        if worksheet.max_row > MAX_ROWS:
            raise ValidationError("register.too_many_rows", file=str(path), limit=MAX_ROWS)
        rows = [
            (number, list(cells[:MAX_COLUMNS]))
            for number, cells in enumerate(worksheet.iter_rows(values_only=True), start=1)
        ]
        sheets.append(Sheet(worksheet.title, rows, serial_dates=True))
    return sheets


# -- .csv ----------------------------------------------------------------------------------
def _csv_rows(path: Path, data: bytes) -> Iterator[tuple[int, list[Any]]]:
    import csv
    import io

    text = _decode(path, data)
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(",\t;", key=first.count) if first else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    for number, cells in enumerate(reader, start=1):
        if number > MAX_ROWS:
            raise ValidationError("register.too_many_rows", file=str(path), limit=MAX_ROWS)
        yield number, list(cells[:MAX_COLUMNS])


def _decode(path: Path, data: bytes) -> str:
    """UTF-8 (Excel's "CSV UTF-8" starts with a BOM), UTF-16 with its BOM, else GB18030
    (what Chinese Windows writes for plain "CSV")."""
    if data.startswith(codecs.BOM_UTF8):
        candidates = [(data[len(codecs.BOM_UTF8) :], "utf-8")]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = [(data, "utf-16")]
    else:
        candidates = [(data, "utf-8"), (data, "gb18030")]
    for raw, encoding in candidates:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError("register.encoding", file=str(path))


__all__ = ["MAX_BYTES", "MAX_ROWS", "MAX_UNPACKED", "Sheet", "read_sheets"]
