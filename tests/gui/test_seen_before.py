"""Seen before beside the contributing factors, driven through its real widgets: typing a factor
brings an earlier postmortem in with its reason, Enter opens it read-only, and it is linked as
related (saved, undone)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from pmdesk.model import Postmortem, Question
from pmdesk.ui.seen_before import LINES_ROLE

EARLIER = Postmortem(
    title="Search down after a retry storm",
    started_at=datetime(2026, 1, 15, 9, 0, tzinfo=UTC),
    summary="A gateway timeout made every search client retry at once: the retry storm kept "
    "the cluster saturated for an hour.",
    services=["search"],
)
UNRELATED = Postmortem(
    title="Disk filled on the logging cluster",
    started_at=datetime(2026, 2, 2, 9, 0, tzinfo=UTC),
    summary="Log retention grew until writes stopped.",
    services=["logging"],
)


def show_tab(qtbot, panel, index: int) -> None:  # type: ignore[no-untyped-def]
    """Click a tab beside the factors, as a mouse would (0: findings, 1: Seen before)."""
    bar = panel.side.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert panel.side.currentIndex() == index


@pytest.fixture
def factors(qtbot, session):  # type: ignore[no-untyped-def]
    from pmdesk.views.factors import FactorsPanel

    session.create(EARLIER)
    session.create(UNRELATED)
    session.open(session.create(Postmortem(title="Checkout errors", services=["checkout"])))
    panel = FactorsPanel(session)
    qtbot.addWidget(panel)
    panel.resize(1280, 720)
    panel.show()
    qtbot.waitExposed(panel)
    show_tab(qtbot, panel, 1)
    yield panel
    for reader in list(panel.seen_before.readers.values()):
        reader.close()


def test_a_typed_factor_brings_in_a_postmortem_that_reads_alike_with_its_reason(
    qtbot, session, factors
) -> None:  # type: ignore[no-untyped-def]
    pane = factors.seen_before
    assert pane.status.text() == "Looking…"  # not "nothing" before the answer is in
    qtbot.waitUntil(lambda: pane.watcher.answered and not pane.watcher.looking)
    assert pane.model.rowCount() == 0
    assert "Nothing alike yet" in pane.status.text()

    with qtbot.waitSignal(factors.editorsChanged):
        qtbot.mouseClick(factors.groups[Question.RISKY].add_button, Qt.MouseButton.LeftButton)
    (card,) = factors.cards.values()
    qtbot.keyClicks(card.text_edit, "Every client retried at once after a gateway timeout")
    qtbot.waitUntil(lambda: pane.model.rowCount() == 1, timeout=5000)
    shown = pane.model.index(0).data()
    assert shown.startswith("Search down after a retry storm\n15 January 2026")
    assert "reads alike: " in shown and "gateway timeout" in shown
    assert pane.status.text() == "1 postmortem like this one. Enter opens one."

    qtbot.keyClicks(card.text_edit, ", and the retry storm kept the gateway saturated")
    qtbot.waitUntil(lambda: "retry storm" in pane.model.index(0).data(), timeout=5000)
    assert pane.model.rowCount() == 1  # the logging postmortem never reads alike


def test_enter_opens_it_read_only_and_it_is_linked_saved_and_undone(
    qtbot, session, factors
) -> None:  # type: ignore[no-untyped-def]
    pane = factors.seen_before
    doc = session.doc
    from pmdesk.model import Factor
    from pmdesk.operations.factors import add_factor

    session.apply(add_factor(doc, Factor(Question.RISKY, "A gateway timeout began a retry storm")))
    qtbot.waitUntil(lambda: pane.model.rowCount() == 1, timeout=5000)

    pane.list.setFocus()
    qtbot.keyClick(pane.list, Qt.Key.Key_Down)
    assert pane.list.currentIndex().row() == 0
    qtbot.keyClick(pane.list, Qt.Key.Key_Return)
    (reader,) = pane.readers.values()
    qtbot.waitExposed(reader)
    assert reader.windowTitle() == "Search down after a retry storm (read-only) — pmdesk"
    assert "READ-ONLY" in [label.text() for label in reader.findChildren(type(pane.status))]
    text = reader.browser.toPlainText()
    assert "Search down after a retry storm" in text and "saturated for an hour" in text
    reader.browser.setFocus()
    qtbot.keyClicks(reader.browser, "typed over")
    qtbot.keyClick(reader.browser, Qt.Key.Key_Delete)
    assert reader.browser.toPlainText() == text  # nothing can be changed

    qtbot.mouseClick(reader.link_button, Qt.MouseButton.LeftButton)
    assert [link.title for link in doc.pm.related] == ["Search down after a retry storm"]
    assert not reader.link_button.isEnabled() and reader.link_button.text() == "Linked as related"
    assert "linked as related" in pane.model.index(0).data()
    assert pane.related_model.index(0).data() == "Search down after a retry storm (15 January 2026)"
    assert pane.related_list.isVisible() and not pane.link_button.isEnabled()
    session.save_now()
    assert [link.title for link in session.repo.load(doc.pm.id).related] == [
        "Search down after a retry storm"
    ]

    session.undo()
    assert doc.pm.related == []
    assert reader.link_button.isEnabled() and pane.link_button.isEnabled()
    assert pane.related_empty.isVisible()
    session.redo()
    assert len(doc.pm.related) == 1

    pane.related_list.setCurrentIndex(pane.related_model.index(0))
    qtbot.mouseClick(pane.unlink_button, Qt.MouseButton.LeftButton)
    assert doc.pm.related == []

    qtbot.keyClick(reader, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not pane.readers)


def test_double_click_opens_it_too_and_a_second_time_raises_the_same_window(
    qtbot, session, factors
) -> None:  # type: ignore[no-untyped-def]
    pane = factors.seen_before
    from pmdesk.operations.overview import edit_overview

    session.apply(edit_overview(session.doc, "Edit services", services=["checkout", "Search"]))
    qtbot.waitUntil(lambda: pane.model.rowCount() == 1, timeout=5000)
    assert pane.model.index(0).data().endswith("\nshares service Search")
    rect = pane.list.visualRect(pane.model.index(0))
    # As a mouse sends it: a press and release, then the double click.
    qtbot.mouseClick(pane.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(pane.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: len(pane.readers) == 1)
    first = next(iter(pane.readers.values()))
    qtbot.mouseClick(pane.open_button, Qt.MouseButton.LeftButton)
    assert list(pane.readers.values()) == [first]


def test_in_the_window_a_postmortem_moved_to_the_trash_leaves_the_list(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    session = window.session
    earlier = session.create(EARLIER)
    current = session.create(
        Postmortem(title="Checkout errors", summary="A gateway timeout began a retry storm.")
    )
    window.reload_library()
    window.open_postmortem(current)
    window.show_panel("factors")
    pane = window.build_panel("factors").seen_before
    qtbot.waitUntil(lambda: pane.model.rowCount() == 1, timeout=5000)
    assert pane.model.entry(0).id == earlier

    window.open_postmortem(earlier)
    window.trash_action.trigger()
    window.open_postmortem(current)
    assert pane.status.text() == "Looking…"
    qtbot.waitUntil(lambda: pane.watcher.answered and not pane.watcher.looking)
    assert pane.model.rowCount() == 0
    assert "Nothing alike yet" in pane.status.text()


def test_at_1280x720_with_the_guidance_open_findings_and_seen_before_each_have_the_height(
    qtbot, window
) -> None:  # type: ignore[no-untyped-def]
    from tests.gui.conftest import SAMPLE

    window.resize(1280, 720)
    window.import_paths([SAMPLE])
    session = window.session
    doc = session.doc
    session.create(EARLIER)
    later = Postmortem(
        title="Card payments failed after a client upgrade", services=["payment-service"]
    )
    session.create(later)
    window.show_panel("factors")
    panel = window.build_panel("factors")
    assert window.guidance.isVisible() and panel.side.isVisible()
    qtbot.waitUntil(lambda: panel.seen_before.model.rowCount() == 1, timeout=5000)
    assert [panel.side.tabText(i) for i in range(2)] == ["Findings (3)", "Seen before (1)"]

    # The findings tab shows the captured findings whole, the first one at the top.
    first = panel.finding_rows[doc.pm.findings[0].id]
    scroll = panel.findings_scroll
    top = first.mapTo(scroll.viewport(), first.rect().topLeft()).y()
    assert top >= 0 and top + first.height() <= scroll.viewport().height()

    # Seen before, one click away, has the height for its whole entry.
    show_tab(qtbot, panel, 1)
    pane = panel.seen_before
    entry = pane.list.visualRect(pane.model.index(0))
    assert entry.height() <= pane.list.viewport().height()
    # Title, date and reason each on a line of their own at least, none cut off.
    assert entry.height() >= 3 * pane.list.fontMetrics().lineSpacing()
    title, when, reason = pane.model.index(0).data(LINES_ROLE)
    assert title == "Card payments failed after a client upgrade"
    assert when == "no date · SEV3" and reason.startswith("shares service payment-service")
    assert pane.open_button.isVisible() and pane.link_button.isVisible()
    # Each line wraps to the width it is drawn in: wrapped to the list's full width, the last
    # pixels of each line were cut off ("April 15," lost its comma, walked at 1280x720).
    from PySide6.QtWidgets import QStyleOptionViewItem

    from pmdesk.views.factors.seen_before import PADDING

    option = QStyleOptionViewItem()
    option.font, option.palette, option.rect = pane.list.font(), pane.list.palette(), entry
    document = pane.list.itemDelegate()._document(option, pane.model.index(0), False)
    assert document.textWidth() <= entry.width() - 2 * PADDING


def test_too_narrow_for_two_columns_the_tabs_go_below_folded_and_leave_the_factors_the_height(
    qtbot, factors
) -> None:  # type: ignore[no-untyped-def]
    factors.resize(560, 480)
    qtbot.waitUntil(lambda: factors.columns.orientation() == Qt.Orientation.Vertical)
    assert factors.side.y() > factors.factors_scroll.y()
    assert factors.side.height() <= factors.side.tabBar().height() + 4
    assert factors.factors_scroll.height() >= factors.height() - factors.side.height() - 10
    factors.resize(1280, 720)
    qtbot.waitUntil(lambda: factors.columns.orientation() == Qt.Orientation.Horizontal)
    assert factors.side.x() > factors.factors_scroll.x() and factors.side.width() <= 420


def test_folding_the_guidance_leaves_the_panels_their_height(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    from tests.gui.conftest import SAMPLE

    window.resize(1280, 720)
    window.import_paths([SAMPLE])
    window.show_panel("factors")
    guidance = window.guidance
    if not guidance.expanded:
        qtbot.mouseClick(guidance.toggle, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: guidance.body.isVisible())
    tall = window.tabs.height()
    qtbot.mouseClick(guidance.toggle, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not guidance.body.isVisible())
    QApplication.processEvents()
    assert window.tabs.height() == tall  # the panels were squeezed to the folded pane's height
    assert window.tabs.y() == window.guidance.y()
    # What is left of the folded pane sits under its title, not spread down the column.
    robin = window.aids.round_robin
    assert robin.y() < guidance.toggle.y() + 3 * guidance.toggle.height()
