"""A table whose columns fit their contents keeps fitting them as the rows change.

ContentSizedTable measures such a column once per change instead of at every layout: each test
sets the same rows in it and in a plain QTableView beside it and expects the same widths after
every kind of change a user can make (an edit, a new or removed row, a reset, a larger font).
"""

from __future__ import annotations

from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QHeaderView, QTableView

from pmdesk.ui.widgets import ContentSizedTable


def _model(rows: list[tuple[str, str]]) -> QStandardItemModel:
    model = QStandardItemModel(0, 2)
    model.setHorizontalHeaderLabels(["Name", "Involvement"])
    for name, involvement in rows:
        model.appendRow([QStandardItem(name), QStandardItem(involvement)])
    return model


def _pair(qtbot, rows: list[tuple[str, str]]) -> tuple[QTableView, ContentSizedTable]:  # type: ignore[no-untyped-def]
    """The two tables, each over its own copy of the rows, shown as windows of one size."""
    plain, sized = QTableView(), ContentSizedTable()
    for view in (plain, sized):
        view.setModel(_model(rows))
        header = view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        qtbot.addWidget(view)
        view.resize(450, 300)
        view.show()
        qtbot.waitExposed(view)
    return plain, sized


def _widths(view: QTableView) -> int:
    return view.horizontalHeader().sectionSize(1)


def _same_widths(qtbot, plain: QTableView, sized: QTableView) -> None:  # type: ignore[no-untyped-def]
    """Both tables settled alike. Qt resizes a header after some changes from the event loop,
    after others (a row added) at the next change of its geometry: both are made wider."""
    for view in (plain, sized):
        view.resize(view.width() + 1, view.height())
    qtbot.wait(50)
    qtbot.waitUntil(lambda: _widths(plain) == _widths(sized), timeout=2000)


ROWS = [("Ana", "Change author"), ("Raj", "On call")]


def test_the_column_fits_its_contents_as_a_plain_table_does(qtbot) -> None:  # type: ignore[no-untyped-def]
    plain, sized = _pair(qtbot, ROWS)
    _same_widths(qtbot, plain, sized)
    assert _widths(sized) >= sized.fontMetrics().horizontalAdvance("Change author")


def test_a_longer_value_typed_in_widens_the_column(qtbot) -> None:  # type: ignore[no-untyped-def]
    plain, sized = _pair(qtbot, ROWS)
    before = _widths(sized)
    for view in (plain, sized):
        view.model().setData(
            view.model().index(1, 1), "Owner of the deploy pipeline and its alerts"
        )
    _same_widths(qtbot, plain, sized)
    assert _widths(sized) > before


def test_a_row_added_or_removed_resizes_the_column(qtbot) -> None:  # type: ignore[no-untyped-def]
    plain, sized = _pair(qtbot, ROWS)
    before = _widths(sized)
    for view in (plain, sized):
        view.model().appendRow(
            [QStandardItem("Li"), QStandardItem("Manager on the bridge for the whole incident")]
        )
    _same_widths(qtbot, plain, sized)
    assert _widths(sized) > before
    for view in (plain, sized):
        view.model().removeRow(2)
    _same_widths(qtbot, plain, sized)
    assert _widths(sized) == before


def test_a_new_model_and_a_larger_font_are_measured_again(qtbot) -> None:  # type: ignore[no-untyped-def]
    plain, sized = _pair(qtbot, ROWS)
    for view in (plain, sized):
        view.setModel(_model([("Ana", "Facilitator, not directly involved in the incident")]))
        view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
    _same_widths(qtbot, plain, sized)
    before = _widths(sized)
    for view in (plain, sized):
        font = QFont(view.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        view.setFont(font)
    _same_widths(qtbot, plain, sized)
    assert _widths(sized) > before
