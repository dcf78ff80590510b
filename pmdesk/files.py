"""Files the user hands to pmdesk and files pmdesk writes: checked before reading, replaced whole.

Every export is written to a hidden file in the target's folder, flushed and fsynced, then renamed
over the target, so the previous file survives a full disk, a read-only folder or a kill. On Linux
the hidden file has no name at all until it is complete (O_TMPFILE), so even a SIGKILL leaves
nothing behind. pmdesk never writes an export over an SQLite file (its own database above all).

Input files are opened without blocking and checked to be regular files of a sane size before a
byte is read: a named pipe, a device or a folder is refused at once with a message.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Iterable
from pathlib import Path

SQLITE_MAGIC = b"SQLite format 3\x00"
# Opening for a check never blocks (a FIFO with no writer) nor takes over a terminal; the flags
# that do not exist on a system (Windows) are left out.
_READ_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)
# Far above any postmortem or timeline export; below what would exhaust a laptop's memory.
MAX_INPUT_BYTES = 100 * 1024 * 1024


class FileProblem(OSError):
    """A file pmdesk cannot read or write: one line that names it, says why and what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(one_line(message))
        self.message = one_line(message)

    def __str__(self) -> str:
        return self.message


def one_line(text: str) -> str:
    """`text` on one line: newlines, tabs and other control characters shown escaped."""
    if text.isprintable():
        return text
    out = []
    for ch in text:
        if ch.isprintable() or ch == " ":
            out.append(ch)
        elif ch in "\n\r\t":
            out.append({"\n": "\\n", "\r": "\\r", "\t": "\\t"}[ch])
        else:
            out.append(f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}")
    return "".join(out)


# -- why an operation failed, in the user's words ------------------------------------------------


def cause(error: OSError) -> str:
    """The reason behind an OSError, as a short phrase that never blames the file's contents."""
    code = error.errno
    if code in (errno.ENOSPC, errno.EDQUOT):
        return "the disk is full"
    if code == errno.EROFS:
        return "it is on a read-only disk"
    if code in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if code == errno.ENOENT:
        return "the folder does not exist"
    if code == errno.ENOTDIR:
        return "part of the path is not a folder"
    if code == errno.ENAMETOOLONG:
        return "the name is too long"
    return error.strerror or str(error)


def _advice(error: OSError) -> str:
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return "Free some space or choose another place."
    return "Choose another folder or file name."


# -- reading ---------------------------------------------------------------------------------------


_KINDS = (
    (stat.S_ISDIR, "is a folder, not a file"),
    (stat.S_ISFIFO, "is a named pipe, not a file"),
    (stat.S_ISCHR, "is a device, not a file"),
    (stat.S_ISBLK, "is a device, not a file"),
    (stat.S_ISSOCK, "is a socket, not a file"),
)


def _special(mode: int) -> str | None:
    for test, words in _KINDS:
        if test(mode):
            return words
    return None if stat.S_ISREG(mode) else "is not a regular file"


def read_input(path: str | os.PathLike[str], *, limit: int = MAX_INPUT_BYTES) -> bytes:
    """The bytes of a regular file; FileProblem for a special file, a huge file or an error.

    The file is opened non-blocking and checked through its descriptor before reading, so a named
    pipe never hangs pmdesk and /dev/zero never fills memory.
    """
    shown = os.fspath(path)
    try:
        fd = os.open(path, _READ_FLAGS)
    except IsADirectoryError:
        raise FileProblem(f"{shown}: is a folder, not a file. Choose a file.") from None
    except FileNotFoundError:
        raise FileProblem(f"{shown}: no such file. Check the name and the folder.") from None
    except OSError as exc:
        raise FileProblem(f"{shown}: cannot be read ({cause(exc)}). Check the file.") from None
    try:
        info = os.fstat(fd)
        kind = _special(info.st_mode)
        if kind is not None:
            raise FileProblem(f"{shown}: {kind}. pmdesk reads only regular files; choose a file.")
        if info.st_size > limit:
            raise FileProblem(
                f"{shown}: is larger than {_size(limit)}, more than a postmortem "
                "or a timeline needs. Split it into smaller files."
            )
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        if isinstance(exc, FileProblem):
            raise
        raise FileProblem(f"{shown}: cannot be read ({cause(exc)}). Check the file.") from None
    finally:
        os.close(fd)
    if len(data) > limit:  # it grew while being read
        raise FileProblem(f"{shown}: is larger than {_size(limit)}. Split it into smaller files.")
    return data


def _size(limit: int) -> str:
    if limit >= 1024 * 1024:
        return f"{limit // (1024 * 1024)} MB"
    return f"{max(limit // 1024, 1)} KB"


def is_sqlite_file(path: str | os.PathLike[str]) -> bool:
    """True when the file starts with SQLite's header (never blocks on a special file)."""
    try:
        fd = os.open(path, _READ_FLAGS)
    except OSError:
        return False
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return False
        return os.read(fd, len(SQLITE_MAGIC)) == SQLITE_MAGIC
    except OSError:
        return False
    finally:
        os.close(fd)


# -- writing ---------------------------------------------------------------------------------------


