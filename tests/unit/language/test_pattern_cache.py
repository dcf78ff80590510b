"""The compiled rules kept between runs: a later run finds exactly what a fresh compile finds."""

from __future__ import annotations

import json
import marshal
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pmdesk.language import _patterns

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
from pmdesk.language import _patterns
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
