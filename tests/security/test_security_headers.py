"""Headers and forms that keep readers and editors safe: CSP, CSRF, login throttling, clear token refusals."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from gazzetta.tokens.models import issue_token

PASSWORD = "a long and winding road"


def policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part for part in (item.strip() for item in header.split(";")) if part}


@pytest.mark.parametrize("page", ["home", "section", "article", "story", "withdrawn", "missing"])
def test_reader_pages_forbid_inline_scripts_and_styles(client, newsroom, page):
    urls = {
        "home": "/de/", "section": newsroom.sections[0].get_absolute_url("de"),
        "article": newsroom.articles["de-photo"].get_absolute_url(),
        "story": newsroom.story.get_absolute_url("de"),
        "withdrawn": newsroom.articles["de-withdrawn"].get_absolute_url(), "missing": "/de/nothing/here/",
    }
    rules = policy(client.get(urls[page]))
    assert rules["script-src"] == "script-src 'self'" and rules["style-src"] == "style-src 'self'"
    assert "unsafe-inline" not in " ".join(rules.values())
    assert rules["object-src"] == "object-src 'none'" and rules["frame-ancestors"] == "frame-ancestors 'none'"


def test_admin_pages_carry_the_same_policy(admin_client):
    rules = policy(admin_client.get("/admin/newsroom/article/add/"))
    assert "unsafe-inline" not in " ".join(rules.values())


def test_posts_without_a_csrf_token_are_refused(db):
    User.objects.create_superuser("root", password=PASSWORD)
    client = Client(enforce_csrf_checks=True)
    assert client.post("/admin/login/", {"username": "root", "password": PASSWORD}).status_code == 403
    client.force_login(User.objects.get(username="root"))
    assert client.post("/admin/newsroom/article/", {"action": "publish", "_selected_action": [1]}).status_code == 403


def log_in(client, password: str, address: str):
    return client.post("/admin/login/?next=/admin/", {"username": "root", "password": password},
                       REMOTE_ADDR=address, HTTP_ACCEPT_LANGUAGE="en")


def test_repeated_failed_logins_lock_that_name_from_that_address(db, client):
    User.objects.create_superuser("root", password=PASSWORD)
    answers = [log_in(client, "guess", "203.0.113.7").status_code for _attempt in range(5)]
    assert answers == [200, 200, 200, 200, 429]
    locked = log_in(client, PASSWORD, "203.0.113.7")
    assert locked.status_code == 429 and b"too many" in locked.content.lower()
    assert "_auth_user_id" not in client.session
    assert log_in(Client(), PASSWORD, "198.51.100.2").status_code == 302


@pytest.mark.parametrize("token, answer, message", [
    ({"scopes": ["ingest"], "expires_at": timezone.now() - timedelta(days=1)}, 401, "has expired"),
    ({"scopes": ["read"]}, 403, "lacks the 'ingest' scope"),
], ids=["expired", "wrong-scope"])
def test_token_refusals_say_why(client, db, token, answer, message):
    _token, secret = issue_token("pusher", **token)
    response = client.post("/api/v1/ingest", b"{}", content_type="application/json",
                           HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == answer and message in response.json()["detail"]
