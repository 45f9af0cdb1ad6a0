"""Serving the built single-page app at `/`, with deep links falling back to index.html."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
from fastapi.responses import FileResponse, HTMLResponse, Response

from csv_analyzer.errors import NotFound

_NOT_BUILT = """<!doctype html><html><head><title>CSV Analyzer</title></head><body>
<h1>CSV Analyzer</h1><p>The web app is not built yet. Run <code>make run</code> (it builds it),
or open the API documentation at <a href="/docs">/docs</a>.</p></body></html>"""


DOCS_ASSETS = frozenset(
    {
        "swagger-ui-bundle.js",
        "swagger-ui.css",
        "favicon-32x32.png",
        "swagger-ui-bundle.js.LICENSE.txt",
        "LICENSE",
        "NOTICE",
    }
)
# Shown only when the Swagger UI bundle did not load (embedded mode without a SPA build). Behind
# nginx the API process has no build of its own: nginx serves /docs-assets, so the page is always
# rendered and only the browser can tell whether the files arrived.
_DOCS_MISSING = """<div id="docs-missing" hidden style="font-family:sans-serif;margin:2em">
<h1>CSV Analyzer API</h1><p>Swagger UI is served from the web app's build: run
<code>make build-frontend</code>. The schema itself is at <a href="/openapi.json">/openapi.json</a>.
</p></div><script>if (!window.SwaggerUIBundle) {
document.getElementById("docs-missing").hidden = false;}</script>"""


def install_docs(app: FastAPI, dist: Path) -> None:
    """Swagger UI 5 at /docs, its files from the SPA build (`dist/docs-assets`), never a CDN.

    Self-hosted installs often have no internet; the files come from the npm package
    `swagger-ui-dist`, copied by the Vite build. Behind nginx the same files are served statically
    from the SPA image, so the page does not check for them here.
    """
    assets = dist.resolve() / "docs-assets"

    @app.get("/docs", include_in_schema=False)
    def swagger_ui() -> HTMLResponse:
        page = get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="CSV Analyzer API",
            swagger_js_url="/docs-assets/swagger-ui-bundle.js",
            swagger_css_url="/docs-assets/swagger-ui.css",
            swagger_favicon_url="/docs-assets/favicon-32x32.png",
            oauth2_redirect_url="/docs/oauth2-redirect",
            swagger_ui_parameters={"persistAuthorization": True},
        )
        html = bytes(page.body).decode().replace("</body>", _DOCS_MISSING + "</body>")
        return HTMLResponse(html)

    @app.get("/docs/oauth2-redirect", include_in_schema=False)
    def swagger_redirect() -> HTMLResponse:
        return get_swagger_ui_oauth2_redirect_html()

    @app.get("/docs-assets/{name}", include_in_schema=False)
    def docs_asset(name: str) -> FileResponse:
        path = assets / name
        if name not in DOCS_ASSETS or not path.is_file():
            raise NotFound(f"No documentation asset {name!r}")
        return FileResponse(path, headers={"Cache-Control": "no-cache"})


def install_spa(app: FastAPI, dist: Path) -> None:
    dist = dist.resolve()
    index = dist / "index.html"

    @app.get("/{full_path:path}", include_in_schema=False)
    def spa(full_path: str) -> Response:
        if full_path == "api" or full_path.startswith("api/"):
            raise NotFound(f"No API route /{full_path}")
        if not index.is_file():
            return HTMLResponse(_NOT_BUILT)
        candidate = (dist / full_path).resolve()
        if full_path and candidate.is_file() and candidate.is_relative_to(dist):
            cache = (
                "public, max-age=31536000, immutable"
                if full_path.startswith("assets/")
                else "no-cache"
            )
            return FileResponse(candidate, headers={"Cache-Control": cache})
        return FileResponse(index, headers={"Cache-Control": "no-cache"})
