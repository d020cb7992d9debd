"""Links sent by email (issue 17): verify an account's email, and "forgot password". All their SQL is here.

A request only writes a row to the outbox (`account_emails`), addressed by the normalised email: a request for
an email without an account writes the same row, after the same rate-limit step, so neither the answer nor
its timing tells whether an account exists. The sender (`AccountMail.deliver`, run by a background thread)
looks the account up, makes the link's token, keeps only its SHA-256 (`email_links`), and sends; an address
with no account (or a disabled one, or one with nothing to verify) gets nothing. A link is single use and
expires (`RESET_LINK_VALID`, `VERIFY_LINK_VALID`).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, Select, delete, func, insert, or_, select, update

from twitchcheck.adapters.storage.account_tables import (
    AccountEmailRow,
    AccountRow,
    EmailLinkRow,
    SignInAttemptRow,
)
from twitchcheck.adapters.storage.accounts import (
    Account,
    RateLimited,
    block_began,
    check_email,
    check_password,
    end_sessions,
    get_account,
    hash_password,
    lock_attempts,
    queue_account_email,
)
from twitchcheck.adapters.storage.journal import naive_utc, writing
from twitchcheck.core.errors import FieldProblem, InputError
from twitchcheck.services.ports import AccountEmail, Delivered, MailError

RESET_LINK_VALID = timedelta(hours=1)
VERIFY_LINK_VALID = timedelta(days=2)
ASK_WINDOW = timedelta(hours=1)
MAX_RESET_ASKS_PER_EMAIL = 3  # an hour: a stranger cannot fill someone's mailbox
MAX_RESET_ASKS_PER_IP = 10  # an hour, from one address, whatever the emails
MAX_VERIFY_SENDS_PER_ACCOUNT = 3  # "send again", an hour
SEND_WITHIN = timedelta(days=1)
"""A request older than this is not sent any more (the mail server was down that long): ask again."""
CLAIM_FOR = timedelta(minutes=5)
"""How long a sender holds a row while it talks to the mail server; after that (it died) another may send."""
MAX_ATTEMPTS = 20
KINDS = ("verify", "reset")
_VALID = {"verify": VERIFY_LINK_VALID, "reset": RESET_LINK_VALID}


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _limited(
    engine: Engine, kind: str, email: str, client_ip: str, now: datetime, limits: list[tuple[Any, int]]
) -> None:
    """Count this request against `limits` and record it, in one locked step (exact under concurrency, as the
    sign-in limit); RateLimited with nothing recorded when over; otherwise queue the email in that step."""
    moment = naive_utc(now)
    since = moment - ASK_WINDOW
    with writing(engine) as connection:
        lock_attempts(connection)
        connection.execute(
            delete(SignInAttemptRow).where(SignInAttemptRow.kind == kind, SignInAttemptRow.at <= since)
        )
        blocked_since = block_began(connection, kind, since, limits)
        if blocked_since is None:
            connection.execute(
                insert(SignInAttemptRow),
                {"email": email, "client_ip": client_ip, "at": moment, "kind": kind},
            )
            queue_account_email(connection, "reset" if kind == "reset_ask" else "verify", email, now)
    if blocked_since is not None:
        wait = blocked_since + ASK_WINDOW - moment
        raise RateLimited(max(1, int(wait.total_seconds()) + 1), "emails asked for")


def ask_password_reset(engine: Engine, email: str, *, client_ip: str, now: datetime) -> None:
    """Queue a password-reset email for `email` (sent only if an account has it): the same work and the same
    answer either way. InputError naming `email` when it is no email; RateLimited after 3 an hour for one
    email or 10 an hour from one client address."""
    normal = check_email(email)
    address = client_ip[:64]
    limits = [
        (SignInAttemptRow.email == normal, MAX_RESET_ASKS_PER_EMAIL),
        (SignInAttemptRow.client_ip == address, MAX_RESET_ASKS_PER_IP),
    ]
    _limited(engine, "reset_ask", normal, address, now, limits)


def ask_verification(engine: Engine, account: Account, *, client_ip: str, now: datetime) -> bool:
    """Queue another verification email for the account ("send again"); False when its email needs none.
    RateLimited after 3 an hour."""
    current = get_account(engine, account.id)
    if current is None or not current.unverified:
        return False
    limits = [(SignInAttemptRow.email == current.email, MAX_VERIFY_SENDS_PER_ACCOUNT)]
    _limited(engine, "verify_ask", current.email, client_ip[:64], now, limits)
    return True


class AccountMail:
    """The outbox of verification and password-reset emails of one database
    (`services.ports.AccountMailOutbox`)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def pending(self, now: datetime) -> int:
        """How many emails wait to be sent, or are being sent (or found to have no one to go to)."""
        moment = naive_utc(now)
        with self.engine.connect() as connection:
            waiting = connection.scalar(
                select(func.count()).where(
                    AccountEmailRow.sent_at.is_(None),
                    AccountEmailRow.attempts < MAX_ATTEMPTS,
                    AccountEmailRow.created_at >= moment - SEND_WITHIN,
                )
            )
        return int(waiting or 0)

    def _waiting(self, now: datetime) -> Select[Any]:
        moment = naive_utc(now)
        return (
            select(AccountEmailRow.id)
            .where(
                AccountEmailRow.sent_at.is_(None),
                AccountEmailRow.attempts < MAX_ATTEMPTS,
                AccountEmailRow.created_at >= moment - SEND_WITHIN,
                or_(AccountEmailRow.claimed_at.is_(None), AccountEmailRow.claimed_at < moment - CLAIM_FOR),
            )
            .order_by(AccountEmailRow.id)
        )

    def deliver(self, send: Callable[[AccountEmail], None], now: datetime) -> Delivered:
        """Send each email waiting: claim its row (one sender only), find the account and make the link
        (only its hash kept) in one transaction, send outside it, then mark it sent. A MailError drops the
        link, counts a try and leaves the row for the next pass; an address with nobody to send to is marked
        done."""
        moment = naive_utc(now)
        with self.engine.connect() as connection:
            ids = list(connection.scalars(self._waiting(now)))
        sent = failed = 0
        for email_id in ids:
            with writing(self.engine) as connection:
                claimed = connection.execute(
                    update(AccountEmailRow)
                    .where(
                        AccountEmailRow.id == email_id,
                        AccountEmailRow.sent_at.is_(None),
                        or_(
                            AccountEmailRow.claimed_at.is_(None),
                            AccountEmailRow.claimed_at < moment - CLAIM_FOR,
                        ),
                    )
                    .values(claimed_at=moment)
                )
                if not claimed.rowcount:  # another sender has it, or has sent it
                    continue
                row = connection.execute(
                    select(AccountEmailRow.kind, AccountEmailRow.email).where(AccountEmailRow.id == email_id)
                ).one()
                account = connection.execute(
                    select(AccountRow.id, AccountRow.disabled_at, AccountRow.email_unverified_since).where(
                        AccountRow.email == row.email
                    )
                ).first()
                wanted = (
                    account is not None
                    and account.disabled_at is None
                    and row.kind in KINDS
                    and (row.kind == "reset" or account.email_unverified_since is not None)
                )
                token = secrets.token_urlsafe(32)
                if wanted:
                    assert account is not None
                    expires = moment + _VALID[row.kind]
                    connection.execute(
                        insert(EmailLinkRow),
                        {
                            "token_hash": _hash(token),
                            "account_id": account.id,
                            "kind": row.kind,
                            "created_at": moment,
                            "expires_at": expires,
                        },
                    )
                else:
                    connection.execute(
                        update(AccountEmailRow)
                        .where(AccountEmailRow.id == email_id)
                        .values(sent_at=moment, error="nobody to send to")
                    )
                    continue
            try:
                send(AccountEmail(str(row.kind), str(row.email), token, expires, f"{row.kind}-{email_id}"))
            except MailError as error:
                with writing(self.engine) as connection:
                    connection.execute(delete(EmailLinkRow).where(EmailLinkRow.token_hash == _hash(token)))
                    connection.execute(
                        update(AccountEmailRow)
                        .where(AccountEmailRow.id == email_id)
                        .values(
                            claimed_at=None,
                            attempts=AccountEmailRow.attempts + 1,
                            error=str(error)[:500],
                        )
                    )
                failed += 1
                continue
            with writing(self.engine) as connection:
                connection.execute(
                    update(AccountEmailRow)
                    .where(AccountEmailRow.id == email_id)
                    .values(sent_at=moment, error=None)
                )
            sent += 1
        return Delivered(sent, failed)


