"""Email over SMTP (the standard library's smtplib), configured by environment variables:

- `TWITCHCHECK_SMTP_URL`: `smtp://host:port` (or `smtp://user:password@host:port`; `smtps://` for TLS from the
  start, `?starttls=1` to upgrade); unset: no email.
- `TWITCHCHECK_SMTP_FROM`: the from address (required with the URL).
- `TWITCHCHECK_ALERT_EMAIL`: where the single-user journal's alerts go (an account's go to its own address).
- `TWITCHCHECK_PUBLIC_URL`: the app's address for the link in the email (default http://127.0.0.1:8000).
"""

from __future__ import annotations

import os
import smtplib
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate
from urllib.parse import parse_qs, unquote, urlsplit

from twitchcheck.services.ports import MailError

ENV_SMTP_URL = "TWITCHCHECK_SMTP_URL"
ENV_SMTP_FROM = "TWITCHCHECK_SMTP_FROM"
ENV_ALERT_EMAIL = "TWITCHCHECK_ALERT_EMAIL"
ENV_PUBLIC_URL = "TWITCHCHECK_PUBLIC_URL"
_TIMEOUT_S = 10.0  # a sender holds the alert's lock while it talks to the server


class EmailSettingsError(ValueError):
    """An email setting cannot be used; the message names the variable."""


@dataclass(frozen=True)
class EmailSettings:
    host: str
    port: int
    sender: str
    alert_to: str | None
    public_url: str
    user: str | None = None
    password: str | None = None
    tls: bool = False
    starttls: bool = False

    @property
    def status_link(self) -> str:
        return self.public_url.rstrip("/") + "/status"

    @property
    def coach_link(self) -> str:
        """Where a coach's alert email points: the coach's page (who needs attention, and why)."""
        return self.public_url.rstrip("/") + "/coach"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> EmailSettings | None:
        """The settings from the environment; None when TWITCHCHECK_SMTP_URL is not set."""
        env = os.environ if environ is None else environ
        url = env.get(ENV_SMTP_URL, "").strip()
        if not url:
            return None
        parts = urlsplit(url)
        if parts.scheme not in {"smtp", "smtps"} or not parts.hostname:
            raise EmailSettingsError(
                f"{ENV_SMTP_URL}: give smtp://host:port (got {parts.scheme or url!r}://...)"
            )
        try:
            port = parts.port or (465 if parts.scheme == "smtps" else 25)
        except ValueError:
            raise EmailSettingsError(f"{ENV_SMTP_URL}: the port is not a number") from None
        sender = env.get(ENV_SMTP_FROM, "").strip()
        if "@" not in sender:
            raise EmailSettingsError(f"{ENV_SMTP_FROM}: give the from address, like twitchcheck@example.org")
        alert_to = env.get(ENV_ALERT_EMAIL, "").strip() or None
        if alert_to is not None and "@" not in alert_to:
            raise EmailSettingsError(f"{ENV_ALERT_EMAIL}: {alert_to!r} is not an email address")
        query = parse_qs(parts.query)
        return cls(
            host=parts.hostname,
            port=port,
            sender=sender,
            alert_to=alert_to,
            public_url=env.get(ENV_PUBLIC_URL, "").strip() or "http://127.0.0.1:8000",
            user=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
            tls=parts.scheme == "smtps",
            starttls=query.get("starttls", ["0"])[0].lower() in {"1", "true", "yes"},
        )


class SmtpMailer:
    """Sends each message in its own SMTP session (alerts are few; a session is never left open)."""

    def __init__(self, settings: EmailSettings) -> None:
        self.settings = settings

    def send(self, to: str, subject: str, body: str, message_id: str) -> None:
        """Hand one message to the server; MailError (with the server's reason) when it cannot be."""
        s = self.settings
        message = EmailMessage()
        message["From"] = s.sender
        message["To"] = to
        message["Subject"] = subject
        message["Date"] = formatdate(localtime=False, usegmt=True)
        message["Message-ID"] = message_id
        message.set_content(body)
        smtp_class = smtplib.SMTP_SSL if s.tls else smtplib.SMTP
        try:
            with smtp_class(s.host, s.port, timeout=_TIMEOUT_S) as smtp:
                if s.starttls:
                    smtp.starttls()
                if s.user is not None:
                    smtp.login(s.user, s.password or "")
                smtp.send_message(message)
        except (OSError, smtplib.SMTPException) as error:
            raise MailError(f"{s.host}:{s.port}: {error}") from None
