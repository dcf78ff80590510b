"""What the caches of the language check share: where their files live, and the stamp that says
whether what they remember still holds.

Three caches keep language results between runs: the compiled regexes (_patterns), the findings of
each checked line (memo) and the review's language facts of each postmortem
(pmdesk.review.facts_cache). Each names its file with an environment variable (an empty value keeps
nothing on disk), else it lives in the user's cache folder. The stamp is read from the files'
sizes and times, not their contents, so computing it costs a few file look-ups and never imports
the engine.

In the user's cache folder each cache keeps one file per version of what it depends on
(<stem>-<tag><suffix>, the tag a CRC-32 of the stamp), so two pmdesk versions or Pythons in use
side by side keep a file each instead of rewriting one shared file at every exit. Writing its own
file, a run removes the same cache's other files not written for STALE_DAYS (one still in use is
at worst worked out afresh once) and those past the KEEP_OTHERS most recently written (a checkout
being edited has a new engine stamp at every change of the engine's files). A file named by the
environment variable is used as named and nothing beside it is removed.
"""

from __future__ import annotations

import os
import sys
import time
import zlib
from pathlib import Path

_HERE = Path(__file__).resolve().parent

# A cache's other files not written for this many days are removed when a run writes its own,
STALE_DAYS = 7
# and so are those past this many, the most recently written kept.
KEEP_OTHERS = 8


def cache_file(variable: str, name: str) -> Path | None:
    """The file named by $variable (None when it is set but empty), else `name` in the user's
    cache folder (None when there is none to be had)."""
    chosen = os.environ.get(variable)
    if chosen is not None:
        return Path(chosen) if chosen.strip() else None
    try:
        from platformdirs import user_cache_path

        return user_cache_path("pmdesk", appauthor=False) / name
    except Exception:  # no home folder: keep nothing on disk
        return None


def versioned_name(stem: str, stamp: str, suffix: str) -> str:
    """The name of a cache's file for the version `stamp` (CRC-32: zlib is loaded anyway,
    hashlib costs milliseconds to import)."""
    return f"{stem}-{zlib.crc32(stamp.encode()):08x}{suffix}"


def versioned_file(variable: str, stem: str, stamp: str, suffix: str) -> Path | None:
    """The file named by $variable as in cache_file, else this version's in the cache folder."""
    return cache_file(variable, versioned_name(stem, stamp, suffix))


def remove_stale(kept: Path, family: str, now: float | None = None) -> list[Path]:
    """Remove the files beside `kept` whose names start with `family` (other versions, the
    unversioned file of older pmdesk versions, partial writes) not written for STALE_DAYS or past
    the KEEP_OTHERS most recent; the ones removed. Quietly: a file another process holds or
    removes first is left to it."""
    cutoff = (time.time() if now is None else now) - STALE_DAYS * 86_400
    removed: list[Path] = []
    for rank, (written, path) in enumerate(sorted(_others(kept, family), reverse=True)):
        if written < cutoff or rank >= KEEP_OTHERS:
            try:
                os.unlink(path)
            except OSError:
                continue
            removed.append(Path(path))
    return removed


def _others(kept: Path, family: str) -> list[tuple[float, str]]:
    """The files of `family` beside `kept`, with when each was last written."""
    try:
        with os.scandir(kept.parent) as scan:
            entries = [e for e in scan if e.name.startswith(family) and e.name != kept.name]
    except OSError:
        return []
    found: list[tuple[float, str]] = []
    for entry in entries:
        try:
            if entry.is_file(follow_symlinks=False):
                found.append((entry.stat().st_mtime, entry.path))
        except OSError:
            continue
    return found


def engine_stamp(*also: Path) -> str:
    """A stamp of what the language check's results depend on besides the text: the Python
    version and the engine's code and data files (name, size, modification time), with the
    caller's own files `also` (a missing one counts as missing)."""
    parts = [sys.version]
    try:
        with os.scandir(_HERE) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                if entry.name.endswith((".py", ".json")) and entry.is_file():
                    info = entry.stat()
                    parts.append(f"{entry.name}:{info.st_size}:{info.st_mtime_ns}")
    except OSError:
        parts.append("unreadable")
    for path in also:
        try:
            info = path.stat()
            parts.append(f"{path.parent.name}/{path.name}:{info.st_size}:{info.st_mtime_ns}")
        except OSError:
            parts.append(f"{path.parent.name}/{path.name}:missing")
    # CRC-32 and Adler-32 of it (zlib is loaded anyway): a change detector, computed at every
    # start, where importing hashlib would cost a few milliseconds.
    data = "\n".join(parts).encode()
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}{len(data):08x}"
