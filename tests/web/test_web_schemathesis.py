"""schemathesis against the server's own /openapi.json: no generated request may get a 5xx.

The pages outside the schema (HTML, CSV, .json twins, the citation as text) take the same parameters as
their API operation, so each generated case is also sent to every twin the app has. Driven through
hypothesis directly (schemathesis' pytest plugin does not run under pytest 9 here).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings

from quotegraph.web import create_app, documents, reactions, search, speakers, statements, stories

# this round's endpoints, which the run must reach (an operation left out of the schema would go untested)
NEW_OPERATIONS = {"/api/statements/{statement_id}/citation", "/api/reactions", "/api/search"}
NEW_TWINS = {
    "/search.csv",
    "/speakers.csv",
    "/stories.csv",
    "/speakers/{speaker_id}.csv",
    "/statements/{statement_id}.csv",
    "/stories/{story_id}.csv",
    "/documents/{doc_id}.csv",
    "/statements/{statement_id}/citation.txt",
    "/statements/{statement_id}/citation.json",
    "/reactions.json",
}


def page_paths() -> set[str]:
    """Every path the page modules route, in or out of the schema."""
    modules = (search, statements, speakers, documents, stories, reactions)
    return {route.path for module in modules for route in module.router.routes}


def twins(api_path: str, known: set[str]) -> list[str]:
    """The pages that answer the same parameters as an API operation: /api/X as /X, /X.csv, /X.json, /X.txt."""
    base = api_path.removeprefix("/api")
    return [p for p in (base, base + ".csv", base + ".json", base + ".txt") if p in known and p != api_path]


def test_no_generated_request_gets_a_server_error(web_db: Path) -> None:
    app = create_app(web_db)
    client = TestClient(app, raise_server_exceptions=False)
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    paths = {op.path for op in operations}
    assert paths >= NEW_OPERATIONS, NEW_OPERATIONS - paths
    listing = next(op for op in operations if op.path == "/api/statements")
    assert "addressee" in {p.name for p in listing.query}
    known = page_paths()
    covered: set[str] = set()

    for operation in operations:
        pages = twins(operation.path, known)
        covered.update(pages)

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
            values = {k: quote(str(v), safe="") for k, v in (case.path_parameters or {}).items()}
            for page in pages:  # noqa: B023 (check runs inside this iteration)
                url = page.format(**values)
                twin = client.get(url, params=case.query)
                assert twin.status_code < 500, (url, case.query, twin.text[:300])

        check()
    assert len(operations) >= 10
    assert covered >= NEW_TWINS, NEW_TWINS - covered
