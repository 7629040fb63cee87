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
    """Create an empty database file with the mode and group of SPEC §8, whatever the
    umask; one another process made meanwhile is left as it is, a symlink is refused."""
    from branchtui.storage.files import create_exclusive, refuse_link

    gid = sharing.gid  # an unknown group is an error before anything is created
    try:
        os.close(create_exclusive(path, sharing.file_mode, gid))
    except FileExistsError:
        refuse_link(path)  # a link pointing nowhere: SQLite would create its target
    except OSError as error:
        raise StorageError("db.cannot_create", path=str(path), detail=os_reason(error)) from None


def database_exists(path: Path) -> bool:
    """Whether a file (or anything) stands at `path`; a directory on the way this user may
    not enter is one clear error naming the path, not Python's PermissionError."""
    try:
        os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return False
    except OSError as error:
        raise StorageError("db.cannot_open", path=str(path), detail=os_reason(error)) from None
    return True


def check_readable(path: Path) -> None:
    """A directory, or a file this user may not read, at `path` is one clear error naming it.

    Asked of the file system, never by opening the file: a process with SQLite connections
    to the database that closes a descriptor of its own on it drops those connections'
    POSIX locks, and another process closing its connection may then delete the -wal file
    under them (SQLite's "How To Corrupt" §2.2; an export from the app did this). Whether
    the file is SQLite at all, SQLite says on the first query (`schema.describe_sqlite_error`).
    """
    import errno

    try:
        mode = os.stat(path).st_mode
    except OSError as error:
        raise StorageError("db.cannot_open", path=str(path), detail=os_reason(error)) from None
    if stat.S_ISDIR(mode):
        code = errno.EISDIR
    elif not os.access(path, os.R_OK):
        code = errno.EACCES
    else:
        return
    reason = os_reason(OSError(code, os.strerror(code)))
    raise StorageError("db.cannot_open", path=str(path), detail=reason)


def can_write(path: Path) -> bool:
    """Whether this user may change the database (the file, and its directory for -wal/-shm)."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK | os.X_OK)


# Less room than this on the database's disk counts as full: SQLite then fails to grow
# its -wal or -shm file and says only "disk I/O error".
LOW_SPACE = 1 << 20


def disk_full(path: Path) -> bool:
    """Whether the disk holding the database `path` has (almost) no room left."""
    try:
        info = os.statvfs(path.parent)
    except OSError:
        return False
    return info.f_bavail * info.f_frsize < LOW_SPACE


def snapshot_warning(path: Path) -> tuple[str, dict[str, str]]:
    """Why only a snapshot of the database could be read (SPEC §8), said truthfully: a
    full disk, a directory this user cannot write, or the shared -shm file refused."""
    directory = {"dir": str(path.parent)}
    if disk_full(path):
        return "db.snapshot.disk_full", directory
    if not os.access(path.parent, os.W_OK | os.X_OK):
        return "db.snapshot", directory
    return "db.snapshot.shared", {"path": str(path)}


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
