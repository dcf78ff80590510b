"""Exports for Jira, Linear and calendars: files their importers read, with nothing lost."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta, timezone

import icalendar
import pytest

from pmdesk.model import ActionItem, ActionStatus, ActionType, TrackedAction
from pmdesk.trackers import (
    JIRA_COLUMNS,
    LINEAR_COLUMNS,
    to_ics,
    to_jira_csv,
    to_linear_csv,
)

NOW = datetime(2026, 4, 16, 14, 0, tzinfo=timezone(timedelta(hours=2)))
TITLE = "Payment service outage - April 15, 2026"
ALERT = ActionItem(
    'Add a P99 latency alert at 500 ms on payment-service, "page" on-call; see runbook',
    ActionType.DETECT,
    owner="Dmitri Volkov",
    deadline=date(2026, 4, 22),
    id="ai-alert",
)
CANARY = ActionItem(
    "Enable the canary stage\nwith automatic rollback",
    ActionType.PREVENT,
    owner="Hana Kobayashi",
    deadline=date(2026, 4, 30),
    status=ActionStatus.DONE,
    done_on=date(2026, 4, 28),
    id="ai-canary",
)
UNDATED = ActionItem("Write the rollback runbook", ActionType.MITIGATE, owner="Aisha", id="ai-rb")
DROPPED = ActionItem(
    "Move to a new load balancer",
    ActionType.MITIGATE,
    deadline=date(2026, 6, 1),
    status=ActionStatus.DROPPED,
    dropped_reason="Replaced by the canary",
    id="ai-lb",
)
ROWS = [(TITLE, ALERT), (TITLE, CANARY), (TITLE, UNDATED), (TITLE, DROPPED)]


def parse(text: str) -> tuple[list[str], list[list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    header, *records = list(reader)
    return header, records


# -- Jira ------------------------------------------------------------------------------------------


def test_jira_csv_has_the_columns_jira_maps_and_one_row_per_item() -> None:
    header, records = parse(to_jira_csv(ROWS))
    assert header == list(JIRA_COLUMNS)
    assert header[0] == "Summary" and header.count("Labels") == 3
    assert all(len(r) == len(header) for r in records)
    assert len(records) == 4


def test_jira_csv_values() -> None:
    header, records = parse(to_jira_csv(ROWS))
    alert, canary, undated, dropped = (dict(zip(header, r, strict=False)) for r in records)
    assert alert["Summary"] == ALERT.description
    assert alert["Issue Type"] == "Task"
    assert alert["Priority"] == "Medium"
    assert canary["Priority"] == "High" and undated["Priority"] == "Low"
    assert alert["Status"] == "To Do" and alert["Resolution"] == ""
    assert (canary["Status"], canary["Resolution"]) == ("Done", "Done")
    assert (dropped["Status"], dropped["Resolution"]) == ("Done", "Won't Do")
    assert alert["Assignee"] == "Dmitri Volkov"
    assert alert["Due Date"] == "2026-04-22" and undated["Due Date"] == ""
    assert "Replaced by the canary" in dropped["Description"]
    assert f"From the postmortem: {TITLE}" in alert["Description"]
    labels = [v for k, v in zip(header, records[0], strict=True) if k == "Labels"]
    assert labels == ["postmortem", "action-detect", ""]
    assert all(" " not in label for label in labels)


def test_jira_summary_is_one_line_and_at_most_255_characters() -> None:
    long = ActionItem("Add a guard " * 40 + "\nsecond line", owner="Ana")
    header, records = parse(to_jira_csv([(TITLE, long), (TITLE, CANARY)]))
    summary = records[0][0]
    assert len(summary) <= 255 and summary.endswith("…") and "\n" not in summary
    assert records[1][0] == "Enable the canary stage with automatic rollback"
    assert "second line" in records[0][header.index("Description")]


def test_tracker_rows_carry_the_postmortem_id_as_a_label() -> None:
    rows = [TrackedAction(12, TITLE, ALERT)]
    _, records = parse(to_jira_csv(rows))
    assert "postmortem-12" in records[0]
    _, linear = parse(to_linear_csv(rows))
    assert linear[0][LINEAR_COLUMNS.index("Title")] == ALERT.description


def test_any_script_survives_the_csv_round_trip() -> None:
    item = ActionItem("Añadir alerta 🚨 für 支付服务 — תשלום", owner="李雷", id="x")
    for text in (to_jira_csv([("Ausfall 🔥", item)]), to_linear_csv([("Ausfall 🔥", item)])):
        _, records = parse(text)
        assert item.description in records[0]
        assert "李雷" in records[0]


# -- Linear ----------------------------------------------------------------------------------------


def test_linear_csv_has_linears_export_columns() -> None:
    header, records = parse(to_linear_csv(ROWS))
    assert header == list(LINEAR_COLUMNS)
    for column in ("Title", "Description", "Status", "Priority", "Assignee", "Labels", "Due Date"):
        assert column in header
    assert all(len(r) == len(header) for r in records)


def test_linear_csv_values() -> None:
    header, records = parse(to_linear_csv(ROWS))
    alert, canary, undated, dropped = (dict(zip(header, r, strict=True)) for r in records)
    assert alert["Title"] == ALERT.description
    assert alert["Status"] == "Todo" and canary["Status"] == "Done"
    assert dropped["Status"] == "Canceled"
    assert (canary["Priority"], alert["Priority"], undated["Priority"]) == ("High", "Medium", "Low")
    assert alert["Assignee"] == "Dmitri Volkov"
    assert alert["Labels"].split(", ") == ["postmortem", "action-detect"]
    assert alert["Due Date"] == "2026-04-22" and undated["Due Date"] == ""
    assert canary["Completed"] == "2026-04-28" and alert["Completed"] == ""
    # Linear's importer skips archived rows: never write anything there.
    assert {r["Archived"] for r in (alert, canary, undated, dropped)} == {""}


def test_linear_csv_keeps_formulas_from_running_like_linear_does() -> None:
    item = ActionItem("=HYPERLINK(evil)", owner="@ana", id="f")
    header, records = parse(to_linear_csv([(TITLE, item)]))
    row = dict(zip(header, records[0], strict=True))
    assert row["Title"] == "'=HYPERLINK(evil)"
    assert row["Assignee"] == "'@ana"


# -- iCalendar -------------------------------------------------------------------------------------


def events(text: str) -> list[icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(text)
    return list(calendar.walk("VEVENT"))


def test_one_all_day_event_per_deadline() -> None:
    found = events(to_ics(ROWS, now=NOW))
    assert len(found) == 3  # the undated item has no event
    by_uid = {str(e["UID"]): e for e in found}
    alert = by_uid["ai-alert@pmdesk"]
    assert alert["DTSTART"].dt == date(2026, 4, 22)
    assert not isinstance(alert["DTSTART"].dt, datetime)
    assert alert["DTEND"].dt == date(2026, 4, 23)
    assert str(alert["SUMMARY"]) == f"Due: {ALERT.description} (Dmitri Volkov)"
    assert TITLE in str(alert["DESCRIPTION"]) and "Detect" in str(alert["DESCRIPTION"])
    assert alert["DTSTAMP"].dt == datetime(2026, 4, 16, 12, 0, tzinfo=UTC)
    assert str(by_uid["ai-lb@pmdesk"]["STATUS"]) == "CANCELLED"
    assert str(by_uid["ai-lb@pmdesk"]["SUMMARY"]).endswith("(no owner)")


def test_ics_uses_crlf_folds_long_lines_and_escapes_text() -> None:
    text = to_ics(ROWS, now=NOW)
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")
    assert all(len(line.encode("utf-8")) <= 75 for line in text.split("\r\n"))
    assert "\\;" in text and "\\," in text and "\\n" in text
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:")


def test_folding_never_splits_a_character() -> None:
    item = ActionItem("支付服务告警 🚨 " * 30, owner="李雷", deadline=date(2026, 5, 1), id="cjk")
    text = to_ics([("障害", item)], now=NOW)
    text.encode("utf-8")  # raises on a split surrogate
    assert all(len(line.encode("utf-8")) <= 75 for line in text.split("\r\n"))
    (event,) = events(text)
    assert str(event["SUMMARY"]) == f"Due: {' '.join(item.description.split())} (李雷)"


def test_uids_are_stable_across_exports_and_unique_within_one() -> None:
    first = {str(e["UID"]) for e in events(to_ics(ROWS, now=NOW))}
    later = {str(e["UID"]) for e in events(to_ics(ROWS, now=NOW + timedelta(days=3)))}
    assert first == later
    # The same file imported twice gives two postmortems with the same item ids.
    twice = [TrackedAction(1, TITLE, ALERT), TrackedAction(2, TITLE, ALERT)]
    uids = [str(e["UID"]) for e in events(to_ics(twice, now=NOW))]
    assert len(set(uids)) == 2


def test_no_deadlines_gives_an_empty_but_valid_calendar() -> None:
    text = to_ics([(TITLE, UNDATED)], now=NOW)
    assert events(text) == []
    assert icalendar.Calendar.from_ical(text)["VERSION"] == "2.0"


@pytest.mark.parametrize("control", ["\x00", "\x07", "\x1b"])
def test_control_characters_cannot_break_the_file(control: str) -> None:
    item = ActionItem(f"Add{control} alert", owner="Ana", deadline=date(2026, 5, 1), id="c")
    (event,) = events(to_ics([(TITLE, item)], now=NOW))
    assert str(event["SUMMARY"]) == "Due: Add alert (Ana)"
