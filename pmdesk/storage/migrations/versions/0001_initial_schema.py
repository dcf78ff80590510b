"""Initial schema: postmortems with attendees, timeline events, findings, factors, action items
and phase records. Times are ISO 8601 text with their offset (see storage.tables.AwareDateTime).

Revises:
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "postmortems",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("severity_level", sa.String(length=10), nullable=False),
        sa.Column("customer_facing", sa.Boolean(), nullable=False),
        sa.Column("revenue_impact", sa.Boolean(), nullable=False),
        sa.Column("data_loss", sa.Boolean(), nullable=False),
        sa.Column("started_at", sa.String(length=40), nullable=True),
        sa.Column("detected_at", sa.String(length=40), nullable=True),
        sa.Column("resolved_at", sa.String(length=40), nullable=True),
        sa.Column("meeting_at", sa.String(length=40), nullable=True),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("lessons", sa.Text(), nullable=False),
        sa.Column("services", sa.JSON(), nullable=False),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("timer", sa.JSON(), nullable=False),
        sa.Column("language", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.String(length=40), nullable=True),
        sa.Column("updated_at", sa.String(length=40), nullable=True),
        sa.Column("deleted_at", sa.String(length=40), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "action_items",
        sa.Column("postmortem_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("type", sa.String(length=20), nullable=False),
        sa.Column("owner", sa.Text(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("dropped_reason", sa.Text(), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("factor_id", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(["postmortem_id"], ["postmortems.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("postmortem_id", "id"),
    )
    with op.batch_alter_table("action_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_action_items_deadline"), ["deadline"], unique=False)
        batch_op.create_index(batch_op.f("ix_action_items_owner"), ["owner"], unique=False)
        batch_op.create_index(batch_op.f("ix_action_items_status"), ["status"], unique=False)

    op.create_table(
        "attendees",
        sa.Column("postmortem_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("role", sa.Text(), nullable=False),
        sa.Column("involvement", sa.String(length=20), nullable=False),
        sa.Column("facilitator", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["postmortem_id"], ["postmortems.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("postmortem_id", "id"),
    )
    op.create_table(
        "factors",
        sa.Column("postmortem_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("question", sa.String(length=20), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("whys", sa.JSON(), nullable=False),
        sa.Column("event_ids", sa.JSON(), nullable=False),
        sa.Column("finding_ids", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["postmortem_id"], ["postmortems.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("postmortem_id", "id"),
    )
    op.create_table(
        "findings",
        sa.Column("postmortem_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("origin", sa.String(length=40), nullable=False),
        sa.Column("created_at", sa.String(length=40), nullable=True),
        sa.ForeignKeyConstraint(["postmortem_id"], ["postmortems.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("postmortem_id", "id"),
    )
    op.create_table(
        "phase_records",
        sa.Column("postmortem_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("phase", sa.String(length=30), nullable=False),
        sa.Column("planned_minutes", sa.Integer(), nullable=False),
        sa.Column("actual_seconds", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["postmortem_id"], ["postmortems.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("postmortem_id", "position"),
    )
    op.create_table(
        "timeline_events",
        sa.Column("postmortem_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("at", sa.String(length=40), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("marker", sa.String(length=20), nullable=True),
        sa.Column("seen", sa.Text(), nullable=False),
        sa.Column("believed", sa.Text(), nullable=False),
        sa.Column("done_next", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["postmortem_id"], ["postmortems.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("postmortem_id", "id"),
    )


def downgrade() -> None:

    op.drop_table("timeline_events")
    op.drop_table("phase_records")
    op.drop_table("findings")
    op.drop_table("factors")
    op.drop_table("attendees")
    with op.batch_alter_table("action_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_action_items_status"))
        batch_op.drop_index(batch_op.f("ix_action_items_owner"))
        batch_op.drop_index(batch_op.f("ix_action_items_deadline"))

    op.drop_table("action_items")
    op.drop_table("postmortems")
