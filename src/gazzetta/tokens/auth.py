"""Bearer-token authentication for django-ninja routes, one required scope per route."""

from __future__ import annotations

import hmac

from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import AuthenticationError, AuthorizationError
from ninja.security import HttpBearer

from gazzetta.tokens.models import PREFIX_LENGTH, ApiToken, hash_secret


def find_token(secret: str) -> ApiToken | None:
    """Return the token whose hash matches `secret`, comparing hashes in constant time."""
    wanted = hash_secret(secret)
    candidates = ApiToken.objects.filter(prefix=secret[:PREFIX_LENGTH])
    return next((token for token in candidates if hmac.compare_digest(token.secret_hash, wanted)), None)


def check_token(secret: str, scope: str, now=None) -> ApiToken:
    """Return the usable token for `secret`, or raise 401 (unknown/revoked/expired) or 403 (scope)."""
    token = find_token(secret)
    if token is None:
        raise AuthenticationError(message="tokens: unknown API token")
    if token.is_revoked:
        raise AuthenticationError(message=f"tokens: API token {token.prefix}… was revoked")
    if token.is_expired(now):
        raise AuthenticationError(message=f"tokens: API token {token.prefix}… has expired")
    if not token.allows(scope):
        raise AuthorizationError(message=f"tokens: API token {token.prefix}… lacks the '{scope}' scope")
    return token


class TokenAuth(HttpBearer):
    """Accept 'Authorization: Bearer <token>' for a token that holds `scope`; explain every refusal."""

    def __init__(self, scope: str):
        self.scope = scope
        super().__init__()

    def __call__(self, request: HttpRequest) -> ApiToken:
        scheme, _space, secret = request.headers.get(self.header, "").partition(" ")
        if scheme.lower() != self.openapi_scheme or not secret.strip():
            raise AuthenticationError(message="tokens: send the header 'Authorization: Bearer <token>'")
        return self.authenticate(request, secret.strip())

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken:
        api_token = check_token(token, self.scope)
        api_token.mark_used(timezone.now())
        return api_token
