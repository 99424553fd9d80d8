"""Property-based tests of the JSON API from its own OpenAPI schema (schemathesis 4).

Every operation of ``/openapi.json`` is called with generated parameters against a live server
on a small demo workspace; ``call_and_validate`` runs schemathesis' checks (no server error,
status code and content type documented, the body matches the response schema, invalid input
rejected).  The small demo (500 customers) keeps one uncached page build near a second.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode

from tests.web.conftest import Server, Servers


@pytest.fixture(scope="module")
def schema_server(servers: Servers, small_demo: Path) -> Server:
    return servers.start(small_demo)


@pytest.fixture(scope="module")
def api_schema(schema_server: Server) -> schemathesis.BaseSchema:
    loaded: schemathesis.BaseSchema = schemathesis.openapi.from_url(
        f"{schema_server.base}/openapi.json"
    )
    return loaded


def test_the_schema_lists_every_api_operation(api_schema: schemathesis.BaseSchema) -> None:
    raw = api_schema.raw_schema
    assert set(raw["paths"]) == {
        "/api",
        "/api/pages/{page}",
        "/api/customers/{customer_id}/orders",
        "/api/answers",
        "/api/answers/{key}",
        "/api/status",
    }
    page = raw["paths"]["/api/pages/{page}"]["get"]
    names = {p["name"] for p in page["parameters"]}
    assert names == {"page", "period", "lang", "segment"}


OPERATIONS = [
    ("/api", "GET"),
    ("/api/pages/{page}", "GET"),
    ("/api/customers/{customer_id}/orders", "GET"),
    ("/api/answers", "GET"),
    ("/api/answers/{key}", "GET"),
    ("/api/status", "GET"),
]


@pytest.mark.slow
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
@pytest.mark.parametrize(("path", "method"), OPERATIONS)
def test_api_conforms_to_its_schema(
    api_schema: schemathesis.BaseSchema,
    schema_server: Server,
    path: str,
    method: str,
    mode: GenerationMode,
) -> None:
    """Generated requests to one operation; schemathesis' checks on every response.

    (``schemathesis.pytest.from_fixture(...).parametrize()`` fails under pytest 9, it sets
    ``request.node._nodeid``; the operation's Hypothesis strategy is the documented way to
    drive the same checks from an ordinary test.)
    """
    operation = api_schema[path][method]
    if mode == GenerationMode.NEGATIVE and path in ("/api/answers", "/api/status"):
        pytest.skip("no parameters: there is no invalid request to generate")

    @settings(
        max_examples=20,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def check(case: schemathesis.Case[Any]) -> None:
        case.call_and_validate(base_url=schema_server.base, timeout=120)

    check()
