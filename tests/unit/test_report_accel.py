"""The PDF report's text measuring runs in reportlab's C accelerator (the 'accel' extra pinned in
requirements/run.txt): the same bytes as the pure-Python code at ~15-20% less CPU for a big report."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib import rl_accel

ROOT = Path(__file__).resolve().parents[2]


def test_reportlab_measures_text_in_c() -> None:
    for name in ("instanceStringWidthTTF", "instanceStringWidthT1", "fp_str", "escapePDF"):
        assert name in rl_accel._c_funcs, f"{name} runs in pure Python: is rl_accel installed?"


def test_the_bundle_takes_the_accelerator() -> None:
    """reportlab imports it through exec(), which PyInstaller's analysis does not follow."""
    spec = (ROOT / "packaging" / "pmdesk.spec").read_text(encoding="utf-8")
    assert '"_rl_accel"' in spec
