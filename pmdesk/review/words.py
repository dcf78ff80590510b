"""The review in words: the leadership warning, and every figure as a labelled line.

The window, the Markdown and the PDF all show these same lines (so they cannot disagree); each
line keeps the ids of the postmortems behind it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import timedelta

from pmdesk.actions import Completion
from pmdesk.durations import format_duration
from pmdesk.facilitation import SCALE, SURVEY_QUESTIONS
from pmdesk.model import ActionType, Kind, Question
from pmdesk.review.figures import (
    FOUR_QUESTIONS,
    MEASURES,
    REVIEW_WITHIN_HOURS,
    Review,
    Tally,
    TrackedItem,
)
from pmdesk.review.period import month_name

# Long lists (overdue items) show this many lines; the rest are one line that opens them all.
LIST_LIMIT = 25

_QUESTION_SHORT = {
    Question.RISKY: "Why the change was risky",
    Question.NOT_CAUGHT: "Why it wasn't caught earlier",
    Question.SLOW_DETECTION: "Why detection took as long as it did",
    Question.SLOW_RECOVERY: "Why recovery took as long as it did",
}


# How a count is written: in groups of thousands ("1,000 postmortems"); the window writes
# counts as the user's locale does (see counts_as).
_COUNT: ContextVar[Callable[[int], str]] = ContextVar("pmdesk_review_count", default="{:,}".format)


def count(n: int) -> str:
    return _COUNT.get()(n)


@contextmanager
def counts_as(write: Callable[[int], str]) -> Iterator[None]:
    """Within this block, counts are written by `write` (e.g. the locale's own format)."""
    token = _COUNT.set(write)
    try:
        yield
    finally:
        _COUNT.reset(token)


@dataclass(frozen=True)
class Line:
    label: str
    value: str
    ids: tuple[int, ...] = ()
    note: str = ""
    # A fraction from 0 to 1 the line is about, for a bar in the Markdown and the PDF.
    share: float | None = None


@dataclass(frozen=True)
class Group:
    title: str
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    intro: str
    groups: tuple[Group, ...]


def percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def of(part: int, whole: int) -> str:
    """'3 of 4 (75%)'."""
    if not whole:
        return f"{count(part)} of 0"
    return f"{count(part)} of {count(whole)} ({part / whole:.0%})"


def hours_text(hours: float | None) -> str:
    if hours is None:
        return "–"
    if hours < 1:
        return "under 1 h"
    if hours < 72:
        return f"{hours:.0f} h"
    return f"{hours / 24:.1f} days"


def minutes_text(minutes: float | None) -> str:
    return "–" if minutes is None else format_duration(timedelta(minutes=minutes))


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{count(n)} {word if n == 1 else (many or word + 's')}"


def completion_text(c: Completion) -> str:
    if c.total == 0:
        return "no action items"
    if c.rate is None:
        return f"all {count(c.total)} dropped"
    text = f"{c.rate:.0%} done ({count(c.done)} of {count(c.counted)})"
    if c.overdue:
        text += f", {count(c.overdue)} overdue"
    return text


def leadership_warning(review: Review) -> str | None:
    """A paragraph fit to forward to leadership when completion is below the threshold."""
    if not review.below_threshold:
        return None
    c = review.actions.overall.completion
    overdue = review.actions.overdue
    text = (
        f"Only {count(c.done)} of the {count(c.counted)} action items ({percent(c.rate)}) from our postmortems "
        f"of {review.period.label} are done, below the {review.threshold:.0%} we hold ourselves to"
    )
    if overdue:
        text += (
            f"; {count(len(overdue))} are overdue, the oldest by {plural(overdue[0].days, 'day')}"
        )
    return text + (
        ". Each open item is a known gap that helped cause an incident, so the same failure can "
        "happen again. We ask for time to finish them, or a decision to drop those that no "
        "longer matter."
    )


def sections(review: Review) -> list[Section]:
    return [
        _coverage(review),
        _depth(review),
        _actions(review),
        _repeats(review),
        _months(review),
        _around(review),
    ]


def _coverage(review: Review) -> Section:
    cov = review.coverage
    total = len(cov.all)
    measured = len(cov.hours_to_review)
    counts = [
        Line("Postmortems in the range", count(total), cov.all),
        Line(
            "Incidents",
            count(len(cov.by_kind.get(Kind.INCIDENT, ()))),
            cov.by_kind.get(Kind.INCIDENT, ()),
        ),
        Line(
            "Near misses",
            count(len(cov.by_kind.get(Kind.NEAR_MISS, ()))),
            cov.by_kind.get(Kind.NEAR_MISS, ()),
        ),
        Line(
            "Security incidents",
            count(len(cov.by_kind.get(Kind.SECURITY, ()))),
            cov.by_kind.get(Kind.SECURITY, ()),
        ),
    ]
    reviewed = [
        Line(
            "Reviewed",
            of(len(cov.reviewed), total),
            cov.reviewed,
            share=_share(len(cov.reviewed), total),
        ),
        Line(
            f"Reviewed within {REVIEW_WITHIN_HOURS} hours of resolution",
            of(len(cov.within_48h), measured),
            cov.within_48h,
            note="of the reviews whose resolution and meeting times are both known",
            share=cov.share_within_48h,
        ),
        Line(
            f"Reviewed later than {REVIEW_WITHIN_HOURS} hours",
            count(len(cov.after_48h)),
            cov.after_48h,
        ),
        Line(
            "Median time from resolution to the meeting",
            hours_text(cov.median_hours_to_review),
            tuple(sorted(i for i, _ in cov.hours_to_review)),
        ),
        Line(
            "Reviewed, but the resolution or meeting time is missing",
            count(len(cov.delay_unknown)),
            cov.delay_unknown,
        ),
        Line("Drafts never reviewed", count(len(cov.drafts)), cov.drafts),
        Line(
            "Reviewed but never published",
            count(len(cov.reviewed_unpublished)),
            cov.reviewed_unpublished,
        ),
    ]
    severity = [
        Line(
            level.label,
            f"{of(len(done), len(all_))} reviewed",
            all_,
            share=_share(len(done), len(all_)),
        )
        for level, (all_, done) in cov.by_severity.items()
    ]
    groups = [Group("Counted", tuple(counts)), Group("Reviewed", tuple(reviewed))]
    if severity:
        groups.append(Group("Reviewed by severity", tuple(severity)))
    return Section(
        "coverage",
        "Coverage",
        "Are incidents, small ones and near misses included, reviewed while memories are fresh?",
        tuple(groups),
    )


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _depth(review: Review) -> Section:
    dep = review.depth
    n = len(dep.considered)
    questions = []
    for question in FOUR_QUESTIONS:
        qd = dep.by_question[question]
        mean = dep.mean_factors(question)
        value = "–" if mean is None else f"{mean:.2f} per postmortem"
        questions.append(
            Line(
                _QUESTION_SHORT[question],
                value,
                qd.without_factor,
                note=f"{plural(len(qd.without_factor), 'postmortem')} with none (listed)",
            )
        )
    factors = dep.factor_count
    analysis = [
        Line("No contributing factors at all", count(len(dep.no_factors)), dep.no_factors),
        Line(
            "Median why-chain depth",
            "–" if dep.median_whys is None else plural(round(dep.median_whys), "level"),
            dep.considered,
        ),
        Line(
            'Factors asked "why" fewer than twice',
            of(dep.shallow_factors, factors),
            dep.shallow,
            share=_share(dep.shallow_factors, factors),
        ),
        Line("Why-chains past five levels", count(len(dep.drifting)), dep.drifting),
        Line(
            "The only factor blames a person or human error",
            count(len(dep.human_error_only)),
            dep.human_error_only,
        ),
        Line(
            "Blame language left in published postmortems",
            f"{plural(dep.flagged_phrases, 'phrase')} in {of(len(dep.flagged_published), len(dep.published_checked))}",
            tuple(sorted(i for i, _ in dep.flagged_published)),
        ),
    ]
    return Section(
        "depth",
        "Depth",
        f"Are the {plural(n, 'reviewed postmortem')} finding real, systemic contributing factors?",
        (
            Group("Factors under each question", tuple(questions)),
            Group("Analysis", tuple(analysis)),
        ),
    )


def _tally_line(t: Tally, label: str | None = None) -> Line:
    return Line(label or t.name, completion_text(t.completion), t.ids, share=t.completion.rate)


def _actions(review: Review) -> Section:
    act = review.actions
    c = act.overall.completion
    counted = act.counted_items
    summary = [
        _tally_line(act.overall, "Completion"),
        Line("Overdue", count(len(act.overdue)), act.overdue_ids),
        Line(
            "Median days from the meeting to done",
            "–"
            if act.median_days_to_done is None
            else plural(round(act.median_days_to_done), "day"),
            act.done_ids,
        ),
        Line(
            "Vague items",
            of(len(act.vague), counted),
            _pm_ids(act.vague),
            share=act.share(act.vague),
        ),
        Line(
            "Not owned by one named person",
            of(len(act.not_one_person), counted),
            _pm_ids(act.not_one_person),
            share=act.share(act.not_one_person),
        ),
        Line("No deadline", of(len(act.no_deadline), counted), _pm_ids(act.no_deadline)),
        Line("Dropped (a decision, not counted)", count(c.dropped), ()),
    ]
    groups = [
        Group("Summary", tuple(summary)),
        Group("By type", tuple(_tally_line(act.by_type[t], t.label) for t in ActionType)),
        Group("By owner", tuple(_tally_line(t) for t in act.by_owner)),
        Group("By service", tuple(_tally_line(t) for t in act.by_service)),
    ]
    overdue = [
        Line(
            " ".join(o.item.description.split()) or "(no description)",
            f"{plural(o.days, 'day')} late",
            (o.postmortem_id,),
            note=f"owner {o.item.owner.strip() or 'none'}, due {o.item.deadline}",
        )
        for o in act.overdue[:LIST_LIMIT]
    ]
    rest = act.overdue[LIST_LIMIT:]
    if rest:
        overdue.append(
            Line(
                f"… and {plural(len(rest), 'more overdue item')}",
                "",
                tuple(sorted({o.postmortem_id for o in rest})),
            )
        )
    if overdue:
        groups.append(Group("Overdue items, oldest first", tuple(overdue)))
    return Section("actions", "Actions", "Are the action items getting done?", tuple(groups))


def _pm_ids(items: tuple[TrackedItem, ...]) -> tuple[int, ...]:
    return tuple(sorted({t.postmortem_id for t in items}))


def _repeats(review: Review) -> Section:
    titles = {"service": "Services", "tag": "Tags", "theme": "Contributing-factor themes"}
    groups = []
    for kind, title in titles.items():
        lines = tuple(
            Line(
                r.name,
                f"in {plural(len(r.ids), 'postmortem')}",
                r.ids,
                note="; ".join(f"“{e}”" for e in r.examples),
            )
            for r in review.repeats
            if r.kind == kind
        )
        groups.append(Group(title, lines))
    return Section(
        "repeats",
        "Repeats",
        "Do the same kinds of incident come back? Each line is in two or more postmortems.",
        tuple(groups),
    )


def _months(review: Review) -> Section:
    lines = []
    for month in review.months:
        parts = [
            f"{label.split(' ', 2)[-1]} {minutes_text(month.medians[key][0])}"
            for key, label in MEASURES
        ]
        lines.append(
            Line(
                month_name(month.year, month.month),
                " · ".join(parts) if month.ids else "no postmortems",
                month.ids,
                note=plural(len(month.ids), "postmortem"),
            )
        )
    return Section(
        "months",
        "Response times by month",
        "Median time from the trigger to each milestone marked on the timelines.",
        (Group("Medians", tuple(lines)),),
    )


def _around(review: Review) -> Section:
    f = review.around
    n = len(f.reviewed)
    pre_read = (
        Line(
            "Sent 24 hours or more before the meeting",
            of(len(f.pre_read_on_time), n),
            f.pre_read_on_time,
            share=_share(len(f.pre_read_on_time), n),
        ),
        Line(
            "Sent later, or the meeting time unknown", count(len(f.pre_read_late)), f.pre_read_late
        ),
        Line("No pre-read", count(len(f.pre_read_none)), f.pre_read_none),
    )
    low, high = SCALE
    survey = [
        Line(
            "Answers",
            f"{count(f.answers)} from {plural(len(f.surveyed), 'postmortem')}",
            f.surveyed,
        )
    ]
    for q in SURVEY_QUESTIONS:
        if not q.scale:
            continue
        mean, ids = f.averages.get(q.key, (None, ()))
        survey.append(
            Line(
                q.text,
                "–" if mean is None else f"{mean:.1f} of {high}",
                ids,
                note=f"{low} {q.low}, {high} {q.high}",
                share=None if mean is None else (mean - low) / (high - low),
            )
        )
    survey.append(
        Line(
            "Did not feel safe to speak (average below 3)",
            count(len(f.low_safety)),
            f.low_safety,
        )
    )
    return Section(
        "around",
        "Around the meeting",
        f"Did the pre-read go out a day ahead of the {plural(n, 'reviewed postmortem')}, and "
        "what did the people in the room say afterwards?",
        (Group("Pre-read", pre_read), Group("Survey", tuple(survey))),
    )
