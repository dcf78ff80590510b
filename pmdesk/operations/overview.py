"""The postmortem's own fields: the overview form and the notes, the meeting plan and its timer.

The lists of words (services, tags) are kept trimmed and free of repeats; a plan keeps every
phase inside the lengths a meeting can use. The plan, the timer and the language settings are
changed only by their own operations here and in `wording`, never through the overview's.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from pmdesk.document import Document
from pmdesk.meeting import PlanError, check_minutes
from pmdesk.model import PhaseRecord, TimerState
from pmdesk.operations.edit import Edit, Refused, SetFields

# What the overview and the notes edit: every field a facilitator types or picks there.
OVERVIEW_FIELDS = (
    "title",
    "kind",
    "severity",
    "started_at",
    "detected_at",
    "resolved_at",
    "meeting_at",
    "summary",
    "lessons",
    "services",
    "tags",
    "status",
    "notes",
)
WORD_LISTS = ("services", "tags")
PLAN_LABEL = "Change the meeting plan"


def clean_words(words: Iterable[str]) -> list[str]:
    """Trimmed, without empty entries, each word once (the first spelling wins)."""
    seen: set[str] = set()
    kept: list[str] = []
    for word in words:
        word = " ".join(word.split())
        if word and word.casefold() not in seen:
            seen.add(word.casefold())
            kept.append(word)
    return kept


def _changed(doc: Document, label: str, values: dict[str, Any]) -> Edit:
    changed = {name: v for name, v in values.items() if getattr(doc.pm, name) != v}
    return Edit(label, [SetFields(changed)] if changed else [])


def edit_overview(doc: Document, label: str, **values: Any) -> Edit:
    """Change what the overview or the notes show, as one undo step (empty when nothing would)."""
    other = sorted(set(values) - set(OVERVIEW_FIELDS))
    if other:
        raise Refused(f"the overview does not edit {', '.join(other)}")
    for name in WORD_LISTS:
        if name in values:
            values[name] = clean_words(values[name])
    return _changed(doc, label, values)


def set_plan(doc: Document, phases: Sequence[PhaseRecord], label: str = PLAN_LABEL) -> Edit:
    """A new meeting plan; every phase's length must be one a meeting can use."""
    for record in phases:
        try:
            check_minutes(record.planned_minutes, record.phase)
        except PlanError as exc:
            raise Refused(str(exc)) from None
    return _changed(doc, label, {"phases": list(phases)})


def record_timer(doc: Document, phases: Sequence[PhaseRecord], timer: TimerState) -> Edit:
    """The meeting timer's state and the phases as run so far.

    The timer applies this edit without pushing it: a running clock is not something to undo.
    """
    return _changed(doc, "Record the meeting timer", {"phases": list(phases), "timer": timer})