def check_output(
    path: str | os.PathLike[str], *, protect: Iterable[str | os.PathLike[str]] = ()
) -> Path:
    """Where an export to `path` really goes (symlinks followed); FileProblem if it must not.

    Refused: a folder or special file, a read-only file, any SQLite file, and the files in
    `protect` (the open database and its companions) even before they exist on disk.
    """
    shown = os.fspath(path)
    target = Path(path)
    if target.is_symlink():
        target = target.resolve()
    real = Path(os.path.realpath(target))
    for guarded in protect:
        guarded_path = Path(os.path.realpath(guarded))
        names = {guarded_path} | {
            guarded_path.with_name(guarded_path.name + suffix)
            for suffix in ("-wal", "-shm", "-journal")
        }
        same = real in names or (
            target.exists() and any(n.exists() and os.path.samefile(target, n) for n in names)
        )
        if same:
            raise FileProblem(
                f"{shown}: is the open pmdesk database; an export there would destroy it. "
                "Choose another file name."
            )
    try:
        info = target.stat()
    except FileNotFoundError:
        return target
    except OSError as exc:
        raise FileProblem(f"{shown}: cannot be written ({cause(exc)}). {_advice(exc)}") from None
    kind = _special(info.st_mode)
    if kind is not None:
        raise FileProblem(f"{shown}: {kind}. Choose a file name to export to.")
    if is_sqlite_file(target):
        raise FileProblem(
            f"{shown}: is an SQLite database; pmdesk never writes an export over a database. "
            "Choose another file name."
        )
    if not os.access(target, os.W_OK):
        raise FileProblem(
            f"{shown}: is read-only, so it was left as it is. Choose another file name."
        )
    return target


def atomic_write(
    path: str | os.PathLike[str],
    data: bytes | str,
    *,
    protect: Iterable[str | os.PathLike[str]] = (),
) -> Path:
    """Replace `path` with `data` all at once; the old file stays whole if anything fails.

    Text is written as UTF-8, line endings as they are. Returns the path written (symlinks
    followed). Raises FileProblem with the cause (full disk, read-only...).
    """
    target = check_output(path, protect=protect)
    if isinstance(data, str):
        data = data.encode("utf-8")
    folder = target.parent
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except OSError:
        mode = None
    try:
        _write_and_rename(folder, target, data, mode)
    except OSError as exc:
        shown = os.fspath(path)
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            where = "folder " + str(folder) + " is read-only"
            if exc.errno == errno.EACCES:
                where = f"no permission to write in {folder}"
            raise FileProblem(
                f"{shown}: cannot be written ({where}); nothing was changed. Choose another folder."
            ) from None
        if exc.errno in (errno.ENOENT, errno.ENOTDIR):
            raise FileProblem(
                f"{shown}: cannot be written ({cause(exc)}). Choose an existing folder."
            ) from None
        kept = "the previous file is unchanged" if mode is not None else "nothing was written"
        raise FileProblem(
            f"{shown}: cannot be written ({cause(exc)}); {kept}. {_advice(exc)}"
        ) from None
    return target


def _write_and_rename(folder: Path, target: Path, data: bytes, mode: int | None) -> None:
    fd, temp_name = _open_temporary(folder, target.name)
    try:
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            if mode is not None and hasattr(os, "fchmod"):
                os.fchmod(fd, mode)
            os.fsync(fd)
            if temp_name is None:
                temp_name = _name_anonymous(fd, folder, target.name)
        finally:
            os.close(fd)
        os.replace(temp_name, target)
        temp_name = None
    finally:
        if temp_name is not None:
            _unlink_quietly(temp_name)
    _sync_folder(folder)


def _open_temporary(folder: Path, name: str) -> tuple[int, str | None]:
    """A file in `folder` to write into: nameless (O_TMPFILE) where the system allows it."""
    flags = os.O_WRONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    tmpfile = getattr(os, "O_TMPFILE", 0)
    if tmpfile and os.path.isdir("/proc/self/fd"):
        try:
            return os.open(folder, flags | tmpfile, 0o666), None
        except OSError as exc:
            if exc.errno not in (errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL, errno.ENOENT):
                raise
            if exc.errno == errno.ENOENT and not folder.is_dir():
                raise
    import tempfile

    fd, temp_name = tempfile.mkstemp(prefix=f".{name}.", suffix=".part", dir=folder)
    if hasattr(os, "fchmod"):
        os.fchmod(fd, 0o666 & ~_umask())
    return fd, temp_name


def _name_anonymous(fd: int, folder: Path, name: str) -> str:
    """Give the finished nameless file a hidden name next to the target, ready to rename."""
    # linkat() with AT_SYMLINK_FOLLOW through /proc (a plain link() would not follow it).
    proc = os.open("/proc/self/fd", os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        for attempt in range(100):
            temp_name = str(folder / f".{name}.{os.getpid()}.{attempt}.part")
            try:
                os.link(str(fd), temp_name, src_dir_fd=proc, follow_symlinks=True)
                return temp_name
            except FileExistsError:
                continue
    finally:
        os.close(proc)
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(folder))


def _unlink_quietly(name: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(name)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (a power cut right after keeps the new file)."""
    if not hasattr(os, "O_DIRECTORY"):  # Windows: a rename is durable once it returns
        return
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current
