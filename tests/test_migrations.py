"""Migrations: they build the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from storage.engine import Database
from storage.models import Base

# Tables of the full-text index live outside the models: FTS5's virtual table and its
# shadow tables on SQLite, the tsvector table on PostgreSQL.
INDEX_TABLES = ("article_fts", "article_search", "alembic_version")


def _ours(obj, name, type_, reflected, compare_to) -> bool:
    table = name if type_ == "table" else getattr(getattr(obj, "table", None), "name", "")
    return not str(table or "").startswith(INDEX_TABLES)


def test_migrations_match_the_models(database_url: str) -> None:
    database = Database.open(database_url)
    with database.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"include_object": _ours, "compare_type": True}
        )
        assert compare_metadata(context, Base.metadata) == []
        tables = set(inspect(connection).get_table_names())
    database.close()
    assert {"articles", "events", "event_sources", "search_terms", "meeting_mentions"} <= tables


def test_opening_twice_is_harmless(database_url: str) -> None:
    Database.open(database_url).close()
    Database.open(database_url).close()
