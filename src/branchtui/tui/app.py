"""The branchtui app: one mode per area, the keys that work everywhere, and sharing.

Thin on purpose: the areas are screens (tui/screens/), forms and questions are modals
(tui/modals/), the plan table is a widget (tui/widgets/); the palette's commands are
tui/commands.py. This module switches modes, changes the plan year, undoes, opens help
and the palette, polls the change feed and turns errors into notifications.

Start-up paints the dashboard from the lean summary (plain sqlite3) before SQLModel is
imported; the ORM-backed domain is imported by a worker once the first frame is up.
"""

from __future__ import annotations

import gc
import threading
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual import work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.command import Provider
from textual.reactive import reactive
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from branchtui.errors import BranchError, ConflictError, ReadOnlyError
from branchtui.i18n import t
from branchtui.tui.messages import DataChanged
from branchtui.tui.versions import Versions

if TYPE_CHECKING:
    from branchtui.domain.summary import Summary
    from branchtui.domain.workspace import Workspace

# How often the app asks SQLite whether another connection committed (PRAGMA data_version:
# microseconds). Others' changes show within two polls and a reload.
POLL_SECONDS = 0.5
# The ORM's import (~0.4 s of CPU) starts this long after the first frame, so that it does
# not compete with it for the interpreter; an edit before then loads it on demand.
PRELOAD_AFTER = 0.2
YEARS = (1900, 2999)
# Textual's colour systems that have only the 16 ANSI colours.
SIXTEEN_COLOURS = ("standard", "windows")


def _plan_screen() -> Screen[Any]:
    from branchtui.tui.screens.plan import PlanScreen

    return PlanScreen()


def _checklist_screen() -> Screen[Any]:
    from branchtui.tui.screens.checklists import ChecklistScreen

    return ChecklistScreen()


def _meeting_screen() -> Screen[Any]:
    from branchtui.tui.screens.meetings import MeetingScreen

    return MeetingScreen()


def _members_screen() -> Screen[Any]:
    from branchtui.tui.screens.members import MembersScreen

    return MembersScreen()


def _commands() -> type[Provider]:
    from branchtui.tui.commands import BranchCommands

    return BranchCommands


def _item_search() -> type[Provider]:
    from branchtui.tui.commands import ItemSearch

    return ItemSearch


def _member_finder() -> type[Provider]:
    from branchtui.tui.commands import MemberFinder

    return MemberFinder


def _dashboard() -> Screen[Any]:
    from branchtui.tui.screens.dashboard import DashboardScreen

    return DashboardScreen()


def pick_theme(setting: str, color_system: str | None, available: set[str]) -> str:
    """`[ui] theme`: a Textual theme's name, or `auto` (textual-dark; ansi-dark where the
    terminal has 16 colours, so the terminal's own palette is used)."""
    if setting != "auto" and setting in available:
        return setting
    return "ansi-dark" if color_system in SIXTEEN_COLOURS else "textual-dark"


