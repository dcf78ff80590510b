"""The `pmdesk` command: one module per command group, dispatched by pmdesk.cli.dispatch.

dispatch     `main`: the top-level parser and the one-line error and exit-code policy
gui          `pmdesk` with no command: opens the app
postmortems  `list`, `export`, `import`
timeline     `import-timeline`, `contribution-sheet`
actions      `actions`: the weekly follow-up of action items
publish      `publish`: the library as a web site or a Markdown folder
lint         `lint`: the blame-language check for people and CI
common       what the commands share: usage errors, postmortem ids, the database door
"""

from pmdesk.cli.dispatch import gui_main, main

__all__ = ["gui_main", "main"]
