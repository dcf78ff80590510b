"""Exports replace a file whole or not at all, and never land on a database."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.conftest import pmdesk_env
from tests.faults.conftest import SAMPLE, Tmpfs, database_contents, one_clear_line, pmdesk


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "pm.sqlite3")
    assert pmdesk("--db", path, "import", str(SAMPLE))[0] == 0
    return path


@pytest.mark.parametrize("fmt", ["json", "md", "pdf"])
def test_an_export_named_like_the_database_is_refused_and_the_database_kept(
    db: str, fmt: str
) -> None:
    before = database_contents(db)
    code, _, err = pmdesk("--db", db, "export", "1", "--format", fmt, "-o", db)
    assert code == 2
    assert "is the open pmdesk database" in one_clear_line(err)
    assert database_contents(db) == before
    assert pmdesk("--db", db, "list", "--json")[1].count('"id"') == 1


def test_the_calendar_export_is_refused_over_the_database(db: str) -> None:
    before = database_contents(db)
    code, _, err = pmdesk("--db", db, "actions", "--ics", db)
    assert code == 2 and "is the open pmdesk database" in one_clear_line(err)
    assert database_contents(db) == before


def test_the_databases_companion_files_are_refused_even_when_absent(db: str) -> None:
    for companion in (db + "-wal", db + "-journal"):
        code, _, err = pmdesk("--db", db, "export", "1", "-o", companion)
        assert code == 2 and "is the open pmdesk database" in one_clear_line(err)


def test_any_sqlite_file_is_refused_as_a_target(db: str, tmp_path: Path) -> None:
    other = tmp_path / "someone-elses.db"
    import sqlite3

    with sqlite3.connect(other) as con:
        con.execute("CREATE TABLE notes (body TEXT)")
    con.close()
    before = other.read_bytes()
    code, _, err = pmdesk("--db", db, "export", "1", "-f", "md", "-o", str(other))
    assert code == 2 and "is an SQLite database" in one_clear_line(err)
    assert other.read_bytes() == before


@pytest.mark.parametrize("target", ["fifo", "/dev/null", "folder"])
def test_special_files_are_refused_as_targets(db: str, tmp_path: Path, target: str) -> None:
    if target == "fifo":
        path = tmp_path / "pipe"
        os.mkfifo(path)
    elif target == "folder":
        path = tmp_path / "folder"
        path.mkdir()
    else:
        path = Path(target)
    code, _, err = pmdesk("--db", db, "export", "1", "-f", "md", "-o", str(path))
    assert code == 2 and "Choose a file name to export to" in one_clear_line(err)
    if target == "/dev/null":
        assert Path("/dev/null").is_char_device()


def test_a_full_disk_keeps_the_previous_export_and_leaves_no_new_file(
    db: str, small_disk: Tmpfs
) -> None:
    old = small_disk.path / "report.md"
    old.write_text("the previous report\n", encoding="utf-8")
    small_disk.fill()
    for fmt, name in (("md", "report.md"), ("pdf", "new.pdf"), ("json", "new.json")):
        code, _, err = pmdesk(
            "--db", db, "export", "1", "-f", fmt, "-o", str(small_disk.path / name)
        )
        assert code == 2
        assert "the disk is full" in one_clear_line(err)
    assert old.read_text(encoding="utf-8") == "the previous report\n"
    assert sorted(p.name for p in small_disk.path.iterdir()) == [
        "filler",
        "filler-small",
        "report.md",
    ]


def test_a_full_disk_keeps_the_previous_calendar(db: str, small_disk: Tmpfs) -> None:
    ics = small_disk.path / "deadlines.ics"
    ics.write_bytes(b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    small_disk.fill()
    code, _, err = pmdesk("--db", db, "actions", "--status", "all", "--ics", str(ics))
    assert code == 2 and "the disk is full" in one_clear_line(err)
    assert ics.read_bytes() == b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"


def test_a_read_only_folder_is_reported_as_read_only(db: str, small_disk: Tmpfs) -> None:
    (small_disk.path / "report.md").write_text("kept\n", encoding="utf-8")
    small_disk.read_only()
    code, _, err = pmdesk(
        "--db", db, "export", "1", "-f", "md", "-o", str(small_disk.path / "report.md")
    )
    line = one_clear_line(err)
    assert code == 2 and "read-only" in line and "damaged" not in line
    assert (small_disk.path / "report.md").read_text(encoding="utf-8") == "kept\n"


def test_a_read_only_file_is_left_as_it_is(db: str, tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    target.write_text("kept\n", encoding="utf-8")
    target.chmod(0o444)
    bound = False
    if os.geteuid() == 0:  # root writes any file: make this one read-only with a bind mount
        for args in (["--bind", str(target), str(target)], ["-o", "remount,ro,bind", str(target)]):
            done = subprocess.run(["mount", *args], capture_output=True, text=True, check=False)
            if done.returncode != 0:
                subprocess.run(["umount", str(target)], capture_output=True, check=False)
                pytest.skip(f"as root a file is read-only only on a read-only mount: {done.stderr}")
        bound = True
    try:
        code, _, err = pmdesk("--db", db, "export", "1", "-f", "md", "-o", str(target))
        assert code == 2 and "is read-only" in one_clear_line(err)
        assert target.read_text(encoding="utf-8") == "kept\n"
    finally:
        if bound:
            subprocess.run(["umount", str(target)], capture_output=True, check=False)


def test_an_export_keeps_the_permissions_of_the_file_it_replaces(db: str, tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o640)
    assert pmdesk("--db", db, "export", "1", "-f", "md", "-o", str(target))[0] == 0
    assert target.read_text(encoding="utf-8").startswith("# Payment service outage")
    assert target.stat().st_mode & 0o777 == 0o640


def test_an_export_through_a_symlink_replaces_the_file_it_points_to(
    db: str, tmp_path: Path
) -> None:
    real = tmp_path / "real.md"
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    assert pmdesk("--db", db, "export", "1", "-f", "md", "-o", str(link))[0] == 0
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8").startswith("# Payment service outage")


# A real `pmdesk export`, held just before its data reaches the disk (inside fsync), so the
# SIGKILL lands in the middle of writing every time.
HOLD_IN_FSYNC = r"""
import os, sys, time

