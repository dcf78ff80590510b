"""Named, undoable changes to a postmortem, each with its domain rules inside.

The GUI, the CLI and the tests call these and nothing else to change a document: an operation
reads the document, decides what the change is (which events are new, what marking an item done
means) and returns an `Edit`. Applying the edit is the change; reverting it is its undo. The GUI
pushes edits on its undo stack (pmdesk.ui.commands), the CLI applies them and saves, so one file
imported either way lands as the same events.

One module per subject, imported by name (this package imports nothing, so the window's first
paint does not wait for the rules of screens not yet shown): `edit` (the undoable change),
`overview` (the postmortem's own fields, the meeting plan and timer), `timeline` (imports, pasted,
added, duplicated, marked and deleted events), `findings` (captured findings), `factors` (factors
and their why-chains), `actions` (adding action items, deadlines, status), `people` (attendees and
the facilitator), `wording` (ignored phrases, allowed words), `suggestions` (rewording flagged
text), `library` (the trash, copies and the tracker). `items` is the generic change by field and
list name that the named operations are built on; screens never call it
(tests/unit/test_architecture.py checks that).
"""
