"""The real `briefbot run` process against the test Bot API server, for end-to-end tests."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from fake_telegram import FakeTelegram

BRIEFBOT = str(Path(sys.executable).with_name("briefbot"))


def bot_env(tg: FakeTelegram, token: str, data_dir: Path, **settings: str) -> dict[str, str]:
    """This process's environment without any briefbot or Telegram setting of the
    developer's, pointed at `tg` and a data folder of the test's; `settings` on top."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BRIEFBOT_", "TELEGRAM_"))}
    env.update(
        BRIEFBOT_DATA_DIR=str(data_dir),
        TELEGRAM_BOT_TOKEN=token,
        TELEGRAM_API_BASE_URL=tg.base_url,
        TELEGRAM_API_BASE_FILE_URL=tg.base_file_url,
        **settings,
    )
    return env


@contextmanager
def polling_bot(
    tg: FakeTelegram, env: dict[str, str], log: Path
) -> Iterator[subprocess.Popen[bytes]]:
    """A bot process that polls `tg`, its output in `log`; stopped as Ctrl-C would."""
    with log.open("w") as output:
        process = subprocess.Popen(
            [BRIEFBOT, "run"], env=env, stdout=output, stderr=subprocess.STDOUT
        )
        try:
            tg.wait_for_polling(timeout=60)
            yield process
        finally:
            process.send_signal(signal.SIGINT)
            process.wait(timeout=20)
