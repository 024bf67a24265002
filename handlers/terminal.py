"""The local chat: the bot's replies in a terminal, without Telegram.

On a terminal it is a prompt with line editing and history; with piped input it
answers each line with one reply block and exits at the end of input. Replies are the
texts Telegram would show, as plain text; plain words without a command are a search,
as in a private Telegram chat.
"""

from __future__ import annotations

import contextlib
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from bot.services import Services
from handlers.messages import Button, Reply, Request
from handlers.render import to_plain
from handlers.router import dispatch, dispatch_button, parse_command

_PRESS = re.compile(r"^:(\d{1,3})$")
BANNER = (
    "briefbot local chat — the same answers as in Telegram. "
    "Type /help for commands, plain words to search, :N to press button N, Ctrl-D to leave."
)


def request_for(line: str) -> Request:
    """The request a line typed in the local chat stands for."""
    parsed = parse_command(line)
    if parsed is None:
        return Request(command="search", args=line)
    name, args = parsed
    return Request(command=name, args=args)


class LocalChat:
    """One conversation: remembers the last buttons so that ":N" can press button N."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.buttons: list[Button] = []

    def answer(self, line: str) -> str | None:
        """The reply block for one input line; None for a blank line."""
        line = line.strip()
        if not line:
            return None
        if match := _PRESS.match(line):
            return self._press(int(match[1]))
        return self.render(dispatch(request_for(line), self.services))

    def _press(self, number: int) -> str:
        if not 1 <= number <= len(self.buttons) or self.buttons[number - 1].data is None:
            return "There is no such button here."
        data = self.buttons[number - 1].data or ""
        return self.render(dispatch_button(data, Request(command="button"), self.services))

    def render(self, replies: Iterable[Reply]) -> str:
        """Replies as the terminal shows them: text, then numbered buttons; files are
        saved under the data folder."""
        blocks = []
        buttons: list[Button] = []
        for reply in replies:
            text = to_plain(reply.html)
            if reply.document is not None:
                text += f"\nSaved {self._save(reply.document.name, reply.document.data)}"
            row = [b for line in reply.buttons for b in line]
            labels = [f"[:{len(buttons) + i + 1} {b.label}]" for i, b in enumerate(row)]
            buttons.extend(row)
            blocks.append(text + ("\n" + " ".join(labels) if labels else ""))
        self.buttons = buttons
        return "\n\n".join(blocks)

    def _save(self, name: str, data: bytes) -> Path:
        folder = self.services.settings.data_dir / "files"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / Path(name).name
        path.write_bytes(data)
        return path


def answer(line: str, services: Services) -> str | None:
    """The reply block for one line, in a conversation of its own (for the CLI)."""
    return LocalChat(services).answer(line)


def run_chat(services: Services, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout) -> None:
    """Interactive prompt on a terminal, one block per line otherwise."""
    if stdin.isatty():
        _interactive(services, services.settings.data_dir / "chat_history", stdout)
        return
    chat = LocalChat(services)
    for line in stdin:
        if (block := chat.answer(line)) is not None:
            stdout.write(block + "\n\n")
            stdout.flush()


def _interactive(services: Services, history: Path, stdout: TextIO) -> None:
    import readline  # line editing and history; only on a terminal

    chat = LocalChat(services)
    history.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(OSError):
        readline.read_history_file(history)
    stdout.write(BANNER + "\n\n")
    try:
        while True:
            try:
                line = input("you> ")
            except KeyboardInterrupt:
                stdout.write("\n")
                continue
            if line.strip() in ("/quit", "/exit"):
                break
            if (block := chat.answer(line)) is not None:
                stdout.write(block + "\n\n")
    except EOFError:
        stdout.write("\n")
    finally:
        with contextlib.suppress(OSError):
            readline.write_history_file(history)
