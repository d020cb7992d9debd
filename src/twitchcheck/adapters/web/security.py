"""Request guards that hold across worker processes because they keep no state: a cap on body size, a
cross-site check on every request that changes something, and the CSRF cookie for forms.

Cross-site requests (CSRF): session cookies are SameSite=Lax, so browsers do not send them on a cross-site
POST. On top of that, every POST/PUT/PATCH/DELETE is refused (403) when the browser says it comes from
another site (`Sec-Fetch-Site: cross-site`/`same-site`, or an `Origin` whose host is not this one), and an
API request that changes something must be one a plain HTML form cannot send: a JSON (or JSON Lines) content
type, or an `X-Requested-With` header; browsers send neither cross-site without asking the server first
(CORS), and this app allows no cross-origin requests. Form POSTs of the pages carry a double-submit token
(`deps.verify_csrf`).
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from twitchcheck.adapters.web.problems import problem_response

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_API_CONTENT_TYPES = (
    "application/json",
    "application/x-ndjson",
    "application/jsonl",
    "application/problem+json",
)


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return str(value.decode("latin-1"))
    return None


def is_loopback(host: str) -> bool:
    """Whether `host` (a name or an address, IPv6 with or without brackets) is this machine only:
    localhost, 127.0.0.0/8 or ::1."""
    name = host.strip().lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name.strip("[]")).is_loopback
    except ValueError:
        return False


def _host_name(host_header: str) -> str:
    """The name in a Host header, without its port: `[::1]:8000` gives `[::1]`, `127.0.0.2:80` `127.0.0.2`."""
    if host_header.startswith("["):
        return host_header.split("]", 1)[0] + "]"
    return host_header.rsplit(":", 1)[0] if host_header.count(":") == 1 else host_header


class LoopbackHostMiddleware:
    """Single-user mode answers only requests addressed to this machine by a loopback name: `localhost` or a
    loopback address (127.0.0.0/8, [::1]), with any port. A page elsewhere that points its own host name at
    127.0.0.1 (DNS rebinding) gets a 400, so it cannot read the journal. `also` admits extra names (the
    test client's `testserver`)."""

    def __init__(self, app: ASGIApp, also: tuple[str, ...] = ()) -> None:
        self.app = app
        self.also = frozenset(name.lower() for name in also)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in {"http", "websocket"}:
            name = _host_name((_header(scope, b"host") or "").strip().lower())
            if not (is_loopback(name) or name in self.also):
                detail = "this single-user server answers only to localhost, a 127.x.x.x address or [::1]"
                await problem_response(400, detail)(scope, receive, send)
                return
        await self.app(scope, receive, send)


class BodyTooLarge(Exception):
    pass


class GuardMiddleware:
    """413 for a body over `max_body_bytes` (by Content-Length, or counted as it arrives); 403 for a
    cross-site request that changes something; 403 for an API change a plain form could have sent."""

    def __init__(self, app: ASGIApp, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        method = scope["method"]
        path: str = scope["path"]
        if method in UNSAFE_METHODS:
            refusal = self._cross_site(scope, path)
            if refusal is not None:
                await problem_response(403, refusal)(scope, receive, send)
                return
        length = _header(scope, b"content-length")
        if length is not None:
            try:
                too_large = int(length) > self.max_body_bytes
            except ValueError:
                too_large = False
            if too_large:
                await self._too_large(scope, receive, send)
                return
        received = 0
        started = False

        async def counted_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body_bytes:
                    raise BodyTooLarge
            return message

        async def tracked_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted_receive, tracked_send)
        except BodyTooLarge:
            if not started:
                await self._too_large(scope, receive, send)

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        detail = f"the request body is larger than {self.max_body_bytes} bytes"
        await problem_response(413, detail, headers={"Connection": "close"})(scope, receive, send)

    @staticmethod
    def _cross_site(scope: Scope, path: str) -> str | None:
        refused = "a request from another site cannot change anything here"
        # Browsers that send Sec-Fetch-Site say where a request comes from, whatever a proxy did to the Host
        # header; for the others, the Origin must name this host (Go's CrossOriginProtection does the same).
        fetch_site = _header(scope, b"sec-fetch-site")
        if fetch_site is not None:
            if fetch_site not in {"same-origin", "none"}:
                return refused
        else:
            origin = _header(scope, b"origin")
            host = _header(scope, b"host")
            if origin == "null" or (
                origin is not None and host is not None and urlsplit(origin).netloc != host
            ):
                return refused
        if path.startswith("/api/"):
            content_type = (_header(scope, b"content-type") or "").split(";")[0].strip().lower()
            json_like = content_type in _API_CONTENT_TYPES or content_type.endswith("+json")
            if not json_like and _header(scope, b"x-requested-with") is None:
                return (
                    "send Content-Type: application/json (or an X-Requested-With header) with a request that "
                    "changes something"
                )
        return None


class CsrfCookieMiddleware:
    """Sets the CSRF cookie when a page handed out a new token (`deps.csrf_token`)."""

    def __init__(self, app: ASGIApp, secure: bool) -> None:
        self.app = app
        self.secure = secure

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                state = scope.get("state") or {}
                token = state.get("new_csrf_token")
                if token:
                    from http.cookies import SimpleCookie

                    from twitchcheck.adapters.web.deps import CSRF_COOKIE

                    cookie: SimpleCookie = SimpleCookie()
                    cookie[CSRF_COOKIE] = token
                    cookie[CSRF_COOKIE]["path"] = "/"
                    cookie[CSRF_COOKIE]["samesite"] = "Strict"
                    cookie[CSRF_COOKIE]["httponly"] = True
                    if self.secure:
                        cookie[CSRF_COOKIE]["secure"] = True
                    value = cookie.output(header="").strip()
                    message.setdefault("headers", [])
                    message["headers"] = [*message["headers"], (b"set-cookie", value.encode("latin-1"))]
            await send(message)

        await self.app(scope, receive, send_with_cookie)


# Scripts only from this origin, never inline. Styles may be inline: the charts are matplotlib's SVG, drawn
# into the status page with style attributes, and a style cannot run code. Images from here or data: URLs.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
# The API docs page (swagger-ui) starts itself with an inline script; it shows no personal data.
DOCS_CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
HSTS = "max-age=31536000; includeSubDomains"
_CACHEABLE_PREFIXES = ("/static/",)  # the same for everyone; everything else may be someone's own


class SecurityHeadersMiddleware:
    """Headers on every answer: a Content-Security-Policy, nosniff, no framing (frame-ancestors and
    X-Frame-Options), no Referer to other sites, `Cache-Control: no-store` on everything but static files
    (pages and API answers may be someone's journal), and HSTS when the request came over HTTPS: directly,
    or through a proxy that says so in X-Forwarded-Proto, believed only with `trust_proxy`."""

    def __init__(self, app: ASGIApp, trust_proxy: bool, docs_path: str | None) -> None:
        self.app = app
        self.trust_proxy = trust_proxy
        self.docs_path = docs_path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        https = scope.get("scheme") == "https" or (
            self.trust_proxy and (_header(scope, b"x-forwarded-proto") or "").strip().lower() == "https"
        )
        policy = DOCS_CONTENT_SECURITY_POLICY if path == self.docs_path else CONTENT_SECURITY_POLICY
        added = [
            (b"content-security-policy", policy.encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"x-frame-options", b"DENY"),
            (b"referrer-policy", b"no-referrer"),
        ]
        if https:
            added.append((b"strict-transport-security", HSTS.encode()))
        personal = not path.startswith(_CACHEABLE_PREFIXES)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (key, value)
                    for key, value in message.get("headers", [])
                    if not (personal and key.lower() == b"cache-control")
                ]
                headers.extend(added)
                if personal:
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)
