"""/summary: a short extractive summary of an article, the best match, a topic, or a
replied-to message."""

from __future__ import annotations

from bot.services import Services
from bot.summaries import (
    DEFAULT_SENTENCES,
    MAX_SENTENCES,
    TOPIC_SENTENCES,
    ArticleSummary,
    Summary,
    SummaryError,
    TopicSummary,
    summarize_text,
)
from bot.summary_methods import DEFAULT_METHOD, METHODS
from handlers.callback_data import related_data
from handlers.messages import Button, Reply, Request
from handlers.render import escape, format_date

USAGE = (
    "Usage: /summary <id or words> [sentences] [method], /summary topic <words>, "
    "or reply /summary [sentences] to a message."
)


def parse_args(args: str) -> tuple[str, int | None, str]:
    """The target (id or words), the sentence count (None if not given) and the method,
    which may end the arguments in either order: `/summary 12 5 lsa`."""
    words = args.split()
    sentences: int | None = None
    method = DEFAULT_METHOD
    for _ in range(2):
        if len(words) < 2:
            break
        last = words[-1].lower()
        if last in METHODS:
            method = last
        elif last.isdigit() and len(last) <= 3:
            sentences = int(last)
        else:
            break
        words.pop()
    return " ".join(words), sentences, method


def summary(request: Request, services: Services) -> list[Reply]:
    """Summarize by id, by best search match, a topic, or the message this one replies to."""
    target, sentences, method = parse_args(request.args)
    if request.replied_text is not None and (not target or _is_count(target)):
        count = int(target) if target else sentences or DEFAULT_SENTENCES
        return [_replied(request.replied_text, count, method)]
    if not target:
        return [Reply(escape(USAGE))]
    try:
        first, _, rest = target.partition(" ")
        if first.lower() == "topic":
            if not rest.strip():
                return [Reply("Usage: /summary topic <words>, for example /summary topic ASEAN")]
            topic = services.summaries.for_topic(
                rest.strip(), sentences=sentences or TOPIC_SENTENCES
            )
            return [_topic_reply(topic)]
        count = sentences or DEFAULT_SENTENCES
        if target.isdigit() and len(target) <= 12:
            result = services.summaries.for_article(int(target), sentences=count, method=method)
        else:
            result = services.summaries.for_query(target, sentences=count, method=method)
    except SummaryError as error:
        return [Reply(escape(error))]
    return [article_reply(result, target)]


def article_reply(result: ArticleSummary, target: str = "") -> Reply:
    """Title, date and source above the sentences, with a button for related articles."""
    chosen = f"Best match for “{escape(target)}”:\n" if result.chosen_by_search else ""
    method = "" if result.method == DEFAULT_METHOD else f" · {escape(result.method)}"
    count = len(result.summary.sentences)
    header = (
        f"{chosen}<b>#{result.article_id} {escape(result.title)}</b>\n"
        f"<i>{escape(format_date(result.published))} · {escape(result.source)} · "
        f"{count} sentence{'s' if count != 1 else ''}, "
        f"{result.summary.share:.0%} of the article{method}</i>"
    )
    button = Button("Related articles", related_data(result.article_id))
    return Reply(header + "\n\n" + _bullets(result.summary.sentences), ((button,),))


def _is_count(target: str) -> bool:
    """A lone number from 1 to MAX_SENTENCES: a length, when replying to a message."""
    return target.isdigit() and 1 <= int(target) <= MAX_SENTENCES


def _replied(text: str, sentences: int, method: str) -> Reply:
    if not text.strip():
        return Reply("That message has no text to summarize.")
    try:
        result: Summary = summarize_text(text, sentences=sentences, method=method)
    except SummaryError as error:
        return Reply(escape(error))
    cut = " (its first 200,000 characters)" if result.truncated else ""
    return Reply(
        f"<i>Summary of the replied message{cut} · {result.share:.0%} of its text</i>\n\n"
        + _bullets(result.sentences)
    )


def _topic_reply(topic: TopicSummary) -> Reply:
    lines = [f"<b>Topic: {escape(topic.query)}</b>", ""]
    lines += [f"• {escape(s.text)} [#{s.article_id}]" for s in topic.sentences]
    lines += ["", "<i>Sources:</i>"]
    lines += [f"#{article_id} {escape(title)}" for article_id, title in topic.sources]
    return Reply("\n".join(lines))


def _bullets(sentences: tuple[str, ...]) -> str:
    return "\n".join(f"• {escape(sentence)}" for sentence in sentences)
