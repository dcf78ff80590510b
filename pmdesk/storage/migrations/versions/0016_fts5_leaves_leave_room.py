"""The SQLite full-text index's leaves at most 3,000 bytes (FTS5's `pgsz`; its default is 4,050),
built again in one segment: a save's commit writes some 2 pages fewer.

Each save's transaction gives FTS5 a new small segment, a row of a few hundred bytes placed among
the rows of the segments before it. A leaf of 4,050 bytes fills a 4,096-byte database page, so
that small row found no room beside one: its page was split and its neighbours rebalanced, about
8 pages written for a notes save where 5 will do. A leaf of 3,000 bytes leaves some 1,000 bytes
of its page free. Searches read about a third more leaves and are as fast (benchmarks/search.py).
Only segments written from now on take the new size, so the index is built again from its text
(search_parts, which holds exactly what it indexes) and merged: 2 s for 10,000 postmortems
('optimize' alone leaves an index already in one segment as it is).

Revises: 0015
Create Date: 2026-12-06
"""

from alembic import op

from pmdesk.storage import search_index, search_layout

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

LEAF_BYTES = 3_000
FTS5_DEFAULT_LEAF_BYTES = 4_050


def _leaves(size: int) -> None:
    connection = op.get_bind()
    if not search_index.has_fts5(connection):
        return  # PostgreSQL, or an SQLite without FTS5: no such index
    fts = search_layout.FTS_TABLE
    op.execute(f"INSERT INTO {fts}({fts}, rank) VALUES ('pgsz', {size})")
    op.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")
    op.execute(f"INSERT INTO {fts}({fts}) VALUES ('optimize')")


def upgrade() -> None:
    _leaves(LEAF_BYTES)


def downgrade() -> None:
    """Back to FTS5's own leaf size, every segment rewritten in it."""
    _leaves(FTS5_DEFAULT_LEAF_BYTES)
