"""Webhook mode: the real bot process serves updates that carry Telegram's secret header,
and refuses those that do not."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from fake_telegram import FakeTelegram

TOKEN = "555555555:TEST-webhook-token"
SECRET = "webhook-secret-for-tests"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def post(url: str, update: dict, secret: str | None) -> int:
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    request = urllib.request.Request(url, json.dumps(update).encode(), headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def wait_until_listening(port: int, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, "the bot process exited"
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    pytest.fail("the webhook server did not start")


def test_webhook_requires_the_secret_header(tmp_path: Path) -> None:
    port = free_port()
    public = "https://bot.example.org/telegram"  # TLS ends at a proxy in front of the bot
    url = f"http://127.0.0.1:{port}/telegram"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BRIEFBOT_", "TELEGRAM_"))}
    briefbot = str(Path(sys.executable).with_name("briefbot"))
    with FakeTelegram(token=TOKEN, bot_username="briefbot_test_bot") as tg:
        env.update(
            BRIEFBOT_DATA_DIR=str(tmp_path),
            TELEGRAM_BOT_TOKEN=TOKEN,
            TELEGRAM_API_BASE_URL=tg.base_url,
            TELEGRAM_API_BASE_FILE_URL=tg.base_file_url,
            BRIEFBOT_WEBHOOK_SECRET=SECRET,
        )
        log = tmp_path / "bot.log"
        with log.open("w") as output:
            process = subprocess.Popen(
                [briefbot, "run", "--webhook", public, "--listen", f"127.0.0.1:{port}"],
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
            try:
                wait_until_listening(port, process)
                tg.wait_for_call("setWebhook", timeout=30)
                assert tg.webhook["url"] == public
                alice = tg.user("Alice")
                chat = tg.private_chat(alice)
                message = tg.send_message(chat, alice, "/search phu quoc")  # queued, not pushed
                update = {"update_id": 1, "message": message.to_api()}
                assert post(url, update, None) == 403
                assert post(url, update, "wrong") == 403
                assert post(url, update, SECRET) == 200
                (reply,) = tg.wait_for_bot_messages(chat, timeout=20)
                assert reply.text.startswith("1 article for “phu quoc”:")
            finally:
                process.send_signal(signal.SIGINT)
                process.wait(timeout=20)
        assert SECRET not in log.read_text() and TOKEN not in log.read_text()


def test_webhook_without_a_secret_refuses_to_start(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BRIEFBOT_", "TELEGRAM_"))}
    env.update(BRIEFBOT_DATA_DIR=str(tmp_path), TELEGRAM_BOT_TOKEN=TOKEN)
    briefbot = str(Path(sys.executable).with_name("briefbot"))
    done = subprocess.run(
        [briefbot, "run", "--webhook", "https://example.org/hook"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.strip().endswith("briefbot: --webhook needs BRIEFBOT_WEBHOOK_SECRET.")
