"""API test fixtures: a fresh rate-limit history for every test (the throttle keeps it in the cache)."""

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()
