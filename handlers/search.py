"""/search: ranked articles with a snippet around the best match, matched words in bold."""

from __future__ import annotations

from bot.search import QueryError, SearchHit
from bot.services import Services
from handlers.messages import Reply, Request
from handlers.render import bold, escape, format_date, highlight


def search(request: Request, services: Services) -> list[Reply]:
    """The best five articles for the words after /search."""
    try:
        results = services.search.search(request.args)
    except QueryError as error:
        return [Reply(escape(error))]
    if not results.hits:
        return [Reply(f"No articles match “{escape(request.args.strip())}”.")]
    shown = len(results.hits)
    header = (
        f"{bold(results.total)} article{'s' if results.total != 1 else ''} "
        f"for “{escape(request.args.strip())}”"
        + (f", the best {shown}:" if results.total > shown else ":")
    )
    return [Reply("\n\n".join([header, *(render_hit(hit) for hit in results.hits)]))]


def render_hit(hit: SearchHit) -> str:
    """Title with id, date and source, then the snippet."""
    return (
        f"<b>#{hit.article_id} {escape(hit.title)}</b>\n"
        f"<i>{escape(format_date(hit.published))} · {escape(hit.source)}</i>\n"
        f"{highlight(hit.snippet.text, hit.snippet.highlights)}"
    )
