"""The keys of the current screen, read from the live bindings, in the user's language.

Bindings are declared with a catalog key as their description (`"key.plan.new"`), so
they are written once, at class creation, and shown in whichever language is chosen
when they are shown: the key bar, the help screen and the command palette all read
`Screen.active_bindings` (the keys of the focused widget, its ancestors, the screen and
the app, with a user keymap applied) through `live_keys`. Textual's own widget
bindings (an Input's cursor keys) have plain English descriptions and are left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import Screen

from branchtui.i18n import t

PREFIX = "key."


@dataclass(frozen=True)
class LiveKey:
    """One action of the current screen: its keys as shown, what it does, whether it
    works now, and where it is bound (to run it from the palette)."""

    keys: str
    description: str
    enabled: bool
    shown: bool
    node: DOMNode
    binding: Binding

    @property
    def action(self) -> str:
        """The binding's action (with its arguments), as `run_action` takes it."""
        return self.binding.action


def describe(binding: Binding) -> str:
    """What a binding does, in the current language."""
    return t(binding.description) if binding.description.startswith(PREFIX) else ""


def live_keys(app: App[Any], screen: Screen[Any]) -> list[LiveKey]:
    """The current screen's own keys, most specific first (focused widget, screen, app);
    the keys bound to one action shown together ("k ↑")."""
    grouped: dict[tuple[int, str], LiveKey] = {}
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if not binding.description.startswith(PREFIX):
            continue
        shown_key = app.get_key_display(Binding(key, binding.action))
        slot = (id(active.node), binding.action)
        found = grouped.get(slot)
        if found is None:
            grouped[slot] = LiveKey(
                shown_key, describe(binding), active.enabled, binding.show, active.node, binding
            )
        elif shown_key not in found.keys.split(" "):
            grouped[slot] = LiveKey(
                f"{found.keys} {shown_key}",
                found.description,
                found.enabled,
                found.shown,
                found.node,
                found.binding,
            )
    return list(grouped.values())


__all__ = ["PREFIX", "LiveKey", "describe", "live_keys"]
