"""The blame-language check: pure, Qt-free, fast enough to run on every keystroke.

Typical use: ``lint(text, LintContext(names=("Ana", "Raj"), field="action"))`` returns a list
of Findings; `is_blame` tells blame findings from the positive "listen for" ones.

The engine and the built-in rules load on first use of `lint`, `default_rules` or `load_rules`,
not on import, and so do the rules' classes (`Rule`, `RuleSet`, `RulesError`) and `sentence_span`:
a window that only shows findings it already knows (see memo.py) opens without them.

Where `make native` has compiled the engine for these very sources, its modules load from that
build (see _native.py), before the first of them is imported here.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from pmdesk.language._native import use_build

use_build(__path__)  # before the first compiled module is imported, just below

# ruff: isort: split
from pmdesk.language._categories import (  # noqa: E402
    BLAME_CATEGORIES,
    CATEGORIES,
    reframe,
    suggested_words,
)
from pmdesk.language._lines import closes_fence, fence_marker, utf16_index  # noqa: E402
from pmdesk.language._types import Finding, LintContext, finding_key, is_blame  # noqa: E402

if TYPE_CHECKING:
    from pmdesk.language._ruleset import Rule, RulesError, RuleSet
    from pmdesk.language._sentences_met import shared_sentences
    from pmdesk.language._text import sentence_span
    from pmdesk.language.engine import lint
    from pmdesk.language.rules import default_rules, load_rules

_ON_FIRST_USE = {
    "lint": "pmdesk.language.engine",
    "shared_sentences": "pmdesk.language._sentences_met",
    "default_rules": "pmdesk.language.rules",
    "load_rules": "pmdesk.language.rules",
    "Rule": "pmdesk.language._ruleset",
    "RuleSet": "pmdesk.language._ruleset",
    "RulesError": "pmdesk.language._ruleset",
    "sentence_span": "pmdesk.language._text",
}


def __getattr__(name: str) -> Any:
    module = _ON_FIRST_USE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


__all__ = [
    "BLAME_CATEGORIES",
    "CATEGORIES",
    "Finding",
    "LintContext",
    "Rule",
    "RuleSet",
    "RulesError",
    "closes_fence",
    "default_rules",
    "fence_marker",
    "finding_key",
    "is_blame",
    "lint",
    "load_rules",
    "reframe",
    "sentence_span",
    "shared_sentences",
    "suggested_words",
    "utf16_index",
]
