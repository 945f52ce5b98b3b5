"""Near-duplicates: MinHash signatures, the measured threshold, and the banded lookup."""

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gazzetta.ingest import dedupe
from gazzetta.ingest.models import BandKey
from gazzetta.newsroom.models import Article

STORY = (
    "Rescue teams searched through the night for two climbers missing on the north face of the mountain after a "
    "sudden storm hit the area on Saturday afternoon. The alpine rescue service said a helicopter could not fly "
    "because of strong winds and low clouds, so a team of eight volunteers set out on foot from the last hut. "
    "The two men, both experienced mountaineers from the valley, had called a friend shortly before the storm "
    "to say they were close to the summit ridge. Their phones have not answered since. Weather forecasters "
    "expect the wind to ease on Sunday morning, when the helicopter will try again to reach the upper slopes. "
    "The mayor of the village asked tourists to stay away from the mountain roads to leave room for the rescuers."
)
OTHER_STORY = (
    "The regional government presented a budget on Tuesday that raises spending on schools and hospitals while "
    "cutting the money set aside for new roads. The finance minister said the plan would keep the deficit below "
    "the limit agreed with the national treasury. Opposition parties called the figures optimistic and warned "
    "that tax income could fall if the tourist season proves weaker than last year. Unions welcomed the extra "
    "teachers but said hospital staff would still work too many night shifts. Parliament will vote in December."
)
NOW = datetime(2024, 5, 2, 12, 0, tzinfo=UTC)


def test_short_texts_have_no_signature():
    assert dedupe.signature("Programme note: the evening summary is cancelled.") is None
    assert dedupe.signature(STORY) is not None


def test_similarity_tracks_how_much_text_two_items_share():
    original = dedupe.signature(STORY)
    one_sentence_changed = dedupe.signature(STORY.replace("Their phones have not answered since.",
                                                          "Nobody has heard from them since then."))
    assert dedupe.similarity(original, dedupe.signature(STORY)) == 1.0
    assert dedupe.similarity(original, one_sentence_changed) >= dedupe.NEAR_DUPLICATE_SIMILARITY
    assert dedupe.similarity(original, dedupe.signature(OTHER_STORY)) < 0.1


def test_signatures_are_the_same_in_every_process(tmp_path):
    """Signatures are stored, so another process (another PYTHONHASHSEED) must compute the same bytes."""
    code = ("import django, sys; django.setup(); from gazzetta.ingest import dedupe; "
            "sys.stdout.write(dedupe.signature(sys.argv[1]).tobytes().hex())")
    environment = {**os.environ, "PYTHONHASHSEED": "12345", "DJANGO_SETTINGS_MODULE": "gazzetta.settings",
                   "GAZZETTA_HOME": str(tmp_path)}
    other = subprocess.run([sys.executable, "-c", code, STORY], capture_output=True, text=True, check=True,
                           env=environment)
    assert other.stdout == dedupe.signature(STORY).tobytes().hex()


@pytest.fixture
def stored(db):
    """Return a function that stores an article with `text` and remembers its fingerprint."""
    def store(text, language="en", received_at=NOW):
        article = Article.objects.create(guid=f"urn:{Article.objects.count()}", headline="H", language=language)
        dedupe.remember(article, "h", dedupe.signature(text), received_at, replace=False)
        return article
    return store


def test_a_near_copy_is_found_in_two_indexed_queries(stored):
    original = stored(STORY)
    stored(OTHER_STORY)
    copy = dedupe.signature(STORY.replace("on Saturday afternoon", "on Saturday"))
    with CaptureQueriesContext(connection) as queries:
        match = dedupe.find_near_duplicate(copy, "en", NOW)
    assert match.article_id == original.pk and match.similarity > 0.8
    assert len(queries) == 2
    assert BandKey._meta.get_field("key").db_index


def test_a_text_sharing_no_band_costs_one_query(stored):
    stored(STORY)
    with CaptureQueriesContext(connection) as queries:
        assert dedupe.find_near_duplicate(dedupe.signature(OTHER_STORY), "en", NOW) is None
    assert len(queries) == 1


def test_other_languages_and_old_articles_are_not_candidates(stored):
    stored(STORY, language="de")
    stored(STORY, received_at=NOW - dedupe.RECENT - timedelta(days=1))
    assert dedupe.find_near_duplicate(dedupe.signature(STORY), "en", NOW) is None


def test_old_band_keys_can_be_dropped(stored):
    stored(STORY, received_at=NOW - timedelta(days=60))
    recent = stored(OTHER_STORY)
    assert dedupe.forget_older_than(NOW - dedupe.RECENT) == dedupe.BANDS
    assert set(BandKey.objects.values_list("fingerprint_id", flat=True)) == {recent.pk}
