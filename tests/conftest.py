"""Shared fixtures: the third-party corpus beside the checkout (skipped when absent), a local HTTP server."""

import os
from pathlib import Path

import localwire
import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("GAZZETTA_SHARED", REPO.parent / "shared"))


@pytest.fixture
def wire(settings):
    """A LocalWire on 127.0.0.1 (tests/localwire.py); loopback is explicitly allowed for fetching."""
    settings.GAZZETTA_FETCH_ALLOWED_NETWORKS = ["127.0.0.0/8"]
    with localwire.running() as local:
        yield local


@pytest.fixture(scope="session")
def shared() -> Path:
    """Return ../shared (or $GAZZETTA_SHARED); skip the test when it is not there."""
    if not (SHARED / "corpus").is_dir():
        pytest.skip(f"third-party corpus not found at {SHARED} (set GAZZETTA_SHARED)")
    return SHARED


def pytest_collection_modifyitems(config, items):
    """Run engine-specific tests only in the run whose database is that engine.

    `make test` runs the whole suite once on SQLite and once on PostgreSQL; a test marked
    `@pytest.mark.engine("postgresql")` belongs to the second run and is deselected in the first.
    """
    from django.db import connection

    kept, deselected = [], []
    for item in items:
        marker = item.get_closest_marker("engine")
        (deselected if marker and marker.args[0] != connection.vendor else kept).append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = kept


def _image_file(name: str, size=(320, 180)):
    """Return a small generated JPEG as an uploadable file."""
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image as PillowImage

    buffer = BytesIO()
    PillowImage.new("RGB", size, (40, 90, 140)).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture
def newsroom(db):
    """A small portal in de, it and en: two sections, a story of three, an update, a withdrawal."""
    from datetime import timedelta
    from types import SimpleNamespace

    from django.utils import timezone

    from gazzetta.newsroom.models import Article, Image, Section, Source, Story

    now = timezone.now()
    politics = Section.objects.create(key="politics", position=1,
                                      names={"de": "Politik", "it": "Politica", "en": "Politics"})
    economy = Section.objects.create(key="economy", position=2,
                                     names={"de": "Wirtschaft", "it": "Economia", "en": "Economy"})
    desk = Source.objects.create(key="desk", name="Gazzetta Desk", siglum="GZ", kind=Source.Kind.HOUSE)
    wire = Source.objects.create(key="adp", name="Adria Press Agency", siglum="ADP")
    story = Story.objects.create(title="Hafenstreik in Triest", language="de")
    made = SimpleNamespace(sections=[politics, economy], story=story, articles={})

    def article(key, language, section, hours, **fields):
        fields.setdefault("headline", f"{key} headline {language}")
        fields.setdefault("lead", f"Lead of {key} in {language}.")
        fields.setdefault("body_html", f"<p>First paragraph of {key}.</p><p>Second paragraph of {key}.</p>")
        made.articles[key] = Article.objects.create(
            guid=f"urn:test:{key}", language=language, section=section, source=fields.pop("source", wire),
            published_at=now - timedelta(hours=hours), authors=["Elena Maria Rossi"], siglum="GZ", agency="ADP",
            **fields,
        )
        return made.articles[key]

    for index, language in enumerate(("de", "it", "en")):
        for number in range(3):
            article(f"{language}-strike-{number}", language, economy, hours=number + index, story=story)
        article(f"{language}-politics", language, politics, hours=5, source=desk)
    lead = article("de-photo", "de", politics, hours=1, headline="Triest beschließt Ausbau des Radwegenetzes",
                   updated_at=now - timedelta(minutes=30))
    Image.objects.create(article=lead, file=_image_file("radwege.jpg"), caption="Radweg an der Riva",
                         credit="Luca Ferrari - GZ/ADP", alt="Ein Radweg am Meer")
    article("de-withdrawn", "de", politics, hours=2, status=Article.Status.WITHDRAWN,
            withdrawn_reason="Die Meldung beruhte auf einer falschen Quelle.")
    article("de-embargoed", "de", politics, hours=0, embargo_until=now + timedelta(hours=3))
    return made
