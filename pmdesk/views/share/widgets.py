"""What every part of the share window uses: its labels, scroll areas and style states."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

from pmdesk.ui import theme


def px(value: int) -> int:
    """A margin, gap or padding of `value` px at 100%: smaller on a screen scaled up, so the
    call sees the share window as at 100% (pmdesk.ui.theme.share_scale)."""
    return theme.share_px(value)


def margins(left: int, top: int, right: int, bottom: int) -> tuple[int, int, int, int]:
    return px(left), px(top), px(right), px(bottom)


def label(name: str, text: str = "", *, wrap: bool = True, rich: bool = False) -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(wrap)
    label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    return label


def wrapping_policy() -> QSizePolicy:
    """Any width the layout gives, and as tall as the wrapped text then is."""
    policy = QSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    policy.setHeightForWidth(True)  # a new policy drops the one setWordWrap asked for
    return policy


def set_text(label: QLabel, text: str) -> None:
    """Only a real change touches the label (no relayout, no repaint otherwise)."""
    if label.text() != text:
        label.setText(text)


def set_state(widget: QWidget, name: str, value: str) -> None:
    if widget.property(name) == value:
        return
    widget.setProperty(name, value)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class FitScroll(QScrollArea):
    """Asks for the full height of its content; scrolls only when given less."""

    def sizeHint(self) -> QSize:  # Qt override
        hint = super().sizeHint()
        inner = self.widget()
        if inner is not None:
            height = inner.heightForWidth(max(self.viewport().width(), 200))
            if height < 0:
                height = inner.sizeHint().height()
            hint.setHeight(height + 2 * self.frameWidth())
        return hint

    def resizeEvent(self, event: QResizeEvent) -> None:  # Qt override
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.updateGeometry()  # a new width wraps the text to a new height


def scroll(widget: QWidget, *, fit: bool = False) -> QScrollArea:
    area = FitScroll() if fit else QScrollArea()
    setup_scroll(area, widget)
    return area


def setup_scroll(area: QScrollArea, widget: QWidget) -> None:
    """A scroll area as the share window's pages have them: no frame, no sideways scrolling."""
    area.setObjectName("shareScroll")
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    area.setWidget(widget)


def body() -> tuple[QWidget, QVBoxLayout]:
    """A page's content with the page margins."""
    page = QWidget()
    layout = QVBoxLayout(page)
    layout.setContentsMargins(*margins(28, 18, 28, 18))
    layout.setSpacing(px(12))
    return page, layout
