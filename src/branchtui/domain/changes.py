"""Typed change sets and what a write reports back.

A change set is a frozen dataclass whose fields default to `UNSET`: a field left UNSET is
not touched, None (or "") clears it, anything else is the new value. Writers get exactly
the fields a record has, checked by mypy, instead of a `Mapping[str, Any]`.

A write answers with `Written`: the record as it now is, whether anything changed (a
write that changes nothing writes no history row and says so), and notices — what the
user should know about what the rules did on the way (an item reopened because a step
was unticked; all steps ticked, so the item may be marked done).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, fields
from typing import Any, Final, Generic, TypeVar


class Unset(enum.Enum):
    """The type of `UNSET`."""

    UNSET = "unset"

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Final = Unset.UNSET

View = TypeVar("View")


def given(changes: Any) -> dict[str, Any]:
    """The fields of a change-set dataclass that are not UNSET, by name, in field order."""
    return {
        f.name: getattr(changes, f.name)
        for f in fields(changes)
        if getattr(changes, f.name) is not UNSET
    }


@dataclass(frozen=True)
class Notice:
    """Something the user should know about a write: a catalog key and plain parameters."""

    key: str
    params: dict[str, Any]

    def message(self) -> str:
        """The notice as one line in the current language."""
        from branchtui.i18n import t

        return t(self.key, **self.params)


@dataclass(frozen=True)
class Written(Generic[View]):
    """The outcome of a write: the record as stored now, whether it changed, notices."""

    view: View
    changed: bool = True
    notices: tuple[Notice, ...] = ()


__all__ = ["UNSET", "Notice", "Unset", "Written", "given"]
