"""Timeline events remember who told them (a returned contribution sheet's contributor),
separately from where the fact came from.

Revises: 0001
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # batch mode: SQLite cannot add a NOT NULL column with a server default in every version.
    with op.batch_alter_table("timeline_events") as batch:
        batch.add_column(sa.Column("added_by", sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("timeline_events") as batch:
        batch.drop_column("added_by")
