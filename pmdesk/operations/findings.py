"""Captured findings: the sentences worth keeping ("I assumed … because", "it looked normal")."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pmdesk.document import Document
from pmdesk.model import CapturedFinding
from pmdesk.operations.edit import Edit, InsertItems, Refused, RemoveItems, Step, UpdateItem
from pmdesk.operations.items import update_item


def is_captured(doc: Document, text: str) -> bool:
    """Whether these words are a finding already (spacing aside)."""
    wanted = " ".join(text.split())
    return any(" ".join(f.text.split()) == wanted for f in doc.pm.findings)


def capture_finding(doc: Document, finding: CapturedFinding) -> Edit:
    """Keep a finding; the same words captured again change nothing."""
    if not finding.text.strip():
        raise Refused("A finding needs some text: select the words to capture.")
    if is_captured(doc, finding.text):
        return Edit("Capture finding")
    return Edit("Capture finding", [InsertItems("findings", [finding])])


def remove_findings(doc: Document, ids: Sequence[str]) -> Edit:
    """Remove findings and unlink them from the factors made from them, as one undo step."""
    present = {f.id for f in doc.pm.findings}
    wanted = [i for i in ids if i in present]
    label = "Remove finding" if len(ids) == 1 else f"Remove {len(ids)} findings"
    if not wanted:
        return Edit(label)
    gone = set(wanted)
    steps: list[Step] = [
        UpdateItem(
            "factors", factor.id, {"finding_ids": [i for i in factor.finding_ids if i not in gone]}
        )
        for factor in doc.pm.factors
        if gone & set(factor.finding_ids)
    ]
    steps.append(RemoveItems("findings", wanted))
    return Edit(label, steps)


def edit_finding(doc: Document, label: str, finding_id: str, changes: dict[str, Any]) -> Edit:
    """Reword a finding; it keeps some text (remove it instead)."""
    other = sorted(set(changes) - {"text"})
    if other:
        raise Refused(f"a finding's {', '.join(other)} is not edited here")
    if "text" in changes and not str(changes["text"]).strip():
        raise Refused("A finding needs some text; remove it instead.")
    return update_item(doc, label, "findings", finding_id, **changes)
