"""Long notes in the PostgreSQL search index in chunks, as on SQLite since 0012
(pmdesk.storage.search_chunks): a save re-indexes the chunk it changed, not the whole notes.
The postmortems with notes are indexed again from what the database holds; SQLite's index is
left as it is.

Revises: 0014
Create Date: 2026-12-05
"""

from alembic import op

from pmdesk.storage import search_index, search_layout

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def _reindex_notes(*, whole_notes: bool) -> None:
    connection = op.get_bind()
    if connection.dialect.name != "postgresql":
        return
    ids = [
        int(pm_id)
        for (pm_id,) in connection.exec_driver_sql(
            "SELECT id FROM postmortems WHERE notes ~ '[[:alnum:]]' ORDER BY id"
        )
    ]
    for start in range(0, len(ids), 500):
        search_index.store_from_rows(
            connection,
            ids[start : start + 500],
            fts5=False,
            whole_notes=whole_notes,
            facilitation=False,
        )
    if ids:
        op.execute(f"ANALYZE {search_layout.PARTS_TABLE}")


def upgrade() -> None:
    _reindex_notes(whole_notes=False)


def downgrade() -> None:
    """Back to the notes in one part, as 0014 reads them on PostgreSQL."""
    _reindex_notes(whole_notes=True)
