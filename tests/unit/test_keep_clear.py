"""Where a facilitator-only dialog goes while the share window is open: never over it."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize

from pmdesk.views.share.keep_clear import GAP, clear_spot

SCREEN = QRect(0, 0, 1280, 720)


def test_a_dialog_that_fits_under_the_share_window_goes_there_and_the_share_window_stays() -> None:
    share = QRect(0, 0, 1280, 400)
    spot, limit = clear_spot(QSize(600, 200), 120, share, 300, SCREEN)
    assert limit is None
    assert not spot.intersects(share) and SCREEN.contains(spot)
    assert spot.bottom() == SCREEN.bottom()  # at the bottom, over the strip


def test_beside_a_share_window_that_leaves_a_column() -> None:
    share = QRect(0, 0, 700, 720)
    spot, limit = clear_spot(QSize(500, 300), 120, share, 300, SCREEN)
    assert limit is None and spot.left() > share.right() and SCREEN.contains(spot)


def test_with_no_room_left_the_share_window_gives_up_the_height_the_dialog_needs() -> None:
    share = QRect(0, 0, 1280, 610)  # ends above a strip along the bottom
    spot, limit = clear_spot(QSize(1000, 230), 120, share, 300, SCREEN)
    assert (spot.height(), spot.bottom()) == (230, SCREEN.bottom())
    assert limit == spot.top() - GAP  # the share window's frame ends above it


def test_a_tall_dialog_is_cut_to_what_the_share_window_can_give_up() -> None:
    share = QRect(0, 0, 1280, 610)
    spot, limit = clear_spot(QSize(640, 580), 200, share, 370, SCREEN)
    assert limit is not None and limit >= share.top() + 370  # the share window keeps its least
    assert spot.height() == SCREEN.bottom() + 1 - (370 + GAP) and spot.height() >= 200


def test_a_dialog_never_gets_less_than_its_least_height() -> None:
    share = QRect(0, 0, 1280, 610)
    spot, _ = clear_spot(QSize(640, 580), 500, share, 370, SCREEN)
    assert spot.height() == 500  # overlapping then, as little as it can
