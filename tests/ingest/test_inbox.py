"""inbox.py: dropped files are ingested and filed into processed/ or failed/ with a reason."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from test_sources import ninjs

from gazzetta.ingest import inbox
from gazzetta.ingest.inbox import SETTLE_SECONDS, ingest_file, ready_files
from gazzetta.ingest.models import Receipt
from gazzetta.newsroom.models import Article

def process_inbox(folder: Path, ingest=None) -> list[inbox.InboxOutcome]:
    """What a scheduler pass does with the inbox, at a time when every file written so far has settled."""
    settled = time.time() + SETTLE_SECONDS
    return [ingest_file(path, ingest=ingest) for path in ready_files(folder, settled)]


def drop(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


@pytest.mark.django_db
def test_a_good_file_is_ingested_and_moved_to_processed(tmp_path):
    drop(tmp_path, "bridge.json", ninjs("urn:test:inbox:1", "Harbour bridge to be rebuilt"))
    [outcome] = process_inbox(tmp_path)
    assert not outcome.failed and [result.status for result in outcome.results] == ["created"]
    assert outcome.moved_to == tmp_path / "processed" / "bridge.json" and outcome.moved_to.is_file()
    assert not (tmp_path / "bridge.json").exists()
    assert Article.objects.get().headline == "Harbour bridge to be rebuilt"
    assert Receipt.objects.get().origin == "inbox:bridge.json"


@pytest.mark.django_db
def test_a_malformed_file_goes_to_failed_with_its_reason(tmp_path):
    drop(tmp_path, "broken.json", b'{"headline": "no end')
    [outcome] = process_inbox(tmp_path)
    reason = (tmp_path / "failed" / "broken.json.reason.txt").read_text()
    assert outcome.failed and outcome.moved_to == tmp_path / "failed" / "broken.json"
    assert "ingest: ninjs: not JSON" in reason and reason == outcome.reason + "\n"
    assert Article.objects.count() == 0


def test_a_crash_while_ingesting_is_filed_as_a_failure(tmp_path):
    def exploding(data, **options):
        raise RuntimeError("disk on fire")

    drop(tmp_path, "x.xml", b"<x/>")
    [outcome] = process_inbox(tmp_path, ingest=exploding)
    assert outcome.reason == "ingest: inbox: x.xml: RuntimeError: disk on fire"
    assert (tmp_path / "failed" / "x.xml.reason.txt").is_file()


def test_files_over_the_size_limit_are_refused_unread(tmp_path, monkeypatch):
    monkeypatch.setattr(inbox, "MAX_FILE_BYTES", 10)
    drop(tmp_path, "huge.xml", b"<x>" + b"y" * 100 + b"</x>")
    calls = []
    [outcome] = process_inbox(tmp_path, ingest=lambda data, **o: calls.append(data))
    assert calls == [] and "more than the inbox limit of 10" in outcome.reason


def test_partial_hidden_and_fresh_files_are_skipped(tmp_path):
    fresh = drop(tmp_path, "fresh.xml", b"<x/>")
    for name in (".hidden.xml", "upload.xml.part", "copy.tmp", "edit.xml~"):
        os.utime(drop(tmp_path, name, b"<x/>"), (time.time() - 600, time.time() - 600))
    (tmp_path / "processed").mkdir()
    modified = fresh.stat().st_mtime
    assert ready_files(tmp_path, now=modified + SETTLE_SECONDS / 2) == []
    assert ready_files(tmp_path, now=modified + SETTLE_SECONDS) == [fresh]


def test_a_name_filed_before_gets_a_number(tmp_path):
    accept = lambda data, **options: []  # noqa: E731
    for _round in range(3):
        drop(tmp_path, "wire.xml", b"<x/>")
        process_inbox(tmp_path, ingest=accept)
    assert sorted(path.name for path in (tmp_path / "processed").iterdir()) == ["wire-2.xml", "wire-3.xml", "wire.xml"]


def test_a_file_another_worker_claimed_is_left_to_it(tmp_path):
    calls = []
    assert ingest_file(tmp_path / "gone.xml", ingest=lambda data, **o: calls.append(data)) is None
    assert calls == []


def test_files_are_taken_in_name_order_and_subfolders_ignored(tmp_path):
    for name in ("b.xml", "a.xml", "c.xml"):
        drop(tmp_path, name, b"<x/>")
    (tmp_path / "nested").mkdir()
    seen = []
    process_inbox(tmp_path, ingest=lambda data, origin, **o: seen.append(origin) or [])
    assert seen == ["inbox:a.xml", "inbox:b.xml", "inbox:c.xml"]


@pytest.mark.django_db
def test_a_file_left_in_processing_by_a_dead_process_is_taken_back_and_ingested(tmp_path):
    drop(tmp_path, "wire.json", ninjs("urn:inbox:stalled", "Ferry resumes its winter timetable"))
    claimed = inbox._claim(tmp_path / "wire.json")  # the process that claimed it then died
    assert claimed.parent.name == "processing"
    assert inbox.take_back_stalled(tmp_path, time.time() + inbox.STALLED_SECONDS / 2) == []

    [taken_back] = inbox.take_back_stalled(tmp_path, time.time() + inbox.STALLED_SECONDS + 1)
    assert taken_back == tmp_path / "wire.json" and not claimed.exists()
    [outcome] = process_inbox(tmp_path)
    assert not outcome.failed and outcome.moved_to.parent.name == "processed"
    assert Article.objects.get(guid="urn:inbox:stalled").headline == "Ferry resumes its winter timetable"


def test_a_claim_is_stamped_so_an_old_file_is_not_taken_back_at_once(tmp_path):
    path = drop(tmp_path, "old.xml", b"<x/>")
    long_ago = time.time() - 10 * inbox.STALLED_SECONDS
    os.utime(path, (long_ago, long_ago))
    inbox._claim(path)
    assert inbox.take_back_stalled(tmp_path) == []
