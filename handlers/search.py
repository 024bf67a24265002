"""/search: ranked articles, five a page, with snippets, page and summary buttons."""

from __future__ import annotations

import logging

from sqlalchemy.exc import SQLAlchemyError

from bot.search import PAGE_SIZE, QueryError, SearchHit, SearchResults
from bot.services import Services
from handlers.callback_data import page_data, summary_data
from handlers.messages import Button, InlineCard, Reply, Request
from handlers.render import bold, escape, format_date, highlight
from storage.failures import store_problem

INLINE_RESULTS = 10
log = logging.getLogger(__name__)


def search(request: Request, services: Services) -> list[Reply]:
    """The first page of results for the words after /search."""
    return [results_page(request.args, 0, services)]


def results_page(
    query: str, page: int, services: Services, *, saved_id: int | None = None, edit: bool = False
) -> Reply:
    """One page of results, with buttons to summarize each and to turn pages."""
    try:
        results = services.search.search(query, limit=PAGE_SIZE, offset=page * PAGE_SIZE)
    except QueryError as error:
        return Reply(escape(error), edit=edit)
    if not results.hits:
        return Reply(_nothing_found(query, results, page), edit=edit)
    if saved_id is None and results.total > PAGE_SIZE:
        saved_id = _saved(query, services)
    return Reply(_page_html(query, results), _buttons(results, saved_id, page), edit=edit)


def _saved(query: str, services: Services) -> int | None:
    """The id page buttons carry; None when the store cannot write: the first page is
    still worth showing, without them."""
    try:
        return services.search.save_query(query, services.clock.now())
    except SQLAlchemyError as error:
        if (problem := store_problem(error)) is None:
            raise
        log.warning("Search shown without page buttons: %s", problem)
        return None


def _nothing_found(query: str, results: SearchResults, page: int) -> str:
    if page:
        return f"No more results for “{escape(query.strip())}”."
    text = f"No articles match “{escape(query.strip())}”."
    if results.suggestions:
        options = ", ".join(f"<code>/search {escape(s)}</code>" for s in results.suggestions)
        text += f" Did you mean {options}?"
    return text


def _page_html(query: str, results: SearchResults) -> str:
    first = results.offset + 1
    last = results.offset + len(results.hits)
    count = f"{results.total} article{'s' if results.total != 1 else ''}"
    shown = f", {first}–{last}:" if results.total > len(results.hits) else ":"
    header = f"{bold(count)} for “{escape(query.strip())}”{shown}"
    return "\n\n".join([header, *(render_hit(hit) for hit in results.hits)])


def _buttons(
    results: SearchResults, saved_id: int | None, page: int
) -> tuple[tuple[Button, ...], ...]:
    summaries = tuple(
        Button(f"Summary #{hit.article_id}", summary_data(hit.article_id)) for hit in results.hits
    )
    rows = [summaries[:3], summaries[3:]]
    if saved_id is not None:
        nav = []
        if page > 0:
            nav.append(Button("◂ Previous", page_data(saved_id, page - 1)))
        if results.offset + len(results.hits) < results.total:
            nav.append(Button("Next ▸", page_data(saved_id, page + 1)))
        rows.append(tuple(nav))
    return tuple(row for row in rows if row)


def render_hit(hit: SearchHit) -> str:
    """Title with id, date and source, then the snippet with matched words in bold."""
    return (
        f"<b>#{hit.article_id} {escape(hit.title)}</b>\n"
        f"<i>{escape(format_date(hit.published))} · {escape(hit.source)}</i>\n"
        f"{highlight(hit.snippet.text, hit.snippet.highlights)}"
    )


def inline_cards(query: str, services: Services) -> list[InlineCard]:
    """Articles for inline mode, each with the card that choosing it posts."""
    try:
        results = services.search.search(query, limit=INLINE_RESULTS)
    except QueryError:
        return []
    cards = []
    for hit in results.hits:
        summary = services.summaries.for_article(hit.article_id, sentences=2).summary
        html = (
            f"<b>{escape(hit.title)}</b>\n<i>{escape(format_date(hit.published))}</i>\n\n"
            + "\n".join(escape(sentence) for sentence in summary.sentences)
            + f"\n\n<i>Source: {escape(hit.source)}</i>"
        )
        cards.append(
            InlineCard(
                id=str(hit.article_id),
                title=hit.title,
                description=hit.snippet.text[:200],
                html=html,
            )
        )
    return cards
