"""``/docs`` and ``/redoc`` from files installed with the package, so they render offline.

FastAPI's default pages load Swagger UI and ReDoc from a CDN, which a
government intranet often cannot reach: the page stays blank. The PyPI
package ``fastapi-offline`` ships those files (swagger-ui 5, redoc 2); only
its ``static/`` folder is used here, served under :data:`STATIC_PATH`, and
the pages are FastAPI's own ``get_swagger_ui_html`` / ``get_redoc_html``.
"""

from __future__ import annotations

from pathlib import Path

import fastapi_offline
from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

__all__ = ["STATIC_DIR", "STATIC_PATH", "add_api_docs"]

STATIC_DIR = Path(fastapi_offline.__file__).parent / "static"
STATIC_PATH = "/api-docs-static"  # not /static: the Gradio UI mounted at / serves its fonts there


def add_api_docs(app: FastAPI) -> None:
    """Serve the docs files and the two pages; call before the UI is mounted at ``/`` (which takes every path)."""
    app.mount(STATIC_PATH, StaticFiles(directory=STATIC_DIR), name="api-docs-static")

    @app.get("/docs", include_in_schema=False)
    def swagger(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        return get_swagger_ui_html(
            openapi_url=f"{root}{app.openapi_url}",
            title=f"{app.title} — 接口文档",
            swagger_js_url=f"{root}{STATIC_PATH}/swagger-ui-bundle.js",
            swagger_css_url=f"{root}{STATIC_PATH}/swagger-ui.css",
            swagger_favicon_url=f"{root}{STATIC_PATH}/favicon.png",
        )

    @app.get("/redoc", include_in_schema=False)
    def redoc(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        return get_redoc_html(
            openapi_url=f"{root}{app.openapi_url}",
            title=f"{app.title} — 接口文档",
            redoc_js_url=f"{root}{STATIC_PATH}/redoc.standalone.js",
            redoc_favicon_url=f"{root}{STATIC_PATH}/favicon.png",
            with_google_fonts=False,
        )
