"""Search benchmark: our store's search beside tantivy and SQLite FTS5, same articles, same queries.

Run: ``.venv/bin/python benchmarks/search.py [--articles 100000] [--database sqlite|postgresql|both]
[--quick]`` (``--quick``: 5,000 articles, for a fast check).

Why: the issue sets targets for search at 100,000 articles (p95 at most 15 ms per query,
ingest under 5 minutes, MRR@10 above the best peer on every query class) and they only
mean something measured together, in one run, on one machine, against peers a reader
knows. So this one command:

1. builds our store through our real code (``Services.open``, then ``Ingestor.ingest_many``
   in batches): the five seeds plus the news corpus grown to ``--articles`` by copies
   with their sentences reordered (``benchmarks/corpus.py``); every labelled article is
   ingested first, so a small run still holds them. Measured: ingest time and rate,
   store size on disk (SQLite file + WAL + SHM, or ``pg_database_size``), peak memory.
2. runs the labelled queries of ``tests/data/search_queries.jsonl`` through
   ``SearchService.search(query, limit=10)``: the first query is timed on its own
   (cold: it loads what the engine caches), a spread of queries warms up, then every query
   is timed once. Quality: MRR@10 and recall@5 per query class and overall. A copy counts
   as its original (same words; labels name originals), and recall counts distinct
   originals; a label whose article the store refused or merged as a duplicate is left
   out, and a query with no labelled article stored is not run (both are reported).
3. builds the two peers over the very articles the store holds (its cleaned title and
   body, read back from the ``articles`` table) and runs the same queries the same way:

   * tantivy: title and body tokenized, lower-cased and ASCII-folded; each query word a
     fuzzy term query on both fields (distance 0 up to 4 letters, 1 for 5 to 8, 2 from 9),
     all OR-ed in one boolean query; tantivy gives every fuzzy match the same score (no
     BM25), so its ranking is weak.
   * SQLite FTS5: ``tokenize='unicode61 remove_diacritics 2'``, the query words OR-ed as
     quoted terms, ranked by ``bm25()``; the index is optimised after the bulk load.

   Both peers, like our engine, also read the last word as a prefix (``prefix=True`` for
   tantivy, ``"word"*`` for FTS5), since people type the last word unfinished.
4. prints quality and latency per class and overall, the cost of each engine (build time,
   size, peak memory, and the machine's 1-minute load average as its queries started and
   ended, since latency on a shared machine means little without it), ratios ours /
   peer, the targets with PASS, TIE or FAIL, and the queries whose first hit from our
   engine is wrong (where to improve it).

Every build and every query run happens in a fresh worker process (this script with
``--worker``), so no engine inherits another's caches or freed heap. Peak memory is the
growth of the worker's resident set over the phase (Linux: the peak is reset through
``/proc/self/clear_refs`` as the phase starts; where that is not allowed the figure is
the process peak, marked ``*``); a peer's articles are loaded before its phase starts.
The PostgreSQL server's own memory is not counted.

The evaluation data stays in /work/shared/data; nothing here copies it.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import asdict, dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any, Protocol

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import tantivy
from corpus import BenchArticle, base_source, grow
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from bot.clock import Clock
from bot.config import Settings
from bot.services import Services
from bot.textnorm import fold
from storage.ingestion.pipeline import Ingestor
from storage.ingestion.readers import RawArticle

QUERIES = Path(__file__).resolve().parents[1] / "tests" / "data" / "search_queries.jsonl"
CLASSES = ("exact", "misspelled", "diacritics", "abbreviation", "multiword", "prefix")
FULL_ARTICLES = 100_000
QUICK_ARTICLES = 5_000
TARGET_P95_MS = 15.0
TARGET_INGEST_S = 300.0
POSTGRES_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
TOP = 10
RECALL_AT = 5
BATCH = 500
WARMUP = 12
_WORD = re.compile(r"\w+")

Doc = tuple[int, str, str]  # article id, title, body


@dataclass(frozen=True)
class LabelledQuery:
    """A query as a person types it, its class, and the sources of the right articles."""

    query: str
    cls: str
    relevant: frozenset[str]


@dataclass(frozen=True)
class QueryRun:
    """One timed query: its wall time and the original sources of its top hits, in order."""

    query: LabelledQuery
    ms: float
    ranked: tuple[str, ...]


@dataclass
class EngineReport:
    """What one engine cost to build and how it answered."""

    name: str
    articles: int
    build_s: float
    size_bytes: int
    build_peak_mb: float
    query_peak_mb: float
    exact_memory: bool
    cold_ms: float
    load: tuple[float, float] = (0.0, 0.0)  # 1-minute load average as queries start, end
    runs: list[QueryRun] = field(default_factory=list)


# ---------------------------------------------------------------- queries and metrics


def load_queries(path: Path = QUERIES) -> list[LabelledQuery]:
    """The labelled query set."""
    with path.open(encoding="utf-8") as lines:
        records = [json.loads(line) for line in lines if line.strip()]
    return [LabelledQuery(r["query"], r["class"], frozenset(r["relevant"])) for r in records]


def answerable(queries: Sequence[LabelledQuery], stored: set[str]) -> list[LabelledQuery]:
    """The queries with their labels cut to the articles stored; those left with none go."""
    kept = [LabelledQuery(q.query, q.cls, q.relevant & stored) for q in queries]
    return [q for q in kept if q.relevant]


def reciprocal_rank(run: QueryRun) -> float:
    """1 / rank of the first right article in the top 10, or 0."""
    for rank, source in enumerate(run.ranked[:TOP], start=1):
        if source in run.query.relevant:
            return 1.0 / rank
    return 0.0


def recall(run: QueryRun) -> float:
    """Share of the right articles (originals, each once) among the top 5."""
    return len(set(run.ranked[:RECALL_AT]) & run.query.relevant) / len(run.query.relevant)


def percentile(values: Sequence[float], share: float) -> float:
    """Linear-interpolated percentile (share 0.5 is the median)."""
    ordered = sorted(values)
    position = (len(ordered) - 1) * share
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass(frozen=True)
class Figures:
    """Quality and latency over a set of runs."""

    count: int
    mrr: float
    recall: float
    p50: float
    p95: float
    max: float

    @classmethod
    def of(cls, runs: Sequence[QueryRun]) -> Figures:
        """The figures of `runs` (which must not be empty)."""
        times = [run.ms for run in runs]
        return cls(
            count=len(runs),
            mrr=sum(map(reciprocal_rank, runs)) / len(runs),
            recall=sum(map(recall, runs)) / len(runs),
            p50=percentile(times, 0.5),
            p95=percentile(times, 0.95),
            max=max(times),
        )


def figures_by_class(report: EngineReport) -> dict[str, Figures]:
    """Figures per query class present, then ``overall``."""
    groups = {cls: [r for r in report.runs if r.query.cls == cls] for cls in CLASSES}
    figures = {cls: Figures.of(runs) for cls, runs in groups.items() if runs}
    figures["overall"] = Figures.of(report.runs)
    return figures


# ---------------------------------------------------------------- memory


def _status_kib(name: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{name}:"):
            return int(line.split()[1])
    raise LookupError(name)


def _reset_peak() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


@dataclass
class Memory:
    """Peak resident memory over a block, above the resident set at its start."""

    start_kib: int
    exact: bool
    peak_mb: float = 0.0


@contextmanager
def measure_memory() -> Iterator[Memory]:
    """Measure the peak memory a block adds (see the module docstring)."""
    memory = Memory(start_kib=_status_kib("VmRSS"), exact=_reset_peak())
    try:
        yield memory
    finally:
        if memory.exact:
            peak = _status_kib("VmHWM")
        else:
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        memory.peak_mb = max(0, peak - memory.start_kib) / 1024


# ---------------------------------------------------------------- the store, read back


def count_articles(database: Engine) -> int:
    """How many articles the store holds."""
    with database.connect() as connection:
        return connection.scalar(text("SELECT count(*) FROM articles")) or 0


def sources_by_id(database: Engine) -> dict[int, str]:
    """Every stored article's source, by id."""
    with database.connect() as connection:
        rows = connection.execute(text("SELECT id, source FROM articles"))
        return {article_id: source for article_id, source in rows}


