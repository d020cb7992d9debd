"""The installable app: the web app manifest, the service worker at the site's root, and the offline page.

None of these holds anything personal: the service worker caches only them and the static files, never a
page of someone's journal (those are `Cache-Control: no-store`, see `security.SecurityHeadersMiddleware`).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, JSONResponse, Response

from twitchcheck.adapters.web.deps import KnowledgeDep
from twitchcheck.adapters.web.pages.today import checkin_form_context
from twitchcheck.adapters.web.templating import STATIC_DIR, templates

router = APIRouter()

THEME = "#0b5394"  # site.css --accent
MANIFEST: dict[str, Any] = {
    "name": "twitchcheck: muscle twitching after exercise",
    "short_name": "twitchcheck",
    "description": "Check muscle twitching after exercise and keep a journal; works offline for logging.",
    "id": "/",
    "start_url": "/journal",
    "scope": "/",
    "display": "standalone",
    "background_color": "#ffffff",
    "theme_color": THEME,
    "icons": [
        {"src": "/static/icons/icon-192.png", "sizes": "192x192", "type": "image/png", "purpose": "any"},
        {"src": "/static/icons/icon-512.png", "sizes": "512x512", "type": "image/png", "purpose": "any"},
    ],
}


@router.get("/manifest.webmanifest", include_in_schema=False)
def manifest() -> JSONResponse:
    """The web app manifest: what a phone needs to install the site as an app."""
    return JSONResponse(MANIFEST, media_type="application/manifest+json")


@router.get("/sw.js", include_in_schema=False)
def service_worker() -> Response:
    """The service worker, from the root so that its scope is the whole site; never cached by the browser's
    HTTP cache (no-store, from the security middleware), so a new version arrives on the next visit."""
    return Response(
        (STATIC_DIR / "sw.js").read_bytes(),
        media_type="text/javascript",
        headers={"Service-Worker-Allowed": "/"},
    )


@router.get("/offline", include_in_schema=False)
def offline_page(kb: KnowledgeDep) -> HTMLResponse:
    """What the service worker shows for a page opened without a network: the same for everyone, with the
    day's check-in form rendered without a session (no CSRF token, no check-in id, no day: offline.js fills
    those in on the phone, and fetches a fresh token when it sends)."""
    context = checkin_form_context(kb, checkin_id="", day="") | {"csrf": "", "form_title_id": "checkin-title"}
    return HTMLResponse(templates.get_template("offline.html").render(context))
