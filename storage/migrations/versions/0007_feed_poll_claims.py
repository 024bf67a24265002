"""feed poll claims: when each feed is next due, claimed by moving it on

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("feeds") as batch:
        batch.add_column(sa.Column("next_poll_at", sa.DateTime(timezone=True), nullable=True))
    # Feeds followed before this migration are due at once.
    feeds = sa.table("feeds", sa.column("next_poll_at", sa.DateTime(timezone=True)))
    op.execute(feeds.update().values(next_poll_at=datetime(1970, 1, 1, tzinfo=UTC)))
    with op.batch_alter_table("feeds") as batch:
        batch.alter_column("next_poll_at", existing_type=sa.DateTime(timezone=True), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("feeds") as batch:
        batch.drop_column("next_poll_at")
