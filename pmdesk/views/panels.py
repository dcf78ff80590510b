"""The main window's editor panels: each built, and its module imported, the first time it is shown."""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from PySide6 import QtCore, QtWidgets
from PySide6.QtWidgets import QWidget

from pmdesk.ui.session import DocumentSession

if TYPE_CHECKING:
    from PySide6.QtGui import QShowEvent


@runtime_checkable
class BuildsPanels(Protocol):
    """The window a panel holder sits in."""

    def build_panel(self, key: str) -> None: ...


class Panels(Mapping[str, QWidget]):
    """The editor's panels by key, each built the first time it is shown or asked for.

    Start-up builds only the panel in front; a panel built later, with a postmortem already open,
    fills itself from the open document as it is made. Each panel is made inside the widget it
    is shown in (`parent_of(key)`): a finished panel moved into another widget would have every
    one of its widgets told the style changed (with the app's style sheet, a few milliseconds for
    the Overview at start-up). The window is held weakly: no reference cycle through Qt's
    ownership.
    """

    def __init__(
        self,
        session: DocumentSession,
        classes: dict[str, Callable[[DocumentSession, QWidget | None], QWidget]],
        place: Callable[[str, QWidget], None],
        parent_of: Callable[[str], QWidget | None] | None = None,
    ) -> None:
        self._session = session
        self._classes = classes
        self._place = weakref.WeakMethod(place)  # type: ignore[arg-type]
        self._parent_of = weakref.WeakMethod(parent_of) if parent_of else None  # type: ignore[arg-type]
        self._built: dict[str, QWidget] = {}

    def __getitem__(self, key: str) -> QWidget:
        panel = self._built.get(key)
        if panel is None:
            place = self._place()
            if key not in self._classes or place is None:
                raise KeyError(key)
            parent_of = self._parent_of() if self._parent_of is not None else None
            parent = parent_of(key) if parent_of is not None else None
            panel = self._classes[key](self._session, parent)
            self._built[key] = panel
            place(key, panel)
        return panel

    def __iter__(self) -> Iterator[str]:
        return iter(self._classes)

    def __len__(self) -> int:
        return len(self._classes)


# Each panel's module is imported when the panel is first built (some take tens of ms).
def overview_panel(session: DocumentSession, parent: QWidget | None = None) -> QWidget:
    from pmdesk.views.overview import OverviewPanel

    return OverviewPanel(session, parent=parent)


def timeline_panel(session: DocumentSession, parent: QWidget | None = None) -> QWidget:
    from pmdesk.views.timeline import TimelinePanel

    return TimelinePanel(session, parent=parent)


def notes_panel(session: DocumentSession, parent: QWidget | None = None) -> QWidget:
    from pmdesk.views.notes import NotesPanel

    return NotesPanel(session, parent=parent)


def factors_panel(session: DocumentSession, parent: QWidget | None = None) -> QWidget:
    from pmdesk.views.factors import FactorsPanel

    return FactorsPanel(session, parent=parent)


def actions_panel(session: DocumentSession, parent: QWidget | None = None) -> QWidget:
    from pmdesk.views.actions import ActionsPanel

    return ActionsPanel(session, parent=parent)


def close_panel(session: DocumentSession, parent: QWidget | None = None) -> QWidget:
    from pmdesk.views.close_panel import ClosePanel

    return ClosePanel(session, parent=parent)


def interviews_panel(session: DocumentSession, parent: QWidget | None = None) -> QWidget:
    from pmdesk.views.interviews import InterviewsPanel

    return InterviewsPanel(session, parent=parent)


class PanelHolder(QtWidgets.QScrollArea):
    """A tab's page: the window builds its panel the first time it is shown."""

    def __init__(self, key: str) -> None:
        super().__init__()
        self.key = key
        # The scroll area's viewport, made here: the panel is made inside it. Asking Qt for the
        # one it made (`viewport()`) costs more, the first time, than making it (several ms at
        # start-up: PySide looks through its classes for the type of a widget it did not make).
        self.page = QWidget()
        self.page.setAutoFillBackground(True)  # as a scroll area's own: filled, in its colours
        self.setViewport(self.page)
        # Not a stop of its own on Tab (nothing showed it had the keyboard): the fields in it
        # are, and it scrolls to the one that has the keyboard.
        self.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)

    def showEvent(self, event: QShowEvent) -> None:  # Qt override
        if self.widget() is None:
            window = self.window()
            if isinstance(window, BuildsPanels):
                window.build_panel(self.key)
