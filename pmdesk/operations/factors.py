"""Contributing factors: removing one never leaves an action item pointing at nothing."""

from __future__ import annotations

from pmdesk.document import Document
from pmdesk.operations.edit import Edit, RemoveItems, Step, UpdateItem


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
