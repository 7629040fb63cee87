"""Files branchtui creates — the database, backups, exports, reports (SPEC §8): never
through a link someone planted, with their final mode and group from the first byte,
whole or not at all.

A file is made in a private directory (0700, this user's) beside its destination, so
nothing SQLite adds while writing it (a -journal) can be reached or planted by anyone
else, and then put in place by one rename (replacing the destination's own entry, never
following it) or, when nothing may be overwritten, one hard link (which fails if any
entry of that name exists, a symlink included). A failure leaves nothing behind.
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from branchtui.errors import StorageError, os_reason

# open(2) flags for a file that must be new: an existing file, or a symlink even one
# pointing nowhere, is EEXIST; O_NOFOLLOW says the same for the last path component.
_NEW = os.O_CREAT | os.O_EXCL | os.O_WRONLY | os.O_NOFOLLOW | os.O_CLOEXEC
# Filesystems without hard links (some network and FAT mounts) say one of these.
_NO_LINKS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK, errno.ENOSYS}


def create_exclusive(path: Path, mode: int, gid: int | None = None) -> int:
    """Create `path` (it must not exist in any form), with `mode` and group `gid` set
    before a byte is written, whatever the umask; return its open descriptor.

    Raises FileExistsError when anything (a file, a symlink) already has that name.
    """
    fd = os.open(path, _NEW, mode)
    try:
        if gid is not None:
            os.fchown(fd, -1, gid)
        os.fchmod(fd, mode)
    except BaseException:
        os.close(fd)
        path.unlink(missing_ok=True)
        raise
    return fd


def refuse_link(path: Path) -> None:
    """Refuse a destination that is a symbolic link: its target may be anyone's file."""
    if path.is_symlink():
        raise StorageError("file.symlink", file=str(path))


@contextmanager
def new_file(
    path: Path, *, mode: int, gid: int | None = None, replace: bool = True
) -> Iterator[Path]:
    """`with new_file(dest, mode=0o600) as temporary:` — fill `temporary` (it exists, empty,
    with its final mode and group, in a private directory beside `dest`); on a clean exit
    it becomes `dest` at once. With `replace=False` an existing `dest` is never touched.
    """
    path = path.expanduser()
    refuse_link(path)
    if not replace and os.path.lexists(path):
        raise StorageError("file.exists", file=str(path))
    directory = path.parent if str(path.parent) else Path(".")
    try:
        private = Path(tempfile.mkdtemp(dir=directory, prefix=f".{path.name}."))
    except OSError as error:
        raise _failed(path, error) from None
    try:
        temporary = private / path.name
        os.close(create_exclusive(temporary, mode, gid))
        yield temporary
        _put_in_place(temporary, path, replace)
    except OSError as error:
        raise _failed(path, error) from None
    finally:
        shutil.rmtree(private, ignore_errors=True)


def write_whole(
    path: Path, data: bytes, *, mode: int, gid: int | None = None, replace: bool = True
) -> None:
    """Write `data` to `path` through `new_file`, synced to the disk before it appears."""
    with (
        new_file(path, mode=mode, gid=gid, replace=replace) as temporary,
        temporary.open("r+b") as stream,
    ):
        stream.write(data)
        stream.flush()
        os.fsync(stream.fileno())


def _put_in_place(temporary: Path, path: Path, replace: bool) -> None:
    if replace:
        os.replace(temporary, path)  # replaces the entry named `path`; follows no link
        return
    try:
        os.link(temporary, path)  # EEXIST for anything of that name, a symlink included
    except FileExistsError:
        raise StorageError("file.exists", file=str(path)) from None
    except OSError as error:
        if error.errno not in _NO_LINKS:
            raise
        if os.path.lexists(path):
            raise StorageError("file.exists", file=str(path)) from None
        os.rename(temporary, path)


def _failed(path: Path, error: OSError) -> StorageError:
    return StorageError("file.write_failed", file=str(path), detail=os_reason(error))
