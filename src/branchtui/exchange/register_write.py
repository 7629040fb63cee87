"""Writing the register's cells as a file: .xlsx with openpyxl (a merged title row, the
headings, date cells shown YYYY-MM-DD, numbers kept as text), or .csv in UTF-8 with a BOM
so that Excel opens the Chinese right."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

DATE_FORMAT = "yyyy-mm-dd"


def xlsx_bytes(
    title: str, headings: Sequence[str], rows: Sequence[Sequence[Any]], kinds: Sequence[str]
) -> bytes:
    """A workbook: the title merged across the first row, the headings, then the rows.
    `kinds` are the columns' kinds after the first (序号) column."""
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = "名册"
    sheet.append([title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headings))
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.append(list(headings))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(list(row))
    for index, kind in enumerate(["serial", *kinds], start=1):
        letter = get_column_letter(index)
        wide = kind == "date" or kind == "number"
        sheet.column_dimensions[letter].width = 20 if kind == "number" else 12 if wide else 10
        style = DATE_FORMAT if kind == "date" else "@" if kind == "number" else None
        if style is not None:
            for (cell,) in sheet.iter_rows(min_row=3, min_col=index, max_col=index):
                cell.number_format = style
    sheet.freeze_panes = "B3"
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def csv_bytes(headings: Sequence[str], rows: Sequence[Sequence[Any]]) -> bytes:
    """The headings and rows as CSV, UTF-8 with a BOM, dates as YYYY-MM-DD."""
    import csv
    import io

    stream = io.StringIO(newline="")
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow(headings)
    for row in rows:
        writer.writerow(["" if cell is None else _text(cell) for cell in row])
    return ("\ufeff" + stream.getvalue()).encode("utf-8")


def _text(cell: Any) -> str:
    from datetime import date

    if isinstance(cell, date):
        return cell.isoformat()
    return str(cell)


__all__ = ["csv_bytes", "xlsx_bytes"]
