"""Uploads are never executed or served with a dangerous type."""

from io import BytesIO

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PillowImage

from gazzetta.newsroom.models import Image

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"


@pytest.mark.parametrize("name", ["page.html", "drawing.svg", "script.js", "page.htm", "x.jpg.html"])
def test_media_other_than_pictures_is_never_served(client, db, name):
    (settings.MEDIA_ROOT / name).write_bytes(HTML)
    assert client.get(f"/media/{name}").status_code == 404


def test_pictures_are_served_with_their_type_and_no_sniffing(client, db):
    buffer = BytesIO()
    PillowImage.new("RGB", (4, 4)).save(buffer, "JPEG")
    (settings.MEDIA_ROOT / "tiny.jpg").write_bytes(buffer.getvalue())
    response = client.get("/media/tiny.jpg")
    assert response["Content-Type"] == "image/jpeg" and response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("name, data, content_type", [
    ("drawing.svg", SVG, "image/svg+xml"),
    ("photo.jpg", HTML, "image/jpeg"),
    ("page.html", HTML, "text/html"),
], ids=["svg-with-script", "html-called-jpg", "html"])
def test_an_upload_that_is_not_a_picture_is_refused_with_a_message(client, newsroom, name, data, content_type):
    editor = User.objects.create_user("elena", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editor"))
    client.force_login(editor)
    article = newsroom.articles["de-politics"]
    before = {path.name for path in settings.MEDIA_ROOT.rglob("*")}
    response = client.post(f"/admin/newsroom/article/{article.pk}/change/", {
        "headline": article.headline, "lead": article.lead, "body_html": article.body_html, "language": "de",
        "status": "published", "published_at_0": "2024-05-02", "published_at_1": "10:00:00", "siglum": "GZ",
        "images-TOTAL_FORMS": "1", "images-INITIAL_FORMS": "0", "images-MIN_NUM_FORMS": "0",
        "images-MAX_NUM_FORMS": "12", "images-0-file": SimpleUploadedFile(name, data, content_type=content_type),
        "images-0-caption": "c", "images-0-credit": "k", "images-0-alt": "a", "images-0-position": "0",
    }, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    errors = response.context["inline_admin_formsets"][0].formset.forms[0].errors["file"]
    assert errors == ["images: this file is not a picture; upload a JPEG, PNG or WebP picture."]
    assert not Image.objects.filter(article=article).exists()
    assert {path.name for path in settings.MEDIA_ROOT.rglob("*")} == before
