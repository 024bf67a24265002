"""Shared fixtures: a real store on SQLite (a file, WAL) and on the PostgreSQL server."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bot.clock import Clock
from bot.config import Settings
from bot.services import Services

POSTGRES_ADMIN_URL = os.environ.get(
    "BRIEFBOT_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _postgres_available() -> str | None:
    """None when the server answers, else why not."""
    try:
        engine = create_engine(POSTGRES_ADMIN_URL, connect_args={"connect_timeout": 3})
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        engine.dispose()
    except Exception as error:
        where = make_url(POSTGRES_ADMIN_URL).render_as_string()
        return f"PostgreSQL at {where} is unreachable: {error}"
    return None


@pytest.fixture(scope="session")
def postgres_server() -> str:
    """The admin URL of the PostgreSQL server; skipped visibly outside CI when absent."""
    problem = _postgres_available()
    if problem:
        if os.environ.get("CI"):
            pytest.fail(f"{problem} (required under CI)")
        pytest.skip(problem)
    return POSTGRES_ADMIN_URL


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    name = f"briefbot_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(postgres_server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(postgres_server).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The store's URL, once per supported database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.sqlite3'}"
    return request.getfixturevalue("postgres_url")


def make_settings(data_dir: Path, database_url: str | None = None) -> Settings:
    """Settings for a test: no token, everything under `data_dir`."""
    environ = {"BRIEFBOT_DATA_DIR": str(data_dir)}
    if database_url:
        environ["BRIEFBOT_DATABASE_URL"] = database_url
    return Settings.from_env(environ)


@pytest.fixture
def services(tmp_path: Path, database_url: str) -> Iterator[Services]:
    """Services over a store holding the five seed articles."""
    opened = Services.open(make_settings(tmp_path, database_url), Clock())
    yield opened
    opened.close()


@pytest.fixture
def sqlite_services(tmp_path: Path) -> Iterator[Services]:
    """Services over a seeded SQLite store, for tests that do not depend on the database."""
    opened = Services.open(make_settings(tmp_path), Clock())
    yield opened
    opened.close()
