"""What the share window is about to show, checked for blame language before the room reads it.

The share window never shows the language check itself (the room would read the facilitator's
warnings), so the check runs on the facilitator's side: every text on the shared page is linted
with the same rules as the editors, and each blame finding is offered two ways out: reword the
text (the suggested reframe filled in where there is one), or hide that text from the room.
Hiding is for this meeting only and changes nothing in the postmortem.
"""

from __future__ import annotations

from dataclasses import dataclass

from pmdesk.document import Document
from pmdesk.language import Finding, lint
from pmdesk.model import ActionStatus
from pmdesk.operations.edit import Refused
from pmdesk.operations.suggestions import TextPlace, reword
from pmdesk.ui.lint_editor import language_service
from pmdesk.ui.session import DocumentSession

# What the room sees in place of a hidden text.
HIDDEN_TEXT = "(not shown)"

# The lint context's field for each kind of text (the editors use the same).
_LINT_FIELD = {
    "title": "summary",
    "summary": "summary",
    "lessons": "lessons",
    "timeline": "timeline",
    "factors": "factor",
    "actions": "action",
}

Key = tuple[str, str, str, int]

# Texts whose own editors take several lines (Enter starts a new one there): the summary and
# lessons, a factor, and what the room said about an event. A title, an event's text, a why and
# an action item are one line each.
_LINES = {
    ("", "summary"),
    ("", "lessons"),
    ("factors", "text"),
    ("timeline", "seen"),
    ("timeline", "believed"),
    ("timeline", "done_next"),
}


@dataclass(frozen=True)
class ShownText:
    """One text on the shared page: where it lives in the postmortem, and what it says."""

    collection: str  # "" for the postmortem's own fields (title, summary, lessons)
    item_id: str
    field: str
    index: int  # which why of a factor's chain; -1 otherwise
    where: str  # how the facilitator finds it: "What was seen, 14:35"
    text: str

    @property
    def key(self) -> Key:
        return (self.collection, self.item_id, self.field, self.index)

    @property
    def holds_lines(self) -> bool:
        return (self.collection, self.field) in _LINES


@dataclass(frozen=True)
class Flag:
    shown: ShownText
    finding: Finding

    def reworded(self) -> str:
        """The text with the finding's reframe put in, or as it is when there is none."""
        text, finding = self.shown.text, self.finding
        if not finding.suggestion or text[finding.start : finding.end] != finding.text:
            return text
        return text[: finding.start] + finding.suggestion + text[finding.end :]

    def reworded_span(self) -> tuple[int, int]:
        """Where, in `reworded()`, the words to put right are: the reframe put in, or the
        flagged words themselves when there is none."""
        text, finding = self.shown.text, self.finding
        if text[finding.start : finding.end] != finding.text:
            return (0, len(text))  # the text moved on since the check: offer all of it
        if not finding.suggestion:
            return (finding.start, finding.end)
        return (finding.start, finding.start + len(finding.suggestion))


def _event_texts(doc: Document, event_id: str | None, show_time: object) -> list[ShownText]:
    found: list[ShownText] = []
    for event in doc.pm.timeline:
        when = show_time(event.at)  # type: ignore[operator]
        found.append(ShownText("timeline", event.id, "text", -1, f"Event {when}", event.text))
        if event.id != event_id:
            continue
        for field, caption in (
            ("seen", "What was seen"),
            ("believed", "What people thought"),
            ("done_next", "What was done next"),
        ):
            text = str(getattr(event, field))
            found.append(ShownText("timeline", event.id, field, -1, f"{caption}, {when}", text))
    return found


def _factor_texts(doc: Document) -> list[ShownText]:
    found: list[ShownText] = []
    for number, factor in enumerate(doc.pm.factors, start=1):
        found.append(ShownText("factors", factor.id, "text", -1, f"Factor {number}", factor.text))
        for step, why in enumerate(factor.whys):
            where = f"Why {step + 1} of factor {number}"
            found.append(ShownText("factors", factor.id, "whys", step, where, why))
    return found


def _action_texts(doc: Document) -> list[ShownText]:
    return [
        ShownText("actions", item.id, "description", -1, f"Action item {n}", item.description)
        for n, item in enumerate(doc.pm.actions, start=1)
        if item.status != ActionStatus.DROPPED
    ]


def shown_texts(
    doc: Document | None, page: str, event_id: str | None, show_time: object = str
) -> list[ShownText]:
    """Every text of the postmortem on the shared page `page` (the title is on every page)."""
    if doc is None or page == "none":
        return []
    found = [ShownText("", "", "title", -1, "Title", doc.pm.title)]
    if page == "timeline":
        found += _event_texts(doc, event_id, show_time)
    elif page == "factors":
        found += _factor_texts(doc)
    elif page == "actions":
        found += _action_texts(doc)
    elif page == "close":
        found.append(ShownText("", "", "summary", -1, "Summary", doc.pm.summary))
        found.append(ShownText("", "", "lessons", -1, "Lessons learned", doc.pm.lessons))
        found += _action_texts(doc)
    return [s for s in found if s.text.strip()]


def flags(session: DocumentSession, shown: list[ShownText], hidden: set[Key]) -> list[Flag]:
    """The blame findings in the texts the room can see now (hidden ones are not seen)."""
    service = language_service(session)
    found: list[Flag] = []
    for item in shown:
        if item.key in hidden:
            continue
        field = _LINT_FIELD.get(item.field, _LINT_FIELD.get(item.collection, "notes"))
        reach: dict[str, int] = {}
        for finding in sorted(lint(item.text, service.context(field)), key=lambda f: f.start):
            # Overlapping findings of one kind are one phrase: flag it once.
            if not finding.is_blame or finding.start < reach.get(finding.category, -1):
                reach[finding.category] = max(reach.get(finding.category, -1), finding.end)
                continue
            reach[finding.category] = finding.end
            found.append(Flag(item, finding))
    return found


def write_text(session: DocumentSession, shown: ShownText, text: str) -> None:
    """Put a reworded text back where it came from, as one undoable edit."""
    doc = session.doc
    if doc is None or text == shown.text:
        return
    session.flush_edits()
    place = TextPlace(shown.collection, shown.item_id, shown.field, shown.index)
    try:
        session.apply(reword(doc, place, text, f"Reword {shown.where.lower()}"))
    except Refused:
        return  # the item went away meanwhile: there is nothing left to reword
