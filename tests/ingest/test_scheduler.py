"""scheduler.py, tasks.py and the `fetch` and `worker` commands."""

from __future__ import annotations

import dataclasses
import os
import signal
import threading
import time
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from localwire import LocalWire, Reply
from test_sources import make_source, ninjs

from gazzetta.ingest import dedupe, scheduler
from gazzetta.ingest.models import BandKey
from gazzetta.ingest.pipeline import ingest_payload
from gazzetta.newsroom.models import Article


@pytest.fixture
def home(settings, tmp_path):
    """GAZZETTA_HOME in a temporary folder, so the inbox is the test's own."""
    settings.GAZZETTA = dataclasses.replace(settings.GAZZETTA, home=tmp_path)
    return tmp_path


def drop_settled(folder, name: str, data: bytes) -> None:
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    os.utime(path, (time.time() - 60, time.time() - 60))


@pytest.mark.django_db
def test_run_once_polls_due_sources_and_the_inbox(home, wire: LocalWire):
    due = make_source("due", url=wire.route("/due", Reply(body=ninjs("urn:t:1", "Ferry strike ends"))))
    make_source("later", url=wire.route("/later", Reply(body=ninjs("urn:t:2", "Not yet"))),
                last_fetched_at=timezone.now())
    drop_settled(home / "inbox", "drop.json", ninjs("urn:t:3", "Museum reopens"))
    tick = scheduler.run_once()
    assert [(poll.source, poll.status) for poll in tick.polls] == [(due.key, "ok")]
    assert [outcome.moved_to for outcome in tick.files] == [home / "inbox" / "processed" / "drop.json"]
    assert set(Article.objects.values_list("headline", flat=True)) == {"Ferry strike ends", "Museum reopens"}
    assert wire.hits("/later") == 0


@pytest.mark.django_db
def test_run_once_at_a_later_time_finds_the_source_due_again(home, wire: LocalWire):
    make_source("wire", url=wire.route("/feed", Reply(body=ninjs("urn:t:1", "Ferry strike ends"))))
    scheduler.run_once()
    assert scheduler.run_once().polls == ()
    assert [poll.status for poll in scheduler.run_once(timezone.now() + timedelta(minutes=6)).polls] == ["ok"]


def ingest_long_story(guid: str, received_at) -> None:
    """Store an article long enough for band keys, as received at `received_at`."""
    words = " ".join(f"{guid.rsplit(':', 1)[-1]}word{number}" for number in range(80))
    payload = f'{{"uri": "{guid}", "type": "text", "language": "en", "headline": "{guid}", "body_text": "{words}"}}'
    [result] = ingest_payload(payload.encode(), origin="test", now=received_at)
    assert result.status == "created"


@pytest.mark.django_db
def test_old_band_keys_are_forgotten_once_a_day(home, monkeypatch):
    monkeypatch.setattr(scheduler, "DAILY_CHORES", (scheduler.Daily("forget", scheduler.forget_old_band_keys),))
    now = timezone.now()
    ingest_long_story("urn:t:old", now - dedupe.RECENT - timedelta(days=1))
    ingest_long_story("urn:t:recent", now - timedelta(days=1))
    assert BandKey.objects.count() == 2 * dedupe.BANDS

    assert scheduler.run_once(now).chores == ("forget",)
    assert BandKey.objects.count() == dedupe.BANDS  # the recent article keeps its keys

    ingest_long_story("urn:t:older", now - dedupe.RECENT - timedelta(days=2))
    assert scheduler.run_once(now + timedelta(hours=23)).chores == ()
    assert BandKey.objects.count() == 2 * dedupe.BANDS
    assert scheduler.run_once(now + timedelta(days=1)).chores == ("forget",)
    assert BandKey.objects.count() == dedupe.BANDS


def test_a_failing_pass_does_not_stop_the_loop(monkeypatch):
    stop, passes = threading.Event(), []

    def failing_pass():
        passes.append(1)
        if len(passes) == 3:
            stop.set()
        raise RuntimeError("database away")

    monkeypatch.setattr(scheduler, "run_once", failing_pass)
    scheduler.run_forever(stop, interval=0)
    assert len(passes) == 3


@pytest.mark.django_db(transaction=True)
def test_the_background_thread_works_and_stops(home):
    drop_settled(home / "inbox", "drop.json", ninjs("urn:t:bg", "Night train returns"))
    thread = scheduler.start_in_background(interval=0.05, first_delay=0)
    try:
        deadline = time.monotonic() + 30
        while not Article.objects.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        thread.stop(timeout=30)
    assert not thread.is_alive() and Article.objects.get().headline == "Night train returns"
    assert (home / "inbox" / "processed" / "drop.json").is_file()


@pytest.mark.django_db
def test_a_background_thread_stopped_before_its_first_pass_does_nothing(home):
    drop_settled(home / "inbox", "drop.json", b"{}")
    thread = scheduler.start_in_background(first_delay=60)
    thread.stop(timeout=5)
    assert not thread.is_alive() and (home / "inbox" / "drop.json").exists()


@pytest.mark.django_db
def test_worker_runs_until_sigterm_and_restores_signal_handlers(home):
    before = signal.getsignal(signal.SIGTERM)
    timer = threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGTERM))
    timer.start()
    out = StringIO()
    call_command("worker", "--interval", "0.05", stdout=out)
    timer.join()
    assert out.getvalue().splitlines()[-1] == "worker: stopped"
    assert signal.getsignal(signal.SIGTERM) is before


# --- gazzetta fetch ---------------------------------------------------------------------------------

@pytest.mark.django_db
def test_fetch_command_polls_due_sources_and_reports(wire: LocalWire):
    make_source("good", url=wire.route("/feed", Reply(body=ninjs("urn:t:1", "Ferry strike ends"))))
    out = StringIO()
    call_command("fetch", stdout=out)
    assert out.getvalue() == "good: ok (1 created)\n"
    call_command("fetch", stdout=out)
    assert out.getvalue().endswith("fetch: no source is due\n")


@pytest.mark.django_db
def test_fetch_command_exits_1_when_a_source_fails(wire: LocalWire):
    make_source("good", url=wire.route("/feed", Reply(body=ninjs("urn:t:1", "Ferry strike ends"))))
    make_source("bad", url=wire.route("/broken", Reply(404)))
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match="1 of 2 sources failed") as raised:
        call_command("fetch", "good", "bad", stdout=out, stderr=err)
    assert raised.value.returncode == 1
    assert out.getvalue() == "good: ok (1 created)\n" and "bad: failed" in err.getvalue()


@pytest.mark.django_db
def test_fetch_all_polls_sources_that_are_not_due(wire: LocalWire):
    make_source("recent", url=wire.route("/feed", Reply(304)), last_fetched_at=timezone.now())
    out = StringIO()
    call_command("fetch", "--all", stdout=out)
    assert out.getvalue() == "recent: not-modified\n"


@pytest.mark.django_db
def test_fetch_names_unknown_keys():
    with pytest.raises(CommandError, match="no source with key nosuch"):
        call_command("fetch", "nosuch")
