"""The store in trouble: a full disk, a read-only file system, a PostgreSQL server that
goes away. Each gets one log line and one clear reply, reads keep working where they
can, and everything works again once the store does, without a restart.

The disk and the file system are real: a small tmpfs mounted for the test (root only);
the server's absence is real too: a TCP proxy in front of PostgreSQL is cut.
"""

from __future__ import annotations

import logging
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import make_settings
from sqlalchemy import func, select
from sqlalchemy.engine import make_url
from tcp_proxy import TcpProxy

from bot.clock import Clock
from bot.services import Services
from handlers.messages import Request
from handlers.router import dispatch
from storage.subscriptions import Subscription

UNAVAILABLE = "The article store is unavailable right now: {}. Please try again in a few minutes."
FULL = UNAVAILABLE.format("the disk is full")


@pytest.fixture
def volume(tmp_path: Path) -> Iterator[Path]:
    """A 16 MB file system of the test's own."""
    folder = tmp_path / "volume"
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(folder)], capture_output=True
    )
    if mounted.returncode != 0:
        reason = f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}"
        if os.environ.get("CI"):
            pytest.fail(f"{reason} (required under CI)")
        pytest.skip(reason)
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)


@pytest.fixture
def store(volume: Path) -> Iterator[Services]:
    opened = Services.open(make_settings(volume / "data"), Clock())
    yield opened
    opened.close()


def say(services: Services, command: str, args: str = "") -> str:
    """The text of the first reply, as chat 42 (user 42) sees it."""
    return dispatch(Request(command, args, chat_id=42, user_id=42), services)[0].html


def subscriptions(services: Services) -> int:
    with services.database.reader() as session:
        return session.scalar(select(func.count()).select_from(Subscription)) or 0


def fill(volume: Path) -> Path:
    """Write until the disk is full; returns the file that filled it."""
    filler = volume / "filler"
    with filler.open("wb") as output:
        try:
            while True:
                output.write(b"\0" * 65536)
                output.flush()
        except OSError:
            pass
    return filler


def store_log_lines(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if "Store unavailable" in r.getMessage()]


def test_a_full_disk_refuses_writes_in_one_line_and_recovers(
    store: Services, volume: Path, caplog: pytest.LogCaptureFixture
) -> None:
    filler = fill(volume)
    with caplog.at_level(logging.WARNING):
        assert say(store, "subscribe") == FULL
        assert subscriptions(store) == 0
        assert "for “customs”" in say(store, "search", "customs")  # reads go on
        summary = say(store, "summary", "3")  # answered, though not cached
        assert summary.startswith("<b>#3 ")
    (line,) = store_log_lines(caplog)
    assert line.getMessage().startswith("Store unavailable during /subscribe: the disk is full")
    assert line.exc_info is None  # one line, no traceback
    assert "Summary of #3 not cached: the disk is full" in caplog.text

    filler.unlink()
    assert say(store, "subscribe").startswith("<b>Subscribed:</b>")
    assert subscriptions(store) == 1


def test_a_read_only_file_system_is_named_and_recovers(
    store: Services, volume: Path, caplog: pytest.LogCaptureFixture
) -> None:
    store.database.engine.dispose()  # nothing open for writing, as after a quiet spell
    subprocess.run(["mount", "-o", "remount,ro", str(volume)], check=True)
    try:
        with caplog.at_level(logging.WARNING):
            assert say(store, "subscribe") == UNAVAILABLE.format(
                "the store file cannot be written (read-only file system or permissions)"
            )
        assert len(store_log_lines(caplog)) == 1
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(volume)], check=True)
    assert say(store, "subscribe").startswith("<b>Subscribed:</b>")
    assert subscriptions(store) == 1


def test_postgresql_going_away_and_coming_back(
    tmp_path: Path, postgres_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    url = make_url(postgres_url)
    proxy = TcpProxy((url.host or "127.0.0.1", url.port or 5432))
    proxy.start()
    through_proxy = url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    services = Services.open(make_settings(tmp_path, through_proxy), Clock())
    try:
        assert "for “mikuriya”" in say(services, "search", "mikuriya")
        proxy.stop()
        with caplog.at_level(logging.WARNING):
            down = UNAVAILABLE.format("the database server cannot be reached")
            assert say(services, "search", "mikuriya") == down
            assert say(services, "subscribe") == down
        assert len(store_log_lines(caplog)) == 2
        assert all(r.exc_info is None for r in store_log_lines(caplog))
        proxy.start()
        assert "for “mikuriya”" in say(services, "search", "mikuriya")
        assert say(services, "subscribe").startswith("<b>Subscribed:</b>")
        assert subscriptions(services) == 1
    finally:
        services.close()
        proxy.stop()
