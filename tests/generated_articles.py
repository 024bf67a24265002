"""Deterministic made-up customs news, in bulk, for crash tests and the load benchmark.

Real corpora are too few or not ours to ship; these articles vary as the real ones do
(length, headline or none, dates, accented names, meetings with dates and places) and
each carries a unique code name, so a test can find every one of them by search.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

PLACES = (
    "Ha Noi", "Da Nang", "Phu Quoc City", "Ho Chi Minh City", "Hải Phòng", "Bangkok",
    "Kuala Lumpur", "Jakarta", "Manila", "Brussels", "Seoul", "Vientiane",
)  # fmt: skip
PEOPLE = (
    "Nguyễn Văn Cẩn", "Kunio Mikuriya", "Trần Thị Mai", "Lê Quang Minh", "Ana Hinojosa",
    "Somchai Prasert", "Đinh Ngọc Thắng", "Ian Saunders",
)  # fmt: skip
TOPICS = (
    "e-customs clearance", "risk management", "authorised economic operators",
    "smuggling of wildlife", "single window integration", "post-clearance audit",
    "tariff classification", "border checkpoints", "rules of origin", "container scanning",
)  # fmt: skip
MEETINGS = (
    "ASEAN Customs Directors-General Meeting", "WCO Asia Pacific Regional Heads Meeting",
    "ASEM Customs Directors-General and Commissioners Meeting",
    "Customs Enforcement Working Group Meeting",
)  # fmt: skip
SYLLABLES = ("ka", "ro", "vel", "tan", "mi", "zor", "pe", "lu", "dra", "sen", "quo", "bri")


@dataclass(frozen=True)
class Generated:
    """A JSON Lines record and the code name that only its article holds."""

    code_name: str
    record: dict[str, str]


def code_names(rng: random.Random, count: int) -> list[str]:
    """`count` distinct made-up words, which no article shares with another."""
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < count:
        name = "".join(rng.choice(SYLLABLES) for _ in range(4))
        if name not in seen:
            seen.add(name)
            names.append(name)
    return names


def _sentence(rng: random.Random) -> str:
    person, topic, place = rng.choice(PEOPLE), rng.choice(TOPICS), rng.choice(PLACES)
    return rng.choice(
        (
            f"{person} said the department in {place} had cut the time spent on {topic}.",
            f"Officers in {place} reported {rng.randint(2, 900)} cases linked to {topic}.",
            f"The programme on {topic} will be extended to {place} next year, {person} added.",
            f"Delegates discussed {topic} and agreed to share data before each shipment.",
        )
    )


def _meeting(rng: random.Random, day: date) -> str:
    edition, start = rng.randint(5, 40), day + timedelta(days=rng.randint(10, 300))
    end = start + timedelta(days=rng.randint(1, 3))
    return (
        f"The {edition}th {rng.choice(MEETINGS)} will be held from {start.day} to "
        f"{end.day} {end:%B %Y} in {rng.choice(PLACES)}."
    )


def article(rng: random.Random, name: str, n: int) -> dict[str, str]:
    """One JSON Lines record: text always, the other fields sometimes."""
    day = date(2023, 1, 1) + timedelta(days=rng.randint(0, 700))
    lead = f"Operation {name.capitalize()} on {rng.choice(TOPICS)} began in {rng.choice(PLACES)}."
    body = [lead, *(_sentence(rng) for _ in range(rng.randint(2, 12)))]
    if rng.random() < 0.3:
        body.insert(1, _meeting(rng, day))
    record = {"text": " ".join(body)}
    if rng.random() < 0.8:
        record["title"] = f"Operation {name.capitalize()}: {rng.choice(TOPICS)} in focus"
    if rng.random() < 0.7:
        record["published"] = day.isoformat()
    if rng.random() < 0.5:
        record["url"] = f"https://news.example.org/{day:%Y/%m}/{name}-{n}"
    else:
        record["source"] = rng.choice(("vietnamplus", "customsnews", "wco-news"))
    return record


def generated_articles(count: int, seed: int = 8) -> list[Generated]:
    """`count` distinct articles, the same for the same seed."""
    rng = random.Random(seed)
    names = code_names(rng, count)
    return [Generated(name, article(rng, name, n)) for n, name in enumerate(names)]


def write_jsonl(path: Path, articles: list[Generated]) -> Path:
    """The articles as a JSON Lines file for `briefbot ingest`."""
    lines = (json.dumps(a.record, ensure_ascii=False) for a in articles)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