def stored_docs(database: Engine) -> list[Doc]:
    """Every stored article's id, cleaned title and body: what the peers index."""
    with database.connect() as connection:
        rows = connection.execute(text("SELECT id, title, body FROM articles ORDER BY id"))
        return [(article_id, title, body) for article_id, title, body in rows]


@contextmanager
def connected(url: str) -> Iterator[Engine]:
    """A plain engine on the store, disposed of after the block."""
    engine = create_engine(url)
    try:
        yield engine
    finally:
        engine.dispose()


# ---------------------------------------------------------------- engines


class SearchEngine(Protocol):
    """What the workers need of an engine: build it, or open it and search it."""

    def prepare(self) -> None:
        """Load what the build needs; not timed, not counted in the build's memory."""

    def build(self) -> tuple[int, float]:
        """Build from nothing: (articles held, seconds building)."""

    def open(self) -> None:
        """Open what an earlier build left on disk."""

    def size(self) -> int:
        """Bytes on disk."""

    def search(self, query: str) -> list[int]:
        """The ids of the 10 best articles, best first."""

    def close(self) -> None:
        """Release files and connections."""


@dataclass(frozen=True)
class Task:
    """What a worker does: build or query one engine; `store` is our store's URL."""

    action: str  # "build" or "query"
    engine: str  # "ours", "tantivy" or "fts5"
    store: str
    where: str  # a folder of the engine's own
    articles: int = 0


