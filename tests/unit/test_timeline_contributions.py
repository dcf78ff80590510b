"""Contribution sheets: written for each attendee, merged back with folds and conflicts."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from pmdesk.model import Postmortem, TimelineEvent
from pmdesk.timeline.contributions import merge, sheet_csv, sheet_text, write_sheets
from pmdesk.timeline.load import detect_format, load_timeline_file
from pmdesk.timeline.reading import ImportFailed

SAMPLES = Path(__file__).parents[2] / "resources" / "samples" / "timeline"
DAY = date(2026, 4, 15)


def at(hm: str) -> datetime:
    hour, minute = map(int, hm.split(":"))
    return datetime(2026, 4, 15, hour, minute, tzinfo=UTC)


PM = Postmortem(
    title="Checkout errors",
    timeline=[
        TimelineEvent(at=at("14:32"), text="Deploy of payment-service v2.4.1", source="deploy"),
        TimelineEvent(at=at("14:38"), text="Support reports failed card payments", source="ticket"),
    ],
)


def test_a_sheet_written_and_returned_unchanged_adds_nothing(tmp_path: Path) -> None:
    for name, text in (
        ("ana.csv", sheet_csv(PM, "Ana Souza", UTC)),
        ("ana.txt", sheet_text(PM, "Ana Souza", UTC)),
    ):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        assert detect_format(path) == "sheet"
        told = load_timeline_file(path, day=DAY, tz=UTC)
        assert {(e.source, e.added_by) for e in told} == {("contribution", "Ana Souza")}
        result = merge(PM.timeline, told)
        assert (len(result.new), len(result.folded), result.conflicts) == (0, 2, [])


def test_returned_sheets_merge_with_folds_and_a_conflict() -> None:
    mei = load_timeline_file(SAMPLES / "contribution-mei-chen.csv", day=DAY, tz=UTC)
    bruno = load_timeline_file(SAMPLES / "contribution-bruno-lima.txt", day=DAY, tz=UTC)
    timeline = [TimelineEvent(at=e.at, text=e.text, source="deploy") for e in bruno[:1]]
    result = merge(timeline, [*mei, *bruno])
    added = [(e.at.strftime("%H:%M"), e.added_by, e.text) for e in result.new]
    assert (
        "14:31",
        "Bruno Lima",
        "I started the deploy from the pipeline UI; it showed no warnings",
    ) in added
    assert (
        "14:36",
        "Mei Chen",
        "I noticed the pool size in v2.4.1 was 5 instead of 50 while reading the diff",
    ) in added
    # Mei at 14:46 and Bruno at 14:47 told the same check: it arrives once.
    pool = [e for e in result.new if "pool metrics" in e.text]
    assert [(e.added_by, e.at.strftime("%H:%M")) for e in pool] == [("Mei Chen", "14:46")]
    # The same support report at 14:38 and 14:45: the facilitator settles it.
    (conflict,) = result.conflicts
    assert conflict.told.added_by == "Mei Chen" and conflict.told.at == at("14:45")
    assert conflict.timeline.at == at("14:38")


def test_a_sheet_that_lost_its_name_or_header_is_refused(tmp_path: Path) -> None:
    text = sheet_text(PM, "Ana Souza", UTC).replace("Contributor: Ana Souza\n", "")
    path = tmp_path / "ana.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ImportFailed, match=r'ana\.txt: has lost its "Contributor:" line'):
        load_timeline_file(path, day=DAY)
    broken = tmp_path / "mei.csv"
    broken.write_text(
        sheet_csv(PM, "Mei Chen", UTC).replace("Time,What happened", "A,B"), encoding="utf-8"
    )
    with pytest.raises(
        ImportFailed, match=r"mei\.csv, line 2: should have the header Time, What happened"
    ):
        load_timeline_file(broken, day=DAY)
    cut = tmp_path / "cut.csv"
    cut.write_text(sheet_csv(PM, "Mei Chen", UTC) + "2026-04-15 14:4", encoding="utf-8")
    with pytest.raises(ImportFailed, match=r"cut\.csv, line 5: needs a time and what happened"):
        load_timeline_file(cut, day=DAY)


def test_another_format_given_as_a_sheet_is_refused() -> None:
    with pytest.raises(
        ImportFailed, match=r"deploy-log\.csv, line 1: is not a pmdesk contribution sheet"
    ):
        load_timeline_file(SAMPLES / "deploy-log.csv", fmt="sheet")


def test_two_sheets_that_disagree_name_both_contributors(tmp_path: Path) -> None:
    told = []
    for name, when in (("Ana Souza", "14:40"), ("Raj Patel", "14:55")):
        path = tmp_path / f"{name}.txt"
        path.write_text(
            f"pmdesk contribution sheet\nContributor: {name}\n\n{when} The queue stopped draining\n",
            encoding="utf-8",
        )
        told += load_timeline_file(path, day=DAY, tz=UTC)
    result = merge(PM.timeline, told)
    assert [(e.added_by, e.at) for e in result.new] == [("Ana Souza", at("14:40"))]
    (conflict,) = result.conflicts
    assert (conflict.known_by, conflict.told.added_by) == ("Ana Souza", "Raj Patel")


def test_a_conflict_with_the_timeline_names_the_timeline() -> None:
    told = TimelineEvent(
        at=at("14:50"), text="Deploy of payment-service v2.4.1", added_by="Raj Patel"
    )
    (conflict,) = merge(PM.timeline, [told]).conflicts
    assert conflict.known_by == "the timeline"


def test_sheets_are_written_for_each_name_and_read_back(tmp_path: Path) -> None:
    written = write_sheets(PM, ["Mei Chen", "Bruno Lima"], tmp_path, UTC)
    assert [p.name for p in written] == [
        "contribution-mei-chen.csv",
        "contribution-mei-chen.txt",
        "contribution-bruno-lima.csv",
        "contribution-bruno-lima.txt",
    ]
    for path in written:
        told = load_timeline_file(path, day=DAY, tz=UTC)
        assert len(merge(PM.timeline, told).folded) == len(PM.timeline)
    assert {e.added_by for e in load_timeline_file(written[2], day=DAY)} == {"Bruno Lima"}


def test_a_sheet_already_in_the_folder_is_never_replaced(tmp_path: Path) -> None:
    returned = tmp_path / "contribution-mei-chen.csv"
    returned.write_text("what Mei sent back", encoding="utf-8")
    written = write_sheets(PM, ["Mei Chen", "Mei  Chen"], tmp_path, UTC)
    assert returned.read_text(encoding="utf-8") == "what Mei sent back"
    assert [p.name for p in written] == [
        "contribution-mei-chen-2.csv",
        "contribution-mei-chen-2.txt",
        "contribution-mei-chen-3.csv",
        "contribution-mei-chen-3.txt",
    ]
