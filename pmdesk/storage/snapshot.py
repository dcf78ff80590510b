"""Reading the commits still in a WAL file where SQLite cannot read them in place.

A WAL database keeps its latest commits in the -wal file until a checkpoint copies them into the
database file. To read them SQLite needs the -shm index next to the file; in a read-only folder
(or on a read-only or full disk) that index cannot be created when it is missing, and the only
way SQLite opens the file at all is as "immutable", which skips the WAL: the latest commits would
silently be missing. Then the database and its WAL are copied into a private temporary folder and
the copy is read there; the originals are never touched. The copy goes when its connection closes.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
import weakref
from pathlib import Path

# A WAL file starts with a 32-byte header; anything beyond it is frames (commits).
_WAL_HEADER = 32


def unmerged_wal(path: Path) -> bool:
    """Whether `path` has a -wal file with commits in it (it may not be merged yet)."""
    try:
        return Path(f"{path}-wal").stat().st_size > _WAL_HEADER
    except OSError:
        return False


class _CopyConnection(sqlite3.Connection):
    """A connection to a private copy, which removes the copy when closed."""

    folder = ""

    def close(self) -> None:
        super().close()
        shutil.rmtree(self.folder, ignore_errors=True)


def read_copy(path: Path) -> sqlite3.Connection:
    """A read-only connection to a private copy of the database and its WAL.

    Raises sqlite3.OperationalError naming what could not be read (nothing is shown then rather
    than the database without its latest commits).
    """
    folder = tempfile.mkdtemp(prefix="pmdesk-read-")
    copy = Path(folder) / path.name
    try:
        shutil.copyfile(path, copy)
        shutil.copyfile(f"{path}-wal", f"{copy}-wal")
    except OSError as exc:
        shutil.rmtree(folder, ignore_errors=True)
        reason = exc.strerror or type(exc).__name__
        raise sqlite3.OperationalError(
            f"its latest changes are in {path.name}-wal, which could not be read ({reason})"
        ) from exc
    con = sqlite3.connect(
        f"{copy.as_uri()}?mode=ro", uri=True, check_same_thread=False, factory=_CopyConnection
    )
    con.folder = folder
    weakref.finalize(con, shutil.rmtree, folder, True)
    return con
