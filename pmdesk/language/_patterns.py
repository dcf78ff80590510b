"""The rules' regexes, compiled once per machine rather than once per run.

The rules expand to about 190 kB of regex text, and Python parses and translates a pattern in
Python code: compiling them takes about 0.35 s, which every new process paid on its first check
(opening a postmortem checks its visible texts; `pmdesk lint` checks a file). The translated form
(a list of numbers the regex engine runs) is kept in the user's cache folder, keyed by the pattern
text and the Python version, and turned back into a pattern at C speed. Each pattern's numbers are
kept as the bytes of a machine-word array, turned into a list only when the pattern is compiled:
read as lists of numbers, the built-in rules' 190 patterns cost a fresh process 9 ms to load
(37 ms for a file that also holds other rule sets'), as bytes 1.6 ms. Anything wrong with the
cache file (missing, unreadable, another Python's, damaged) means compiling as before; the file is
written back at exit only when something new was compiled.

In the user's cache folder the file is named by its format and a tag of what else the code depends
on (regex-cache-<format>-<tag>.bin), so two pmdesk versions or Pythons in use side by side keep a
file each instead of rewriting one shared file at every start. Writing its file, a run removes
the other regex-cache files no longer written (pmdesk.language.caches.remove_stale): one in use is
at worst compiled afresh once (0.35 s) and written again, and files of versions no longer run do
not pile up.

PMDESK_REGEX_CACHE names another cache file (used as named, never cleaned up after); set it to an
empty string to keep nothing on disk.
"""

from __future__ import annotations

import array
import atexit
import marshal
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from re import Pattern
from typing import Any, TypeVar

from pmdesk.language import caches

try:  # the regex engine's own entry points: present in CPython 3.11 and later
    import _sre
    from re import _compiler, _parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - another Python implementation: compile as usual
    _sre = None  # type: ignore[assignment]

# The array type whose items are the regex engine's code words (None: keep plain lists).
_CODE_TYPE = next(
    (kind for kind in "ILQ" if array.array(kind).itemsize == getattr(_sre, "CODESIZE", 0)), None
)
# The layout of the cache file: changed whenever what _load reads changes.
_FORMAT = 2
# What the cached code depends on besides the pattern text.
_STAMP = (
    _FORMAT,
    sys.version,
    sys.byteorder,
    getattr(_sre, "MAGIC", 0),
    getattr(_sre, "CODESIZE", 0),
    _CODE_TYPE,
)
# More entries than this (old versions of a team's rules; the built-in set is about 150 patterns,
# 2.6 MB) and the file starts again from the patterns this run used.
_LIMIT = 600
# More facts than this and the file keeps none (the built-in rules' are about 550: each rule's
# and cue's gate, the parses they came from, anchors and first words).
_FACTS_LIMIT = 2000

T = TypeVar("T")
# Flags, code (see _code), groups, group index, index group: the arguments of _sre.compile.
_Entry = tuple[int, bytes | list[int], int, dict[str, int], tuple[str | None, ...]]


class _Store:
    def __init__(self) -> None:
        self.entries: dict[tuple[str, int], _Entry] | None = None
        self.facts: dict[str, Any] = {}
        self.used: set[tuple[str, int]] = set()
        self.dirty = False
        self.saving = False


_STORE = _Store()


# The cache file's name in the user's cache folder: one per format and stamp (see above).
_FILE_NAME = caches.versioned_name(f"regex-cache-{_FORMAT}", repr(_STAMP), ".bin")


def cache_file() -> Path | None:
    return caches.cache_file("PMDESK_REGEX_CACHE", _FILE_NAME)


def compile_pattern(source: str, flags: int = re.IGNORECASE) -> Pattern[str]:
    """re.compile(source, flags), from the cache when this pattern was compiled before."""
    if _sre is None:
        return re.compile(source, flags)
    flags = int(flags)  # as re.compile does: the translator is slow with enum flags
    entries = _entries()
    key = (source, flags)
    entry = entries.get(key)
    if entry is not None:
        try:
            pattern: Pattern[str] = _sre.compile(source, entry[0], _code(entry[1]), *entry[2:])
        except Exception:  # a damaged entry: compile it afresh
            del entries[key]
        else:
            _STORE.used.add(key)
            return pattern
    try:
        entry = _translate(source, flags)
        pattern = _sre.compile(source, entry[0], _code(entry[1]), *entry[2:])
    except re.error:
        raise
    except Exception:  # the engine's internals changed: compile as usual
        return re.compile(source, flags)
    entries[key] = entry
    _STORE.used.add(key)
    _changed()
    return pattern


# Outside ASCII, the characters case-insensitive matching folds to an ASCII letter: İ and ı
# (to i), ſ (to s), the Kelvin sign (to k). A pattern that may match one of them can match ASCII
# text in ways an ASCII-mode compile of it does not.
_FOLDS_TO_ASCII = "\u0130\u0131\u017f\u212a"
# An escape that may stand for any character (\x41, \u0130, \N{...}, an octal or a group).
_ANY_CHAR_ESCAPE = re.compile(r"\\[xuUN0-9]")
# A hyphen next to a character outside ASCII: perhaps a range that reaches one of those.
_WIDE_RANGE = re.compile(r"(?<=[^\x00-\x7f])-|-(?=[^\x00-\x7f])")
# ASCII characters that Unicode counts as white space (\s) and ASCII mode does not.
ODD_SPACE = re.compile("[\x1c-\x1f]")


