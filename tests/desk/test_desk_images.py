"""Uploaded pictures: rejected with a reason, cleaned of metadata, cut into WebP and JPEG renditions."""

from io import BytesIO

import pytest
from django.core.management import call_command
from django.utils import translation
from PIL import Image as PillowImage

from gazzetta.newsroom import images
from gazzetta.newsroom.models import Image


@pytest.fixture(autouse=True)
def in_english():
    """The messages are compared in English, whatever the default edition."""
    with translation.override("en"):
        yield


def exif_with_position() -> bytes:
    exif = PillowImage.Exif()
    exif[0x010F] = "SpyCam Inc."  # Make
    exif[0x8825] = {1: "N", 2: (45.0, 38.0, 59.0)}  # GPS latitude
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to show
    return exif.tobytes()


def test_an_upload_is_encoded_afresh_without_exif_and_turned_upright(upload, picture):
    data = picture((300, 200), exif=exif_with_position())
    assert b"SpyCam" in data
    cleaned = images.clean_upload(upload(data, "holiday.JPEG"))
    stored = cleaned.read()
    assert b"SpyCam" not in stored and cleaned.name == "holiday.jpg"
    with PillowImage.open(BytesIO(stored)) as result:
        assert result.size == (200, 300)
        assert not result.getexif()


def test_the_stored_name_follows_the_content_not_the_upload(upload, picture):
    assert images.clean_upload(upload(picture(format="PNG"), "evil.html")).name == "evil.png"


@pytest.mark.parametrize("data, message", [
    (b"<html><script>alert(1)</script></html>", "not a picture"),
    (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>', "not a picture"),
    (b"", "not a picture"),
], ids=["html", "svg-with-script", "empty"])
def test_what_is_not_a_picture_is_refused(upload, data, message):
    with pytest.raises(images.ImageRejected, match=message):
        images.clean_upload(upload(data, "file.jpg"))


def test_a_damaged_picture_is_refused(upload, picture):
    data = picture((800, 600))
    with pytest.raises(images.ImageRejected, match="damaged"):
        images.clean_upload(upload(data[: len(data) // 2]))


def test_a_gif_is_refused_by_name(upload, picture):
    with pytest.raises(images.ImageRejected, match="GIF files are not accepted"):
        images.clean_upload(upload(picture((20, 20), format="GIF"), "anim.gif"))


def test_too_many_pixels_or_bytes_are_refused(upload, picture, monkeypatch):
    with pytest.raises(images.ImageRejected, match="8000×6000 pixels is too large"):
        images.clean_upload(upload(picture((8000, 6000), format="PNG")))
    monkeypatch.setattr(images, "MAX_UPLOAD_BYTES", 1000)
    with pytest.raises(images.ImageRejected, match="MB are accepted"):
        images.clean_upload(upload(picture((300, 300), quality=100)))


@pytest.mark.parametrize("original, widths", [(2400, [480, 960, 1600]), (1200, [480, 960, 1200]), (300, [300])])
def test_rendition_widths_never_exceed_the_original(original, widths):
    assert images.rendition_widths(original) == widths


def test_renditions_are_stored_beside_the_original_in_both_formats(newsroom, upload, picture):
    record = Image(article=newsroom.articles["de-politics"], caption="c", credit="k", alt="a")
    record.file.save("harbour.jpg", images.clean_upload(upload(picture((1000, 500)))))
    renditions = images.make_renditions(record)
    assert [(item["width"], item["height"]) for item in renditions] == [(480, 240), (960, 480), (1000, 500)]
    folder = record.file.name.rsplit("/", 1)[0]
    for item in renditions:
        for key, format in (("webp", "WEBP"), ("jpeg", "JPEG")):
            assert item[key].startswith(folder + "/")
            with record.file.storage.open(item[key]) as handle, PillowImage.open(handle) as stored:
                assert (stored.format, stored.width) == (format, item["width"])
    record.refresh_from_db()
    assert record.srcsets["webp"].endswith("-1000w.webp 1000w") and record.srcsets["jpeg"].count("w, ") == 2


def test_a_replaced_picture_leaves_no_files_behind(newsroom, picture, django_capture_on_commit_callbacks):
    record = Image(article=newsroom.articles["de-politics"], caption="c", credit="k", alt="a")
    storage = record.file.storage
    with django_capture_on_commit_callbacks(execute=True):
        record.save_file("first.jpg", picture((1000, 500)))
        images.make_renditions(record)
    first = {record.file.name} | images.rendition_names(record.renditions)
    assert len(first) == 7 and all(storage.exists(name) for name in first)

    with django_capture_on_commit_callbacks(execute=True):
        record.save_file("second.jpg", picture((500, 250)))
        images.make_renditions(record)
    second = {record.file.name} | images.rendition_names(record.renditions)
    assert all(storage.exists(name) for name in second)
    assert not any(storage.exists(name) for name in first - second)


def test_files_stay_until_the_replacement_is_committed(newsroom, picture, django_capture_on_commit_callbacks):
    record = Image(article=newsroom.articles["de-politics"], caption="c", credit="k", alt="a")
    with django_capture_on_commit_callbacks(execute=True):
        record.save_file("first.jpg", picture((600, 300)))
    earlier = record.file.name
    with django_capture_on_commit_callbacks(execute=False) as pending:
        record.save_file("second.jpg", picture((600, 300)))
    assert record.file.storage.exists(earlier) and len(pending) == 1


def test_without_renditions_the_figure_is_a_plain_img(client, newsroom):
    page = client.get(newsroom.articles["de-photo"].get_absolute_url()).content.decode()
    assert "<picture>" not in page and '<img src="/media/images/' in page
    assert 'Radweg an der Riva / <span class="credit">Foto: Luca Ferrari - GZ/ADP</span>' in page


def test_the_renditions_command_fills_in_pictures_without_them(client, newsroom):
    call_command("renditions")
    image = Image.objects.get(article=newsroom.articles["de-photo"])
    assert [item["width"] for item in image.renditions] == [320]
    page = client.get(newsroom.articles["de-photo"].get_absolute_url()).content.decode()
    assert '<source type="image/webp" srcset="/media/images/' in page and '-320w.webp 320w"' in page
    assert 'width="320" height="180"' in page
