"""The main window's editor panels: each built, and its module imported, the first time it is shown."""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from PySide6 import QtWidgets
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
    fills itself from the open document as it is made. The window is held weakly: no reference
    cycle through Qt's ownership.
    """

    def __init__(
        self,
        session: DocumentSession,
        classes: dict[str, Callable[[DocumentSession], QWidget]],
        place: Callable[[str, QWidget], None],
    ) -> None:
        self._session = session
        self._classes = classes
        self._place = weakref.WeakMethod(place)  # type: ignore[arg-type]
        self._built: dict[str, QWidget] = {}

    def __getitem__(self, key: str) -> QWidget:
        panel = self._built.get(key)
        if panel is None:
            place = self._place()
            if key not in self._classes or place is None:
                raise KeyError(key)
            panel = self._built[key] = self._classes[key](self._session)
            place(key, panel)
        return panel

    def __iter__(self) -> Iterator[str]:
        return iter(self._classes)

    def __len__(self) -> int:
        return len(self._classes)


# Each panel's module is imported when the panel is first built (some take tens of ms).
def overview_panel(session: DocumentSession) -> QWidget:
    from pmdesk.views.overview import OverviewPanel

    return OverviewPanel(session)


def timeline_panel(session: DocumentSession) -> QWidget:
    from pmdesk.views.timeline import TimelinePanel

    return TimelinePanel(session)


def notes_panel(session: DocumentSession) -> QWidget:
    from pmdesk.views.notes import NotesPanel

    return NotesPanel(session)


def factors_panel(session: DocumentSession) -> QWidget:
    from pmdesk.views.factors import FactorsPanel

    return FactorsPanel(session)


def actions_panel(session: DocumentSession) -> QWidget:
    from pmdesk.views.actions import ActionsPanel

    return ActionsPanel(session)


def close_panel(session: DocumentSession) -> QWidget:
    from pmdesk.views.close_panel import ClosePanel

    return ClosePanel(session)


def interviews_panel(session: DocumentSession) -> QWidget:
    from pmdesk.views.interviews import InterviewsPanel

    return InterviewsPanel(session)


class PanelHolder(QtWidgets.QScrollArea):
    """A tab's page: the window builds its panel the first time it is shown."""

    def __init__(self, key: str) -> None:
        super().__init__()
        self.key = key

    def showEvent(self, event: QShowEvent) -> None:  # Qt override
        if self.widget() is None:
            window = self.window()
            if isinstance(window, BuildsPanels):
                window.build_panel(self.key)
