"""Compare the summarization methods of ``bot.summary_methods`` with Lead-3 and an oracle.

Run: ``.venv/bin/python benchmarks/summaries.py [--limit N] [--subset first|second]
[--methods NAME ...] [--jobs 2]`` (each half in its own process; about two minutes on two
cores).

Data: ``/work/shared/data/summ_eval.jsonl.gz`` (read only, nothing copied): 250 BBC
articles with extractive, machine-looking references and 250 CNN/DailyMail articles with
highlights written by people. CNN/DailyMail decides; BBC is a secondary check.

For each half and each method, three settings:

* ``3 sentences``: the method's three sentences;
* ``reference length``: as many sentences as the reference has;
* ``Lead-3 words``: the three sentences cut to Lead-3's word count of the same article,
  so that a longer summary cannot win by length.

Figures are ROUGE-1, ROUGE-2 and ROUGE-L F1 (``rouge-score``, Porter stemmer) in
percent, their ratio to Lead-3, the mean summary length in words and the median time per
article in milliseconds (three sentences). Where the references are extractive (BBC),
``in-ref`` is the share of a summary's sentences that are reference sentences, verbatim:
how far a method agrees with whatever picked the references, whatever the sentences'
length. Lead-3 is the first three sentences of ``bot.sentences.split_sentences``. The
ORACLE greedily adds the sentence that most raises the mean of ROUGE-1 and ROUGE-2 F1
against the reference, until the count is reached or no sentence helps: no extractive
method over these sentences can do much better.
``--subset first`` / ``second`` keep the first or second half of each source's articles,
to check that a gain holds on data it was not looked at on.
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from nltk.stem import porter
from rouge_score import rouge_scorer, tokenize

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.sentences import split_sentences
from bot.summary_methods import METHODS, rank_sentences

DATA = Path("/work/shared/data/summ_eval.jsonl.gz")
HALVES = (("CNN/DailyMail", "cnn_dailymail"), ("BBC", "bbc_news_summary"))
SETTINGS = ("3 sentences", "reference length", "Lead-3 words")
METRICS = ("rouge1", "rouge2", "rougeL")
LEAD, ORACLE = "lead-3", "ORACLE"

Summarizer = Callable[[dict, int], list[str]]


@dataclass
class Tally:
    """Scores and timings of one method on one half."""

    scores: dict[str, list[tuple[float, ...]]] = field(
        default_factory=lambda: {s: [] for s in SETTINGS}
    )
    words: dict[str, list[int]] = field(default_factory=lambda: {s: [] for s in SETTINGS})
    in_reference: dict[str, list[float]] = field(default_factory=lambda: {s: [] for s in SETTINGS})
    seconds: list[float] = field(default_factory=list)


def load(limit: int | None, subset: str) -> dict[str, list[dict]]:
    """The articles of each half, optionally the first/second half of each, cut to limit."""
    with gzip.open(DATA, "rt", encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines]
    halves: dict[str, list[dict]] = {}
    for name, source in HALVES:
        articles = [row for row in rows if row["source"] == source]
        middle = len(articles) // 2
        if subset == "first":
            articles = articles[:middle]
        elif subset == "second":
            articles = articles[middle:]
        halves[name] = articles[:limit]
    return halves


def truncate(sentences: Sequence[str], words: int) -> list[str]:
    """The sentences cut after ``words`` whitespace-separated words."""
    out: list[str] = []
    for sentence in sentences:
        if words <= 0:
            break
        tokens = sentence.split()
        out.append(" ".join(tokens[:words]))
        words -= len(tokens)
    return out


def word_count(sentences: Iterable[str]) -> int:
    """Whitespace-separated words in the sentences."""
    return sum(len(sentence.split()) for sentence in sentences)


_PORTER = porter.PorterStemmer()


@cache
def _stem(word: str) -> str:
    """Porter stem as rouge-score applies it (words of up to three letters are kept)."""
    return _PORTER.stem(word) if len(word) > 3 else word


@cache
def _tokens(text: str) -> tuple[str, ...]:
    """rouge-score's tokens of ``text``, stemmed."""
    return tuple(_stem(token) for token in tokenize.tokenize(text, None))


def _ngrams(tokens: Sequence[str], n: int) -> Counter[tuple[str, ...]]:
    return Counter(zip(*(tokens[i:] for i in range(n)), strict=False))


def _f1(candidate: Counter, reference: Counter) -> float:
    overlap = sum((candidate & reference).values())
    if not overlap:
        return 0.0
    precision = overlap / sum(candidate.values())
    recall = overlap / sum(reference.values())
    return 2 * precision * recall / (precision + recall)


