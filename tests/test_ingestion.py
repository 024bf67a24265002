"""Ingestion into a real store: seeds on first start, duplicates, refusals, rows stored."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from bot.services import Services
from storage.ingestion.pipeline import Status
from storage.ingestion.readers import MAX_ARTICLE_BYTES
from storage.models import Article

ARTICLE = (
    "Cambodia and Vietnam customs sign cooperation plan\n\n"
    "The General Department of Customs and Excise of Cambodia and Vietnam Customs signed a "
    "cooperation plan in Phnom Penh on 12 March 2024, covering risk management and "
    "information exchange at border gates.\n"
)


def stored(services: Services) -> list[Article]:
    with services.database.reader() as session:
        return list(session.scalars(select(Article).order_by(Article.id)))


def test_seeds_are_loaded_into_an_empty_store(services: Services) -> None:
    articles = stored(services)
    assert [a.source[:3] for a in articles] == ["000", "001", "002", "003", "004"]
    assert articles[2].title == "Enhance multilateral diplomacy of Vietnam Customs"
    assert all(a.language == "en" and len(a.content_hash) == 64 for a in articles)
    assert articles[4].raw_text.endswith("Mobile Version")  # raw kept for re-cleaning
    assert "Mobile Version" not in articles[4].body


def test_ingesting_the_same_article_twice_is_a_no_op(services: Services, tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    first = list(services.ingestor.ingest_paths([path]))
    again = list(services.ingestor.ingest_paths([path]))
    assert [o.status for o in first] == [Status.ADDED]
    assert [o.status for o in again] == [Status.DUPLICATE]
    assert again[0].describe() == (
        f"Already stored as #{first[0].article_id}: Cambodia and Vietnam customs sign "
        "cooperation plan (plan.txt)"
    )
    assert len(stored(services)) == 6


def test_spacing_and_case_changes_do_not_make_a_new_article(services: Services) -> None:
    first = services.ingestor.ingest_bytes(ARTICLE.encode(), source="a.txt")
    variant = ARTICLE.replace(" ", "  ").replace("\n", "\r\n").upper()
    second = services.ingestor.ingest_bytes(variant.encode(), source="b.txt")
    assert second.status is Status.DUPLICATE and second.article_id == first.article_id


def test_binary_empty_and_huge_files_are_refused_and_nothing_stored(
    services: Services, tmp_path: Path
) -> None:
    (tmp_path / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "huge.txt").write_bytes(b"word " * (20 * 1024 * 1024 // 5))
    outcomes = list(
        services.ingestor.ingest_paths(
            [tmp_path / "photo.txt", tmp_path / "empty.txt", tmp_path / "huge.txt"]
        )
    )
    assert [o.describe() for o in outcomes] == [
        "Refused photo.txt: not a text file",
        "Refused empty.txt: the file is empty",
        f"Refused huge.txt: too large (20.0 MB; the limit is {MAX_ARTICLE_BYTES // 1_048_576} MB)",
    ]
    assert len(stored(services)) == 5


def test_folder_ingest_takes_article_files_only(services: Services, tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "plan.md").write_text("# " + ARTICLE, encoding="utf-8")
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4")
    outcomes = list(services.ingestor.ingest_paths([folder]))
    assert [(o.status, o.source) for o in outcomes] == [(Status.ADDED, "plan.md")]


def test_text_with_no_article_in_it_is_refused(services: Services) -> None:
    outcome = services.ingestor.ingest_bytes(b"Related News\nSomething else\n", source="x.txt")
    assert outcome.status is Status.REFUSED
    assert outcome.describe() == "Refused x.txt: no article text found"
    with services.database.reader() as session:
        assert session.scalar(select(func.count()).select_from(Article)) == 5


def test_legacy_encoding_is_decoded(services: Services) -> None:
    text = ARTICLE.replace("Phnom Penh", "Phnom Penh (£2m budget)").encode("cp1252")
    outcome = services.ingestor.ingest_bytes(text, source="legacy.txt")
    assert outcome.status is Status.ADDED
    assert "£2m budget" in stored(services)[-1].body
