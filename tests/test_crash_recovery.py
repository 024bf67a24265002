"""Kill -9 in the middle of work, with real processes: nothing half-written, nothing twice.

`briefbot ingest` is killed while it writes a batch of a 1,000-article import, and the
bot while it sends digests and reminders to 30 chats through a Bot API server slow to
answer; each is then started again. On SQLite (WAL) and on PostgreSQL.
"""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from bot_process import BRIEFBOT
from conftest import make_settings
from fake_telegram import FakeTelegram
from generated_articles import generated_articles, write_jsonl
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from test_jobs_e2e import ASEAN, BOT_USERNAME, PROCESS_TOKEN, BotProcesses, article, subscribe

from bot.services import Services
from storage.search_index import IndexedText

ARTICLES = generated_articles(1000)
SEEDS = 5
BATCH = 200  # storage.ingestion.jsonl.BATCH_SIZE: one transaction each


@pytest.fixture
def store(database_url: str) -> Iterator[Engine]:
    """The store as the tests read it, apart from the processes under test."""
    engine = create_engine(database_url)
    yield engine
    engine.dispose()


def ingest_env(data_dir: Path, database_url: str) -> dict[str, str]:
    """This process's environment without the developer's briefbot settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BRIEFBOT_", "TELEGRAM_"))}
    return env | {"BRIEFBOT_DATA_DIR": str(data_dir), "BRIEFBOT_DATABASE_URL": database_url}


def article_count(store: Engine) -> int:
    with store.connect() as connection:
        return connection.scalar(text("SELECT count(*) FROM articles")) or 0


def writing(store: Engine) -> bool:
    """Whether another connection has a write transaction open on the store right now."""
    if store.dialect.name == "sqlite":
        probe = sqlite3.connect(make_url(store.url).database, timeout=0, isolation_level=None)
        try:
            probe.execute("BEGIN IMMEDIATE")  # refused while another writer holds the lock
            probe.execute("ROLLBACK")
            return False
        except sqlite3.OperationalError:
            return True
        finally:
            probe.close()
    with store.connect() as connection:
        others = connection.scalar(
            text(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL"
            )
        )
    return bool(others)


def kill_while_writing(process: subprocess.Popen[bytes], store: Engine) -> int:
    """SIGKILL the import inside a write transaction, once a batch or two are stored but
    at least two more are to come; returns the articles stored when it was killed."""
    deadline = time.monotonic() + 40
    while time.monotonic() < deadline:
        assert process.poll() is None, "the import ended before it could be killed"
        stored = article_count(store)
        if SEEDS < stored <= SEEDS + len(ARTICLES) - 2 * BATCH and writing(store):
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=10)
            return stored
        time.sleep(0.005)
    raise AssertionError("the import never got to its second batch")


def ids(store: Engine, sql: str) -> list[int]:
    with store.connect() as connection:
        return sorted(connection.scalars(text(sql)))


def assert_consistent(store: Engine) -> int:
    """Every article is whole (indexed, counted in the vocabulary, its meetings linked)
    or absent; returns how many there are."""
    sqlite = store.dialect.name == "sqlite"
    with store.connect() as connection:
        if sqlite:
            assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
            connection.exec_driver_sql(
                "INSERT INTO article_fts(article_fts) VALUES ('integrity-check')"
            )
        duplicates = connection.execute(
            text("SELECT content_hash FROM articles GROUP BY content_hash HAVING count(*) > 1")
        ).all()
        stored = connection.execute(text("SELECT title, body FROM articles")).all()
        terms = connection.execute(text("SELECT term, doc_count FROM search_terms"))
        vocabulary = {term: count for term, count in terms}
    assert duplicates == []
    articles = ids(store, "SELECT id FROM articles")
    index = "SELECT rowid FROM article_fts" if sqlite else "SELECT article_id FROM article_search"
    assert ids(store, index) == articles  # no article without its index row, nor the reverse
    for table in ("meeting_mentions", "event_sources"):
        assert set(ids(store, f"SELECT article_id FROM {table}")) <= set(articles), table
    unlinked = "SELECT id FROM events WHERE id NOT IN (SELECT event_id FROM event_sources)"
    assert ids(store, unlinked) == []
    expected = Counter(term for row in stored for term in IndexedText.of(*row).terms())
    assert vocabulary == dict(expected)
    return len(articles)


def test_an_import_killed_mid_transaction_keeps_whole_articles_and_completes_on_rerun(
    tmp_path: Path, database_url: str, store: Engine
) -> None:
    news = write_jsonl(tmp_path / "news.jsonl", ARTICLES)
    env = ingest_env(tmp_path / "data", database_url)
    Services.open(make_settings(tmp_path / "data", database_url)).close()  # schema and seeds
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    process = subprocess.Popen([BRIEFBOT, "ingest", str(news)], env=env, **quiet)
    stored_at_kill = kill_while_writing(process, store)
    assert process.returncode == -signal.SIGKILL

    survived = assert_consistent(store)
    assert stored_at_kill <= survived < SEEDS + len(ARTICLES)
    assert (survived - SEEDS) % BATCH == 0  # whole batches, never part of one

    rerun = subprocess.run(
        [BRIEFBOT, "ingest", str(news)], env=env, capture_output=True, text=True, timeout=60
    )
    assert rerun.returncode == 0, rerun.stderr
    again = survived - SEEDS
    assert rerun.stdout.splitlines()[-1] == (
        f"{len(ARTICLES) - again} added, {again} already stored, 0 refused"
    )
    assert assert_consistent(store) == SEEDS + len(ARTICLES)

    assert top_hits(tmp_path / "data", database_url) == owners(store)


def owners(store: Engine) -> dict[str, int]:
    """Each code name and the id of the article that holds it."""
    with store.connect() as connection:
        rows = connection.execute(text("SELECT id, body FROM articles")).all()
    named = ((re.search(r"Operation (\w+)", body), id_) for id_, body in rows)
    return {found.group(1).lower(): id_ for found, id_ in named if found}


def top_hits(data_dir: Path, database_url: str) -> dict[str, int]:
    """Each code name and the first article a search for it finds."""
    services = Services.open(make_settings(data_dir, database_url))
    try:
        searched = ((a.code_name, services.search.search(a.code_name, limit=1)) for a in ARTICLES)
        return {name: results.hits[0].article_id for name, results in searched if results.hits}
    finally:
        services.close()


CHATS = 30
KILL_AT_SEND = 20  # ten chats have had their digest and reminder when the 20th goes out


def test_a_bot_killed_mid_round_sends_the_rest_once_and_marks_the_send_in_flight_lost(
    tmp_path: Path, database_url: str
) -> None:
    with FakeTelegram(token=PROCESS_TOKEN, bot_username=BOT_USERNAME) as tg:
        bots = BotProcesses(tg, tmp_path, database_url)
        chats = [tg.private_chat(tg.user(f"Member {n}")) for n in range(CHATS)]
        store = bots.store("2024-05-27 12:00")
        for chat in chats:
            subscribe(store, chat)
        store.ingestor.ingest_bytes(article(1), source="office_1.txt")
        store.close()

        tg.slow_down("sendMessage", 0.3)  # each message arrives 0.3 s before the bot knows
        process, _ = bots.start("2024-05-28T08:00")
        in_flight = tg.wait_until(
            lambda: tg.calls_to("sendMessage")[KILL_AT_SEND - 1 : KILL_AT_SEND],
            timeout=40,
            what=f"{KILL_AT_SEND} sends",
        )[0]
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
        tg.slow_down("sendMessage", 0)

        after_restart = bots.run_at("2024-05-28T08:01")  # the rest; the one in flight waits
        after_timeout = bots.run_at("2024-05-28T08:16")  # its claim has expired: lost
        for chat in chats:
            firsts = sorted((m.text or "").split("\n")[0] for m in tg.bot_messages(chat))
            assert firsts == ["Digest · Tue 28 May 2024", f"Reminder: {ASEAN} starts in 7 days"]
        assert len(tg.calls_to("sendMessage")) == 2 * CHATS  # nothing sent twice

    chat_id = int(in_flight.params["chat_id"])
    kind = "reminder" if "Reminder:" in in_flight.params["text"].split("\n")[0] else "digest"
    assert "LOST" not in after_restart
    assert re.search(
        rf"LOST {kind} \S+ for chat {chat_id}: \S+ died while sending it", after_timeout
    ), after_timeout
    engine = create_engine(database_url)
    with engine.connect() as connection:
        deliveries = connection.execute(text("SELECT chat_id, kind, status FROM deliveries")).all()
        subscriptions = connection.execute(text("SELECT chat_id, status FROM subscriptions")).all()
    engine.dispose()
    assert Counter(status for _, _, status in deliveries) == {"sent": 2 * CHATS - 1, "lost": 1}
    assert [(c, k) for c, k, status in deliveries if status == "lost"] == [(chat_id, kind)]
    assert sorted(subscriptions) == sorted((chat.id, "active") for chat in chats)
