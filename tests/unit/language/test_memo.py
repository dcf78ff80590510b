"""The findings memo: a reopened postmortem is underlined from what the last run checked, the same
findings the engine gives, without loading the engine; anything doubtful means checking again."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pmdesk.language import LintContext, lint, memo
from pmdesk.language.memo import FindingsMemo
from tests.support.cache_files import run_in_cache_folder, written_days_ago

LINES = [
    "Dave dropped the orders table because he was careless.",
    "The root cause was human error; who approved the change?",
    "09:14 the canary passed and traffic shifted to eu-west.",
]
CONTEXT = LintContext(names=("Dave", "Priya"), field="summary")


def _filled(path: Path, stamp: str = "engine-1") -> FindingsMemo:
    store = FindingsMemo(path, stamp)
    for line in LINES:
        store.put(CONTEXT, line, tuple(lint(line, CONTEXT)))
    return store


def test_a_later_run_gets_back_exactly_what_the_engine_found(tmp_path: Path) -> None:
    path = tmp_path / "cache" / "memo.bin"
    _filled(path).save()
    later = FindingsMemo(path, "engine-1")
    for line in LINES:
        assert later.get(CONTEXT, line) == tuple(lint(line, CONTEXT))
    assert later.get(CONTEXT, "A line never checked.") is None
    assert any(later.get(CONTEXT, line) for line in LINES)  # the lines do have findings


def test_another_context_or_engine_is_not_answered_from_the_memo(tmp_path: Path) -> None:
    path = tmp_path / "memo.bin"
    _filled(path).save()
    later = FindingsMemo(path, "engine-1")
    assert later.get(LintContext(names=("Dave",), field="summary"), LINES[0]) is None
    assert later.get(LintContext(names=("Dave", "Priya"), field="action"), LINES[0]) is None
    assert FindingsMemo(path, "engine-2").get(CONTEXT, LINES[0]) is None


@pytest.mark.parametrize("content", [b"", b"not marshal at all", b"\x00" * 40, b"\xe9\x03"])
def test_a_damaged_file_means_checking_again(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "memo.bin"
    path.write_bytes(content)
    store = FindingsMemo(path, "engine-1")
    assert store.get(CONTEXT, LINES[0]) is None
    store.put(CONTEXT, LINES[0], tuple(lint(LINES[0], CONTEXT)))
    store.save()  # and the next run has a good file again
    assert FindingsMemo(path, "engine-1").get(CONTEXT, LINES[0]) == tuple(lint(LINES[0], CONTEXT))


def test_nothing_is_written_without_a_file_or_when_nothing_is_new(tmp_path: Path) -> None:
    _filled(None).save()  # type: ignore[arg-type]
    path = tmp_path / "memo.bin"
    _filled(path).save()
    before = path.stat().st_mtime_ns
    reader = FindingsMemo(path, "engine-1")
    assert reader.get(CONTEXT, LINES[1]) is not None
    reader.save()
    assert path.stat().st_mtime_ns == before


def test_the_lines_on_screen_are_kept_first_when_the_file_is_full(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(memo, "MAX_ENTRIES", 2)
    path = tmp_path / "memo.bin"
    store = _filled(path)  # three lines checked, two half-typed states among them
    store.put(CONTEXT, "Dave dro", ())
    store.keep(CONTEXT, LINES[2])
    store.keep(CONTEXT, LINES[0])
    store.save()
    later = FindingsMemo(path, "engine-1")
    assert later.get(CONTEXT, LINES[0]) is not None
    assert later.get(CONTEXT, LINES[2]) is not None
    assert later.get(CONTEXT, "Dave dro") is None


def test_the_engine_stamp_follows_the_check_s_own_files(tmp_path: Path) -> None:
    assert memo.engine_stamp() == memo.engine_stamp()
    assert len(memo.engine_stamp()) == 24
    own = tmp_path / "language.py"  # a file a cache's results depend on, as the review's are
    own.write_text("check = 1\n")
    first = memo.engine_stamp(own)
    assert first == memo.engine_stamp(own) != memo.engine_stamp()
    own.write_text("check = 22\n")
    changed = memo.engine_stamp(own)
    own.unlink()
    assert len({first, changed, memo.engine_stamp(own)}) == 3


# A highlighter in a fresh process: prints its findings and whether the engine was loaded.
_PROGRAM = """
import json, sys
from PySide6.QtCore import QTimer
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QApplication
from pmdesk.language import LintContext
from pmdesk.ui.highlighter import BlameHighlighter
app = QApplication([])
document = QTextDocument()
document.setPlainText(sys.stdin.read())
context = LintContext(names=("Dave", "Priya"))
highlighter = BlameHighlighter(document, "summary", lambda: context)
found = [[f.finding.category, f.start, f.end] for f in highlighter.findings()]
engine = "pmdesk.language.engine" in sys.modules
QTimer.singleShot(0, app.quit)
app.exec()
print(json.dumps({"findings": found, "engine": engine}))
"""


def _highlight(memo_path: str) -> dict[str, object]:
    env = {**os.environ, "PMDESK_FINDINGS_MEMO": memo_path, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", _PROGRAM],
        input="\n".join(LINES),
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=120,
    )
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_a_reopened_text_is_underlined_without_loading_the_engine(tmp_path: Path) -> None:
    path = tmp_path / "memo.bin"
    first = _highlight(str(path))
    second = _highlight(str(path))
    assert first["engine"] is True
    assert second["engine"] is False
    assert second["findings"] == first["findings"]
    assert first["findings"]
    assert _highlight("")["findings"] == first["findings"]  # and with no memo at all


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user's cache folder with no PMDESK_FINDINGS_MEMO: the memo's file lives there."""
    monkeypatch.delenv("PMDESK_FINDINGS_MEMO", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path / "pmdesk"


def test_two_engines_keep_a_file_each_and_leave_the_other_s_as_it_was(cache_home: Path) -> None:
    """A release and a checkout on one machine: each exit rewrites only its own memo."""
    release, checkout = memo.memo_file("engine-1"), memo.memo_file("engine-2")
    assert release is not None and checkout is not None
    assert release.parent == checkout.parent == cache_home and release != checkout
    _filled(release, "engine-1").save()
    release_bytes = release.read_bytes()
    store = FindingsMemo(checkout, "engine-2", tidy=True)
    store.put(CONTEXT, LINES[0], tuple(lint(LINES[0], CONTEXT)))
    store.save()
    assert release.read_bytes() == release_bytes
    checkout_bytes = checkout.read_bytes()
    again = FindingsMemo(release, "engine-1", tidy=True)
    again.put(CONTEXT, "Who deployed on Friday?", ())
    again.save()
    assert checkout.read_bytes() == checkout_bytes
    assert FindingsMemo(release, "engine-1").get(CONTEXT, LINES[2]) == tuple(
        lint(LINES[2], CONTEXT)
    )
    assert FindingsMemo(checkout, "engine-2").get(CONTEXT, LINES[0]) is not None


# A run checking one line through the process's memo: prints its file and whether it knew the line.
_MEMO_RUN = """
import json
from pmdesk.language import LintContext, lint
from pmdesk.language.memo import shared_memo
store, context = shared_memo(), LintContext(names=("Dave",))
line = "Dave dropped the orders table because he was careless."
known = store.get(context, line)
store.put(context, line, tuple(lint(line, context)))
print(json.dumps({"file": str(store.path), "known": known is not None}))
"""


def _memo_run(cache_home: Path) -> dict[str, object]:
    return run_in_cache_folder(_MEMO_RUN, cache_home.parent, "PMDESK_FINDINGS_MEMO")


def test_a_run_writes_its_engine_s_file_and_removes_the_memos_no_longer_written(
    cache_home: Path,
) -> None:
    ages = {
        "findings-memo.bin": 30,  # the one file of earlier pmdesk versions
        "findings-memo-0badcafe.bin": 8,  # a version not run for over a week
        "findings-memo-12345678.bin": 0,  # another version in use: left byte for byte
        "regex-cache.bin": 30,  # another cache's: not the memo's to remove
    }
    written_days_ago(cache_home, ages)
    first = _memo_run(cache_home)
    ours = Path(str(first["file"]))
    assert ours.parent == cache_home and ours.name.startswith("findings-memo-")
    assert first["known"] is False and _memo_run(cache_home)["known"] is True
    left = {path.name for path in cache_home.iterdir()}
    assert left == {ours.name, "findings-memo-12345678.bin", "regex-cache.bin"}
    assert (cache_home / "findings-memo-12345678.bin").read_bytes() == b"findings-memo-12345678.bin"
    ours.write_bytes(b"\x00damaged")  # and a damaged file of its own means checking as before
    assert _memo_run(cache_home)["known"] is False and _memo_run(cache_home)["known"] is True


def test_a_named_memo_file_is_used_as_named_and_nothing_beside_it_removed(
    tmp_path: Path,
) -> None:
    written_days_ago(tmp_path, {"findings-memo-0badcafe.bin": 30})
    named = tmp_path / "findings-memo.bin"
    env = {**os.environ, "PMDESK_FINDINGS_MEMO": str(named)}
    runs = [
        subprocess.run(
            [sys.executable, "-c", _MEMO_RUN], capture_output=True, text=True, env=env, timeout=120
        )
        for _ in range(2)
    ]
    assert [json.loads(run.stdout) for run in runs] == [
        {"file": str(named), "known": False},
        {"file": str(named), "known": True},
    ]
    assert (tmp_path / "findings-memo-0badcafe.bin").read_bytes() == b"findings-memo-0badcafe.bin"
