"""HTTP caching of reader pages and static files, through Django's own stack."""

import pytest
from django.core.management import call_command
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db


def test_reader_pages_carry_validators_and_cdn_cache_control(client, newsroom):
    response = client.get(newsroom.articles["de-photo"].get_absolute_url())
    assert response.status_code == 200
    control = response["Cache-Control"]
    assert "public" in control and "s-maxage=" in control and "stale-while-revalidate=" in control
    assert response["ETag"].startswith('"') and response["Last-Modified"].endswith("GMT")
    assert "Cookie" in response["Vary"]


def test_a_current_copy_gets_304_and_a_stale_one_the_page(client, newsroom):
    etag = client.get("/de/")["ETag"]
    assert client.get("/de/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get("/de/", HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


def test_editors_and_machines_get_no_public_cache_control(client, newsroom):
    client.cookies["sessionid"] = "editor"
    assert "public" not in client.get("/de/").get("Cache-Control", "")
    client.cookies.clear()
    for path in ("/de/search/?q=Triest", "/healthz"):
        assert "s-maxage" not in client.get(path).get("Cache-Control", "")


def test_static_files_are_hashed_precompressed_and_cached_for_a_year(tmp_path):
    with override_settings(STATIC_ROOT=tmp_path):
        # Only our own files: compressing the admin's and the API docs' takes minutes on a slow machine.
        call_command("collectstatic", interactive=False, verbosity=0, ignore_patterns=["admin", "ninja", "desk"])
        hashed = next(tmp_path.glob("gazzetta/site.*.css"))
        assert hashed.with_name(hashed.name + ".br").exists() and hashed.with_name(hashed.name + ".gz").exists()
        response = Client().get(f"/static/gazzetta/{hashed.name}", HTTP_ACCEPT_ENCODING="br, gzip")
        assert response.status_code == 200 and response["Content-Encoding"] == "br"
        assert "immutable" in response["Cache-Control"] and "max-age=315360000" in response["Cache-Control"]
