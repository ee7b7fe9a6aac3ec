"""The server's clock: what day it is where the server is (``CLIO_TIMEZONE``).

``howLongAgo`` without ``asOf`` counts to today, so a cached answer and its ETag name the
day. Which day depends on the timezone: at 23:30 in New York it is already tomorrow in UTC.
The app reads the day from one `Clock` per request; a test gives it a fake ``now``.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from graph.dates import HistoricalDate

#: A function giving the current moment as an aware datetime (``datetime.now(tz)``).
Now = Callable[[datetime.tzinfo | None], datetime.datetime]


def zone(name: str) -> datetime.tzinfo | None:
    """The timezone called ``name`` (IANA, such as ``Europe/Paris``); None, UTC's day, for ``""``.

    Raises:
        ValueError: no such timezone is known to this system's tz database.
    """
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"{name!r} is not a timezone this system knows (an IANA name such as Europe/Paris)"
        ) from None


class Clock:
    """Today in one timezone, from ``now`` (``datetime.datetime.now`` unless a test gives another).

    With neither a timezone nor a ``now``, today is `HistoricalDate.today` (the day in UTC),
    the one clock the rest of Clio reads.
    """

    def __init__(self, timezone: str = "", now: Now | None = None) -> None:
        self.tz = zone(timezone)
        self._now = now if now is not None or self.tz is None else datetime.datetime.now

    def today(self) -> HistoricalDate:
        """
        >>> utc = datetime.timezone.utc
        >>> late = lambda tz: datetime.datetime(2026, 12, 1, 23, 30, tzinfo=utc).astimezone(tz)
        >>> str(Clock("Europe/Paris", late).today()), str(Clock("UTC", late).today())
        ('December 2nd, 2026', 'December 1st, 2026')
        """
        if self._now is None:
            return HistoricalDate.today()
        day = self._now(self.tz).date()
        return HistoricalDate(day.year, day.month, day.day)


__all__ = ["Clock", "Now", "zone"]
