"""subscriptions and deliveries: digests and meeting reminders per chat

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "subscriptions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("chat_type", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("frequency", sa.String(length=10), nullable=False),
        sa.Column("digest_time", sa.Time(), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("reminder_days", sa.String(length=40), nullable=False),
        sa.Column("active_since", sa.DateTime(timezone=True), nullable=True),
        sa.Column("digest_after", sa.Integer(), nullable=False),
        sa.Column("paused_reason", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "status IN ('active', 'off', 'paused')", name=op.f("ck_subscriptions_status")
        ),
        sa.CheckConstraint(
            "frequency IN ('daily', 'weekly')", name=op.f("ck_subscriptions_frequency")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subscriptions")),
        sa.UniqueConstraint("chat_id", name=op.f("uq_subscriptions_chat_id")),
    )
    op.create_table(
        "deliveries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subscription_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("owner", sa.String(length=100), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "status IN ('claimed', 'sending', 'sent', 'skipped', 'failed', 'lost')",
            name=op.f("ck_deliveries_status"),
        ),
        sa.CheckConstraint("kind IN ('digest', 'reminder')", name=op.f("ck_deliveries_kind")),
        sa.ForeignKeyConstraint(
            ["subscription_id"],
            ["subscriptions.id"],
            name=op.f("fk_deliveries_subscription_id_subscriptions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deliveries")),
        sa.UniqueConstraint(
            "subscription_id", "kind", "key", name=op.f("uq_deliveries_subscription_id")
        ),
    )
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_deliveries_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_deliveries_claimed_at"), ["claimed_at"], unique=False)


def downgrade() -> None:
    op.drop_table("deliveries")
    op.drop_table("subscriptions")
