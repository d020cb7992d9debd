"""The web app and HTTP API: `create_app(settings)` gives a FastAPI app; `twitchcheck serve` runs it.

Thin adapters over the library: routes parse, call `twitchcheck` and answer; no decision is made here.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fastapi import FastAPI

    from twitchcheck.adapters.web.settings import Settings

_TEST_HOSTS = ("testserver",)  # the host name of Starlette's TestClient; never resolves on a network


def create_app(settings: Settings | None = None) -> FastAPI:
    """The web app: the API under /api/v1, the pages, /static, /healthz; `settings` default: from the env."""
    from fastapi import FastAPI
    from fastapi.staticfiles import StaticFiles

    from twitchcheck import __version__
    from twitchcheck.adapters.notify.email import EmailSettings
    from twitchcheck.adapters.web import api, pages, problems
    from twitchcheck.adapters.web.security import (
        CsrfCookieMiddleware,
        GuardMiddleware,
        LoopbackHostMiddleware,
        SecurityHeadersMiddleware,
    )
    from twitchcheck.adapters.web.settings import Settings
    from twitchcheck.adapters.web.templating import STATIC_DIR

    settings = settings if settings is not None else Settings.from_env()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        from twitchcheck.adapters.web.deps import app_engine
        from twitchcheck.knowledge.loader import load_knowledge

        load_knowledge()  # a broken knowledge base stops the start, not the first request
        engine = app_engine(app.state, settings)  # made and migrated once, before the first request
        sweeper = None
        if settings.sweep_every_s:
            from twitchcheck.adapters.watching import Sweeper

            sweeper = Sweeper(engine, settings.sweep_every_s, app.state.email, settings.emergency_number)
            sweeper.start()
        pump = None
        if settings.accounts and app.state.email is not None:  # verification and reset emails
            from twitchcheck.adapters.watching import MailPump

            pump = MailPump(engine, app.state.email, app.state.clock)
            app.state.mail_pump = pump
            pump.start()
        try:
            yield
        finally:
            if sweeper is not None:
                sweeper.stop()
            if pump is not None:  # this start's own thread, even if another start has replaced it since
                pump.stop()
                if app.state.mail_pump is pump:
                    app.state.mail_pump = None
            made = getattr(app.state, "engine", None)
            if made is not None:
                made.dispose()
                app.state.engine = None

    app = FastAPI(
        title="twitchcheck",
        version=__version__,
        summary="Triage muscle twitching after exercise; keep a journal over time.",
        lifespan=lifespan,
        openapi_url="/openapi.json",
        docs_url=None,  # served below from the package, so the docs work offline
        redoc_url=None,
    )
    app.state.settings = settings
    # Email (TWITCHCHECK_SMTP_URL...): alerts, and with accounts the verification and password-reset links.
    # A test sets `app.state.email` (and `app.state.clock`, which the mail thread reads) before starting it.
    app.state.email = EmailSettings.from_env()
    app.state.clock = _utc_now
    app.state.mail_pump = None
    # The pages' own error page for non-API paths, when the pages package offers one (see problems.py).
    app.state.render_page_error = getattr(pages, "render_page_error", None)
    app.state.engine = None
    problems.install(app)
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    _offline_docs(app)
    app.add_middleware(CsrfCookieMiddleware, secure=settings.secure_cookies)
    app.add_middleware(GuardMiddleware, max_body_bytes=settings.max_body_bytes)
    # Outermost but for the host check: every answer, errors and 413s included, carries the headers.
    app.add_middleware(SecurityHeadersMiddleware, trust_proxy=settings.trust_proxy, docs_path=API_DOCS_PATH)
    _document_bodies(app)
    if not settings.accounts:
        # Single-user mode serves this machine only: a page elsewhere that makes a name resolve to 127.0.0.1
        # (DNS rebinding) gets no answer for its host name.
        app.add_middleware(LoopbackHostMiddleware, also=_TEST_HOSTS)
    return app


API_DOCS_PATH = "/api/docs"


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _offline_docs(app: FastAPI) -> None:
    """`/api/docs`: swagger-ui from the `fastapi-offline` package (swagger-ui 5, which reads OpenAPI 3.1)
    instead of FastAPI's default CDN, so the docs work offline."""
    from pathlib import Path

    import fastapi_offline
    from fastapi.openapi.docs import get_swagger_ui_html
    from fastapi.responses import HTMLResponse
    from fastapi.staticfiles import StaticFiles

    assets = Path(fastapi_offline.__file__).with_name("static")
    app.mount("/api/docs/assets", StaticFiles(directory=assets), name="swagger-ui")

    @app.get(API_DOCS_PATH, include_in_schema=False)
    def api_docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="twitchcheck API",
            swagger_js_url="/api/docs/assets/swagger-ui-bundle.js",
            swagger_css_url="/api/docs/assets/swagger-ui.css",
            swagger_favicon_url="",  # no CDN icon either
        )


def _document_bodies(app: FastAPI) -> None:
    """Add the contract schemas of the bodies the routes parse with the library to the OpenAPI document."""
    from typing import Any

    from fastapi.openapi.utils import get_openapi

    from twitchcheck.adapters.web.api import openapi_components

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(title=app.title, version=app.version, summary=app.summary, routes=app.routes)
            schema.setdefault("components", {}).setdefault("schemas", {}).update(openapi_components())
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]  # FastAPI's documented way to customise the schema


def app_from_env() -> FastAPI:
    """The app with settings from the TWITCHCHECK_* environment variables (uvicorn's factory, per worker).

    A served worker loads the knowledge base and fills the engine's caches before its first request, then
    moves everything made so far out of the garbage collector's way (`gc.freeze`): the long-lived knowledge
    base is never traversed again, which keeps full collections short under load (bench/bench_web.py).
    """
    import gc

    from twitchcheck.engine import assess
    from twitchcheck.testing import minimal

    app = create_app()
    assess(minimal())
    gc.freeze()
    return app
