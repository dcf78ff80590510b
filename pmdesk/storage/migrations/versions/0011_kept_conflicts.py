"""Conflicts not yet settled, kept with the postmortem so closing the window or quitting loses
neither side: per postmortem and per person, the common ancestor and what that person wrote.

Revises: 0008
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "kept_conflicts",
        sa.Column(
            "postmortem_id",
            sa.Integer(),
            sa.ForeignKey("postmortems.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("owner", sa.Text(), primary_key=True),
        sa.Column("ancestor", sa.JSON(), nullable=False),
        sa.Column("mine", sa.JSON(), nullable=False),
        sa.Column("kept_at", sa.String(40), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("kept_conflicts")