class OurStore:
    """Our store: `Services` over SQLite or PostgreSQL, filled through `Ingestor`."""

    def __init__(self, task: Task) -> None:
        self.url = task.store
        self.wanted = task.articles
        self.settings = Settings.from_env(
            {"BRIEFBOT_DATA_DIR": task.where, "BRIEFBOT_DATABASE_URL": task.store}
        )
        self.services: Services | None = None

    def prepare(self) -> None:
        """Nothing to load: the corpus is read while ingesting."""

    def build(self) -> tuple[int, float]:
        """Open the empty store (migrations, seeds), then ingest the grown corpus."""
        start = time.perf_counter()
        services = self._open()
        opened = time.perf_counter() - start
        labelled = {s for q in load_queries() for s in q.relevant if s.startswith("corpus:")}
        first = {s.removeprefix("corpus:") for s in labelled}
        stored, seconds = ingest(services, grow(first), self.wanted)
        return stored, opened + seconds

    def open(self) -> None:
        """Open the built store."""
        self._open()

    def _open(self) -> Services:
        self.services = Services.open(self.settings, Clock())
        return self.services

    def size(self) -> int:
        """The SQLite file with its WAL and shared memory, or the PostgreSQL database."""
        database = self._services().database
        if database.dialect == "sqlite":
            path = Path(make_url(self.url).database or "")
            files = [path.with_name(path.name + suffix) for suffix in ("", "-wal", "-shm")]
            return sum(f.stat().st_size for f in files if f.exists())
        with database.engine.connect() as connection:
            return connection.scalar(text("SELECT pg_database_size(current_database())")) or 0

    def search(self, query: str) -> list[int]:
        """Through `SearchService.search`, as the bot calls it."""
        hits = self._services().search.search(query, limit=TOP).hits
        return [hit.article_id for hit in hits]

    def close(self) -> None:
        """Close the services."""
        self._services().close()

    def _services(self) -> Services:
        if self.services is None:
            raise RuntimeError("the store is not open")
        return self.services


def ingest(services: Services, articles: Iterator[BenchArticle], wanted: int) -> tuple[int, float]:
    """Feed batches until the store holds `wanted` articles; (stored, seconds ingesting)."""
    stored = count_articles(services.database.engine)
    seconds = 0.0
    while stored < wanted:
        batch = [
            RawArticle(text=a.as_text(), source=a.source)
            for a in islice(articles, min(BATCH, wanted - stored))
        ]
        if not batch:
            break
        start = time.perf_counter()
        ingest_batch(services.ingestor, batch)
        seconds += time.perf_counter() - start
        before, stored = stored, count_articles(services.database.engine)
        if stored // 10_000 > before // 10_000:
            print(f"  {stored:,} articles stored, {stored / seconds:,.0f}/s", file=sys.stderr)
    return stored, seconds


