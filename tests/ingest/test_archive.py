"""The raw archive: bytes kept before parsing, receipts, re-ingest after a parser fix."""

import hashlib
import json

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError

from gazzetta.ingest import archive, formats
from gazzetta.ingest.models import Receipt
from gazzetta.ingest.pipeline import ingest_payload, reingest
from gazzetta.newsroom.models import Article

pytestmark = pytest.mark.django_db

ITEM = json.dumps({"uri": "urn:test:1", "type": "text", "language": "en", "headline": "Harbour record",
                   "body_html": "<p>The harbour reported record traffic.</p>"}).encode()


@pytest.fixture(autouse=True)
def archive_home(settings, tmp_path):
    settings.HOME = tmp_path
    return tmp_path / "archive"


def test_the_payload_is_archived_by_day_and_hash_with_a_receipt(archive_home):
    [result] = ingest_payload(ITEM, origin="inbox:harbour.json")

    receipt = Receipt.objects.get()
    digest = hashlib.sha256(ITEM).hexdigest()
    assert receipt.path == f"{receipt.received_at:%Y/%m/%d}/{digest}.bin"
    assert (archive_home / receipt.path).read_bytes() == ITEM
    assert (receipt.origin, receipt.sha256, receipt.size, receipt.format) == ("inbox:harbour.json", digest, len(ITEM), "ninjs")
    assert receipt.results == [{**result.as_json(), "ref": "urn:test:1"}]
    assert receipt.processed_at is not None


def test_bytes_are_archived_before_parsing_even_when_unreadable(archive_home):
    [result] = ingest_payload(b"<<<not anything", origin="push")
    assert result.status == "rejected"
    receipt = Receipt.objects.get()
    assert (archive_home / receipt.path).read_bytes() == b"<<<not anything"
    assert receipt.results[0]["status"] == "rejected"


def test_the_same_bytes_twice_are_stored_once_with_two_receipts(archive_home):
    ingest_payload(ITEM, origin="push")
    ingest_payload(ITEM, origin="push")
    assert Receipt.objects.count() == 2
    assert len([path for path in archive_home.rglob("*") if path.is_file()]) == 1


def test_a_crash_while_storing_leaves_the_bytes_archived(monkeypatch, archive_home):
    monkeypatch.setattr(Article, "save", _explode)
    [result] = ingest_payload(ITEM, origin="push")
    assert result.status == "rejected" and not Article.objects.exists()
    assert (archive_home / Receipt.objects.get().path).read_bytes() == ITEM


def _explode(*args, **kwargs):
    raise RuntimeError("database gone")


def test_reingest_reads_the_archive_again_after_a_parser_fix(monkeypatch):
    real_parse = formats.parse
    monkeypatch.setattr(formats, "parse", _explode)
    [before] = ingest_payload(ITEM, origin="push")
    assert before.status == "rejected"

    monkeypatch.setattr(formats, "parse", real_parse)  # the fix
    receipt = Receipt.objects.get()
    [after] = reingest(receipt)

    assert after.status == "created" and Article.objects.get().headline == "Harbour record"
    receipt.refresh_from_db()
    assert receipt.results[0]["status"] == "created"


def test_reingest_refuses_bytes_that_no_longer_match(archive_home):
    ingest_payload(ITEM, origin="push")
    receipt = Receipt.objects.get()
    (archive_home / receipt.path).write_bytes(b"tampered")
    with pytest.raises(archive.ArchiveError, match="does not match its sha256"):
        reingest(receipt)


def test_the_reingest_command_takes_ids_or_all(capsys):
    ingest_payload(ITEM, origin="push")
    receipt = Receipt.objects.get()
    call_command("reingest", str(receipt.pk))
    assert f"receipt {receipt.pk} (push): unchanged 1" in capsys.readouterr().out
    call_command("reingest", "--all")
    with pytest.raises(CommandError, match="no receipt 999"):
        call_command("reingest", "999")
    with pytest.raises(CommandError, match="not both"):
        call_command("reingest")


def test_the_admin_lists_receipts_read_only_and_reingests(client):
    ingest_payload(ITEM, origin="push")
    Article.objects.all().delete()
    admin = User.objects.create_superuser("editor", "editor@example.org", "secret-pass-1")
    client.force_login(admin)
    receipt = Receipt.objects.get()

    listing = client.get("/admin/ingest/receipt/")
    assert listing.status_code == 200 and "push" in listing.content.decode()
    assert client.get("/admin/ingest/receipt/add/").status_code == 403
    response = client.post("/admin/ingest/receipt/", {"action": "reingest_selected", "_selected_action": [receipt.pk]})
    assert response.status_code == 302 and Article.objects.get().headline == "Harbour record"
