"""Where the database file is, and creating it and its directory with safe modes (SPEC §8).

Light: no SQLAlchemy, so the quick `status` path can use it.
"""

from __future__ import annotations

import grp
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from branchtui.errors import StorageError, os_reason

SQLITE_MAGIC = b"SQLite format 3\x00"


def database_path(target: str) -> Path:
    """The file named by `--db`, BRANCHTUI_DB or `[database] url`: a path or sqlite:/// URL."""
    if "://" in target:
        scheme, _, rest = target.partition("://")
        if scheme not in ("sqlite", "sqlite+pysqlite"):
            raise StorageError("db.unsupported_url", url=target)
        # sqlite:////abs/path -> /abs/path ; sqlite:///rel/path -> rel/path
        from urllib.parse import unquote

        path = unquote(rest[1:] if rest.startswith("/") else rest).split("?", 1)[0]
        if not path or path == ":memory:":
            raise StorageError("db.unsupported_url", url=target)
        return Path(path).expanduser()
    return Path(target).expanduser()


@dataclass(frozen=True)
class Sharing:
    """The modes and group new files get: private to the user, or shared with a group."""

    group: str | None

    @property
    def gid(self) -> int | None:
        if not self.group:
            return None
        try:
            return grp.getgrnam(self.group).gr_gid
        except KeyError:
            raise StorageError("db.unknown_group", group=self.group) from None

    @property
    def file_mode(self) -> int:
        return 0o660 if self.group else 0o600

    @property
    def dir_mode(self) -> int:
        return 0o2770 if self.group else 0o700


def make_directory(directory: Path, sharing: Sharing) -> None:
    """Create the database's directory (only the last level gets the strict mode)."""
    if directory.is_dir():
        return
    gid = sharing.gid  # an unknown group is an error before anything is created
    try:
        directory.parent.mkdir(parents=True, exist_ok=True)
        directory.mkdir()
        if gid is not None:
            os.chown(directory, -1, gid)
        # chmod after mkdir: the umask must not decide the mode.
        os.chmod(directory, sharing.dir_mode)
    except OSError as error:
        raise StorageError(
            "db.cannot_create", path=str(directory), detail=os_reason(error)
        ) from None


def create_file(path: Path, sharing: Sharing) -> None:
    """Create an empty file with the mode and group of SPEC §8, whatever the umask."""
    gid = sharing.gid  # an unknown group is an error before anything is created
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, sharing.file_mode)
    except FileExistsError:
        return
    except OSError as error:
        raise StorageError("db.cannot_create", path=str(path), detail=os_reason(error)) from None
    try:
        if gid is not None:
            os.fchown(fd, -1, gid)
        os.fchmod(fd, sharing.file_mode)
    finally:
        os.close(fd)


def is_sqlite_file(path: Path) -> bool:
    """True for an SQLite file (or an empty one, which SQLite treats as a new database)."""
    with path.open("rb") as handle:
        head = handle.read(len(SQLITE_MAGIC))
    return head in (b"", SQLITE_MAGIC)


def can_write(path: Path) -> bool:
    """Whether this user may change the database (the file, and its directory for -wal/-shm)."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK | os.X_OK)


def safety_warnings(path: Path, group: str | None) -> list[tuple[str, dict[str, str]]]:
    """Warnings of SPEC §8: a world-readable database, a shared directory without setgid."""
    warnings: list[tuple[str, dict[str, str]]] = []
    try:
        mode = path.stat().st_mode
        dir_mode = path.parent.stat().st_mode
    except OSError:
        return warnings
    if mode & stat.S_IROTH:
        warnings.append(("db.world_readable", {"path": str(path)}))
    if group and not dir_mode & stat.S_ISGID:
        warnings.append(("db.dir_not_setgid", {"dir": str(path.parent), "group": group}))
    return warnings
