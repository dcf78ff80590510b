"""A sentence as the compiled rules read it: its lower-case words (informal contractions counted
as their apostrophe forms), and attendee names swapped for a same-length placeholder ("Qzzz") so
the rules compile once per rule set and offsets never shift."""

from __future__ import annotations

import re
from functools import lru_cache
from re import Pattern
from typing import Final

from pmdesk.language.rules import word_pattern

_WORD: Final = re.compile(r"\w+")


def _words(sentence: str) -> set[str]:
    """The sentence's lower-case words; "didnt" and "shouldve" also count as "didn" and "should",
    as the apostrophe forms do, so informal spelling reaches the same rules."""
    if sentence.isascii():
        # The same runs of \w as below, lower-cased and cut out in one pass (a fifth faster),
        # as bytes: their translate is a table look-up, a str's a dict's (1 MB: 6.4 -> 1.8 ms).
        plain = sentence.encode("ascii").translate(_ASCII_WORDS).decode("ascii")
        words = set(plain.split())
    else:
        words = set(_WORD.findall(sentence.lower()))
    if words.isdisjoint(_INFORMAL):  # most sentences: no set made for none
        return words
    informal = words & _INFORMAL
    words.update(w[:-2] if w.endswith("ve") else w[:-1] for w in informal)
    return words


# ASCII word characters (what \w matches there) lower-cased, every other ASCII character a space
# (a bytes.translate table: the bytes past ASCII are never met).
_ASCII_WORDS: Final = bytes(
    ord(chr(code).lower()) if _WORD.match(chr(code)) else ord(" ") for code in range(128)
) + bytes(range(128, 256))
# Contractions written without the apostrophe ("didnt", "shouldve") in chat and quick notes.
_NT_FORMS: Final = frozenset(
    [
        "didnt",
        "doesnt",
        "dont",
        "wasnt",
        "werent",
        "isnt",
        "arent",
        "hasnt",
        "havent",
        "hadnt",
        "couldnt",
        "shouldnt",
        "wouldnt",
        "wont",
        "cant",
        "aint",
        "mustnt",
        "neednt",
    ]
)
_VE_STEMS: Final = frozenset(["should", "could", "would", "must", "might"])
_INFORMAL: Final = _NT_FORMS | {stem + "ve" for stem in _VE_STEMS}
# What an attendee's name becomes inside a sentence being checked (same length, never a real word).
_PLACEHOLDER: Final = re.compile(r"Qz+\Z")
_NAMES_MACRO: Final = "(?-i:Qz+)"


@lru_cache(maxsize=256)
def _names_pattern(names: tuple[str, ...]) -> Pattern[str] | None:
    usable = [name for name in names if len(name) > 1]
    if not usable:
        return None
    parts = sorted((word_pattern(name) for name in usable), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])")


@lru_cache(maxsize=256)
def _first_names_pattern(found: frozenset[str]) -> Pattern[str]:
    """Common first names seen in a sentence, in any case ("priya ran it", "raj's script")."""
    parts = sorted((re.escape(name) for name in found), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-]|['’]\w\w)", re.IGNORECASE)


# A capitalised word not after a word character or hyphen; the look-behind comes after the
# capital so the regex engine can skip to the next capital.
_CAPITAL_WORD: Final = re.compile(r"[A-ZÀ-ÖØ-Þ](?<![\w-][\s\S])[^\W\d_]*(?![\w-])")


def _lower_not_names(local: str, not_names: frozenset[str]) -> str:
    """Capitalised words that are never a person's name ("The", "Kafka") lose their capital, so
    the rules' name guess (any other capitalised word) needs no list of exceptions: that list made
    every person pattern several times longer to compile. Offsets do not move."""

    def lower(match: re.Match[str]) -> str:
        word = match.group()
        return word[0].lower() + word[1:] if word.lower() in not_names else word

    return _CAPITAL_WORD.sub(lower, local)


def _swap_names(local: str, names: Pattern[str] | None) -> str:
    if names is None:
        return local
    return names.sub(lambda m: "Q" + "z" * (len(m.group()) - 1), local)
