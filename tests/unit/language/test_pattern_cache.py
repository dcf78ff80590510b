"""The compiled rules kept between runs: a later run finds exactly what a fresh compile finds."""

from __future__ import annotations

import json
import marshal
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pmdesk.language import _patterns, caches
from tests.support.cache_files import run_in_cache_folder, written_days_ago

NOTE = (
    "Dave dropped the orders table because he was careless.\n"
    "The root cause was human error; who approved the change?\n"
    "09:14 the canary passed and traffic shifted to eu-west.\n"
    'Priya said "that was sloppy" in the review.'
)

# Prints the findings and whether this run had to compile anything the cache did not hold.
_PROGRAM = """
import json, sys
from pmdesk.language import lint, LintContext
from pmdesk.language import _patterns, caches
from tests.support.cache_files import run_in_cache_folder, written_days_ago
found = lint(sys.stdin.read(), LintContext(names=("Priya",)))
print(json.dumps({
    "findings": [[f.category, f.rule, f.start, f.end] for f in found],
    "compiled": _patterns._STORE.dirty,
}))
"""


def _run(cache: str) -> dict[str, object]:
    env = {**os.environ, "PMDESK_REGEX_CACHE": cache}
    done = subprocess.run(
        [sys.executable, "-c", _PROGRAM],
        input=NOTE,
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    result: dict[str, object] = json.loads(done.stdout)
    return result


def test_a_later_run_reuses_the_compiled_rules_and_finds_the_same(tmp_path: Path) -> None:
    cache = tmp_path / "cache" / "regex-cache.bin"
    uncached = _run("")
    first = _run(str(cache))
    assert cache.is_file()
    second = _run(str(cache))
    assert first["compiled"] is True
    assert second["compiled"] is False  # everything it needed came from the file
    assert uncached["findings"] == first["findings"] == second["findings"]
    categories = {finding[0] for finding in first["findings"]}  # type: ignore[attr-defined]
    assert {"judgement", "human_error", "who_question"} <= categories


@pytest.mark.parametrize(
    "content",
    [
        b"not a cache at all",
        b"",
        marshal.dumps(((0, "another Python", 0, 0), {("x", 2): (2, [1], 0, {}, (None,))}, {})),
        marshal.dumps((_patterns._STAMP, {}, {})),
    ],
    ids=["garbage", "empty", "other-python", "no-entries"],
)
def test_a_damaged_or_foreign_cache_file_is_ignored_and_rewritten(
    tmp_path: Path, content: bytes
) -> None:
    cache = tmp_path / "regex-cache.bin"
    cache.write_bytes(content)
    expected = _run("")["findings"]
    assert _run(str(cache))["findings"] == expected
    assert _run(str(cache)) == {"findings": expected, "compiled": False}


def test_each_pattern_is_kept_as_bytes_of_code_words(tmp_path: Path) -> None:
    """Bytes load from the file at memory speed; lists of numbers cost 35 ms a fresh process."""
    cache = tmp_path / "regex-cache.bin"
    _run(str(cache))
    stamp, entries, _facts = marshal.loads(cache.read_bytes())
    assert stamp == _patterns._STAMP
    assert entries
    for (source, flags), entry in entries.items():
        assert isinstance(entry[1], bytes)
        assert entry[1] == _patterns._translate(source, flags)[1]
        words = _patterns._code(entry[1])
        assert words and all(isinstance(word, int) for word in words)


@pytest.mark.parametrize(
    "code", [b"\xff\xff\x0f\x00", b"\x01\x02\x03"], ids=["wrong-code", "cut-short"]
)
def test_a_damaged_entry_is_compiled_afresh(tmp_path: Path, code: bytes) -> None:
    cache = tmp_path / "regex-cache.bin"
    _run(str(cache))
    stamp, entries, facts = marshal.loads(cache.read_bytes())
    broken = {key: (entry[0], code, entry[2], entry[3], entry[4]) for key, entry in entries.items()}
    cache.write_bytes(marshal.dumps((stamp, broken, facts)))
    assert _run(str(cache))["findings"] == _run("")["findings"]


def test_an_unwritable_cache_folder_changes_nothing(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    result = _run(str(blocker / "regex-cache.bin"))
    assert result["findings"] == _run("")["findings"]


def _run_in_cache_folder(cache_home: Path) -> dict[str, object]:
    """A run keeping its regexes in the user's cache folder (no PMDESK_REGEX_CACHE)."""
    program = _PROGRAM.replace(
        '"compiled": _patterns._STORE.dirty,',
        '"compiled": _patterns._STORE.dirty, "file": str(_patterns.cache_file()),',
    )
    return run_in_cache_folder(program, cache_home, "PMDESK_REGEX_CACHE", NOTE)


def test_each_cache_format_keeps_its_own_file_so_versions_do_not_rewrite_each_other(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "pmdesk"
    folder.mkdir()
    # What another pmdesk version (another format, or another Python) keeps, written just now.
    other = folder / "regex-cache.bin"
    other_bytes = marshal.dumps(((1, "another Python", 0, 0), {}, {}))
    other.write_bytes(other_bytes)
    first = _run_in_cache_folder(tmp_path)
    ours = Path(str(first["file"]))
    assert ours.parent == folder and ours.is_file()
    assert ours.name.startswith(f"regex-cache-{_patterns._FORMAT}-") and ours.name != other.name
    second = _run_in_cache_folder(tmp_path)
    assert first["compiled"] is True and second["compiled"] is False
    assert second["findings"] == first["findings"] == _run("")["findings"]
    assert other.read_bytes() == other_bytes  # the other version's file is left as it was


def test_writing_its_file_removes_other_regex_cache_files_left_unwritten_for_a_week(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "pmdesk"
    ages = {
        "regex-cache.bin": 30,  # the unversioned file of older pmdesk versions
        "regex-cache-1-0badcafe.bin": caches.STALE_DAYS + 1,
        "regex-cache-2-0badcafe.bin.123.tmp": 60,  # a write cut short
        "regex-cache-9-12345678.bin": caches.STALE_DAYS - 1,  # still in use
        "findings-memo.bin": 90,  # another cache's file: not this one's to remove
    }
    written_days_ago(folder, ages)
    ours = Path(str(_run_in_cache_folder(tmp_path)["file"]))
    left = {path.name for path in folder.iterdir()}
    assert "findings-memo.bin" in left
    regex_files = {name for name in left if name.startswith("regex-cache")}
    assert regex_files == {ours.name, "regex-cache-9-12345678.bin"}


def test_a_named_cache_file_is_used_as_named_and_nothing_beside_it_removed(
    tmp_path: Path,
) -> None:
    old = tmp_path / "regex-cache-1-0badcafe.bin"
    old.write_bytes(b"an old format")
    os.utime(old, (1_000_000, 1_000_000))
    cache = tmp_path / "regex-cache.bin"
    assert _run(str(cache))["compiled"] is True
    assert cache.is_file() and old.is_file()
