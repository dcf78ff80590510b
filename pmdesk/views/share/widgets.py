"""What every part of the share window uses: its labels, scroll areas and style states."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QLayout,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from pmdesk.ui import theme


def px(value: int) -> int:
    """A margin, gap or padding of `value` px at 100%: smaller on a screen scaled up, so the
    call sees the share window as at 100% (pmdesk.ui.theme.share_scale)."""
    return theme.share_px(value)


def margins(left: int, top: int, right: int, bottom: int) -> tuple[int, int, int, int]:
    return px(left), px(top), px(right), px(bottom)


# What set_margins and set_spacing keep on a layout, and gap() on a widget: px at 100%.
_MARGINS, _SPACING, _HEIGHT = "shareMargins", "shareSpacing", "shareHeight"


def set_margins(layout: QLayout, left: int, top: int, right: int, bottom: int) -> None:
    """`layout`'s margins, px at 100%, for the screen the share window is on (see rescale)."""
    layout.setProperty(_MARGINS, [left, top, right, bottom])
    layout.setContentsMargins(*margins(left, top, right, bottom))


def set_spacing(layout: QLayout, value: int) -> None:
    layout.setProperty(_SPACING, value)
    layout.setSpacing(px(value))


def gap(height: int) -> QWidget:
    """An empty widget `height` px high at 100%, between two parts of a page."""
    widget = QWidget()
    widget.setProperty(_HEIGHT, height)
    widget.setFixedHeight(px(height))
    return widget


def rescale(root: QWidget) -> None:
    """Every margin, gap and spacing under `root` again, for the share window's scale now (the
    window moved to a screen scaled otherwise: pmdesk.ui.theme.follow_share_screen)."""
    for layout in root.findChildren(QLayout):
        kept = layout.property(_MARGINS)
        if kept:
            layout.setContentsMargins(*margins(*(int(v) for v in kept)))
        spacing = layout.property(_SPACING)
        if spacing is not None:
            layout.setSpacing(px(int(spacing)))
    for widget in root.findChildren(QWidget):
        height = widget.property(_HEIGHT)
        if height is not None:
            widget.setFixedHeight(px(int(height)))


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
    set_margins(layout, 28, 18, 28, 18)
    set_spacing(layout, 12)
    return page, layout
