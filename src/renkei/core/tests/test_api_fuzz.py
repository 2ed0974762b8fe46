"""schemathesis over every operation of the OpenAPI, in-process, with a Japanese-side and a
partner token, against a database holding the five MOCs and a few records of each kind.

Each generated request must get a success or a documented 4xx in the documented shape: no 5xx,
no status code the document does not list, no response its schema does not describe. The run
is on the suite's database, so CI makes it on SQLite and on PostgreSQL.

``RENKEI_FUZZ_EXAMPLES`` sets the examples per operation and token (default 25).
"""

import os

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from renkei.accounts.services import api_token_create
from renkei.wsgi import application

EXAMPLES = int(os.environ.get("RENKEI_FUZZ_EXAMPLES", "25"))
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture
def fuzz_world(demo_users, settings):
    """Records of each kind for the generated ids to find now and then."""
    from renkei.exchange.tests.factories import draft, sent

    settings.RENKEI_API_RATE_LIMIT = ""  # thousands of calls through one token, on purpose
    sent(demo_users["isa.contact"])
    sent(demo_users["la.contact"], exchange_type="inquiry")
    draft(demo_users["la.contact"])
    tokens = {}
    for side, username in [("jp", "isa.contact"), ("partner", "la.contact")]:
        tokens[side] = api_token_create(actor=None, user=demo_users[username], name="fuzz")[1]
    return tokens


@pytest.fixture(autouse=True)
def connection_kept_across_requests():
    """schemathesis calls the WSGI application itself, so Django's request signals close the
    database connection after each call, which on PostgreSQL ends the test's transaction with it.
    Django's test client detaches the same handler for the same reason."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
@pytest.mark.parametrize("side", ["jp", "partner"])
def test_every_operation_answers_as_documented(case, fuzz_world, side):
    headers = {"Authorization": f"Bearer {fuzz_world[side]}"}
    case.call_and_validate(headers=headers, checks=CHECKS)


def test_the_document_is_valid_openapi_3_1(client):
    from openapi_spec_validator import validate

    document = client.get("/api/v1/openapi.json").json()
    assert document["openapi"].startswith("3.1")
    validate(document)


def test_every_operation_documents_its_refusals(client):
    document = client.get("/api/v1/openapi.json").json()
    error = {"$ref": "#/components/schemas/Error"}
    for path, item in document["paths"].items():
        for method, operation in item.items():
            responses = operation["responses"]
            assert responses["400"]["content"]["application/json"]["schema"] == error, path
            if operation.get("security"):
                for status in ("401", "403", "404", "429"):
                    assert status in responses, (method, path, status)
                assert "Retry-After" in responses["429"]["headers"]
            if method != "get" and operation.get("security"):
                assert "409" in responses, (method, path)