def ingest_batch(ingestor: Ingestor, batch: list[RawArticle]) -> None:
    """One batched transaction through `ingest_many`; one per article if it is missing."""
    ingest_many = getattr(ingestor, "ingest_many", None)
    if ingest_many is None:
        for raw in batch:
            ingestor.ingest(raw)
    else:
        ingest_many(batch)


def query_words(query: str) -> list[str]:
    """Lower-cased, diacritic-free words of a query, as both peers index them."""
    return _WORD.findall(fold(query))


def fuzzy_distance(word: str) -> int:
    """Edits a peer allows: 0 up to 4 letters, 1 for 5 to 8, 2 from 9."""
    return 0 if len(word) <= 4 else 1 if len(word) <= 8 else 2


class TantivyPeer:
    """tantivy with a boolean OR of fuzzy term queries over title and body."""

    def __init__(self, task: Task) -> None:
        self.url = task.store
        self.folder = Path(task.where)
        self.folder.mkdir(exist_ok=True)
        self.docs: list[Doc] = []
        builder = tantivy.SchemaBuilder()
        builder.add_integer_field("id", stored=True)
        builder.add_text_field("title", tokenizer_name="folded")
        builder.add_text_field("body", tokenizer_name="folded")
        self.schema = builder.build()
        self.index = tantivy.Index(self.schema, path=str(self.folder))
        analyzer = (
            tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
            .filter(tantivy.Filter.remove_long(40))
            .filter(tantivy.Filter.lowercase())
            .filter(tantivy.Filter.ascii_fold())
            .build()
        )
        self.index.register_tokenizer("folded", analyzer)

    def prepare(self) -> None:
        """Read the store's articles."""
        with connected(self.url) as database:
            self.docs = stored_docs(database)

    def build(self) -> tuple[int, float]:
        """Index every article and wait for the segments to be merged."""
        start = time.perf_counter()
        writer = self.index.writer()
        for article_id, title, body in self.docs:
            writer.add_document(tantivy.Document(id=article_id, title=title, body=body))
        writer.commit()
        writer.wait_merging_threads()
        return len(self.docs), time.perf_counter() - start

    def open(self) -> None:
        """Load the committed index."""
        self.index.reload()
        self.searcher = self.index.searcher()

    def size(self) -> int:
        """Bytes of the index folder."""
        return sum(path.stat().st_size for path in self.folder.rglob("*") if path.is_file())

    def search(self, query: str) -> list[int]:
        """Each word a fuzzy term query on title and body, the last one a prefix; OR-ed."""
        words = query_words(query)
        if not words:
            return []
        last = len(words) - 1
        subqueries = [
            (
                tantivy.Occur.Should,
                tantivy.Query.fuzzy_term_query(
                    self.schema, name, word, distance=fuzzy_distance(word), prefix=i == last
                ),
            )
            for i, word in enumerate(words)
            for name in ("title", "body")
        ]
        hits = self.searcher.search(tantivy.Query.boolean_query(subqueries), TOP).hits
        return [self.searcher.doc(address)["id"][0] for _, address in hits]

    def close(self) -> None:
        """Nothing to release: tantivy closes its files with the index."""


class Fts5Peer:
    """Plain SQLite FTS5 in a file of its own: OR of quoted words, ranked by bm25()."""

    def __init__(self, task: Task) -> None:
        self.url = task.store
        self.path = Path(task.where) / "fts5.sqlite3"
        self.path.parent.mkdir(exist_ok=True)
        self.connection = sqlite3.connect(self.path)
        self.docs: list[Doc] = []

    def prepare(self) -> None:
        """Read the store's articles."""
        with connected(self.url) as database:
            self.docs = stored_docs(database)

    def build(self) -> tuple[int, float]:
        """Index every article in one transaction, then merge the index into one segment."""
        start = time.perf_counter()
        with self.connection:
            self.connection.execute(
                "CREATE VIRTUAL TABLE docs USING fts5("
                "title, body, tokenize='unicode61 remove_diacritics 2')"
            )
            self.connection.executemany(
                "INSERT INTO docs(rowid, title, body) VALUES (?, ?, ?)", self.docs
            )
        with self.connection:
            self.connection.execute("INSERT INTO docs(docs) VALUES ('optimize')")
        return len(self.docs), time.perf_counter() - start

    def open(self) -> None:
        """Nothing to load: SQLite reads pages as queries need them."""

    def size(self) -> int:
        """Bytes of the database file."""
        return self.path.stat().st_size

    def search(self, query: str) -> list[int]:
        """The words OR-ed as quoted terms, the last one also as a prefix; by bm25()."""
        words = query_words(query)
        if not words:
            return []
        terms = [f'"{word}"' for word in words]
        terms[-1] += "*"
        rows = self.connection.execute(
            "SELECT rowid FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT ?",
            (" OR ".join(terms), TOP),
        )
        return [row[0] for row in rows]

    def close(self) -> None:
        """Close the database file."""
        self.connection.close()


