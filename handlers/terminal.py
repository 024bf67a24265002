"""The local chat: the bot's replies in a terminal, without Telegram.

On a terminal it is a prompt with line editing and history; with piped input it
answers each line with one reply block and exits at the end of input. Replies are the
texts Telegram would show, as plain text; plain words without a command are a search,
as in a private Telegram chat.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from bot.services import Services
from handlers.messages import Reply, Request
from handlers.render import to_plain
from handlers.router import dispatch, parse_command

BANNER = (
    "briefbot local chat — the same answers as in Telegram. "
    "Type /help for commands, plain words to search, Ctrl-D to leave."
)


def request_for(line: str) -> Request:
    """The request a line typed in the local chat stands for."""
    parsed = parse_command(line)
    if parsed is None:
        return Request(command="search", args=line)
    name, args = parsed
    return Request(command=name, args=args)


def render_plain(replies: Iterable[Reply]) -> str:
    """Replies as the terminal shows them: text, then the buttons in brackets."""
    blocks = []
    for reply in replies:
        text = to_plain(reply.html)
        labels = [f"[{button.label}]" for row in reply.buttons for button in row]
        blocks.append(text + ("\n" + " ".join(labels) if labels else ""))
    return "\n\n".join(blocks)


def answer(line: str, services: Services) -> str | None:
    """The reply block for one input line; None for a blank line."""
    line = line.strip()
    if not line:
        return None
    return render_plain(dispatch(request_for(line), services))


def run_chat(services: Services, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout) -> None:
    """Interactive prompt on a terminal, one block per line otherwise."""
    if stdin.isatty():
        _interactive(services, services.settings.data_dir / "chat_history", stdout)
        return
    for line in stdin:
        if (block := answer(line, services)) is not None:
            stdout.write(block + "\n\n")
            stdout.flush()


def _interactive(services: Services, history: Path, stdout: TextIO) -> None:
    import readline  # line editing and history; only on a terminal

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
            if (block := answer(line, services)) is not None:
                stdout.write(block + "\n\n")
    except EOFError:
        stdout.write("\n")
    finally:
        with contextlib.suppress(OSError):
            readline.write_history_file(history)
