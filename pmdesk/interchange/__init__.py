"""One whole postmortem as a JSON file: the format other tools and other pmdesk installs exchange.

The format is versioned (`"format": "pmdesk.postmortem"`, `"version": 1`) and described by a JSON
Schema shipped in `pmdesk/schemas/`, so other tools can validate what they write. Reading is strict:
an unknown key, a time without a timezone or a link to an item that is not in the file is an error
that names the file and the place (a JSON pointer such as `/timeline/3/at`), because silently
dropping or guessing would change what the review says. docs/json-format.md is the reference.

Item ids are kept in both directions so that the links between items (a factor's events and
findings, an action's factor) survive a round trip. The database id is never written.

One module per job: `format` (name, version, schema, the error), `writing` (export), `checks`
(what runs before anything is built), `values` (times and dates), `reading` (import).
"""

from __future__ import annotations

from pmdesk.interchange.format import FORMAT, SCHEMA_FILE, VERSION, InterchangeError, schema
from pmdesk.interchange.reading import from_json_dict, load_file, loads, renew_ids
from pmdesk.interchange.writing import dumps, save_file, to_json_dict

__all__ = [
    "FORMAT",
    "SCHEMA_FILE",
    "VERSION",
    "InterchangeError",
    "dumps",
    "from_json_dict",
    "load_file",
    "loads",
    "renew_ids",
    "save_file",
    "schema",
    "to_json_dict",
]
