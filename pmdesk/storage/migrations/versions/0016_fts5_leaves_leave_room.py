"""The SQLite full-text index's leaves at most 3,000 bytes (FTS5's `pgsz`; its default is 4,050),
merged into one segment: a save's commit writes some 2 pages fewer.

Each save's transaction gives FTS5 a new small segment, a row of a few hundred bytes placed among
the rows of the segments before it. A leaf of 4,050 bytes fills a 4,096-byte database page, so
that small row found no room beside one: its page was split and its neighbours rebalanced, about
8 pages written for a notes save where 5 will do. A leaf of 3,000 bytes leaves some 1,000 bytes
of its page free. Searches read about a third more leaves: at 10,000 postmortems the median
search takes 10.0-10.2 ms CPU against 9.4-9.5 (benchmarks/search.py, two runs each).
Only segments written from now on take the new size, so every segment is merged into one anew
(under a second for 10,000 postmortems). 'optimize' leaves an index that is one segment
already as it is: a row put in and taken out again first gives it more to merge, and nothing
of that row stays. ('rebuild' from search_parts would do too, but leaves later saves some 30 us
dearer: benchmarks/search_segments.py.)

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
    # Rowid -1 is no part's (a part's is its postmortem's id, from 1, shifted left).
    op.execute(f"INSERT INTO {fts}(rowid, title, body) VALUES (-1, '', 'pgsz')")
    op.execute(f"INSERT INTO {fts}({fts}, rowid, title, body) VALUES ('delete', -1, '', 'pgsz')")
    op.execute(f"INSERT INTO {fts}({fts}) VALUES ('optimize')")


def upgrade() -> None:
    _leaves(LEAF_BYTES)


def downgrade() -> None:
    """Back to FTS5's own leaf size, every segment rewritten in it."""
    _leaves(FTS5_DEFAULT_LEAF_BYTES)
