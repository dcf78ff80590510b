"""Findings remembered between runs, so a reopened postmortem shows its underlines at once.

Opening a postmortem checks every visible line of its texts, and the first check of a run loads the
engine and its rules (about 60 ms on a laptop). The lines of the postmortem a facilitator reopens
are almost always the lines checked the last time, so each checked line's findings are kept in the
user's cache folder, keyed by the line, its lint context (names, field, allowed words, the rules in
use) and a stamp of the engine itself (the check's code and data files, the Python version). A
changed engine, a damaged or unreadable file, a file from another version: each means checking as
before. The file is written at exit when something new was checked, and holds the lines of the last
few postmortems (the most recently used first, at most MAX_ENTRIES lines).

In the user's cache folder each engine keeps its own file (findings-memo-<tag>.bin, the tag
taken from the engine's stamp), so two pmdesk versions in use on one machine (a release and a
checkout, two venvs) do not overwrite each other's memo at every exit; writing its file, a run
removes the memo files no longer written (pmdesk.language.caches.remove_stale).

The file holds the checked text, like the database beside it. PMDESK_FINDINGS_MEMO names another
file (used as named, nothing beside it removed); set it to an empty string to keep nothing on disk.
"""

from __future__ import annotations

import atexit
import marshal
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pmdesk.language import caches
from pmdesk.language._types import Finding, LintContext
from pmdesk.language.caches import engine_stamp

if TYPE_CHECKING:
    from pmdesk.language._ruleset import RuleSet

MAX_ENTRIES = 4000
# Lines held in memory in one run before starting afresh (a 1 MB paste is about 16,000 lines).
MEMORY_LIMIT = 50_000

_Row = tuple[int, int, str, str, str, str, str | None, str]
_Key = tuple[Any, ...]


_VARIABLE = "PMDESK_FINDINGS_MEMO"
_STEM = "findings-memo"


def memo_file(stamp: str | None = None) -> Path | None:
    """The memo file of the engine whose stamp this is (this engine's when None)."""
    return caches.versioned_file(_VARIABLE, _STEM, stamp or engine_stamp(), ".bin")


_RULE_DIGESTS: dict[int, tuple[RuleSet, str]] = {}


def _rules_digest(rules: RuleSet | None) -> str:
    if rules is None:
        return ""
    known = _RULE_DIGESTS.get(id(rules))
    if known is None or known[0] is not rules:
        import hashlib  # a team's own rules only: not on the way to the window

        known = (rules, hashlib.sha1(repr(rules).encode()).hexdigest())
        _RULE_DIGESTS[id(rules)] = known
    return known[1]


def context_key(context: LintContext) -> _Key:
    return (
        context.names,
        context.field,
        context.allowed_words,
        tuple(sorted(context.ignored)),
        _rules_digest(context.rules),
    )


def _row(finding: Finding) -> _Row:
    return (
        finding.start,
        finding.end,
        finding.rule,
        finding.category,
        finding.severity,
        finding.message,
        finding.suggestion,
        finding.text,
    )


class FindingsMemo:
    """Each checked line's findings per lint context, read from and written to one file."""

    def __init__(self, path: Path | None, stamp: str | None = None, *, tidy: bool = False) -> None:
        """`tidy`: the file is this engine's in the cache folder, and writing it removes the
        other memo files beside it no longer written."""
        self.path = path
        self.stamp = stamp if stamp is not None else engine_stamp()
        self.tidy = tidy
        self._old: dict[_Key, dict[str, tuple[_Row, ...]]] | None = None
        self._now: dict[_Key, dict[str, tuple[_Row, ...]]] = {}
        self._shown: dict[_Key, dict[str, tuple[_Row, ...]]] = {}
        self._held = 0
        self._keys: dict[int, tuple[LintContext, _Key]] = {}
        self._added = False

    def _key(self, context: LintContext) -> _Key:
        known = self._keys.get(id(context))
        if known is None or known[0] is not context:
            if len(self._keys) > 256:
                self._keys.clear()
            known = (context, context_key(context))
            self._keys[id(context)] = known
        return known[1]

    def forget(self) -> None:
        """Drop what this run learned (the file is left as it is)."""
        self._now.clear()
        self._shown.clear()
        self._held = 0
        self._added = False

    def _load(self) -> dict[_Key, dict[str, tuple[_Row, ...]]]:
        if self._old is None:
            self._old = {}
            if self.path is not None:
                try:
                    data = marshal.loads(self.path.read_bytes())
                except (OSError, ValueError, EOFError, TypeError):
                    data = None
                fits = isinstance(data, tuple) and len(data) == 2 and data[0] == self.stamp
                if fits and isinstance(data[1], dict):
                    self._old = data[1]
        return self._old

    def get(self, context: LintContext, text: str) -> tuple[Finding, ...] | None:
        """The findings remembered for this line in this context, or None when unknown."""
        key = self._key(context)
        now = self._now.get(key)
        rows = now.get(text) if now is not None else None
        if rows is None:
            old = self._load().get(key)
            rows = old.get(text) if old is not None else None
            if rows is None:
                return None
            try:
                found = tuple(Finding(*row) for row in rows)
            except TypeError:  # a row of another shape: check the line again
                return None
            self._hold(key, text, rows)
            return found
        return tuple(Finding(*row) for row in rows)

    def put(self, context: LintContext, text: str, findings: tuple[Finding, ...]) -> None:
        key = self._key(context)
        if text not in self._now.get(key, {}):
            self._hold(key, text, tuple(_row(f) for f in findings))
            self._added = True

    def _hold(self, key: _Key, text: str, rows: tuple[_Row, ...]) -> None:
        if self._held >= MEMORY_LIMIT:
            self._now.clear()
            self._held = 0
        self._now.setdefault(key, {})[text] = rows
        self._held += 1

    def keep(self, context: LintContext, text: str) -> None:
        """Mark a line checked in this run as still on screen: saved before any other."""
        key = self._key(context)
        rows = self._now.get(key, {}).get(text)
        if rows is not None:
            self._shown.setdefault(key, {})[text] = rows

    def save(self) -> None:
        """Write the lines on screen at the end first, then the file's earlier lines, then this
        run's other lines (half-typed ones among them), when something is new."""
        if self.path is None or not self._added:
            return
        kept: dict[_Key, dict[str, tuple[_Row, ...]]] = {}
        room = MAX_ENTRIES
        for source in (self._shown, self._load(), self._now):
            for key, lines in source.items():
                if room <= 0:
                    break
                target = kept.setdefault(key, {})
                for text, rows in lines.items():
                    if room <= 0:
                        break
                    if text not in target:
                        target[text] = rows
                        room -= 1
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
            temporary.write_bytes(marshal.dumps((self.stamp, kept)))
            os.replace(temporary, self.path)
        except OSError:  # a read-only or full disk: the memo is only a shortcut
            return
        self._added = False
        if self.tidy:
            caches.remove_stale(self.path, _STEM)


_SHARED: list[FindingsMemo] = []


def shared_memo() -> FindingsMemo:
    """This process's memo (made on first use, written at exit)."""
    if not _SHARED:
        stamp = engine_stamp()
        tidy = _VARIABLE not in os.environ
        _SHARED.append(FindingsMemo(memo_file(stamp), stamp, tidy=tidy))
        atexit.register(_SHARED[0].save)
    return _SHARED[0]
