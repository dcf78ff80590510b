"""`pmdesk actions` as a weekly script uses it: what it prints and the exit codes it returns."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import icalendar
import pytest

from pmdesk.cli.actions import run
from pmdesk.model import ActionItem, ActionStatus, ActionType, Postmortem
from pmdesk.storage.repository import Repository

TODAY = date(2026, 5, 1)


@pytest.fixture
def db(repo: Repository, db_path: Path) -> str:
    repo.create(
        Postmortem(
            title="Payment outage",
            actions=[
                ActionItem("Canary stage", ActionType.PREVENT, "Hana Kobayashi", date(2026, 5, 20)),
                ActionItem("5xx alert", ActionType.DETECT, "Dmitri Volkov", date(2026, 4, 22)),
                ActionItem(
                    "Typed durations",
                    ActionType.PREVENT,
                    "Marcus Chen",
                    date(2026, 4, 24),
                    status=ActionStatus.DONE,
                    done_on=date(2026, 4, 26),
                ),
            ],
        )
    )
    repo.create(
        Postmortem(
            title="DNS 障害 🔥",
            actions=[ActionItem("Lower TTLs", ActionType.MITIGATE, "李雷", date(2026, 5, 10))],
        )
    )
    return str(db_path)


def actions(*argv: str, db: str, today: date = TODAY) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), out, err, db=db, today=today)
    return code, out.getvalue(), err.getvalue()


def test_table_lists_live_items_marks_overdue_and_prints_rates(db: str) -> None:
    code, out, err = actions(db=db)
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].split() == ["POSTMORTEM", "OWNER", "TYPE", "DEADLINE", "STATUS", "DESCRIPTION"]
    alert = next(line for line in lines if "5xx alert" in line)
    assert alert.startswith("!") and "OVERDUE 9d" in alert and "Dmitri Volkov" in alert
    canary = next(line for line in lines if "Canary stage" in line)
    assert not canary.startswith("!") and "2026-05-20" in canary
    assert "Typed durations" not in out  # done: not live
    assert "李雷" in out and "DNS 障害" in out
    assert "1 overdue" in out
    rates = out[out.index("Completion") :]
    assert "#1 Payment outage" in rates
    assert "33% done (1 of 3): 0 on time, 1 late; 1 open, 1 overdue; 0 dropped" in rates
    assert "Overall" in rates and "25% done (1 of 4)" in rates


def test_overdue_exits_1_when_there_are_any_and_0_when_not(db: str) -> None:
    code, out, _ = actions("--overdue", db=db)
    assert code == 1
    assert "5xx alert" in out and "Canary stage" not in out
    code, out, _ = actions("--overdue", db=db, today=date(2026, 4, 1))
    assert code == 0
    assert "No matching action items." in out


def test_without_overdue_flag_overdue_items_do_not_fail_the_run(db: str) -> None:
    assert actions("--status", "all", db=db)[0] == 0


def test_json_is_the_documented_list(db: str) -> None:
    code, out, _ = actions("--json", "--status", "all", db=db)
    assert code == 0
    rows = json.loads(out)
    assert [r["description"] for r in rows] == [
        "5xx alert",
        "Typed durations",
        "Lower TTLs",
        "Canary stage",
    ]
    alert = rows[0]
    assert set(alert) == {
        "postmortem_id",
        "postmortem_title",
        "id",
        "description",
        "type",
        "owner",
        "deadline",
        "status",
        "dropped_reason",
        "done_on",
        "factor_id",
        "overdue",
        "days_overdue",
    }
    assert alert["deadline"] == "2026-04-22" and alert["status"] == "open"
    assert alert["overdue"] is True and alert["days_overdue"] == 9
    assert rows[1]["done_on"] == "2026-04-26" and rows[1]["overdue"] is False
    documented = (Path(__file__).resolve().parents[2] / "docs" / "trackers.md").read_text("utf-8")
    assert all(f"`{key}`" in documented for key in alert)


def test_owner_and_status_filters(db: str) -> None:
    _, out, _ = actions("--json", "--owner", "HANA", db=db)
    assert [r["description"] for r in json.loads(out)] == ["Canary stage"]
    _, out, _ = actions("--json", "--status", "done", db=db)
    assert [r["description"] for r in json.loads(out)] == ["Typed durations"]
    _, out, _ = actions("--json", "--status", "open,done", "--type", "prevent", db=db)
    assert [r["description"] for r in json.loads(out)] == ["Typed durations", "Canary stage"]


def test_rates_follow_the_owner_filter(db: str) -> None:
    _, out, _ = actions("--owner", "marcus", "--status", "all", db=db)
    rates = out[out.index("Completion") :]
    assert "100% done (1 of 1): 0 on time, 1 late" in rates
    assert "DNS" not in rates


def test_csv_for_jira_and_linear(db: str) -> None:
    code, out, _ = actions("--csv", "jira", db=db)
    assert code == 0
    header, *records = list(csv.reader(io.StringIO(out, newline="")))
    assert header[0] == "Summary" and len(records) == 3
    code, out, _ = actions("--csv", "linear", "--overdue", db=db)
    assert code == 1
    header, *records = list(csv.reader(io.StringIO(out, newline="")))
    assert "Title" in header and [r[header.index("Title")] for r in records] == ["5xx alert"]


def test_ics_file_has_one_event_per_deadline(db: str, tmp_path: Path) -> None:
    target = tmp_path / "deadlines.ics"
    code, out, err = actions("--ics", str(target), db=db)
    assert code == 0 and "Canary stage" in out
    assert str(target) in err and "3" in err
    calendar = icalendar.Calendar.from_ical(target.read_bytes())
    assert sorted(str(e["SUMMARY"]) for e in calendar.walk("VEVENT")) == [
        "Due: 5xx alert (Dmitri Volkov)",
        "Due: Canary stage (Hana Kobayashi)",
        "Due: Lower TTLs (李雷)",
    ]


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["--bogus"], "unrecognized arguments: --bogus"),
        (["--status", "finished"], "unknown status 'finished'"),
        (["--csv", "trello"], "invalid choice"),
        (["--json", "--csv", "jira"], "not allowed with"),
        (["--postmortem", "abc"], "invalid int value"),
    ],
)
def test_bad_usage_exits_2_with_one_line(db: str, argv: list[str], words: str) -> None:
    code, out, err = actions(*argv, db=db)
    assert code == 2 and out == ""
    assert words in err
    assert err.count("\n") == 1 and err.startswith("pmdesk actions: error: ")


def test_unwritable_ics_file_exits_2(db: str, tmp_path: Path) -> None:
    code, _, err = actions("--ics", str(tmp_path / "missing" / "x.ics"), db=db)
    assert code == 2 and "cannot be written (the folder does not exist)" in err
    assert err.count("\n") == 1


def test_unusable_database_exits_2_and_is_left_alone(tmp_path: Path) -> None:
    bad = tmp_path / "notes.sqlite3"
    bad.write_text("not a database", encoding="utf-8")
    code, _, err = actions(db=str(bad))
    assert code == 2
    assert str(bad) in err and "not a pmdesk database" in err and "Traceback" not in err
    assert err.count("\n") == 1
    assert bad.read_text(encoding="utf-8") == "not a database"


def test_help_goes_to_stdout_and_exits_0(tmp_path: Path) -> None:
    code, out, err = actions("--help", db=str(tmp_path / "x.sqlite3"))
    assert code == 0 and "--overdue" in out and err == ""


def test_an_empty_database_says_so(tmp_path: Path) -> None:
    code, out, _ = actions(db=str(tmp_path / "new.sqlite3"))
    assert code == 0
    assert "No matching action items." in out
    assert "No action items to count" in out
