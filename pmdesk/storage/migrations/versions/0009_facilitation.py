"""Postmortems keep what the facilitator does around the meeting: when the pre-read went out, the
open questions, the parking lot, round robins and the survey answers.

Revises: 0006
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # batch mode: SQLite cannot add a NOT NULL column with a server default in every version.
    with op.batch_alter_table("postmortems") as batch:
        batch.add_column(sa.Column("facilitation", sa.JSON(), nullable=False, server_default="{}"))


def downgrade() -> None:
    with op.batch_alter_table("postmortems") as batch:
        batch.drop_column("facilitation")