def compile_plain(source: str) -> Pattern[str] | None:
    """The pattern compiled (case-insensitive) for plain text: ASCII without the control
    characters in ODD_SPACE. There it finds exactly what compile_pattern(source) finds, about a
    fifth faster: ASCII case folding and classes (\\w, \\s, \\b) are cheaper tests than Unicode
    ones, and on such text they agree, unless the pattern itself may match a character that
    folds to ASCII (see ascii_safe). None where that cannot be ruled out."""
    # Kept with the patterns: reading a rule's whole text cost a new process 6 ms in all.
    if not remembered(f"ascii-safe {source}", lambda: ascii_safe(source)):
        return None
    try:
        return compile_pattern(source, re.IGNORECASE | re.ASCII)
    except (re.error, ValueError):  # an inline (?u) flag, which ASCII mode refuses
        return None


def ascii_safe(source: str) -> bool:
    """Whether no character of the pattern, written or in a range, folds to ASCII (see
    _FOLDS_TO_ASCII). Read from the text alone, leaning to no: every hyphen next to a wide
    character counts as a range."""
    if _ANY_CHAR_ESCAPE.search(source):
        return False
    if source.isascii():
        return True
    if any(char in source for char in _FOLDS_TO_ASCII):
        return False
    for hyphen in _WIDE_RANGE.finditer(source):
        at = hyphen.start()
        low = ord(source[at - 1]) if at > 0 else 0
        high = ord(source[at + 1]) if at + 1 < len(source) else 0x10FFFF
        if any(low <= ord(char) <= high for char in _FOLDS_TO_ASCII):
            return False
    return True


def remembered(question: str, answer: Callable[[], T]) -> T:
    """A fact about a pattern text that costs a parse to work out, kept with the patterns.

    The answer must be something marshal can store (booleans, strings, tuples of them)."""
    facts = _STORE.facts if _STORE.entries is not None else _facts()
    if question in facts:
        return facts[question]  # type: ignore[no-any-return]
    result = facts[question] = answer()
    _changed()
    return result


def read_cache() -> None:
    """Read the cache file now rather than at the first compile: a helper process forked from
    this one then has every kept pattern without reading the file again."""
    _entries()


def _changed() -> None:
    if not _STORE.dirty:
        _STORE.dirty = True
        if not _STORE.saving:
            _STORE.saving = True
            atexit.register(save)


def _facts() -> dict[str, Any]:
    _entries()
    return _STORE.facts


def _translate(source: str, flags: int) -> _Entry:
    """What re.compile does in Python before it hands the code to the C engine."""
    parsed = _parser.parse(source, flags)
    code = _compiler._code(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    # Plain numbers (the translator's named constants are ints too), so marshal can store them.
    numbers = [int(op) for op in code]
    return (
        int(flags | parsed.state.flags),
        numbers if _CODE_TYPE is None else array.array(_CODE_TYPE, numbers).tobytes(),
        parsed.state.groups - 1,
        groupindex,
        tuple(indexgroup),
    )


def _code(kept: bytes | list[int]) -> list[int]:
    """The code list _sre.compile takes, from an entry's bytes (or list, without _CODE_TYPE).
    Bytes of the wrong length raise ValueError: the entry is damaged."""
    if isinstance(kept, list):
        return kept
    if _CODE_TYPE is None:
        raise ValueError("code kept as bytes where no array type fits the regex engine")
    return array.array(_CODE_TYPE, kept).tolist()


def _entries() -> dict[tuple[str, int], _Entry]:
    if _STORE.entries is None:
        _STORE.entries, facts = _load(cache_file())
        _STORE.facts.update(facts)
    return _STORE.entries


def _load(path: Path | None) -> tuple[dict[tuple[str, int], _Entry], dict[str, Any]]:
    if path is None:
        return {}, {}
    try:
        data: Any = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return {}, {}
    if not (isinstance(data, tuple) and len(data) == 3 and data[0] == _STAMP):
        return {}, {}
    entries, facts = data[1], data[2]
    if not (isinstance(entries, dict) and isinstance(facts, dict)):
        return {}, {}
    return entries, facts


def save() -> None:
    """Write the cache file if this run compiled something new (quietly: it is only a cache)."""
    if not _STORE.dirty or _STORE.entries is None:
        return
    path = cache_file()
    if path is None:
        return
    entries, facts = _STORE.entries, _STORE.facts
    if len(entries) > _LIMIT or len(facts) > _FACTS_LIMIT:
        entries = {key: entries[key] for key in _STORE.used if key in entries}
        facts = {}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        partial.write_bytes(marshal.dumps((_STAMP, entries, facts)))
        os.replace(partial, path)
    except (OSError, ValueError):
        return
    _STORE.dirty = False
    if "PMDESK_REGEX_CACHE" not in os.environ:
        caches.remove_stale(path, "regex-cache")
