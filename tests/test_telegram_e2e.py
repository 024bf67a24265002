"""End to end through Telegram: the real `briefbot run` process against our Bot API server.

The bot polls the fake server in tests/fake_telegram, which answers as Telegram does
(HTML entity errors, 4,096-character and 64-byte limits, offsets), and the tests act as
people in a private chat and in a group.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from bot_process import BRIEFBOT, bot_env, polling_bot
from fake_telegram import Chat, FakeTelegram, User

from bot.commands import COMMANDS

BOT_USERNAME = "briefbot_test_bot"
TOKEN = "987654321:TEST-e2e-secret-token-never-logged"
EXTRA_ARTICLES = 7


def _write_extra_articles(folder: Path) -> None:
    """Articles beyond the seeds, so that a search has a second page."""
    folder.mkdir(parents=True)
    for n in range(EXTRA_ARTICLES):
        (folder / f"extra_{n}.txt").write_text(
            f"Customs office {n} <reports> & record clearance\n\n"
            f"Customs office number {n} cleared a record number of declarations this month, "
            f"the <b>department</b> said, citing faster processing & fewer paper checks.\n",
            encoding="utf-8",
        )


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[FakeTelegram, Path]]:
    """The fake Telegram server and a running bot process; yields the bot's log file."""
    root = tmp_path_factory.mktemp("e2e")
    _write_extra_articles(root / "extra")
    with FakeTelegram(token=TOKEN, bot_username=BOT_USERNAME) as tg:
        env = bot_env(tg, TOKEN, root / "data", BRIEFBOT_LOG_LEVEL="DEBUG")
        subprocess.run(
            [BRIEFBOT, "ingest", str(root / "extra")], env=env, check=True, capture_output=True
        )
        log = root / "bot.log"
        with polling_bot(tg, env, log):
            yield tg, log


@pytest.fixture
def tg(bot: tuple[FakeTelegram, Path]) -> FakeTelegram:
    return bot[0]


@pytest.fixture
def alice(tg: FakeTelegram) -> User:
    return tg.user("Alice")


@pytest.fixture
def private(tg: FakeTelegram, alice: User) -> Chat:
    return tg.private_chat(alice)


def ask(tg: FakeTelegram, chat: Chat, user: User, text: str, count: int = 1):
    tg.send_message(chat, user, text)
    return tg.wait_for_bot_messages(chat, count=count, timeout=20)


def test_commands_are_registered_at_start_up(tg: FakeTelegram) -> None:
    names = [c["command"] for c in tg.my_commands]
    assert names == [c.name for c in COMMANDS]
    assert names[:5] == ["start", "help", "search", "summary", "events"]


def test_start(tg: FakeTelegram, private: Chat, alice: User) -> None:
    (reply,) = ask(tg, private, alice, "/start")
    assert reply.text.startswith("briefbot prepares briefings from the news")
    assert "The store holds 12 articles." in reply.text


def test_search_lists_mikuriya_articles_with_summary_buttons(
    tg: FakeTelegram, private: Chat, alice: User
) -> None:
    (reply,) = ask(tg, private, alice, "/search mikuriya")
    assert reply.text.startswith("3 articles for “mikuriya”:")
    titles = [line.split()[0] for line in reply.text.splitlines() if line.startswith("#")]
    assert sorted(titles) == ["#1", "#2", "#5"]
    assert "<b>Mikuriya</b>" in reply.html
    labels = [b["text"] for b in reply.buttons]
    assert sorted(labels) == ["Summary #1", "Summary #2", "Summary #5"]
    for button in reply.buttons:
        assert len(button["callback_data"].encode()) <= 64

    tg.press_button(reply, alice, text="Summary #5")
    (summary,) = tg.wait_for_bot_messages(private, timeout=20)
    assert summary.text.startswith("#5 Promoting ASEM customs cooperaion")
    assert summary.text.count("• ") == 3


def test_summary_by_id(tg: FakeTelegram, private: Chat, alice: User) -> None:
    (reply,) = ask(tg, private, alice, "/summary 1")
    lines = reply.text.splitlines()
    assert lines[0] == (
        "#1 Vietnam Customs has proactively strived to make changes in line with WCO’s "
        "recommendations…"
    )
    assert sum(line.startswith("• ") for line in lines) == 3
    assert "(Photo:" not in reply.text


def test_summary_of_a_replied_message(tg: FakeTelegram, private: Chat, alice: User) -> None:
    text = (
        "The WCO Council met in Brussels on Thursday. Delegates from 186 members attended. "
        "They adopted a new strategic plan for the years to 2030. The plan puts data and "
        "digital customs first. The next session is due in June."
    )
    original = tg.send_message(private, alice, text)
    tg.wait_for_bot_messages(private, timeout=20)  # plain text in private chat is a search
    tg.send_message(private, alice, "/summary 2", reply_to=original)
    (reply,) = tg.wait_for_bot_messages(private, timeout=20)
    assert reply.text.startswith("Summary of the replied message")
    bullets = [line[2:] for line in reply.text.splitlines() if line.startswith("• ")]
    assert len(bullets) == 2 and all(sentence in text for sentence in bullets)


