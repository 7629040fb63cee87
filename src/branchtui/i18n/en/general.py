"""English: prefixes, unexpected errors and the operating system's refusals."""

MESSAGES: dict[str, str] = {
    "warning.prefix": "Warning: ",
    "error.prefix": "Error: ",
    "error.unexpected": "Unexpected error: {error} (set BRANCHTUI_DEBUG=1 for details)",
    "os.EACCES": "permission denied",
    "os.EPERM": "operation not permitted",
    "os.ENOENT": "no such file or directory",
    "os.EEXIST": "a file of that name exists",
    "os.ENOTDIR": "a part of the path is not a directory",
    "os.EISDIR": "it is a directory",
    "os.EROFS": "read-only file system",
    "os.ENOSPC": "no space left on the disk",
    "os.EDQUOT": "disk quota exceeded",
    "os.ENAMETOOLONG": "file name too long",
    "os.ELOOP": "too many levels of symbolic links",
}
