"""What went wrong with the store, in words an operator and a user understand.

A full disk, a read-only file, or a database server that went away are not bugs: the
bot keeps running, says so in one log line and one reply, and works again as soon as
the store does (the pool opens fresh connections; nothing needs a restart).
"""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError, SQLAlchemyError

# Substrings of SQLite's and PostgreSQL's messages, and what they mean.
_CAUSES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("disk is full", "no space left", "disk full"), "the disk is full"),
    (
        ("readonly database", "read-only", "unable to open database file"),
        "the store file cannot be written (read-only file system or permissions)",
    ),
    (("database is locked",), "the store is busy with another process"),
    (
        (
            "connection refused",
            "could not connect",
            "connection failed",
            "server closed the connection",
            "terminating connection",
            "connection is closed",
            "connection timeout",
            "the database system is",
            "consuming input failed",
        ),
        "the database server cannot be reached",
    ),
)


def store_problem(error: BaseException) -> str | None:
    """What is wrong with the store, if `error` says the store (not our code) failed."""
    if not isinstance(error, SQLAlchemyError):
        return None
    message = str(getattr(error, "orig", None) or error).lower()
    for needles, cause in _CAUSES:
        if any(needle in message for needle in needles):
            return cause
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return "the database server cannot be reached"
    return None


def first_line(error: BaseException) -> str:
    """The driver's own words, on one line, for the log."""
    text = str(getattr(error, "orig", None) or error).strip()
    return text.splitlines()[0][:200] if text else type(error).__name__
