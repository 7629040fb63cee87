"""The command palette (`ctrl+p`): what can be done from the screen in front, and the
records it finds.

Its commands are the screen's live bindings (`计划: 新建事项`, the area first), the keys
that work everywhere (`通用: 撤销`, the other screens), and the file actions that have no
key (`文件: 导出 TOML`…). Read from the bindings each time it opens, so it offers exactly
what works now and never needs its own list kept in step with the keys.

`ItemSearch` finds the year's plan items as you type: by 序号, by title, by the owner's
name, pinyin or initials (the keys stored with each member); choosing one opens it.
`MemberFinder` finds a member by name, pinyin or initials (`党员: 张建国`) and opens them
on the members screen.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any, cast

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider

from branchtui.display import safe
from branchtui.domain.names import matches
from branchtui.i18n import t
from branchtui.tui.file_actions import FORMATS, ask_export, ask_import_plan
from branchtui.tui.keys import live_keys

if TYPE_CHECKING:
    from branchtui.domain.workspace import OwnerChoice, PlanRow
    from branchtui.tui.app import BranchApp

# The palette lists at most this many items found.
ITEMS_SHOWN = 20

# Moving around is what keys are for; the palette offers actions.
NAVIGATION = frozenset(
    {
        "key.up",
        "key.down",
        "key.page_up",
        "key.page_down",
        "key.first",
        "key.last",
        "key.close",
        "key.palette",
        "key.owner.next",
        "key.owner.previous",
    }
)

Command = tuple[str, Callable[[], Any], str]


class BranchCommands(Provider):
    """Every action of the screen in front, the app's, and the file actions."""

    def commands(self) -> list[Command]:
        """(title, what to run, help) for each command that works now."""
        app = cast("BranchApp", self.app)
        screen = self.screen
        area = str(getattr(screen, "title_text", ""))
        general = t("tui.area.app")
        found: list[Command] = []
        for key in live_keys(app, screen):
            if not key.enabled or key.binding.description in NAVIGATION:
                continue
            prefix = general if key.node is app else area
            run = partial(app.run_action, key.action, key.node)
            found.append((f"{prefix}: {key.description}", run, t("tui.palette.key", key=key.keys)))
        files = t("tui.area.files")
        for kind in FORMATS:
            found.append(
                (f"{files}: {t(f'tui.files.title.{kind}')}", partial(ask_export, app, kind), "")
            )
        found.append((f"{files}: {t('tui.files.title.plan')}", partial(ask_import_plan, app), ""))
        return found

    async def discover(self) -> Hits:
        for title, run, help_text in self.commands():
            yield DiscoveryHit(Text(title), run, text=title, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, run, help_text in self.commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), run, text=title, help=help_text)


class ItemSearch(Provider):
    """The year's plan items, found by 序号, title or owner (pinyin too)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows: list[PlanRow] = []
        self.titles: list[str] = []

    async def startup(self) -> None:
        """Read the year's items once per opening (plain SQL, in a thread)."""
        import asyncio

        app = cast("BranchApp", self.app)
        self.rows = await asyncio.to_thread(app.ws.plan_rows, app.year)
        self.titles = [row.title.casefold() for row in self.rows]

    def found(self, query: str) -> list[tuple[float, PlanRow]]:
        """The items matching `query`, best first: its 序号, then titles, then owners."""
        needle = query.strip().casefold()
        if not needle:
            return []
        hits: list[tuple[float, PlanRow]] = []
        for row, title in zip(self.rows, self.titles, strict=True):
            if needle == str(row.number):
                score = 1.0
            elif needle in title:
                score = 0.9 if title.startswith(needle) else 0.8
            elif row.owner and matches(needle, row.owner, row.owner_key):
                score = 0.6
            else:
                continue
            hits.append((score, row))
            if len(hits) >= ITEMS_SHOWN and score < 1.0:
                break
        return sorted(hits, key=lambda hit: (-hit[0], hit[1].number))[:ITEMS_SHOWN]

    async def search(self, query: str) -> Hits:
        app = cast("BranchApp", self.app)
        area = t("tui.area.plan")
        for score, row in self.found(query):
            title = f"{area}: {row.number}. {safe(row.title)}"
            owner = safe(row.owner or "")
            yield Hit(score, Text(title), partial(app.open_item, row.id), text=title, help=owner)


class MemberFinder(Provider):
    """A member found by name, pinyin or initials (`zs`, `zhangsan` → 张三), opened on the
    members screen. Offered once something is typed: the register is long."""

    async def startup(self) -> None:
        app = cast("BranchApp", self.app)
        self.members: list[OwnerChoice] = await asyncio.to_thread(app.ws.owner_choices)

    async def search(self, query: str) -> Hits:
        needle = query.strip()
        if not needle:
            return
        app = cast("BranchApp", self.app)
        area = t("tui.area.members")
        matcher = self.matcher(needle)
        for member in self.members:
            if not matches(needle, member.name, member.name_key):
                continue
            extra = " · ".join(safe(x) for x in (member.group, member.post) if x)
            title = f"{area}: {safe(member.name)}" + (f"（{extra}）" if extra else "")
            # The person before the items they own (0.6), after items found by title.
            score = max(matcher.match(title), 0.7)
            yield Hit(
                score,
                Text(title),
                partial(app.open_member, member.id),  # run by call_later, which awaits it
                text=title,
                help=t("tui.members.palette_help"),
            )


__all__ = ["BranchCommands", "ItemSearch", "MemberFinder"]
