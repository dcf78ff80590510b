"""Loose times, pasted lines and file imports, as a facilitator preparing a timeline meets them."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pmdesk.model import Marker, TimelineEvent
from pmdesk.timeline.load import detect_format, load_timeline_file
from pmdesk.timeline.paste import parse_paste
from pmdesk.timeline.reading import ImportFailed
from pmdesk.timeline.spreadsheet import CsvMapping, csv_columns, guess_mapping
from pmdesk.timeline.times import TimeDisplay, TimeParseError, format_time, parse_time, time_display

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples" / "timeline"
DAY = date(2026, 4, 15)
BERLIN = ZoneInfo("Europe/Berlin")
PREV = datetime(2026, 4, 15, 14, 32, tzinfo=UTC)


def utc(hour: int, minute: int, second: int = 0, *, day: int = 15) -> datetime:
    return datetime(2026, 4, day, hour, minute, second, tzinfo=UTC)


# --------------------------------------------------------------------------------------------
# parse_time
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("14:32", utc(14, 32)),
        ("9:05", utc(9, 5)),
        ("14:32:10", utc(14, 32, 10)),
        ("2:32 pm", utc(14, 32)),
        ("2:32pm", utc(14, 32)),
        ("2:32 PM", utc(14, 32)),
        ("2:32 p.m.", utc(14, 32)),
        ("2 pm", utc(14, 0)),
        ("12:05 am", utc(0, 5)),
        ("12:05 pm", utc(12, 5)),
        ("14:32Z", utc(14, 32)),
        ("2026-04-15 14:32", utc(14, 32)),
        ("2026-04-15 14:32:10", utc(14, 32, 10)),
        ("2026-04-16 09:00", utc(9, 0, day=16)),
        ("2026/04/15 2:32 pm", utc(14, 32)),
        ("2026-04-15T14:32:05Z", utc(14, 32, 5)),
        ("2026-04-15t14:32:05z", utc(14, 32, 5)),
        ("2026-04-15 14:32 UTC", utc(14, 32)),
        ("2026-04-15T16:32:05+02:00", utc(14, 32, 5)),
        ("2026-04-15T10:32:05-0400", utc(14, 32, 5)),
        ("2026-04-15T14:32:05.250Z", utc(14, 32, 5) + timedelta(milliseconds=250)),
        ("+5m", utc(14, 37)),
        ("+90s", utc(14, 33, 30)),
        ("+1h", utc(15, 32)),
        ("+1h30m", utc(16, 2)),
        ("+1h 30m", utc(16, 2)),
        ("+5 min", utc(14, 37)),
        ("+0:03", utc(14, 35)),
        ("-2m", utc(14, 30)),
        ("  14:32  ", utc(14, 32)),
        ("\u200f14:32", utc(14, 32)),
    ],
)
def test_accepted_time_formats(typed: str, expected: datetime) -> None:
    parsed = parse_time(typed, previous=PREV)
    assert parsed == expected
    assert parsed.tzinfo is not None


def test_bare_time_takes_date_and_zone_from_previous_event() -> None:
    previous = datetime(2026, 4, 15, 23, 10, tzinfo=BERLIN)
    parsed = parse_time("23:40", previous=previous, day=date(2030, 1, 1), tz=UTC)
    assert parsed == datetime(2026, 4, 15, 23, 40, tzinfo=BERLIN)
    assert parsed.utcoffset() == timedelta(hours=2)


def test_bare_time_without_previous_uses_day_and_zone() -> None:
    parsed = parse_time("14:32", day=DAY, tz=BERLIN)
    assert parsed == datetime(2026, 4, 15, 14, 32, tzinfo=BERLIN)
    assert parsed.utcoffset() == timedelta(hours=2)
    winter = parse_time("14:32", day=date(2026, 1, 15), tz=BERLIN)
    assert winter.utcoffset() == timedelta(hours=1)


def test_bare_time_without_previous_or_day_is_today_in_zone() -> None:
    before = datetime.now(BERLIN).date()
    parsed = parse_time("14:32", tz=BERLIN)
    after = datetime.now(BERLIN).date()
    assert parsed.date() in {before, after}
    assert (parsed.hour, parsed.minute) == (14, 32)


def test_date_time_without_zone_takes_zone_of_previous() -> None:
    previous = datetime(2026, 4, 15, 9, 0, tzinfo=timezone(timedelta(hours=-4)))
    parsed = parse_time("2026-04-16 10:00", previous=previous)
    assert parsed.utcoffset() == timedelta(hours=-4)
    assert parsed.date() == date(2026, 4, 16)


def test_written_zone_beats_previous_zone() -> None:
    previous = datetime(2026, 4, 15, 9, 0, tzinfo=BERLIN)
    assert parse_time("2026-04-15T14:32:00Z", previous=previous) == utc(14, 32)


@pytest.fixture
def new_york_local_zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    if not hasattr(time, "tzset"):
        pytest.skip("needs time.tzset (Unix)")
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.usefixtures("new_york_local_zone")
def test_without_any_zone_the_local_zone_is_used_with_its_summer_time() -> None:
    summer = parse_time("14:32", day=DAY)
    winter = parse_time("14:32", day=date(2026, 1, 15))
    assert summer.utcoffset() == timedelta(hours=-4)
    assert winter.utcoffset() == timedelta(hours=-5)
    assert (summer.hour, summer.minute) == (14, 32)


def test_relative_time_counts_real_minutes_across_a_clock_change() -> None:
    # Europe/Berlin moves from 02:00 to 03:00 on 2026-03-29.
    previous = datetime(2026, 3, 29, 1, 58, tzinfo=BERLIN)
    parsed = parse_time("+5m", previous=previous)
    assert parsed.astimezone(UTC) - previous.astimezone(UTC) == timedelta(minutes=5)
    assert (parsed.hour, parsed.minute) == (3, 3)


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("25:99", "'25:99' is not a time"),
        ("25:30", "there is no hour 25"),
        ("14:61", "minutes go up to 59"),
        ("14:32:75", "seconds go up to 59"),
        ("13:00 pm", "from 1 to 12"),
        ("0:30 am", "from 1 to 12"),
        ("14", "needs minutes"),
        ("", "empty"),
        ("   ", "empty"),
        ("soon", "'soon' is not a time"),
        ("+5", "needs a unit"),
        ("+5x", "is not a time"),
        ("2026-02-30 10:00", "date that does not exist"),
        ("2026-04-15", "no time of day"),
        ("2026-04-15T14:32+15:00", "impossible UTC offset"),
        ("🔥 fire", "'🔥 fire' is not a time"),
        ("十四時", "is not a time"),
    ],
)
def test_unreadable_times_are_refused_with_a_helpful_message(typed: str, says: str) -> None:
    with pytest.raises(TimeParseError) as caught:
        parse_time(typed, previous=PREV)
    assert says in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_error_message_suggests_formats() -> None:
    with pytest.raises(TimeParseError, match="try 14:32, 2:32 pm, 2026-04-15 14:32 or \\+5m"):
        parse_time("25:99")


def test_relative_time_without_previous_event_is_refused() -> None:
    with pytest.raises(TimeParseError, match="previous event"):
        parse_time("+5m", day=DAY, tz=UTC)


def test_long_typed_text_is_shortened_in_the_message() -> None:
    with pytest.raises(TimeParseError) as caught:
        parse_time("x" * 500)
    assert len(str(caught.value)) < 150


def test_naive_previous_is_read_as_local_time() -> None:
    parsed = parse_time("14:40", previous=datetime(2026, 4, 15, 14, 32))
    assert parsed.tzinfo is not None
    assert parsed.date() == DAY


# --------------------------------------------------------------------------------------------
# format_time and time_display
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("with_date", "with_seconds", "shown"),
    [
        (False, False, "14:32"),
        (False, True, "14:32:05"),
        (True, False, "2026-04-15 14:32"),
        (True, True, "2026-04-15 14:32:05"),
    ],
)
def test_format_time(with_date: bool, with_seconds: bool, shown: str) -> None:
    at = utc(14, 32, 5)
    assert format_time(at, with_date=with_date, with_seconds=with_seconds) == shown


def test_formatted_time_reads_back_as_the_same_time() -> None:
    at = datetime(2026, 4, 15, 14, 32, 5, tzinfo=BERLIN)
    shown = format_time(at, with_date=True, with_seconds=True)
    assert parse_time(shown, tz=BERLIN) == at


def test_format_time_in_another_zone() -> None:
    assert format_time(utc(14, 32), with_date=False, with_seconds=False, tz=BERLIN) == "16:32"


def test_time_display_adds_date_only_when_events_span_days() -> None:
    one_day = [TimelineEvent(utc(14, 32), "a"), TimelineEvent(utc(23, 59), "b")]
    assert time_display(one_day) == TimeDisplay(with_date=False, with_seconds=False)
    two_days = [*one_day, TimelineEvent(utc(0, 5, day=16), "c")]
    assert time_display(two_days).with_date


def test_time_display_adds_seconds_when_any_event_has_them() -> None:
    events = [TimelineEvent(utc(14, 32), "a"), TimelineEvent(utc(14, 33, 5), "b")]
    assert time_display(events) == TimeDisplay(with_date=False, with_seconds=True)


def test_time_display_judges_days_in_the_shown_zone() -> None:
    # 21:30 and 22:30 UTC are the same day in UTC, but two days in Berlin.
    events = [TimelineEvent(utc(21, 30), "a"), TimelineEvent(utc(22, 30), "b")]
    assert not time_display(events).with_date
    assert time_display(events, BERLIN).with_date


def test_time_display_of_no_events() -> None:
    assert time_display([]) == TimeDisplay(False, False)


# --------------------------------------------------------------------------------------------
# parse_paste
# --------------------------------------------------------------------------------------------


def paste(text: str, previous: datetime | None = None) -> tuple[list[TimelineEvent], list[str]]:
    result = parse_paste(text, previous=previous, day=DAY, tz=UTC)
    return result.events, [f"{p.line}: {p.reason}" for p in result.problems]


@pytest.mark.parametrize(
    ("line", "at", "text", "source"),
    [
        (
            "14:32 — Deploy of payment-service v2.4.1",
            utc(14, 32),
            "Deploy of payment-service v2.4.1",
            "manual",
        ),
        ("14:32 – Deploy", utc(14, 32), "Deploy", "manual"),
        ("14:32 - Deploy", utc(14, 32), "Deploy", "manual"),
        ("14:32: Deploy", utc(14, 32), "Deploy", "manual"),
        ("14:32 | Deploy", utc(14, 32), "Deploy", "manual"),
        ("14:32 Deploy", utc(14, 32), "Deploy", "manual"),
        ("14:32\tDeploy", utc(14, 32), "Deploy", "manual"),
        ("14:33 error rate 0.1% -> 34%", utc(14, 33), "error rate 0.1% -> 34%", "manual"),
        ("14:33 -5% traffic", utc(14, 33), "-5% traffic", "manual"),
        ("[14:32:05] alert fires", utc(14, 32, 5), "alert fires", "log"),
        ("[14:32:05] <ana> looking", utc(14, 32, 5), "ana: looking", "chat"),
        ("(14:32) Deploy", utc(14, 32), "Deploy", "manual"),
        ("2026-04-15T14:32:05Z Deploy", utc(14, 32, 5), "Deploy", "log"),
        ("2026-04-15T16:32:05+02:00 Deploy", utc(14, 32, 5), "Deploy", "log"),
        ("2026-04-15 14:32 Deploy", utc(14, 32), "Deploy", "manual"),
        ("2026-04-15 14:32:10 - Deploy", utc(14, 32, 10), "Deploy", "log"),
        ("2026-04-15 14:32 UTC Deploy", utc(14, 32), "Deploy", "manual"),
        ("2:32 pm Deploy", utc(14, 32), "Deploy", "manual"),
        ("2:32PM - Deploy", utc(14, 32), "Deploy", "manual"),
        ("14:32 Amsterdam failover", utc(14, 32), "Amsterdam failover", "manual"),
        ("14:32 Zone B drained", utc(14, 32), "Zone B drained", "manual"),
        ("14:32-14:40 maintenance window", utc(14, 32), "-14:40 maintenance window", "manual"),
        ("- 14:32 Deploy", utc(14, 32), "Deploy", "manual"),
        ("* 14:32 Deploy", utc(14, 32), "Deploy", "manual"),
        ("• 14:32 Deploy", utc(14, 32), "Deploy", "manual"),
        ("3. 14:32 Deploy", utc(14, 32), "Deploy", "manual"),
        ("| 14:32 | Deploy |", utc(14, 32), "Deploy", "manual"),
        ("14:32 部署 payment-service 🚀", utc(14, 32), "部署 payment-service 🚀", "manual"),
        ("14:32 تم النشر", utc(14, 32), "تم النشر", "manual"),
        ("\u200f14:32 rollback", utc(14, 32), "rollback", "manual"),
    ],
)
def test_paste_line_shapes(line: str, at: datetime, text: str, source: str) -> None:
    """Where a line came from, as far as it shows: seconds, an ISO time or a level word are a
    program's (log), "<nick>" is a chat's, the rest was typed by hand (manual)."""
    events, problems = paste(line)
    assert problems == []
    assert [(e.at, e.text, e.source) for e in events] == [(at, text, source)]


def test_pasted_chat_and_log_lines_keep_where_they_came_from() -> None:
    from pmdesk.timeline.paste import known_names

    names = known_names(["Ana Souza", "Raj Patel"])
    text = (
        "14:32 Ana Souza: deploying v2.4.1 now\n"
        "14:33 Raj: errors climbing on checkout\n"
        "14:34 @oncall-bot: paging payments\n"
        "14:35 Status: degraded\n"
        "14:36 ERROR payment-service: card declined rate 34%\n"
        "14:37 level=warn msg=retrying\n"
        "14:38:20\n"
        "rollback started\n"
        "14:40\n"
        "rollback done\n"
    )
    events = parse_paste(text, day=DAY, tz=UTC, names=names).events
    assert [(e.text, e.source) for e in events] == [
        ("Ana Souza: deploying v2.4.1 now", "chat"),
        ("Raj: errors climbing on checkout", "chat"),
        ("@oncall-bot: paging payments", "chat"),
        ("Status: degraded", "manual"),  # not a person pmdesk knows: typed notes
        ("ERROR payment-service: card declined rate 34%", "log"),
        ("level=warn msg=retrying", "log"),
        ("rollback started", "log"),  # its time, on the line before, has seconds
        ("rollback done", "manual"),
    ]
    # Without the attendees' names a "Name:" line is not guessed to be chat.
    assert parse_paste("14:32 Ana Souza: deploying", day=DAY, tz=UTC).events[0].source == ("manual")


def test_bare_times_before_a_dated_line_take_its_day_when_nothing_else_tells_it() -> None:
    text = "[14:32] <ana> deploying v2.4.1\n2026-04-15T14:33:10Z ERROR card declines\n14:35 alert"
    events = parse_paste(text, tz=UTC).events  # no incident day, nothing before it
    assert [e.at for e in events] == [utc(14, 32), utc(14, 33, 10), utc(14, 35)]
    # The incident's day, when known, still comes first.
    later = parse_paste(text, day=date(2026, 4, 16), tz=UTC).events
    assert later[0].at.date() == date(2026, 4, 16)


def test_pasted_timeline_from_the_domain_example() -> None:
    events, problems = paste(
        "14:32 Deploy of payment-service v2.4.1 to production\n"
        "14:33 error rate 0.1% -> 34%\n"
        "\n"
        "14:35 alert fires\n"
        "14:37 on-call acknowledges\r\n"
        "14:41 rollback started\n"
        "14:44 rollback done, errors back to 0.2%\n"
        "14:50 incident declared resolved\n"
    )
    assert problems == []
    assert [e.at.strftime("%H:%M") for e in events] == [
        "14:32", "14:33", "14:35", "14:37", "14:41", "14:44", "14:50",
    ]  # fmt: skip
    assert events[-1].text == "incident declared resolved"


def test_relative_lines_count_from_the_line_before() -> None:
    events, problems = paste("14:32 deploy\n+3m errors\n+1h30m all clear\n-2m note")
    assert problems == []
    assert [e.at for e in events] == [utc(14, 32), utc(14, 35), utc(16, 5), utc(16, 3)]


def test_first_relative_line_counts_from_previous_event() -> None:
    events, problems = paste("+5m errors rise", previous=PREV)
    assert problems == []
    assert events[0].at == utc(14, 37)


def test_bare_times_take_the_date_of_the_line_before() -> None:
    events, _ = paste("2026-04-16 09:00 day two starts\n09:30 still day two")
    assert events[1].at == utc(9, 30, day=16)


def test_bare_times_take_the_incident_day_and_the_zone_of_previous_event() -> None:
    previous = datetime(2026, 4, 20, 8, 0, tzinfo=BERLIN)
    result = parse_paste("09:00 standup note\n+5m next", previous=previous, day=DAY, tz=UTC)
    assert [e.at for e in result.events] == [
        datetime(2026, 4, 15, 9, 0, tzinfo=BERLIN),
        datetime(2026, 4, 15, 9, 5, tzinfo=BERLIN),
    ]


def test_without_a_day_bare_times_take_the_date_of_previous_event() -> None:
    previous = datetime(2026, 4, 20, 8, 0, tzinfo=BERLIN)
    result = parse_paste("09:00 standup note", previous=previous, tz=UTC)
    assert result.events[0].at == datetime(2026, 4, 20, 9, 0, tzinfo=BERLIN)


def test_a_first_relative_line_counts_from_previous_even_with_a_day() -> None:
    previous = datetime(2026, 4, 20, 8, 0, tzinfo=BERLIN)
    result = parse_paste("+5m paged", previous=previous, day=DAY, tz=UTC)
    assert result.events[0].at == datetime(2026, 4, 20, 8, 5, tzinfo=BERLIN)


def test_a_log_crossing_midnight_moves_to_the_next_day() -> None:
    events, problems = paste("23:58 batch job starts\n00:03 batch job fails\n00:10 retry")
    assert problems == []
    assert [e.at for e in events] == [utc(23, 58), utc(0, 3, day=16), utc(0, 10, day=16)]


def test_a_slightly_earlier_line_stays_on_the_same_day() -> None:
    events, _ = paste("14:40 noticed\n14:32 deploy (remembered later)")
    assert events[1].at == utc(14, 32)


def test_chat_copy_becomes_a_chat_event_with_the_name() -> None:
    events, problems = paste("Ana Souza  2:37 PM\nI'm on it, rolling back")
    assert problems == []
    assert [(e.at, e.text, e.source) for e in events] == [
        (utc(14, 37), "Ana Souza: I'm on it, rolling back", "chat")
    ]


def test_chat_copy_variants() -> None:
    events, problems = paste(
        "Ana Souza  2:37 PM\n"
        "first line\n"
        "second line\n"
        "Bruno Lima, 14:38\n"
        "ok\n"
        "Chloé Martin — [2:39 PM]\n"
        "the dashboard looked normal\n"
        "2:40 PM\n"
        "a follow-up from Chloé\n"
        "李 伟  2:41 PM\n"
        "收到 👍\n"
    )
    assert problems == []
    assert [(e.at.strftime("%H:%M"), e.text) for e in events] == [
        ("14:37", "Ana Souza: first line second line"),
        ("14:38", "Bruno Lima: ok"),
        ("14:39", "Chloé Martin: the dashboard looked normal"),
        ("14:40", "Chloé Martin: a follow-up from Chloé"),
        ("14:41", "李 伟: 收到 👍"),
    ]
    assert {e.source for e in events} == {"chat"}


def test_chat_copy_with_no_break_spaces_from_chat_apps() -> None:
    events, problems = paste("Ana\u00a0Souza\u00a0\u00a02:37\u202fPM\nlooking")
    assert problems == []
    assert [(e.at, e.text) for e in events] == [(utc(14, 37), "Ana Souza: looking")]


def test_a_chat_message_ending_in_a_time_stays_a_message() -> None:
    events, problems = paste("Ana Souza  2:37 PM\nrolling back, ETA 14:45\nBruno Lima  2:38 PM\nok")
    assert problems == []
    assert [e.text for e in events] == ["Ana Souza: rolling back, ETA 14:45", "Bruno Lima: ok"]


def test_a_lone_time_followed_by_text_is_one_manual_event() -> None:
    events, problems = paste("14:32\nDeploy of payment-service v2.4.1")
    assert problems == []
    assert [(e.at, e.text, e.source) for e in events] == [
        (utc(14, 32), "Deploy of payment-service v2.4.1", "manual")
    ]


def test_lines_without_time_are_listed_not_dropped() -> None:
    events, problems = paste("14:32 deploy\nsomething without a time\n\n14:35 alert")
    assert [e.text for e in events] == ["deploy", "alert"]
    assert problems == ["2: No time at the start of the line; start it with a time such as 14:32"]


def test_unreadable_time_is_listed_with_line_number_and_reason() -> None:
    result = parse_paste("14:32 deploy\n25:99 broken", previous=None, day=DAY, tz=UTC)
    assert len(result.events) == 1
    (problem,) = result.problems
    assert (problem.line, problem.text) == (2, "25:99 broken")
    assert "'25:99' is not a time" in problem.reason


def test_relative_line_without_anything_before_is_a_problem() -> None:
    events, problems = paste("+5m errors")
    assert events == []
    assert problems and "previous event" in problems[0]


def test_chat_name_without_message_is_a_problem() -> None:
    events, problems = paste("14:30 deploy\nAna Souza  2:37 PM")
    assert [e.text for e in events] == ["deploy"]
    assert problems == ["2: There is a name and a time but no message on the next line"]


def test_lone_time_at_the_end_is_a_problem() -> None:
    _, problems = paste("14:30 deploy\n14:31")
    assert problems == ["2: There is a time but no message on the next line"]


def test_messages_under_an_unreadable_chat_time_are_all_listed() -> None:
    events, problems = paste("Ana Souza  25:37\nfirst\nsecond\n14:40 next")
    assert [e.text for e in events] == ["next"]
    assert [p.split(":")[0] for p in problems] == ["1", "2", "3"]
    assert "whose time could not be read" in problems[1]


def test_every_non_blank_line_is_an_event_or_a_problem() -> None:
    lines = [
        "14:32 — deploy",
        "garbage",
        "",
        "[14:33:10] errors",
        "25:00 bad",
        "   ",
        "+2m alert",
        "???",
        "2026-04-15T14:40:00Z rollback",
    ]
    result = parse_paste("\n".join(lines), previous=None, day=DAY, tz=UTC)
    assert len(result.events) == 5 - 1  # "25:00 bad" is a problem
    assert [p.line for p in result.problems] == [2, 5, 8]
    assert [p.text for p in result.problems] == ["garbage", "25:00 bad", "???"]


def test_empty_paste_gives_nothing() -> None:
    assert paste("") == ([], [])
    assert paste("\n \n\t\n") == ([], [])


@given(st.text(max_size=300))
def test_paste_never_crashes_and_always_gives_aware_times(text: str) -> None:
    result = parse_paste(text, previous=PREV, day=DAY, tz=UTC)
    assert all(e.at.tzinfo is not None for e in result.events)
    non_blank = sum(1 for line in text.splitlines() if line.strip())
    assert len(result.problems) <= non_blank
    assert len(result.events) <= non_blank


# --------------------------------------------------------------------------------------------
# Sample files
# --------------------------------------------------------------------------------------------


def test_every_sample_format_is_documented_and_present() -> None:
    readme = (SAMPLES / "README.md").read_text(encoding="utf-8")
    for name in (
        "deploy-log.csv",
        "events.json",
        "slack-export.json",
        "pagerduty-log-entries.json",
        "opsgenie-alert-log.csv",
    ):
        assert (SAMPLES / name).is_file()
        assert name in readme


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("deploy-log.csv", "csv"),
        ("events.json", "json"),
        ("slack-export.json", "slack"),
        ("pagerduty-log-entries.json", "pagerduty"),
        ("opsgenie-alert-log.csv", "opsgenie"),
    ],
)
def test_sample_formats_are_recognised(name: str, fmt: str) -> None:
    assert detect_format(SAMPLES / name) == fmt
    detected = load_timeline_file(SAMPLES / name)
    explicit = load_timeline_file(SAMPLES / name, fmt=fmt)
    assert [(e.at, e.text) for e in detected] == [(e.at, e.text) for e in explicit]


def test_sample_deploy_log_csv() -> None:
    events = load_timeline_file(SAMPLES / "deploy-log.csv")
    assert len(events) == 6
    assert {e.source for e in events} == {"deploy"}
    deploy = next(e for e in events if "v2.4.1 to production started" in e.text)
    assert deploy.at == utc(14, 32)
    assert "Chloé Martin" in events[1].text
    assert events[0].text == "Build 4812 of payment-service v2.4.1 passed, 312 tests green"


def test_sample_events_json_has_all_markers() -> None:
    events = load_timeline_file(SAMPLES / "events.json")
    assert [e.marker for e in events if e.marker] == list(Marker)
    assert events[0].at == utc(14, 32)
    assert events[0].source == "deploy"


def test_sample_slack_export() -> None:
    events = load_timeline_file(SAMPLES / "slack-export.json")
    assert len(events) == 6
    assert {e.source for e in events} == {"chat"}
    assert events[0].at == utc(14, 36, 12)
    assert events[0].text.startswith("Ana Souza: Paged for PaymentErrorRateHigh")
    assert (
        events[1].text
        == "Bruno Lima: @Ana Souza v2.4.1 went out at 14:32, the errors start right after it"
    )
    # Slack writes a link as <url|label>; people saw only the label.
    assert "payments overview" in events[2].text and "https://" not in events[2].text
    assert (
        events[4].text == "Chloé Martin: Error rate is back to 0.2% & checkout works again :tada:"
    )


def test_sample_pagerduty_log_entries() -> None:
    events = load_timeline_file(SAMPLES / "pagerduty-log-entries.json")
    assert len(events) == 5
    assert {e.source for e in events} == {"alert"}
    marked = {e.marker: e.at for e in events if e.marker}
    assert marked == {
        Marker.DETECTION: utc(14, 35, 2),
        Marker.ACKNOWLEDGEMENT: utc(14, 37, 10),
        Marker.RESOLUTION: utc(14, 50, 30),
    }


def test_sample_opsgenie_alert_log() -> None:
    events = load_timeline_file(SAMPLES / "opsgenie-alert-log.csv")
    assert len(events) == 6
    assert {e.source for e in events} == {"alert"}
    assert [e.marker for e in events] == [
        Marker.DETECTION, None, Marker.ACKNOWLEDGEMENT, None, None, Marker.RESOLUTION,
    ]  # fmt: skip
    assert events[2].text == "Alert acknowledged via mobile (ana.souza@example.com)"
    assert events[0].text.startswith("Alert created via Prometheus")  # no "(System)"


def test_import_in_a_display_zone_keeps_the_same_moments() -> None:
    events = load_timeline_file(SAMPLES / "events.json", tz=BERLIN)
    assert events[0].at == utc(14, 32)
    assert events[0].at.hour == 16
    assert events[0].at.tzinfo == BERLIN


# --------------------------------------------------------------------------------------------
# CSV with a mapping
# --------------------------------------------------------------------------------------------


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_csv_columns_and_guessed_mapping_for_the_mapping_step() -> None:
    header = csv_columns(SAMPLES / "deploy-log.csv")
    assert header == ["timestamp", "environment", "message", "source"]
    mapping = guess_mapping(header)
    assert (mapping.time, mapping.text, mapping.source) == ("timestamp", "message", "source")
    assert mapping.complete


@pytest.mark.parametrize(
    ("header", "time_col", "text_col", "source_col", "date_col"),
    [
        (["Time", "Event", "Source"], "Time", "Event", "Source", None),
        (["created_at", "Description", "Tool"], "created_at", "Description", "Tool", None),
        (["Date", "Time", "What"], "Time", "What", None, "Date"),
        (["When", "Summary", "Marker"], "When", "Summary", None, None),
        (["a", "b"], "", "", None, None),
    ],
)
def test_guess_mapping(
    header: list[str], time_col: str, text_col: str, source_col: str | None, date_col: str | None
) -> None:
    mapping = guess_mapping(header)
    assert (mapping.time, mapping.text, mapping.source, mapping.date) == (
        time_col,
        text_col,
        source_col,
        date_col,
    )
    assert mapping.complete == bool(time_col and text_col)


def test_guess_mapping_finds_marker_column() -> None:
    assert guess_mapping(["when", "what", "marker"]).marker == "marker"


def test_csv_with_explicit_mapping_and_semicolons(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "export.csv",
        "Wann;Was;Woher;Meilenstein\n"
        "2026-04-15 16:32;Deploy von v2.4.1;deploy;trigger\n"
        "2026-04-15 16:35;Alarm 🚨;alert;Detection\n"
        "2026-04-15 16:36;Notiz;;\n",
    )
    mapping = CsvMapping(
        time="Wann", text="Was", source="Woher", marker="Meilenstein", default_source="ticket"
    )
    events = load_timeline_file(path, mapping=mapping, tz=BERLIN)
    assert [(e.at, e.text, e.source, e.marker) for e in events] == [
        (utc(14, 32), "Deploy von v2.4.1", "deploy", Marker.TRIGGER),
        (utc(14, 35), "Alarm 🚨", "alert", Marker.DETECTION),
        (utc(14, 36), "Notiz", "ticket", None),
    ]


def test_csv_with_separate_date_and_time_columns(tmp_path: Path) -> None:
    path = write(
        tmp_path, "log.csv", "date,time,what\n2026-04-15,14:32,deploy\n2026-04-15,14:35:10,alert\n"
    )
    events = load_timeline_file(path, tz=UTC)
    assert [e.at for e in events] == [utc(14, 32), utc(14, 35, 10)]


def test_csv_bare_times_use_the_given_day(tmp_path: Path) -> None:
    path = write(tmp_path, "log.csv", "time,text\n14:32,deploy\n2:35 pm,alert\n")
    events = load_timeline_file(path, tz=UTC, day=DAY)
    assert [e.at for e in events] == [utc(14, 32), utc(14, 35)]


def test_csv_tab_separated_with_quotes_and_epoch(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "log.tsv",
        'time\ttext\n1776263520\t"deploy, with a comma"\n1776263700000\t"alert\nspanning lines"\n',
    )
    events = load_timeline_file(path)
    assert [(e.at, e.text) for e in events] == [
        (utc(14, 32), "deploy, with a comma"),
        (utc(14, 35), "alert\nspanning lines"),
    ]


def test_csv_rows_come_out_in_time_order_and_ties_keep_file_order(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "log.csv",
        "time,text\n2026-04-15T14:40Z,later\n2026-04-15T14:32Z,first\n2026-04-15T14:32Z,second\n",
    )
    assert [e.text for e in load_timeline_file(path)] == ["first", "second", "later"]


def test_csv_blank_rows_are_not_events(tmp_path: Path) -> None:
    path = write(tmp_path, "log.csv", "time,text\n\n2026-04-15T14:32Z,deploy\n,\n")
    assert len(load_timeline_file(path)) == 1


def test_csv_bad_time_names_file_and_line(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "deploys.csv",
        "time,text\n2026-04-15T14:32Z,deploy\n2026-04-15T14:33Z,errors\n25:99,broken\n",
    )
    with pytest.raises(ImportFailed) as caught:
        load_timeline_file(path)
    assert str(caught.value).startswith("deploys.csv, line 4: '25:99' is not a time")
    assert caught.value.line == 4


def test_csv_line_numbers_count_multi_line_cells(tmp_path: Path) -> None:
    path = write(tmp_path, "log.csv", 'time,text\n2026-04-15T14:32Z,"two\nlines"\nnope,bad\n')
    with pytest.raises(ImportFailed, match=r"log\.csv, line 4: 'nope' is not a time"):
        load_timeline_file(path)


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("time,text\n2026-04-15T14:32Z,\n", "line 2: the 'text' cell is empty"),
        ("time,text\n,deploy\n", "line 2: the 'time' cell is empty"),
        ("time,text\n2026-04-15T14:32Z,deploy,extra\n", "line 2: has 3 cells but the header has 2"),
        ('time,text\n2026-04-15T14:32Z,"deploy\n', "the CSV is broken here"),
        ("time,text\n", "contains no events"),
        ("time,text,marker\n2026-04-15T14:32Z,deploy,root cause\n", "'root cause' is not one of"),
        ("stamp,words\n2026-04-15T14:32Z,deploy\n", "choose which column holds the time"),
    ],
)
def test_broken_csv_is_refused(tmp_path: Path, content: str, says: str) -> None:
    path = write(tmp_path, "broken.csv", content)
    with pytest.raises(ImportFailed) as caught:
        load_timeline_file(path)
    assert says in str(caught.value)
    assert str(caught.value).startswith("broken.csv")


def test_csv_trailing_empty_cells_are_fine(tmp_path: Path) -> None:
    path = write(tmp_path, "log.csv", "time,text\n2026-04-15T14:32Z,deploy,,\n")
    assert len(load_timeline_file(path)) == 1


def test_csv_mapping_to_a_missing_column_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "log.csv", "time,text\n2026-04-15T14:32Z,deploy\n")
    with pytest.raises(
        ImportFailed, match=r"has no column 'Message' \(its columns are: time, text\)"
    ):
        load_timeline_file(path, mapping=CsvMapping(time="time", text="Message"))


def test_one_bad_row_imports_nothing(tmp_path: Path) -> None:
    rows = "".join(f"2026-04-15T14:{m:02d}Z,event {m}\n" for m in range(30))
    path = write(tmp_path, "log.csv", "time,text\n" + rows + "later,bad\n")
    with pytest.raises(ImportFailed, match="line 32"):
        load_timeline_file(path)


# --------------------------------------------------------------------------------------------
# JSON list
# --------------------------------------------------------------------------------------------


def test_json_list_with_optional_keys(tmp_path: Path) -> None:
    items = [
        {"time": "2026-04-15T14:35:00Z", "text": "alert", "source": "alert", "marker": "detection"},
        {"at": 1776263520, "text": "deploy", "seen": "green build", "believed": "safe"},
        {"time": "14:40", "text": "rollback", "marker": None, "done_next": "rolled back",
         "added_by": "Mei Chen"},
    ]  # fmt: skip
    path = write(tmp_path, "t.json", json.dumps(items))
    events = load_timeline_file(path, tz=UTC)
    assert [(e.at, e.text, e.source, e.marker) for e in events] == [
        (utc(14, 32), "deploy", "manual", None),
        (utc(14, 35), "alert", "alert", Marker.DETECTION),
        (utc(14, 40), "rollback", "manual", None),
    ]
    assert (events[0].seen, events[0].believed) == ("green build", "safe")
    assert (events[2].done_next, events[2].added_by) == ("rolled back", "Mei Chen")
    assert events[0].added_by == ""


def test_json_object_holding_events(tmp_path: Path) -> None:
    path = write(
        tmp_path, "t.json", json.dumps({"events": [{"time": "2026-04-15T14:32Z", "text": "x"}]})
    )
    assert [e.at for e in load_timeline_file(path)] == [utc(14, 32)]


def test_bad_json_names_line_and_column(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "t.json",
        '[\n  {"time": "14:32", "text": "a"},\n  {"time": "14:33" "text": "b"}\n]',
    )
    with pytest.raises(ImportFailed) as caught:
        load_timeline_file(path)
    assert str(caught.value).startswith("t.json, line 3: is not valid JSON here, at column")


@pytest.mark.parametrize(
    ("items", "says"),
    [
        (
            [{"time": "2026-04-15T14:32Z", "text": "a"}, {"when": "14:33", "text": "b"}],
            't.json, line 3 (item 2): has no "time" (its keys: when, text)',
        ),
        (
            [{"time": "2026-04-15T14:32Z", "text": "a"}, {"time": "14:33", "what": "b"}],
            'line 3 (item 2): has no "text"',
        ),
        (
            [{"time": "2026-04-15T14:32Z", "text": "a"}, {"time": "14:99", "text": "b"}],
            "line 3 (item 2): '14:99' is not a time",
        ),
        ([{"time": "14:32", "text": "  "}], 'line 2 (item 1): its "text" is empty'),
        ([{"time": "14:32", "text": None}], 'line 2 (item 1): its "text" is null'),
        ([{"time": None, "text": "a"}], 'line 2 (item 1): its "time" is null'),
        ([{"time": "14:32", "text": 7}], 'line 2 (item 1): its "text" is a number, not text'),
        ([{"time": True, "text": "a"}], "the time is true"),
        ([{"time": "2026-04-15T14:32Z", "text": "a", "marker": "blame"}], "'blame' is not one of"),
        ([{"time": "2026-04-15T14:32Z", "text": "a", "source": 7}], "must be text"),
        (["14:32 deploy"], 'line 2 (item 1): is "14:32 deploy", not an object'),
        ([], "contains no events"),
    ],
)
def test_broken_json_items_are_refused(tmp_path: Path, items: list[object], says: str) -> None:
    path = write(tmp_path, "t.json", "[\n" + ",\n".join(json.dumps(i) for i in items) + "\n]")
    with pytest.raises(ImportFailed) as caught:
        load_timeline_file(path, tz=UTC)
    assert says in str(caught.value)


def test_json_that_is_no_known_timeline_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "t.json", '{"name": "payment-service", "version": "2.4.1"}')
    with pytest.raises(ImportFailed, match="not a timeline pmdesk knows"):
        load_timeline_file(path)


def test_json_with_explicit_format_but_wrong_shape(tmp_path: Path) -> None:
    path = write(tmp_path, "t.json", '{"name": "x"}')
    with pytest.raises(
        ImportFailed, match=r"should hold a list of items \(or an object with 'events'"
    ):
        load_timeline_file(path, fmt="json")


# --------------------------------------------------------------------------------------------
# Slack, PagerDuty, Opsgenie
# --------------------------------------------------------------------------------------------


def test_slack_messages_object_and_name_fallbacks(tmp_path: Path) -> None:
    data = {
        "messages": [
            {"ts": "1776263520.000100", "user": "U1", "user_name": "ana", "text": "hi <!here>"},
            {"ts": "1776263580", "username": "deploy-bot", "text": "", "files": [{"id": "F1"}]},
            {"ts": "1776263640.1", "user": "U9", "text": "see <#C01|inc-payments>"},
        ]
    }
    path = write(tmp_path, "c.json", json.dumps(data))
    events = load_timeline_file(path)
    assert [(e.at, e.text) for e in events] == [
        (utc(14, 32), "ana: hi @here"),
        (utc(14, 33), "deploy-bot: (shared a file)"),
        (utc(14, 34), "U9: see #inc-payments"),
    ]


def test_slack_users_file_is_explained(tmp_path: Path) -> None:
    path = write(
        tmp_path, "users.json", json.dumps([{"id": "U1", "name": "ana", "real_name": "Ana"}])
    )
    with pytest.raises(ImportFailed, match=r"looks like Slack's users\.json"):
        load_timeline_file(path)


@pytest.mark.parametrize(
    ("message", "says"),
    [
        ({"text": "no ts", "user": "U1"}, 'line 3 (message 2): has no "ts"'),
        ({"ts": "yesterday", "text": "x"}, 'has "ts" "yesterday", which is not a Slack timestamp'),
    ],
)
def test_broken_slack_messages(tmp_path: Path, message: dict[str, str], says: str) -> None:
    good = {"ts": "1776263520.000100", "text": "ok"}
    path = write(tmp_path, "c.json", "[\n" + json.dumps(good) + ",\n" + json.dumps(message) + "\n]")
    with pytest.raises(ImportFailed) as caught:
        load_timeline_file(path, fmt="slack")
    assert says in str(caught.value)


def test_pagerduty_list_in_reverse_order_with_repeated_types(tmp_path: Path) -> None:
    entries = [
        {"type": "resolve_log_entry", "created_at": "2026-04-15T14:50:30Z"},
        {"type": "acknowledge_log_entry", "created_at": "2026-04-15T14:45:00Z", "summary": "Acknowledged again"},
        {"type": "escalate_log_entry", "created_at": "2026-04-15T14:40:00Z"},
        {"type": "acknowledge_log_entry_reference", "created_at": "2026-04-15T14:37:10Z", "summary": "Acknowledged by Ana"},
        {"type": "trigger_log_entry", "created_at": "2026-04-15T14:35:02Z", "summary": "Triggered"},
    ]  # fmt: skip
    path = write(tmp_path, "pd.json", json.dumps(entries))
    events = load_timeline_file(path)
    assert [(e.at.strftime("%H:%M"), e.text, e.marker) for e in events] == [
        ("14:35", "Triggered", Marker.DETECTION),
        ("14:37", "Acknowledged by Ana", Marker.ACKNOWLEDGEMENT),
        ("14:40", "Incident escalated", None),
        ("14:45", "Acknowledged again", None),
        ("14:50", "Incident resolved", Marker.RESOLUTION),
    ]


@pytest.mark.parametrize(
    ("entry", "says"),
    [
        ({"type": "trigger_log_entry"}, "log entry 2 of 'log_entries': has no \"created_at\""),
        ({"created_at": "2026-04-15T14:36:00Z"}, 'has neither "summary" nor "type"'),
        ({"created_at": "later", "summary": "x"}, "\"created_at\": 'later' is not a time"),
    ],
)
def test_broken_pagerduty_entries(tmp_path: Path, entry: dict[str, str], says: str) -> None:
    good = {"type": "trigger_log_entry", "created_at": "2026-04-15T14:35:02Z"}
    path = write(tmp_path, "pd.json", json.dumps({"log_entries": [good, entry]}))
    with pytest.raises(ImportFailed) as caught:
        load_timeline_file(path)
    assert says in str(caught.value)


def test_opsgenie_lower_case_columns_epoch_and_notes(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "og.csv",
        "date,log,type,owner\n"
        "1776263701204,Alert created via API,system,System\n"
        "1776263829877,I acknowledged the pager too late?,note,ana\n"
        "1776263830000,Alert acknowledged via web,system,ana\n",
    )
    events = load_timeline_file(path)
    assert [(e.text, e.marker) for e in events] == [
        ("Alert created via API", Marker.DETECTION),
        ("I acknowledged the pager too late? (ana)", None),
        ("Alert acknowledged via web (ana)", Marker.ACKNOWLEDGEMENT),
    ]
    assert events[0].at == utc(14, 35, 1) + timedelta(milliseconds=204)


def test_opsgenie_json_as_the_api_returns_it(tmp_path: Path) -> None:
    data = {
        "data": [
            {"log": "Alert closed via web", "type": "system", "owner": "ana@example.com",
             "createdAt": "2026-04-15T14:50:28.113Z", "offset": "1"},
        ]
    }  # fmt: skip
    path = write(tmp_path, "og.json", json.dumps(data))
    assert detect_format(path) == "opsgenie"
    (event,) = load_timeline_file(path)
    assert event.marker is Marker.RESOLUTION


def test_opsgenie_csv_without_log_column_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "og.csv", "CreatedAt,Text\n2026-04-15T14:35:01Z,x\n")
    assert detect_format(path) == "csv"
    with pytest.raises(ImportFailed, match="needs a CreatedAt"):
        load_timeline_file(path, fmt="opsgenie")


def test_opsgenie_bad_time_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "og.csv", "CreatedAt,Log\n2026-04-15T14:35:01Z,ok\nnever,bad\n")
    with pytest.raises(ImportFailed, match=r"og\.csv, line 3: 'never' is not a time"):
        load_timeline_file(path)


# --------------------------------------------------------------------------------------------
# Files that are not timelines at all
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"", "is empty"),
        (b"  \n\n\t ", "is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "is a binary file"),
        (b"PK\x03\x04\x14\x00\x00\x00", "is a damaged or truncated zip archive"),
        (b"time,text\n2026-04-15T14:32Z,caf\xe9 down\n", "line 2: is not UTF-8 text"),
        (b"\xff\xfe" + "x".encode("utf-16-le") + b"\x00\xd8", "damaged UTF-16"),
    ],
)
def test_files_that_are_not_text_are_refused(tmp_path: Path, content: bytes, says: str) -> None:
    path = write(tmp_path, "input.csv", content)
    with pytest.raises(ImportFailed) as caught:
        load_timeline_file(path)
    assert says in str(caught.value)
    assert str(caught.value).startswith("input.csv")


def test_utf16_and_bom_files_are_read(tmp_path: Path) -> None:
    text = "time,text\n2026-04-15T14:32Z,Störung 障害\n"
    utf16 = write(tmp_path, "u16.csv", text.encode("utf-16"))
    bom = write(tmp_path, "bom.csv", b"\xef\xbb\xbf" + text.encode("utf-8"))
    for path in (utf16, bom):
        assert [e.text for e in load_timeline_file(path)] == ["Störung 障害"]
    assert csv_columns(bom) == ["time", "text"]


def test_missing_file_and_folder_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ImportFailed, match=r"nothing\.csv: no such file"):
        load_timeline_file(tmp_path / "nothing.csv")
    # A folder can only be a Slack export; an empty one says what it should hold.
    with pytest.raises(ImportFailed, match="holds no Slack channel files"):
        load_timeline_file(tmp_path)


def test_unknown_format_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "t.csv", "time,text\n2026-04-15T14:32Z,x\n")
    with pytest.raises(
        ImportFailed,
        match="choose one of csv, json, slack, pagerduty, opsgenie, alertmanager, statuspage, vtt, zoom-chat, sheet",
    ):
        load_timeline_file(path, fmt="xml")


def test_csv_given_as_slack_is_refused_as_json(tmp_path: Path) -> None:
    path = write(tmp_path, "t.csv", "time,text\n2026-04-15T14:32Z,x\n")
    with pytest.raises(
        ImportFailed, match=r"t\.csv, line 1: is not JSON \(a JSON file starts with"
    ):
        load_timeline_file(path, fmt="slack")


def test_import_failure_is_a_value_error_with_its_parts(tmp_path: Path) -> None:
    path = write(tmp_path, "t.csv", "time,text\nx,y\n")
    with pytest.raises(ValueError) as caught:
        load_timeline_file(path)
    error = caught.value
    assert isinstance(error, ImportFailed)
    assert (error.path, error.line) == (path, 2)
    assert "'x' is not a time" in error.reason


def test_pagerduty_newest_first_keeps_notes_and_same_second_order() -> None:
    events = load_timeline_file(SAMPLES / "pagerduty-log-entries-newest-first.json")
    assert [(e.at.strftime("%H:%M:%S"), e.text, e.marker) for e in events] == [
        ("14:35:02", "Triggered through the API: PaymentErrorRateHigh on payment-service",
         Marker.DETECTION),
        ("14:35:02", "Assigned to Ana Souza (payment-service, automatically)", None),
        ("14:35:05", "Notified Ana Souza by phone (payment-service, automatically)", None),
        ("14:37:10", "Acknowledged by Ana Souza (from the mobile app)", Marker.ACKNOWLEDGEMENT),
        ("14:41:10", "Note by Ana Souza: Rolling back payment-service to v2.4.0; the pool size "
         "in v2.4.1 looks wrong", None),
        ("14:50:30", "Resolved by Ana Souza (on the website)", Marker.RESOLUTION),
    ]  # fmt: skip


@pytest.mark.parametrize(
    "entry",
    [
        {"note": "DB failover started"},
        {"channel": {"type": "note", "content": "DB failover started"}},
        {"channel": {"type": "note", "summary": "DB failover started"}},
    ],
)
def test_a_pagerduty_note_keeps_its_text_and_author(tmp_path: Path, entry: dict[str, Any]) -> None:
    note = {
        "type": "annotate_log_entry",
        "summary": "Note added",
        "created_at": "2026-04-15T14:40:00Z",
        "agent": {"type": "user_reference", "summary": "Mei Chen"},
        **entry,
    }
    path = write(tmp_path, "pd.json", json.dumps({"log_entries": [note]}))
    (event,) = load_timeline_file(path)
    assert event.text == "Note by Mei Chen: DB failover started"


def test_opsgenie_newest_first_keeps_same_second_order(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "og.csv",
        "CreatedAt,Type,Owner,Log\n"
        "2026-04-15T14:37:09Z,system,ana,Alert acknowledged via mobile\n"
        "2026-04-15T14:35:01Z,note,ana,Paged twice; first page went to the old phone\n"
        "2026-04-15T14:35:01Z,system,System,Alert created via API\n",
    )
    events = load_timeline_file(path)
    assert [e.text for e in events] == [
        "Alert created via API",
        "Paged twice; first page went to the old phone (ana)",
        "Alert acknowledged via mobile (ana)",
    ]
    assert events[0].marker == Marker.DETECTION
