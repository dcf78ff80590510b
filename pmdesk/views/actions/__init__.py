"""The Action items panel, in parts: panel (the table, quick picks and checks) and delegates
(the table's cell editors)."""

from pmdesk.views.actions.panel import ActionsPanel

__all__ = ["ActionsPanel"]
