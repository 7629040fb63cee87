"""A form with date fields: each takes a date in any form SPEC §5 accepts (2024-06-30,
2024/6/30, 2024年6月30日, 6月30日, 6.30 in the plan year) and says under it, as it is
typed, which day that is or why it is not one."""

from __future__ import annotations

from datetime import date
from typing import Any, TypeVar

from rich.text import Text
from textual import on
from textual.widgets import Input, Static

from branchtui.domain.dates import parse_date
from branchtui.errors import ValidationError
from branchtui.i18n import t
from branchtui.tui.modals.form import FormField, FormModal

Result = TypeVar("Result")


class DatedForm(FormModal[Result]):
    """A form whose `date_field`s parse as they are typed (`year`: the plan year, for a
    date typed without one)."""

    def __init__(self, year: int) -> None:
        super().__init__()
        self.year = year

    def date_field(self, name: str, label: str, value: date | None) -> FormField:
        """A labelled date input with its hint line."""
        field = Input(
            value.isoformat() if value else "",
            placeholder=t("tui.form.due_placeholder"),
            compact=True,
            classes="date-input",
        )
        return FormField(name, label, field, Static(classes="form-hint date-hint"))

    def on_mount(self) -> None:
        for field in self.query(FormField):
            if isinstance(field.widget, Input) and field.widget.has_class("date-input"):
                self._show_date(field, field.widget.value)

    @on(Input.Changed, ".date-input")
    def _date_typed(self, event: Input.Changed) -> None:
        field = next(node for node in event.input.ancestors if isinstance(node, FormField))
        self._show_date(field, event.value)

    def _show_date(self, field: FormField, text: str) -> None:
        hint = field.query_one(".date-hint", Static)
        try:
            day = self.read_date(text)
        except ValidationError as error:
            hint.update("")
            field.show_error(str(error))
            return
        field.show_error(None)
        shown = day.isoformat() if day is not None else ""
        meaning = shown if shown != text.strip() else ""
        hint.update(Text(meaning))
        hint.display = bool(meaning)

    def read_date(self, text: str) -> date | None:
        """The date `text` means (None when blank); a ValidationError saying why not."""
        return parse_date(text, self.year) if text.strip() else None

    def read_dates(
        self, values: dict[str, Any], names: tuple[str, ...]
    ) -> tuple[dict[str, date | None], dict[str, str]]:
        """The dates of the fields `names` (blank: None), and the message of each that is
        not a date."""
        dates: dict[str, date | None] = {}
        errors: dict[str, str] = {}
        for name in names:
            if name not in values:
                continue
            try:
                dates[name] = self.read_date(str(values[name] or ""))
            except ValidationError as error:
                errors[name] = str(error)
        return dates, errors


__all__ = ["DatedForm"]
