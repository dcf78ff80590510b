"""Postmortems keep the earlier postmortems the team linked as related ("seen before").

Revises: 0010
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # batch mode: SQLite cannot add a NOT NULL column with a server default in every version.
    with op.batch_alter_table("postmortems") as batch:
        batch.add_column(sa.Column("related", sa.JSON(), nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("postmortems") as batch:
        batch.drop_column("related")
