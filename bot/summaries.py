"""Summaries: a few sentences of the article itself, in the article's order.

Extractive only, so every sentence a leader reads is one the source wrote. Sentences
come from our own splitter (nothing downloaded at run time); captions and site lists
never reach here because ingestion removed them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from sumy.models.dom import ObjectDocumentModel, Paragraph
from sumy.nlp.stemmers import Stemmer
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.utils import get_stop_words

from bot.search import QueryError, SearchService
from bot.sentences import sumy_document
from storage.engine import Database
from storage.repositories import ArticleRepository

DEFAULT_SENTENCES = 3
MAX_SENTENCES = 10
# Graph methods grow quadratically with the sentence count: rank only the opening part.
MAX_INPUT_SENTENCES = 150
MAX_TEXT_CHARS = 200_000


class SummaryError(ValueError):
    """A summary that cannot be made; the message is a one-line answer for people."""


@dataclass(frozen=True)
class Summary:
    """Chosen sentences and the share of the text's characters they cover."""

    sentences: tuple[str, ...]
    share: float


@dataclass(frozen=True)
class ArticleSummary:
    """A summary of a stored article, with what a reader needs to cite it."""

    article_id: int
    title: str
    source: str
    published: date | None
    summary: Summary
    chosen_by_search: bool = False


def summarize_text(text: str, *, sentences: int = DEFAULT_SENTENCES) -> Summary:
    """The `sentences` most central sentences of `text`, in their original order."""
    if not 1 <= sentences <= MAX_SENTENCES:
        raise SummaryError(f"Choose between 1 and {MAX_SENTENCES} sentences.")
    if not text.strip():
        raise SummaryError("There is no text to summarize.")
    if len(text) > MAX_TEXT_CHARS:
        raise SummaryError(
            f"That text is {len(text):,} characters long; I summarize up to {MAX_TEXT_CHARS:,}."
        )
    document = _opening(sumy_document(text), MAX_INPUT_SENTENCES)
    if not document.sentences:
        raise SummaryError("I found no sentences to summarize in that text.")
    if len(document.sentences) <= sentences:
        chosen = [str(s) for s in document.sentences]
    else:
        summarizer = LexRankSummarizer(Stemmer("english"))
        summarizer.stop_words = get_stop_words("english")
        chosen = [str(s) for s in summarizer(document, sentences)]
    total = sum(len(str(s)) for s in document.sentences) or 1
    return Summary(tuple(chosen), min(1.0, sum(map(len, chosen)) / total))


def _opening(document: ObjectDocumentModel, limit: int) -> ObjectDocumentModel:
    """The document cut after its first `limit` sentences."""
    if len(document.sentences) <= limit:
        return document
    kept: list[Paragraph] = []
    room = limit
    for paragraph in document.paragraphs:
        if room <= 0:
            break
        sentences = paragraph.sentences[:room]
        kept.append(Paragraph(list(sentences)))
        room -= len(sentences)
    return ObjectDocumentModel(tuple(kept))


class SummaryService:
    """Summaries of stored articles, of the best match for some words, or of any text."""

    def __init__(self, database: Database, search: SearchService) -> None:
        self.database = database
        self.search = search

    def for_article(self, article_id: int, *, sentences: int = DEFAULT_SENTENCES) -> ArticleSummary:
        """Summary of the article with this id."""
        with self.database.reader() as session:
            article = ArticleRepository(session).get(article_id)
        if article is None:
            raise SummaryError(f"There is no article #{article_id}. Try /search to find one.")
        return ArticleSummary(
            article.id,
            article.title,
            article.source,
            article.published,
            summarize_text(article.body, sentences=sentences),
        )

    def for_query(self, query: str, *, sentences: int = DEFAULT_SENTENCES) -> ArticleSummary:
        """Summary of the article that best matches `query`."""
        try:
            results = self.search.search(query, limit=1)
        except QueryError as error:
            raise SummaryError(str(error)) from error
        if not results.hits:
            raise SummaryError(f"No article matches “{query}”. Try /search with other words.")
        summary = self.for_article(results.hits[0].article_id, sentences=sentences)
        return replace(summary, chosen_by_search=True)
