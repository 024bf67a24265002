"""Who may use the bot: the chat allow-list and the per-person rate limit, as people see them.

The unit tests pin the rules; the end-to-end test runs the real bot process against the
test Bot API server, with a stranger, a listed person and a listed group.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from bot_process import bot_env, polling_bot
from fake_telegram import Chat, FakeTelegram, User

from bot.access import ChatAllowList, parse_chat_ids
from bot.rate_limit import RateLimiter
from bot.services import Services
from handlers.messages import Request
from handlers.router import dispatch, dispatch_button

TOKEN = "424242424:TEST-access-token"


class FakeMonotonic:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.seconds = 1000.0

    def __call__(self) -> float:
        return self.seconds


def test_chat_ids_parse_people_and_groups() -> None:
    assert parse_chat_ids(" 123, -1001234567890;45 ") == {123, -1001234567890, 45}
    assert parse_chat_ids("") == frozenset()
    with pytest.raises(ValueError, match="'team-chat' is not a Telegram chat id"):
        parse_chat_ids("123, team-chat")


def test_an_empty_allow_list_serves_every_chat() -> None:
    assert ChatAllowList().allows(-100123)
    listed = ChatAllowList(frozenset({7, -100123}))
    assert listed.allows(-100123) and listed.allows(7)
    assert not listed.allows(8)
    assert "(8)" in listed.refusal(8)


def test_the_limit_lets_a_burst_through_then_says_how_long_to_wait() -> None:
    clock = FakeMonotonic()
    limiter = RateLimiter(3, now=clock)
    assert [limiter.wait_for(1) for _ in range(3)] == [0, 0, 0]
    assert limiter.wait_for(1) == 20  # one token comes back every 20 s at 3 a minute
    assert limiter.wait_for(2) == 0  # another person has a bucket of their own
    clock.seconds += 20
    assert limiter.wait_for(1) == 0
    assert limiter.wait_for(1) > 0


def test_zero_turns_the_limit_off() -> None:
    limiter = RateLimiter(0)
    assert all(limiter.wait_for(1) == 0 for _ in range(1000))


def test_idle_people_are_forgotten() -> None:
    clock = FakeMonotonic()
    limiter = RateLimiter(5, now=clock)
    for user in range(2000):
        limiter.wait_for(user)
    clock.seconds += 61
    limiter.wait_for(99_999)
    assert len(limiter._buckets) == 1


def test_costly_commands_and_buttons_count_settings_do_not(sqlite_services: Services) -> None:
    sqlite_services.rate_limiter = RateLimiter(2, now=FakeMonotonic())
    alice = Request(command="search", args="mikuriya", user_id=11)
    assert "for “mikuriya”" in dispatch(alice, sqlite_services)[0].html
    assert "for “mikuriya”" in dispatch(alice, sqlite_services)[0].html
    (slow,) = dispatch(alice, sqlite_services)
    assert slow.html == "Too many requests: please wait 30 s before the next one."
    assert "Too many requests" in dispatch_button("m:1", alice, sqlite_services)[0].html
    (help_reply,) = dispatch(Request(command="help", user_id=11), sqlite_services)
    assert "Too many requests" not in help_reply.html
    assert "Too many requests" not in dispatch_button("cfg:x", alice, sqlite_services)[0].html
    local_chat = Request(command="search", args="mikuriya")  # no user: the operator
    assert all("for “mikuriya”" in dispatch(local_chat, sqlite_services)[0].html for _ in range(5))


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[FakeTelegram, dict]]:
    """A bot that serves Alice and the team group, with a limit of 4 costly requests."""
    root = tmp_path_factory.mktemp("access")
    with FakeTelegram(token=TOKEN, bot_username="briefbot_test_bot") as tg:
        alice, mallory = tg.user("Alice"), tg.user("Mallory")
        team = tg.group("Team", admins=[alice], members=[mallory])
        strangers = tg.group("Strangers", admins=[mallory])
        people = {
            "alice": alice,
            "mallory": mallory,
            "team": team,
            "strangers": strangers,
        }
        env = bot_env(
            tg,
            TOKEN,
            root / "data",
            BRIEFBOT_ALLOWED_CHATS=f"{alice.id}, {team.id}",
            BRIEFBOT_RATE_LIMIT="4",
        )
        with polling_bot(tg, env, root / "bot.log"):
            yield tg, people


def ask(tg: FakeTelegram, chat: Chat, user: User, text: str) -> str:
    tg.send_message(chat, user, text)
    (reply,) = tg.wait_for_bot_messages(chat, count=1, timeout=20)
    return reply.text


def test_a_stranger_gets_one_polite_line_naming_the_chat(world) -> None:
    tg, people = world
    mallory = people["mallory"]
    private = tg.private_chat(mallory)
    refusal = ask(tg, private, mallory, "/search mikuriya")
    assert refusal == (
        "Sorry, this bot serves a private team. To use it here, ask its operator "
        f"to add this chat ({mallory.id}) to BRIEFBOT_ALLOWED_CHATS."
    )
    assert "Sorry, this bot serves a private team" in ask(tg, private, mallory, "mikuriya")
    group = people["strangers"]
    assert f"({group.id})" in ask(tg, group, mallory, "/events@briefbot_test_bot")


def test_listed_chats_are_served_whoever_writes_in_the_group(world) -> None:
    tg, people = world
    team, mallory = people["team"], people["mallory"]
    assert ask(tg, team, mallory, "/start").startswith("briefbot prepares briefings")


def test_a_stranger_gets_no_inline_results(world) -> None:
    tg, people = world
    refused = tg.send_inline_query(people["mallory"], "mikuriya")
    assert tg.wait_for_inline_answer(refused, timeout=20).results == []
    served = tg.send_inline_query(people["alice"], "mikuriya")
    assert tg.wait_for_inline_answer(served, timeout=20).results


def test_a_flood_of_searches_is_told_to_wait_then_served_again(world) -> None:
    tg, people = world
    alice = people["alice"]
    private = tg.private_chat(alice)
    answers = [ask(tg, private, alice, f"/search customs {n}") for n in range(6)]
    waits = [a for a in answers if a.startswith("Too many requests: please wait")]
    assert len(waits) >= 2, answers
    assert not answers[0].startswith("Too many requests")
    assert ask(tg, private, alice, "/help").startswith("Commands")  # settings-free commands pass
