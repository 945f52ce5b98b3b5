"""Migration 0006 gives pictures stored without their dimensions their width and height."""

import importlib
from io import BytesIO

from django.apps import apps
from django.core.files.base import ContentFile
from PIL import Image as PillowImage

from gazzetta.newsroom.models import Image

measure = importlib.import_module("gazzetta.newsroom.migrations.0006_image_dimensions").measure


def _unmeasured(article, name: str, data: bytes) -> Image:
    """A picture row as installs stored it before: the file saved, width and height empty."""
    image = Image.objects.create(article=article)
    stored = image.file.storage.save(f"images/test/{name}", ContentFile(data))
    Image.objects.filter(pk=image.pk).update(file=stored, width=None, height=None)
    return image


def _jpeg(size: tuple[int, int]) -> bytes:
    buffer = BytesIO()
    PillowImage.new("RGB", size, (10, 120, 90)).save(buffer, "JPEG")
    return buffer.getvalue()


def test_stored_pictures_get_their_dimensions_and_unreadable_ones_stay_as_they_were(newsroom):
    article = newsroom.articles["de-politics"]
    picture = _unmeasured(article, "harbour.jpg", _jpeg((640, 360)))
    not_a_picture = _unmeasured(article, "notes.jpg", b"plain text, not a picture")
    missing = _unmeasured(article, "gone.jpg", _jpeg((20, 10)))
    missing.file.storage.delete(Image.objects.values_list("file", flat=True).get(pk=missing.pk))
    measured_before = dict(Image.objects.exclude(pk__in=[picture.pk, not_a_picture.pk, missing.pk])
                           .values_list("pk", "width"))

    measure(apps, None)

    rows = dict(Image.objects.values_list("pk", "width"))
    assert Image.objects.values_list("width", "height").get(pk=picture.pk) == (640, 360)
    assert rows[not_a_picture.pk] is None and rows[missing.pk] is None
    assert {pk: rows[pk] for pk in measured_before} == measured_before
