"""The learned layer's words: how a prepared sentence is cut into the tokens the model weighs.

Names become "<person>" (a placeholder for a known name, or a capitalised word inside the
sentence that is no common word), numbers are folded together, and each word the rules know the
kind of (a person, a role, a harmful or an ordinary act, a judgement) has that kind, so the model
learns what people do rather than who they are (see _learned.py, which scores them, and
_learned_score.py, which does it fast).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from re import Pattern
from typing import Final

from pmdesk.language._structure import _NOT_NAME_SUFFIXES

_TOKEN: Final = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|->|→|=>|\?|!")
_DIGITS: Final = re.compile(r"\d+")
_PLACEHOLDER: Final = re.compile(r"qz+\Z")
# A capital after a lower-case letter or a comma and a space; the look-behind comes after the
# capital so the regex engine can skip to the next capital.
_CAPITALISED: Final = re.compile(r"[A-Z](?<=[a-z,;:] [A-Z])[a-z]{2,}")


def _tokens(local: str) -> tuple[str, list[str]]:
    """The sentence with numbers folded, and its lower-case words with every name as
    "<person>": a placeholder for a known name, or a capitalised word inside the sentence that
    is no common word ("then Leilani pushed", "revert of Xiomara's PR"), so the model learns
    what people do rather than who they are."""
    text = _DIGITS.sub("0", local.replace("’", "'"))
    if text.isascii():  # most sentences: the words are found in the text as written
        return text, _cased_tokens(text)
    lower = text.lower()
    cased = len(lower) == len(text)
    tokens: list[str] = []
    previous = ""
    for match in _TOKEN.finditer(lower):
        token = match.group()
        # Names and placeholders ("Qzzz") begin with a capital: other words skip the checks.
        if cased and text[match.start()].isupper():
            base, possessive = (token[:-2], "'s") if token.endswith("'s") else (token, "")
            if _PLACEHOLDER.match(base) or (
                previous not in _NOT_BEFORE_NAME
                and _NAME.match(text, match.start(), match.start() + len(base))
                and base not in _not_names()
                and not base.endswith(_NOT_NAME_SUFFIXES)
            ):
                token = "<person>" + possessive
        elif not cased and _PLACEHOLDER.match(token):
            token = "<person>"
        tokens.append(token)
        previous = token
    return text, tokens


def _cased_tokens(text: str) -> list[str]:
    """_tokens' words for a text in plain ASCII, where a letter's lower case is one letter and
    in [a-z] exactly when the letter is in [A-Za-z]: the same words found in the text as
    written, each word's facts remembered."""
    facts = _WORD_FACTS
    if len(facts) > 100_000:
        facts.clear()
    tokens: list[str] = []
    previous = ""
    for word in _CASED_TOKEN.findall(text):
        fact = facts.get(word)
        if fact is None:
            fact = facts[word] = _word_fact(word)
        token, person, always = fact
        if person is not None and (always or previous not in _NOT_BEFORE_NAME):
            token = person
        tokens.append(token)
        previous = token
    return tokens


# _TOKEN on plain ASCII text as written.
_CASED_TOKEN: Final = re.compile(r"[a-zA-Z0-9]+(?:'[a-zA-Z]+)?|->|→|=>|\?|!")
_WORD_FACTS: dict[str, tuple[str, str | None, bool]] = {}


def _word_fact(word: str) -> tuple[str, str | None, bool]:
    """A word's token, what it becomes as a name ("<person>", perhaps with "'s") or None, and
    whether it becomes that whatever word comes before it (a placeholder for a known name)."""
    token = word.lower()
    if not word[0].isupper():
        return token, None, False
    base, possessive = (token[:-2], "'s") if token.endswith("'s") else (token, "")
    if _PLACEHOLDER.match(base):
        return token, "<person>" + possessive, True
    if (
        _NAME.match(word[: len(base)])
        and base not in _not_names()
        and not base.endswith(_NOT_NAME_SUFFIXES)
    ):
        return token, "<person>" + possessive, False
    return token, None, False


# A capitalised word after these is a thing ("the Kafka cluster") or starts the sentence.
_NOT_BEFORE_NAME: Final = frozenset(
    {"", "the", "a", "an", "our", "their", "its", "this", "that", "his", "her", "my", "your"}
)
_NAME: Final = re.compile(r"[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]{2,}(?:-[A-Za-zß-öø-ÿ]+)?\Z")


@cache
def _not_names() -> frozenset[str]:
    from pmdesk.language.rules import default_rules

    lexicon = dict(default_rules().lexicon)
    return frozenset(w.lower() for w in lexicon.get("not_names", ()))


