"""What the timeline panel's helpers (cell delegates, row edits, paste and import) use of the panel.

The panel satisfies this protocol; the helpers depend on it and never import the panel, so the
panel's folder has no import cycle, not even one made only for the type checker.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from PySide6.QtCore import QModelIndex, SignalInstance

    from pmdesk.model import TimelineEvent
    from pmdesk.ui.session import DocumentSession
    from pmdesk.ui.timeline_model import TimelineModel
    from pmdesk.views.timeline.table import TimelineTable


class TimelineHost(Protocol):
    session: DocumentSession
    model: TimelineModel
    table: TimelineTable
    clock: Callable[[], datetime]
    # A refused edit: (event id, column, typed text, message).
    refused: tuple[str, int, str, str] | None

    @property
    def statusMessage(self) -> SignalInstance: ...  # the panel's Qt signal

    def add_event(self) -> None: ...

    def current_event(self) -> TimelineEvent | None: ...

    def selected_rows(self) -> list[int]: ...

    def select_events(self, ids: list[str], column: int = ...) -> None: ...

    def refused_text(self, index: QModelIndex) -> tuple[str, str] | None: ...

    def clear_refusal(self) -> None: ...

    def show_notice(self, message: str) -> None: ...
