"""/summary: a short extractive summary of an article, the best match, or a replied text."""

from __future__ import annotations

from bot.services import Services
from bot.summaries import DEFAULT_SENTENCES, MAX_SENTENCES, SummaryError, summarize_text
from handlers.messages import Reply, Request
from handlers.render import escape, format_date

USAGE = "Usage: /summary <id or words> [sentences], or reply /summary [sentences] to a message."


def parse_args(args: str) -> tuple[str, int]:
    """The target (id or words) and the sentence count, which may end the arguments."""
    words = args.split()
    if len(words) >= 2 and words[-1].isdigit() and len(words[-1]) <= 3:
        return " ".join(words[:-1]), int(words[-1])
    return " ".join(words), DEFAULT_SENTENCES


def summary(request: Request, services: Services) -> list[Reply]:
    """Summarize by id, by best search match, or the message this one replies to."""
    target, sentences = parse_args(request.args)
    if request.replied_text is not None and _is_count(target):
        target, sentences = "", int(target)
    try:
        if not target and request.replied_text is not None:
            return [_text_reply(request.replied_text, sentences)]
        if not target:
            return [Reply(escape(USAGE))]
        if target.isdigit() and len(target) <= 18:
            result = services.summaries.for_article(int(target), sentences=sentences)
        else:
            result = services.summaries.for_query(target, sentences=sentences)
    except SummaryError as error:
        return [Reply(escape(error))]
    chosen = f"Best match for “{escape(target)}”:\n" if result.chosen_by_search else ""
    header = (
        f"{chosen}<b>#{result.article_id} {escape(result.title)}</b>\n"
        f"<i>{escape(format_date(result.published))} · {escape(result.source)} · "
        f"{len(result.summary.sentences)} sentences, {result.summary.share:.0%} of the article</i>"
    )
    return [Reply(header + "\n\n" + _bullets(result.summary.sentences))]


def _is_count(target: str) -> bool:
    """A lone number from 1 to MAX_SENTENCES: a length, when replying to a message."""
    return target.isdigit() and 1 <= int(target) <= MAX_SENTENCES


def _text_reply(text: str, sentences: int) -> Reply:
    if not text.strip():
        return Reply("That message has no text to summarize.")
    result = summarize_text(text, sentences=sentences)
    return Reply(
        f"<i>Summary of the replied message · {result.share:.0%} of its text</i>\n\n"
        + _bullets(result.sentences)
    )


def _bullets(sentences: tuple[str, ...]) -> str:
    return "\n".join(f"• {escape(sentence)}" for sentence in sentences)
