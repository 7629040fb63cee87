"""Writing a file the whole way or not at all: a temporary file beside the target, then a
rename, so a reader (or `less`) never sees half a report, and nothing is left on failure.
Used by `export` and `report`."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from branchtui.errors import BranchError, os_reason


def write_file(path: Path, text: str | bytes, *, private: bool) -> None:
    """Write `text` (UTF-8) or bytes (a workbook) to `path` atomically: a temporary file
    beside it, then a rename.

    A `private` file (one holding phone or ID numbers) is readable by its owner only
    (0600) whatever the umask; otherwise a new file gets the usual mode (0666 less the
    umask) and a replaced file keeps its mode. Nothing is left behind on failure.
    """
    path = path.expanduser()
    directory = path.parent if str(path.parent) else Path(".")
    try:
        existing_mode = path.stat().st_mode & 0o777 if path.exists() else None
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise BranchError("file.write_failed", file=str(path), detail=os_reason(error)) from None
    try:
        data = text if isinstance(text, bytes) else text.encode("utf-8")
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if private:
            mode = 0o600
        elif existing_mode is not None:
            mode = existing_mode
        else:
            mode = 0o666 & ~_umask()
        os.chmod(temporary, mode)  # mkstemp made it 0600
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise BranchError("file.write_failed", file=str(path), detail=os_reason(error)) from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current
