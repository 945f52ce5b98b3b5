"""Pictures editors upload: checked, re-encoded without metadata, and cut into renditions.

An upload is read by Pillow before anything is stored: a file Pillow cannot read, a format we do
not publish, too many bytes or too many pixels is refused with a message that says which. The
accepted picture is encoded afresh, which drops EXIF (camera serial numbers, GPS positions) and
every other embedded block; only the colour profile is kept. Renditions in WebP and JPEG at a few
widths are stored beside the original and offered to browsers through srcset.
"""

from __future__ import annotations

import io
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image as PillowImage
from PIL import ImageOps

RENDITION_WIDTHS = (480, 960, 1600)
MAX_UPLOAD_BYTES = 15 * 1024 * 1024
MAX_PIXELS = 40_000_000
# Pillow format → file extension of the pictures we accept and publish.
ACCEPTED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
# rendition key → Pillow format, extension and encoder options.
RENDITION_FORMATS = {
    "webp": ("WEBP", "webp", {"quality": 80, "method": 4}),
    "jpeg": ("JPEG", "jpg", {"quality": 82, "optimize": True, "progressive": True}),
}
ORIGINAL_OPTIONS = {"JPEG": {"quality": 92, "optimize": True}, "PNG": {"optimize": True}, "WEBP": {"quality": 90}}


class ImageRejected(ValueError):
    """An upload that is not published; the message tells the editor why."""


def clean_upload(upload) -> ContentFile:
    """Return the upload encoded afresh without metadata, named by its real format; raise ImageRejected."""
    data = read_limited(upload)
    with open_checked(data) as picture:
        upright = ImageOps.exif_transpose(picture)
        return ContentFile(encode(upright, picture.format), name=clean_name(upload.name, picture.format))


def read_limited(upload) -> bytes:
    if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
        raise ImageRejected(too_large_message(upload.size))
    upload.seek(0)
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImageRejected(too_large_message(len(data)))
    return data


def too_large_message(size: int) -> str:
    return _("images: the file has %(size)s MB; at most %(limit)s MB are accepted.") % {
        "size": round(size / 1024 / 1024, 1), "limit": MAX_UPLOAD_BYTES // 1024 // 1024}


def open_checked(data: bytes) -> PillowImage.Image:
    """Open `data` as a picture of an accepted format and size, fully decoded (so damage shows now)."""
    picture = identify(data)
    if picture.format not in ACCEPTED_FORMATS:
        raise ImageRejected(_("images: %(format)s files are not accepted; upload a JPEG, PNG or WebP picture.")
                            % {"format": picture.format})
    width, height = picture.size
    if width * height > MAX_PIXELS:
        raise ImageRejected(_("images: %(width)s×%(height)s pixels is too large; at most %(limit)s megapixels "
                              "are accepted.") % {"width": width, "height": height, "limit": MAX_PIXELS // 1_000_000})
    decode(picture)
    return picture


def identify(data: bytes) -> PillowImage.Image:
    try:
        return PillowImage.open(io.BytesIO(data))
    except (PillowImage.DecompressionBombError, OSError, SyntaxError, ValueError):
        raise ImageRejected(_("images: this file is not a picture; upload a JPEG, PNG or WebP picture.")) from None


def decode(picture: PillowImage.Image) -> None:
    try:
        picture.load()
    except (OSError, SyntaxError, ValueError) as error:
        raise ImageRejected(_("images: the picture is damaged and cannot be read (%(error)s).")
                            % {"error": error}) from None


def encode(picture: PillowImage.Image, format: str, **options) -> bytes:
    """Encode `picture` in `format` with only its colour profile; nothing else of the source survives."""
    options = {**ORIGINAL_OPTIONS.get(format, {}), **options}
    if profile := picture.info.get("icc_profile"):
        options["icc_profile"] = profile
    buffer = io.BytesIO()
    encodable(picture, format).save(buffer, format, **options)
    return buffer.getvalue()


def encodable(picture: PillowImage.Image, format: str) -> PillowImage.Image:
    """Convert to a mode the format can store: JPEG has no transparency (flattened on white)."""
    if format != "JPEG":
        return picture if picture.mode in ("RGB", "RGBA", "L", "LA", "P") else picture.convert("RGBA")
    if picture.mode in ("RGBA", "LA", "P"):
        rgba = picture.convert("RGBA")
        flat = PillowImage.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    return picture if picture.mode in ("RGB", "L") else picture.convert("RGB")


def clean_name(name: str, format: str) -> str:
    """The upload's name with the extension of what it really is (an 'x.html' JPEG becomes 'x.jpg')."""
    stem = PurePosixPath(name or "picture").stem[:80] or "picture"
    return f"{stem}.{ACCEPTED_FORMATS[format]}"


# --- renditions ----------------------------------------------------------------------------

def rendition_widths(original_width: int) -> list[int]:
    """The widths to offer: the standard ones below the original, never wider than it."""
    return sorted({min(width, original_width) for width in RENDITION_WIDTHS})


def make_renditions(image) -> list[dict]:
    """Store WebP and JPEG copies of `image.file` at each rendition width; record and return them.

    The copies of an earlier file of the record are deleted once the new list is committed.
    """
    storage, earlier = image.file.storage, rendition_names(image.renditions)
    with storage.open(image.file.name, "rb") as handle, PillowImage.open(handle) as picture:
        picture.load()
        renditions = [store_rendition(storage, image.file.name, picture, width)
                      for width in rendition_widths(picture.width)]
    image.renditions = renditions
    image.save(update_fields=["renditions"])
    delete_after_commit(storage, earlier - rendition_names(renditions))
    return renditions


def rendition_names(renditions: list[dict] | None) -> set[str]:
    return {item[key] for item in renditions or () for key in RENDITION_FORMATS if item.get(key)}


def delete_after_commit(storage, names: set[str]) -> None:
    """Delete files no row names any more, once that is committed (a rollback must find them still there)."""
    if names:
        transaction.on_commit(lambda: [storage.delete(name) for name in sorted(names)])


def store_rendition(storage, original: str, picture: PillowImage.Image, width: int) -> dict:
    height = max(1, round(picture.height * width / picture.width))
    resized = picture if width == picture.width else picture.resize((width, height), PillowImage.Resampling.LANCZOS)
    stem = PurePosixPath(original).with_suffix("")
    rendition = {"width": width, "height": height}
    for key, (format, extension, options) in RENDITION_FORMATS.items():
        data = encode(resized, format, **options)
        rendition[key] = storage.save(f"{stem}-{width}w.{extension}", ContentFile(data))
    return rendition


def srcsets(image) -> dict[str, str]:
    """Return {"webp": srcset, "jpeg": srcset} for the image's renditions; {} when it has none."""
    if not image.renditions or not image.file:
        return {}
    storage = image.file.storage
    return {key: ", ".join(f"{storage.url(item[key])} {item['width']}w" for item in image.renditions)
            for key in RENDITION_FORMATS}
