"""View > Review: the quarterly review window."""

from pmdesk.views.review.window import ReviewWindow

__all__ = ["ReviewWindow"]
