"""Repositories: the queries the services need, in one place per table."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.models import Article, SavedSearch


class ArticleRepository:
    """Reads and writes articles inside the caller's session (and so its transaction)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, article_id: int) -> Article | None:
        """The article with this id, if stored."""
        return self.session.get(Article, article_id)

    def by_hash(self, content_hash: str) -> Article | None:
        """The article whose cleaned text has this hash."""
        return self.session.scalar(select(Article).where(Article.content_hash == content_hash))

    def add(self, article: Article) -> Article:
        """Stage a new article and give it its id."""
        self.session.add(article)
        self.session.flush()
        return article

    def newest(self, limit: int | None = None) -> Sequence[Article]:
        """Articles, most recently published (then added) first."""
        query = select(Article).order_by(Article.published.desc().nulls_last(), Article.id.desc())
        if limit is not None:
            query = query.limit(limit)
        return self.session.scalars(query).all()

    def count(self) -> int:
        """How many articles are stored."""
        return self.session.scalar(select(func.count()).select_from(Article)) or 0


class SavedSearchRepository:
    """Queries kept so that page buttons can refer to them by a short id."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def save(self, query: str, created_at: datetime) -> int:
        """Store `query` and return its id."""
        saved = SavedSearch(query=query, created_at=created_at)
        self.session.add(saved)
        self.session.flush()
        return saved.id

    def query(self, saved_id: int) -> str | None:
        """The query saved under this id, if it is still kept."""
        saved = self.session.get(SavedSearch, saved_id)
        return saved.query if saved else None
