"""The words every match of a pattern begins with, worked out from the pattern: where the
pattern can only start a word, and its first word can only end where the pattern says, that
word is a whole word of the sentence, so a sentence without any of them has no match.

The word gates (_gates.py) use it for a macro that stands as whole words inside a rule
("because {PERSON} ... {FAIL_VERB}": a sentence needs one of the words a failing act can begin
with, not just "because"), and the allowed words for a pre-test of the sentence's words.

The analysis spells out the first word of every match, character by character through the
parsed pattern (look-arounds consume nothing and are passed over, so the answer may admit more
than the pattern does, never less; a word boundary, or no word character next, ends the word).
A first character that is surely an upper-case letter, matched case-sensitively (an attendee's
placeholder "Qzzz", a guessed name "Dave"), is kept as "any capitalised word" rather than
spelled out. Anything it cannot spell out in a few thousand strings (a word of any length, a
back-reference) gives no answer. The answer holds for plain ASCII text only: case-insensitive
matching lets a few other characters (the long s, the Kelvin sign) stand for ASCII letters, so
it is used, as the gates are, on plain ASCII sentences only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from re import _compiler as _sre_compiler  # type: ignore[attr-defined]
from re import _parser as _sre_parser  # type: ignore[attr-defined]
from typing import Any

# At most this many partial first words are followed through a pattern.
_MOST = 4000
# A repeat is followed round at most this many times while it is still inside a word.
_MOST_ROUNDS = 4
_ASCII = tuple(chr(code) for code in range(128))
_WORD_CHARS = frozenset(c for c in _ASCII if re.match(r"\w", c))
_PLACEHOLDER = re.compile("qz+")
# Stands for "a word whose first letter is a capital" among the spelled-out first words.
_CAPITAL = "\x00capital"


class _NoAnchor(Exception):
    """The pattern's first word cannot be spelled out."""


@dataclass(frozen=True, slots=True)
class Anchor:
    """words: the lower-cased first word of every match is one of them, or, if capitals, it
    may instead be any word that begins with an upper-case letter."""

    words: frozenset[str]
    capitals: bool

    def stored(self) -> tuple[tuple[str, ...], bool]:
        return tuple(sorted(self.words)), self.capitals


def anchor_of(source: str, flags: int) -> Anchor | None:
    """The first words of a pattern compiled with flags, for where it starts a word and no word
    character follows it (a wrapped pattern, see _pattern_shape._wrap, or a macro standing so in a
    rule); None if they cannot be spelled out."""
    try:
        parsed = _sre_parser.parse(source, flags)
        opened, closed = _sequence(list(parsed), {""}, int(flags | parsed.state.flags))
    except (_NoAnchor, RecursionError):
        return None
    except Exception:  # the parser's internals changed, or a pattern it rejects: no anchor
        return None
    # The wrapper ends every match at the end of a word: a first word still open there is whole.
    closed |= opened
    if not closed or "" in closed:
        return None  # a match may start with something other than a word character
    words = frozenset(closed - {_CAPITAL})
    # A name in the text searched is a placeholder ("Qzzz", see _sentence_words._swap_names): a word
    # of the writer's text neither lists, but a capitalised one.
    placeholder = any(_PLACEHOLDER.fullmatch(word) for word in words)
    return Anchor(words, _CAPITAL in closed or placeholder)


def from_stored(stored: object) -> Anchor | None:
    """An anchor as kept between runs (see Anchor.stored), or None if it is not one."""
    if not (isinstance(stored, tuple) and len(stored) == 2 and isinstance(stored[1], bool)):
        return None
    words = stored[0]
    if not isinstance(words, tuple) or not all(isinstance(w, str) and w for w in words):
        return None
    return Anchor(frozenset(words), stored[1])


_Runs = set[str]


def _sequence(items: list[Any], opened: _Runs, flags: int) -> tuple[_Runs, _Runs]:
    """The first words still being spelled after a sequence of items (opened) and those it
    finished (closed), given the partial ones before it."""
    closed: _Runs = set()
    for item in items:
        if not opened:
            break
        opened, more = _item(item, opened, flags)
        closed |= more
        if len(opened) + len(closed) > _MOST:
            raise _NoAnchor
    return opened, closed


