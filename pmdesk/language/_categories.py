"""The categories a finding can have: what a window that only shows findings needs to know.

Kept apart from the rules (_ruleset) so that the editors' underlines, the findings pane and the
findings memo can tell blame from "listen for" without loading the rules' machinery.
"""

from __future__ import annotations

CATEGORIES: tuple[str, ...] = (
    "person_as_cause",
    "hindsight",
    "judgement",
    "human_error",
    "single_root_cause",
    "who_question",
    "minimizing",
    "vague_action",
    "listen_for",
)
# Everything except the positive "listen for" findings counts as blame.
BLAME_CATEGORIES: frozenset[str] = frozenset(CATEGORIES) - {"listen_for"}

# A system-focused reframe for each blame kind: what "Try instead" shows for every blame finding.
# A rule's suggestion is something else: words that replace the flagged words in place ("Use
# suggestion", Reword: "human error" -> "missing safeguard"), so it is shown beside the reframe as
# the suggested words, never instead of it. No built-in rule suggests words the check flags again
# ("did not check" for "failed to check" was flagged as hindsight; those rules now have none).
REFRAMES: dict[str, str] = {
    "person_as_cause": (
        "say what let the step through: “the migration ran against production with no check "
        "or prompt to stop it”"
    ),
    "hindsight": (
        "say what could be seen then: “at 14:35 the dashboard showed normal traffic; the "
        "errors were only in the logs”"
    ),
    "judgement": (
        "describe the act and what shaped it: “the change went out at 2 am, after a "
        "twelve-hour shift, with no second reviewer”"
    ),
    "human_error": (
        "name what made the slip easy: “both hosts showed the same prompt, and nothing marked "
        "which one was production”"
    ),
    "single_root_cause": (
        "list it as one of several: “one contributing factor was …; another was …”"
    ),
    "who_question": (
        "ask about the system: “how did this change get through review and the pipeline?”"
    ),
    "minimizing": (
        "say what the step asked of the person: “the fix took three manual steps on a screen "
        "with no confirmation”"
    ),
    "vague_action": (
        "one concrete change, one owner, a date: “add a confirmation prompt to the deploy "
        "script, owner Ana, due 2026-05-01”"
    ),
}


def reframe(category: str) -> str | None:
    """What "Try instead" shows for a finding of `category`: its kind's system-focused reframe
    (the same in the hover, the facilitator strip, the reports and `pmdesk lint`); None for
    "listen for" findings, which are the good kind."""
    return REFRAMES.get(category)


def suggested_words(suggestion: str | None) -> str | None:
    """A rule's replacement for the flagged words, when it has one worth showing."""
    return suggestion.strip() if suggestion and suggestion.strip() else None
