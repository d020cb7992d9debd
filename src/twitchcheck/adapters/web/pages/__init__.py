"""The HTML pages: the check and its result, the journal and status, accounts and the coach view.

Server-rendered with Jinja2 (`web/templates/`), working without JavaScript; `web/static/site.js` only
enhances. Every route calls the library; nothing is decided here.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from twitchcheck.adapters.web.pages import accounts, alerts, app, check, coach, journal, today
from twitchcheck.adapters.web.pages._render import render_page_error

# create_app installs `render_page_error` for errors outside /api/.
router = APIRouter(default_response_class=HTMLResponse)
router.include_router(check.router)
router.include_router(journal.router)
router.include_router(accounts.router)
router.include_router(coach.router)
router.include_router(alerts.router)
router.include_router(today.router)
router.include_router(app.router)

__all__ = ["render_page_error", "router"]
