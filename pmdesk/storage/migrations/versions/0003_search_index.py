"""The full-text index of every postmortem (see pmdesk.storage.search_index), built for what the
database already holds.

Revises: 0002
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

from pmdesk.storage import search_index, search_layout

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_TEXT = "search_text"  # replaced by the index in parts of 0010, which fills it
_CONFIG = search_index.PG_CONFIG


def upgrade() -> None:
    op.create_table(
        _TEXT,
        sa.Column(
            "postmortem_id",
            sa.Integer(),
            sa.ForeignKey("postmortems.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        # The short filter columns first: SQLite reads a row's columns in order, and the body
        # can span several pages.
        sa.Column("services", sa.Text(), nullable=False, server_default=""),
        sa.Column("tags", sa.Text(), nullable=False, server_default=""),
        sa.Column("title", sa.Text(), nullable=False, server_default=""),
        sa.Column("body", sa.Text(), nullable=False, server_default=""),
    )
    connection = op.get_bind()
    if connection.dialect.name == "postgresql":
        _postgres_index()
    elif search_index.fts5_in_this_sqlite():
        op.execute(
            f"CREATE VIRTUAL TABLE {search_layout.FTS_TABLE} USING fts5(title, body, "
            f"content='{_TEXT}', content_rowid='postmortem_id', tokenize='porter unicode61')"
        )
    # What a search by filters alone reads of every postmortem (trash, filters, dates), in a
    # small index of its own: a postmortem's row, long texts and all, spans several pages.
    op.create_index(search_index.LISTING_INDEX, "postmortems", list(search_index.LISTING_COLUMNS))
    # Left empty: 0010 replaces this index with one in parts and builds it from the postmortems.


def _postgres_index() -> None:
    # English stemming like FTS5's porter, and no stop words, as FTS5 has none.
    op.execute(
        f"""
        DO $$ BEGIN
          IF NOT EXISTS (SELECT 1 FROM pg_ts_dict WHERE dictname = '{_CONFIG}_stem') THEN
            CREATE TEXT SEARCH DICTIONARY {_CONFIG}_stem (TEMPLATE = snowball, Language = english);
          END IF;
          IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = '{_CONFIG}') THEN
            CREATE TEXT SEARCH CONFIGURATION {_CONFIG} (COPY = english);
            ALTER TEXT SEARCH CONFIGURATION {_CONFIG}
              ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part
              WITH {_CONFIG}_stem;
          END IF;
        END $$;
        """
    )
    op.execute(
        f"ALTER TABLE {_TEXT} ADD COLUMN document tsvector GENERATED ALWAYS AS ("
        f"setweight(to_tsvector('{_CONFIG}'::regconfig, title), 'A') || "
        f"setweight(to_tsvector('{_CONFIG}'::regconfig, body), 'B')) STORED"
    )
    op.execute(f"CREATE INDEX {_TEXT}_document ON {_TEXT} USING gin (document)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"DROP TABLE IF EXISTS {search_layout.FTS_TABLE}")
    op.drop_index(search_index.LISTING_INDEX, "postmortems")
    op.drop_table(_TEXT)
