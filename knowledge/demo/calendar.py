"""Working-day rhythm: weekends and public holidays are quiet."""

from __future__ import annotations

from datetime import date, timedelta

_WEEKDAY_FACTOR = (1.0, 1.04, 1.05, 1.0, 0.86, 0.1, 0.06)
_HOLIDAY_FACTOR = 0.15


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    first = date(year, month, 1)
    offset = (weekday - first.weekday()) % 7
    return first + timedelta(days=offset + 7 * (n - 1))


def _last_weekday(year: int, month: int, weekday: int) -> date:
    nxt = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    last = nxt - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def holidays(year: int) -> set[date]:
    """US public holidays of a year plus the Christmas to New Year lull."""
    days = {
        date(year, 1, 1),
        _nth_weekday(year, 1, 0, 3),  # Martin Luther King Jr. Day
        _nth_weekday(year, 2, 0, 3),  # Presidents' Day
        _last_weekday(year, 5, 0),  # Memorial Day
        date(year, 6, 19),
        date(year, 7, 4),
        _nth_weekday(year, 9, 0, 1),  # Labor Day
        _nth_weekday(year, 11, 3, 4),  # Thanksgiving
        _nth_weekday(year, 11, 3, 4) + timedelta(days=1),
    }
    # Fixed-date holidays on a weekend are observed on the nearest weekday.
    for fixed in (date(year, 6, 19), date(year, 7, 4)):
        if fixed.weekday() == 5:
            days.add(fixed - timedelta(days=1))
        elif fixed.weekday() == 6:
            days.add(fixed + timedelta(days=1))
    days.update(date(year, 12, day) for day in range(24, 32))
    return days


class ActivityCalendar:
    """How busy an ordinary customer is on a given day, from 0 to about 1."""

    def __init__(self, first: date, last: date) -> None:
        self._holidays: set[date] = set()
        for year in range(first.year, last.year + 1):
            self._holidays |= holidays(year)

    def factor(self, day: date) -> float:
        """Multiplier applied to every user's chance of being active that day."""
        base = _WEEKDAY_FACTOR[day.weekday()]
        return base * _HOLIDAY_FACTOR if day in self._holidays else base
