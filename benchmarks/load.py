"""Load benchmark: many chats send many commands at once to the real bot process.

Run: ``.venv/bin/python benchmarks/load.py [--chats 50] [--database-url URL]``

Why: on a conference morning the whole team asks at once, and a bot that answers one
update at a time, or drops one under pressure, fails exactly then. The issue asks that
50 chats sending 20 commands each at once all get every answer, none twice, and for the
reply latency and the bot's memory. So this one command:

1. builds a store through ``briefbot ingest``: the five seeds plus 1,000 generated
   articles (``tests/generated_articles.py``) with their meetings; SQLite in a temporary
   folder unless ``--database-url`` names another (an empty PostgreSQL database, say);
2. starts the test Bot API server (``tests/fake_telegram``) and ``briefbot run`` against
   it, long polling as it would Telegram, with the default settings (rate limit included);
3. has every chat search once and waits for the answer, whose Summary buttons are
   pressed later;
4. injects every chat's 20 actions at once, round-robin across the chats: /search with
   typos, plain-text searches, /summary by id and by words, /events, /event, /help and
   two Summary button presses, shuffled per chat by a seeded RNG;
5. waits until the bot falls quiet, then checks that each chat received exactly the
   replies our handlers give for its actions (computed afterwards in this process over
   the same store), in order, each once; and prints reply latency (update injected ->
   the reply's last part reaching the server) p50, p95 and max, throughput, and the bot
   process's resident memory at rest and at its peak (``/proc`` VmRSS and VmHWM) and
   its CPU time during the burst. It exits with 1 if any chat got other replies.

Reading the figures: 1,000 replies at once cannot reach people faster than Telegram's
flood limit of about 30 messages a second, which the bot's rate limiter keeps to (the
fake server does not enforce it; the bot does). Latency is therefore mostly waiting in
that queue, the same with chats served one at a time or side by side; the CPU time per
action says how much more the bot itself could take.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from bot_process import BRIEFBOT, bot_env, polling_bot  # noqa: E402
from fake_telegram import ApiCall, Chat, FakeTelegram, StoredMessage, User  # noqa: E402
from generated_articles import Generated, generated_articles, write_jsonl  # noqa: E402
from telegram.constants import FloodLimit  # noqa: E402

from bot.config import Settings  # noqa: E402
from bot.services import Services  # noqa: E402
from handlers.messages import Request  # noqa: E402
from handlers.render import split_message  # noqa: E402
from handlers.router import dispatch, dispatch_button, parse_command  # noqa: E402

TOKEN = "987654323:TEST-load-token"
BOT_USERNAME = "briefbot_load_bot"
ARTICLES = 1000
SEARCHED_FIRST = "/search customs"  # every chat's first answer, whose buttons are pressed
QUIET_S = 3.0  # no new reply for this long: the bot is done
DEADLINE_S = 600.0
TYPOS = ("custms clearence", "mikurya", "risk managment", "smugling of wildlife", "aseam meting")
PLAIN = ("single window integration", "container scaning", "post-clearance audit Hai Phong")


@dataclass(frozen=True)
class Action:
    """What a person does: send `text`, or press the button labelled `button` on the
    chat's first answer."""

    text: str = ""
    button: str = ""


@dataclass(frozen=True)
class Sent:
    """An action injected into a chat, and when (time.monotonic)."""

    chat: Chat
    action: Action
    at: float


@dataclass(frozen=True)
class Person:
    """A person in their private chat with the bot, and the bot's first answer there."""

    user: User
    chat: Chat
    first_answer: StoredMessage


def typo(word: str) -> str:
    """The word with a letter from its middle dropped: one edit, which search forgives."""
    middle = len(word) // 2
    return word[:middle] + word[middle + 1 :]


def actions(
    rng: random.Random,
    articles: Sequence[Generated],
    event_ids: Sequence[int],
    buttons: Sequence[str],
) -> list[Action]:
    """One chat's 20 actions, in a seeded random order."""
    names = [a.code_name for a in rng.sample(list(articles), 4)]
    ids = [str(rng.randint(1, len(articles) + 5)) for _ in range(3)]
    texts = [
        *(f"/search {q}" for q in rng.sample(TYPOS, 3)),
        *(f"/search {typo(n)}" for n in names[:2]),
        *rng.sample(PLAIN, 2),
        names[2],
        f"/summary {ids[0]}",
        f"/summary {ids[1]} 2",
        f"/summary {ids[2]} 1 lexrank",
        f"/summary {names[3]}",
        "/events",
        "/events upcoming",
        *(f"/event {e}" for e in rng.sample(list(event_ids), 3)),
        "/help",
    ]
    mix = [Action(text=t) for t in texts] + [Action(button=b) for b in buttons[:2]]
    rng.shuffle(mix)
    return mix


