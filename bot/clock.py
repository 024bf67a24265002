"""One clock for the whole application, so tests and `--as-of` can set "now"."""

from __future__ import annotations

from datetime import UTC, date, datetime


class Clock:
    """Tells the current time; `frozen_at` pins it for tests and `--as-of`."""

    def __init__(self, frozen_at: datetime | None = None) -> None:
        self._frozen_at = frozen_at

    @classmethod
    def as_of(cls, day: date) -> Clock:
        """A clock stopped at midnight UTC of `day`."""
        return cls(datetime(day.year, day.month, day.day, tzinfo=UTC))

    def now(self) -> datetime:
        """Timezone-aware current time (UTC)."""
        return self._frozen_at or datetime.now(UTC)

    def today(self) -> date:
        """Current UTC date."""
        return self.now().date()
