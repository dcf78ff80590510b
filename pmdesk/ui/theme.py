"""Themes and zoom: one stylesheet template filled from a palette and a zoom factor."""

from __future__ import annotations

from functools import cache
from string import Template

from PySide6.QtWidgets import QApplication

from pmdesk.paths import resource_path

PALETTES: dict[str, dict[str, str]] = {
    "light": {
        "window": "#f4f5f7",
        "panel": "#eceef2",
        "base": "#ffffff",
        "alt": "#f7f8fa",
        "text": "#1d2230",
        "muted": "#5b6375",
        "border": "#c9cdd6",
        "accent": "#2457c5",
        "accent_text": "#ffffff",
        "ok": "#1f7a3a",
        "warn": "#9a5b00",
        "danger": "#b3261e",
        "danger_bg": "#fdecea",
    },
}

BASE_FONT_PX = 14


@cache
def _template() -> Template:
    return Template(resource_path("styles", "app.qss").read_text(encoding="utf-8"))


def stylesheet(theme: str = "light", zoom: float = 1.0) -> str:
    palette = PALETTES.get(theme, PALETTES["light"])
    sizes = {
        "font": round(BASE_FONT_PX * zoom),
        "h1": round(22 * zoom),
        "h2": round(17 * zoom),
        "control": round(22 * zoom),
        "timer": round(64 * zoom),
    }
    icons = resource_path("icons").as_posix()
    return _template().substitute(palette, icons=icons, **{k: str(v) for k, v in sizes.items()})


def palette(theme: str = "light") -> dict[str, str]:
    return PALETTES.get(theme, PALETTES["light"])


def apply(app: QApplication, theme: str = "light", zoom: float = 1.0) -> None:
    app.setStyleSheet(stylesheet(theme, zoom))