# ---------------------------------------------------------------- the bot process


def status_kib(pid: int, field: str) -> int:
    """A figure of /proc/<pid>/status in KiB (VmRSS: resident now, VmHWM: its peak)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    raise KeyError(field)


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time the process has used."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def build_store(folder: Path, env: dict[str, str]) -> list[Generated]:
    """Seeds and generated articles, stored through `briefbot ingest`."""
    articles = generated_articles(ARTICLES)
    news = write_jsonl(folder / "news.jsonl", articles)
    subprocess.run([BRIEFBOT, "ingest", str(news)], env=env, check=True, capture_output=True)
    return articles


def event_ids(services: Services) -> list[int]:
    return [event.id for event in services.events.newest_first()]


def meet(tg: FakeTelegram, count: int) -> list[Person]:
    """`count` people, each having searched once and got the answer."""
    people = [(user := tg.user(f"Member {n}"), tg.private_chat(user)) for n in range(count)]
    for user, chat in people:
        tg.send_message(chat, user, SEARCHED_FIRST)
    return [
        Person(user, chat, tg.wait_for_bot_messages(chat, timeout=120)[-1]) for user, chat in people
    ]


def inject(tg: FakeTelegram, people: Sequence[Person], plans: Sequence[list[Action]]) -> list[Sent]:
    """Every chat's actions as fast as they can be queued, round-robin across chats."""
    sent = []
    for round_ in zip(*plans, strict=True):
        for person, action in zip(people, round_, strict=True):
            at = time.monotonic()
            if action.button:
                tg.press_button(person.first_answer, person.user, text=action.button)
            else:
                tg.send_message(person.chat, person.user, action.text)
            sent.append(Sent(person.chat, action, at))
    return sent


def wait_quiet(tg: FakeTelegram, since: int) -> None:
    """Return once no request has reached the server for QUIET_S (or at the deadline)."""
    deadline = time.monotonic() + DEADLINE_S
    seen, last_change = -1, time.monotonic()
    while time.monotonic() < deadline:
        count = sum(call.seq > since for call in tg.calls)
        if count != seen:
            seen, last_change = count, time.monotonic()
        elif time.monotonic() - last_change > QUIET_S:
            return
        time.sleep(0.2)


# ---------------------------------------------------------------- checking the answers


class Expected:
    """The message parts our handlers give for an action, over the benchmark's store."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.known: dict[str, list[str]] = {}

    def parts(self, action: Action, person: Person) -> list[str]:
        data = person.first_answer.button(action.button)["callback_data"] if action.button else ""
        key = data if action.button else action.text
        if key not in self.known:
            self.known[key] = self._compute(action, data, person.chat.id)
        return self.known[key]

    def _compute(self, action: Action, data: str, chat_id: int) -> list[str]:
        if action.button:
            request = Request("button", chat_id=chat_id)
            replies = dispatch_button(data, request, self.services)
        else:
            name, args = parse_command(action.text, BOT_USERNAME) or ("search", action.text)
            replies = dispatch(Request(name, args, chat_id), self.services)
        return [part for reply in replies if not reply.edit for part in split_message(reply.html)]


@dataclass
class Outcome:
    """What the burst gave: latencies of the actions answered exactly as expected, the
    chats that got something else, and when the last reply arrived."""

    latencies: list[float]
    wrong_chats: list[str]
    last_reply: float


def difference(calls: Sequence[ApiCall], parts: Sequence[str]) -> str | None:
    """What is wrong with a chat's sends, given the parts it should have got; None if
    nothing."""
    for n, call in enumerate(calls):
        if not call.ok:
            return f"send {n + 1} refused: {call.error_code} {call.description}"
        if n >= len(parts) or call.params.get("text") != parts[n]:
            wanted = repr(parts[n][:80]) if n < len(parts) else "nothing"
            return f"send {n + 1} was {str(call.params.get('text'))[:80]!r}, expected {wanted}"
    return f"{len(calls)} sends, {len(parts)} expected" if len(calls) != len(parts) else None


def check(
    tg: FakeTelegram, people: Sequence[Person], sent: Sequence[Sent], since: int, expected: Expected
) -> Outcome:
    """Compare each chat's replies since `since` with the expected ones, in order."""
    replies: dict[str, list[ApiCall]] = {}
    for call in tg.calls_to("sendMessage"):
        if call.seq > since:
            replies.setdefault(str(call.params.get("chat_id")), []).append(call)
    outcome = Outcome([], [], 0.0)
    for person in people:
        mine = [s for s in sent if s.chat.id == person.chat.id]
        groups = [expected.parts(s.action, person) for s in mine]
        calls = replies.get(str(person.chat.id), [])
        if problem := difference(calls, [part for group in groups for part in group]):
            outcome.wrong_chats.append(f"chat {person.chat.id}: {problem}")
            continue
        end = 0
        for action, group in zip(mine, groups, strict=True):
            end += len(group)
            outcome.latencies.append(calls[end - 1].at - action.at)
        outcome.last_reply = max(outcome.last_reply, calls[-1].at)
    return outcome


