"""What every form shares: labelled fields with their message under them, `tab` to move,
`ctrl+s` to save, `escape` to cancel (asking first when something was typed), and
saving in a worker whose expected errors land where they belong — a field's on that
field, someone else's change as a banner that keeps what was typed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, Label, Select, Static, TextArea
from textual.worker import Worker, WorkerState

from branchtui.display import local_time, safe
from branchtui.errors import ConflictError, FieldError
from branchtui.i18n import t
from branchtui.tui.modals.confirm import ConfirmModal

if TYPE_CHECKING:
    from branchtui.tui.app import BranchApp

Result = TypeVar("Result")


class FormField(Vertical):
    """One field: its label and widget on a line, its message (hidden when none) under."""

    def __init__(self, name: str, label: str, widget: Widget, hint: Widget | None = None) -> None:
        super().__init__(id=f"field-{name}", classes="form-field")
        self.field_name = name
        self.label = label
        self.widget = widget
        self.hint = hint
        self.message: str | None = None  # what `show_error` says now
        if isinstance(widget, Input):
            # The cursor after the text, not all of it selected: in an edit form the
            # first key typed would otherwise replace the title it was meant to extend.
            widget.select_on_focus = False

    def compose(self) -> ComposeResult:
        with Horizontal(classes="form-line"):
            # Sentence case where the language has case ("Due date"): the labels are the
            # fields' names, written lowercase for the commands' messages.
            yield Label(Text(self.label[:1].upper() + self.label[1:]), classes="form-label")
            yield self.widget
        if self.hint is not None:
            yield self.hint
        yield Static(classes="form-error")

    def show_error(self, message: str | None) -> None:
        """Say what is wrong with this field (None: nothing)."""
        self.message = message or None
        error = self.query_one(".form-error", Static)
        error.update(Text(message or ""))
        error.display = bool(message)
        self.set_class(bool(message), "-invalid")


class FormModal(ModalScreen[Result]):
    """A form over the screen behind; subclasses give the fields and the save."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "key.form.save", id="form.save", priority=True),
        Binding("escape", "cancel", "key.form.cancel", id="form.cancel"),
    ]
    TITLE_KEY = ""
    CSS_PATH = "form.tcss"
    # A form of a field or two: as tall as its fields, not the whole screen.
    SHORT: ClassVar[bool] = False

    def __init__(self) -> None:
        super().__init__()
        self._initial: dict[str, Any] = {}
        self._from_save: dict[str, str] = {}  # field name → the message a save left on it

    @property
    def branch(self) -> BranchApp:
        """The running app."""
        from typing import cast

        return cast("BranchApp", self.app)

    # -- layout -----------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form short" if self.SHORT else "dialog form"):
            title = Text(self.form_title(), style="bold", no_wrap=True, overflow="ellipsis")
            yield Static(title, classes="form-title")
            note = self.form_note()
            if note:
                yield Static(Text(note), classes="form-note")
            yield Static(classes="form-banner")
            with VerticalScroll(classes="form-fields"):
                yield from self.fields()
            yield from self.below_fields()
            yield Static(Text(t("tui.form.keys"), style="dim"), classes="form-keys")

    def form_title(self) -> str:
        """The form's heading."""
        return t(self.TITLE_KEY)

    def form_note(self) -> str:
        """What to know before filling the form, under its heading (none by default)."""
        return ""

    def fields(self) -> Iterable[FormField]:
        """The form's fields, in tab order."""
        return ()

    def below_fields(self) -> Iterable[Widget]:
        """What stays in sight under the fields however they scroll (a running count)."""
        return ()

    def on_mount(self) -> None:
        self.query_one(".form-banner", Static).display = False
        for field in self.query(FormField):
            field.show_error(None)
        self.remember()

    def remember(self) -> None:
        """The values as they are now count as unchanged."""
        self._initial = self.values()

    def values(self) -> dict[str, Any]:
        """What the fields hold now, by field name."""
        values: dict[str, Any] = {}
        for field in self.query(FormField):
            widget = field.widget
            if isinstance(widget, Input):
                values[field.field_name] = widget.value
            elif isinstance(widget, TextArea):
                values[field.field_name] = widget.text
            else:
                values[field.field_name] = getattr(widget, "value", None)
        return values

    @property
    def changed(self) -> bool:
        """Whether anything was typed or chosen since the form opened (or was saved)."""
        return self.values() != self._initial

    # -- messages ---------------------------------------------------------------------------
    def field(self, name: str) -> FormField | None:
        """The field called `name`, if the form has it."""
        found = self.query(f"#field-{name}")
        return found.first(FormField) if found else None

    def show_error(self, name: str, message: str) -> None:
        """A message on field `name` (or as a notification when the form has no such field)."""
        field = self.field(name)
        if field is None:
            self.branch.say(message, "error")
            return
        field.show_error(message)
        self._from_save[name] = message
        field.widget.focus()
        field.scroll_visible()

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    def _message_gone_with_the_change(self, event: Input.Changed) -> None:
        """The message a save left on a field goes once the field is changed: it spoke
        of what was there. (A message the field gives as it is typed stays its own.)"""
        for node in event.control.ancestors_with_self if event.control else ():
            if isinstance(node, FormField):
                said = self._from_save.pop(node.field_name, None)
                if said is not None and node.message == said:
                    node.show_error(None)
                return

    def clear_errors(self) -> None:
        """No field has a message."""
        self._from_save.clear()
        for field in self.query(FormField):
            field.show_error(None)

    def show_banner(self, text: str | None) -> None:
        """A line above the fields (someone else's change), or none."""
        banner = self.query_one(".form-banner", Static)
        banner.update(Text(text or ""))
        banner.display = bool(text)

    # -- keys -------------------------------------------------------------------------------
    @work(group="ask", exit_on_error=False)
    async def action_cancel(self) -> None:
        """Close without saving; ask first when something was typed."""
        if self.changed and not await self.app.push_screen_wait(
            ConfirmModal(t("tui.form.discard"), yes=t("tui.form.discard_yes"))
        ):
            return
        self.dismiss(None)

    def action_save(self) -> None:
        """Check the fields, then save in a worker."""
        self.clear_errors()
        self.save()

    def save(self) -> None:
        """Subclasses: check and start the save worker."""

    # -- the save worker's errors -----------------------------------------------------------
    @on(Worker.StateChanged)
    def _saved_or_not(self, event: Worker.StateChanged) -> None:
        if event.state != WorkerState.ERROR or event.worker.error is None:
            return
        error = event.worker.error
        if isinstance(error, FieldError):
            self.show_error(error.field, str(error))
            return
        self.branch.report_error(error)
        if isinstance(error, ConflictError):
            at = local_time(error.at) if error.at is not None else ""
            who = safe(error.who or "")
            self.show_banner(t("tui.form.conflict", who=who, at=at))
            self.reload_after_conflict()

    def reload_after_conflict(self) -> None:
        """Subclasses: read the record again (its new version), keeping what was typed."""

    def take_theirs(self, theirs: dict[str, Any]) -> None:
        """After a conflict: the record's values as someone else saved them into the
        fields the user left alone; what the user typed stays. From now on `theirs` is
        what counts as unchanged."""
        typed = self.values()
        for name, value in theirs.items():
            field = self.field(name)
            if field is None or typed.get(name) != self._initial.get(name):
                continue
            self.put_value(field.widget, value)
        self._initial = theirs

    def put_value(self, widget: Widget, value: Any) -> None:
        """Put a value into a field's widget (someone else's, taken in after a conflict)."""
        from branchtui.tui.widgets.owner_field import OwnerField

        if isinstance(widget, Input):
            widget.value = value or ""
        elif isinstance(widget, TextArea):
            widget.text = value or ""
        elif isinstance(widget, Select):
            widget.value = value
        elif isinstance(widget, OwnerField):
            widget.set_owner(value)


__all__ = ["FormField", "FormModal"]
