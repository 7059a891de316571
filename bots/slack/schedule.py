"""When the daily digest runs next, and a thread that runs it then."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta

logger = logging.getLogger(__name__)


def parse_time(hhmm: str) -> time:
    """``"08:30"`` as a UTC time of day."""
    hours, minutes = hhmm.split(":", 1)
    return time(int(hours), int(minutes), tzinfo=UTC)


def next_run(now: datetime, at: time) -> datetime:
    """The first moment at ``at`` (UTC) strictly after ``now``."""
    now = now.astimezone(UTC)
    candidate = datetime.combine(now.date(), at.replace(tzinfo=None), tzinfo=UTC)
    return candidate if candidate > now else candidate + timedelta(days=1)


def run_daily(
    at: time,
    job: Callable[[], object],
    stop: threading.Event,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> None:
    """Run ``job`` every day at ``at`` until ``stop`` is set; errors are logged."""
    while not stop.is_set():
        due = next_run(clock(), at)
        logger.info("next slack digest at %s", due.isoformat())
        if stop.wait(max(0.0, (due - clock()).total_seconds())):
            return
        try:
            job()
        except Exception:
            # One failed day must not end the schedule.
            logger.exception("the slack digest failed")


def start_daily(at: time, job: Callable[[], object]) -> threading.Event:
    """Run ``job`` daily in a daemon thread; set the returned event to stop it."""
    stop = threading.Event()
    thread = threading.Thread(
        target=run_daily, args=(at, job, stop), name="slack-digest", daemon=True
    )
    thread.start()
    return stop
