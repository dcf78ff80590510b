"""The naming and clean-up the language caches share: one file per version in the user's cache
folder, and the files no version writes any more removed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pmdesk.language import caches

DAY = 86_400
NOW = 1_000_000_000.0


def _written(path: Path, days_ago: float) -> Path:
    path.write_bytes(b"kept by some version")
    os.utime(path, (NOW - days_ago * DAY, NOW - days_ago * DAY))
    return path


def test_each_stamp_has_its_own_name_and_the_same_stamp_the_same_one() -> None:
    first = caches.versioned_name("findings-memo", "engine-1", ".bin")
    assert first == caches.versioned_name("findings-memo", "engine-1", ".bin")
    assert first != caches.versioned_name("findings-memo", "engine-2", ".bin")
    assert first.startswith("findings-memo-") and first.endswith(".bin")


def test_the_variable_names_the_exact_file_or_keeps_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("PMDESK_SOME_CACHE", raising=False)
    in_folder = caches.versioned_file("PMDESK_SOME_CACHE", "some", "v1", ".bin")
    assert in_folder == tmp_path / "cache" / "pmdesk" / caches.versioned_name("some", "v1", ".bin")
    monkeypatch.setenv("PMDESK_SOME_CACHE", str(tmp_path / "mine.bin"))
    assert caches.versioned_file("PMDESK_SOME_CACHE", "some", "v1", ".bin") == tmp_path / "mine.bin"
    monkeypatch.setenv("PMDESK_SOME_CACHE", "")
    assert caches.versioned_file("PMDESK_SOME_CACHE", "some", "v1", ".bin") is None


def test_stale_files_are_told_by_when_they_were_last_written(tmp_path: Path) -> None:
    kept = _written(tmp_path / "regex-cache-2-00000000.bin", 0)
    other = _written(tmp_path / "regex-cache-1-00000000.bin", 0)
    week = caches.STALE_DAYS * DAY
    assert caches.remove_stale(kept, "regex-cache", now=NOW + week - 1) == []
    assert caches.remove_stale(kept, "regex-cache", now=NOW + week + 1) == [other]
    assert kept.is_file() and not other.exists()


def test_only_the_family_s_own_files_are_removed(tmp_path: Path) -> None:
    kept = _written(tmp_path / "findings-memo-00000001.bin", 0)
    old = {
        _written(tmp_path / "findings-memo.bin", 30),  # the unversioned file of older versions
        _written(tmp_path / "findings-memo-0badcafe.bin", caches.STALE_DAYS + 1),
        _written(tmp_path / "findings-memo-00000002.bin.123.tmp", 60),  # a write cut short
    }
    in_use = _written(tmp_path / "findings-memo-12345678.bin", caches.STALE_DAYS - 1)
    others = {_written(tmp_path / name, 90) for name in ("regex-cache.bin", "review-language.json")}
    (tmp_path / "findings-memo-folder").mkdir()
    os.utime(tmp_path / "findings-memo-folder", (NOW - 90 * DAY, NOW - 90 * DAY))
    assert set(caches.remove_stale(kept, "findings-memo", now=NOW)) == old
    assert kept.is_file() and in_use.is_file() and all(path.is_file() for path in others)
    assert (tmp_path / "findings-memo-folder").is_dir()


def test_past_the_most_recent_few_the_older_files_go_whatever_their_age(tmp_path: Path) -> None:
    """A checkout being edited has a new engine stamp at every change: its files do not pile up."""
    kept = _written(tmp_path / "findings-memo-ffffffff.bin", 0)
    others = [
        _written(tmp_path / f"findings-memo-{n:08x}.bin", n / 24)  # one an hour, the newest first
        for n in range(caches.KEEP_OTHERS + 3)
    ]
    removed = caches.remove_stale(kept, "findings-memo", now=NOW)
    assert sorted(removed) == sorted(others[caches.KEEP_OTHERS :])
    assert kept.is_file() and all(path.is_file() for path in others[: caches.KEEP_OTHERS])


def test_a_missing_folder_removes_nothing(tmp_path: Path) -> None:
    assert caches.remove_stale(tmp_path / "gone" / "findings-memo-0.bin", "findings-memo") == []