class BranchApp(App[int]):
    """The app over one opened branch (`Workspace`)."""

    CSS_PATH = "app.tcss"
    TITLE = "branchtui"
    ENABLE_COMMAND_PALETTE = True
    COMMANDS: ClassVar[set[Any]] = {_commands, _item_search, _member_finder}
    # The dashboard is the default screen, not one of MODES, and becomes a mode once the
    # app is up: Textual reparses every stylesheet when it opens a mode of MODES, which
    # the first frame need not wait for.
    MODES: ClassVar[dict[str, Any]] = {
        "plan": _plan_screen,
        "checklists": _checklist_screen,
        "members": _members_screen,
        "meetings": _meeting_screen,
    }
    DEFAULT_MODE = "dashboard"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "switch_mode('dashboard')", "key.mode.dashboard", show=False, id="app.1"),
        Binding("2", "switch_mode('plan')", "key.mode.plan", show=False, id="app.2"),
        Binding("3", "switch_mode('checklists')", "key.mode.checklists", show=False, id="app.3"),
        Binding("4", "switch_mode('members')", "key.mode.members", show=False, id="app.4"),
        Binding("5", "switch_mode('meetings')", "key.mode.meetings", show=False, id="app.5"),
        Binding("left_square_bracket", "year(-1)", "key.year_back", show=False, id="app.year_back"),
        Binding("right_square_bracket", "year(1)", "key.year_next", show=False, id="app.year_next"),
        Binding("u", "undo", "key.undo", show=False, id="app.undo"),
        Binding("question_mark", "help", "key.help", id="app.help"),
        Binding("ctrl+p", "command_palette", "key.palette", id="app.palette", priority=True),
        Binding("q", "quit", "key.quit", id="app.quit"),
    ]
    EDITS: ClassVar[frozenset[str]] = frozenset({"undo"})

    year: reactive[int] = reactive(0)

    def __init__(
        self, ws: Workspace, *, year: int, theme: str = "auto", summary: Summary | None = None
    ) -> None:
        super().__init__()
        self.ws = ws
        # The summary read while Textual was importing: the dashboard's first frame.
        self.first_summary = summary
        self.read_only = ws.access.read_only
        self.change_id = ws.feed.last_change_id()
        self.write_lock = threading.Lock()
        self.versions = Versions()
        self.set_reactive(BranchApp.year, year)
        self.theme = pick_theme(theme, self.console.color_system, set(self.available_themes))

    def get_default_screen(self) -> Screen[Any]:
        return _dashboard()

    def on_mount(self) -> None:
        self.add_mode("dashboard", _dashboard)  # its stack exists: `1` switches back to it
        self.set_interval(POLL_SECONDS, self.poll_feed)
        self.call_after_refresh(self.set_timer, PRELOAD_AFTER, self.preload)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.EDITS and self.read_only is not None:
            return None
        return True

    # -- sharing ----------------------------------------------------------------------------
    def poll_feed(self) -> None:
        """Tell the screen in front what others (or this app's workers) committed."""
        if not self.ws.feed.poll():
            return
        changed = self.ws.changes_since(self.change_id)
        if changed.last_id == self.change_id and not changed.everything:
            return
        self.change_id = changed.last_id
        self.screen.post_message(DataChanged(changed))

    @work(thread=True, group="preload", exit_on_error=False)
    def preload(self) -> None:
        """After the first frame: the ORM-backed domain (what the first edit needs) and
        the database file's warnings (readable by others, shared directory not setgid)."""
        import branchtui.domain.history
        import branchtui.domain.item_changes
        import branchtui.domain.items
        import branchtui.domain.step_changes
        import branchtui.tui.screens.checklists
        import branchtui.tui.screens.item
        import branchtui.tui.screens.meetings
        import branchtui.tui.screens.members
        import branchtui.tui.screens.plan  # noqa: F401

        for warning in self.ws.warnings():
            self.call_from_thread(self.say, warning, "warning")
        # What the app has built so far (the ORM's tables, Textual's) lives as long as it:
        # out of the cyclic GC's full sweeps, each of which stalls a keypress otherwise.
        gc.freeze()

    # -- messages ---------------------------------------------------------------------------
    def say(self, text: str, severity: str = "information", title: str = "") -> None:
        """A notification; user text in it stays text (never markup)."""
        level = severity if severity in ("information", "warning", "error") else "information"
        self.notify(text, title=title, severity=level, markup=False)  # type: ignore[arg-type]

    def report_error(self, error: BaseException) -> None:
        """The one place a worker's error becomes a notification, in the user's language."""
        if isinstance(error, ConflictError):
            self.notify(
                str(error), title=t("tui.conflict"), severity="error", markup=False, timeout=12
            )
        elif isinstance(error, ReadOnlyError):
            self.say(str(error), "warning", t("tui.read_only.title"))
        elif isinstance(error, BranchError):
            self.say(str(error), "error")
        else:
            self.log.error(error)
            detail = " ".join(f"{type(error).__name__}: {error}".split())
            self.say(t("error.unexpected", error=detail), "error")

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            self.report_error(event.worker.error)

    # -- actions ----------------------------------------------------------------------------
    def action_year(self, delta: int) -> None:
        """The plan year before or after."""
        self.year = max(YEARS[0], min(YEARS[1], self.year + delta))

    def action_help(self) -> None:
        """Every key of the screen in front, from its live bindings."""
        from branchtui.tui.modals.help import HelpModal

        if not isinstance(self.screen, HelpModal):
            self.push_screen(HelpModal(self.screen))

    def action_command_palette(self) -> None:
        """The palette, asking in the user's language."""
        from textual.command import CommandPalette

        if not CommandPalette.is_open(cast(App[Any], self)):
            palette = CommandPalette(placeholder=t("tui.palette.placeholder"))
            self.push_screen(palette)

    def action_undo(self) -> None:
        """Take back this user's last change (or say why not)."""
        self.undo()

    @work(thread=True, group="write", exit_on_error=False)
    def undo(self) -> None:
        with self.write_lock:
            entry = self.ws.undo()
        from branchtui.tui.history_words import describe_entry

        self.call_from_thread(self.say, t("tui.undone", what=describe_entry(entry)))
        for notice in entry.notices:  # what an undo could not restore
            self.call_from_thread(self.say, notice.message(), "warning")

    async def _area(self, mode: str) -> Screen[Any]:
        """Mode `mode` in front, with nothing over its area's screen."""
        await self.switch_mode(mode)
        while len(self.screen_stack) > 1:
            await self.pop_screen()
        return self.screen

    async def open_item(self, item_id: int) -> None:
        """Show item `item_id` on the plan screen, with its detail open."""
        from branchtui.tui.screens.plan import PlanScreen

        screen = await self._area("plan")
        if isinstance(screen, PlanScreen):
            screen.open_item(item_id)

    async def open_checklist_cell(self, entry_id: int, period: str) -> None:
        """Show the checklists with the cursor on an entry's period (a dashboard line)."""
        from branchtui.tui.screens.checklists import ChecklistScreen

        screen = await self._area("checklists")
        if isinstance(screen, ChecklistScreen):
            screen.show_cell(entry_id, period)

    async def open_member(self, member_id: int) -> None:
        """Show member `member_id` on the members screen, with the detail open."""
        from branchtui.tui.screens.members import MembersScreen

        screen = await self._area("members")
        if isinstance(screen, MembersScreen):
            screen.open_member(member_id)


__all__ = ["BranchApp", "pick_theme"]
