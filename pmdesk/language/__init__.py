"""The blame-language check: pure, Qt-free, fast enough to run on every keystroke.

Typical use: ``lint(text, LintContext(names=("Ana", "Raj"), field="action"))`` returns a list
of Findings; `is_blame` tells blame findings from the positive "listen for" ones.
"""

from pmdesk.language._text import closes_fence, fence_marker, sentence_span, utf16_index
from pmdesk.language.engine import Finding, LintContext, finding_key, is_blame, lint
from pmdesk.language.rules import (
    BLAME_CATEGORIES,
    CATEGORIES,
    Rule,
    RulesError,
    RuleSet,
    default_rules,
    load_rules,
)

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
    "sentence_span",
    "utf16_index",
]
