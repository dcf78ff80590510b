"""The search index in parts (see pmdesk.storage.search_index): a save re-indexes only the parts
it changed. The whole-postmortem index of 0003 is replaced and rebuilt from what the database
holds.

Revises: 0005
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

from pmdesk.storage import search_index, search_layout

revision = "0010"
down_revision = "0005"
branch_labels = None
depends_on = None

_PARTS = search_layout.PARTS_TABLE
_POSTMORTEMS = search_layout.POSTMORTEMS_TABLE
_CONFIG = search_index.PG_CONFIG
_RECENCY = "coalesce(started_at, detected_at, resolved_at, '')"


def upgrade() -> None:
    connection = op.get_bind()
    postgres = connection.dialect.name == "postgresql"
    if not postgres:
        op.execute(f"DROP TABLE IF EXISTS {search_layout.FTS_TABLE}")
    op.drop_table("search_text")
    op.create_table(
        _POSTMORTEMS,
        sa.Column(
            "postmortem_id",
            sa.Integer(),
            sa.ForeignKey("postmortems.id", ondelete="CASCADE"),
            primary_key=True,
            autoincrement=False,
        ),
        sa.Column("services", sa.Text(), nullable=False, server_default=""),
        sa.Column("tags", sa.Text(), nullable=False, server_default=""),
        sa.Column("words", sa.Integer(), nullable=False, server_default="0"),
    )
    op.create_table(
        _PARTS,
        # The postmortem's id times 2**20 plus the part's slot: wider than 32 bits (on SQLite
        # INTEGER PRIMARY KEY is the 64-bit rowid, which FTS5 reads its content by).
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            primary_key=True,
            autoincrement=False,
        ),
        sa.Column(
            "postmortem_id",
            sa.Integer(),
            sa.ForeignKey("postmortems.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("part", sa.Text(), nullable=False),
        sa.Column("words", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("title", sa.Text(), nullable=False, server_default=""),
        sa.Column("body", sa.Text(), nullable=False, server_default=""),
    )
    op.create_index(f"{_PARTS}_owner", _PARTS, ["postmortem_id", "part"], unique=True)
    # Searches by common words list the newest postmortems first, read in this order.
    op.execute(f"CREATE INDEX {search_index.RECENCY_INDEX} ON postmortems (({_RECENCY}), id)")
    fts5 = False
    if postgres:
        op.execute(
            f"ALTER TABLE {_PARTS} ADD COLUMN document tsvector GENERATED ALWAYS AS ("
            f"setweight(to_tsvector('{_CONFIG}'::regconfig, title), 'A') || "
            f"setweight(to_tsvector('{_CONFIG}'::regconfig, body), 'B')) STORED"
        )
        op.execute(f"CREATE INDEX {_PARTS}_document ON {_PARTS} USING gin (document)")
    elif search_index.fts5_in_this_sqlite():
        # columnsize=0: no table of each part's length in tokens, one page less for every save
        # to write (searches rank by search_postmortems.words, not by FTS5's bm25()).
        op.execute(
            f"CREATE VIRTUAL TABLE {search_layout.FTS_TABLE} USING fts5(title, body, "
            f"content='{_PARTS}', content_rowid='id', tokenize='porter unicode61', "
            "columnsize=0)"
        )
        fts5 = True
    search_index.store_from_rows(connection, None, fts5=fts5, facilitation=False)


def downgrade() -> None:
    """Back to 0003's index: one row a postmortem, its parts joined."""
    connection = op.get_bind()
    postgres = connection.dialect.name == "postgresql"
    if not postgres:
        op.execute(f"DROP TABLE IF EXISTS {search_layout.FTS_TABLE}")
    op.execute(f"DROP INDEX IF EXISTS {search_index.RECENCY_INDEX}")
    op.create_table(
        "search_text",
        sa.Column(
            "postmortem_id",
            sa.Integer(),
            sa.ForeignKey("postmortems.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("services", sa.Text(), nullable=False, server_default=""),
        sa.Column("tags", sa.Text(), nullable=False, server_default=""),
        sa.Column("title", sa.Text(), nullable=False, server_default=""),
        sa.Column("body", sa.Text(), nullable=False, server_default=""),
    )
    joined = "string_agg(body, E'\\n' ORDER BY id)" if postgres else "group_concat(body, char(10))"
    op.execute(
        f"INSERT INTO search_text (postmortem_id, services, tags, title, body) "
        f"SELECT s.postmortem_id, s.services, s.tags, "
        f"coalesce((SELECT title FROM {_PARTS} p WHERE p.postmortem_id = s.postmortem_id "
        f"AND p.part = 'title'), ''), "
        f"coalesce((SELECT {joined} FROM {_PARTS} p WHERE p.postmortem_id = s.postmortem_id "
        f"AND p.part <> 'title'), '') FROM {_POSTMORTEMS} s"
    )
    op.drop_table(_PARTS)
    op.drop_table(_POSTMORTEMS)
    if postgres:
        op.execute(
            "ALTER TABLE search_text ADD COLUMN document tsvector GENERATED ALWAYS AS ("
            f"setweight(to_tsvector('{_CONFIG}'::regconfig, title), 'A') || "
            f"setweight(to_tsvector('{_CONFIG}'::regconfig, body), 'B')) STORED"
        )
        op.execute("CREATE INDEX search_text_document ON search_text USING gin (document)")
    elif search_index.fts5_in_this_sqlite():
        op.execute(
            f"CREATE VIRTUAL TABLE {search_layout.FTS_TABLE} USING fts5(title, body, "
            "content='search_text', content_rowid='postmortem_id', tokenize='porter unicode61')"
        )
        op.execute(
            f"INSERT INTO {search_layout.FTS_TABLE}({search_layout.FTS_TABLE}) VALUES ('rebuild')"
        )
