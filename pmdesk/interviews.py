"""Interviews before the meeting: the question bank, the timer's reading, the guidance and the
warnings about who interviews whom, and turning a remark into a timeline event.

Talking to the people involved one at a time, before the meeting, brings out what a room full of
colleagues does not: what each person saw, expected and tried, and why it made sense then. The
notes are the interviewee's words in confidence, so nothing here puts them anywhere; the exports
carry them only when asked (pmdesk.report, pmdesk.interchange).

Plain Python, with the clock passed in: the GUI, the command line and the tests share it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pmdesk.model import Attendee, Interview, Involvement, Postmortem, TimelineEvent

# An interview is planned to last this long; shorter misses the story, longer tires both sides.
SHORTEST_MINUTES = 20
LONGEST_MINUTES = 60

GUIDANCE = (
    "The people closest to the incident first. Let them talk far more than you do: ask, then "
    "listen. The interviewer: neither a responder nor the interviewee's manager."
)

# Words in an attendee's role that make them a responder, or someone's manager.
_RESPONDER = re.compile(r"\b(?:responders?|on[- ]?call|incident (?:commander|lead)|IC)\b", re.I)
_MANAGER = re.compile(r"\b(?:manager|head of|director|team lead|lead of|VP)\b", re.I)


class QuestionBankError(ValueError):
    """A question bank file that cannot be used, with the file and the place in it."""


@dataclass(frozen=True)
class Stage:
    """One stage of the incident as the interview walks it, with its questions."""

    key: str
    title: str
    questions: tuple[str, ...]


def default_bank_path() -> Path:
    from pmdesk.paths import resource_path

    return resource_path("interviews", "questions.json")


def load_questions(path: Path | None = None) -> list[Stage]:
    """The question bank by stage of the incident; raises QuestionBankError naming the place."""
    source = path or default_bank_path()
    try:
        data = json.loads(source.read_text(encoding="utf-8"))
    except OSError as exc:
        raise QuestionBankError(f"{source}: cannot be read ({exc.strerror})") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise QuestionBankError(f"{source}: is not JSON text ({exc})") from None
    stages = data.get("stages") if isinstance(data, dict) else None
    if not isinstance(stages, list) or not stages:
        raise QuestionBankError(f"{source}: needs a list of stages under 'stages'")
    found: list[Stage] = []
    for number, stage in enumerate(stages):
        where = f"{source}: stage {number + 1}"
        if not isinstance(stage, dict):
            raise QuestionBankError(f"{where} is not an object with a title and questions")
        title = stage.get("title")
        questions = stage.get("questions")
        if not isinstance(title, str) or not title.strip():
            raise QuestionBankError(f"{where} has no title")
        if (
            not isinstance(questions, list)
            or not questions
            or not all(isinstance(q, str) and q.strip() for q in questions)
        ):
            raise QuestionBankError(f"{where} ({title}) needs at least one question, as text")
        key = stage.get("key")
        found.append(
            Stage(
                key if isinstance(key, str) and key else f"stage{number + 1}",
                title.strip(),
                tuple(q.strip() for q in questions),
            )
        )
    return found


# -- the timer ---------------------------------------------------------------------------------


def elapsed_seconds(interview: Interview, now: datetime) -> float:
    """Time spent talking so far: what was counted, plus the running stretch."""
    running = 0.0
    if interview.running_since is not None:
        running = max(0.0, (now - interview.running_since).total_seconds())
    return interview.elapsed_seconds + running


def clock_text(seconds: float) -> str:
    """'12:05' (minutes and seconds); hours show as minutes past 60 ('75:00')."""
    whole = int(seconds)
    return f"{whole // 60:02d}:{whole % 60:02d}"


def timer_text(interview: Interview, now: datetime) -> str:
    """'12:05 of 30 min', and how far over when the interview runs past its plan."""
    spent = elapsed_seconds(interview, now)
    planned = interview.planned_minutes * 60
    text = f"{clock_text(spent)} of {interview.planned_minutes} min"
    if spent > planned:
        text += f" ({clock_text(spent - planned)} over)"
    return text


def overrun(interview: Interview, now: datetime) -> bool:
    return elapsed_seconds(interview, now) > interview.planned_minutes * 60


# -- who is interviewed, by whom -----------------------------------------------------------------


def interview_by_id(pm: Postmortem, interview_id: str | None) -> Interview | None:
    return next((i for i in pm.interviews if i.id == interview_id), None)


def interviewee(pm: Postmortem, interview: Interview) -> Attendee | None:
    return next((a for a in pm.attendees if a.id == interview.attendee_id), None)


def interviewee_name(pm: Postmortem, interview: Interview) -> str:
    person = interviewee(pm, interview)
    return person.name if person is not None else "(no longer an attendee)"


def _same_person(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold() != ""


def is_responder(person: Attendee) -> bool:
    """Whether the attendee list shows them among the responders."""
    return person.involvement is Involvement.DIRECTLY_INVOLVED or bool(
        _RESPONDER.search(person.role)
    )


def warnings(pm: Postmortem, interview: Interview) -> list[str]:
    """What the facilitator should know about this interview's set-up, most serious first."""
    found: list[str] = []
    name = interview.interviewer
    listed = [a for a in pm.attendees if _same_person(a.name, name)]
    person = interviewee(pm, interview)
    if person is not None and _same_person(person.name, name):
        found.append("The interviewer is the interviewee: ask someone else to lead it.")
    else:
        responder = next((a for a in listed if is_responder(a)), None)
        if responder is not None:
            found.append(
                f"{responder.name} was a responder (attendee list): people tell a fellow "
                "responder a shorter story. Ask someone who was not involved to interview."
            )
    manager = next((a for a in listed if _MANAGER.search(a.role)), None)
    if manager is not None:
        found.append(
            f"{manager.name} is listed as a manager: people speak less freely to their "
            "manager. Ask someone outside the reporting line if they manage this person."
        )
    if interview.scribe.strip() and _same_person(interview.scribe, name):
        found.append("The interviewer is also the scribe: a second person taking notes lets "
                     "the interviewer listen.")  # fmt: skip
    return found


