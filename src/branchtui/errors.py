"""Typed errors shared by every layer.

Each error carries a catalog key and its parameters instead of a finished sentence, so the
CLI and the app print it in the user's language. Nothing here imports anything heavy.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any


class BranchError(Exception):
    """An error a user can act on: one line, in their language."""

    exit_code = 1

    def __init__(self, key: str, /, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def message(self) -> str:
        """The error as one line in the current language."""
        from datetime import datetime

        from branchtui.display import local_time
        from branchtui.i18n import t, tn

        # A moment (who changed a record, when) is carried as a datetime and shown in the
        # branch's timezone, like every time the program shows.
        params = {
            k: local_time(v) if isinstance(v, datetime) else v for k, v in self.params.items()
        }
        count = params.get("count")
        if isinstance(count, int):
            del params["count"]
            return tn(self.key, count, **params)
        return t(self.key, **params)

    def __str__(self) -> str:
        return self.message()


class UsageError(BranchError):
    """The command line itself is wrong (exit code 2)."""

    exit_code = 2


class ConfigError(BranchError):
    """A configuration file or variable is malformed."""


class StorageError(BranchError):
    """The database cannot be opened, read or written."""


class ReadOnlyError(StorageError):
    """A change was attempted on a database opened read-only."""


class ConflictError(BranchError):
    """Someone else changed the record since it was read (optimistic locking).

    `record` names it as people do ("工作事项 12"); `who` and `at` (a datetime, shown in the
    branch's timezone) say who changed it last, when history knows.
    """

    @property
    def who(self) -> str | None:
        """Who changed the record last."""
        who = self.params.get("who")
        return str(who) if who is not None else None

    @property
    def at(self) -> datetime | None:
        """When they did."""
        at = self.params.get("at")
        return at if isinstance(at, datetime) else None


class NotFoundError(BranchError):
    """An id, uid or name names no record."""


class ValidationError(BranchError):
    """A value a user gave is not acceptable (a date, a code, a range)."""


class FieldError(ValidationError):
    """A record's field breaks one of its rules (`domain.record_rules`): the field is named
    so that an import can say which record and key, and a form which input."""

    def __init__(self, key: str, /, field: str, **params: Any) -> None:
        super().__init__(key, **{**params, "field": field})
        self.field = field

    def message(self) -> str:
        """The error with its field named as people name it (标题, not `title`)."""
        from branchtui.i18n import catalog, current_language, t

        key = f"field.{self.field}"
        shown = t(key) if key in catalog(current_language()) else self.field
        return BranchError(self.key, **{**self.params, "field": shown}).message()

    @classmethod
    def of(cls, error: ValidationError, field: str) -> FieldError:
        """`error` as a FieldError naming `field`."""
        if isinstance(error, FieldError):
            return error
        params = {k: v for k, v in error.params.items() if k != "field"}
        return cls(error.key, field, **params)


def os_reason(error: OSError) -> str:
    """Why the system refused, in the user's language (the OS's own text is English)."""
    import errno

    from branchtui.i18n import catalog, current_language, t

    name = errno.errorcode.get(error.errno or 0, "")
    key = f"os.{name}"
    if name and key in catalog(current_language()):
        return t(key)
    return error.strerror or str(error)
