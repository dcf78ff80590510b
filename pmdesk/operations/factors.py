"""Contributing factors and their why-chains.

Removing one never leaves an action item pointing at nothing; a factor links only to events and
findings the postmortem holds.
"""

from __future__ import annotations

import dataclasses

from pmdesk.document import Document
from pmdesk.model import Factor, Question
from pmdesk.operations.edit import Edit, InsertItems, Refused, RemoveItems, Step, UpdateItem

# What a factor links to: its attribute, and the list the linked item lives in.
LINKS = {"event": ("event_ids", "timeline"), "finding": ("finding_ids", "findings")}


def _factor(doc: Document, factor_id: str) -> Factor:
    try:
        found: Factor = doc.find("factors", factor_id)
    except KeyError:
        raise Refused("that contributing factor is no longer in this postmortem") from None
    return found


def _update(doc: Document, label: str, factor_id: str, **values: object) -> Edit:
    factor = _factor(doc, factor_id)
    changed = {name: v for name, v in values.items() if getattr(factor, name) != v}
    return Edit(label, [UpdateItem("factors", factor_id, changed)] if changed else [])


def add_factor(doc: Document, factor: Factor) -> Edit:
    """Add a factor; links to findings or events the postmortem does not hold are dropped."""
    findings = {f.id for f in doc.pm.findings}
    events = {e.id for e in doc.pm.timeline}
    factor = dataclasses.replace(
        factor,
        finding_ids=[i for i in factor.finding_ids if i in findings],
        event_ids=[i for i in factor.event_ids if i in events],
    )
    label = "Make a factor from a finding" if factor.finding_ids else "Add factor"
    return Edit(label, [InsertItems("factors", [factor])])


def remove_factor(doc: Document, factor_id: str) -> Edit:
    """Remove a factor and unlink the action items that addressed it, as one undo step."""
    if factor_id not in {f.id for f in doc.pm.factors}:
        return Edit("Remove factor")
    steps: list[Step] = [
        UpdateItem("actions", item.id, {"factor_id": None})
        for item in doc.pm.actions
        if item.factor_id == factor_id
    ]
    steps.append(RemoveItems("factors", [factor_id]))
    return Edit("Remove factor", steps)


def move_factor(doc: Document, factor_id: str, question: Question) -> Edit:
    """Put a factor under another of the four questions."""
    return _update(doc, "Move factor", factor_id, question=Question(question))


def edit_factor_text(doc: Document, factor_id: str, text: str) -> Edit:
    return _update(doc, "Edit factor", factor_id, text=text)


def link(doc: Document, factor_id: str, kind: str, target_id: str, on: bool) -> Edit:
    """Link (or unlink) a timeline event or a finding to a factor."""
    if kind not in LINKS:
        raise Refused(f"a factor links to events and findings, not to {kind}")
    field, collection = LINKS[kind]
    factor = _factor(doc, factor_id)
    current: list[str] = list(getattr(factor, field))
    label = f"Link {kind}" if on else f"Unlink {kind}"
    if on and target_id not in current:
        if target_id not in {item.id for item in doc.items(collection)}:
            raise Refused(f"that {kind} is no longer in this postmortem")
        return _update(doc, label, factor_id, **{field: [*current, target_id]})
    if not on and target_id in current:
        return _update(doc, label, factor_id, **{field: [i for i in current if i != target_id]})
    return Edit(label)


def add_why(doc: Document, factor_id: str) -> Edit:
    """One more "why?" at the end of the chain, empty for the answer."""
    factor = _factor(doc, factor_id)
    return _update(doc, "Add why", factor_id, whys=[*factor.whys, ""])


def write_why(doc: Document, factor_id: str, number: int, text: str) -> Edit:
    """The answer to why number `number` (from 0)."""
    factor = _factor(doc, factor_id)
    if not 0 <= number < len(factor.whys):
        return Edit(f"Edit why {number + 1}")
    whys = list(factor.whys)
    whys[number] = text
    return _update(doc, f"Edit why {number + 1}", factor_id, whys=whys)


def remove_why(doc: Document, factor_id: str, number: int) -> Edit:
    factor = _factor(doc, factor_id)
    whys = [w for i, w in enumerate(factor.whys) if i != number]
    return _update(doc, f"Remove why {number + 1}", factor_id, whys=whys)
