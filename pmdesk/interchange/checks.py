"""The checks that run before anything is built: the JSON itself (repeated keys, numbers that are
not finite, broken characters), the header (format and version) and the JSON Schema, each problem
in the facilitator's words with the place it is at (a JSON pointer such as `/timeline/3/at`)."""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterator, Mapping
from typing import Any

from pmdesk.interchange.format import FORMAT, VERSION, InterchangeError, validator
from pmdesk.interchange.values import date_problem, datetime_problem, show

_SURROGATE_RE = re.compile("[\ud800-\udfff]")


# Longer integers than this are not a count of anything in a postmortem; Python would also refuse
# to convert the very long ones.
_MAX_INT_DIGITS = 30


class BadNumber:
    """Stands in for NaN, Infinity and absurdly long numbers so they are reported, not kept."""

    def __init__(self, text: str) -> None:
        self.text = text


class _DuplicateKeys(dict[str, Any]):
    """A JSON object that named a key twice; plain `json` would silently keep only the last one."""

    duplicates: list[str]


def object_from_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) == len(pairs):
        return obj
    seen: set[str] = set()
    duplicates: list[str] = []
    for key, _ in pairs:
        if key in seen and key not in duplicates:
            duplicates.append(key)
        seen.add(key)
    flagged = _DuplicateKeys(pairs)
    flagged.duplicates = duplicates
    return flagged


def parse_float(text: str) -> float | BadNumber:
    value = float(text)
    return value if math.isfinite(value) else BadNumber(text)


def parse_int(text: str) -> int | BadNumber:
    return int(text) if len(text.lstrip("-")) <= _MAX_INT_DIGITS else BadNumber(text)


_JSON_MESSAGES = {
    "Expecting value": "expected a value (text in double quotes, a number, true, false, null, "
    "a list or an object)",
    "Expecting ',' delimiter": "expected a comma between two items",
    "Expecting ':' delimiter": "expected a colon after the key",
    "Expecting property name enclosed in double quotes": "expected a key in double quotes "
    "(JSON allows no comma after the last item)",
    "Unterminated string starting at": "a text value is not closed with a double quote",
    "Invalid control character at": "a text value contains a raw line break or tab; "
    "write it as \\n or \\t",
    "Extra data": "there is more after the end of the JSON value",
    "Invalid \\escape": "a backslash escape is not valid JSON",
}


def json_problem(msg: str) -> str:
    return f"not valid JSON: {_JSON_MESSAGES.get(msg, msg)}"


def _pointer(parts: Any) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def _walk(data: Any) -> Iterator[tuple[list[Any], Any]]:
    """Every value with its path, without recursion (deep nesting must not crash the check)."""
    stack: list[tuple[list[Any], Any]] = [([], data)]
    while stack:
        path, value = stack.pop()
        yield path, value
        if isinstance(value, dict):
            stack.extend(([*path, k], v) for k, v in reversed(list(value.items())))
        elif isinstance(value, list):
            stack.extend(([*path, i], v) for i, v in reversed(list(enumerate(value))))


def check_values(data: Any, source: str) -> None:
    """What JSON parsers let through but would corrupt the document: repeats, NaN, broken text."""
    for path, value in _walk(data):
        where = _pointer(path)
        if isinstance(value, _DuplicateKeys):
            key = value.duplicates[0]
            raise InterchangeError(
                source, where, f"the key '{key}' appears more than once in the same object"
            )
        if isinstance(value, dict):
            for key in value:
                if not isinstance(key, str):
                    raise InterchangeError(source, where, f"the key {key!r} is not text")
                if _SURROGATE_RE.search(key):
                    raise InterchangeError(source, where, "a key contains a broken character")
        if isinstance(value, BadNumber):
            raise InterchangeError(
                source, where, f"{value.text} is not allowed: numbers must be finite and short"
            )
        if isinstance(value, float) and not math.isfinite(value):
            raise InterchangeError(source, where, f"{value} is not allowed: numbers must be finite")
        if isinstance(value, str) and _SURROGATE_RE.search(value):
            raise InterchangeError(
                source,
                where,
                "the text contains a broken character (half of a UTF-16 surrogate pair)",
            )


