"""Named, undoable changes to a postmortem, each with its domain rules inside.

The GUI, the CLI and the tests call these and nothing else to change a document: an operation
reads the document, decides what the change is (which events are new, what marking an item done
means) and returns an `Edit`. Applying the edit is the change; reverting it is its undo. The GUI
pushes edits on its undo stack (pmdesk.ui.commands), the CLI applies them and saves, so one file
imported either way lands as the same events.

One module per subject, imported by name (this package imports nothing, so the window's first
paint does not wait for the rules of screens not yet shown): `edit` (the undoable change),
`items` (fields and items), `timeline` (imports and pasted events), `actions` (an action item's
status), `suggestions` (rewording flagged text), `library` (the trash, copies and the tracker).
"""