# ---------------------------------------------------------------- the run


@dataclass(frozen=True)
class Usage:
    """The bot process's resident memory before the burst and at its peak, and the CPU
    time it spent on the burst."""

    rest_kib: int
    peak_kib: int
    cpu_s: float


def plan(
    people: Sequence[Person], articles: Sequence[Generated], meetings: Sequence[int]
) -> list[list[Action]]:
    """Every chat's actions; the buttons pressed are the first two Summary buttons of
    the chat's first answer."""
    rng = random.Random(50)
    return [
        actions(
            rng,
            articles,
            meetings,
            [b["text"] for b in p.first_answer.buttons if b["text"].startswith("Summary")],
        )
        for p in people
    ]


def burst(
    tg: FakeTelegram, pid: int, people: Sequence[Person], plans: Sequence[list[Action]]
) -> tuple[list[Sent], int, Usage]:
    """Inject every plan at once, wait for the bot to fall quiet; what was sent, the
    server's marker before it, and what the bot used."""
    rest_kib, cpu_before, since = status_kib(pid, "VmRSS"), cpu_seconds(pid), tg.marker()
    sent = inject(tg, people, plans)
    wait_quiet(tg, since)
    usage = Usage(rest_kib, status_kib(pid, "VmHWM"), cpu_seconds(pid) - cpu_before)
    return sent, since, usage


def run(chats: int, database_url: str | None) -> bool:
    """The whole benchmark; True when every action was answered as expected, once."""
    with (
        tempfile.TemporaryDirectory(prefix="briefbot-load-") as tmp,
        FakeTelegram(token=TOKEN, bot_username=BOT_USERNAME) as tg,
    ):
        root = Path(tmp)
        store = {"BRIEFBOT_DATABASE_URL": database_url} if database_url else {}
        env = bot_env(tg, TOKEN, root / "data", **store)
        articles = build_store(root, env)
        services = Services.open(Settings.from_env(env))
        try:
            meetings = event_ids(services)
            print(
                f"Store: {services.database.dialect}, 5 seeds + {len(articles)} generated "
                f"articles, {len(meetings)} meetings; {os.cpu_count()} CPUs"
            )
            with polling_bot(tg, env, root / "bot.log") as bot:
                people = meet(tg, chats)
                sent, since, usage = burst(tg, bot.pid, people, plan(people, articles, meetings))
            outcome = check(tg, people, sent, since, Expected(services))
        finally:
            services.close()
        sends = sum(call.seq > since for call in tg.calls_to("sendMessage"))
    report(sent, outcome, usage, sends)
    return not outcome.wrong_chats


def report(sent: Sequence[Sent], outcome: Outcome, usage: Usage, sends: int) -> None:
    chats = len({s.chat.id for s in sent})
    print(f"Actions: {len(sent)} from {chats} chats, injected in {sent[-1].at - sent[0].at:.2f} s")
    print(f"Answered exactly as expected, once each: {len(outcome.latencies)} of {len(sent)}")
    for wrong in outcome.wrong_chats:
        print(f"  WRONG {wrong}")
    if outcome.latencies:
        cuts = statistics.quantiles(outcome.latencies, n=100, method="inclusive")
        span = outcome.last_reply - sent[0].at
        print(
            f"Reply latency: p50 {cuts[49]:.2f} s, p95 {cuts[94]:.2f} s, "
            f"max {max(outcome.latencies):.2f} s"
        )
        print(
            f"Throughput: {len(outcome.latencies) / span:.1f} actions/s, {sends / span:.1f} "
            f"messages/s ({sends} messages in {span:.1f} s; Telegram allows "
            f"{FloodLimit.MESSAGES_PER_SECOND}/s)"
        )
    print(
        f"Bot process: {usage.rest_kib / 1024:.0f} MiB resident at rest, "
        f"{usage.peak_kib / 1024:.0f} MiB at its peak; CPU {usage.cpu_s:.1f} s for the burst "
        f"({usage.cpu_s / len(sent) * 1000:.1f} ms an action)"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chats", type=int, default=50, help="chats sending at once (default 50)")
    parser.add_argument(
        "--database-url", help="an empty store to use instead of a temporary SQLite file"
    )
    args = parser.parse_args(argv)
    return 0 if run(args.chats, args.database_url) else 1


if __name__ == "__main__":
    sys.exit(main())
