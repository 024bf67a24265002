"""The README stays true: every setting, chat command and CLI command is documented."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from bot.cli import _parser
from bot.commands import COMMANDS
from bot.config import SETTINGS

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.env)
def test_every_setting_is_in_the_configuration_table(setting) -> None:
    row = re.search(rf"^\| `{setting.env}` \| (.*?) \| (.*?) \|$", README, re.MULTILINE)
    assert row, f"{setting.env} is missing from the README's configuration table"
    default = row.group(1)
    assert default == (f"`{setting.default}`" if setting.default else "*(empty)*")


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c.name)
def test_every_chat_command_is_documented(command) -> None:
    usage = command.usage.replace("|", "\\|")  # pipes are escaped inside Markdown tables
    assert f"| `{usage}` |" in README


def test_every_cli_command_is_documented() -> None:
    subparsers = next(a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction))
    for name in subparsers.choices:
        assert f"`briefbot {name}" in README, name


def test_command_names_and_descriptions_fit_telegram() -> None:
    for command in COMMANDS:
        assert re.fullmatch(r"[a-z0-9_]{1,32}", command.name)
        assert 3 <= len(command.description) <= 256
