"""Alembic environment: runs migrations on the connection the application hands over."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

import storage.feeds
import storage.subscriptions  # noqa: F401  (its tables join Base.metadata)
from storage.models import Base

config = context.config
connection = config.attributes.get("connection")


def _run(conn: object) -> None:
    context.configure(
        connection=conn,
        target_metadata=Base.metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if connection is not None:
    _run(connection)
else:  # `alembic` command line: BRIEFBOT_DATABASE_URL or the default store
    from bot.config import Settings

    with create_engine(Settings.from_env().database_url).begin() as conn:
        _run(conn)
