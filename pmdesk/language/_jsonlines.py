"""JSON with line numbers, so an error in a team's rules file can say which line is wrong.

The standard json module checks the syntax (and reports syntax errors with a line); this small
scanner then walks the same, already valid, text and remembers where every value starts.
"""

from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass, field
from typing import Any

_WS = re.compile(r"[ \t\n\r]*")
_SCALAR = re.compile(r"[^,\]}\s]+")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)


@dataclass
class Located:
    """A parsed JSON value with the line it starts on, and the same for its members."""

    value: Any
    line: int
    members: dict[Any, Located] = field(default_factory=dict)

    def line_of(self, key: str) -> int:
        member = self.members.get(key)
        return member.line if member else self.line

    def child(self, key: str, index: int | None = None) -> Located:
        node = self.members[key]
        return node.members[index] if index is not None else node

    def item_line(self, key: str, index: int) -> int:
        node = self.members.get(key)
        if node is None:
            return self.line
        item = node.members.get(index)
        return item.line if item else node.line


def without_lines(value: Any) -> Located:
    """A value json.loads made, as the same tree with every line 0: for text known to be valid
    (the built-in rules), where nothing needs a line and the scan would cost most of the load."""
    node = Located(value, 0)
    if isinstance(value, dict):
        node.members = {key: without_lines(member) for key, member in value.items()}
    elif isinstance(value, list):
        node.members = {index: without_lines(member) for index, member in enumerate(value)}
    return node


def parse_located(text: str) -> Located:
    json.loads(text)  # raises JSONDecodeError with a line number when the syntax is wrong
    newlines = []
    found = text.find("\n")
    while found >= 0:
        newlines.append(found)
        found = text.find("\n", found + 1)

    def line(pos: int) -> int:
        return bisect.bisect_left(newlines, pos) + 1

    def skip(pos: int) -> int:
        match = _WS.match(text, pos)
        return match.end() if match else pos

    def string_end(pos: int) -> int:
        match = _STRING.match(text, pos)
        assert match is not None  # the text has passed json.loads
        return match.end()

    def string(start: int, end: int) -> Any:
        inner = text[start + 1 : end - 1]
        # Valid JSON (checked above): without an escape the text is the value itself.
        return json.loads(text[start:end]) if "\\" in inner else inner

    def value(pos: int) -> tuple[Located, int]:
        pos = skip(pos)
        start_line = line(pos)
        char = text[pos]
        if char == "{":
            node = Located({}, start_line)
            pos = skip(pos + 1)
            if text[pos] == "}":
                return node, pos + 1
            while True:
                pos = skip(pos)
                key_end = string_end(pos)
                key = string(pos, key_end)
                key_line = line(pos)
                pos = skip(key_end) + 1  # the colon
                member, pos = value(pos)
                member.line = key_line
                node.value[key] = member.value
                node.members[key] = member
                pos = skip(pos)
                if text[pos] == "}":
                    return node, pos + 1
                pos += 1  # the comma
        if char == "[":
            node = Located([], start_line)
            pos = skip(pos + 1)
            if text[pos] == "]":
                return node, pos + 1
            index = 0
            while True:
                member, pos = value(pos)
                node.value.append(member.value)
                node.members[index] = member
                index += 1
                pos = skip(pos)
                if text[pos] == "]":
                    return node, pos + 1
                pos += 1
        if char == '"':
            end = string_end(pos)
            return Located(string(pos, end), start_line), end
        match = _SCALAR.match(text, pos)
        end = match.end() if match else pos + 1
        return Located(json.loads(text[pos:end]), start_line), end

    root, _ = value(0)
    return root
