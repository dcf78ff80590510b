"""Reading a team's rules file from disk, refusing anything that is not a regular file of
sensible size before a byte is read."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from pmdesk.language._ruleset import RulesError

MAX_RULES_BYTES = 16 * 1024 * 1024
# Opening never blocks on a named pipe with no writer, nor takes over a terminal.
_READ_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


_KINDS = (
    (stat.S_ISDIR, "is a folder, not a file"),
    (stat.S_ISFIFO, "is a named pipe, not a file"),
    (stat.S_ISCHR, "is a device, not a file"),
    (stat.S_ISBLK, "is a device, not a file"),
    (stat.S_ISSOCK, "is a socket, not a file"),
)


def _read_rules_file(path: str | Path) -> bytes:
    """The file's bytes; a folder, a pipe, a device or a huge file is refused before reading.

    The language engine stands alone (no other pmdesk module), so it reads its one file itself,
    with the same care as pmdesk.files: opened without blocking, checked before a byte is read.
    """
    name = str(path)

    def refused(reason: str) -> RulesError:
        return RulesError(f"{name}: cannot read the rules file: {reason}")

    try:
        fd = os.open(path, _READ_FLAGS)
    except (FileNotFoundError, IsADirectoryError) as exc:
        found = isinstance(exc, IsADirectoryError)
        raise refused(
            "is a folder, not a file. Choose a file."
            if found
            else "no such file. Check the name and the folder."
        ) from None
    except OSError as exc:
        raise refused(f"cannot be read ({exc.strerror or exc}). Check the file.") from None
    try:
        info = os.fstat(fd)
        kind = next((words for test, words in _KINDS if test(info.st_mode)), None)
        if kind is None and not stat.S_ISREG(info.st_mode):
            kind = "is not a regular file"
        if kind is not None:
            raise refused(f"{kind}. pmdesk reads only regular files; choose a file.")
        if info.st_size > MAX_RULES_BYTES:
            raise refused("is larger than 16 MB, far more than a rules file needs.")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(MAX_RULES_BYTES + 1)
    except OSError as exc:
        raise refused(f"cannot be read ({exc.strerror or exc}). Check the file.") from None
    finally:
        os.close(fd)
    if len(data) > MAX_RULES_BYTES:
        raise refused("is larger than 16 MB, far more than a rules file needs.")
    return data
