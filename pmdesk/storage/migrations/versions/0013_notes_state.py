"""Long notes' chunks indexed with the twelve words after them (pmdesk.storage.search_chunks), so
a phrase that runs past a short sentence after a chunk's end is found; and beside each
postmortem's word count, the state its notes' chunks were last written with
(pmdesk.storage.search_chunks), so a save of long notes need not read every chunk back. The
SQLite index is built again from what the database holds, and merged into one segment.

Revises: 0012
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

from pmdesk.storage import search_index, search_layout

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        search_layout.POSTMORTEMS_TABLE, sa.Column("notes_state", sa.BigInteger(), nullable=True)
    )
    connection = op.get_bind()
    if connection.dialect.name == "postgresql":
        return  # the notes are one part there (a tsvector per part)
    fts5, fts = search_index.has_fts5(connection), search_layout.FTS_TABLE
    if fts5:
        op.execute(f"INSERT INTO {fts}({fts}) VALUES ('delete-all')")
    op.execute(f"DELETE FROM {search_layout.PARTS_TABLE}")
    op.execute(f"DELETE FROM {search_layout.POSTMORTEMS_TABLE}")
    search_index.store_from_rows(connection, None, fts5=fts5, facilitation=False)
    if fts5:
        # Built at once, the index is left in segments FTS5 would go on merging, a share with
        # each later save: merged now, a save writes only its own (and a search reads fewer).
        op.execute(f"INSERT INTO {fts}({fts}) VALUES ('optimize')")


def downgrade() -> None:
    """0012 reads these chunks as its own (it looks no further than the words a chunk holds)."""
    op.drop_column(search_layout.POSTMORTEMS_TABLE, "notes_state")
