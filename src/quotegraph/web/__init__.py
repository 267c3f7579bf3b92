"""HTTP JSON API and server-rendered pages over a quotegraph store (read-only).

from quotegraph.web import create_app
app = create_app("quotegraph.db")     # an ASGI app: uvicorn, or fastapi.testclient.TestClient
"""

from quotegraph.web.app import create_app

__all__ = ["create_app"]
