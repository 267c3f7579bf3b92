"""schemathesis against the server's own /openapi.json: no generated request may get a 5xx.

Driven through hypothesis directly (schemathesis' pytest plugin does not run under pytest 9 here).
"""

from __future__ import annotations

from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, given, settings

from quotegraph.web import create_app


def test_no_generated_request_gets_a_server_error(web_db: Path) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(web_db))
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 8

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def check(case: schemathesis.Case) -> None:
            response = case.call()
            assert response.status_code < 500, (
                case.method,
                case.formatted_path,
                case.query,
                response.text[:300],
            )

        check()
