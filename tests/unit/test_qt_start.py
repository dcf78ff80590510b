"""The cheaper PySide6 source check gives PySide6's own answers, and PySide6 keeps using them."""

from __future__ import annotations

import importlib
import sys
import types
from pathlib import Path

import pytest

from pmdesk.ui import qt_start


def _pyside_own_check():  # type: ignore[no-untyped-def]
    """PySide6's check as it ships, read from a fresh copy of its support module's source."""
    import PySide6.QtCore  # noqa: F401

    feature = sys.modules["PySide6.support.feature"]
    source = feature.__spec__.loader.zfile.read("shibokensupport/feature.py").decode()
    fresh = types.ModuleType("fresh_feature")
    exec(compile(source, "feature.py", "exec"), fresh.__dict__)
    return fresh._mod_uses_pyside


def test_the_answer_is_pysides_own_for_every_loaded_module() -> None:
    importlib.import_module("pmdesk.views.app")  # modules that use PySide6 and many that do not
    own = _pyside_own_check()
    modules = [m for m in list(sys.modules.values()) if isinstance(m, types.ModuleType)]
    answers = {m.__name__: qt_start.uses_pyside(m) for m in modules}
    assert answers == {m.__name__: own(m) for m in modules}
    assert answers["pmdesk.views.app"] is True
    assert answers["pmdesk.database"] is False
    assert answers["json"] is False
    assert answers["sys"] is False  # built in: no source


def test_modules_imported_later_are_marked_as_pyside6_marks_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    qt_start.import_qt()
    (tmp_path / "uses_qt_here.py").write_text("from PySide6.QtCore import QObject\n")
    (tmp_path / "plain_here.py").write_text("VALUE = 1\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    import plain_here  # noqa: F401
    import uses_qt_here  # noqa: F401

    marks = sys.modules["PySide6.support.feature"].pyside_feature_dict
    assert marks["uses_qt_here"] == 0  # may switch features
    assert marks["plain_here"] == -1  # ignored by the switching
