"""meeting mentions: each article's meetings, kept for merging events again

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "meeting_mentions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("series", sa.String(length=300), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_meeting_mentions_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_mentions")),
    )
    with op.batch_alter_table("meeting_mentions") as batch_op:
        batch_op.create_index(batch_op.f("ix_meeting_mentions_article_id"), ["article_id"])
        batch_op.create_index(batch_op.f("ix_meeting_mentions_series"), ["series"])


def downgrade() -> None:
    op.drop_table("meeting_mentions")
