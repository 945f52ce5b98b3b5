import pytest
from django.db import OperationalError


@pytest.mark.django_db
def test_healthz_answers_200_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_fails(client, monkeypatch):
    from django.db import connection

    def broken_cursor(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "connection refused"}


def test_media_serves_uploaded_images_only(client, newsroom, settings):
    image = newsroom.articles["de-photo"].images.get()
    response = client.get(image.file.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    (settings.MEDIA_ROOT / "images" / "evil.html").write_text("<script>alert(1)</script>")
    assert client.get("/media/images/evil.html").status_code == 404
    assert client.get("/media/../secret_key.jpg").status_code in (400, 404)
