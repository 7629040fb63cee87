"""4 党员: the register in a table — 姓名, 性别, 党小组, 职务, 阶段, 入党/转正, 下一步 — and
the keys that act on the member under the cursor.

The rows come from `Workspace.member_rows` (plain sqlite3, each with its next step) in a
worker; the table renders only what is on screen. `a` shows those who transferred out
too; `/` filters as you type (names by pinyin and initials); `ctrl+r` shows the private
fields on this screen until it is left. Writes (`p` the next stage, `t` transfer out) run
in workers based on the version the row showed, and the change feed reloads the rows
(keeping the cursor on the same member) when anyone commits.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import work
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Static

from branchtui.display import safe
from branchtui.domain.workspace import Changed
from branchtui.errors import BranchError
from branchtui.i18n import label, t, tn
from branchtui.tui.messages import MembersLoaded
from branchtui.tui.screens.base import BranchScreen, branch_app
from branchtui.tui.screens.table_screen import TableScreen
from branchtui.tui.widgets.filter_bar import FilterBar
from branchtui.tui.widgets.member_table import MemberTable

if TYPE_CHECKING:
    from branchtui.domain.members import PromotionPreview


class MemberArea(BranchScreen):
    """What the register and a member's detail share: `p` the next stage (asking the
    date, then showing the warnings and the 转正 date before writing), `t` transfer out
    (asking the date), and private fields shown on this screen only (`ctrl+r`)."""

    AREA = "members"

    def __init__(self) -> None:
        super().__init__()
        self.revealed = False

    def promote_member(self, member: Any) -> None:
        """`p` on `member` (a row or a view: id, name, stage, active, version)."""
        from branchtui.tui.modals.stage_forms import PromoteForm

        if not member.active:
            left = member.left_on.isoformat() if member.left_on else ""
            self.notify(t("member.inactive", name=member.name, left_on=left), markup=False)
            return
        if member.stage == "full":
            self.notify(t("member.no_next_stage", name=member.name), markup=False)
            return
        year, today = branch_app(self).year, self.ws.today
        form = PromoteForm(member.id, member.name, member.stage, member.version, year, today)
        self.app.push_screen(form, self._promotion_previewed)

    def _promotion_previewed(self, preview: PromotionPreview | None) -> None:
        if preview is not None:
            self.confirm_promotion(preview)

    @work(group="ask", exit_on_error=False)
    async def confirm_promotion(self, preview: PromotionPreview) -> None:
        """Show what the promotion does and advises against; write it on yes."""
        from branchtui.tui.modals.confirm import ConfirmModal
        from branchtui.tui.modals.stage_forms import promotion_question

        question, details = promotion_question(preview)
        yes = t("tui.members.promote.yes")
        if not await self.app.push_screen_wait(ConfirmModal(question, details=details, yes=yes)):
            self.notify(t("tui.members.promote.cancelled"), markup=False)
            return
        ws = self.ws
        said = t(
            "tui.members.promote.done",
            name=safe(preview.name),
            next=label("stage", preview.target),
            date=preview.on_date.isoformat(),
        )
        self.write(
            ("member", preview.member_id),
            preview.version,
            lambda version: ws.promote(preview.member_id, preview.on_date, version),
            said,
        )

    def leave_member(self, member: Any) -> None:
        """`t` on `member`: the transfer-out form."""
        from branchtui.tui.modals.stage_forms import LeaveForm

        if not member.active:
            left = member.left_on.isoformat() if member.left_on else ""
            self.notify(t("member.already_left", name=member.name, left_on=left), markup=False)
            return
        year, today = branch_app(self).year, self.ws.today
        form = LeaveForm(member.id, member.name, member.version, year, today)
        self.app.push_screen(form, self.member_written)

    def member_written(self, member_id: int | None) -> None:
        """A form over this screen saved member `member_id` (None: closed unsaved)."""

    def on_screen_suspend(self) -> None:
        # Leaving the screen masks the private fields again; a question or a form over it
        # (a modal) does not leave it.
        if self.revealed and not isinstance(self.app.screen, ModalScreen):
            self.revealed = False
            self.show_revealed()

    def action_reveal(self) -> None:
        """`ctrl+r`: show the phone and ID numbers on this screen, or mask them again."""
        self.revealed = not self.revealed
        self.show_revealed()

    def show_revealed(self) -> None:
        """Show the private fields as `revealed` says."""


class MembersScreen(MemberArea, TableScreen):
    """党员: the register, its filter, and the member keys."""

    # DEFAULT_CSS rather than a .tcss beside it: a screen's CSS_PATH makes Textual parse
    # every stylesheet again and restyle every screen when it first opens (~50 ms).
    DEFAULT_CSS = """
    MembersScreen {
        #member-table { height: 1fr; }
        #members-info { height: 1; }
        #members-filter {
            dock: bottom;
            height: 1;
            border: none;
            padding: 0 1;
            margin-bottom: 1;
        }
    }
    """
    ON_ROW = frozenset({"open", "edit", "promote", "leave"})
    EDITS: ClassVar[frozenset[str]] = frozenset({"new", "edit", "promote", "leave"})
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "key.open", id="members.open"),
        Binding("n", "new", "key.members.new", id="members.new"),
        Binding("e", "edit", "key.members.edit", id="members.edit"),
        Binding("p", "promote", "key.members.promote", id="members.promote"),
        Binding("t", "leave", "key.members.leave", show=False, id="members.leave"),
        Binding("a", "toggle_left", "key.members.show_left", id="members.show_left"),
        Binding("ctrl+r", "reveal", "key.members.reveal", show=False, id="members.reveal"),
        # priority: handled as it arrives, so the keys typed right after it reach the filter
        Binding("slash", "filter", "key.members.filter", id="members.filter", priority=True),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.include_left = False

    def compose_body(self) -> Iterable[Widget]:
        yield MemberTable(today=self.ws.today, id="member-table")
        yield Static(id="members-info")
        yield FilterBar(
            placeholder=t("tui.members.filter_placeholder"), id="members-filter", compact=True
        )

    @property
    def table(self) -> MemberTable:
        """The member table."""
        return self.query_one(MemberTable)

    def on_mount(self) -> None:
        # The rows are read now (plain SQL, ~20 ms at SPEC §9's 1,000 members), so the
        # screen's first frame shows them; later reloads run in a worker.
        self.mount_table(waiting=False)
        include_left = self.include_left
        try:
            rows = self.ws.member_rows(include_left)
        except BranchError:
            self.load()  # the worker reports what went wrong
            return
        self.on_members_loaded(MembersLoaded(include_left, rows))

    # -- rows -------------------------------------------------------------------------------
    def apply_changes(self, changed: Changed) -> None:
        if changed.touches("member", "member_event"):
            self.load()

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def load(self) -> None:
        """Read the register in a thread."""
        include_left = self.include_left
        self.post_message(MembersLoaded(include_left, self.ws.member_rows(include_left)))

    def on_members_loaded(self, message: MembersLoaded) -> None:
        if message.include_left != self.include_left:
            return
        table = self.table
        table.loading = False
        table.today = self.ws.today
        table.load_rows(message.rows, keep=self.pending)
        self.rows_shown()

    def show_info(self) -> None:
        model = self.table.model
        active = sum(1 for row in model.rows if row.active)
        left = len(model.rows) - active
        query = model.query.strip()
        if query:
            text = t("tui.members.filtered", query=safe(query), shown=len(model.shown))
        else:
            text = tn("tui.members.count", active)
        if self.include_left:
            text += t("tui.members.with_left", left=left)
        if self.revealed:
            text += t("tui.members.revealed")
        self.query_one("#members-info", Static).update(Text(" " + text, style="dim"))

    def open_member(self, member_id: int) -> None:
        """Cursor on member `member_id` (once the rows are in) and the detail open."""
        self.open_row(member_id)

    # -- those who left, private fields -----------------------------------------------------
    def action_toggle_left(self) -> None:
        """`a`: show those who transferred out too, or only active members again."""
        self.include_left = not self.include_left
        self.table.loading = True
        self.load()

    def show_revealed(self) -> None:
        self.table.reveal(self.revealed)
        self.show_info()

    # -- opening ----------------------------------------------------------------------------
    def push_detail(self, member_id: int) -> None:
        """The member's detail: every field, stage dates, 党龄, the 培养记录."""
        from branchtui.tui.screens.member import MemberScreen

        self.app.push_screen(MemberScreen(member_id))

    @work(thread=True, exclusive=True, group="form", exit_on_error=False)
    def open_form(self, member_id: int | None) -> None:
        """Read what the form needs (the member), then open it."""
        from branchtui.tui.modals.member_form import MemberForm

        member = self.ws.member(member_id) if member_id is not None else None
        form = MemberForm(branch_app(self).year, member, revealed=self.revealed)
        self.app.call_from_thread(self.app.push_screen, form, self.member_written)

    def member_written(self, member_id: int | None) -> None:
        if member_id is not None:
            self.pending = member_id
            self.load()

    # -- the member keys --------------------------------------------------------------------
    def action_promote(self) -> None:
        """`p`: the next stage (asks the date; shows the warnings before confirming)."""
        row = self.table.row
        if row is not None:
            self.promote_member(row)

    def action_leave(self) -> None:
        """`t`: transfer the member out (asks the date)."""
        row = self.table.row
        if row is not None:
            self.leave_member(row)

    def on_wrote(self, message: Any) -> None:
        self.load()


__all__ = ["MemberArea", "MembersScreen"]
