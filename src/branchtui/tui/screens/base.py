"""What every area's screen shares: the header, the banner and the key bar around its
body; edit keys refused with the reason on a read-only branch; catching up with others'
changes; writes in a worker, one at a time, based on the version the user saw.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual import events, work
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widget import Widget
from textual.worker import Worker, WorkerState

from branchtui.i18n import t
from branchtui.tui.messages import DataChanged, Wrote
from branchtui.tui.widgets.chrome import BranchHeader, KeyBar, ReadOnlyBanner

if TYPE_CHECKING:
    from branchtui.domain.changes import Written
    from branchtui.domain.workspace import Changed, Workspace
    from branchtui.tui.app import BranchApp


def branch_app(node: Widget | Screen[Any]) -> BranchApp:
    """The running app, typed."""
    return cast("BranchApp", node.app)


def refuse_if_read_only(screen: Screen[Any], event: events.Key) -> None:
    """An edit key pressed on a read-only branch: say why nothing happens (the key is
    disabled, so Textual would otherwise drop it silently)."""
    reason = branch_app(screen).read_only
    if reason is None:
        return
    active = screen.active_bindings.get(event.key)
    if active is None or active.enabled:
        return
    action = active.binding.action.split("(", 1)[0]
    if action in getattr(active.node, "EDITS", ()):
        branch_app(screen).say(t("tui.read_only", reason=reason), "warning")
        event.stop()
        event.prevent_default()


def written_messages(written: Written[Any] | None, done: str | None) -> tuple[str, ...]:
    """What to tell the user after a write: what was done (or that nothing changed), then
    the domain's notices."""
    if written is None:
        return (done,) if done else ()
    first = (done,) if written.changed and done else ()
    if not written.changed:
        first = (t("tui.nothing_changed"),)
    return first + tuple(notice.message() for notice in written.notices)


class Editing:
    """For screens and widgets whose keys write: `EDITS` names those actions; on a
    read-only branch they are disabled (and `refuse_if_read_only` says why)."""

    EDITS: ClassVar[frozenset[str]] = frozenset()

    def editing_allowed(self, action: str) -> bool | None:
        """None (shown, disabled) for an edit on a read-only branch, else True."""
        if action in self.EDITS and branch_app(cast(Widget, self)).read_only is not None:
            return None
        return True


class BranchScreen(Editing, Screen[None]):
    """A screen of one area (`AREA`: dashboard, plan…)."""

    AREA: ClassVar[str] = "dashboard"

    def __init__(self) -> None:
        super().__init__()
        app = branch_app(self)
        self.seen_change = app.change_id
        # A new screen counts as styled with the app's current CSS: otherwise opening it as
        # a mode makes Textual reparse every stylesheet of the app (~70 ms of the first
        # switch to each area). Its own widgets' CSS is still parsed and applied on mount.
        self._css_update_count = app._css_update_count

    @property
    def ws(self) -> Workspace:
        """The branch."""
        return branch_app(self).ws

    @property
    def area(self) -> str:
        """The area this screen belongs to (dashboard, plan…)."""
        return self.AREA

    @property
    def title_text(self) -> str:
        """The area's name, shown in the header."""
        return t(f"tui.area.{self.area}")

    def compose(self) -> ComposeResult:
        yield BranchHeader(self.title_text)
        reason = branch_app(self).read_only
        if reason is not None:
            yield ReadOnlyBanner(reason)
        yield from self.compose_body()
        yield KeyBar()

    def compose_body(self) -> Iterable[Widget]:
        """The area's own widgets."""
        return ()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.editing_allowed(action)

    def on_key(self, event: events.Key) -> None:
        refuse_if_read_only(self, event)

    # -- others' changes --------------------------------------------------------------------
    def on_data_changed(self, message: DataChanged) -> None:
        self.seen_change = message.changed.last_id
        self.apply_changes(message.changed)

    def on_screen_resume(self) -> None:
        app = branch_app(self)
        if self.seen_change < app.change_id:
            changed = self.ws.changes_since(self.seen_change)
            self.seen_change = changed.last_id
            self.apply_changes(changed)
        self.refresh_bindings()

    def apply_changes(self, changed: Changed) -> None:
        """Show what others (or this app) committed; each area reloads what it shows."""

    # -- workers ----------------------------------------------------------------------------
    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            branch_app(self).report_error(event.worker.error)

    @work(thread=True, group="write", exit_on_error=False)
    def write(
        self,
        record: tuple[str, int] | None,
        seen_version: int,
        call: Callable[[int], Written[Any] | None],
        done: str | Callable[[Any], str] | None = None,
    ) -> None:
        """Run one write in a thread, after any other of this app's writes, based on the
        newest version of `record` this app knows of (so `+` pressed three times is three
        steps, not a conflict with itself); post `Wrote`."""
        app = branch_app(self)
        with app.write_lock:
            version = app.versions.latest(record, seen_version)
            written = call(version)
            if written is not None:
                app.versions.saw(record, getattr(written.view, "version", None))
        view = None if written is None else written.view
        changed = True if written is None else written.changed
        said = done(view) if callable(done) else done
        self.post_message(Wrote(view, changed, written_messages(written, said)))

    def on_wrote(self, message: Wrote) -> None:
        # Textual runs this after a subclass's own `on_wrote` (every class's handler in
        # the MRO runs): a subclass must not call it again, or each message shows twice.
        for text in message.messages:
            self.notify(text, markup=False)


__all__ = ["BranchScreen", "Editing", "branch_app", "refuse_if_read_only", "written_messages"]
