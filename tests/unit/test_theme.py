"""Themes on paper: contrast ratios, category colours, zoom steps and the stylesheet template.

No QApplication here: these are the numbers and the text the app is built from.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pmdesk.language import BLAME_CATEGORIES, CATEGORIES
from pmdesk.ui import theme

AA_TEXT = 4.5
AAA_TEXT = 7.0
NON_TEXT = 3.0  # WCAG 1.4.11: the parts of a control a user must see


def test_contrast_ratio_matches_the_wcag_reference_values() -> None:
    assert theme.contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert theme.contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)
    # The classic borderline: #767676 on white is just over 4.5:1, #777777 just under.
    assert theme.contrast_ratio("#767676", "#ffffff") >= AA_TEXT
    assert theme.contrast_ratio("#777777", "#ffffff") < AA_TEXT
    assert theme.contrast_ratio("#ffffff", "#767676") == theme.contrast_ratio("#767676", "#ffffff")
    with pytest.raises(ValueError, match="#rrggbb"):
        theme.relative_luminance("#fff")


def test_the_categories_are_the_language_engines() -> None:
    assert theme.CATEGORIES == CATEGORIES
    for name in theme.THEMES:
        assert set(theme.CATEGORY_COLORS[name]) == set(CATEGORIES)
    assert set(theme.CATEGORY_UNDERLINES) == set(CATEGORIES)


@pytest.mark.parametrize("name", theme.THEMES)
def test_category_colours_meet_aa_on_the_themes_base(name: str) -> None:
    base = theme.PALETTES[name]["base"]
    ratios = {
        c: theme.contrast_ratio(colour, base) for c, colour in theme.category_colors(name).items()
    }
    assert min(ratios.values()) >= AA_TEXT, ratios
    if name == "high_contrast":
        assert min(ratios.values()) >= AAA_TEXT, ratios


def test_colour_is_never_the_only_signal() -> None:
    # The "listen for" findings (good news) look different from every kind of blame.
    good = theme.CATEGORY_UNDERLINES["listen_for"]
    assert all(theme.CATEGORY_UNDERLINES[c] != good for c in BLAME_CATEGORIES)
    assert len(set(theme.CATEGORY_UNDERLINES.values())) >= 4
    for name in theme.THEMES:
        pairs = {(theme.CATEGORY_COLORS[name][c], theme.CATEGORY_UNDERLINES[c]) for c in CATEGORIES}
        assert len(pairs) == len(CATEGORIES), name  # no two categories look the same


@pytest.mark.parametrize("name", theme.THEMES)
def test_text_colours_are_readable_on_every_surface(name: str) -> None:
    colours = theme.PALETTES[name]
    need = AAA_TEXT if name == "high_contrast" else AA_TEXT
    for surface in ("base", "window", "panel", "alt"):
        for ink in ("text", "muted", "accent", "ok", "warn", "danger"):
            ratio = theme.contrast_ratio(colours[ink], colours[surface])
            assert ratio >= need, (ink, surface, round(ratio, 2))
    assert theme.contrast_ratio(colours["accent_text"], colours["accent"]) >= need
    assert theme.contrast_ratio(colours["text"], colours["current"]) >= need
    assert theme.contrast_ratio(colours["text"], colours["danger_bg"]) >= need
    assert theme.contrast_ratio(colours["danger"], colours["danger_bg"]) >= AA_TEXT
    assert theme.contrast_ratio(colours["handle"], colours["window"]) >= NON_TEXT


def test_every_palette_fills_the_whole_template() -> None:
    names = set(theme.PALETTES["light"])
    for name in theme.THEMES:
        assert set(theme.PALETTES[name]) == names, name
        for zoom in (theme.ZOOM_STEPS[0], 1.0, theme.ZOOM_STEPS[-1]):
            sheet = theme.stylesheet(name, zoom)
            assert "${" not in sheet and "$" not in sheet.replace("$$", "")
            assert theme.PALETTES[name]["base"] in sheet


def test_zoom_scales_every_size_of_the_stylesheet() -> None:
    normal = theme.sizes(1.0)
    large = theme.sizes(1.5)
    assert all(large[k] > normal[k] for k in normal)
    assert f"font-size: {large['font']}px" in theme.stylesheet("light", 1.5)
    # At the default zoom, the share window is readable on a 1280 x 720 call.
    assert normal["share_small"] >= 20 and normal["share_body"] >= 20
    # The clock stands out (over three times the body text) and still leaves the phase name
    # room beside it at 150% zoom.
    assert normal["share_timer"] >= 3 * normal["share_body"]


def test_on_a_screen_scaled_up_the_share_window_keeps_its_size_in_the_call() -> None:
    # 1280 x 720 at 150% system scale is 480 px high to Qt: the share window's sizes shrink by
    # as much, so the call (which sends the screen's real pixels) sees them as at 100%.
    assert theme.share_scale(480) == pytest.approx(2 / 3)
    assert theme.share_scale(720) == theme.share_scale(1080) == 1.0
    scaled, normal = theme.sizes(1.0, theme.share_scale(480)), theme.sizes(1.0)
    assert abs(scaled["share_body"] * 1.5 - normal["share_body"]) <= 1  # px, rounded
    assert scaled["font"] == normal["font"]  # the facilitator's own window keeps its zoom
    assert f"font-size: {scaled['share_timer']}px" in theme.stylesheet("light", 1.0, 2 / 3)


def test_zoom_steps_and_stored_values() -> None:
    assert theme.zoom_in(1.0) == 1.1
    assert theme.zoom_out(1.0) == 0.9
    assert theme.zoom_in(1.17) == 1.25  # between steps: to the next one up
    assert theme.zoom_in(theme.ZOOM_STEPS[-1]) == theme.ZOOM_STEPS[-1]
    assert theme.zoom_out(theme.ZOOM_STEPS[0]) == theme.ZOOM_STEPS[0]
    # A hand-edited settings file cannot make the app unusable.
    assert theme.clamp_zoom(40.0) == theme.ZOOM_STEPS[-1]
    assert theme.clamp_zoom(0.0) == theme.ZOOM_STEPS[0]
    assert theme.clamp_zoom(float("nan")) == 1.0
    assert theme.clamp_zoom("large") == 1.0  # type: ignore[arg-type]


def test_dark_themes_get_icons_in_their_own_colours() -> None:
    assert Path(theme.icons_folder("light")) == Path(theme.resource_path("icons"))
    for name in ("dark", "high_contrast"):
        folder = Path(theme.icons_folder(name))
        chevron = (folder / "chevron-down.svg").read_text(encoding="utf-8")
        assert theme.PALETTES[name]["muted"] in chevron
        assert theme.PALETTES["light"]["muted"] not in chevron
        check = (folder / "check.svg").read_text(encoding="utf-8")
        assert theme.PALETTES[name]["accent_text"] in check
        assert f"url({folder.as_posix()}/check.svg)" in theme.stylesheet(name)


def test_unknown_names_fall_back_to_a_real_theme() -> None:
    assert theme.resolve("light") == "light"
    assert theme.resolve("sepia") == "light"
    assert theme.palette("high_contrast")["base"] == "#000000"
    assert [key for key, _ in theme.THEME_CHOICES] == [theme.SYSTEM, *theme.THEMES]
