"""schemathesis against our own OpenAPI document: no 500s, and every answer matches the schema it documents.

In-process through the WSGI application, a few examples per operation (positive and negative),
so that it stays a quick part of the suite. Left out here: the push endpoint (tests/ingest;
without a token it only ever answers 401).
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

# A well-formed but unknown section key, source key or cursor answers 400 (an unknown id 404,
# a withdrawn article 410) by design, so those count as accepting schema-valid input.
CONFIG = SchemathesisConfig.from_dict(
    {"checks": {"positive_data_acceptance": {"expected-statuses": ["2xx", "400", "404", "410"]}}})
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application(), config=CONFIG)


@pytest.fixture
def unlimited(settings):
    settings.GAZZETTA_API_RATE = ""


@pytest.fixture
def one_connection():
    """Keep the test's database connection open across requests, as Django's own test client does."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@schema.include(method="GET").parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
@pytest.mark.django_db
def test_api_answers_match_its_schema(case, newsroom, unlimited, one_connection):
    case.call_and_validate()
