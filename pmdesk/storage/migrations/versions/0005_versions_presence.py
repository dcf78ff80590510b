"""Versions on every stored field and item, so no save overwrites an edit it never saw, and a
presence table: who has which postmortem open.

Revises: 0009
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0009"
branch_labels = None
depends_on = None

ITEM_TABLES = ("attendees", "timeline_events", "findings", "factors", "action_items")


def upgrade() -> None:
    with op.batch_alter_table("postmortems") as batch:
        batch.add_column(sa.Column("versions", sa.JSON(), nullable=False, server_default="{}"))
        batch.add_column(sa.Column("revision", sa.Integer(), nullable=False, server_default="0"))
    for table in ITEM_TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
    op.create_table(
        "presence",
        sa.Column("client", sa.String(64), primary_key=True),
        sa.Column(
            "postmortem_id",
            sa.Integer(),
            sa.ForeignKey("postmortems.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("name", sa.Text(), nullable=False, server_default=""),
        sa.Column("opened_at", sa.String(40), nullable=False),
        sa.Column("seen_at", sa.String(40), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("presence")
    for table in ITEM_TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("version")
    with op.batch_alter_table("postmortems") as batch:
        batch.drop_column("revision")
        batch.drop_column("versions")
