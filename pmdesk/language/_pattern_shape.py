"""What a rule's pattern text says before it is compiled: contractions with the apostrophe left
optional, the letter runs every match contains, the word-boundary wrapping, and whether every
match begins (or ends) with a word character.

The answers that need a parse of the pattern are kept between runs with the compiled regexes
(_patterns.remembered), since parsing a long expanded pattern costs about as much as compiling it.
"""

from __future__ import annotations

import re
from re import _parser as _sre_parser  # type: ignore[attr-defined]
from typing import Any

from pmdesk.language._patterns import remembered

# In an expanded pattern, the apostrophe of n't and 've may be left out by the writer.
_CONTRACTION_SOURCE = re.compile(r"(?<=n)\['’\](?=t)|\['’\](?=ve)")


def _tolerant(source: str) -> str:
    return _CONTRACTION_SOURCE.sub("['’]?", source)


def _required_words(pattern: str) -> frozenset[str] | None:
    """Letter runs, one of which any text the pattern matches contains (None if some branch
    has none): a cheap pre-test, tested as substrings of the lower-cased sentence ("load" is in
    "loading"). Only runs outside every group, set and quantifier count, and one per top-level
    branch (the longest), so a common word elsewhere in the pattern does not defeat the test."""
    plain = re.sub(r"\\.|\{[A-Z_]+\}|\[[^\]]*\]", " ", pattern)
    previous = None
    while previous != plain:
        previous, plain = plain, re.sub(r"\([^()]*\)", " ", plain)
    if "(" in plain or ")" in plain:
        return None
    found = set()
    for branch in plain.split("|"):
        runs = re.findall(r"[A-Za-z]{2,}", re.sub(r"[A-Za-z](?=[?*]|\{0)", " ", branch))
        if not runs:
            return None
        found.add(max(sorted(runs), key=len).lower())
    return frozenset(found)


def _wrap(body: str, starts_with_word: bool | None = None) -> str:
    """Word boundaries where a hyphen counts as part of a word ("just-in-time" is not "just").

    A body that can only begin with a word character needs just the look-behind, which lets the
    regex engine skip positions fast (about twice as quick as the general form).
    """
    if starts_with_word is None:
        starts_with_word = _starts_with_word(body)
    if starts_with_word:
        return rf"(?<![\w-])(?:{body})(?:(?<=\W)|(?![\w-]))"
    return rf"(?:(?=\W)|(?<![\w-]))(?:{body})(?:(?<=\W)|(?![\w-]))"


class _Shapes:
    """Whether a rule's matches begin with a word character, worked out on the rule's own short
    pattern with each macro stood in for by one character of the same kind, so the long
    expanded pattern is never parsed twice (parsing it costs as much as compiling it)."""

    def __init__(self, macros: dict[str, str], lexicon: dict[str, list[str]]) -> None:
        self.macros = macros
        self.memo: dict[str, bool | None] = {
            f"LEX_{name.upper()}": all(w[:1].isalnum() for w in words) or False
            for name, words in lexicon.items()
        }

    def starts_with_word(self, pattern: str) -> bool:
        return _first_word(self.shape(pattern, ())) is True

    def shape(self, pattern: str, seen: tuple[str, ...]) -> str:
        def one(match: re.Match[str]) -> str:
            name = match.group(1)
            if name not in self.macros or name in seen:
                return "(?:,)"
            if name not in self.memo:
                self.memo[name] = _first_word(self.shape(self.macros[name], (*seen, name)))
            kind = self.memo[name]
            return "(?:a)" if kind else "(?:a)?" if kind is None else "(?:,)"

        return _tolerant(_MACRO_REF.sub(one, pattern))


_MACRO_REF = re.compile(r"\{([A-Z][A-Z0-9_]*)\}")


def _starts_with_word(body: str) -> bool:
    """True when every match of body begins with a letter, digit or underscore."""
    return _first_word(body) is True


def _first_word(body: str) -> bool | None:
    return remembered("first-word " + body, lambda: _parse_first_word(body))


def _parse_first_word(body: str) -> bool | None:
    try:
        parsed = _sre_parser.parse(body, re.IGNORECASE)
    except re.error:
        return False
    return _first_is_word(list(parsed))


_WORD_CATEGORIES = frozenset({"CATEGORY_WORD", "CATEGORY_DIGIT"})


def _ends_in_word(body: str) -> bool:
    """True when every match of body ends with a letter, digit or underscore, and the pattern
    looks ahead nowhere (its wrapped form then reads at most one character past a match)."""
    return bool(remembered("last-word " + body, lambda: _parse_last_word(body)))


def _parse_last_word(body: str) -> bool:
    if any(ahead in body for ahead in ("(?=", "(?!", "$", "\\Z")):
        return False  # looks past the match, or at the end of the text
    try:
        parsed = _sre_parser.parse(body, re.IGNORECASE)
    except re.error:
        return False
    return _last_is_word(list(parsed)) is True


def _first_is_word(items: list[Any]) -> bool | None:
    """Whether the first character consumed is a word character: True, False (or unknown), or
    None when the items can match the empty string (the caller then looks further)."""
    return _edge_is_word(items, last=False)


def _last_is_word(items: list[Any]) -> bool | None:
    """_first_is_word from the other end: whether the last character consumed is a word
    character (None: the items may match the empty string)."""
    return _edge_is_word(items, last=True)


def _edge_is_word(items: list[Any], *, last: bool) -> bool | None:
    for op, arg in reversed(items) if last else items:
        name = str(op)
        if name in ("ASSERT", "ASSERT_NOT", "AT"):
            continue  # zero width: the next item decides
        if name == "LITERAL":
            return chr(arg).isalnum() or chr(arg) == "_"
        if name == "IN":
            return all(_in_is_word(kind, value) for kind, value in arg)
        if name == "SUBPATTERN":
            result = _edge_is_word(list(arg[-1]), last=last)
        elif name == "BRANCH":
            results = [_edge_is_word(list(branch), last=last) for branch in arg[1]]
            if False in results:
                return False
            result = None if None in results else True
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            result = _edge_is_word(list(arg[2]), last=last)
            if result is False:
                return False
            if arg[0] > 0 and result is True:
                return True
            result = None
        else:
            return False  # any character, a back-reference, a conditional: assume the worst
        if result is not None:
            return result
    return None


def _in_is_word(kind: Any, value: Any) -> bool:
    name = str(kind)
    if name == "LITERAL":
        return bool(chr(value).isalnum() or chr(value) == "_")
    if name == "RANGE":
        low, high = value
        return all(chr(c).isalnum() or chr(c) == "_" for c in range(low, high + 1))
    if name == "CATEGORY":
        return str(value) in _WORD_CATEGORIES
    return False