def test_events_briefing_and_calendar(tg: FakeTelegram, private: Chat, alice: User) -> None:
    (reply,) = ask(tg, private, alice, "/events past")
    assert reply.text.startswith("Past meetings, the latest first")
    assert "33rd ASEAN Customs Directors-General Meeting\n4–6 Jun 2024 · Phu Quoc" in reply.text
    assert "WCO Technology Conference and Exhibition 2023\n10–12 Oct 2023 · Hanoi" in reply.text
    briefing = next(b["text"] for b in reply.buttons if b["text"].startswith("Briefing"))
    tg.press_button(reply, alice, text=briefing)
    (card,) = tg.wait_for_bot_messages(private, timeout=20)
    assert "When:" in card.text and "Sources:" in card.text
    tg.press_button(card, alice, text="Calendar (.ics)")
    (sent,) = tg.wait_for_bot_messages(private, timeout=20)
    assert sent.document is not None and sent.document.name.endswith(".ics")
    assert b"BEGIN:VEVENT" in sent.document.data


def test_group_command_addressed_to_the_bot(tg: FakeTelegram, alice: User) -> None:
    group = tg.group("Customs team", members=[alice])
    tg.send_message(group, alice, "/search@other_bot phu quoc")
    tg.send_message(group, alice, f"/search@{BOT_USERNAME} phu quoc")
    (reply,) = tg.wait_for_bot_messages(group, timeout=20)
    assert reply.text.startswith("1 article for “phu quoc”:")
    assert "#3 Enhance multilateral diplomacy of Vietnam Customs" in reply.text
    assert reply.reply_to is not None and reply.reply_to.text.endswith("phu quoc")


def test_pages_turn_in_place(tg: FakeTelegram, private: Chat, alice: User) -> None:
    (reply,) = ask(tg, private, alice, "/search customs office record")
    assert "1–5:" in reply.text.splitlines()[0]
    tg.press_button(reply, alice, text="Next ▸")
    edited = tg.wait_for_edit(reply, timeout=20)
    assert "6–" in edited.text.splitlines()[0]
    assert [b["text"] for b in edited.buttons if "Previous" in b["text"]] == ["◂ Previous"]


def test_dynamic_text_is_escaped(tg: FakeTelegram, private: Chat, alice: User) -> None:
    (reply,) = ask(tg, private, alice, "/search <reports> & record")
    assert "Customs office" in reply.text and "<reports> & record" in reply.text
    (reply,) = ask(tg, private, alice, "/search <script>alert(1)</script>")
    assert reply.text.startswith("No articles match “<script>alert(1)</script>”.")
    assert tg.failed_calls == []


def test_bad_input_gets_one_line(tg: FakeTelegram, private: Chat, alice: User) -> None:
    assert ask(tg, private, alice, "/search")[0].text == (
        "Usage: /search <words>, for example /search WCO conference"
    )
    assert ask(tg, private, alice, "/summary 999999")[0].text == (
        "There is no article #999999. Try /search to find one."
    )
    assert ask(tg, private, alice, "/search " + "x" * 4000)[0].text == (
        "That query is 4,000 characters long; please keep it under 300."
    )


def test_inline_mode_lists_articles_with_cards(tg: FakeTelegram, alice: User) -> None:
    query_id = tg.send_inline_query(alice, "mikuria")
    answer = tg.wait_for_inline_answer(query_id, timeout=20)
    ids = sorted(result["id"] for result in answer.results)
    assert ids == ["1", "2", "5"]
    card = answer.results[0]["input_message_content"]
    assert card["parse_mode"] == "HTML" and card["message_text"].startswith("<b>")
    assert "Source: " in card["message_text"]


def test_the_token_never_reaches_the_log(bot: tuple[FakeTelegram, Path]) -> None:
    tg, log = bot
    ask(tg, tg.private_chat(tg.user("Bob")), tg.user("Bob"), "/start")
    text = log.read_text()
    assert "getUpdates" in text or "Connected as" in text
    assert TOKEN not in text and TOKEN.split(":")[1] not in text


def test_flood_control_is_waited_out(tg: FakeTelegram, private: Chat, alice: User) -> None:
    tg.fail_next("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
    (reply,) = ask(tg, private, alice, "/help")
    assert reply.text.startswith("Commands")
    assert [c.error_code for c in tg.failed_calls if c.method == "sendMessage"][-1:] == [429]


def test_refused_formatting_is_resent_as_plain_text(
    tg: FakeTelegram, private: Chat, alice: User
) -> None:
    tg.fail_next(
        "sendMessage", 400, 'Bad Request: can\'t parse entities: Unsupported start tag "x"'
    )
    (reply,) = ask(tg, private, alice, "/start")
    assert reply.parse_mode is None and reply.text.startswith("briefbot prepares briefings")