ENGINES: dict[str, Callable[[Task], SearchEngine]] = {
    "ours": OurStore,
    "tantivy": TantivyPeer,
    "fts5": Fts5Peer,
}


# ---------------------------------------------------------------- workers


def work(task: Task) -> dict[str, Any]:
    """Run one task in this process; the result is what the parent reads back as JSON."""
    engine = ENGINES[task.engine](task)
    try:
        return _build(engine) if task.action == "build" else _query(engine, task.store)
    finally:
        engine.close()


def _build(engine: SearchEngine) -> dict[str, Any]:
    engine.prepare()
    with measure_memory() as memory:
        articles, seconds = engine.build()
    return {
        "articles": articles,
        "build_s": seconds,
        "size_bytes": engine.size(),
        "peak_mb": memory.peak_mb,
        "exact_memory": memory.exact,
    }


def _query(engine: SearchEngine, store: str) -> dict[str, Any]:
    with connected(store) as database:
        sources = sources_by_id(database)
    queries = answerable(load_queries(), {base_source(s) for s in sources.values()})
    load_start = os.getloadavg()[0]
    with measure_memory() as memory:
        start = time.perf_counter()
        engine.open()
        engine.search(queries[0].query)
        cold_ms = (time.perf_counter() - start) * 1000
        for query in queries[:: max(1, len(queries) // WARMUP)]:
            engine.search(query.query)
        runs = [_timed(engine, query, sources) for query in queries]
    load = (load_start, os.getloadavg()[0])
    return {"cold_ms": cold_ms, "peak_mb": memory.peak_mb, "load": load, "runs": runs}


def _timed(engine: SearchEngine, query: LabelledQuery, sources: dict[int, str]) -> dict[str, Any]:
    start = time.perf_counter()
    ids = engine.search(query.query)
    ms = (time.perf_counter() - start) * 1000
    return {
        "query": query.query,
        "class": query.cls,
        "relevant": sorted(query.relevant),
        "ms": ms,
        "ranked": [base_source(sources[i]) for i in ids[:TOP]],
    }


def in_worker(task: Task) -> dict[str, Any]:
    """Run `task` in a fresh process of this script and return its result."""
    command = [sys.executable, __file__, "--worker", json.dumps(asdict(task))]
    finished = subprocess.run(command, stdout=subprocess.PIPE, text=True, check=True)
    return json.loads(finished.stdout.splitlines()[-1])


def measure(name: str, build: Task) -> EngineReport:
    """Build an engine in one worker and query it in another."""
    print(f"Building {name}...", file=sys.stderr)
    built = in_worker(build)
    print(f"Querying {name}...", file=sys.stderr)
    answered = in_worker(Task("query", build.engine, build.store, build.where))
    runs = [
        QueryRun(
            LabelledQuery(r["query"], r["class"], frozenset(r["relevant"])),
            r["ms"],
            tuple(r["ranked"]),
        )
        for r in answered["runs"]
    ]
    return EngineReport(
        name=name,
        articles=built["articles"],
        build_s=built["build_s"],
        size_bytes=built["size_bytes"],
        build_peak_mb=built["peak_mb"],
        query_peak_mb=answered["peak_mb"],
        exact_memory=built["exact_memory"],
        cold_ms=answered["cold_ms"],
        load=tuple(answered["load"]),
        runs=runs,
    )


@contextmanager
def store_url(kind: str, folder: Path, admin_url: str) -> Iterator[str]:
    """A URL for an empty store; a PostgreSQL database is created and dropped after."""
    if kind == "sqlite":
        yield f"sqlite:///{folder / 'store.sqlite3'}"
        return
    name = f"briefbot_bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


# ---------------------------------------------------------------- report


def print_table(headers: Sequence[str], rows: Sequence[Sequence[str]], left: int = 2) -> None:
    """Rows under headers, the first `left` columns left-aligned, the others right-aligned."""
    widths = [max(len(r[i]) for r in [headers, *rows]) for i in range(len(headers))]
    for row in [headers, *rows]:
        cells = [
            c.ljust(w) if i < left else c.rjust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        print("  ".join(cells).rstrip())
    print()


def ratio(ours: float, peer: float) -> str:
    """ours / peer as "1.23x" ("-" when the peer's figure is 0)."""
    return f"{ours / peer:.2f}x" if peer else "-"


def print_collection(store: str, queries: int, run: int) -> None:
    """What the store holds and how many queries could be run."""
    with connected(store) as database:
        sources = list(sources_by_id(database).values())
    copies = sum("#" in s for s in sources)
    originals = sum(s.startswith("corpus:") for s in sources) - copies
    seeds = len(sources) - originals - copies
    print(
        f"Articles: {len(sources):,} = {seeds} seeds + {originals:,} corpus items "
        f"+ {copies:,} reordered copies"
    )
    print(f"Queries: {run} run, {queries - run} skipped (no labelled article stored)\n")


def print_quality(ours: Sequence[EngineReport], peers: Sequence[EngineReport]) -> None:
    """Per class and overall: MRR@10, recall@5, latency; ratios ours / peer."""
    figures = {report.name: figures_by_class(report) for report in [*ours, *peers]}
    rows: list[list[str]] = []
    for cls in [*CLASSES, "overall"]:
        label = f"{cls} ({figures[ours[0].name][cls].count})"
        for report in [*ours, *peers]:
            f = figures[report.name][cls]
            metrics = [f.mrr, f.recall, f.p50, f.p95, f.max]
            rows.append([label, report.name, *_formatted(metrics)])
            label = ""
        for mine in ours:
            for peer in peers:
                a, b = figures[mine.name][cls], figures[peer.name][cls]
                pairs = [(a.mrr, b.mrr), (a.recall, b.recall), (a.p50, b.p50)]
                pairs += [(a.p95, b.p95), (a.max, b.max)]
                rows.append(["", f"{mine.name}/{peer.name}", *(ratio(x, y) for x, y in pairs)])
    print("Quality and latency by query class (latency in ms; ratios ours / peer)")
    headers = ["class (queries)", "engine", "MRR@10", "recall@5", "p50", "p95", "max"]
    print_table(headers, rows)


def _formatted(metrics: Sequence[float]) -> list[str]:
    mrr, recall_5, *times = metrics
    return [f"{mrr:.3f}", f"{recall_5:.3f}", *(f"{t:.1f}" for t in times)]


def print_costs(ours: Sequence[EngineReport], peers: Sequence[EngineReport]) -> None:
    """Build time, rate, size and memory of each engine; ratios ours / peer."""
    rows = [[r.name, f"{r.articles:,}", *_costs(r)] for r in [*ours, *peers]]
    for mine in ours:
        for peer in peers:
            pairs = [
                (mine.build_s, peer.build_s),
                (mine.articles / mine.build_s, peer.articles / peer.build_s),
                (mine.size_bytes, peer.size_bytes),
                (mine.build_peak_mb, peer.build_peak_mb),
                (mine.query_peak_mb, peer.query_peak_mb),
                (mine.cold_ms, peer.cold_ms),
            ]
            ratios = [ratio(x, y) for x, y in pairs]
            rows.append([f"{mine.name}/{peer.name}", "", *ratios, ""])
    print("Cost (ours: opening the empty store, seeds and ingest; peers: their index build)")
    headers = ["engine", "articles", "build s", "art/s", "size MB", "build MB", "query MB"]
    print_table([*headers, "open+1st query ms", "load"], rows, left=1)


def _costs(report: EngineReport) -> list[str]:
    star = "" if report.exact_memory else "*"
    return [
        f"{report.build_s:.1f}",
        f"{report.articles / report.build_s:,.0f}",
        f"{report.size_bytes / 1e6:.1f}",
        f"{report.build_peak_mb:.0f}{star}",
        f"{report.query_peak_mb:.0f}{star}",
        f"{report.cold_ms:.1f}",
        "{:.1f}-{:.1f}".format(*report.load),
    ]


def print_targets(ours: Sequence[EngineReport], peers: Sequence[EngineReport]) -> None:
    """The issue's targets for each of our stores: PASS, FAIL, or TIE when equal to a peer."""
    rows: list[list[str]] = []
    peer_figures = [figures_by_class(peer) for peer in peers]
    for mine in ours:
        p95 = figures_by_class(mine)["overall"].p95
        target = f"p95 <= {TARGET_P95_MS:.0f} ms"
        rows.append([mine.name, target, f"{p95:.1f} ms", _verdict(p95 <= TARGET_P95_MS)])
        target = f"ingest <= {TARGET_INGEST_S:.0f} s"
        rows.append(
            [mine.name, target, f"{mine.build_s:.0f} s", _verdict(mine.build_s <= TARGET_INGEST_S)]
        )
        for cls, f in figures_by_class(mine).items():
            best = max(p[cls].mrr for p in peer_figures)
            verdict = "TIE" if round(f.mrr, 3) == round(best, 3) else _verdict(f.mrr > best)
            target = f"MRR@10 {cls} > best peer"
            rows.append([mine.name, target, f"{f.mrr:.3f} vs {best:.3f}", verdict])
    print(f"Targets (stated for {FULL_ARTICLES:,} articles; measured at {ours[0].articles:,})")
    print_table(["store", "target", "measured", "verdict"], rows)


def _verdict(passed: bool) -> str:
    return "PASS" if passed else "FAIL"


def print_misses(ours: Sequence[EngineReport]) -> None:
    """Our queries whose first hit is not a right article: where to improve the engine."""
    for report in ours:
        rows = [
            [
                run.query.cls,
                run.query.query,
                _first_right(run),
                run.ranked[0] if run.ranked else "-",
            ]
            for run in report.runs
            if reciprocal_rank(run) < 1
        ]
        print(f"Misses of {report.name}: {len(rows)} queries whose first hit is wrong")
        print_table(["class", "query", "first right at", "first hit"], rows)


def _first_right(run: QueryRun) -> str:
    rank = reciprocal_rank(run)
    return str(round(1 / rank)) if rank else f"not in top {TOP}"


# ---------------------------------------------------------------- main


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=FULL_ARTICLES)
    parser.add_argument("--database", choices=("sqlite", "postgresql", "both"), default="sqlite")
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_ARTICLES:,} articles")
    parser.add_argument("--postgres-admin-url", default=POSTGRES_ADMIN_URL)
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def compare(articles: int, kinds: Sequence[str], admin_url: str) -> None:
    """Build and query our store(s), then both peers over the last store; print the report."""
    start = time.perf_counter()
    ours: list[EngineReport] = []
    with ExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="search-bench-")))
        for kind in kinds:
            folder = workdir / kind
            folder.mkdir()
            url = stack.enter_context(store_url(kind, folder, admin_url))
            ours.append(measure(f"ours[{kind}]", Task("build", "ours", url, str(folder), articles)))
        peers = [
            measure(name, Task("build", name, url, str(workdir / name)))
            for name in ("tantivy", "fts5")
        ]
        print_collection(url, len(load_queries()), len(ours[0].runs))
        print_quality(ours, peers)
        print_costs(ours, peers)
        print_targets(ours, peers)
        print_misses(ours)
    print(f"Run time: {(time.perf_counter() - start) / 60:.1f} min")


def main(argv: Sequence[str] | None = None) -> None:
    """The benchmark, or one worker task when called with ``--worker``."""
    args = parse_args(argv)
    if args.worker:
        print(json.dumps(work(Task(**json.loads(args.worker)))))
        return
    kinds = ("sqlite", "postgresql") if args.database == "both" else (args.database,)
    compare(QUICK_ARTICLES if args.quick else args.articles, kinds, args.postgres_admin_url)


if __name__ == "__main__":
    main()
