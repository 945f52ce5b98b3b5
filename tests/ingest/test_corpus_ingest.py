"""Every file of the third-party corpus goes through the whole pipeline and comes out with a status.

A payload with no items at all (an empty feed) is not an error: its receipt row says so.

One test per folder keeps the run short. Besides "no exception", a parser crash or a failed
write is a bug even though the pipeline turns it into a rejection, so those fail the test too.
"""

import importlib.util
from collections import Counter

import pytest

from gazzetta.ingest.formats import PARSERS
from gazzetta.ingest.models import Receipt
from gazzetta.ingest.pipeline import ingest_payload

pytestmark = pytest.mark.django_db

# Folder → the format most of its files are in (only used to skip while that parser is missing).
FOLDERS = {"newsml-g2": "newsml-g2", "ninjs": "ninjs", "feeds": "feed", "article-html": "html",
           "article-extraction-benchmark": "html"}
STATUSES = {"created", "updated", "unchanged", "duplicate", "withdrawn", "embargoed", "rejected"}
BUG_MARKERS = ("parser failed", "storing failed")


@pytest.fixture(autouse=True)
def archive_home(settings, tmp_path):
    settings.HOME = tmp_path


@pytest.mark.parametrize("folder", sorted(FOLDERS))
def test_every_file_of_the_folder_is_ingested_with_a_status(shared, folder):
    if importlib.util.find_spec(PARSERS[FOLDERS[folder]]) is None:
        pytest.skip(f"the {FOLDERS[folder]} parser does not exist yet")
    files = sorted(path for path in (shared / "corpus" / folder / "dev").rglob("*") if path.is_file())
    statuses, bugs = Counter(), []
    for path in files:
        results = ingest_payload(path.read_bytes(), origin=f"file:{path.name}")
        assert {result.status for result in results} <= STATUSES, path
        statuses.update([result.status for result in results] or ["(no items)"])
        bugs += [f"{path.name}: {result.error}" for result in results if any(m in result.error for m in BUG_MARKERS)]

    assert Receipt.objects.filter(processed_at__isnull=False).count() == len(files)  # one row per file
    assert not bugs, "\n".join(bugs[:20])
    assert statuses["created"] > 0, statuses