def held(fd):
    print("writing", flush=True)
    time.sleep(120)

os.fsync = held
from pmdesk.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.parametrize("existing", [True, False])
def test_a_kill_while_writing_leaves_the_old_file_and_nothing_else(
    db: str, tmp_path: Path, existing: bool
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "report.pdf"
    if existing:
        target.write_bytes(b"%PDF-1.4 the previous report\n")
    with subprocess.Popen(
        [
            sys.executable,
            "-c",
            HOLD_IN_FSYNC,
            "--db",
            db,
            "export",
            "1",
            "-f",
            "pdf",
            "-o",
            str(target),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=pmdesk_env(),
    ) as process:
        try:
            assert process.stdout is not None and process.stderr is not None
            if process.stdout.readline().strip() != "writing":
                raise AssertionError(process.stderr.read())
            os.kill(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
        finally:
            if process.poll() is None:
                process.kill()
    assert process.returncode == -signal.SIGKILL
    if existing:
        assert target.read_bytes() == b"%PDF-1.4 the previous report\n"
        assert [p.name for p in folder.iterdir()] == ["report.pdf"]
    else:
        assert list(folder.iterdir()) == []  # no 0-byte file, no half-written one


def test_kills_at_any_moment_of_an_export_never_leave_a_partial_file(
    db: str, tmp_path: Path
) -> None:
    import time

    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "report.md"
    target.write_text("old\n", encoding="utf-8")
    complete = pmdesk("--db", db, "export", "1", "-f", "md", "-o", "-")[1]
    for delay in (0.05, 0.3, 0.6, 0.9):
        with subprocess.Popen(
            [
                sys.executable,
                "-m",
                "pmdesk",
                "--db",
                db,
                "export",
                "1",
                "-f",
                "md",
                "-o",
                str(target),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=pmdesk_env(),
        ) as process:
            time.sleep(delay)
            process.kill()
            process.wait(timeout=10)
        # Either the old report or the whole new one, whenever the kill landed.
        assert target.read_text(encoding="utf-8") in ("old\n", complete)
        # A kill in the instant between naming the finished file and renaming it can leave that
        # complete hidden file; never a partial or empty one.
        for leftover in [p for p in folder.iterdir() if p != target]:
            assert leftover.read_text(encoding="utf-8") == complete
            leftover.unlink()
