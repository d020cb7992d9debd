"""The web app's tables (migration 0002), in the same database as the journal's, so one PostgreSQL database
holds a team:

- `accounts`: one row per person (normalised email, argon2 hash, the name of their journal in `events`).
- `web_sessions`: signed-in browsers and clients; only a SHA-256 of each session token is kept.
- `signin_attempts`: failed sign-ins and registrations, for the rate limits (shared by every worker process).
- `shares`: who lets whom (a coach) see their level, red flags and trends.
- `password_resets` (migration 0005, with `accounts.disabled_at` and `web_sessions.last_seen_at`): one-time
  codes to set a new password, only their SHA-256 kept.
- `invitations` (migration 0008): one-time invitations to register on an invite-only server, each bound to
  one email, only their SHA-256 kept.
- `email_links` and `account_emails` (migration 0010, with `accounts.email_unverified_since`): one-time
  links to verify an email or reset a password, only their SHA-256 kept, and the outbox of their emails.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from twitchcheck.adapters.storage.journal_tables import Base


class AccountRow(Base):
    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)  # normalised: trimmed, lower case
    password_hash: Mapped[str] = mapped_column(String(200))
    zone: Mapped[str] = mapped_column(String(64))
    journal_name: Mapped[str] = mapped_column(String(100), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime())  # UTC, naive
    disabled_at: Mapped[datetime | None] = mapped_column(DateTime(), nullable=True)
    email_unverified_since: Mapped[datetime | None] = mapped_column(DateTime(), nullable=True)
    """Set when the account was made on a server that sends email, until its person follows the link
    (migration 0010); null: nothing to confirm (made before, or without email)."""


class WebSessionRow(Base):
    __tablename__ = "web_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)  # SHA-256 hex of the token
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(DateTime())
    expires_at: Mapped[datetime] = mapped_column(DateTime())
    last_seen_at: Mapped[datetime | None] = mapped_column(DateTime(), nullable=True)  # null: created_at

    __table_args__ = (Index("ix_web_sessions_account", "account_id"),)


class SignInAttemptRow(Base):
    __tablename__ = "signin_attempts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    email: Mapped[str] = mapped_column(String(320))
    client_ip: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(DateTime())
    kind: Mapped[str] = mapped_column(String(20), default="signin")  # signin (a failure) | register

    __table_args__ = (
        Index("ix_signin_attempts_email_at", "email", "at"),
        Index("ix_signin_attempts_ip_at", "client_ip", "at"),
    )


class ShareRow(Base):
    __tablename__ = "shares"

    owner_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True)
    coach_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime())
    accepted_at: Mapped[datetime | None] = mapped_column(DateTime(), default=None)
    """When the coach accepted (migration 0007); until then the coach sees nothing of the person."""

    __table_args__ = (Index("ix_shares_coach", "coach_id"),)


class ApiTokenRow(Base):
    """A personal API token (migration 0006): only its SHA-256 is kept."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    scope: Mapped[str] = mapped_column(String(10))  # read | write (write includes read)
    created_at: Mapped[datetime] = mapped_column(DateTime())
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(), default=None)

    __table_args__ = (Index("ix_api_tokens_account", "account_id"),)


class PasswordResetRow(Base):
    __tablename__ = "password_resets"

    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)  # SHA-256 hex of the code
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(DateTime())
    expires_at: Mapped[datetime] = mapped_column(DateTime())

    __table_args__ = (Index("ix_password_resets_account", "account_id"),)


class InvitationRow(Base):
    """A one-time invitation to register (migration 0008), bound to one normalised email: only its SHA-256
    is kept; `used_at` is set when an account is made with it."""

    __tablename__ = "invitations"

    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)  # SHA-256 hex of the code
    email: Mapped[str] = mapped_column(String(320))  # normalised as accounts.email
    created_at: Mapped[datetime] = mapped_column(DateTime())
    expires_at: Mapped[datetime] = mapped_column(DateTime())
    used_at: Mapped[datetime | None] = mapped_column(DateTime(), nullable=True)

    __table_args__ = (Index("ix_invitations_email", "email"),)


class EmailLinkRow(Base):
    """A one-time link sent by email (migration 0010): `verify` the address, or `reset` the password. Only
    its SHA-256 is kept; it is deleted when used."""

    __tablename__ = "email_links"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)  # SHA-256 hex of the token
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(10))  # verify | reset
    created_at: Mapped[datetime] = mapped_column(DateTime())
    expires_at: Mapped[datetime] = mapped_column(DateTime())

    __table_args__ = (Index("ix_email_links_account", "account_id"),)


class AccountEmailRow(Base):
    """The outbox of verification and password-reset emails (migration 0010), addressed by normalised email:
    the sender looks the account up when it sends, so a request for an unknown email writes the same row."""

    __tablename__ = "account_emails"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(10))  # verify | reset
    email: Mapped[str] = mapped_column(String(320))
    created_at: Mapped[datetime] = mapped_column(DateTime())
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime(), nullable=True)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(), nullable=True)  # sent, or nobody to send to
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)

    __table_args__ = (
        Index("ix_account_emails_sent_at", "sent_at"),
        Index("ix_account_emails_email", "email"),
    )
