"""Macros and word lists: how a rule's {MACRO} references and the lexicon's lists become regex
text."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from pmdesk.language._ruleset import _MACRO, RulesError


def expand_macros(pattern: str, macros: Mapping[str, str], where: str = "") -> str:
    """Replace {MACRO} references (recursively) by their regex text."""

    def expand(text: str, seen: tuple[str, ...]) -> str:
        def one(match: re.Match[str]) -> str:
            name = match.group(1)
            if name in seen:
                raise RulesError(f"{where}macro {{{name}}} refers to itself.")
            if name not in macros:
                raise RulesError(f"{where}unknown macro {{{name}}}.")
            return expand(macros[name], (*seen, name))

        return _MACRO.sub(one, text)

    return expand(pattern, ())


def lexicon_macros(lexicon: Mapping[str, Iterable[str]]) -> dict[str, str]:
    """Each word list also becomes a macro, e.g. {LEX_ROLES}, so patterns and code share it."""
    result: dict[str, str] = {}
    for name, words in lexicon.items():
        phrases = frozenset(" ".join(w.replace("’", "'").split()) for w in words if w.strip())
        body = _trie_regex(phrases) if phrases else "(?!x)x"
        result[f"LEX_{name.upper()}"] = f"(?:{body})"
    return result


# The built-in lists are turned into macros by the rules, the engine and the model: each list's
# regex is built once (and kept with the parsed rules between runs, see default_rules).
_TRIES: dict[frozenset[str], str] = {}


def _trie_regex(phrases: frozenset[str]) -> str:
    """One alternation of literal phrases, sharing prefixes ("on-call|oncall|on call" becomes
    "on(?:-call|call|\\s+call)"): far shorter than the plain list, so the rules that use the long
    word lists compile several times faster. Longer phrases are still tried first."""
    known = _TRIES.get(phrases)
    if known is None:
        known = _TRIES[phrases] = _build_trie(phrases)
    return known


def _build_trie(phrases: frozenset[str]) -> str:
    trie: dict[str, Any] = {}
    for phrase in phrases:
        node = trie
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}
    return _emit(trie)


def _emit(node: dict[str, Any]) -> str:
    branches = [_char(char) + _emit(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node:
        return (body if len(branches) > 1 else f"(?:{body})") + "?"
    return body


def _char(char: str) -> str:
    if char == " ":
        return r"\s+"
    if char == "'":
        return "['’]"
    return re.escape(char)


def _phrase_regex(phrase: str) -> str:
    """A literal phrase in which any run of spaces matches any run of whitespace."""
    parts = []
    for word in phrase.split():
        parts.append(re.escape(word.replace("’", "'")).replace("'", "['’]"))
    return r"\s+".join(parts)


def word_pattern(word: str) -> str:
    return _phrase_regex(word)
