"""Telegram out of reach: polling resumes by itself when the network returns, a reply
that could not reach Telegram is tried again with back-off, then given up in one line."""

from __future__ import annotations

import asyncio
import logging
import socket
import time
from pathlib import Path

import pytest
from bot_process import bot_env, polling_bot
from fake_telegram import FakeTelegram
from telegram import Bot
from telegram.error import NetworkError

from handlers import send_errors
from handlers.send_errors import with_retries

TOKEN = "313131313:TEST-network-token"


def test_polling_resumes_after_the_network_returns(tmp_path: Path) -> None:
    with FakeTelegram(token=TOKEN) as tg:
        alice = tg.user("Alice")
        chat = tg.private_chat(alice)
        log = tmp_path / "bot.log"
        with polling_bot(tg, bot_env(tg, TOKEN, tmp_path / "data"), log):
            tg.send_message(chat, alice, "/start")
            assert tg.wait_for_bot_messages(chat, count=1, timeout=20)
            tg.stop()
            deadline = time.monotonic() + 30
            while "Telegram cannot be reached" not in log.read_text():
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.2)
            tg.start()
            tg.send_message(chat, alice, "/help")
            (reply,) = tg.wait_for_bot_messages(chat, count=1, timeout=60)
            assert reply.text.startswith("Commands")
        text = log.read_text()
        assert "Traceback" not in text
        assert TOKEN not in text


def _refusing_port() -> int:
    """A loopback port where nothing listens."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _NetworkBackAfter(logging.Handler):
    """Starts the Bot API server when the n-th retry is announced: the network returns
    during that back-off, so the attempt after it must get through."""

    def __init__(self, tg: FakeTelegram, retries: int) -> None:
        super().__init__(logging.WARNING)
        self.tg = tg
        self.left = retries

    def emit(self, record: logging.LogRecord) -> None:
        if "Could not reach Telegram" in record.getMessage():
            self.left -= 1
            if self.left == 0:
                self.tg.start()


def test_a_reply_is_sent_once_telegram_can_be_reached_again(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(send_errors, "REPLY_DELAYS", (0.2, 0.2, 0.2, 0.2))
    port = _refusing_port()
    tg = FakeTelegram(token=TOKEN, port=port)
    alice = tg.user("Alice")
    chat = tg.private_chat(alice)
    bot = Bot(TOKEN, base_url=f"http://127.0.0.1:{port}/bot")
    back = _NetworkBackAfter(tg, retries=2)
    logging.getLogger(send_errors.__name__).addHandler(back)
    try:
        with caplog.at_level(logging.WARNING):
            asyncio.run(with_retries(bot.send_message, chat.id, "Briefing", what="a reply"))
        (sent,) = tg.bot_messages(chat)
        assert sent.text == "Briefing"
        retries = [r for r in caplog.records if "Could not reach Telegram" in r.getMessage()]
        assert len(retries) == 2
    finally:
        logging.getLogger(send_errors.__name__).removeHandler(back)
        tg.stop()


def test_a_reply_is_given_up_after_the_back_off(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(send_errors, "REPLY_DELAYS", (0.1, 0.2))
    bot = Bot(TOKEN, base_url=f"http://127.0.0.1:{_refusing_port()}/bot")
    with caplog.at_level(logging.WARNING), pytest.raises(NetworkError):
        asyncio.run(with_retries(bot.send_message, 42, "Briefing", what="a reply to chat 42"))
    retries = [r.getMessage() for r in caplog.records]
    assert len(retries) == 2
    assert retries[0].startswith("Could not reach Telegram to send a reply to chat 42")
    assert all(TOKEN not in line for line in retries)
