"""An unreadable database gets a dialog that names the file and offers another or a new one."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from pmdesk.database import DatabaseProblem
from pmdesk.storage.location import check_sqlite_file
from pmdesk.views import app as app_module


def _problem(path: Path) -> DatabaseProblem:
    with pytest.raises(DatabaseProblem) as info:
        check_sqlite_file(path)
    return info.value


@pytest.mark.parametrize(
    ("choice", "expected"),
    [("Start a new database…", "new"), ("Open another…", "other"), ("Quit", None)],
)
def test_dialog_names_the_file_and_offers_a_way_out(  # type: ignore[no-untyped-def]
    qapp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, choice: str, expected: str | None
) -> None:
    bad = tmp_path / "notes.sqlite3"
    bad.write_text("my notes, not a database")
    shown: dict[str, str] = {}

    def fake_exec(box: QMessageBox) -> int:
        shown["text"] = box.text() + "\n" + box.informativeText()
        next(b for b in box.buttons() if b.text() == choice).click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "new.sqlite3"), "")
    )
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", lambda *a, **k: (str(tmp_path / "other.sqlite3"), "")
    )
    chosen = app_module._ask_for_database(_problem(bad))
    assert str(bad) in shown["text"] and "not a pmdesk database" in shown["text"]
    assert chosen == (None if expected is None else str(tmp_path / f"{expected}.sqlite3"))
    assert bad.read_text() == "my notes, not a database"


def test_a_new_database_never_overwrites_an_existing_file(  # type: ignore[no-untyped-def]
    qapp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    taken = tmp_path / "taken.sqlite3"
    taken.write_text("keep me")
    answers = iter([(str(taken), ""), (str(tmp_path / "fresh.sqlite3"), "")])
    warnings: list[str] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: next(answers))
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: warnings.append(text))
    assert app_module._choose_new_path() == str(tmp_path / "fresh.sqlite3")
    assert warnings and "never overwrites" in warnings[0]
    assert taken.read_text() == "keep me"
