"""Staff accounts in each role the desk migration creates, and pictures to upload."""

from io import BytesIO

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PillowImage

PASSWORD = "correct horse battery staple"


@pytest.fixture
def staff(db):
    """Return a function that makes a logged-in test client for a staff member of a role."""

    def make(client, role: str | None, username: str | None = None) -> User:
        user = User.objects.create_user(username or (role or "nobody").lower().replace(" ", "-"),
                                        password=PASSWORD, is_staff=True)
        if role:
            user.groups.add(Group.objects.get(name=role))
        client.force_login(user)
        return user

    return make


def picture_bytes(size=(1200, 800), format="JPEG", **options) -> bytes:
    buffer = BytesIO()
    mode = "RGBA" if format == "PNG" else "RGB"
    PillowImage.new(mode, size, (200, 60, 30)).save(buffer, format, **options)
    return buffer.getvalue()


@pytest.fixture
def picture():
    """Return a function that draws a plain picture and returns its encoded bytes."""
    return picture_bytes


@pytest.fixture
def upload():
    """Return a function that makes an uploadable file from bytes."""

    def make(data: bytes, name: str = "photo.jpg", content_type: str = "image/jpeg") -> SimpleUploadedFile:
        return SimpleUploadedFile(name, data, content_type=content_type)

    return make