@lru_cache(maxsize=65536)
def _kind(token: str) -> str | None:
    if token == "<person>":
        return None
    for kind, pattern in _kind_patterns():
        if pattern.fullmatch(token):
            return kind
    return _CLOSED_KINDS.get(token)


# Small closed classes of words that blame in the same way, so that a new writer's "merely" or
# "obvs" shares what the training sentences taught about "just" and "obviously".
_CLOSED_KINDS: Final = {
    **dict.fromkeys(
        ("easy", "simple", "trivial", "basic", "straightforward", "simplest", "easiest"), "<ease>"
    ),
    **dict.fromkeys(("just", "simply", "merely", "literally", "only"), "<mini>"),
    **dict.fromkeys(
        ("obviously", "clearly", "obvious", "evidently", "plainly", "obv", "obvs", "ofc"),
        "<obvious>",
    ),
    **dict.fromkeys(
        ("shouldve", "should've", "couldve", "could've", "wouldve", "would've", "shoulda"),
        "<modal-have>",
    ),
    **dict.fromkeys(("coulda", "woulda", "mustve", "must've"), "<modal-have>"),
    **dict.fromkeys(("nobody", "noone"), "<nobody>"),
    # Praise said of a failure is sarcasm ("great job, team", "stellar testing", "genius move").
    **dict.fromkeys(
        ("great", "nice", "brilliant", "genius", "stellar", "fantastic", "awesome", "amazing"),
        "<praise>",
    ),
    **dict.fromkeys(("wonderful", "superb", "excellent", "terrific", "outstanding"), "<praise>"),
    # Service coming back after a step is recovery, whoever took the step ("login works again").
    **dict.fromkeys(
        ("recovers", "recovered", "restored", "resolved", "healthy", "baseline", "normal"),
        "<recovered>",
    ),
    **dict.fromkeys(("works", "working", "stabilises", "stabilizes", "clears"), "<recovered>"),
    **dict.fromkeys(("who", "whom", "whose", "whoever"), "<who>"),
}


@cache
def _kind_patterns() -> tuple[tuple[str, Pattern[str]], ...]:
    """Word kinds from the built-in rules file, so the model and the rules share a vocabulary."""
    from pmdesk.language._patterns import compile_pattern
    from pmdesk.language.rules import default_rules, expand_macros, lexicon_macros

    rules = default_rules()
    macros = rules.macro_map()
    macros.update(lexicon_macros({name: list(words) for name, words in rules.lexicon}))
    macros["NAMES"] = "(?!x)x"
    lexicon = dict(rules.lexicon)
    judgement = next(r.pattern for r in rules.rules if r.id == "judgement.words")

    def words(*names: str) -> str:
        found = {w.lower() for n in names for w in lexicon.get(n, ()) if " " not in w}
        # Longest first, then alphabetical: the same text in every run, so it is compiled once.
        return "|".join(re.escape(w) for w in sorted(found, key=lambda w: (-len(w), w)))

    kinds = (
        ("<person>", words("pronouns", "object_pronouns", "first_names")),
        ("<role>", "(?:" + words("roles") + ")s?"),
        ("<harm>", expand_macros("{HARM_VERB}", macros)),
        ("<act>", expand_macros("{ACT_VERB}", macros)),
        ("<judge>", judgement),
    )
    return tuple((kind, compile_pattern(body)) for kind, body in kinds)


class _Token:
    """A token as the model scores it: its own weight, kind and corrected word, and its rows
    of word-pair and kind-pair weights as the first of a pair (see _learned.Model._token).
    Classes rather than tuples, as _learned_score._Piece."""

    __slots__ = ("kind", "kind_pairs", "own", "pairs", "word")

    def __init__(
        self,
        own: float,
        kind: str | None,
        word: str,
        pairs: dict[str, float] | None,
        kind_pairs: dict[str, float] | None,
    ) -> None:
        self.own = own
        self.kind = kind
        self.word = word
        self.pairs = pairs
        self.kind_pairs = kind_pairs


class _CasedWord:
    """A word as written: its token, whether a name may come after it, its token as a name (or
    None), and whether it is a name wherever it stands (see _learned_score.Scorer._cased_word)."""

    __slots__ = ("always", "name_may_follow", "person", "plain")

    def __init__(
        self, plain: _Token, name_may_follow: bool, person: _Token | None, always: bool
    ) -> None:
        self.plain = plain
        self.name_may_follow = name_may_follow
        self.person = person
        self.always = always
