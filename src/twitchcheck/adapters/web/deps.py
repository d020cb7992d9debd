"""The routes' dependencies, as `Annotated` aliases so that a route's signature reads as what it needs.

    def list_events(journal: JournalDep, now: NowDep) -> ...

`EngineDep` is the one SQLAlchemy engine of the app (made and migrated at start-up); `OptionalUser` is the
signed-in account or None (in single-user mode always the local account); `CurrentUser` answers 401 when no
one is signed in, `PageUser` redirects to /signin instead; `JournalDep` is the current user's journal.
"""

from __future__ import annotations

import inspect
import secrets
import threading
from datetime import UTC, datetime, timedelta
from typing import Annotated

from fastapi import Depends, Path, Request, Response
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from twitchcheck.adapters.storage.accounts import (
    Account,
    account_for_session,
    account_for_token,
    local_account,
    start_session,
)
from twitchcheck.adapters.storage.journal import Journal
from twitchcheck.adapters.web.problems import Problem, SignInRequired
from twitchcheck.adapters.web.settings import Settings
from twitchcheck.knowledge.loader import KnowledgeBase, load_knowledge

SESSION_COOKIE = "twitchcheck_session"
CSRF_COOKIE = "twitchcheck_csrf"
CSRF_FIELD = "csrf_token"
"""The form field (or the X-CSRF-Token header) that must repeat the CSRF cookie on a form POST."""
CSRF_HEADER = "x-csrf-token"

_engine_lock = threading.Lock()


# Dependencies that never block are `async def`: FastAPI runs a plain `def` dependency in its thread pool,
# and that hop cost the assessment endpoint three quarters of its throughput (bench/bench_web.py).


def app_settings(request: Request) -> Settings:
    """The app's settings, read directly (for a hot route, where even an `async` dependency costs ~12 µs)."""
    settings: Settings = request.app.state.settings
    return settings


async def get_settings(request: Request) -> Settings:
    return app_settings(request)


async def get_knowledge() -> KnowledgeBase:
    return load_knowledge()


def app_engine(state: object, settings: Settings) -> Engine:
    """The app's engine, made (and the database migrated) on first use; the lifespan makes it at start-up."""
    engine: Engine | None = getattr(state, "engine", None)
    if engine is None:
        with _engine_lock:
            engine = getattr(state, "engine", None)
            if engine is None:
                from twitchcheck.adapters.storage.journal import open_engine

                engine = open_engine(settings.database)
                state.engine = engine  # type: ignore[attr-defined]  # starlette's State takes any attribute
    return engine


def get_engine(request: Request) -> Engine:
    # A plain `def`: on first use without the lifespan (tests) it opens and migrates the database.
    return app_engine(request.app.state, app_settings(request))


async def now() -> datetime:
    """The current time (UTC, aware); tests override this dependency to pin time."""
    return datetime.now(UTC)


def email_on(request: Request) -> bool:
    """Whether this server sends email (then new accounts verify their address, and "forgot password" sends
    a link)."""
    return getattr(request.app.state, "email", None) is not None


def wake_mail(request: Request) -> None:
    """Tell the mail thread an email was queued (it sends it at once; the request does not wait)."""
    pump = getattr(request.app.state, "mail_pump", None)
    if pump is not None:
        pump.wake()


SettingsDep = Annotated[Settings, Depends(get_settings)]
KnowledgeDep = Annotated[KnowledgeBase, Depends(get_knowledge)]
EngineDep = Annotated[Engine, Depends(get_engine)]
NowDep = Annotated[datetime, Depends(now)]


def get_optional_user(
    request: Request, settings: SettingsDep, engine: EngineDep, moment: NowDep
) -> Account | None:
    """The signed-in account, or None; in single-user mode, always the local account."""
    if not settings.accounts:
        return local_account(settings.zone, moment)
    authorization = request.headers.get("authorization", "")
    if authorization[:7].lower() == "bearer " and request.url.path.startswith("/api/"):
        return _token_user(request, engine, authorization[7:].strip(), moment)
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    return account_for_session(engine, token, moment, idle=timedelta(minutes=settings.session_idle_minutes))


TOKEN_REFUSED = ("/api/v1/account", "/api/v1/session", "/api/v1/tokens", "/api/v1/shares")
"""What a personal API token cannot do, only a signed-in session: the account itself (password, deletion,
export), sessions, tokens and shares. A token that leaks from a script can then neither lock its owner out,
nor make itself new tokens, nor show the status to someone new."""

_READING = frozenset({"GET", "HEAD", "OPTIONS"})


def _token_user(request: Request, engine: Engine, token: str, moment: datetime) -> Account | None:
    """The account of a personal API token (`Authorization: Bearer tct_...`), within its scope."""
    if request.url.path.startswith(TOKEN_REFUSED):
        raise Problem(403, "a personal API token cannot do this: sign in with your password")
    found = account_for_token(engine, token, moment)
    if found is None:
        return None
    account, scope = found
    if scope == "read" and request.method not in _READING:
        raise Problem(403, "this token may only read: create one with the scope 'write' to change anything")
    request.state.signed_in_by = "token"
    return account


