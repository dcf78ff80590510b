"""Preferences and window state, declared once and typed, over QSettings.

Documents never live here: they are in the database. Tests point QSettings at a temporary folder
(see tests/conftest.py) so they never touch a real user's preferences.
"""

from __future__ import annotations

from typing import Any, Generic, NamedTuple, TypeVar

from PySide6.QtCore import QByteArray, QSettings

T = TypeVar("T")


class Setting(NamedTuple, Generic[T]):
    """One preference: its QSettings key and its default (whose type says how to read it)."""

    key: str
    default: T

    def get(self, store: QSettings | None = None) -> T:
        store = store or QSettings()
        value: Any = store.value(self.key, self.default)
        default = self.default
        try:
            if isinstance(default, bool):
                return (value in (True, "true", "1", 1)) if value is not None else default  # type: ignore[return-value]
            if isinstance(default, int):
                return int(value)  # type: ignore[return-value]
            if isinstance(default, float):
                return float(value)  # type: ignore[return-value]
            if isinstance(default, str):
                return str(value)  # type: ignore[return-value]
            if isinstance(default, QByteArray):
                return value if isinstance(value, QByteArray) else default  # type: ignore[return-value]
        except (TypeError, ValueError):
            return default
        return value  # type: ignore[no-any-return]

    def set(self, value: T, store: QSettings | None = None) -> None:
        (store or QSettings()).setValue(self.key, value)


WINDOW_GEOMETRY = Setting("window/geometry", QByteArray())
WINDOW_STATE = Setting("window/state", QByteArray())
SPLITTER_STATE = Setting("window/splitter", QByteArray())
WORK_SPLITTER_STATE = Setting("window/workSplitter", QByteArray())
LAST_PANEL = Setting("window/panel", 0)
ZOOM = Setting("view/zoom", 1.0)
THEME = Setting("view/theme", "system")
FOLLOW_PHASE = Setting("meeting/followPhasePanel", True)
GUIDANCE_VISIBLE = Setting("meeting/guidanceVisible", True)
EXPORT_FOLDER = Setting("export/folder", "")
IMPORT_FOLDER = Setting("import/folder", "")
PAGE_SIZE = Setting("report/pageSize", "A4")
PUBLISH_FOLDER = Setting("publish/folder", "")
PUBLISH_FORMAT = Setting("publish/format", "html")
PUBLISH_ONLY_PUBLISHED = Setting("publish/onlyPublished", False)
TEAM_RULES = Setting("language/teamRules", "")
# The review warns leadership below this share of action items done (percent; the window's
# "Warn below", and `pmdesk review` when no --threshold is given).
REVIEW_WARN_BELOW = Setting("review/warnBelowPercent", 50)


def last_open_key(database: str) -> Setting[int]:
    """The postmortem last open in a given database (0: none)."""
    safe = "".join(c if c.isalnum() else "_" for c in database)[-120:]
    return Setting(f"lastOpen/{safe}", 0)


# The name others see in "Also open: ..." (empty: the operating-system user).
DISPLAY_NAME = Setting("team/displayName", "")
