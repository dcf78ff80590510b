"""Every sample import format, broken the ways files break: cut short, or given as another format.

Each refusal names the file (and the line when there is one) and nothing is imported.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from pmdesk.timeline.load import FORMATS, detect_format, load_timeline_file
from pmdesk.timeline.reading import ImportFailed

SAMPLES = Path(__file__).parents[2] / "resources" / "samples" / "timeline"
FILES = sorted(
    p for p in SAMPLES.iterdir() if p.suffix in (".json", ".csv", ".tsv", ".txt", ".vtt")
)
DAY = date(2026, 4, 15)
START = datetime(2026, 4, 15, 14, 38, tzinfo=UTC)
# An Opsgenie log is a CSV too, and a CSV with a time and a message column reads as one.
TABLES = {"csv", "opsgenie"}


def load(path: Path, fmt: str | None = None) -> object:
    return load_timeline_file(path, fmt=fmt, day=DAY, tz=UTC, starts_at=START)


def test_every_sample_imports_as_the_format_it_is() -> None:
    assert {detect_format(p) for p in FILES} == set(FORMATS)
    for path in FILES:
        assert load(path), path.name


@pytest.mark.parametrize(
    ("path", "fmt"),
    [
        (path, fmt)
        for path in FILES
        for fmt in FORMATS
        if fmt != detect_format(path) and not {fmt, detect_format(path)} <= TABLES
    ],
    ids=lambda value: value.name if isinstance(value, Path) else value,
)
def test_a_file_given_as_another_format_is_refused_by_name(path: Path, fmt: str) -> None:
    with pytest.raises(ImportFailed) as refused:
        load(path, fmt)
    assert str(refused.value).startswith(path.name)
    assert "\n" not in str(refused.value)


@pytest.mark.parametrize("path", [p for p in FILES if p.suffix == ".json"], ids=lambda p: p.name)
def test_a_json_export_cut_short_names_the_line(path: Path, tmp_path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    cut = tmp_path / path.name
    cut.write_text(text[: len(text) * 3 // 5], encoding="utf-8")
    with pytest.raises(ImportFailed, match=rf"^{path.name}, line \d+: is not valid JSON here"):
        load(cut)


@pytest.mark.parametrize(
    "path", [p for p in FILES if p.suffix in (".csv", ".tsv")], ids=lambda p: p.name
)
def test_a_table_cut_in_the_middle_of_a_row_names_the_line(path: Path, tmp_path: Path) -> None:
    text = path.read_text(encoding="utf-8").rstrip("\n")
    last = text.rindex("\n")
    cut = tmp_path / path.name
    # The last row loses its last cells, as a download that stopped early leaves it.
    row = text[last + 1 :]
    separator = "\t" if path.suffix == ".tsv" else ","
    cut.write_text(text[: last + 1] + row.split(separator)[0], encoding="utf-8")
    with pytest.raises(ImportFailed, match=rf"^{path.name}, line \d+: "):
        load(cut)
