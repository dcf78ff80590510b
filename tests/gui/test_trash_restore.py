"""The trash, as a facilitator meets it: Restore (Alt+R) right after opening the trash put
nothing back and said nothing, because no entry was chosen yet (walked). The first one is."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.gui.conftest import SAMPLE
from tests.gui.keyboard import press

ALT = Qt.KeyboardModifier.AltModifier


def _sample_to_the_trash(qtbot, window) -> str:  # type: ignore[no-untyped-def]
    """The sample opened, then moved to the trash with Ctrl+Shift+Del (the fixture answers
    Yes to the question); its title."""
    window.import_paths([SAMPLE])
    title = str(window.session.doc.pm.title)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    press(
        qtbot,
        Qt.Key.Key_Delete,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(lambda: window.session.doc is None)
    return title


def test_alt_r_in_the_trash_restores_the_one_highlighted(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    title = _sample_to_the_trash(qtbot, window)
    library = window.library
    qtbot.mouseClick(library.trash_toggle, Qt.MouseButton.LeftButton)
    assert library.showing_trash
    assert library.view.currentIndex().isValid()  # highlighted, as Restore will take it
    press(qtbot, Qt.Key.Key_R, ALT)
    qtbot.waitUntil(lambda: window.session.doc is not None)
    assert window.session.doc.pm.title == title
    assert not library.showing_trash
    assert QApplication.focusWidget() is not None


def test_delete_in_the_library_moves_the_highlighted_postmortem_to_the_trash(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """Delete on a postmortem in the library did nothing (walked); it asks, as Move to trash
    does (the window's fixture answers Yes), and moves that one, open or not."""
    window.import_paths([SAMPLE])
    first = window.session.doc.pm.id
    window.duplicate_current()  # a second one, open now
    second = window.session.doc.pm.id
    assert second != first
    library = window.library
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    press(qtbot, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(library.filter_edit.hasFocus)
    press(qtbot, Qt.Key.Key_Down)  # into the list, as a person does
    qtbot.waitUntil(library.view.hasFocus)
    library.view.setCurrentIndex(
        library.proxy.mapFromSource(library.model.index(library.model.row_of(first), 0))
    )
    press(qtbot, Qt.Key.Key_Delete)  # the one not open
    qtbot.waitUntil(lambda: library.model.row_of(first) < 0)
    assert window.session.doc is not None and window.session.doc.pm.id == second  # still open
    library.view.setFocus()
    library.view.setCurrentIndex(library.proxy.index(0, 0))
    press(qtbot, Qt.Key.Key_Delete)  # the open one: saved, trashed, closed
    qtbot.waitUntil(lambda: window.session.doc is None)
    qtbot.mouseClick(library.trash_toggle, Qt.MouseButton.LeftButton)
    assert {e.id for e in library.model.entries} == {first, second}


def test_an_empty_library_says_its_postmortems_are_in_the_trash(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """Walked: the last postmortem moved to the trash left "No postmortems yet. Create one…",
    as if it were gone. The library says where it is."""
    _sample_to_the_trash(qtbot, window)
    empty = window.library.empty
    assert empty.isVisible()
    assert empty.text().startswith("No postmortems here: 1 in the trash.")
    assert "Restore puts it back" in empty.text()


def test_enter_on_an_entry_in_the_trash_restores_it_and_opens_it(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """Walked: Enter on a postmortem in the trash did nothing. It does what the trash's
    Restore button does: puts the highlighted one back and opens it."""
    title = _sample_to_the_trash(qtbot, window)
    library = window.library
    qtbot.mouseClick(library.trash_toggle, Qt.MouseButton.LeftButton)
    assert library.showing_trash
    library.view.setFocus()
    qtbot.waitUntil(library.view.hasFocus)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.session.doc is not None)
    assert window.session.doc.pm.title == title
    assert not library.showing_trash
    assert library.model.row_of(window.session.doc.pm.id) >= 0  # back in the library


def test_enter_in_the_library_still_opens_the_highlighted_postmortem(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.import_paths([SAMPLE])
    first = window.session.doc.pm.id
    window.duplicate_current()  # a second one, open now
    assert window.session.doc.pm.id != first
    library = window.library
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    library.view.setFocus()
    qtbot.waitUntil(library.view.hasFocus)
    library.view.setCurrentIndex(
        library.proxy.mapFromSource(library.model.index(library.model.row_of(first), 0))
    )
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.session.doc.pm.id == first)


def test_the_key_sheet_says_what_enter_does_in_the_library(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    from pmdesk.views.shortcuts_dialog import shortcut_sections

    entries = [e for s in shortcut_sections(window) for e in s.entries]
    assert any("in the trash: restore it" in e.command and "Return" in e.keys for e in entries)


def test_a_double_click_on_an_entry_in_the_trash_restores_it_and_opens_it(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """Walked: a double click on a postmortem in the trash did nothing, while Enter restores
    it. It does what Enter does: puts the one clicked back and opens it."""
    title = _sample_to_the_trash(qtbot, window)
    library = window.library
    qtbot.mouseClick(library.trash_toggle, Qt.MouseButton.LeftButton)
    assert library.showing_trash
    view = library.view
    where = view.visualRect(library.proxy.index(0, 0)).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert library.showing_trash  # one click only chooses it
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=where)
    qtbot.waitUntil(lambda: window.session.doc is not None)
    assert window.session.doc.pm.title == title
    assert not library.showing_trash
    assert library.model.row_of(window.session.doc.pm.id) >= 0  # back in the library
