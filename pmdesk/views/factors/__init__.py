"""The Contributing factors panel, in parts: widgets (shared pieces), card (one factor and its
why-chain), groups (a question's cards, a captured finding) and panel (the whole page)."""

from pmdesk.views.factors.panel import FactorsPanel

__all__ = ["FactorsPanel"]
