"""Postmortems taken from a team database onto this one: where they came from, their id there,
and the copies a three-way merge needs (the common ancestor, and the team's as last seen).

Revises: 0004
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "checkouts",
        sa.Column(
            "postmortem_id",
            sa.Integer(),
            sa.ForeignKey("postmortems.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("team_url", sa.Text(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("base", sa.JSON(), nullable=False),
        sa.Column("team_seen", sa.JSON(), nullable=False),
        sa.Column("checked_out_at", sa.String(40), nullable=False),
        sa.Column("synced_at", sa.String(40), nullable=True),
        sa.UniqueConstraint("team_url", "team_id", name="checkouts_team_postmortem"),
    )


def downgrade() -> None:
    op.drop_table("checkouts")
