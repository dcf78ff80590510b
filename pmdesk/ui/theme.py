"""Themes and zoom: one stylesheet template filled from a palette and a zoom factor.

Light, dark and high contrast are palettes of the same template, and zoom only scales its size
variables, so a theme switch and a zoom step are the same operation (`apply`). The QPalette is set
from the same colours, so the parts Qt draws natively (menus, scroll bars, check boxes, calendar
pop-ups) follow too. "system" follows the desktop's colour scheme and contrast preference, and
keeps following it while the app runs.

Nothing here runs a colour through the highlighter directly: it asks `category_colors` and
`category_underline`, whose colours are chosen to meet WCAG AA contrast on each theme's `base`.
"""

from __future__ import annotations

from functools import cache
from string import Template
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QApplication

from pmdesk.language import CATEGORIES as CATEGORIES  # the colours below cover these
from pmdesk.paths import resource_path

if TYPE_CHECKING:
    from PySide6.QtCore import QObject
    from PySide6.QtGui import QPalette, QTextCharFormat

# -- palettes -----------------------------------------------------------------------------------

THEMES: tuple[str, ...] = ("light", "dark", "high_contrast")
SYSTEM = "system"
# View > Theme, in menu order, with their mnemonics.
THEME_CHOICES: tuple[tuple[str, str], ...] = (
    (SYSTEM, "&System"),
    ("light", "&Light"),
    ("dark", "&Dark"),
    ("high_contrast", "&High contrast"),
)

PALETTES: dict[str, dict[str, str]] = {
    "light": {
        "window": "#f4f5f7",
        "panel": "#eceef2",
        "base": "#ffffff",
        "alt": "#f7f8fa",
        "text": "#1d2230",
        "muted": "#5b6375",
        "disabled": "#8b93a3",
        "border": "#c9cdd6",
        "handle": "#808899",
        "accent": "#2457c5",
        "accent_text": "#ffffff",
        "current": "#c8d9fa",
        "ok": "#1f7a3a",
        "warn": "#9a5b00",
        "danger": "#b3261e",
        "danger_bg": "#fdecea",
    },
    "dark": {
        "window": "#1b1e24",
        "panel": "#252a33",
        "base": "#15181d",
        "alt": "#1c2026",
        "text": "#e6e9ef",
        "muted": "#a3abba",
        "disabled": "#6b7382",
        "border": "#3d4452",
        "handle": "#6f7889",
        "accent": "#7aa7ff",
        "accent_text": "#0b1020",
        "current": "#2c4a7e",
        "ok": "#5fcf80",
        "warn": "#f0b450",
        "danger": "#ff7b72",
        "danger_bg": "#3d1f1f",
    },
    # Black and white with a yellow accent: every pair of colours used for text is at least 7:1.
    "high_contrast": {
        "window": "#000000",
        "panel": "#000000",
        "base": "#000000",
        "alt": "#000000",
        "text": "#ffffff",
        "muted": "#e0e0e0",
        "disabled": "#a6a6a6",
        "border": "#ffffff",
        "handle": "#ffffff",
        "accent": "#ffff00",
        "accent_text": "#000000",
        "current": "#00306b",
        "ok": "#4dff88",
        "warn": "#ffb000",
        "danger": "#ff6b6b",
        "danger_bg": "#3d0000",
    },
}


# Underline colours per theme, each at least 4.5:1 against the theme's `base` (WCAG AA for text;
# tests/unit/test_theme.py computes it). Blame is red to purple, the "listen for" findings green.
CATEGORY_COLORS: dict[str, dict[str, str]] = {
    "light": {
        "person_as_cause": "#c0262d",
        "hindsight": "#7b3fb0",
        "judgement": "#a3165c",
        "human_error": "#b34700",
        "single_root_cause": "#866000",
        "who_question": "#0f6e8c",
        "minimizing": "#5c6600",
        "vague_action": "#2457c5",
        "listen_for": "#1f7a3a",
    },
    "dark": {
        "person_as_cause": "#ff7b72",
        "hindsight": "#c9a0ff",
        "judgement": "#ff8fc7",
        "human_error": "#ffa657",
        "single_root_cause": "#e3c35a",
        "who_question": "#5fd4f0",
        "minimizing": "#b8cf4a",
        "vague_action": "#7aa7ff",
        "listen_for": "#5fcf80",
    },
    "high_contrast": {
        "person_as_cause": "#ff6b6b",
        "hindsight": "#d9a6ff",
        "judgement": "#ff8fd0",
        "human_error": "#ffa040",
        "single_root_cause": "#ffe14d",
        "who_question": "#4de1ff",
        "minimizing": "#c6f25a",
        "vague_action": "#8fb6ff",
        "listen_for": "#4dff88",
    },
}