def check_header(data: Any, source: str) -> None:
    if not isinstance(data, dict):
        raise InterchangeError(
            source, "", f"expected a JSON object holding one postmortem, found {show(data)}"
        )
    if "format" not in data:
        raise InterchangeError(
            source,
            "",
            f"this is not a pmdesk postmortem: the key 'format' is missing "
            f'(a pmdesk file starts with "format": "{FORMAT}")',
        )
    if data["format"] != FORMAT:
        raise InterchangeError(
            source,
            "/format",
            f"{show(data['format'])} is not a pmdesk postmortem (expected '{FORMAT}')",
        )
    if "version" not in data:
        raise InterchangeError(source, "", "the key 'version' is missing")
    version = data["version"]
    if type(version) is not int:
        raise InterchangeError(
            source, "/version", f"expected a whole number such as {VERSION}, found {show(version)}"
        )
    if version > VERSION:
        raise InterchangeError(
            source,
            "/version",
            f"this file was made by a newer pmdesk (format version {version}); this pmdesk reads "
            f"format version {VERSION}. Update pmdesk to import it.",
        )
    if version < 1:
        raise InterchangeError(
            source,
            "/version",
            f"{version} is not a pmdesk format version (this pmdesk reads version {VERSION})",
        )


def check_schema(data: Any, source: str) -> None:
    from jsonschema.exceptions import best_match

    version = data["version"]  # checked by check_header: one this pmdesk reads
    errors = list(validator(version).iter_errors(data))
    if not errors:
        return
    error = best_match(errors)
    location, problem = _describe(error, version)
    if len(errors) > 1:
        more = len(errors) - 1
        problem += f" (and {more} more problem{'s' if more > 1 else ''} in this file)"
    raise InterchangeError(source, location, problem)


_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "an object",
    "null": "null",
}


def _describe(error: Any, version: int) -> tuple[str, str]:
    """A jsonschema error in the facilitator's words: (JSON pointer, problem)."""
    where = _pointer(error.absolute_path)
    value = error.instance
    rule = error.validator
    sub: Mapping[str, Any] = error.schema if isinstance(error.schema, Mapping) else {}
    if rule == "required":
        missing = [k for k in error.validator_value if k not in value]
        return where, f"the required key '{missing[0]}' is missing"
    if rule == "additionalProperties":
        known = list(sub.get("properties", {}))
        extra = [k for k in value if k not in known]
        key = extra[0]
        hint = difflib.get_close_matches(key, known, n=1)
        suggestion = f"; did you mean '{hint[0]}'?" if hint else f" in format version {version}"
        if key == "interviews" and version < 2:
            suggestion = "; interviews need format version 2"
        return f"{where}/{_pointer([key])[1:]}", f"unknown key '{key}'{suggestion}"
    if rule == "type":
        wanted = error.validator_value
        names = [wanted] if isinstance(wanted, str) else list(wanted)
        return where, f"expected {' or '.join(_TYPE_WORDS[n] for n in names)}, found {show(value)}"
    if rule == "enum":
        allowed = ", ".join("null" if v is None else str(v) for v in error.validator_value)
        return where, f"{show(value)} is not one of: {allowed}"
    if rule == "const":
        return where, f"expected {show(error.validator_value)}, found {show(value)}"
    if rule == "pattern":
        if sub.get("format") == "date-time":
            return where, datetime_problem(value) or f"{show(value)} is not a date-time"
        if sub.get("format") == "date":
            return where, date_problem(value) or f"{show(value)} is not a date"
        return where, (
            f"{show(value)} is not a usable id: use letters, digits, '.', '_', ':' or '-' only"
        )
    if rule == "minLength":
        return where, "must not be empty"
    if rule == "maxLength":
        return where, f"is too long ({len(value)} characters; at most {error.validator_value})"
    if rule == "minimum":
        return where, f"{value} is too small (the smallest allowed is {error.validator_value})"
    if rule == "maximum":
        return where, f"{value} is too large (the largest allowed is {error.validator_value})"
    if rule == "uniqueItems":
        return where, "the list names the same item more than once"
    return where, str(error.message)
