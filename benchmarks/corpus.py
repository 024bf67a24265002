"""Evaluation articles for benchmarks: the seeds and the news corpus, grown to any size.

Why this module exists: the search benchmark must put the same articles into our store
and into its peers, at sizes (100,000 articles) the ~29,000 real news items of
``/work/shared/data/news_corpus.jsonl.gz`` do not reach on their own. Copies fill the gap:
an item repeated under a new id with its sentences in another order. A copy holds the
same words as its original, so it is exactly as relevant to a query; its text differs,
so the store's duplicate check keeps it; and, for the benchmark, it is a realistic
near-duplicate that every engine must rank among real distractors.

Sources name every article: a seed by its file name, an original corpus item
``corpus:<id>``, its copies ``corpus:<id>#<copy>`` (``base_source`` strips the copy
number, so labels written for an original also name its copies).

The data stays in ``/work/shared/data`` (read only); nothing here copies it.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import random
import zlib
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from pathlib import Path

from bot.sentences import split_sentences

CORPUS = Path("/work/shared/data/news_corpus.jsonl.gz")
SEEDS = Path(__file__).resolve().parents[1] / "seeds"
SEED = 20240604
_SPREAD = 8  # originals come in this many interleaved passes, so any prefix mixes outlets
_SHUFFLES = 3  # attempts at an order of sentences not produced before


@dataclass(frozen=True)
class CorpusItem:
    """One record of the news corpus (``outlet`` is its field ``source``)."""

    id: str
    title: str
    text: str
    outlet: str


@dataclass(frozen=True)
class BenchArticle:
    """An article as a benchmark feeds it to a store: where it comes from and its text."""

    source: str
    title: str
    text: str

    def as_text(self) -> str:
        """The article as a plain-text file would hold it: headline, blank line, body."""
        return f"{self.title}\n\n{self.text}" if self.title else self.text


def corpus_source(item_id: str, copy: int = 0) -> str:
    """``corpus:<id>`` for an original, ``corpus:<id>#<copy>`` for a copy."""
    return f"corpus:{item_id}#{copy}" if copy else f"corpus:{item_id}"


def base_source(source: str) -> str:
    """The source of the original an article repeats (itself for originals and seeds)."""
    return source.split("#", 1)[0]


def read_corpus(path: Path = CORPUS) -> Iterator[CorpusItem]:
    """The corpus items in file order, read lazily."""
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            yield CorpusItem(record["id"], record["title"], record["text"], record["source"])


def read_seeds(folder: Path = SEEDS) -> list[BenchArticle]:
    """The shipped seed articles, by file name (the headline is the file's first line)."""
    return [
        BenchArticle(source=path.name, title="", text=path.read_text(encoding="utf-8"))
        for path in sorted(folder.glob("*.txt"))
    ]


def grow(
    first: Collection[str] = (), *, path: Path = CORPUS, seed: int = SEED
) -> Iterator[BenchArticle]:
    """Every corpus item once, then copies round after round until no new order is left.

    Items whose ids are in ``first`` come first (so a small run still holds every
    labelled article); the others follow in ``_SPREAD`` interleaved passes over the file,
    so that any prefix mixes Reuters, AG News, BBC, CNN/DailyMail and XSum. Copy round
    ``c`` gives each item its sentences in an order drawn from a RNG seeded with the
    item's id and ``c``; an order already produced (one-sentence items, two-sentence
    items after their first copy) yields no copy. The caller takes as many as it needs.
    """
    yield from _originals(first, path)
    produced: set[bytes] = set()
    copy = 1
    while True:
        made = 0
        for item in read_corpus(path):
            if article := _copy(item, copy, seed, produced):
                made += 1
                yield article
        if not made:
            return
        copy += 1


def _originals(first: Collection[str], path: Path) -> Iterator[BenchArticle]:
    yield from _items(path, lambda item: item.id in first)
    for spread in range(_SPREAD):
        yield from _items(
            path,
            lambda item, spread=spread: (
                item.id not in first and zlib.crc32(item.id.encode()) % _SPREAD == spread
            ),
        )


def _items(path: Path, keep: Callable[[CorpusItem], bool]) -> Iterator[BenchArticle]:
    for item in read_corpus(path):
        if keep(item):
            yield BenchArticle(corpus_source(item.id), item.title, item.text)


def _copy(item: CorpusItem, copy: int, seed: int, produced: set[bytes]) -> BenchArticle | None:
    sentences = split_sentences(item.text)
    if len(sentences) < 2:
        return None
    produced.add(_fingerprint(" ".join(sentences)))  # the original order is never a copy
    rng = random.Random(f"{seed}:{item.id}:{copy}")
    for _ in range(_SHUFFLES):
        rng.shuffle(sentences)
        text = " ".join(sentences)
        fingerprint = _fingerprint(text)
        if fingerprint not in produced:
            produced.add(fingerprint)
            return BenchArticle(corpus_source(item.id, copy), item.title, text)
    return None


def _fingerprint(text: str) -> bytes:
    return hashlib.blake2b(text.encode(), digest_size=8).digest()
