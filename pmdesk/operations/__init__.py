"""Named, undoable changes to a postmortem, each with its domain rules inside.

The GUI, the CLI and the tests call these and nothing else to change a document: an operation
reads the document, decides what the change is (which events are new, what marking an item done
means) and returns an `Edit`. Applying the edit is the change; reverting it is its undo. The GUI
pushes edits on its undo stack (pmdesk.ui.commands), the CLI applies them and saves, so one file
imported either way lands as the same events.
"""

from pmdesk.operations.actions import set_action_status, status_changes
from pmdesk.operations.edit import Edit, Refused
from pmdesk.operations.items import add_items, move_item, remove_items, set_fields, update_item
from pmdesk.operations.suggestions import TextPlace, apply_suggestion, reword
from pmdesk.operations.timeline import TimelineImport, add_events, import_timeline, plan_import

__all__ = [
    "Edit",
    "Refused",
    "TextPlace",
    "TimelineImport",
    "add_events",
    "add_items",
    "apply_suggestion",
    "import_timeline",
    "move_item",
    "plan_import",
    "remove_items",
    "reword",
    "set_action_status",
    "set_fields",
    "status_changes",
    "update_item",
]
