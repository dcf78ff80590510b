"""File > Publish: choose a folder and a format, the pages are written, the result can be opened."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox

from tests.gui.conftest import SAMPLE


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Message boxes record their text and click the button a test names; links are recorded."""
    from PySide6.QtGui import QDesktopServices

    seen: dict[str, list[str]] = {"messages": [], "opened": [], "click": ["Open in browser"]}

    def exec_box(box: QMessageBox) -> int:
        seen["messages"].append(f"{box.text()} {box.informativeText()}")
        for button in box.buttons():
            if button.text() == seen["click"][0]:
                button.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_box)
    for kind in ("warning", "information"):
        monkeypatch.setattr(
            QMessageBox, kind, lambda parent, title, text: seen["messages"].append(text)
        )
    monkeypatch.setattr(
        QDesktopServices, "openUrl", lambda url: seen["opened"].append(url.toLocalFile())
    )
    return seen


def _choose(monkeypatch: pytest.MonkeyPatch, folder: Path, *, markdown: bool = False) -> None:
    from pmdesk.views.publish_dialog import PublishDialog

    def exec_dialog(dialog: PublishDialog) -> int:
        dialog.folder_edit.setText(str(folder))
        (dialog.md_button if markdown else dialog.html_button).setChecked(True)
        assert dialog.publish_button.isEnabled()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(PublishDialog, "exec", exec_dialog)


def test_publish_the_library_and_open_it_in_the_browser(  # type: ignore[no-untyped-def]
    qtbot, window, answers, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.import_paths([SAMPLE, SAMPLE])
    site = tmp_path / "site"
    _choose(monkeypatch, site)
    assert window.publish_action in window.file_menu.actions()
    window.publish_action.trigger()
    qtbot.waitUntil(lambda: bool(answers["messages"]), timeout=20_000)
    assert answers["messages"] == [
        f"Published 2 postmortems to {site}. 10 written, 0 unchanged, 0 removed."
    ]
    assert answers["opened"] == [str(site / "index.html")]
    assert len(list((site / "pm").glob("*.html"))) == 2

    # Again, into the remembered folder, as Markdown there: refused in words, nothing lost.
    from pmdesk.ui import settings

    assert settings.PUBLISH_FOLDER.get() == str(site)
    _choose(monkeypatch, site, markdown=True)
    window.publish_action.trigger()
    qtbot.waitUntil(lambda: len(answers["messages"]) == 2, timeout=20_000)
    assert "holds a web site published by pmdesk" in answers["messages"][1]
    assert (site / "index.html").is_file()


def test_publish_a_markdown_folder_and_open_the_folder(  # type: ignore[no-untyped-def]
    qtbot, window, answers, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.import_paths([SAMPLE])
    answers["click"] = ["Open folder"]
    _choose(monkeypatch, tmp_path / "wiki", markdown=True)
    window.publish_action.trigger()
    qtbot.waitUntil(lambda: bool(answers["messages"]), timeout=20_000)
    assert answers["messages"][0].startswith(f"Published 1 postmortem to {tmp_path / 'wiki'}.")
    assert answers["opened"] == [str(tmp_path / "wiki")]
    assert (tmp_path / "wiki" / "index.md").is_file()


def test_stopping_a_publish_keeps_what_was_written(  # type: ignore[no-untyped-def]
    qtbot, window, answers, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pmdesk.views.publish_dialog import PublishRun

    window.import_paths([SAMPLE] * 3)
    run = PublishRun(window, window.session, tmp_path / "site", "html", None)
    run.worker.stop.set()  # as the Stop button does
    with qtbot.waitSignal(run.done, timeout=20_000) as finished:
        run.start()
    assert finished.args == [None]
    assert answers["messages"][0].startswith("Publishing stopped part-way")
    assert len(list((tmp_path / "site" / "pm").glob("*.html"))) == 1
    # The next publish finishes the job.
    _choose(monkeypatch, tmp_path / "site")
    window.publish_action.trigger()
    qtbot.waitUntil(lambda: len(answers["messages"]) == 2, timeout=20_000)
    assert "1 unchanged" in answers["messages"][1]
    assert len(list((tmp_path / "site" / "pm").glob("*.html"))) == 3


def test_a_redacted_page_that_would_leak_is_refused_in_words(  # type: ignore[no-untyped-def]
    qtbot, window, answers, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pmdesk.publish import page

    security = SAMPLE.parent / "payroll-phishing-compromise.json"
    window.import_paths([security])
    real = page.render_page
    # A page part that forgot the edition and prints an attendee's name as written.
    monkeypatch.setattr(
        page,
        "render_page",
        lambda pm, entry: real(pm, entry).replace(b"</article>", b"<p>Grace Okoye</p></article>"),
    )
    site = tmp_path / "site"
    _choose(monkeypatch, site)
    window.publish_action.trigger()
    qtbot.waitUntil(lambda: bool(answers["messages"]), timeout=20_000)
    assert answers["messages"][0].startswith("Not published: the page of ")
    assert "'Grace Okoye' (person)" in answers["messages"][0]
    assert not list(site.glob("pm/*.html")) and not (site / "index.html").exists()


def test_the_folder_fields_hint_shows_whole(qtbot, themed, window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """File > Publish… at 1280 x 720: the folder's hint read "…or one published to b…"."""
    from PySide6.QtWidgets import QStyle, QStyleOptionFrame

    from pmdesk.ui import settings
    from pmdesk.views.publish_dialog import PublishDialog

    settings.PUBLISH_FOLDER.set("")  # the hint shows where nothing is chosen yet
    seen: list[tuple[str, int, int]] = []

    def look(dialog: PublishDialog) -> int:
        dialog.show()
        qtbot.waitExposed(dialog)
        field = dialog.folder_edit
        option = QStyleOptionFrame()
        field.initStyleOption(option)
        room = field.style().subElementRect(QStyle.SubElement.SE_LineEditContents, option, field)
        hint = field.placeholderText()
        seen.append((hint, field.fontMetrics().horizontalAdvance(hint), room.width() - 2 * 2))
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(PublishDialog, "exec", look)
    window.import_paths([SAMPLE])
    window.publish_action.trigger()
    ((hint, needed, room),) = seen
    assert hint.startswith("An empty or new folder") and needed <= room