def _link_account(engine: Engine, kind: str, token: str, now: datetime) -> Account | None:
    if not token or len(token) > 200:
        return None
    with engine.connect() as connection:
        account_id = connection.scalar(
            select(EmailLinkRow.account_id).where(
                EmailLinkRow.token_hash == _hash(token),
                EmailLinkRow.kind == kind,
                EmailLinkRow.expires_at > naive_utc(now),
            )
        )
    return get_account(engine, int(account_id)) if account_id is not None else None


def _use_links(connection: Connection, kind: str, token: str, account_id: int) -> bool:
    """Delete the token's link, and with it every other link of that kind for the account (one email's link
    used ends the others); whether the token's was still there (not used by another request meanwhile)."""
    used = connection.execute(
        delete(EmailLinkRow).where(EmailLinkRow.token_hash == _hash(token), EmailLinkRow.kind == kind)
    )
    connection.execute(
        delete(EmailLinkRow).where(EmailLinkRow.account_id == account_id, EmailLinkRow.kind == kind)
    )
    return bool(used.rowcount)


LINK_REFUSED = "this link has been used already or has expired"


def verify_email(engine: Engine, token: str, now: datetime) -> Account | None:
    """Confirm the account's email with the token of its verification link (used up); None when the link is
    unknown, used or expired."""
    account = _link_account(engine, "verify", token, now)
    if account is None:
        return None
    with writing(engine) as connection:
        if not _use_links(connection, "verify", token, account.id):
            return None
        connection.execute(
            update(AccountRow).where(AccountRow.id == account.id).values(email_unverified_since=None)
        )
    return get_account(engine, account.id)


