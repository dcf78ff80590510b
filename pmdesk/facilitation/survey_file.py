"""The survey as a file: a small JSON form a person fills in a text editor and sends back.

The form names its questions and says how to answer in its own words, so it needs no program to
fill. A returned form becomes one anonymous SurveyAnswer; a bad one is refused with one line that
names the file and what is wrong in it.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from pathlib import Path
from typing import Any

from pmdesk.facilitation import SCALE, SURVEY_QUESTIONS, SurveyAnswer

FORMAT = "pmdesk.survey"
VERSION = 1


class SurveyFileError(ValueError):
    """A survey file that cannot be read: the message is one line naming the file."""


def form_json(title: str) -> str:
    """The blank form for the postmortem titled `title`."""
    low, high = SCALE
    data = {
        "format": FORMAT,
        "version": VERSION,
        "postmortem": title,
        "how_to_answer": (
            f"Thank you for taking part in the review. Put a number from {low} to {high} after "
            "each scale question (replace null), write your suggestion between the quotes, save "
            "the file and send it back. Your answers carry no name."
        ),
        "questions": {
            q.key: q.text + (f" ({low} = {q.low}, {high} = {q.high})" if q.scale else "")
            for q in SURVEY_QUESTIONS
        },
        "answers": {q.key: None if q.scale else "" for q in SURVEY_QUESTIONS},
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def write_form(path: Path, title: str) -> None:
    from pmdesk.files import atomic_write

    atomic_write(path, form_json(title))


def read_answer(path: Path, received_at: datetime | None) -> SurveyAnswer:
    """One returned form. The answer's id comes from the file's name and content, so the same
    file imported twice is counted once."""
    name = path.name
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SurveyFileError(f"{name}: cannot be read ({exc.strerror})") from None
    return parse_answer(raw, name, received_at)


def parse_answer(raw: bytes, name: str, received_at: datetime | None) -> SurveyAnswer:
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise SurveyFileError(f"{name}: is not a text file (not UTF-8)") from None
    except json.JSONDecodeError as exc:
        raise SurveyFileError(
            f"{name}: is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}); "
            "check the quotes and commas around the answers"
        ) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise SurveyFileError(f'{name}: is not a pmdesk survey form (no "format": "{FORMAT}")')
    if data.get("version") != VERSION:
        raise SurveyFileError(
            f"{name}: is survey form version {data.get('version')!r}; "
            f"this pmdesk reads version {VERSION}"
        )
    answers = data.get("answers")
    if not isinstance(answers, dict):
        raise SurveyFileError(f'{name}: has no "answers" section')
    values: dict[str, Any] = {}
    for q in SURVEY_QUESTIONS:
        values[q.key] = _value(answers.get(q.key), q.key, q.scale, name)
    unknown = sorted(set(answers) - {q.key for q in SURVEY_QUESTIONS})
    if unknown:
        raise SurveyFileError(f"{name}: answers/{unknown[0]} is not a question of this survey")
    if all(v in (None, "") for v in values.values()):
        raise SurveyFileError(f"{name}: no question is answered")
    digest = hashlib.sha256(name.encode() + b"\0" + raw).hexdigest()
    return SurveyAnswer(**values, received_at=received_at, via="file", id=f"file-{digest[:32]}")


def _value(value: Any, key: str, scale: bool, name: str) -> Any:
    if not scale:
        if value is None:
            return ""
        if not isinstance(value, str):
            raise SurveyFileError(f"{name}: answers/{key} must be text in quotes")
        return value.strip()
    if value is None or value == "":
        return None
    low, high = SCALE
    number = value
    if isinstance(value, str) and value.strip().isdigit():
        number = int(value.strip())
    if isinstance(number, float) and number.is_integer():
        number = int(number)
    if isinstance(number, bool) or not isinstance(number, int) or not low <= number <= high:
        raise SurveyFileError(
            f"{name}: answers/{key} must be a whole number from {low} to {high} "
            f"(found {json.dumps(value, ensure_ascii=False)})"
        )
    return number
