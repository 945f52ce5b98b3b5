"""The push API: token checks, formats, results per item, and the status codes they map to."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import path
from django.utils import timezone
from ninja import NinjaAPI
from test_sources import ninjs

from gazzetta.ingest.api import PUSH_MAX_BYTES, router
from gazzetta.newsroom.models import Article
from gazzetta.tokens.models import ApiToken, Scope, issue_token

api = NinjaAPI(urls_namespace="push-api-test")
api.add_router("/ingest", router)
urlpatterns = [path("api/", api.urls)]

pytestmark = [pytest.mark.urls(__name__), pytest.mark.django_db]
PUSH_URL = "/api/ingest"
RESULT_KEYS = {"status", "id", "url", "headline", "language", "source", "error"}

NEWSML_G2 = """<?xml version="1.0" encoding="UTF-8"?>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:newsml:test:push:1" version="2"
          standard="NewsML-G2" standardversion="2.29" xml:lang="de">
 <itemMeta><itemClass qcode="ninat:text"/><provider qcode="nprov:TEST"/>
  <versionCreated>2024-05-01T10:00:00Z</versionCreated><pubStatus qcode="stat:usable"/></itemMeta>
 <contentMeta><headline>Die Hafenbrücke wird neu gebaut</headline></contentMeta>
 <contentSet><inlineXML contenttype="application/xhtml+xml"><html xmlns="http://www.w3.org/1999/xhtml"><body>
  <p>Der Stadtrat hat am Dienstagabend nach langer Debatte beschlossen, die alte Hafenbrücke mit Geld aus
  dem Regionalfonds neu zu bauen.</p></body></html></inlineXML></contentSet>