def verify_link_account(engine: Engine, token: str, now: datetime) -> Account | None:
    """The account a verification link is for, if it is still good (nothing is used up or confirmed: a mail
    scanner that opens the link confirms nothing; `verify_email` does, on the page's button)."""
    return _link_account(engine, "verify", token, now)


def reset_link_account(engine: Engine, token: str, now: datetime) -> Account | None:
    """The account a password-reset link is for, if it is still good (nothing is used up: a link checker
    that opens the link leaves it working)."""
    return _link_account(engine, "reset", token, now)


def reset_password_by_link(engine: Engine, token: str, new_password: str, now: datetime) -> Account:
    """Set a new password with a password-reset link (used up, with every other reset link of the account)
    and end every session of the account, as `accounts.reset_password` does with an administrator's code.
    InputError naming `new_password` (too short or long) or `token` (unknown, used or expired)."""
    check_password(new_password, "new_password")
    account = _link_account(engine, "reset", token, now)
    refused = InputError([FieldProblem("token", LINK_REFUSED)], "password reset")
    if account is None:
        raise refused
    new_hash = hash_password(new_password)
    with writing(engine) as connection:
        if not _use_links(connection, "reset", token, account.id):  # used at the same moment elsewhere
            raise refused
        connection.execute(
            update(AccountRow).where(AccountRow.id == account.id).values(password_hash=new_hash)
        )
        end_sessions(connection, account.id, None)
    return account
