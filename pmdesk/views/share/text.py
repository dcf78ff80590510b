"""The document's texts as the share window writes them: rich text, escaped, hidden texts
replaced, and the measured durations in one line."""

from __future__ import annotations

from html import escape

from pmdesk.actions import sort_actions
from pmdesk.durations import compute_durations
from pmdesk.model import ActionItem, ActionStatus, TimelineEvent
from pmdesk.views.share_guard import HIDDEN_TEXT, Key


def whys_html(whys: list[str]) -> str:
    rows = "".join(
        f"<tr><td style='padding-right:10px'><b>{number}.</b></td><td>{escape(why)}</td></tr>"
        for number, why in enumerate((w for w in whys if w.strip()), start=1)
    )
    return f"<table cellspacing='0' cellpadding='2'>{rows}</table>" if rows else ""


def durations_line(events: list[TimelineEvent]) -> str:
    """The measured durations in one short line; the ones that cannot be measured are left out
    (why they cannot is the facilitator's business, in the Timeline panel)."""
    durations = compute_durations(events)
    steps = [
        f"{word} {m.text}"
        for word, m in (
            ("detected", durations.detect),
            ("acknowledged", durations.acknowledge),
            ("mitigated", durations.mitigate),
            ("resolved", durations.resolve),
        )
        if m.value is not None
    ]
    parts = ["From the trigger: " + ", ".join(steps)] if steps else []
    if durations.total.value is not None:
        parts.append(f"{durations.total.text} in all")
    return "   ·   ".join(parts)


def text_html(text: str) -> str:
    """Plain text as paragraphs, with "- item" lines as a bulleted list (escaped)."""
    parts: list[str] = []
    items: list[str] = []

    def close_list() -> None:
        if items:
            parts.append("<ul style='margin-left:-12px'>" + "".join(items) + "</ul>")
            items.clear()

    for line in text.strip().splitlines():
        stripped = line.strip()
        if stripped.startswith(("- ", "* ", "• ")):
            items.append(f"<li style='margin-bottom:6px'>{escape(stripped[2:].strip())}</li>")
            continue
        close_list()
        if stripped:
            parts.append(f"<p>{escape(stripped)}</p>")
    close_list()
    return "".join(parts)


def actions_html(
    actions: list[ActionItem], muted: str, hidden: set[Key] | frozenset[Key] = frozenset()
) -> str:
    """The action items as a list: type, what changes, and who owns it by when."""
    rows: list[str] = []
    for item in sort_actions(actions):
        if item.status == ActionStatus.DROPPED:
            continue
        who = escape(item.owner) if item.owner.strip() else "no owner yet"
        when = f"by {item.deadline.isoformat()}" if item.deadline else "no deadline yet"
        what = " ".join(item.description.split())
        if ("actions", item.id, "description", -1) in hidden:
            what = HIDDEN_TEXT
        rows.append(
            f"<li style='margin-bottom:8px'><b>{escape(item.type.label)}</b>: {escape(what)}"
            f"<br><span style='color:{muted}'>{who} · {when}</span></li>"
        )
    return "<ul style='margin-left:-12px'>" + "".join(rows) + "</ul>" if rows else ""


# --------------------------------------------------------------------------------------------
# The window
