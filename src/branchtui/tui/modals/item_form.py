"""The form of a plan item, new or edited.

Fields check themselves as they are filled (a date in any form of SPEC §5 shows what it
means, or why not); the domain's rules answer on save (a FieldError lands on its field).
An edit sends only what the user changed, based on the version the form was opened with:
if someone saved meanwhile, the form says who and when, takes their values into the fields
the user left alone, keeps what the user typed, and saves that on the next `ctrl+s`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from rich.text import Text
from textual import on, work
from textual.widgets import Input, Select, Static, TextArea

from branchtui.display import safe
from branchtui.domain.dates import parse_date
from branchtui.domain.item_changes import ItemChanges, ItemDraft
from branchtui.domain.item_rules import CATEGORIES, STATUSES, check_title
from branchtui.domain.items import ItemView
from branchtui.domain.workspace import OwnerChoice
from branchtui.errors import ValidationError
from branchtui.i18n import label, t, tn
from branchtui.tui.messages import ItemLoaded
from branchtui.tui.modals.confirm import ConfirmModal
from branchtui.tui.modals.form import FormField, FormModal
from branchtui.tui.widgets.owner_field import Owner, OwnerField

# The fields a change can touch, in the form's order.
EDITED = ("title", "category", "owner", "due", "status", "progress", "detail", "evidence")


def item_values(item: ItemView | None) -> dict[str, Any]:
    """The form's values for `item` (or a new item's defaults)."""
    if item is None:
        return {"title": "", "category": "other", "owner": None, "due": "", "status": "todo",
                "progress": "0", "detail": "", "evidence": ""}  # fmt: skip
    owner = Owner(item.owner, item.owner_id) if item.owner else None
    return {
        "title": item.title,
        "category": item.category,
        "owner": owner,
        "due": item.due.isoformat() if item.due else "",
        "status": item.status,
        "progress": str(item.progress),
        "detail": item.detail or "",
        "evidence": item.evidence or "",
    }


class ItemForm(FormModal[int]):
    """New (`item` None) or edit; dismissed with the item's id once saved."""

    TITLE_KEY = "tui.form.item_new"

    def __init__(self, year: int, choices: Sequence[OwnerChoice], item: ItemView | None = None):
        super().__init__()
        self.year = year
        self.choices = choices
        self.item = item
        self.start = item_values(item)

    def form_title(self) -> str:
        if self.item is None:
            return t("tui.form.item_new", year=self.year)
        return t("tui.form.item_edit", number=self.item.number, title=safe(self.item.title))

    def fields(self) -> Iterable[FormField]:
        start = self.start
        yield FormField("title", t("field.title"), Input(start["title"], id="title", compact=True))
        yield FormField(
            "category",
            t("field.category"),
            Select(
                [(label("category", code), code) for code in CATEGORIES],
                value=start["category"],
                allow_blank=False,
                compact=True,
            ),
        )
        yield FormField("owner", t("field.owner"), OwnerField(self.choices, start["owner"]))
        yield FormField(
            "due",
            t("field.due"),
            Input(start["due"], placeholder=t("tui.form.due_placeholder"), compact=True),
            Static(classes="form-hint due-hint"),
        )
        yield FormField(
            "status",
            t("field.status"),
            Select(
                [(label("status", code), code) for code in STATUSES],
                value=start["status"],
                allow_blank=False,
                compact=True,
            ),
        )
        if self.item is not None:
            steps = self.item.tasks_total
            progress = Input(start["progress"], type="integer", disabled=bool(steps), compact=True)
            hint = Static(Text(tn("tui.form.progress_from_steps", steps)), classes="form-hint")
            yield FormField("progress", t("field.progress"), progress, hint if steps else None)
        yield FormField("detail", t("field.detail"), TextArea(start["detail"], compact=True))
        if self.item is not None:
            evidence = TextArea(start["evidence"], compact=True, classes="tall")
            yield FormField("evidence", t("field.evidence"), evidence)

    def on_mount(self) -> None:
        super().on_mount()
        self._show_due(self.start["due"])
        self.set_focus(self.query_one("#title", Input))

    # -- live checks ------------------------------------------------------------------------
    @on(Input.Changed, "#field-due Input")
    def _due_typed(self, event: Input.Changed) -> None:
        self._show_due(event.value)

    def _show_due(self, text: str) -> None:
        hint = self.query_one(".due-hint", Static)
        field = self.field("due")
        try:
            due = self._parse_due(text)
        except ValidationError as error:
            hint.update("")
            if field is not None:
                field.show_error(str(error))
            return
        if field is not None:
            field.show_error(None)
        hint.update(Text(due.isoformat() if due and due.isoformat() != text.strip() else ""))

    def _parse_due(self, text: str) -> date | None:
        return parse_date(text, self.year) if text.strip() else None

    # -- saving -----------------------------------------------------------------------------
    def save(self) -> None:
        values = self.values()
        try:
            checked = self._checked(values)
        except _Invalid as invalid:
            for name, message in invalid.errors.items():
                self.show_error(name, message)
            return
        if self.item is None:
            self._add(self._draft(checked))
            return
        changes = self._changes(values, checked)
        if changes is None:
            self.branch.say(t("tui.nothing_changed"))
            self.dismiss(self.item.id)
            return
        open_steps = self.item.tasks_total - self.item.tasks_done
        if checked["status"] == "done" and self.item.status != "done" and open_steps:
            self._ask_then_edit(changes, open_steps)
        else:
            self._edit(changes, False)

    def _checked(self, values: dict[str, Any]) -> dict[str, Any]:
        errors: dict[str, str] = {}
        checked = dict(values)
        try:
            checked["title"] = check_title(values["title"])
        except ValidationError as error:
            errors["title"] = str(error)
        try:
            checked["due"] = self._parse_due(values["due"])
        except ValidationError as error:
            errors["due"] = str(error)
        if self.item is not None and not self.item.tasks_total:
            text = str(values.get("progress") or "").strip()
            if not text.isdigit() or not 0 <= int(text) <= 100:
                errors["progress"] = t("item.progress_range", value=text or "—")
            else:
                checked["progress"] = int(text)
        if errors:
            raise _Invalid(errors)
        return checked

    def _draft(self, checked: dict[str, Any]) -> ItemDraft:
        owner: Owner | None = checked["owner"]
        return ItemDraft(
            checked["title"],
            due=checked["due"],
            owner=owner.member_id if owner and owner.member_id is not None else None,
            owner_text=owner.name if owner and owner.member_id is None else None,
            category=checked["category"],
            detail=checked["detail"].strip() or None,
            status=checked["status"],
        )

    def _changes(self, values: dict[str, Any], checked: dict[str, Any]) -> ItemChanges | None:
        """Only what the user changed since the form was filled (others' changes to the
        other fields stay)."""
        assert self.item is not None
        given: dict[str, Any] = {}
        for name in EDITED:
            if name not in values or values[name] == self._initial.get(name):
                continue
            if name == "owner":
                owner: Owner | None = checked["owner"]
                given["owner"] = owner.member_id if owner and owner.member_id else None
                given["owner_text"] = owner.name if owner and owner.member_id is None else None
            elif name in ("detail", "evidence"):
                given[name] = checked[name].strip() or None
            elif name == "progress" and self.item.tasks_total:
                continue
            else:
                given[name] = checked[name]
        if not given:
            return None
        return ItemChanges(**given)

    @work(group="ask", exit_on_error=False)
    async def _ask_then_edit(self, changes: ItemChanges, open_steps: int) -> None:
        question = tn("tui.plan.close_steps", open_steps)
        if await self.app.push_screen_wait(ConfirmModal(question)):
            self._edit(changes, True)

    @work(thread=True, exclusive=True, group="save", exit_on_error=False)
    def _add(self, draft: ItemDraft) -> None:
        with self.branch.write_lock:
            item_id = self.branch.ws.add_item(self.year, draft)
        self.app.call_from_thread(
            self._saved, item_id, (t("tui.item.added", title=safe(draft.title)),)
        )

    @work(thread=True, exclusive=True, group="save", exit_on_error=False)
    def _edit(self, changes: ItemChanges, close_steps: bool) -> None:
        assert self.item is not None
        with self.branch.write_lock:
            written = self.branch.ws.edit_item(
                self.item.id, changes, self.item.version, close_steps=close_steps
            )
        said = (t("tui.item.saved", title=safe(written.view.title)),) if written.changed else ()
        notices = tuple(notice.message() for notice in written.notices)
        if not written.changed:
            said = (t("tui.nothing_changed"),)
        self.app.call_from_thread(self._saved, self.item.id, said + notices)

    def _saved(self, item_id: int, messages: tuple[str, ...]) -> None:
        for message in messages:
            self.branch.say(message)
        self.dismiss(item_id)

    # -- someone else saved first -----------------------------------------------------------
    def reload_after_conflict(self) -> None:
        self._reload()

    @work(thread=True, exclusive=True, group="reload", exit_on_error=False)
    def _reload(self) -> None:
        assert self.item is not None
        self.post_message(ItemLoaded(self.branch.ws.item(self.item.id), ()))

    def on_item_loaded(self, message: ItemLoaded) -> None:
        """Their values into the fields the user left alone; the user's stay."""
        self.item = message.item
        self.take_theirs(item_values(message.item))


class _Invalid(Exception):
    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(errors)
        self.errors = errors


__all__ = ["ItemForm", "item_values"]
