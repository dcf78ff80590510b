"""The parking lot and the pre-read's open questions in the search index, each a part of its own
(pmdesk.storage.search_index): every postmortem that has parked points or open questions gets
them, on SQLite and PostgreSQL alike; the downgrade takes them out again.

Revises: 0015
Create Date: 2026-12-06
"""

from alembic import op

from pmdesk.facilitation import Facilitation
from pmdesk.storage import search_index, search_layout

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

_PARTS = ("parked", "questions")


def upgrade() -> None:
    connection = op.get_bind()
    fts5 = search_index.has_fts5(connection)
    added = 0
    for pm_id, stored in connection.exec_driver_sql(
        "SELECT id, facilitation FROM postmortems ORDER BY id"
    ).all():
        record = search_index.facilitation_of(stored)
        if record.parking_lot or record.open_questions:
            search_index.index_facilitation(connection, int(pm_id), record, fts5=fts5)
            added += 1
    if added and connection.dialect.name == "postgresql":
        op.execute(f"ANALYZE {search_layout.PARTS_TABLE}")


def downgrade() -> None:
    """Back to 0015's index, which has no such parts."""
    connection = op.get_bind()
    fts5 = search_index.has_fts5(connection)
    holding = connection.exec_driver_sql(
        f"SELECT DISTINCT postmortem_id FROM {search_layout.PARTS_TABLE} "
        f"WHERE part IN ('{_PARTS[0]}', '{_PARTS[1]}') ORDER BY postmortem_id"
    ).all()
    for (pm_id,) in holding:
        search_index.index_facilitation(connection, int(pm_id), Facilitation(), fts5=fts5)
