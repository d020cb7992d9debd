"""Rendering pages: the shared template context (header, sign-in state, CSRF token) and fragments for fetch.

A form enhanced by site.js posts with the header `X-Fragment: 1`; such a request gets only the part of the
page that changes (the same template the full page includes), so both paths run the same server code.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse

from twitchcheck.adapters.web.deps import (
    CSRF_COOKIE,
    EngineDep,
    KnowledgeDep,
    OptionalUser,
    SettingsDep,
    csrf_token,
    email_on,
    signed_in_outside_routes,
)
from twitchcheck.adapters.web.templating import templates
from twitchcheck.core.words import counted
from twitchcheck.services.understood import field_words, figure_words, value_words

FRAGMENT_HEADER = "x-fragment"
_NOT_ID = re.compile(r"[^A-Za-z0-9_-]")


def field_id(field: str) -> str:
    """An HTML id for a form field (dots and other marks become dashes)."""
    return _NOT_ID.sub("-", field)


def show_number(value: float) -> str:
    """A figure as people write it: 500 not 500.0, 1.5 not 1.500000."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


templates.env.trim_blocks = True
templates.env.lstrip_blocks = True
templates.env.filters["field_id"] = field_id
templates.env.filters["number"] = show_number
templates.env.filters["field_words"] = field_words
templates.env.filters["counted"] = counted
templates.env.globals["value_words"] = value_words
templates.env.globals["figure_words"] = figure_words
templates.env.globals["new_client_id"] = lambda: str(uuid.uuid4())  # a form's id: sent twice, stored once


def bullets(text: str) -> tuple[str, list[str]]:
    """Advice whose lines after the first are a list ("- Calf stretch: ..."): the lead, and the items."""
    lead, *rest = str(text).split("\n- ")
    return lead.strip(), [item.strip() for item in rest]


templates.env.filters["bullets"] = bullets
templates.env.filters["sentence"] = lambda text: str(text)[:1].upper() + str(text)[1:]


@dataclass(frozen=True, slots=True)
class Chrome:
    """What every page's header needs."""

    accounts_mode: bool
    user: Any
    csrf: str
    alerts: tuple[dict[str, Any], ...] = ()
    """The person's alerts not seen yet, in words: a banner on every page until they mark them seen."""
    alert_heading: str = ""
    confirm_email: bool = False
    """The account's email is not confirmed yet (on a server that sends email): a banner with "send again"."""

    def context(self) -> dict[str, Any]:
        email = getattr(self.user, "email", None)
        signed_in = self.user is not None and not getattr(self.user, "is_local", False)
        return {
            "accounts_mode": self.accounts_mode,
            "user": self.user if signed_in else None,
            "user_email": email,
            "csrf": self.csrf,
            "alerts": self.alerts,
            "alert_heading": self.alert_heading,
            "confirm_email": self.confirm_email,
        }


def _chrome(
    request: Request, settings: SettingsDep, user: OptionalUser, engine: EngineDep, kb: KnowledgeDep
) -> Chrome:
    from twitchcheck.adapters.storage.club import coach_alerts
    from twitchcheck.adapters.storage.watch import unseen_alerts_of
    from twitchcheck.services.watch import alert_lines

    if user is None:
        return Chrome(settings.accounts, user, csrf_token(request))
    alerts = tuple(
        {"id": alert.id, "when": f"{alert.created_at:%Y-%m-%d %H:%M} UTC", "lines": alert_lines(alert, kb)}
        for alert in unseen_alerts_of(engine, user.journal_name)
    )
    if settings.accounts:  # a coach hears of the people who share too, with nothing the coach view hides
        alerts += tuple(
            {
                "id": 0,
                "coach": True,
                "when": f"{item.alert.created_at:%Y-%m-%d %H:%M} UTC",
                "lines": [f"{item.email}:", *alert_lines(item.alert, kb)],
            }
            for item in coach_alerts(engine, user.id, user.journal_name, limit=10)
            if not item.seen
        )
    confirm = settings.accounts and getattr(user, "unverified", False) and email_on(request)
    return Chrome(
        settings.accounts, user, csrf_token(request), alerts, kb.message("alert_heading"), bool(confirm)
    )


ChromeDep = Annotated[Chrome, Depends(_chrome)]


def wants_fragment(request: Request) -> bool:
    """Whether the request came from site.js and wants only the changing part of the page."""
    return request.headers.get(FRAGMENT_HEADER) == "1"


def render(
    request: Request,
    chrome: Chrome,
    name: str,
    context: dict[str, Any],
    *,
    fragment: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    """The page `name`, or only `fragment` when the request wants a fragment."""
    chosen = fragment if fragment is not None and wants_fragment(request) else name
    return templates.TemplateResponse(
        request, chosen, {"errors": {}, **chrome.context(), **context}, status_code=status_code
    )


_TITLES = {
    400: "Bad request",
    403: "Not allowed",
    404: "Not found",
    413: "Too large",
    422: "Please check what you entered",
    500: "Server error",
}


def render_page_error(request: Request, status: int, detail: str | None) -> HTMLResponse:
    """An error as a page (for `app.state.render_page_error`): what went wrong, and the way back."""
    accounts_mode = bool(getattr(request.app.state.settings, "accounts", False))
    chrome = Chrome(accounts_mode, signed_in_outside_routes(request), request.cookies.get(CSRF_COOKIE) or "")
    context = {"title": _TITLES.get(status, "Something went wrong"), "detail": detail, "status": status}
    return templates.TemplateResponse(
        request, "error.html", {"errors": {}, **chrome.context(), **context}, status_code=status
    )
