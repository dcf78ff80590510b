"""The key of each postmortem's language facts, and the facts remembered outside the database.

Checking the blame language of every published postmortem is most of a review's time, yet a
published postmortem rarely changes between two reviews. Each postmortem's facts are kept under a
key made of everything they depend on: the texts checked, the people's names, the words allowed and
findings ignored, the status, and the language engine itself (its code, rules and learned model).
Any change to one of these makes a new key, so a remembered answer is never a stale one.

The database keeps each postmortem's facts with their key (pmdesk.review.stored). Here they live
in memory for the process (what saves and reviews worked out, for the review window's refresh
after a save) and, for a database the review cannot write to (a read-only file), in the user's
cache folder between runs: one file per engine (review-language-<tag>.json, the tag taken from
the engine's stamp), so two pmdesk versions in use on one machine do not overwrite each other's,
and writing it removes the files no longer written (pmdesk.language.caches.remove_stale).
PMDESK_REVIEW_CACHE names another file (used as named, nothing beside it removed); set it to an
empty string to keep nothing on disk. A missing, unreadable or damaged file means checking as
before; the file is rewritten only when something new was checked and the database could not
keep it.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from pmdesk.database import StoredFacts
from pmdesk.language import caches
from pmdesk.model import Postmortem
from pmdesk.report.language_check import checked_texts
from pmdesk.review.language import Facts

# More entries than this and the file starts again from the postmortems of the latest review.
LIMIT = 50_000
_FORMAT = 1
_VARIABLE = "PMDESK_REVIEW_CACHE"
_STEM = "review-language"


def cache_file() -> Path | None:
    """The file named by PMDESK_REVIEW_CACHE, else this engine's in the user's cache folder."""
    return caches.versioned_file(_VARIABLE, _STEM, f"{_FORMAT}:{engine_version()}", ".json")


@cache
def engine_version() -> str:
    """The language engine's stamp, with the review's own checks."""
    here = Path(__file__).resolve().parent
    return caches.engine_stamp(
        here.parent / "report" / "language_check.py", here / "language.py", here / "facts_cache.py"
    )


def key_of(pm: Postmortem, *, published: bool, reviewed: bool) -> str:
    """Everything the language facts of `pm` depend on, as one digest: the people's names and
    the action items always (vague items), the factors once reviewed (the only factor blaming
    people), every checked text and the words allowed or ignored once published (flagged
    phrases). A draft's key does not change as its timeline is typed."""
    material: list[object] = [
        engine_version(),
        published,
        reviewed,
        [a.name for a in pm.attendees],
        [(a.description, a.owner, a.status.value) for a in pm.actions],
    ]
    if reviewed:
        material.append([f.text for f in pm.factors])
    if published:
        material += [
            sorted(pm.language.ignored),
            list(pm.language.allowed_words),
            # In any order: a count of findings does not depend on it, and a timeline handed to
            # a save out of time order is read back in time order.
            sorted(checked_texts(pm)),
        ]
    text = json.dumps(material, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass
class FactsBook:
    """The facts a review may use from the database (by postmortem id, each with its key), and
    those it had to work out or found elsewhere, for the database to keep."""

    stored: Mapping[int, StoredFacts] = field(default_factory=dict)
    to_keep: dict[int, StoredFacts] = field(default_factory=dict)

    def holding(self, pm_id: int, key: str) -> Facts | None:
        """The stored facts of a postmortem if they were worked out under `key`."""
        found = self.stored.get(pm_id)
        if found is None or found.key != key:
            return None
        return found.flagged, found.vague, found.blames_people


class FactsCache:
    """Remembered facts by key: in memory, and in a file between runs."""

    def __init__(self) -> None:
        self.memory: dict[str, Facts] = {}
        self.loaded_from: Path | None = None
        self.loaded = False
        self.file_stamp: int | None = None  # the file's time when last read or written
        self.new = 0
        self.used: set[str] = set()

    def remembered(self, key: str) -> Facts | None:
        """Facts this process worked out or read, without reading the file."""
        return self.memory.get(key)

    def get(self, key: str) -> Facts | None:
        self._load()
        found = self.memory.get(key)
        if found is not None:
            self.used.add(key)
        return found

    def put(self, key: str, facts: Facts) -> None:
        self.memory[key] = facts
        self.used.add(key)
        self.new += 1

    def refresh(self) -> None:
        """Read the file again if another process wrote it since (a review worked out ahead in
        the background, or another window's): what it remembered joins what this one does."""
        path = cache_file()
        if not self.loaded or path is None or path != self.loaded_from:
            return  # read at the first look-up anyway
        if _stamp(path) != self.file_stamp:
            self.loaded = False
            self._load()

    def _load(self) -> None:
        path = cache_file()
        if self.loaded and path == self.loaded_from:
            return
        self.loaded, self.loaded_from = True, path
        if path is None:
            return
        self.file_stamp = _stamp(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("format") != _FORMAT or data.get("engine") != engine_version():
                return
            for key, (flagged, vague, blames) in data["facts"].items():
                self.memory.setdefault(
                    str(key), (int(flagged), tuple(int(v) for v in vague), bool(blames))
                )
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return  # no file yet, or one this release cannot read: check as before

    def save(self) -> None:
        """Write the file when something new was checked (quietly keep nothing if it fails)."""
        path = cache_file()
        if path is None or not self.new:
            return
        self.refresh()  # keep what another process remembered meanwhile
        if len(self.memory) > LIMIT:
            self.memory = {k: v for k, v in self.memory.items() if k in self.used}
        data: dict[str, Any] = {
            "format": _FORMAT,
            "engine": engine_version(),
            "facts": {k: [f, list(v), b] for k, (f, v, b) in self.memory.items()},
        }
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
            partial.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
            os.replace(partial, path)
            self.new = 0
            if path == self.loaded_from:
                self.file_stamp = _stamp(path)
        except OSError:
            return  # a read-only or full cache folder only costs the next review its time
        if _VARIABLE not in os.environ:
            caches.remove_stale(path, _STEM)


def _stamp(path: Path) -> int | None:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return None


FACTS = FactsCache()
