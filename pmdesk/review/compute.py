"""The quarterly review worked out from a list of postmortems: coverage, depth, actions, repeats.

Pure: the postmortems, the range and today's date are handed in (the CLI and the window read the
postmortems through storage), so tests give known libraries and known answers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING

from pmdesk.actions import completion, days_overdue, is_overdue, owner_problem
from pmdesk.durations import compute_durations
from pmdesk.model import ActionStatus, ActionType, Kind, Postmortem, SeverityLevel, Status
from pmdesk.review.around import around_figures
from pmdesk.review.figures import (
    DEFAULT_THRESHOLD,
    FOUR_QUESTIONS,
    MEASURES,
    Actions,
    Coverage,
    Depth,
    Month,
    Overdue,
    PostmortemRef,
    QuestionDepth,
    Repeat,
    Review,
    Tally,
    TrackedItem,
    ids_of,
    median_or_none,
)
from pmdesk.review.helper import FactsOfAll
from pmdesk.review.language import LanguageFacts
from pmdesk.review.period import Period
from pmdesk.review.themes import cluster_factors

if TYPE_CHECKING:
    from pmdesk.review.facts_cache import FactsBook

NO_OWNER = "(no owner)"
NO_SERVICE = "(no service)"


def in_period(pm: Postmortem, period: Period) -> bool:
    when = pm.incident_date
    return when is not None and pm.deleted_at is None and when.date() in period


def build_review(
    postmortems: Iterable[Postmortem],
    period: Period,
    today: date,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    stored: FactsBook | None = None,
) -> Review:
    """The review of the postmortems whose incident date falls in `period` (others are ignored;
    so are unsaved ones, which have no id to point to). stored: the language facts the database
    keeps beside them, and where to put those it should keep (pmdesk.review.stored)."""
    chosen = sorted(
        (pm for pm in postmortems if pm.id is not None and in_period(pm, period)),
        key=lambda pm: (pm.incident_date, pm.id),
    )
    refs = {pm.id: _ref(pm) for pm in chosen if pm.id is not None}
    # Postmortems share many texts (stock actions, factors, timeline labels): each sentence is
    # checked once for the whole review, in each field and with the names it holds. Helper
    # processes check their shares while this one works out the figures that need no check.
    checking = FactsOfAll(chosen, stored)
    try:
        found_coverage = coverage(chosen)
        found_repeats = tuple(repeats(chosen))
        found_months = tuple(months(chosen, period))
        found_around = around_figures(chosen)
        facts = dict(zip((_id(pm) for pm in chosen), checking.result(), strict=True))
    except BaseException:
        checking.abandon()
        raise
    return Review(
        period=period,
        today=today,
        threshold=threshold,
        postmortems=refs,
        coverage=found_coverage,
        depth=depth(chosen, facts),
        actions=actions(chosen, today, facts),
        repeats=found_repeats,
        months=found_months,
        around=found_around,
    )


def _ref(pm: Postmortem) -> PostmortemRef:
    assert pm.id is not None
    when = pm.incident_date
    return PostmortemRef(
        pm.id, pm.title, pm.kind, pm.status, pm.severity.level, when.date() if when else None
    )


def _id(pm: Postmortem) -> int:
    assert pm.id is not None
    return pm.id


# -- coverage ------------------------------------------------------------------------------------


def coverage(pms: Sequence[Postmortem]) -> Coverage:
    reviewed = [pm for pm in pms if pm.status is not Status.DRAFT]
    hours: list[tuple[int, float]] = []
    unknown: list[int] = []
    for pm in reviewed:
        if pm.resolved_at is None or pm.meeting_at is None:
            unknown.append(_id(pm))
            continue
        delay = (pm.meeting_at - pm.resolved_at).total_seconds() / 3600
        hours.append((_id(pm), max(0.0, delay)))
    by_severity = {}
    for level in SeverityLevel:
        of_level = [pm for pm in pms if pm.severity.level is level]
        if of_level:
            by_severity[level] = (
                ids_of(_id(pm) for pm in of_level),
                ids_of(_id(pm) for pm in of_level if pm.status is not Status.DRAFT),
            )
    return Coverage(
        all=ids_of(_id(pm) for pm in pms),
        by_kind={kind: ids_of(_id(pm) for pm in pms if pm.kind is kind) for kind in Kind},
        reviewed=ids_of(_id(pm) for pm in reviewed),
        drafts=ids_of(_id(pm) for pm in pms if pm.status is Status.DRAFT),
        reviewed_unpublished=ids_of(_id(pm) for pm in pms if pm.status is Status.REVIEWED),
        published=ids_of(_id(pm) for pm in pms if pm.status is Status.PUBLISHED),
        by_severity=by_severity,
        hours_to_review=tuple(sorted(hours)),
        delay_unknown=ids_of(unknown),
    )


# -- depth -----------------------------------------------------------------------------------------


def depth(pms: Sequence[Postmortem], facts: dict[int, LanguageFacts]) -> Depth:
    considered = [pm for pm in pms if pm.status is not Status.DRAFT]
    by_question = {}
    for question in FOUR_QUESTIONS:
        counts = {
            _id(pm): sum(1 for f in pm.factors if f.question is question and f.text.strip())
            for pm in considered
        }
        by_question[question] = QuestionDepth(
            factors=sum(counts.values()),
            with_factor=ids_of(i for i, n in counts.items() if n),
            without_factor=ids_of(i for i, n in counts.items() if not n),
        )
    why_depths: list[tuple[int, int]] = []
    other = 0
    for pm in considered:
        for factor in pm.factors:
            if not factor.text.strip():
                continue
            other += factor.question not in FOUR_QUESTIONS
            why_depths.append((_id(pm), sum(1 for w in factor.whys if w.strip())))
    published = [pm for pm in considered if pm.status is Status.PUBLISHED]
    flagged = [(_id(pm), facts[_id(pm)].flagged) for pm in published]
    return Depth(
        considered=ids_of(_id(pm) for pm in considered),
        by_question=by_question,
        other_factors=other,
        no_factors=ids_of(_id(pm) for pm in considered if not _factors(pm)),
        why_depths=tuple(why_depths),
        human_error_only=ids_of(_id(pm) for pm in considered if facts[_id(pm)].blames_people),
        flagged_published=tuple((i, n) for i, n in flagged if n),
        published_checked=ids_of(_id(pm) for pm in published),
    )


def _factors(pm: Postmortem) -> list[str]:
    return [f.text for f in pm.factors if f.text.strip()]


# -- actions ---------------------------------------------------------------------------------------


def actions(pms: Sequence[Postmortem], today: date, facts: dict[int, LanguageFacts]) -> Actions:
    items = [TrackedItem(_id(pm), item) for pm in pms for item in pm.actions]
    by_type = {
        kind: _tally(kind.value, [t for t in items if t.item.type is kind], today)
        for kind in ActionType
    }
    owners: dict[str, list[TrackedItem]] = defaultdict(list)
    spelt: dict[str, str] = {}
    for tracked in items:
        shown = " ".join(tracked.item.owner.split()) or NO_OWNER
        key = shown.casefold()
        spelt.setdefault(key, shown)
        owners[key].append(tracked)
    services: dict[str, list[TrackedItem]] = defaultdict(list)
    service_names: dict[str, str] = {}
    for pm in pms:
        names = [" ".join(s.split()) for s in pm.services if s.strip()] or [NO_SERVICE]
        for name in dict.fromkeys(names):
            service_names.setdefault(name.casefold(), name)
            services[name.casefold()].extend(TrackedItem(_id(pm), a) for a in pm.actions)
    return Actions(
        overall=_tally("all", items, today),
        by_type=by_type,
        by_owner=_ranked({spelt[k]: v for k, v in owners.items()}, today),
        by_service=_ranked({service_names[k]: v for k, v in services.items() if v}, today),
        overdue=tuple(
            sorted(
                (
                    Overdue(t.postmortem_id, t.item, days_overdue(t.item, today))
                    for t in items
                    if is_overdue(t.item, today)
                ),
                key=lambda o: (-o.days, o.postmortem_id, o.item.description),
            )
        ),
        days_to_done=tuple(_days_to_done(pms)),
        done_ids=ids_of(t.postmortem_id for t in items if t.item.status is ActionStatus.DONE),
        vague=tuple(TrackedItem(_id(pm), item) for pm in pms for item in facts[_id(pm)].vague),
        not_one_person=tuple(_not_one_person(pms)),
        no_deadline=tuple(
            t
            for t in items
            if t.item.deadline is None and t.item.status is not ActionStatus.DROPPED
        ),
        counted_items=sum(1 for t in items if t.item.status is not ActionStatus.DROPPED),
    )


def _tally(name: str, items: Sequence[TrackedItem], today: date) -> Tally:
    return Tally(
        name, completion((t.item for t in items), today), ids_of(t.postmortem_id for t in items)
    )


def _ranked(groups: dict[str, list[TrackedItem]], today: date) -> tuple[Tally, ...]:
    tallies = [_tally(name, items, today) for name, items in groups.items()]
    return tuple(sorted(tallies, key=lambda t: (-t.completion.total, t.name.casefold())))


def _days_to_done(pms: Sequence[Postmortem]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for pm in pms:
        since = pm.meeting_at or pm.resolved_at
        if since is None:
            continue
        for item in pm.actions:
            if item.status is ActionStatus.DONE and item.done_on is not None:
                out.append((_id(pm), max(0, (item.done_on - since.date()).days)))
    return out


def _not_one_person(pms: Sequence[Postmortem]) -> list[TrackedItem]:
    out: list[TrackedItem] = []
    for pm in pms:
        names = [a.name for a in pm.attendees if a.name.strip()]
        for item in pm.actions:
            if item.status is not ActionStatus.DROPPED and owner_problem(item.owner, names):
                out.append(TrackedItem(_id(pm), item))
    return out


# -- repeats and months ------------------------------------------------------------------------


def repeats(pms: Sequence[Postmortem]) -> list[Repeat]:
    found: list[Repeat] = []
    for kind in ("service", "tag"):
        groups: dict[str, set[int]] = defaultdict(set)
        names: dict[str, str] = {}
        for pm in pms:
            for value in pm.services if kind == "service" else pm.tags:
                shown = " ".join(value.split())
                if shown:
                    names.setdefault(shown.casefold(), shown)
                    groups[shown.casefold()].add(_id(pm))
        rows = [Repeat(kind, names[k], ids_of(v)) for k, v in groups.items() if len(v) >= 2]
        found += sorted(rows, key=lambda r: (-len(r.ids), r.name.casefold()))
    factors = [(_id(pm), f.text) for pm in pms for f in pm.factors if f.text.strip()]
    found += [
        Repeat("theme", name, ids, examples) for name, ids, examples in cluster_factors(factors)
    ]
    return found


def months(pms: Sequence[Postmortem], period: Period) -> list[Month]:
    by_month: dict[tuple[int, int], list[Postmortem]] = defaultdict(list)
    for pm in pms:
        when = pm.incident_date
        if when is not None:
            by_month[(when.year, when.month)].append(pm)
    out: list[Month] = []
    for year, month in period.months():
        members = by_month.get((year, month), [])
        values: dict[str, list[tuple[int, float]]] = {key: [] for key, _ in MEASURES}
        for pm in members:
            durations = compute_durations(pm.timeline)
            for key, _ in MEASURES:
                measure = getattr(durations, key)
                if measure.value is not None:
                    values[key].append((_id(pm), measure.value.total_seconds() / 60))
        out.append(
            Month(
                year,
                month,
                ids_of(_id(pm) for pm in members),
                {
                    key: (median_or_none([v for _, v in pairs]), ids_of(i for i, _ in pairs))
                    for key, pairs in values.items()
                },
            )
        )
    return out
