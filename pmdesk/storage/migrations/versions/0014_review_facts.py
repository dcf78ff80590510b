"""Each postmortem's blame-language facts for the quarterly review, kept beside it with the key
they were worked out under (pmdesk.storage.review_facts). Created empty: working them out for a
whole library here would make the upgrade take minutes; the first review fills it.

Revises: 0013
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "review_facts",
        sa.Column(
            "postmortem_id",
            sa.Integer(),
            sa.ForeignKey("postmortems.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("flagged", sa.Integer(), nullable=False),
        sa.Column("vague", sa.JSON(), nullable=False),
        sa.Column("blames_people", sa.Boolean(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("review_facts")