def oracle(article: dict, count: int) -> list[str]:
    """Greedy extractive oracle: up to ``count`` sentences, in source order."""
    sentences = split_sentences(article["text"])
    reference = _tokens(article["reference_summary"])
    targets = [_ngrams(reference, n) for n in (1, 2)]
    chosen: list[int] = []
    best = 0.0

    def gain(extra: int) -> float:
        tokens = [t for i in sorted([*chosen, extra]) for t in _tokens(sentences[i])]
        return sum(_f1(_ngrams(tokens, n), targets[n - 1]) for n in (1, 2)) / 2

    while len(chosen) < count:
        options = [(gain(i), i) for i in range(len(sentences)) if i not in chosen]
        if not options or max(options)[0] <= best:
            break
        best, pick = max(options)
        chosen.append(pick)
    return [sentences[i] for i in sorted(chosen)]


def summarizers(methods: Sequence[str]) -> dict[str, Summarizer]:
    """Every compared summarizer by name: Lead-3, the methods, the oracle."""

    def method(name: str) -> Summarizer:
        return lambda a, k: rank_sentences(a["text"], count=k, method=name, title=a["title"])

    return {
        LEAD: lambda a, k: split_sentences(a["text"])[:k],
        **{name: method(name) for name in methods},
        ORACLE: oracle,
    }


def evaluate_half(articles: list[dict], methods: Sequence[str]) -> dict[str, Tally]:
    """Every summarizer's tally on one half (run in a worker process)."""
    scorer = rouge_scorer.RougeScorer(list(METRICS), use_stemmer=True)
    return {
        name: evaluate(articles, summarize, scorer)
        for name, summarize in summarizers(methods).items()
    }


def evaluate(
    articles: list[dict], summarize: Summarizer, scorer: rouge_scorer.RougeScorer
) -> Tally:
    """Score one summarizer on the articles in every setting."""
    tally = Tally()
    for article in articles:
        reference = article["reference_summary"]
        lead_words = word_count(split_sentences(article["text"])[:3])
        started = time.perf_counter()
        three = summarize(article, 3)
        tally.seconds.append(time.perf_counter() - started)
        outputs = {
            "3 sentences": three,
            "reference length": summarize(article, len(reference.splitlines())),
            "Lead-3 words": truncate(three, lead_words),
        }
        for setting, summary in outputs.items():
            result = scorer.score(reference, "\n".join(summary))
            tally.scores[setting].append(tuple(result[m].fmeasure for m in METRICS))
            tally.words[setting].append(word_count(summary))
            if article.get("reference_type") == "extractive" and setting != "Lead-3 words":
                tally.in_reference[setting].append(in_reference(summary, reference))
    return tally


def in_reference(summary: Sequence[str], reference: str) -> float:
    """The share of the summary's sentences that are sentences of the reference, verbatim."""
    lines = {" ".join(line.split()) for line in reference.splitlines()}
    return sum(" ".join(s.split()) in lines for s in summary) / len(summary) if summary else 0.0


def report(half: str, count: int, tallies: dict[str, Tally]) -> None:
    """Print one table per setting, every summarizer side by side with Lead-3."""
    for setting in SETTINGS:
        means = {
            name: [100 * statistics.fmean(col) for col in zip(*t.scores[setting], strict=True)]
            for name, t in tallies.items()
        }
        lead = means[LEAD]
        print(f"\n{half} ({count} articles), {setting}")
        print(
            f"{'method':<10} {'R-1':>6} {'R-2':>6} {'R-L':>6}   {'R-1/L3':>6} {'R-2/L3':>6} "
            f"{'R-L/L3':>6}  {'words':>5} {'ms/art':>7} {'in-ref':>6}"
        )
        for name, tally in tallies.items():
            scores = means[name]
            ratios = [s / b if b else float("nan") for s, b in zip(scores, lead, strict=True)]
            words = statistics.fmean(tally.words[setting])
            ms = 1000 * statistics.median(tally.seconds)
            shares = tally.in_reference[setting]
            in_ref = f"{100 * statistics.fmean(shares):5.0f}%" if shares else f"{'-':>6}"
            print(
                f"{name:<10} {scores[0]:6.1f} {scores[1]:6.1f} {scores[2]:6.1f}   "
                f"{ratios[0]:6.3f} {ratios[1]:6.3f} {ratios[2]:6.3f}  {words:5.0f} {ms:7.1f} "
                f"{in_ref}"
            )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="at most N articles of each half")
    parser.add_argument("--subset", choices=("all", "first", "second"), default="all")
    parser.add_argument("--methods", nargs="+", choices=METHODS, default=list(METHODS))
    parser.add_argument("--jobs", type=int, default=2, help="worker processes (one per half)")
    args = parser.parse_args(argv)
    halves = load(args.limit, args.subset)
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        results = pool.map(evaluate_half, halves.values(), [args.methods] * len(halves))
        for (half, articles), tallies in zip(halves.items(), results, strict=True):
            report(half, len(articles), tallies)


if __name__ == "__main__":
    main()