# Colour is never the only signal: the underline's shape says the kind of problem too.
# Statements about a person: wavy; about hindsight and framing: dashed; questions and minimising:
# dotted; vague actions: dash-dot; the findings to keep: a plain line.
CATEGORY_UNDERLINES: dict[str, str] = {
    "person_as_cause": "wave",
    "judgement": "wave",
    "human_error": "wave",
    "hindsight": "dash",
    "single_root_cause": "dash",
    "who_question": "dot",
    "minimizing": "dot",
    "vague_action": "dashdot",
    "listen_for": "single",
}

# -- sizes --------------------------------------------------------------------------------------

BASE_FONT_PX = 14
# px at zoom 1.0; every size in the stylesheet is one of these, times the zoom.
SIZES: dict[str, int] = {
    "font": BASE_FONT_PX,
    "h1": 22,
    "h2": 17,
    "control": 22,
    "timer": 64,
    "timer_compact": 40,  # the clock in the timer bar on a short window
    "button_min": 70,
    "check": 15,
    # The share window: readable on a 1280 x 720 stream squeezed into a video call.
    "share_small": 20,
    "share_body": 23,
    "share_h2": 27,
    "share_h1": 34,
    "share_timer": 84,
}
ZOOM_STEPS: tuple[float, ...] = (0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5)
DEFAULT_ZOOM = 1.0
# The share window's sizes are pixels of the picture a call sends, designed on a screen this
# high. A screen scaled up for the facilitator's eyes (150% on a 1280 x 720 laptop: 480 px
# high to Qt) would make them half as large again in the call, and the page too big for the
# window: there they shrink with the screen's height, so the call sees them as at 100%.
SHARE_DESIGN_HEIGHT = 720
# The share window's paddings in the stylesheet, px at 100% (they shrink with the sizes above on
# a screen scaled up, and do not grow with zoom).
SHARE_SPACING: dict[str, int] = {
    "share_cell_y": 6,
    "share_cell_x": 12,  # CELL_PADDING_X in pmdesk.views.share.tables reads it
    "share_step_y": 2,
    "share_step_x": 4,
    "share_bar": 10,
    "share_cue_y": 18,
    "share_cue_x": 24,
}


def clamp_zoom(zoom: float) -> float:
    """A stored zoom from settings, kept within the steps offered (a hand-edited 40 is not)."""
    try:
        value = float(zoom)
    except (TypeError, ValueError):
        return DEFAULT_ZOOM
    if value != value:  # NaN
        return DEFAULT_ZOOM
    return max(ZOOM_STEPS[0], min(ZOOM_STEPS[-1], value))


def zoom_in(zoom: float) -> float:
    """The next larger step (a zoom between steps goes to the next step up)."""
    return next((step for step in ZOOM_STEPS if step > zoom + 1e-6), ZOOM_STEPS[-1])


def zoom_out(zoom: float) -> float:
    return next((step for step in reversed(ZOOM_STEPS) if step < zoom - 1e-6), ZOOM_STEPS[0])


def share_scale(screen_height: int) -> float:
    """What the share window's sizes are multiplied by on a screen `screen_height` px high (as
    Qt counts them: a 720 px screen at 150% is 480)."""
    if screen_height <= 0:
        return 1.0
    return min(1.0, screen_height / SHARE_DESIGN_HEIGHT)


