"""Every call pmdesk times for later is a method of the object that bounds its life.

PySide 6.11 keeps no reference to the object behind a bound method given to
`QTimer.singleShot(ms, context, obj.method)` unless `obj` is the context: when `obj` is freed
first (a database door replaced by Save to Another Database), the timer later calls the method on
freed memory and the app crashes at random. Given as `QTimer.singleShot(ms, obj.method)`, the
method is dropped when `obj` goes, but runs for a window that was only closed. So a delayed method
is always the context's own (`singleShot(ms, self, self.method)`), or the call is a lambda or
function, which the timer holds.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _delayed_calls() -> list[tuple[str, ast.Call]]:
    calls = []
    for path in sorted((ROOT / "pmdesk").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "singleShot"
            ):
                calls.append((f"{path.relative_to(ROOT)}:{node.lineno}", node))
    return calls


def _misplaced(call: ast.Call) -> bool:
    """A bound method whose object is not the one the call is timed with."""
    *_, callback = call.args
    if not isinstance(callback, ast.Attribute):
        return False  # a lambda or a function: the timer holds it
    if len(call.args) == 3:
        return ast.unparse(callback.value) != ast.unparse(call.args[1])
    return True  # no context: it would run for a window that is closed


def test_the_app_has_delayed_calls_to_check() -> None:
    assert len(_delayed_calls()) >= 10


def test_every_delayed_method_belongs_to_the_object_it_is_timed_with() -> None:
    wrong = [
        f"{where}: {ast.unparse(call)}" for where, call in _delayed_calls() if _misplaced(call)
    ]
    assert wrong == [], "\n".join(wrong)


def test_the_check_finds_a_method_of_another_object() -> None:
    bad = ast.parse("QTimer.singleShot(750, self, self.session.door.preload)").body[0]
    good = ast.parse("QTimer.singleShot(750, self, self._preload_storage)").body[0]
    assert isinstance(bad, ast.Expr) and isinstance(bad.value, ast.Call)
    assert isinstance(good, ast.Expr) and isinstance(good.value, ast.Call)
    assert _misplaced(bad.value) and not _misplaced(good.value)
