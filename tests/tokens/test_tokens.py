"""API tokens: stored as hashes, checked by scope and time, created and revoked in the admin."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone, translation
from ninja.errors import AuthenticationError, AuthorizationError

from gazzetta.tokens.auth import check_token, find_token
from gazzetta.tokens.models import LAST_USED_RESOLUTION, ApiToken, Scope, hash_secret, issue_token

pytestmark = pytest.mark.django_db


def test_only_the_hash_and_a_short_prefix_are_stored():
    token, secret = issue_token("dpa push", [Scope.INGEST])
    stored = ApiToken.objects.values().get(pk=token.pk)
    assert secret.startswith("gz_") and len(secret) > 40
    assert stored["prefix"] == secret[:8] and stored["secret_hash"] == hash_secret(secret)
    assert not any(secret in str(value) for value in stored.values())


def test_secrets_are_unique_and_found_only_whole():
    first, first_secret = issue_token("a", [Scope.INGEST])
    second, second_secret = issue_token("b", [Scope.INGEST])
    assert first_secret != second_secret
    assert find_token(first_secret) == first and find_token(second_secret) == second
    assert find_token(first_secret[:-1]) is None and find_token(first_secret[:8]) is None


def test_a_valid_token_with_the_scope_passes():
    token, secret = issue_token("pusher", [Scope.INGEST, Scope.READ],
                                expires_at=timezone.now() + timedelta(days=1))
    assert check_token(secret, Scope.INGEST) == token and check_token(secret, Scope.READ) == token


@pytest.mark.parametrize(("change", "error", "status", "message"), [
    ({"revoked_at": timezone.now()}, AuthenticationError, 401, "was revoked"),
    ({"expires_at": timezone.now() - timedelta(seconds=1)}, AuthenticationError, 401, "has expired"),
    ({"scopes": [Scope.READ]}, AuthorizationError, 403, "lacks the 'ingest' scope"),
])
def test_revoked_expired_and_unscoped_tokens_are_refused(change, error, status, message):
    token, secret = issue_token("pusher", [Scope.INGEST])
    ApiToken.objects.filter(pk=token.pk).update(**change)
    with pytest.raises(error, match=message) as raised:
        check_token(secret, Scope.INGEST)
    assert raised.value.status_code == status and str(raised.value).startswith("tokens: ")


def test_an_unknown_token_is_refused():
    with pytest.raises(AuthenticationError, match="tokens: unknown API token"):
        check_token("gz_nothing-like-it", Scope.INGEST)


def test_use_is_recorded_at_most_once_a_minute():
    token, _secret = issue_token("pusher", [Scope.INGEST])
    start = timezone.now()
    token.mark_used(start)
    token.mark_used(start + LAST_USED_RESOLUTION / 2)
    token.refresh_from_db()
    assert token.last_used_at == start
    token.mark_used(start + LAST_USED_RESOLUTION)
    token.refresh_from_db()
    assert token.last_used_at == start + LAST_USED_RESOLUTION


def test_the_admin_creates_a_token_and_shows_its_secret_once(admin_client, admin_user):
    response = admin_client.post(reverse("admin:tokens_apitoken_add"),
                                 {"name": "ANSA push", "scopes": [Scope.INGEST]}, follow=True,
                                 HTTP_ACCEPT_LANGUAGE="en")
    with translation.override("en"):
        notes = [str(note) for note in get_messages(response.wsgi_request)]
    [message] = [note for note in notes if "will not be shown again" in note]
    secret = message.rsplit(" ", 1)[-1]
    token = ApiToken.objects.get()
    assert find_token(secret) == token
    assert (token.name, token.scopes, token.created_by) == ("ANSA push", ["ingest"], admin_user)
    page = admin_client.get(reverse("admin:tokens_apitoken_change", args=[token.pk])).content.decode()
    assert secret not in page and token.prefix in page


def test_the_admin_requires_a_scope(admin_client):
    response = admin_client.post(reverse("admin:tokens_apitoken_add"), {"name": "no scope"})
    assert response.status_code == 200 and not ApiToken.objects.exists()


def test_the_admin_revokes_selected_tokens(admin_client):
    keep, _ = issue_token("keep", [Scope.INGEST])
    drop, secret = issue_token("drop", [Scope.INGEST])
    admin_client.post(reverse("admin:tokens_apitoken_changelist"),
                      {"action": "revoke", "_selected_action": [drop.pk]}, follow=True)
    drop.refresh_from_db()
    keep.refresh_from_db()
    assert drop.revoked_at is not None and keep.revoked_at is None
    with pytest.raises(AuthenticationError, match="was revoked"):
        check_token(secret, Scope.INGEST)