</newsItem>""".encode()


@pytest.fixture
def client():
    """A client that enforces CSRF, as a real wire pusher would meet it."""
    return Client(enforce_csrf_checks=True)


@pytest.fixture
def secret():
    return issue_token("pusher", [Scope.INGEST])[1]


def push(client, body: bytes, secret: str | None, content_type="application/json", url=PUSH_URL):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"} if secret else {}
    return client.post(url, data=body, content_type=content_type, **headers)


def test_ninjs_is_accepted_with_one_result_per_item(client, secret):
    response = push(client, ninjs("urn:test:push:2", "Harbour bridge to be rebuilt"), secret)
    [result] = response.json()["results"]
    article = Article.objects.get()
    assert response.status_code == 200 and set(result) == RESULT_KEYS
    assert (result["status"], result["id"], result["url"], result["error"]) == (
        "created", article.pk, article.get_absolute_url(), "")


def test_newsml_g2_is_accepted_by_content_type(client, secret):
    response = push(client, NEWSML_G2, secret, content_type="application/vnd.iptc.g2.newsitem+xml")
    assert response.status_code == 200 and response.json()["results"][0]["status"] == "created"
    assert Article.objects.get().headline == "Die Hafenbrücke wird neu gebaut"


def test_ninjs_is_recognised_without_a_useful_content_type(client, secret):
    response = push(client, ninjs("urn:test:push:3", "Ferry strike ends"), secret,
                    content_type="application/octet-stream")
    assert response.status_code == 200 and response.json()["results"][0]["status"] == "created"


def test_newsml_g2_is_recognised_without_a_useful_content_type(client, secret):
    response = push(client, NEWSML_G2, secret, content_type="application/octet-stream")
    assert response.status_code == 200


def test_pushing_the_same_version_again_is_unchanged(client, secret):
    push(client, NEWSML_G2, secret, content_type="application/xml")
    response = push(client, NEWSML_G2, secret, content_type="application/xml")
    assert response.status_code == 200 and response.json()["results"][0]["status"] == "unchanged"


def test_a_malformed_body_is_422_with_the_reason(client, secret):
    response = push(client, b'{"headline": "cut off', secret)
    [result] = response.json()["results"]
    assert response.status_code == 422
    assert result["status"] == "rejected" and result["error"].startswith("ingest: ninjs: not JSON")


@pytest.mark.parametrize("body", [b"", b"\0\1\2 binary", b"<html><body><p>a page</p></body></html>",
                                  b"<newsItem><unclosed>", b"[1, 2, 3]", b'{"headline": 5}'])
def test_hostile_bodies_are_answered_never_crashed_on(client, secret, body):
    response = push(client, body, secret, content_type="application/octet-stream")
    assert response.status_code == 422
    assert all(result["status"] == "rejected" and result["error"] for result in response.json()["results"])


def test_a_body_of_another_format_names_the_accepted_ones(client, secret):
    response = push(client, b"<html><body><p>a page</p></body></html>", secret, content_type="text/html")
    assert "only NewsML-G2 and ninjs are accepted" in response.json()["results"][0]["error"]


def test_some_rejected_items_make_the_answer_422_with_every_result(client, secret):
    good = json.loads(ninjs("urn:test:push:4", "Museum reopens"))
    bad = {"uri": "urn:test:push:5", "type": "text", "headline": ["not", "text"], "body_html": "<p>x</p>"}
    response = push(client, json.dumps([good, bad]).encode(), secret)
    assert response.status_code == 422
    assert [result["status"] for result in response.json()["results"]] == ["created", "rejected"]
    assert Article.objects.get().headline == "Museum reopens"


def test_an_oversized_body_is_413(client, secret):
    response = push(client, b"x" * (PUSH_MAX_BYTES + 1), secret)
    assert response.status_code == 413 and "larger than" in response.json()["detail"]
    assert not Article.objects.exists()


@pytest.mark.parametrize(("header", "message"), [
    (None, "send the header 'Authorization: Bearer <token>'"),
    ("Basic dXNlcjpwYXNz", "send the header 'Authorization: Bearer <token>'"),
    ("Bearer ", "send the header 'Authorization: Bearer <token>'"),
    ("Bearer gz_not-a-real-token", "tokens: unknown API token"),
])
def test_missing_or_unknown_tokens_are_401(client, header, message):
    headers = {"HTTP_AUTHORIZATION": header} if header else {}
    response = client.post(PUSH_URL, data=NEWSML_G2, content_type="application/xml", **headers)
    assert response.status_code == 401 and message in response.json()["detail"]
    assert not Article.objects.exists()


@pytest.mark.parametrize(("change", "status", "message"), [
    ({"expires_at": timezone.now() - timedelta(minutes=1)}, 401, "has expired"),
    ({"revoked_at": timezone.now()}, 401, "was revoked"),
    ({"scopes": [Scope.READ]}, 403, "lacks the 'ingest' scope"),
])
def test_expired_revoked_and_read_only_tokens_are_refused(client, change, status, message):
    token, secret = issue_token("pusher", [Scope.INGEST])
    ApiToken.objects.filter(pk=token.pk).update(**change)
    response = push(client, NEWSML_G2, secret, content_type="application/xml")
    assert response.status_code == status and message in response.json()["detail"]
    assert not Article.objects.exists()


@pytest.mark.urls("gazzetta.urls")
def test_the_site_api_mounts_the_push_route_with_its_error_shape(client, secret):
    accepted = push(client, NEWSML_G2, secret, content_type="application/xml", url="/api/v1/ingest")
    refused = push(client, NEWSML_G2, "gz_unknown", content_type="application/xml", url="/api/v1/ingest")
    assert accepted.status_code == 200 and accepted.json()["results"][0]["status"] == "created"
    assert refused.status_code == 401 and refused.json()["status"] == 401
    assert "tokens: unknown API token" in refused.json()["detail"]


def test_a_push_records_when_the_token_was_used(client):
    token, secret = issue_token("pusher", [Scope.INGEST])
    push(client, NEWSML_G2, secret, content_type="application/xml")
    token.refresh_from_db()
    assert token.last_used_at is not None