OptionalUser = Annotated[Account | None, Depends(get_optional_user)]


def get_current_user(user: OptionalUser) -> Account:
    """The signed-in account; 401 (problem+json) when no one is signed in."""
    if user is None:
        raise Problem(
            401,
            "sign in first: POST /api/v1/session, or send a personal API token (Authorization: Bearer)",
            headers={"WWW-Authenticate": 'Bearer realm="twitchcheck", Cookie'},
        )
    return user


def get_page_user(request: Request, user: OptionalUser) -> Account:
    """The signed-in account; a page without one redirects to /signin?next=<this page>."""
    if user is None:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise SignInRequired(target)
    return user


def signed_in_outside_routes(request: Request) -> Account | None:
    """The signed-in account for a page rendered outside a route (the error pages), or None.

    Reads the session as `get_optional_user` does, at the app's `now` (a test's pinned clock when one is set).
    """
    settings = app_settings(request)
    clock = request.app.dependency_overrides.get(now)
    moment = clock() if clock is not None and not inspect.iscoroutinefunction(clock) else None
    moment = moment if isinstance(moment, datetime) else datetime.now(UTC)
    try:
        return get_optional_user(request, settings, app_engine(request.app.state, settings), moment)
    except SQLAlchemyError:  # an error page must render even when the database is what failed
        return None


CurrentUser = Annotated[Account, Depends(get_current_user)]
PageUser = Annotated[Account, Depends(get_page_user)]


def journal_of(engine: Engine, user: Account, settings: Settings) -> Journal:
    # A new local journal takes --zone, else this machine's zone, as the CLI's would.
    return Journal(engine, user.journal_name, zone=settings.zone if user.is_local else user.zone)


def get_journal(engine: EngineDep, user: CurrentUser, settings: SettingsDep) -> Journal:
    """The current user's journal (in single-user mode the journal named "default", as the CLI's)."""
    return journal_of(engine, user, settings)


JournalDep = Annotated[Journal, Depends(get_journal)]


def get_page_journal(engine: EngineDep, user: PageUser, settings: SettingsDep) -> Journal:
    """`JournalDep` for pages: redirects to /signin rather than answering 401."""
    return journal_of(engine, user, settings)


PageJournalDep = Annotated[Journal, Depends(get_page_journal)]


# -- sessions ---------------------------------------------------------------------------------------------


def begin_session(
    response: Response, engine: Engine, account: Account, now: datetime, settings: Settings
) -> None:
    """Start a session for the account, lasting `settings.session_days`, and give the client its cookie: every
    door that signs someone in (API and pages) does it here, so the configured lifetime holds everywhere."""
    token = start_session(engine, account, now, timedelta(days=settings.session_days))
    set_session_cookie(response, token, settings)


def set_session_cookie(response: Response, token: str, settings: Settings) -> None:
    """Give the client its session: HttpOnly, SameSite=Lax, Secure when `settings.secure_cookies`."""
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=settings.session_days * 86400,
        path="/",
        httponly=True,
        samesite="lax",
        secure=settings.secure_cookies,
    )


def clear_session_cookie(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax")


def safe_next(target: str | None, default: str = "/") -> str:
    """A `next=` target fit to redirect to: a path on this site only (never //evil.example or a URL)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    return target


# -- CSRF (double-submit cookie: stateless, so any worker can check it) ----------------------------------


def csrf_token(request: Request) -> str:
    """The CSRF token to put in a form (field `csrf_token`): the one in the client's cookie, or a new one
    that the app sets as the cookie on this response."""
    existing = request.cookies.get(CSRF_COOKIE)
    if existing and 20 <= len(existing) <= 100:
        return existing
    fresh: str | None = getattr(request.state, "new_csrf_token", None)
    if fresh is None:
        fresh = secrets.token_urlsafe(32)
        request.state.new_csrf_token = fresh
    return fresh


async def verify_csrf(request: Request) -> None:
    """For form POSTs: the form's `csrf_token` field (or the X-CSRF-Token header) must equal the CSRF
    cookie; 403 otherwise."""
    cookie = request.cookies.get(CSRF_COOKIE)
    sent = request.headers.get(CSRF_HEADER)
    if sent is None:
        content_type = request.headers.get("content-type", "")
        if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            form = await request.form()
            value = form.get(CSRF_FIELD)
            sent = value if isinstance(value, str) else None
    if not cookie or not sent or not secrets.compare_digest(cookie.encode(), sent.encode()):
        raise Problem(
            403, "the form has expired or did not come from this site: reload the page and try again"
        )


CsrfChecked = Depends(verify_csrf)


MAX_ID = 2**31 - 1  # the id columns are INTEGER: PostgreSQL's ends here (SQLite's later)
"""Ids are database integers: larger numbers are no one's (and overflow SQLite)."""
Seq = Annotated[int, Path(ge=1, le=MAX_ID, description="The event's number in your journal.")]


def client_ip(request: Request) -> str:
    """The address a request came from, as the rate limits count it."""
    return request.client.host if request.client is not None else "unknown"
