"""CSV and TSV files as people write them in spreadsheets: headers, zones and day-first dates."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from pmdesk.timeline.load import load_timeline_file
from pmdesk.timeline.reading import ImportFailed
from pmdesk.timeline.spreadsheet import (
    DAY_FIRST,
    MONTH_FIRST,
    CsvMapping,
    csv_columns,
    csv_date_order,
    date_order,
    guess_mapping,
    header_zone,
)

SAMPLES = Path(__file__).parents[2] / "resources" / "samples" / "timeline"


def write(tmp_path: Path, name: str, text: str, bom: bool = False) -> Path:
    path = tmp_path / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def test_the_day_first_sheet_with_a_bom_imports_as_written() -> None:
    path = SAMPLES / "incident-sheet.csv"
    mapping = guess_mapping(csv_columns(path))
    assert (mapping.time, mapping.text, mapping.source) == ("Time (UTC)", "What happened", "Source")
    assert csv_date_order(path, mapping) == (True, DAY_FIRST)
    events = load_timeline_file(path, mapping=mapping)
    assert events[0].at == datetime(2026, 4, 15, 14, 32, tzinfo=UTC)
    assert events[0].text == "Deploy of payment-service v2.4.1 to production"
    assert events[4].text == "Rollback done, errors back to 0.2%"


def test_a_month_first_tsv_with_date_and_time_columns_in_cet() -> None:
    path = SAMPLES / "incident-sheet-month-first.tsv"
    mapping = guess_mapping(csv_columns(path))
    assert (mapping.date, mapping.time, mapping.text) == ("Date", "Time (CET)", "Event")
    assert csv_date_order(path, mapping) == (True, MONTH_FIRST)
    events = load_timeline_file(path, mapping=mapping)
    # 16:32 in Central European summer time is 14:32 UTC.
    assert events[0].at == datetime(2026, 4, 15, 14, 32, tzinfo=UTC)
    assert [e.text for e in events][-1] == "Checkout success rate recovered"


@pytest.mark.parametrize(
    ("header", "zone"),
    [
        ("Time (UTC)", UTC),
        ("When (CET)", ZoneInfo("CET")),
        ("Time (UTC+2)", timezone(timedelta(hours=2))),
        ("Time (-05:30)", timezone(-timedelta(hours=5, minutes=30))),
        ("Time (Europe/Lisbon)", ZoneInfo("Europe/Lisbon")),
        ("Time (PDT)", ZoneInfo("America/Los_Angeles")),
        ("Time", None),
        ("Time (approximate)", None),
    ],
)
def test_a_zone_is_read_from_the_header(header: str, zone: object) -> None:
    assert header_zone(header) == zone


@pytest.mark.parametrize("header", ["Time (UTC)", "when", "Timestamp", "TIME"])
def test_time_headers_as_people_type_them(header: str) -> None:
    assert guess_mapping([header, "What happened"]).time == header


@pytest.mark.parametrize("header", ["What happened", "Event", "Description", "what"])
def test_text_headers_as_people_type_them(header: str) -> None:
    assert guess_mapping(["Time", header]).text == header


def test_date_order_is_settled_by_the_data() -> None:
    assert date_order(["03/04/2026 10:00", "13/04/2026 10:00"]) == DAY_FIRST
    assert date_order(["03/04/2026", "04/13/2026"]) == MONTH_FIRST
    assert date_order(["03/04/2026", "05/06/26"]) is None
    assert date_order(["2026-04-13 10:00"]) is None


def test_an_unsettled_date_order_asks_and_adds_nothing(tmp_path: Path) -> None:
    path = write(tmp_path, "notes.csv", "When,What happened\n03/04/2026 14:32,Deploy\n")
    with pytest.raises(ImportFailed) as caught:
        load_timeline_file(path)
    assert str(caught.value) == (
        "notes.csv, line 2: cannot tell whether '03/04/2026 14:32' is day-first or month-first,"
        " and no date in the file settles it; choose the date order"
    )
    day_first = load_timeline_file(
        path, mapping=CsvMapping("When", "What happened", date_order=DAY_FIRST), tz=UTC
    )
    assert day_first[0].at == datetime(2026, 4, 3, 14, 32, tzinfo=UTC)
    month_first = CsvMapping("When", "What happened", date_order=MONTH_FIRST)
    assert load_timeline_file(path, mapping=month_first, tz=UTC)[0].at.month == 3


def test_a_date_that_breaks_the_order_names_its_line(tmp_path: Path) -> None:
    path = write(
        tmp_path, "sheet.csv", "Time,Event\n13/04/2026 10:00,a\n04/13/2026 10:05,b\n", bom=True
    )
    with pytest.raises(
        ImportFailed, match=r"sheet\.csv, line 3: '04/13/2026 10:05' has no month 13"
    ):
        load_timeline_file(path)


def test_a_truncated_sheet_is_refused(tmp_path: Path) -> None:
    text = (SAMPLES / "incident-sheet.csv").read_text(encoding="utf-8-sig")
    path = write(tmp_path, "cut.csv", text[: text.index("Checkout") + 5], bom=True)
    with pytest.raises(ImportFailed, match=r"cut\.csv, line 3: ends in the middle of a row"):
        load_timeline_file(path)
    path = write(tmp_path, "cut.csv", text[: text.index("Rollback done") + 5], bom=True)
    with pytest.raises(ImportFailed, match=r"cut\.csv, line 6: the CSV is broken here"):
        load_timeline_file(path)


def test_a_sheet_of_the_wrong_shape_says_which_columns_it_has(tmp_path: Path) -> None:
    path = write(tmp_path, "people.csv", "Name,Role\nAna,SRE\n")
    with pytest.raises(ImportFailed, match=r"choose which column holds the time \(columns: Name"):
        load_timeline_file(path)
