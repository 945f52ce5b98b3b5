"""The loop that keeps Gazzetta fed: poll the due sources and the inbox every few seconds.

Embedded (the default), `gazzetta serve` runs it in a background thread of the server
process; `gazzetta worker` runs it in the foreground, for a machine of its own or when
serving and ingesting should not share a process. Both may run at once: sources and inbox
files are claimed before they are worked on, so nothing is fetched or ingested twice.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import close_old_connections, connections
from django.utils import timezone

from gazzetta.ingest import dedupe, inbox, sources, tasks

log = logging.getLogger(__name__)

TICK_SECONDS = 30.0
FIRST_DELAY_SECONDS = 10.0


@dataclass(frozen=True)
class Tick:
    """What one pass did: the sources polled, the inbox files filed away, the daily chores run."""

    polls: tuple[sources.PollResult, ...]
    files: tuple[inbox.InboxOutcome, ...]
    chores: tuple[str, ...] = ()


@dataclass
class Daily:
    """A chore that runs at most once per `every`; `last_run` is this process's timestamp of it.

    A restarted process runs it again at its first pass, which is harmless: chores are idempotent.
    """

    name: str
    chore: Callable[[datetime], object]
    every: timedelta = timedelta(days=1)
    last_run: datetime | None = None

    def run_if_due(self, now: datetime) -> bool:
        if self.last_run is not None and now - self.last_run < self.every:
            return False
        self.chore(now)
        self.last_run = now
        return True


def forget_old_band_keys(now: datetime) -> int:
    """Drop the near-duplicate keys that lookups no longer use, so the table stays the size of RECENT."""
    return dedupe.forget_older_than(now - dedupe.RECENT)


DAILY_CHORES = (Daily("forget old band keys", forget_old_band_keys),)


def run_once(now: datetime | None = None) -> Tick:
    """Poll every source due at `now` (default: now), ingest every settled inbox file, run due chores."""
    polls = tuple(tasks.poll_source(source.pk) for source in sources.due_sources(now))
    inbox.take_back_stalled(inbox.inbox_folder())
    outcomes = (tasks.ingest_inbox_file(str(path)) for path in inbox.ready_files(inbox.inbox_folder()))
    files = tuple(outcome for outcome in outcomes if outcome is not None)
    return Tick(polls, files, run_due_chores(now or timezone.now()))


def run_due_chores(now: datetime) -> tuple[str, ...]:
    """Run the daily chores that are due; return their names (also for a Celery beat task)."""
    return tuple(chore.name for chore in DAILY_CHORES if chore.run_if_due(now))


def run_forever(stop_event: threading.Event, interval: float = TICK_SECONDS) -> None:
    """Run a pass every `interval` seconds until `stop_event` is set; a failing pass is logged, not fatal."""
    while not stop_event.is_set():
        _run_logged()
        stop_event.wait(interval)


def _run_logged() -> None:
    try:
        run_once()
    except Exception:
        log.exception("ingest: scheduler: a pass failed; trying again at the next tick")
    finally:
        close_old_connections()


class BackgroundScheduler(threading.Thread):
    """The loop in a daemon thread of a server process; `stop()` ends it after the current pass.

    The first pass waits `first_delay` seconds: the server forks its workers meanwhile, and a
    fork while this thread holds a lock (an import, a connection) could leave a worker stuck.
    """

    def __init__(self, interval: float = TICK_SECONDS, first_delay: float = FIRST_DELAY_SECONDS):
        super().__init__(name="gazzetta-scheduler", daemon=True)
        self.interval = interval
        self.first_delay = first_delay
        self.stop_event = threading.Event()

    def run(self) -> None:
        try:
            if not self.stop_event.wait(self.first_delay):
                run_forever(self.stop_event, self.interval)
        finally:
            connections.close_all()

    def stop(self, timeout: float | None = None) -> None:
        self.stop_event.set()
        self.join(timeout)


def start_in_background(interval: float = TICK_SECONDS,
                        first_delay: float = FIRST_DELAY_SECONDS) -> BackgroundScheduler:
    """Start the loop beside a server (the embedded default of `gazzetta serve`)."""
    thread = BackgroundScheduler(interval, first_delay)
    thread.start()
    return thread
