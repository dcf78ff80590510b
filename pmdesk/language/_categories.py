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
