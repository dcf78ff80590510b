"""Bad input of every kind ends in one clear line and exit 2, before anything is read or written."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.conftest import pmdesk_env
from tests.faults.conftest import SAMPLE, one_clear_line, pmdesk


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "pm.sqlite3")
    assert pmdesk("--db", path, "import", str(SAMPLE))[0] == 0
    return path


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """In a child process with a time limit: a hang on a pipe fails the test instead of it."""
    return subprocess.run(
        [sys.executable, "-m", "pmdesk", *args],
        input="",
        capture_output=True,
        text=True,
        timeout=30,
        env=pmdesk_env(),
        cwd=cwd,
    )


def test_a_named_pipe_is_refused_at_once_everywhere(db: str, tmp_path: Path) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    for args, words in (
        (["--db", db, "import", str(pipe)], "is a named pipe, not a file"),
        (["--db", db, "import-timeline", "1", str(pipe)], "is a named pipe, not a file"),
        (["--db", str(pipe), "list"], "is a named pipe, not a database file"),
        (["lint", "--rules", str(pipe)], "is a named pipe, not a file"),
    ):
        result = _run(*args, cwd=tmp_path)
        assert result.returncode == 2
        line = one_clear_line(result.stderr)
        assert str(pipe.name) in line and words in line


@pytest.mark.parametrize("special", ["/dev/zero", "/dev/urandom"])
def test_a_device_is_refused_before_reading(db: str, special: str) -> None:
    code, _, err = pmdesk("--db", db, "import", special)
    assert code == 2 and f"{special}: is a device, not a file" in one_clear_line(err)
    code, _, err = pmdesk("--db", db, "import-timeline", "1", special)
    assert code == 2 and "is a device, not a file" in one_clear_line(err)


def test_a_device_is_refused_as_a_database() -> None:
    code, _, err = pmdesk("--db", "/dev/zero", "list")
    assert code == 2 and "not a database file" in one_clear_line(err)


def test_a_folder_is_refused_as_input(db: str, tmp_path: Path) -> None:
    code, _, err = pmdesk("--db", db, "import", str(tmp_path))
    assert code == 2 and "is a folder, not a file" in one_clear_line(err)


def test_a_huge_file_is_refused_with_the_limit(db: str, tmp_path: Path) -> None:
    huge = tmp_path / "huge.json"
    with open(huge, "wb") as handle:
        handle.truncate(101 * 1024 * 1024)  # sparse: no time or disk spent
    for args in (["import", str(huge)], ["import-timeline", "1", str(huge)]):
        code, _, err = pmdesk("--db", db, *args)
        line = one_clear_line(err)
        assert code == 2 and "larger than 100 MB" in line and "huge.json" in line


@pytest.mark.parametrize("postmortem_id", [str(2**63), str(2**63 - 1), "99999999999999999999999"])
def test_ids_beyond_sqlites_range_are_simply_not_found(db: str, postmortem_id: str) -> None:
    code, _, err = pmdesk("--db", db, "export", postmortem_id, "-o", "-")
    assert code == 2
    assert f"there is no postmortem with id {postmortem_id}" in one_clear_line(err)
    code, _, err = pmdesk("--db", db, "import-timeline", postmortem_id, str(SAMPLE))
    assert code == 2 and "there is no postmortem" in one_clear_line(err)
    code, out, err = pmdesk("--db", db, "actions", "--postmortem", postmortem_id, "--json")
    assert code == 0 and json.loads(out) == [] and err == ""


@pytest.mark.postgres
def test_ids_beyond_postgresqls_range_are_simply_not_found(pg_url: str) -> None:
    assert pmdesk("--db", pg_url, "import", str(SAMPLE))[0] == 0
    for postmortem_id in (str(2**31), str(2**31 + 5), str(2**63)):
        code, _, err = pmdesk("--db", pg_url, "export", postmortem_id, "-o", "-")
        assert code == 2
        assert f"there is no postmortem with id {postmortem_id}" in one_clear_line(err)
        code, out, _ = pmdesk("--db", pg_url, "actions", "--postmortem", postmortem_id, "--json")
        assert code == 0 and json.loads(out) == []


@pytest.mark.postgres
def test_nul_characters_are_stored_safely_in_postgresql(pg_url: str, tmp_path: Path) -> None:
    document = json.loads(SAMPLE.read_text(encoding="utf-8"))
    document["title"] = "Before\u0000after"
    document["timeline"][0]["text"] = "NUL\u0000inside"
    source = tmp_path / "nul.json"
    source.write_text(json.dumps(document), encoding="utf-8")
    code, out, err = pmdesk("--db", pg_url, "import", str(source))
    assert code == 0, err
    code, exported, _ = pmdesk("--db", pg_url, "export", out.strip(), "-f", "json", "-o", "-")
    back = json.loads(exported)
    assert back["title"] == "Before\ufffdafter"
    assert back["timeline"][0]["text"] == "NUL\ufffdinside"


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["export"], "the following arguments are required"),
        (["export", "one", "-o", "x"], "'one' is not a postmortem id"),
        (["export", "1", "-f", "docx", "-o", "x"], "invalid choice: 'docx'"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
        (["list", "--colour"], "unrecognized arguments: --colour"),
    ],
)
def test_usage_errors_are_one_line_naming_the_help(db: str, args: list[str], words: str) -> None:
    code, out, err = pmdesk("--db", db, *args)
    line = one_clear_line(err)
    assert code == 2 and out == ""
    assert words in line and "--help`" in line and line.startswith("pmdesk: error: ")


def test_help_is_still_complete() -> None:
    code, out, _ = pmdesk("export", "--help")
    assert code == 0
    assert "--format" in out and "--output" in out and "--page-size" in out


def test_a_newline_in_an_id_stays_on_one_line(db: str) -> None:
    code, _, err = pmdesk("--db", db, "export", "1\n2", "-o", "-")
    line = one_clear_line(err)
    assert code == 2 and "1\\n2" in line
    code, _, err = pmdesk("--db", db, "actions", "--status", "open\nx")
    assert code == 2 and "open\\nx" in one_clear_line(err)


def test_a_newline_in_a_file_name_stays_on_one_line(db: str, tmp_path: Path) -> None:
    odd = tmp_path / "two\nlines.json"
    code, _, err = pmdesk("--db", db, "import", str(odd))
    assert code == 2 and "two\\nlines.json: no such file" in one_clear_line(err)


def test_a_timeline_item_with_empty_text_says_so(db: str, tmp_path: Path) -> None:
    path = tmp_path / "t.json"
    path.write_text(json.dumps([{"time": "14:32", "text": ""}]), encoding="utf-8")
    code, _, err = pmdesk("--db", db, "import-timeline", "1", str(path))
    line = one_clear_line(err)
    assert code == 2 and 'its "text" is empty' in line and 'has no "text"' not in line