def share_px(px: int) -> int:
    """`px` of the share window's spacing (margins, gaps, paddings) on the screen in use."""
    return max(0, round(px * float(_state["share"])))


def sizes(zoom: float = DEFAULT_ZOOM, share: float = 1.0) -> dict[str, int]:
    """Every size of the stylesheet at `zoom`; the share window's times `share` too."""
    zoom = clamp_zoom(zoom)
    return {
        name: round(px * zoom * (share if name.startswith("share_") else 1.0))
        for name, px in SIZES.items()
    }


# -- contrast (WCAG 2) --------------------------------------------------------------------------


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(color: str) -> float:
    """WCAG relative luminance of "#rrggbb"."""
    text = color.lstrip("#")
    if len(text) != 6:
        raise ValueError(f"not a #rrggbb colour: {color!r}")
    r, g, b = (int(text[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(first: str, second: str) -> float:
    """From 1 (same) to 21 (black on white); AA text needs 4.5."""
    high, low = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


# -- which theme is on --------------------------------------------------------------------------

_state: dict[str, Any] = {
    "setting": "light",
    "theme": "light",
    "zoom": DEFAULT_ZOOM,
    "share": 1.0,
    # The height of the screen the share window is on (follow_share_screen); None until it
    # has shown: the primary screen's.
    "share_height": None,
}


def system_theme(*, quick: bool = False) -> str:
    """What the desktop asks for: high contrast first, then dark or light (light if unknown).

    `quick` guesses from the platform's own palette instead: reading the colour scheme builds
    Python enums for the whole Qt namespace (about 12 ms), too slow for the way to the first
    paint. It is only right before pmdesk has set a palette of its own; `settle` checks later.
    """
    from PySide6.QtGui import QGuiApplication

    if quick:
        from PySide6.QtGui import QPalette

        window = QGuiApplication.palette().color(QPalette.ColorRole.Window)
        return "dark" if window.lightness() < 128 else "light"
    hints = QGuiApplication.styleHints()
    accessibility = getattr(hints, "accessibility", None)  # Qt 6.10+
    if accessibility is not None and accessibility().contrastPreference().name == "HighContrast":
        return "high_contrast"
    if hints.colorScheme().name == "Dark":
        return "dark"
    return "light"


def resolve(theme: str | None = None, *, quick: bool = False) -> str:
    """A concrete theme name: None is the theme on now; "system" (or unknown) what fits."""
    if theme is None:
        return str(_state["theme"])
    if theme in PALETTES:
        return theme
    if theme == SYSTEM and QApplication.instance() is not None:
        return system_theme(quick=quick)
    return "light"


def current() -> str:
    """The theme on screen now (never "system")."""
    return str(_state["theme"])


def current_setting() -> str:
    """What the user chose: "system" or a theme name."""
    return str(_state["setting"])


def current_zoom() -> float:
    return float(_state["zoom"])


def palette(theme: str | None = None) -> dict[str, str]:
    """Colours by role; without an argument, those of the theme on screen now."""
    return PALETTES[resolve(theme)]


def category_colors(theme: str | None = None) -> dict[str, str]:
    """Underline colour of each blame-language category, for this theme (default: the current)."""
    return dict(CATEGORY_COLORS[resolve(theme)])


def category_underline(category: str) -> QTextCharFormat.UnderlineStyle:
    """The underline shape for a category (a wave for unknown ones)."""
    from PySide6.QtGui import QTextCharFormat

    style = QTextCharFormat.UnderlineStyle
    shapes = {
        "wave": style.WaveUnderline,
        "dash": style.DashUnderline,
        "dot": style.DotLine,
        "dashdot": style.DashDotLine,
        "single": style.SingleUnderline,
    }
    return shapes[CATEGORY_UNDERLINES.get(category, "wave")]


# -- building and applying ----------------------------------------------------------------------


@cache
def _template() -> Template:
    return Template(resource_path("styles", "app.qss").read_text(encoding="utf-8"))


# Icons the stylesheet uses. They are drawn in the light theme's colours; other themes get copies
# recoloured from the light palette to theirs (muted strokes, the check mark on the accent).
THEMED_ICONS: tuple[str, ...] = ("chevron-down.svg", "chevron-up.svg", "check.svg")


@cache
def icons_folder(theme: str = "light") -> str:
    """Where the stylesheet's icons are for a theme (the shipped ones for light)."""
    source = resource_path("icons")
    if theme == "light" or theme not in PALETTES:
        return source.as_posix()
    import atexit
    import shutil
    import tempfile
    from pathlib import Path

    target = Path(tempfile.mkdtemp(prefix=f"pmdesk-icons-{theme}-"))
    atexit.register(shutil.rmtree, target, True)
    light, colours = PALETTES["light"], PALETTES[theme]
    for name in THEMED_ICONS:
        svg = (source / name).read_text(encoding="utf-8")
        for key in ("muted", "accent_text"):
            svg = svg.replace(light[key], colours[key])
        (target / name).write_text(svg, encoding="utf-8")
    return target.as_posix()


def stylesheet(theme: str = "light", zoom: float = DEFAULT_ZOOM, share: float = 1.0) -> str:
    colours = palette(theme)
    icons = icons_folder(resolve(theme))
    values = {name: str(px) for name, px in sizes(zoom, share).items()}
    values.update({name: str(round(px * share)) for name, px in SHARE_SPACING.items()})
    values.update({name: str(px) for name, px in radio_sizes(sizes(zoom)["check"]).items()})
    return _template().substitute(colours, icons=icons, **values)


def radio_sizes(check: int) -> dict[str, int]:
    """A radio button's circle as big as a check box (`check` px inside a 1 px border) in every
    state: its border widens when checked or focused, so its inside shrinks by as much."""
    ring = max(3, round(check * 0.3))
    return {
        "radio_radius": (check + 2) // 2,
        "radio_ring": ring,
        "radio_dot": check + 2 - 2 * ring,
        "radio_focus": check - 2,
    }


def qpalette(theme: str = "light") -> QPalette:
    """The same colours as a QPalette, for what Qt draws without the stylesheet."""
    from PySide6.QtGui import QColor, QPalette

    colours = palette(theme)
    result = QPalette()
    role = QPalette.ColorRole
    group = QPalette.ColorGroup
    pairs = {
        role.Window: "window",
        role.WindowText: "text",
        role.Base: "base",
        role.AlternateBase: "alt",
        role.Text: "text",
        role.Button: "panel",
        role.ButtonText: "text",
        role.BrightText: "accent_text",
        role.Highlight: "accent",
        role.HighlightedText: "accent_text",
        role.ToolTipBase: "panel",
        role.ToolTipText: "text",
        role.PlaceholderText: "muted",
        role.Link: "accent",
        role.LinkVisited: "accent",
        role.Light: "alt",
        role.Midlight: "panel",
        role.Mid: "border",
        role.Dark: "border",
        role.Shadow: "border",
        role.Accent: "accent",
    }
    for colour_role, key in pairs.items():
        result.setColor(colour_role, QColor(colours[key]))
    for colour_role in (role.WindowText, role.Text, role.ButtonText):
        result.setColor(group.Disabled, colour_role, QColor(colours["disabled"]))
    return result


class _Signals:
    """Lazily made QObject with a `changed(theme, zoom)` signal (see `notifier`)."""

    instance: QObject | None = None


def notifier() -> Any:
    """An object whose `changed(str, float)` signal fires after every `apply` (theme, zoom).

    For code that paints with theme colours itself (the highlighter's formats, delegates).
    """
    if _Signals.instance is None:
        from PySide6.QtCore import QObject, Signal

        class ThemeNotifier(QObject):
            changed = Signal(str, float)

        _Signals.instance = ThemeNotifier()
    return _Signals.instance


_following = {"connected": False}


class _CacheKeeper:
    """A hidden widget with a style sheet of its own, made before the first sheet switch.

    Qt keeps one set of style-sheet caches while any style-sheet style exists and deletes it with
    the last one. `apply` clears the application's sheet before setting the next one (about five
    times faster than replacing it), which would delete that last one whenever no widget has a
    sheet of its own. Widgets Qt styled but never polished (built, not yet shown) keep a flag
    that makes the next set of caches skip watching for their deletion; once such a widget is
    deleted, the next restyle of the whole app walks a dangling pointer and the app crashes
    (measured: a segmentation fault in `QWidget::style`). This widget's own sheet keeps one
    style-sheet style, and so the caches, alive for as long as the app runs.
    """

    widget: QObject | None = None

    @classmethod
    def ensure(cls) -> None:
        import shiboken6

        if cls.widget is None or not shiboken6.isValid(cls.widget):
            from PySide6.QtWidgets import QWidget

            keeper = QWidget()
            keeper.setObjectName("styleSheetCacheKeeper")
            keeper.setStyleSheet(
                "/* keeps Qt's style-sheet caches alive: see theme._CacheKeeper */"
            )
            cls.widget = keeper


def _follow_system(app: QApplication) -> None:
    """Re-apply when the desktop's scheme or contrast changes, while the setting is "system"."""
    if _following["connected"]:
        return
    _following["connected"] = True

    def changed(*_args: object) -> None:
        if current_setting() == SYSTEM:
            instance = QApplication.instance()
            if isinstance(instance, QApplication):
                apply(instance, SYSTEM, current_zoom())

    hints = app.styleHints()
    hints.colorSchemeChanged.connect(changed)
    accessibility = getattr(hints, "accessibility", None)
    if accessibility is not None:
        accessibility().contrastPreferenceChanged.connect(changed)


def apply(
    app: QApplication, theme: str = SYSTEM, zoom: float = DEFAULT_ZOOM, *, quick: bool = False
) -> str:
    """Put a theme (or "system") and a zoom on the whole app; returns the theme now on screen.

    `quick` is for start-up: "system" is guessed cheaply, and `settle` (after the first paint)
    checks it and starts following the desktop's changes.
    """
    setting = theme if theme in PALETTES or theme == SYSTEM else SYSTEM
    resolved = resolve(setting, quick=quick)
    zoom = clamp_zoom(zoom)
    if setting == SYSTEM and not quick:
        _follow_system(app)
    height = _state["share_height"]
    if height is None:
        screen = app.primaryScreen()
        height = screen.geometry().height() if screen is not None else 0
    share = share_scale(int(height))
    _state.update(setting=setting, theme=resolved, zoom=zoom, share=share)
    sheet = stylesheet(resolved, zoom, share)
    app.setPalette(qpalette(resolved))
    if app.styleSheet() and app.styleSheet() != sheet:
        # Measured with the sample open: replacing one sheet by another restyles every widget
        # in about 500 ms, clearing it first and then setting the new one in about 100 ms.
        # Nothing is painted in between (both happen before the event loop runs again).
        _CacheKeeper.ensure()
        app.setStyleSheet("")
    app.setStyleSheet(sheet)
    if _Signals.instance is not None:
        _Signals.instance.changed.emit(resolved, zoom)  # type: ignore[attr-defined]
    return resolved


def follow_share_screen(app: QApplication, screen_height: int) -> bool:
    """Size the share window for the screen it is on, `screen_height` px high; True when that
    changed its sizes (the stylesheet is put on again: its margins need the same, see
    pmdesk.views.share.widgets.rescale). Another screen than the primary one can be scaled
    differently: a 1080p monitor beside a laptop at 150%."""
    _state["share_height"] = screen_height
    if abs(share_scale(screen_height) - float(_state["share"])) < 1e-9:
        return False
    apply(app, current_setting(), current_zoom())
    return True


def settle(app: QApplication) -> None:
    """After the first paint: with "system", check the exact scheme and keep following it."""
    if current_setting() != SYSTEM:
        return
    _follow_system(app)
    exact = system_theme()
    if exact != current():
        apply(app, SYSTEM, current_zoom())


def brush(key: str) -> Any:
    """A QBrush of the current theme's colour `key` (for models' ForegroundRole)."""
    from PySide6.QtGui import QBrush, QColor

    return QBrush(QColor(palette()[key]))