def suggested_order(pm: Postmortem) -> list[Attendee]:
    """Attendees in the order to interview them: those most involved first, the facilitator
    last (they run the interviews)."""
    rank = {Involvement.DIRECTLY_INVOLVED: 0, Involvement.ADJACENT: 1, Involvement.OBSERVER: 2}
    return sorted(
        (a for a in pm.attendees),
        key=lambda a: (a.facilitator, rank[a.involvement], pm.attendees.index(a)),
    )


# -- a remark into the timeline -----------------------------------------------------------------


def remark_text(selected: str) -> str:
    """The selected words as one line (a selection across lines keeps its words)."""
    return " ".join(selected.replace("\u2029", " ").split())


def event_from_remark(pm: Postmortem, interview: Interview, remark: str) -> TimelineEvent:
    """A timeline event from what someone told: at the time the remark starts with ("14:35 I
    saw the alert"), read on the incident's day and in the timeline's zone; else a minute after
    the last event (or when the incident started). Who told it goes with it."""
    from datetime import timedelta

    from pmdesk.timeline.defaults import import_defaults
    from pmdesk.timeline.paste import parse_paste

    text = remark_text(remark)
    zone = pm.timeline[0].at.tzinfo if pm.timeline else None
    defaults = import_defaults(pm, zone)
    told = interviewee_name(pm, interview) if interviewee(pm, interview) else ""
    parsed = parse_paste(text, day=defaults.day, tz=defaults.tz).events
    if len(parsed) == 1 and parsed[0].text.strip() and parsed[0].text != text:
        return TimelineEvent(
            at=parsed[0].at, text=parsed[0].text, source="interview", added_by=told
        )
    if pm.timeline:
        at = pm.timeline[-1].at + timedelta(minutes=1)
    elif pm.incident_date is not None:
        at = pm.incident_date
    else:
        raise ValueError(
            "The remark has no time and the postmortem has no incident time yet: start the "
            "remark with a time (14:35 …) or set when the incident started."
        )
    return TimelineEvent(at=at, text=text, source="interview", added_by=told)
