"""Administering the accounts of a server (`twitchcheck admin`): create one, list them, disable, enable or
delete one, give a person a one-time code to set a new password, and invite people to sign up on an
invite-only server.

Storage comes in through `AccountDirectory` (the storage adapter's `accounts.Directory` fits it). An account
made here has no password anyone knows: the person sets theirs with the code, so an administrator never
learns it. Errors are InputError naming `email`, as every door shows them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol

from twitchcheck.core.errors import FieldProblem, InputError

RESET_CODE_VALID = timedelta(hours=1)
"""How long a one-time code to set a password lasts, unless the administrator says otherwise."""
INVITATION_VALID = timedelta(days=7)
"""How long an invitation to register lasts, unless the administrator says otherwise."""


@dataclass(frozen=True, slots=True)
class AccountEntry:
    """An account as an administrator sees it: no password, no journal."""

    id: int
    email: str
    zone: str
    created_at: datetime
    disabled_at: datetime | None
    sessions: int
    """Open sessions (signed-in browsers and clients)."""
    last_seen_at: datetime | None
    """The latest use of any of its sessions."""
    email_confirmed: bool = True
    """False while a verification link sent to the email has not been followed (only when the server sends
    email; accounts made by an administrator need none)."""

    def to_json(self) -> dict[str, object]:
        """The entry as `admin list --format json` prints it."""

        def moment(value: datetime | None) -> str | None:
            return None if value is None else value.isoformat() + "Z"

        return {
            "id": self.id,
            "email": self.email,
            "zone": self.zone,
            "created_at": moment(self.created_at),
            "disabled_at": moment(self.disabled_at),
            "sessions": self.sessions,
            "last_seen_at": moment(self.last_seen_at),
            "email_confirmed": self.email_confirmed,
        }


@dataclass(frozen=True, slots=True)
class ResetCode:
    """A one-time code for `email`, to be entered with a new password before `expires_at` (UTC)."""

    email: str
    code: str
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class Invitation:
    """A one-time invitation for `email` to register on an invite-only server, before `expires_at` (UTC)."""

    email: str
    code: str
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class InvitationEntry:
    """An invitation as `admin invites` lists it (its code is never kept, so never shown again)."""

    email: str
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None

    def state(self, now: datetime) -> str:
        """ "used", "expired" or "open"."""
        if self.used_at is not None:
            return "used"
        return "expired" if self.expires_at <= _naive(now) else "open"

    def to_json(self, now: datetime) -> dict[str, object]:
        """The entry as `admin invites --format json` prints it."""
        return {
            "email": self.email,
            "created_at": self.created_at.isoformat() + "Z",
            "expires_at": self.expires_at.isoformat() + "Z",
            "used_at": None if self.used_at is None else self.used_at.isoformat() + "Z",
            "state": self.state(now),
        }


class AccountDirectory(Protocol):
    """The accounts of one server, as the administration's use cases read and change them."""

    def find(self, email: str) -> AccountEntry | None:
        """The account with this email (normalised as sign-in does), if any."""
        ...

    def entries(self) -> list[AccountEntry]:
        """Every account, by email."""
        ...

    def create(self, email: str, zone: str, now: datetime) -> AccountEntry:
        """A new account with an unknown password; InputError naming `email` or `zone`."""
        ...

    def set_disabled(self, account_id: int, disabled: bool, now: datetime) -> None:
        """Disable (and sign out everywhere) or enable the account."""
        ...

    def delete(self, account_id: int) -> None:
        """The account and everything of it, gone."""
        ...

    def issue_reset_code(self, account_id: int, now: datetime, valid: timedelta) -> str:
        """A new one-time code for the account (any earlier one no longer works); only its hash is kept."""
        ...

    def issue_invitation(self, email: str, now: datetime, valid: timedelta) -> tuple[str, str]:
        """(normalised email, code): a new invitation for an email without an account (its earlier unused
        ones no longer work); only the code's hash is kept. InputError naming `email`."""
        ...

    def invitations(self) -> list[InvitationEntry]:
        """Every invitation, used or not, by email."""
        ...

    def withdraw_invitations(self, email: str) -> int:
        """Delete the email's unused invitations; how many there were."""
        ...


def _known(directory: AccountDirectory, email: str) -> AccountEntry:
    entry = directory.find(email)
    if entry is None:
        raise InputError([FieldProblem("email", f"no account has the email {email.strip()!r}")], "admin")
    return entry


def list_accounts(directory: AccountDirectory) -> list[AccountEntry]:
    """Every account of the server, by email."""
    return directory.entries()


def create_account(
    directory: AccountDirectory, email: str, zone: str, now: datetime, valid: timedelta = RESET_CODE_VALID
) -> ResetCode:
    """A new account, and the one-time code with which its person sets their password."""
    entry = directory.create(email, zone, now)
    return ResetCode(entry.email, directory.issue_reset_code(entry.id, now, valid), _naive(now) + valid)


def reset_password(
    directory: AccountDirectory, email: str, now: datetime, valid: timedelta = RESET_CODE_VALID
) -> ResetCode:
    """A one-time code with which the person sets a new password (the old one keeps working until then)."""
    entry = _known(directory, email)
    return ResetCode(entry.email, directory.issue_reset_code(entry.id, now, valid), _naive(now) + valid)


def disable_account(directory: AccountDirectory, email: str, now: datetime) -> AccountEntry:
    """The account can no longer sign in, and every session of it ends; its journal is kept."""
    entry = _known(directory, email)
    directory.set_disabled(entry.id, True, now)
    return entry


def enable_account(directory: AccountDirectory, email: str, now: datetime) -> AccountEntry:
    """A disabled account can sign in again."""
    entry = _known(directory, email)
    directory.set_disabled(entry.id, False, now)
    return entry


def delete_account(directory: AccountDirectory, email: str) -> AccountEntry:
    """The account and everything of it (journal, sessions, shares) deleted for good."""
    entry = _known(directory, email)
    directory.delete(entry.id)
    return entry


def invite(
    directory: AccountDirectory, email: str, now: datetime, valid: timedelta = INVITATION_VALID
) -> Invitation:
    """A one-time invitation with which the person with this email signs up on an invite-only server."""
    normal, code = directory.issue_invitation(email, now, valid)
    return Invitation(normal, code, _naive(now) + valid)


def list_invitations(directory: AccountDirectory) -> list[InvitationEntry]:
    """Every invitation of the server, used or not, by email."""
    return directory.invitations()


def uninvite(directory: AccountDirectory, email: str) -> int:
    """Withdraw the email's unused invitations (InputError naming `email` if it has none)."""
    withdrawn = directory.withdraw_invitations(email)
    if not withdrawn:
        problem = FieldProblem("email", f"no unused invitation for {email.strip()!r}")
        raise InputError([problem], "admin")
    return withdrawn


def _naive(moment: datetime) -> datetime:
    return moment if moment.tzinfo is None else moment.astimezone(UTC).replace(tzinfo=None)
