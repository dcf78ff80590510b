"""Long notes in the SQLite search index in chunks (see pmdesk.storage.search_chunks): a save
re-indexes the chunk it changed, not the whole notes. The index is built again from what the
database holds; on PostgreSQL the planner gets the statistics its searches need.

Revises: 0011
Create Date: 2026-12-05
"""

from alembic import op

from pmdesk.storage import search_index, search_layout

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def _rebuild(*, whole_notes: bool) -> None:
    connection = op.get_bind()
    if connection.dialect.name == "postgresql":
        return  # the notes stay one part there (a tsvector per part)
    fts5 = search_index.has_fts5(connection)
    if fts5:
        fts = search_layout.FTS_TABLE
        op.execute(f"INSERT INTO {fts}({fts}) VALUES ('delete-all')")
    op.execute(f"DELETE FROM {search_layout.PARTS_TABLE}")
    op.execute(f"DELETE FROM {search_layout.POSTMORTEMS_TABLE}")
    search_index.store_from_rows(
        connection, None, fts5=fts5, whole_notes=whole_notes, facilitation=False
    )


def upgrade() -> None:
    _rebuild(whole_notes=False)


def downgrade() -> None:
    """Back to the notes in one part, as 0011 reads them."""
    _rebuild(whole_notes=True)
