"""The sentences a check has met, so a sentence met again gets the findings it got then, moved to
where it stands now: within one text always, and across texts within `shared_sentences`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING

from pmdesk.language._types import Finding, LintContext

if TYPE_CHECKING:  # the compiled rules are only held here, never used
    from pmdesk.language._compiled import _Compiled

# What a sentence met before got: its findings, where it stood, and whether a rule declined
# (None: not worked out, as nothing needed it).
_Seen = tuple[list[Finding] | tuple[()], int, bool | None]
_SeenKey = tuple[str, str, bool, tuple[str, ...]]
# Sentences remembered across checks while `shared_sentences` is in force (per rule set,
# field and allowed words), else None: each check remembers only its own text's sentences.
_SHARED: ContextVar[dict[tuple[int, str, tuple[str, ...]], _Shared] | None] = ContextVar(
    "pmdesk_shared_sentences", default=None
)
# Past this many sentences the shared memory starts again (a review holds far fewer).
_SHARED_MOST = 50_000


class _Shared:
    """The sentences remembered for one rule set, field and allowed words; the compiled rules
    are held so their id is not reused while this lives."""

    __slots__ = ("comp", "seen")

    def __init__(self, comp: _Compiled) -> None:
        self.comp = comp
        self.seen: dict[_SeenKey, _Seen] = {}


@contextmanager
def shared_sentences() -> Iterator[None]:
    """Within this block, a sentence checked before in the same kind of field (with the same
    rules, allowed words and the same attendee names in it) is not checked again: for work
    over many documents that share their texts, such as a review of a thousand postmortems."""
    token = _SHARED.set({})
    try:
        yield
    finally:
        _SHARED.reset(token)


def _seen_for(comp: _Compiled, ctx: LintContext) -> dict[_SeenKey, _Seen]:
    shared = _SHARED.get()
    if shared is None:
        return {}
    key = (id(comp), ctx.field, ctx.allowed_words)
    entry = shared.get(key)
    if entry is None or entry.comp is not comp:
        entry = shared[key] = _Shared(comp)
    elif len(entry.seen) > _SHARED_MOST:
        entry.seen.clear()
    return entry.seen


def _moved(finding: Finding, shift: int) -> Finding:
    """The same finding for the same words further on in the text."""
    return Finding(
        finding.start + shift,
        finding.end + shift,
        finding.rule,
        finding.category,
        finding.severity,
        finding.message,
        finding.suggestion,
        finding.text,
    )
