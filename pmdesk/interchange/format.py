"""What the format is: its name and version, its JSON Schema, and the error every problem becomes."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

FORMAT = "pmdesk.postmortem"


# The newest version this pmdesk reads and writes. Version 2 added the interviews; a file without
# them is still written as version 1, so a pmdesk that knows only version 1 reads it.
VERSION = 2


SCHEMA_FILES = {1: "postmortem-v1.schema.json", 2: "postmortem-v2.schema.json"}
SCHEMA_FILE = SCHEMA_FILES[VERSION]


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


def schema(version: int = VERSION) -> dict[str, Any]:
    """The JSON Schema of a format version, as shipped in the package."""
    loaded: dict[str, Any] = json.loads(schema_text(version))
    return loaded


@cache
def schema_text(version: int = VERSION) -> str:
    name = SCHEMA_FILES[version]
    return resources.files("pmdesk.schemas").joinpath(name).read_text(encoding="utf-8")


@cache
def validator(version: int = VERSION) -> Any:
    # Imported here: jsonschema is only needed when a file is imported, not at start-up.
    from jsonschema import Draft202012Validator

    return Draft202012Validator(schema(version))
