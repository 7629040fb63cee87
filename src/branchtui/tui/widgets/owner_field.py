"""The owner of an item: a member found by typing part of the name, its pinyin or its
initials (`zs`, `zhangsan` → 张三, from the keys stored with each member), or any other
text for an owner who is not a member (团支部).

The matches show under the input; `down`/`up` move among them, `enter` takes one. What
the field holds is `Owner`: a member's id, or text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from branchtui.display import safe
from branchtui.domain.names import matches
from branchtui.domain.workspace import OwnerChoice
from branchtui.i18n import t

SHOWN_MATCHES = 5


@dataclass(frozen=True)
class Owner:
    """Who is responsible: a member (`member_id`) or plain text; `name` is what is shown."""

    name: str
    member_id: int | None = None


class OwnerInput(Input):
    """The typing part; its arrow keys and `enter` drive the matches below."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "pick(1)", "key.owner.next", show=False, id="owner.next"),
        Binding("up", "pick(-1)", "key.owner.previous", show=False, id="owner.previous"),
    ]

    class Pick(Message):
        """Move among the matches."""

        def __init__(self, step: int) -> None:
            super().__init__()
            self.step = step

    def action_pick(self, step: int) -> None:
        self.post_message(self.Pick(step))


class OwnerField(Vertical):
    """An owner picked from members by search, or typed as text."""

    # What the input and the line under it say (catalog keys): a subclass picking someone
    # else than an owner (a meeting's host) says so.
    PLACEHOLDER = "tui.form.owner_placeholder"
    HINTS: ClassVar[dict[str, str]] = {
        "none": "tui.form.owner_none",
        "member": "tui.form.owner_member",
        "member_extra": "tui.form.owner_member_extra",
        "text": "tui.form.owner_text",
        "offer": "tui.form.owner_offer",
    }

    def __init__(
        self, choices: Sequence[OwnerChoice], value: Owner | None, *, id: str | None = None
    ) -> None:
        super().__init__(id=id, classes="owner-field")
        self.choices = list(choices)
        self._member_id = value.member_id if value else None
        self._start = value.name if value else ""

    def compose(self) -> ComposeResult:
        yield OwnerInput(
            self._start, placeholder=t(self.PLACEHOLDER), compact=True, select_on_focus=False
        )
        matches_list = OptionList(classes="owner-matches")
        matches_list.can_focus = False
        yield matches_list
        yield Static(classes="owner-hint")

    def on_mount(self) -> None:
        self.query_one(OptionList).display = False
        self._hint()

    @property
    def value(self) -> Owner | None:
        """The owner as chosen: a member when the text is one member's name."""
        text = self.query_one(OwnerInput).value.strip()
        if not text:
            return None
        if self._member_id is not None:
            chosen = next((c for c in self.choices if c.id == self._member_id), None)
            if chosen is not None and chosen.name == text:
                return Owner(text, chosen.id)
        same = [c for c in self.choices if c.name == text]
        if len(same) == 1:
            return Owner(text, same[0].id)
        spelled = self._spelled(text)
        if spelled is not None:
            return Owner(spelled.name, spelled.id)
        return Owner(text)

    def _spelled(self, text: str) -> OwnerChoice | None:
        """The one choice whose whole pinyin or initials `text` is (`zjg`, `zhangjianguo`):
        letters that name a member are never an owner's own text."""
        if not text.isascii():
            return None
        token = "".join(text.casefold().split())
        found = [c for c in self.choices if token in c.name_key.split()]
        return found[0] if len(found) == 1 else None

    def set_owner(self, owner: Owner | None) -> None:
        """Show `owner` (someone else's choice, taken in after a conflict)."""
        self._member_id = owner.member_id if owner else None
        field = self.query_one(OwnerInput)
        with field.prevent(Input.Changed):
            field.value = owner.name if owner else ""
        self.query_one(OptionList).display = False
        self._hint()

    def focus(self, scroll_visible: bool = True) -> OwnerField:
        self.query_one(OwnerInput).focus(scroll_visible)
        return self

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        query = event.value.strip()
        found = [c for c in self.choices if matches(query, c.name, c.name_key)] if query else []
        exact = len(found) == 1 and found[0].name == query
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(
            Option(_choice_text(choice), id=str(choice.id)) for choice in found[:SHOWN_MATCHES]
        )
        options.display = bool(found) and not exact
        if found:
            options.highlighted = 0
        self._hint()

    @on(Input.Blurred)
    def _left(self, _event: Input.Blurred) -> None:
        """Leaving the field with a member's pinyin or initials typed: that member, named."""
        owner = self.value
        field = self.query_one(OwnerInput)
        if owner is not None and owner.member_id is not None and field.value.strip() != owner.name:
            self._member_id = owner.member_id
            with field.prevent(Input.Changed):
                field.value = owner.name
            self.query_one(OptionList).display = False
            self._hint()

    def on_owner_input_pick(self, event: OwnerInput.Pick) -> None:
        options = self.query_one(OptionList)
        if options.display and options.option_count:
            current = options.highlighted or 0
            options.highlighted = max(0, min(options.option_count - 1, current + event.step))
            self._hint()

    @on(Input.Submitted)
    def _take(self, event: Input.Submitted) -> None:
        chosen = self._offered()
        if chosen is None:
            return  # nothing offered: enter does what it does in the form
        event.stop()
        self._member_id = chosen.id
        field = self.query_one(OwnerInput)
        with field.prevent(Input.Changed):
            field.value = chosen.name
        field.cursor_position = len(chosen.name)
        self.query_one(OptionList).display = False
        self._hint()

    def on_key(self, event: events.Key) -> None:
        if event.key == "escape" and self.query_one(OptionList).display:
            self.query_one(OptionList).display = False
            event.stop()
            self._hint()

    def _offered(self) -> OwnerChoice | None:
        """The match `enter` would take now, if the matches are showing."""
        options = self.query_one(OptionList)
        if not (options.display and options.highlighted is not None):
            return None
        option = options.get_option_at_index(options.highlighted)
        return next((c for c in self.choices if str(c.id) == option.id), None)

    def _hint(self) -> None:
        owner = self.value
        hint = self.query_one(".owner-hint", Static)
        offered = self._offered()
        if offered is not None and (owner is None or owner.member_id is None):
            # Not "kept as text" beside a match: what enter would take, until it is taken.
            hint.update(Text(t(self.HINTS["offer"], name=safe(offered.name)), style="dim"))
        elif owner is None:
            hint.update(Text(t(self.HINTS["none"]), style="dim"))
        elif owner.member_id is not None:
            choice = next(c for c in self.choices if c.id == owner.member_id)
            extra = " · ".join(x for x in (choice.group, choice.post) if x)
            key = self.HINTS["member_extra"] if extra else self.HINTS["member"]
            hint.update(Text(t(key, extra=safe(extra)), style="dim"))
        else:
            hint.update(Text(t(self.HINTS["text"]), style="dim"))


def _choice_text(choice: OwnerChoice) -> Text:
    text = Text(safe(choice.name), style="bold")
    extra = " · ".join(x for x in (choice.group, choice.post) if x)
    if extra:
        text.append(f"  {safe(extra)}", style="dim")
    return text


__all__ = ["Owner", "OwnerField"]
