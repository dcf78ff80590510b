"""After a paste, the first new event is the selected one, so the next marker key marks one
event; a marker that names one moment is refused on several events, with the reason under the
table; undo puts every marker back as it was."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from pmdesk.model import Marker
from pmdesk.views import paste_preview
from tests.gui.conftest import SAMPLE

ALT, CTRL = Qt.KeyboardModifier.AltModifier, Qt.KeyboardModifier.ControlModifier
# Seven lines from the incident channel, the walk's paste.
PASTED = "\n".join(
    [
        "14:36 support ticket about failed payments",
        "14:38 second ticket, card declined",
        "14:39 status page updated",
        "14:40 on-call joins the bridge",
        "14:42 rollback approved",
        "14:43 rollback at 50%",
        "14:45 error rate back under 1%",
    ]
)


@pytest.fixture
def pasted(qtbot, window, monkeypatch):  # type: ignore[no-untyped-def]
    """The sample, its second event selected, then the seven lines pasted with Ctrl+V."""
    monkeypatch.setattr(
        paste_preview.PastePreviewDialog, "exec", lambda dialog: QDialog.DialogCode.Accepted
    )
    window.import_paths([SAMPLE])
    window.show_panel("timeline")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    panel = window.panels["timeline"]
    panel.select_events([window.session.doc.pm.timeline[1].id])
    panel.table.setFocus()
    QApplication.clipboard().setText(PASTED)
    return panel


def markers(window) -> dict[str, Marker | None]:  # type: ignore[no-untyped-def]
    return {e.id: e.marker for e in window.session.doc.pm.timeline}


def test_after_a_paste_the_first_new_event_alone_is_selected(qtbot, window, pasted) -> None:  # type: ignore[no-untyped-def]
    before = {e.id for e in window.session.doc.pm.timeline}
    qtbot.keyClick(pasted.table, Qt.Key.Key_V, CTRL)
    new = [e for e in window.session.doc.pm.timeline if e.id not in before]
    assert len(new) == 7
    first = min(new, key=lambda e: e.at)
    assert pasted.selected_rows() == [pasted.model.row_of(first.id)]
    assert pasted.current_event() is first


def test_a_marker_key_marks_one_event_and_is_refused_on_several(qtbot, window, pasted) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(pasted.table, Qt.Key.Key_V, CTRL)
    before = markers(window)
    trigger = next(i for i, m in before.items() if m == Marker.TRIGGER)
    chosen = pasted.current_event()

    qtbot.keyClick(pasted.table, Qt.Key.Key_1, ALT)  # Trigger: moves to the chosen event
    after = markers(window)
    assert [i for i, m in after.items() if m == Marker.TRIGGER] == [chosen.id]
    assert after[trigger] is None

    qtbot.keyClick(pasted.table, Qt.Key.Key_A, CTRL)  # every row selected
    assert len(pasted.selected_rows()) == len(after)
    qtbot.keyClick(pasted.table, Qt.Key.Key_2, ALT)  # Detection on all of them: refused
    assert markers(window) == after
    notice = pasted.error_label
    assert notice.isVisible()
    assert "Detection marks one moment" in notice.text()
    assert f"{len(after)} events are selected" in notice.text()

    pasted.select_events([chosen.id])  # another selection: the notice has been read
    assert notice.isHidden()
    qtbot.keyClick(pasted.table, Qt.Key.Key_Z, CTRL)  # the trigger goes back where it was
    assert markers(window) == before
