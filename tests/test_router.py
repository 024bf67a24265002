"""Command parsing and dispatch shared by Telegram and the local chat."""

from __future__ import annotations

import pytest

from bot.services import Services
from handlers.messages import Request
from handlers.router import FAILURE, HANDLERS, dispatch, parse_command


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("/start", ("start", "")),
        ("/search phu quoc", ("search", "phu quoc")),
        ("/search@BriefBot_Test_Bot phu quoc", ("search", "phu quoc")),
        ("/SUMMARY 3", ("summary", "3")),
        ("/summary\n12 5", ("summary", "12 5")),
        ("/search@other_bot phu quoc", None),
        ("hello /search", None),
        ("/", None),
    ],
)
def test_parse_command(text: str, parsed: tuple[str, str] | None) -> None:
    assert parse_command(text, "briefbot_test_bot") == parsed


def test_unknown_command_is_named_escaped(sqlite_services: Services) -> None:
    [reply] = dispatch(Request(command="<b>"), sqlite_services)
    assert reply.html == "Unknown command /&lt;b&gt;. Send /help for the list."


def test_a_failing_handler_becomes_a_short_apology(
    sqlite_services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(request: Request, services: Services) -> list:
        raise RuntimeError("boom")

    monkeypatch.setitem(HANDLERS, "search", broken)
    assert dispatch(Request(command="search", args="x"), sqlite_services) == [FAILURE]
