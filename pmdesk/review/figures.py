"""The quarterly review's figures as plain data, each with the postmortems behind it.

A figure nobody can trace back is a figure nobody acts on: every count here keeps the ids of the
postmortems it counts, so the window can open them and the exports can list them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from statistics import median

from pmdesk.actions import Completion
from pmdesk.model import ActionItem, ActionType, Kind, Question, SeverityLevel, Status
from pmdesk.review.around import AroundFigures
from pmdesk.review.period import Period

# Below this completion rate the review opens with a warning for leadership (a preference).
DEFAULT_THRESHOLD = 0.5
# The review should happen within this many hours of resolution (DOMAIN.md).
REVIEW_WITHIN_HOURS = 48
# The four questions of the contributing-factors phase, in the order the meeting asks them.
FOUR_QUESTIONS: tuple[Question, ...] = (
    Question.RISKY,
    Question.NOT_CAUGHT,
    Question.SLOW_DETECTION,
    Question.SLOW_RECOVERY,
)
MEASURES: tuple[tuple[str, str], ...] = (
    ("detect", "Time to detect"),
    ("acknowledge", "Time to acknowledge"),
    ("mitigate", "Time to mitigate"),
    ("resolve", "Time to resolve"),
)


def ids_of(items: Iterable[int]) -> tuple[int, ...]:
    """Sorted distinct ids."""
    return tuple(sorted(set(items)))


def median_or_none(values: list[float]) -> float | None:
    return float(median(values)) if values else None


@dataclass(frozen=True)
class PostmortemRef:
    """Enough about a postmortem to name it in a list and open it."""

    id: int
    title: str
    kind: Kind
    status: Status
    severity: SeverityLevel
    day: date | None


@dataclass(frozen=True)
class Coverage:
    all: tuple[int, ...] = ()
    by_kind: dict[Kind, tuple[int, ...]] = field(default_factory=dict)
    reviewed: tuple[int, ...] = ()
    drafts: tuple[int, ...] = ()
    reviewed_unpublished: tuple[int, ...] = ()
    published: tuple[int, ...] = ()
    # severity -> (all of that severity, the reviewed ones)
    by_severity: dict[SeverityLevel, tuple[tuple[int, ...], tuple[int, ...]]] = field(
        default_factory=dict
    )
    # (postmortem id, hours from resolution to the meeting) where both times are known.
    hours_to_review: tuple[tuple[int, float], ...] = ()
    # Reviewed, but the resolution or meeting time is missing, so the delay is unknown.
    delay_unknown: tuple[int, ...] = ()

    @property
    def median_hours_to_review(self) -> float | None:
        return median_or_none([h for _, h in self.hours_to_review])

    @property
    def within_48h(self) -> tuple[int, ...]:
        return ids_of(i for i, h in self.hours_to_review if h <= REVIEW_WITHIN_HOURS)

    @property
    def after_48h(self) -> tuple[int, ...]:
        return ids_of(i for i, h in self.hours_to_review if h > REVIEW_WITHIN_HOURS)

    @property
    def share_within_48h(self) -> float | None:
        measured = len(self.hours_to_review)
        return len(self.within_48h) / measured if measured else None


@dataclass(frozen=True)
class QuestionDepth:
    factors: int
    with_factor: tuple[int, ...]
    without_factor: tuple[int, ...]


@dataclass(frozen=True)
class Depth:
    """How deep the reviews that were held went (drafts are not counted)."""

    considered: tuple[int, ...] = ()
    by_question: dict[Question, QuestionDepth] = field(default_factory=dict)
    other_factors: int = 0
    no_factors: tuple[int, ...] = ()
    # (postmortem id, answered whys) for every factor of a considered postmortem.
    why_depths: tuple[tuple[int, int], ...] = ()
    human_error_only: tuple[int, ...] = ()
    # (postmortem id, flagged phrases left) for published postmortems with any left.
    flagged_published: tuple[tuple[int, int], ...] = ()
    published_checked: tuple[int, ...] = ()

    def mean_factors(self, question: Question) -> float | None:
        if not self.considered:
            return None
        return self.by_question[question].factors / len(self.considered)

    @property
    def factor_count(self) -> int:
        return len(self.why_depths)

    @property
    def median_whys(self) -> float | None:
        return median_or_none([float(d) for _, d in self.why_depths])

    @property
    def shallow(self) -> tuple[int, ...]:
        """Postmortems with a factor asked "why" fewer than twice."""
        return ids_of(i for i, d in self.why_depths if d < 2)

    @property
    def shallow_factors(self) -> int:
        return sum(1 for _, d in self.why_depths if d < 2)

    @property
    def drifting(self) -> tuple[int, ...]:
        """Postmortems with a factor asked "why" more than five times."""
        return ids_of(i for i, d in self.why_depths if d > 5)

    @property
    def flagged_phrases(self) -> int:
        return sum(n for _, n in self.flagged_published)


@dataclass(frozen=True)
class TrackedItem:
    postmortem_id: int
    item: ActionItem


@dataclass(frozen=True)
class Tally:
    """The completion of one group of action items, and the postmortems they come from."""

    name: str
    completion: Completion
    ids: tuple[int, ...]


@dataclass(frozen=True)
class Overdue:
    postmortem_id: int
    item: ActionItem
    days: int


@dataclass(frozen=True)
class Actions:
    overall: Tally = field(default_factory=lambda: Tally("All", Completion(), ()))
    by_type: dict[ActionType, Tally] = field(default_factory=dict)
    by_owner: tuple[Tally, ...] = ()
    by_service: tuple[Tally, ...] = ()
    overdue: tuple[Overdue, ...] = ()
    # (postmortem id, days from the meeting, or else the resolution, to done) per done item.
    days_to_done: tuple[tuple[int, int], ...] = ()
    done_ids: tuple[int, ...] = ()
    vague: tuple[TrackedItem, ...] = ()
    not_one_person: tuple[TrackedItem, ...] = ()
    no_deadline: tuple[TrackedItem, ...] = ()
    counted_items: int = 0

    @property
    def median_days_to_done(self) -> float | None:
        return median_or_none([float(d) for _, d in self.days_to_done])

    @property
    def overdue_ids(self) -> tuple[int, ...]:
        return ids_of(o.postmortem_id for o in self.overdue)

    def share(self, items: tuple[TrackedItem, ...]) -> float | None:
        """Of the live and done items (dropped ones were a decision)."""
        return len(items) / self.counted_items if self.counted_items else None


@dataclass(frozen=True)
class Repeat:
    kind: str  # "service", "tag" or "theme"
    name: str
    ids: tuple[int, ...]
    # For a theme: the factors' texts that read alike, one per postmortem.
    examples: tuple[str, ...] = ()


@dataclass(frozen=True)
class Month:
    year: int
    month: int
    ids: tuple[int, ...]
    # measure key -> (median minutes, the postmortems measured)
    medians: dict[str, tuple[float | None, tuple[int, ...]]]


@dataclass(frozen=True)
class Review:
    period: Period
    today: date
    threshold: float
    postmortems: dict[int, PostmortemRef]
    coverage: Coverage
    depth: Depth
    actions: Actions
    repeats: tuple[Repeat, ...]
    months: tuple[Month, ...]
    # The pre-read and the survey (pmdesk.review.around).
    around: AroundFigures = field(default_factory=AroundFigures)

    @property
    def completion_rate(self) -> float | None:
        return self.actions.overall.completion.rate

    @property
    def below_threshold(self) -> bool:
        rate = self.completion_rate
        return rate is not None and rate < self.threshold
