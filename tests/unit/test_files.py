"""Atomic writes and input checks, including the path taken where O_TMPFILE does not exist."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from pmdesk import files
from pmdesk.files import FileProblem, atomic_write, one_line, read_input


@pytest.fixture(params=["nameless", "named"])
def temporary_kind(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Both ways of making the hidden file: O_TMPFILE (Linux) and a named one (elsewhere)."""
    if request.param == "named":
        monkeypatch.delattr(os, "O_TMPFILE", raising=False)
    elif not hasattr(os, "O_TMPFILE"):
        pytest.skip("this system has no O_TMPFILE")
    return str(request.param)


def test_a_write_replaces_the_file_whole(tmp_path: Path, temporary_kind: str) -> None:
    target = tmp_path / "report.md"
    target.write_text("old\n", encoding="utf-8")
    assert atomic_write(target, "new ✓\n") == target
    assert target.read_text(encoding="utf-8") == "new ✓\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.md"]


def test_a_failed_write_keeps_the_old_file_and_leaves_nothing(
    tmp_path: Path, temporary_kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.md"
    target.write_text("old\n", encoding="utf-8")

    def full(fd: int, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files.os, "write", full)
    with pytest.raises(FileProblem, match=r"the disk is full\); the previous file is unchanged"):
        atomic_write(target, b"x" * 100_000)
    monkeypatch.undo()
    assert target.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.md"]


def test_a_new_file_gets_the_usual_permissions(tmp_path: Path, temporary_kind: str) -> None:
    target = tmp_path / "new.json"
    atomic_write(target, "{}\n")
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask


def test_read_input_stops_at_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    path.write_bytes(b"x" * 2048)
    assert read_input(path, limit=4096) == b"x" * 2048
    with pytest.raises(FileProblem, match=r"big\.json: is larger than 1 KB"):
        read_input(path, limit=1024)


def test_one_line_shows_control_characters_escaped() -> None:
    assert one_line("a\nb\tc\rd\x00e\u2028f") == "a\\nb\\tc\\rd\\x00e\\u2028f"
    assert one_line("plain ✓ text") == "plain ✓ text"
