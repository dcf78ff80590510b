"""Interviews before the meeting: one record per conversation with an attendee (date,
interviewer, scribe, consent to record, how long the notes are kept, its timer) and its private
notes.

Revises: 0007
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "interviews",
        sa.Column("postmortem_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("attendee_id", sa.String(length=64), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=True),
        sa.Column("interviewer", sa.Text(), nullable=False),
        sa.Column("scribe", sa.Text(), nullable=False),
        sa.Column("consent_to_record", sa.Boolean(), nullable=False),
        sa.Column("notes_kept", sa.String(length=20), nullable=False),
        sa.Column("planned_minutes", sa.Integer(), nullable=False),
        sa.Column("elapsed_seconds", sa.Float(), nullable=False),
        sa.Column("running_since", sa.String(length=40), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        # Raised by each write, as on every item table (migration 0005).
        sa.Column("version", sa.Integer(), nullable=False, server_default="1"),
        sa.ForeignKeyConstraint(["postmortem_id"], ["postmortems.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("postmortem_id", "id"),
    )


def downgrade() -> None:
    op.drop_table("interviews")
