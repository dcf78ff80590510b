"""The shipped rules and learned weights, parsed once per machine rather than once per run.

Reading rules.json into a RuleSet (macros, lexicon, checks on every rule) takes about 35 ms, and
turning learned.json into the model's weight tables about 25 ms: the first check of every new
process paid both, in the middle of reopening the last postmortem. The parsed objects are kept
next to the compiled-pattern cache (pmdesk.language._patterns), keyed by a hash of the data file,
of the code that parses it and of the Python version, and read back in a few milliseconds.

Anything wrong with a kept file (missing, unreadable, damaged, written for other data or other
code, not the expected type) means parsing as before and writing it again. Without the parsing
code's source (a frozen bundle) nothing is kept: its key could not follow a change of that code.
"""

from __future__ import annotations

import os
import pickle
import sys
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from pmdesk.language._patterns import cache_file

T = TypeVar("T")

_HERE = Path(__file__).resolve().parent
_FORMAT = 1


def prepared(
    name: str, data: str, parse: Callable[[], T], kind: type[T], code: tuple[str, ...]
) -> T:
    """parse(), or the object it returned in an earlier run for this very `data` and `code`.

    `code` names the files (in this package) of the modules whose functions do the parsing.
    """
    path = _file(name)
    key = _key(data, code) if path is not None else None
    if path is None or key is None:
        return parse()
    kept = _read(path, key, kind)
    if kept is not None:
        return kept
    value = parse()
    _write(path, key, value)
    return value


def _file(name: str) -> Path | None:
    regex_cache = cache_file()
    return None if regex_cache is None else regex_cache.with_name(f"parsed-{name}.pickle")


def _key(data: str, code: tuple[str, ...]) -> str | None:
    # CRC-32 and lengths: a cache key against accidental change (hashlib costs 3 ms to import).
    parts = [f"{_FORMAT} {sys.version}".encode(), data.encode("utf-8", "surrogatepass")]
    try:
        parts += [(_HERE / source).read_bytes() for source in sorted({*code, "_prepared.py"})]
    except OSError:
        return None
    return " ".join(f"{len(part)}:{zlib.crc32(part):08x}" for part in parts)


def _read(path: Path, key: str, kind: type[T]) -> T | None:
    try:
        stored = pickle.loads(path.read_bytes())
    except Exception:  # missing, unreadable, damaged or from classes that changed: parse again
        return None
    if not (isinstance(stored, tuple) and len(stored) == 2 and stored[0] == key):
        return None
    value = stored[1]
    return value if isinstance(value, kind) else None


def _write(path: Path, key: str, value: object) -> None:
    """Quietly: it is only a cache."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        partial.write_bytes(pickle.dumps((key, value), protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(partial, path)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        return