def _item(item: tuple[Any, Any], opened: _Runs, flags: int) -> tuple[_Runs, _Runs]:
    op, arg = item
    name = str(op)
    if name in ("ASSERT", "ASSERT_NOT", "AT"):
        # Consumes nothing: passing over it admits more, never less. But a word boundary, or
        # no word character next, after a word character ends that word.
        if _word_ends(name, arg, flags):
            return ({""} if "" in opened else set()), opened - {""}
        return opened, set()
    if name in ("LITERAL", "NOT_LITERAL", "IN", "ANY"):
        return _character(item, opened, flags)
    if name == "SUBPATTERN":
        _group, add, remove, body = arg
        return _sequence(list(body), opened, (flags | add) & ~remove)
    if name == "ATOMIC_GROUP":
        return _sequence(list(arg), opened, flags)
    if name == "BRANCH":
        result_open: _Runs = set()
        result_closed: _Runs = set()
        for branch in arg[1]:
            more_open, more_closed = _sequence(list(branch), set(opened), flags)
            result_open |= more_open
            result_closed |= more_closed
        return result_open, result_closed
    if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
        return _repeat(arg, opened, flags)
    raise _NoAnchor  # a back-reference, a conditional: assume the worst


def _word_ends(name: str, arg: Any, flags: int) -> bool:
    """Whether a zero-width item after a word character says no word character follows."""
    if name == "AT":
        return str(arg) == "AT_BOUNDARY"
    if name != "ASSERT_NOT" or arg[0] != 1 or len(arg[1]) != 1:
        return False
    (item,) = list(arg[1])
    if str(item[0]) not in ("LITERAL", "IN"):
        return False
    return _ascii_matches(item, flags) >= _WORD_CHARS


def _repeat(arg: Any, opened: _Runs, flags: int) -> tuple[_Runs, _Runs]:
    low, high, body = arg
    result_open = set(opened) if low == 0 else set()
    result_closed: _Runs = set()
    current = opened
    rounds = 0
    while current and rounds < high:
        rounds += 1
        current, closed = _sequence(list(body), current, flags)
        result_closed |= closed
        if rounds >= low:
            if current <= result_open:
                break  # another round adds nothing new
            result_open |= current
        if rounds >= _MOST_ROUNDS and current:
            raise _NoAnchor  # a word of any length
    return result_open, result_closed


def _character(item: tuple[Any, Any], opened: _Runs, flags: int) -> tuple[_Runs, _Runs]:
    chars = _ascii_matches(item, flags)
    letters = chars & _WORD_CHARS
    closed = set(opened) if chars - _WORD_CHARS else set()  # a non-word character ends a word
    if not letters:
        return set(), closed
    result: _Runs = set()
    capitals = not flags & re.IGNORECASE and all(c.isupper() for c in letters)
    spelled = {c.lower() for c in letters}
    for run in opened:
        if run == "" and capitals:
            closed.add(_CAPITAL)
            continue
        result.update(run + c for c in spelled)
    return result, closed


# Flags that change which characters one item matches.
_CHARACTER_FLAGS = re.IGNORECASE | re.DOTALL | re.ASCII | re.UNICODE
_MATCHES: dict[tuple[str, int], frozenset[str]] = {}


def _ascii_matches(item: tuple[Any, Any], flags: int) -> frozenset[str]:
    """The ASCII characters one character item matches, as the regex engine itself says."""
    flags &= _CHARACTER_FLAGS
    key = (repr(item), flags)
    found = _MATCHES.get(key)
    if found is None:
        state = _sre_parser.State()
        state.flags = flags
        pattern = _sre_parser.SubPattern(state, [item])
        compiled = _sre_compiler.compile(pattern, state.flags)
        found = _MATCHES[key] = frozenset(c for c in _ASCII if compiled.match(c))
    return found
