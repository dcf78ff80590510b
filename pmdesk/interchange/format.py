"""What the format is: its name and version, its JSON Schema, and the error every problem becomes."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

FORMAT = "pmdesk.postmortem"


VERSION = 1


SCHEMA_FILE = "postmortem-v1.schema.json"


class InterchangeError(ValueError):
    """A file pmdesk cannot import, with where and what, ready to show to the user as is."""

    def __init__(self, source: str, location: str | None, problem: str) -> None:
        """location None: a problem with the file itself (missing, a pipe, the disk full)."""
        self.source = source
        self.location = "" if location is None else location or "(top level)"
        self.problem = problem
        place = f"{self.location}: " if self.location else ""
        super().__init__(f"{source}: {place}{problem}")


def after_name(message: str, name: str) -> str:
    """A FileProblem's words without the file name in front (InterchangeError adds it)."""
    return message[len(name) + 2 :] if message.startswith(name + ": ") else message


def schema() -> dict[str, Any]:
    """The JSON Schema of format version 1, as shipped in the package."""
    loaded: dict[str, Any] = json.loads(schema_text())
    return loaded


@cache
def schema_text() -> str:
    return resources.files("pmdesk.schemas").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")


@cache
def validator() -> Any:
    # Imported here: jsonschema is only needed when a file is imported, not at start-up.
    from jsonschema import Draft202012Validator

    return Draft202012Validator(schema())
