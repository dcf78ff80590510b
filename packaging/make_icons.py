"""Render the app icon's PNG sizes, the Windows .ico and the macOS .icns from the one SVG.

Run after editing resources/icons/pmdesk.svg:  .venv/bin/python packaging/make_icons.py
The outputs are committed, so building a bundle needs neither this script nor a renderer.
Qt's own SVG renderer draws the PNGs (it is in the venv already); Pillow writes .ico and .icns.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SVG = ROOT / "resources" / "icons" / "pmdesk.svg"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def png_path(size: int) -> Path:
    return ROOT / "resources" / "icons" / f"pmdesk-{size}.png"


def render_pngs() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"{SVG}: not a valid SVG")
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        if not image.save(str(png_path(size))):
            raise SystemExit(f"{png_path(size)}: cannot write")
    del app


def write_ico_and_icns() -> None:
    from PIL import Image

    largest = Image.open(png_path(512))
    largest.save(
        ROOT / "packaging" / "pmdesk.ico",
        sizes=[(s, s) for s in SIZES if s <= 256],
    )
    largest.save(ROOT / "packaging" / "pmdesk.icns")


if __name__ == "__main__":
    render_pngs()
    write_ico_and_icns()
    print(f"wrote {len(SIZES)} PNGs, pmdesk.ico and pmdesk.icns")
