"""Rules as data: the built-in rules file, a team's own file, and how the two combine.

A rules file is JSON. The built-in one ships inside the package (found through importlib.resources,
so it works when installed); a team file uses the same keys and is merged on top of it. Anything a
user can get wrong in their file is reported as a RulesError naming the file and the line.

The work is split by job: _ruleset.py (Rule, RuleSet and what a file may say), _macros.py
(macros and word lists as regex text), _rules_parse.py (checking a file value by value),
_rules_file.py (reading one from disk safely). This module holds the built-in set and the
team-file loader.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

from pmdesk.language._macros import _TRIES, expand_macros, lexicon_macros, word_pattern
from pmdesk.language._rules_file import MAX_RULES_BYTES, _read_rules_file
from pmdesk.language._rules_parse import parse_rules
from pmdesk.language._ruleset import (
    BLAME_CATEGORIES,
    CATEGORIES,
    DEFAULT_SEVERITY,
    LEARNED_ID,
    LEXICONS,
    RUNTIME_MACROS,
    SEVERITIES,
    SUBJECTS,
    UNLESS,
    WHEN,
    Rule,
    RulesError,
    RuleSet,
)

__all__ = [
    "BLAME_CATEGORIES",
    "CATEGORIES",
    "DEFAULT_SEVERITY",
    "LEARNED_ID",
    "LEXICONS",
    "MAX_RULES_BYTES",
    "RUNTIME_MACROS",
    "SEVERITIES",
    "SUBJECTS",
    "UNLESS",
    "WHEN",
    "Rule",
    "RuleSet",
    "RulesError",
    "default_rules",
    "expand_macros",
    "lexicon_macros",
    "load_rules",
    "parse_rules",
    "word_pattern",
]


@cache
def default_rules() -> RuleSet:
    """The rules shipped with pmdesk."""
    source = resources.files("pmdesk.language").joinpath("rules.json")
    text = source.read_text(encoding="utf-8")
    from pmdesk.language._prepared import prepared

    def parse() -> tuple[RuleSet, dict[frozenset[str], str]]:
        rules = _parse_shipped(text)
        return rules, dict(_TRIES)  # the word lists' regexes, built while parsing

    rules, tries = prepared("rules", text, parse, tuple, _RULES_CODE)
    if not (isinstance(rules, RuleSet) and isinstance(tries, dict)):
        rules, tries = parse()
    _TRIES.update(tries)
    return rules


# The modules whose code turns rules.json into a RuleSet (a change to them re-parses it).
_RULES_CODE = ("rules.py", "_ruleset.py", "_macros.py", "_rules_parse.py", "_jsonlines.py")


def _parse_shipped(text: str) -> RuleSet:
    name = "pmdesk/language/rules.json"
    try:
        return parse_rules(text, name, base=None, lines=False)
    except RulesError:
        return parse_rules(text, name, base=None)  # again, to say on which line


def load_rules(path: str | Path) -> RuleSet:
    """Read a team rules file (same format as the built-in one) and check it against it."""
    name = str(path)
    raw = _read_rules_file(path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise RulesError(f"{name}:{line}: the rules file is not UTF-8 text.") from None
    return parse_rules(text, name, base=default_rules())
