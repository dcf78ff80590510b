"""What the caches of the language check share: where their files live, and the stamp that says
whether what they remember still holds.

Three caches keep language results between runs: the compiled regexes (_patterns), the findings of
each checked line (memo) and the review's language facts of each postmortem
(pmdesk.review.facts_cache). Each names its file with an environment variable (an empty value keeps
nothing on disk), else it lives in the user's cache folder. The stamp is read from the files'
sizes and times, not their contents, so computing it costs a few file look-ups and never imports
the engine.
"""

from __future__ import annotations

import os
import sys
import zlib
from pathlib import Path

_HERE = Path(__file__).resolve().parent


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
