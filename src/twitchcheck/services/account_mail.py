"""The emails with a one-time link for an account (verify its email, set a new password), from their outbox:
each once, with the link and when it stops working, and nothing of the person's health."""

from __future__ import annotations

import uuid
from datetime import datetime
from urllib.parse import quote

from twitchcheck.knowledge.loader import KnowledgeBase, load_knowledge
from twitchcheck.services.ports import AccountEmail, AccountMailOutbox, Delivered, Mailer

_IDS = uuid.UUID("0c4f3a52-6d0e-4b8e-9b1e-7a3c5d2e9f41")
LINK_PATHS = {"verify": "/verify-email", "reset": "/forgot-password/new"}
"""Where each kind of link opens, under the server's public address (the token goes in `?token=`)."""


def account_link(email: AccountEmail, public_url: str) -> str:
    """The link in the email."""
    return f"{public_url.rstrip('/')}{LINK_PATHS[email.kind]}?token={quote(email.token)}"


def account_email_text(
    email: AccountEmail, public_url: str, knowledge: KnowledgeBase | None = None
) -> tuple[str, str]:
    """The subject and body of the email: what the link is for, the link, and until when it works."""
    kb = knowledge if knowledge is not None else load_knowledge()
    body = kb.message(f"{email.kind}_email_body").format(
        link=account_link(email, public_url), expires=f"{email.expires_at:%Y-%m-%d %H:%M}"
    )
    return kb.message(f"{email.kind}_email_subject"), body


def email_account_links(
    outbox: AccountMailOutbox,
    mailer: Mailer,
    now: datetime,
    public_url: str,
    knowledge: KnowledgeBase | None = None,
) -> Delivered:
    """Send every verification and password-reset email waiting in the outbox."""
    kb = knowledge if knowledge is not None else load_knowledge()

    def send(email: AccountEmail) -> None:
        subject, body = account_email_text(email, public_url, kb)
        mailer.send(email.to, subject, body, f"<{uuid.uuid5(_IDS, email.key)}@twitchcheck.accounts>")

    return outbox.deliver(send, now)


__all__ = ["LINK_PATHS", "account_email_text", "account_link", "email_account_links"]
