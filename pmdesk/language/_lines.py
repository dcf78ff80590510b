"""What an editor that checks one line at a time needs from the language check: fences, and
positions as Qt counts them.

Kept apart from the text preparation (_text), whose patterns only the engine uses, so that a
window showing remembered findings (see memo.py) does not compile them.
"""

from __future__ import annotations

import re

FENCE_OPEN = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$", re.MULTILINE)


def fence_marker(line: str) -> str | None:
    """The fence (``` or ~~~ run) that this line opens or closes, if any.

    An editor that checks one line at a time keeps the open fence as its block state and skips the
    lines inside; `closes_fence` tells it where the block ends.
    """
    match = FENCE_OPEN.match(line)
    if not match:
        return None
    fence = match.group(1)
    if fence[0] == "`" and "`" in match.group(2):
        return None
    return fence


def closes_fence(line: str, opener: str) -> bool:
    stripped = line.strip()
    return (
        len(line) - len(line.lstrip(" ")) <= 3
        and len(stripped) >= len(opener)
        and set(stripped) == {opener[0]}
    )


def utf16_index(text: str, index: int) -> int:
    """The UTF-16 position (what Qt counts) of a code-point index into text.

    They differ after any character outside the Basic Multilingual Plane, such as most emoji.
    """
    prefix = text[:index]
    return index + sum(1 for ch in prefix if ord(ch) > 0xFFFF)
