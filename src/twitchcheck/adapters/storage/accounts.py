"""Accounts, sessions, the sign-in rate limit and shares with a coach: all the web app's SQL is here.

Passwords are hashed with argon2id (argon2-cffi). A session is an opaque random token given to the client;
only its SHA-256 is stored, so a copy of the database does not sign anyone in. Failed sign-ins are counted in
the database, per email and per client address, so the limit holds across every worker process.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import unicodedata
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, Engine, delete, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from twitchcheck.adapters.storage.account_tables import (
    AccountEmailRow,
    AccountRow,
    ApiTokenRow,
    EmailLinkRow,
    InvitationRow,
    PasswordResetRow,
    ShareRow,
    SignInAttemptRow,
    WebSessionRow,
)
from twitchcheck.adapters.storage.journal import Journal, purge_journal, writing
from twitchcheck.adapters.storage.journal_tables import (
    DEFAULT_JOURNAL,
    CoachEmailRow,
    EventRow,
    EventSourceRow,
    OperationRow,
    SettingRow,
)
from twitchcheck.core.errors import FieldProblem, InputError
from twitchcheck.services.accounts import AccountEntry, InvitationEntry

MIN_PASSWORD_CHARS = 10
MAX_PASSWORD_CHARS = 1024  # argon2 takes any length; a cap keeps a huge password from costing the server
MAX_FAILURES_PER_EMAIL_AND_IP = 5  # one account from one address: the guesses of one attacker
MAX_FAILURES_PER_ACCOUNT = 50  # from anywhere: a ceiling for guesses spread over many addresses
MAX_FAILURES_PER_IP = 20  # higher than per email: a team often signs in from behind one address
FAILURE_WINDOW = timedelta(minutes=15)
MAX_SHARE_MISSES_PER_ACCOUNT = 10  # "no account has this email" answers: each tells whether an email exists
MAX_SHARE_MISSES_PER_IP = 30
SHARE_MISS_WINDOW = timedelta(hours=1)
MAX_REGISTRATIONS_PER_IP = 10
REGISTRATION_WINDOW = timedelta(hours=1)
LOCAL_ACCOUNT_ID = 0

_hasher = PasswordHasher()


@cache
def _dummy_hash() -> str:
    """Verified against when the email is unknown, so that a wrong email takes as long as a wrong password."""
    return _hasher.hash(secrets.token_urlsafe(16))


@dataclass(frozen=True, slots=True)
class Account:
    """A person who signs in (or, in single-user mode, the one local person); their journal is theirs."""

    id: int
    email: str
    zone: str
    journal_name: str
    created_at: datetime
    is_local: bool = False
    unverified: bool = False
    """Made on a server that sends email, and its email not confirmed yet (`email_links`): it may sign in and
    keep its journal, but no alert email goes to it and no one can share with it as a coach."""


@dataclass(frozen=True, slots=True)
class Share:
    """Who a person lets see their level, red flags and trends."""

    coach_id: int
    coach_email: str
    created_at: datetime
    accepted: bool = False
    """Whether the coach has accepted: until then they see nothing."""


class SignInRefused(Exception):
    """The email or the password is wrong (the message never says which)."""

    def __init__(self) -> None:
        super().__init__("email or password is wrong")


class AccountDisabled(SignInRefused):
    """The password is right, but an administrator disabled the account (said only to who knows it)."""

    def __init__(self) -> None:
        Exception.__init__(self, "this account is disabled: ask the server's administrator")


class RateLimited(Exception):
    """Too many failed sign-ins lately; try again after `retry_after_s` seconds."""

    def __init__(self, retry_after_s: int, what: str = "failed sign-ins") -> None:
        super().__init__(f"too many {what}; try again in {retry_after_s} seconds")
        self.retry_after_s = retry_after_s


class AccountExists(Exception):
    """An account with this email already exists."""


class RegistrationClosed(Exception):
    """This server makes no accounts by sign-up (`TWITCHCHECK_REGISTRATION=closed`): only `admin create`."""

    def __init__(self) -> None:
        super().__init__(
            "this server does not take sign-ups: ask its administrator for an account "
            "(twitchcheck admin create)"
        )


REGISTRATION_MODES = ("open", "invite", "closed")
"""open: anyone may sign up; invite: only with an invitation (`admin invite`) for that email; closed: no
sign-up at all, accounts come from `admin create`."""


def local_account(zone: str | None, now: datetime) -> Account:
    """The single-user mode's person: the journal named "default", the same one the CLI uses."""
    return Account(LOCAL_ACCOUNT_ID, "", zone or "UTC", DEFAULT_JOURNAL, _naive(now), is_local=True)


def normalise_email(email: str) -> str:
    """The email as stored and compared: Unicode NFKC (a fullwidth letter is its plain one), trimmed,
    in lower case."""
    return unicodedata.normalize("NFKC", email).strip().lower()


def _script(char: str) -> str | None:
    """The script of a letter ("LATIN", "CYRILLIC", "GREEK"...), None for digits and marks such as "." "-"."""
    if not char.isalpha():
        return None
    return unicodedata.name(char, "UNKNOWN").split(" ", 1)[0]


def _look_alike(email: str) -> bool:
    """Whether an email could pass for another: an invisible or direction-changing character (zero-width
    space, bidi override: Unicode category Cf), or letters of two scripts in one part ("paul" with a
    Cyrillic "a" in it), the classic homograph."""
    if any(unicodedata.category(char) == "Cf" for char in email):
        return True
    for part in re.split(r"[@.]", email):
        if len({script for script in map(_script, part) if script is not None}) > 1:
            return True
    return False


def check_email(email: str, field: str = "email") -> str:
    """The normalised email, or InputError naming `field` (a control character such as NUL is no email,
    and PostgreSQL could not even compare it; a look-alike, `_look_alike`, is refused too, so that no
    stranger appears in a coach's list as a team member's twin: issue 17, finding 6)."""
    normal = normalise_email(email)
    if _look_alike(normal):
        raise InputError(
            [
                FieldProblem(
                    field,
                    "this email mixes alphabets or holds an invisible character, so it could pass for "
                    "another address; type it with the letters of one alphabet",
                )
            ],
            "account",
        )
    local, at, domain = normal.rpartition("@")
    if (
        not at
        or not local
        or "." not in domain
        or any(c.isspace() or not c.isprintable() for c in normal)
        or len(normal) > 320
    ):
        raise InputError([FieldProblem(field, "give an email address like name@example.org")], "account")
    return normal


def check_password(password: str, field: str = "password") -> None:
    """InputError naming `field` when the password is too short or too long."""
    if len(password) < MIN_PASSWORD_CHARS:
        message = f"use at least {MIN_PASSWORD_CHARS} characters"
        raise InputError([FieldProblem(field, message)], "account")
    if len(password) > MAX_PASSWORD_CHARS:
        message = f"use at most {MAX_PASSWORD_CHARS} characters"
        raise InputError([FieldProblem(field, message)], "account")


def check_zone(zone: str) -> str:
    """The zone name, or InputError naming `zone` when it is not an IANA time zone known here."""
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        message = f"{zone!r} is not a known time zone; give one like Europe/Berlin"
        raise InputError([FieldProblem("zone", message)], "account") from None
    return zone


def _naive(moment: datetime) -> datetime:
    """UTC without tzinfo: stored the same on SQLite and PostgreSQL."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(UTC).replace(tzinfo=None)


def _account(row: Any) -> Account:
    return Account(
        row.id,
        row.email,
        row.zone,
        row.journal_name,
        row.created_at,
        unverified=row.email_unverified_since is not None,
    )


_ACCOUNT_COLUMNS = (
    AccountRow.id,
    AccountRow.email,
    AccountRow.zone,
    AccountRow.journal_name,
    AccountRow.created_at,
    AccountRow.email_unverified_since,
)


# -- accounts ---------------------------------------------------------------------------------------------


def register(
    engine: Engine,
    email: str,
    password: str,
    zone: str,
    now: datetime,
    *,
    client_ip: str | None = None,
    registration: str = "open",
    invite: str | None = None,
    verify_email: bool = False,
) -> Account:
    """A new account with its own (empty) journal; InputError for a bad field, AccountExists if taken.

    With `client_ip`, at most 10 attempts an hour are taken from one address (RateLimited otherwise),
    successful or not: each could cost an argon2 hash, and an open registration page is otherwise an easy
    way to fill the database. `registration` is the server's mode (`REGISTRATION_MODES`): "closed" refuses
    every sign-up (RegistrationClosed); "invite" needs `invite`, an unused, unexpired invitation for this
    email (InputError naming `invite` otherwise, checked before any hashing, and used up with the account).
    With `verify_email` (the server sends email) the account starts unverified and its verification email
    is put in the outbox in the same transaction (`email_links`).
    """
    if registration == "closed":
        raise RegistrationClosed()
    if client_ip is not None:
        _check_registrations(engine, client_ip[:64], now)
    problems: list[FieldProblem] = []
    normal = ""
    for check in (lambda: check_email(email), lambda: check_password(password), lambda: check_zone(zone)):
        try:
            result = check()
            if isinstance(result, str) and "@" in result:
                normal = result
        except InputError as error:
            problems.extend(error.problems)
    if problems:
        raise InputError(problems, "account")
    invitation = None
    if registration == "invite":
        invitation = _valid_invitation(engine, normal, invite or "", now)  # cheap: before any hash
    with engine.connect() as connection:  # cheap check first: no hash for a taken email
        if connection.scalar(select(AccountRow.id).where(AccountRow.email == normal)) is not None:
            raise AccountExists(normal)
    journal_name = f"account-{uuid.uuid4().hex}"
    values = {
        "email": normal,
        "password_hash": _hasher.hash(password),
        "zone": zone,
        "journal_name": journal_name,
        "created_at": _naive(now),
        "email_unverified_since": _naive(now) if verify_email else None,
    }
    try:
        with writing(engine) as connection:
            if connection.scalar(select(AccountRow.id).where(AccountRow.email == normal)) is not None:
                raise AccountExists(normal)
            if invitation is not None:
                _use_invitation(connection, invitation, now)
            new_id = connection.execute(insert(AccountRow).returning(AccountRow.id), values).scalar_one()
            if verify_email:
                queue_account_email(connection, "verify", normal, now)
    except IntegrityError:  # registered at the same moment by another request
        raise AccountExists(normal) from None
    account = Account(int(new_id), normal, zone, journal_name, _naive(now), unverified=verify_email)
    Journal(engine, journal_name, zone=zone)  # writes the journal's time zone once
    return account


def queue_account_email(connection: Connection, kind: str, normal_email: str, now: datetime) -> None:
    """Put a `verify` or `reset` email for this address in the outbox (`storage.email_links` sends it), in
    the caller's transaction: the same row whether or not an account has the address."""
    connection.execute(
        insert(AccountEmailRow),
        {"kind": kind, "email": normal_email, "created_at": _naive(now), "attempts": 0},
    )


def hash_password(password: str) -> str:
    """The argon2id hash of a new password, as stored."""
    return _hasher.hash(password)


def _invitation_refused(invite: str) -> InputError:
    if not invite.strip():
        message = "this server is invite-only: enter the invitation code you were sent"
    else:
        message = (
            "this invitation code is wrong, used, expired or for another email: "
            "ask the server's administrator for a new one"
        )
    return InputError([FieldProblem("invite", message)], "account")


def _valid_invitation(engine: Engine, normal_email: str, invite: str, now: datetime) -> str:
    """The hash of an unused, unexpired invitation for this email, or InputError naming `invite`."""
    if not invite.strip():
        raise _invitation_refused(invite)
    code_hash = _code_hash(invite[:100])
    with engine.connect() as connection:
        found = connection.scalar(
            select(InvitationRow.code_hash).where(
                InvitationRow.code_hash == code_hash,
                InvitationRow.email == normal_email,
                InvitationRow.used_at.is_(None),
                InvitationRow.expires_at > _naive(now),
            )
        )
    if found is None:
        raise _invitation_refused(invite)
    return code_hash


def _use_invitation(connection: Connection, code_hash: str, now: datetime) -> None:
    """Mark the invitation used, in the transaction that makes the account; InputError if another request
    used it first."""
    used = connection.execute(
        update(InvitationRow)
        .where(InvitationRow.code_hash == code_hash, InvitationRow.used_at.is_(None))
        .values(used_at=_naive(now))
    )
    if not used.rowcount:
        raise _invitation_refused("used")


def issue_invitation(engine: Engine, email: str, now: datetime, valid: timedelta) -> tuple[str, str]:
    """A new one-time invitation for the email (its earlier unused ones no longer work): (normalised
    email, code). InputError naming `email` for a bad email or one that has an account already."""
    normal = check_email(email)
    code = _new_code()
    with writing(engine) as connection:
        if connection.scalar(select(AccountRow.id).where(AccountRow.email == normal)) is not None:
            problem = FieldProblem("email", "an account with this email exists already")
            raise InputError([problem], "admin")
        connection.execute(
            delete(InvitationRow).where(InvitationRow.email == normal, InvitationRow.used_at.is_(None))
        )
        connection.execute(
            insert(InvitationRow),
            {
                "code_hash": _code_hash(code),
                "email": normal,
                "created_at": _naive(now),
                "expires_at": _naive(now) + valid,
            },
        )
    return normal, code


def _check_registrations(engine: Engine, client_ip: str, now: datetime) -> None:
    """Record this attempt (success or not) and refuse it if over the limit, before any hashing."""
    since = _naive(now) - REGISTRATION_WINDOW
    with writing(engine) as connection:
        lock_attempts(connection)
        connection.execute(
            delete(SignInAttemptRow).where(SignInAttemptRow.kind == "register", SignInAttemptRow.at <= since)
        )
        connection.execute(
            insert(SignInAttemptRow),
            {"email": "", "client_ip": client_ip, "at": _naive(now), "kind": "register"},
        )
        count, oldest = connection.execute(
            select(func.count(), func.min(SignInAttemptRow.at)).where(
                SignInAttemptRow.client_ip == client_ip,
                SignInAttemptRow.kind == "register",
                SignInAttemptRow.at > since,
            )
        ).one()
    if count > MAX_REGISTRATIONS_PER_IP:
        wait = oldest + REGISTRATION_WINDOW - _naive(now)
        raise RateLimited(max(1, int(wait.total_seconds()) + 1), "new accounts from this address")


def get_account(engine: Engine, account_id: int) -> Account | None:
    with engine.connect() as connection:
        row = connection.execute(select(*_ACCOUNT_COLUMNS).where(AccountRow.id == account_id)).first()
    return _account(row) if row is not None else None


def lock_attempts(connection: Connection) -> None:
    """Make the limits' count-then-record one step under concurrency, in the caller's write transaction.

    On SQLite the transaction already holds the database's write lock (BEGIN IMMEDIATE). On PostgreSQL,
    READ COMMITTED would let two requests each count before either's row is committed, so the table is
    locked against other writers of attempts (readers are not blocked) until the transaction ends.
    """
    if connection.dialect.name == "postgresql":
        table = SignInAttemptRow.__tablename__
        connection.exec_driver_sql(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")


def block_began(
    connection: Connection, kind: str, since: datetime, limits: list[tuple[Any, int]]
) -> datetime | None:
    """When the block began, if any of `limits` (a condition on the attempts of this `kind` after `since`,
    and the most it allows) is reached (else None)."""
    oldest: datetime | None = None
    for condition, most in limits:
        count, first = connection.execute(
            select(func.count(), func.min(SignInAttemptRow.at)).where(
                condition, SignInAttemptRow.kind == kind, SignInAttemptRow.at > since
            )
        ).one()
        if count >= most:
            oldest = first if oldest is None else max(oldest, first)
    return oldest


def _recent_failures(connection: Connection, email: str, client_ip: str, now: datetime) -> datetime | None:
    """When the block on this email from this address, on the email from anywhere, or on the address began,
    if any is over its limit (else None).

    Five wrong passwords lock an account only for the address they came from, so a stranger cannot lock a
    team member out; the account's own ceiling (50 from anywhere) still stops guesses spread over many
    addresses."""
    return block_began(
        connection,
        "signin",
        _naive(now) - FAILURE_WINDOW,
        [
            (
                (SignInAttemptRow.email == email) & (SignInAttemptRow.client_ip == client_ip),
                MAX_FAILURES_PER_EMAIL_AND_IP,
            ),
            (SignInAttemptRow.email == email, MAX_FAILURES_PER_ACCOUNT),
            (SignInAttemptRow.client_ip == client_ip, MAX_FAILURES_PER_IP),
        ],
    )


def _begin_attempt(engine: Engine, email: str, client_ip: str, now: datetime) -> int:
    """Record a password check about to happen as a failure, in one locked step with the count; RateLimited
    (nothing recorded, no password to check) when the email or the address is over its limit."""
    with writing(engine) as connection:
        lock_attempts(connection)
        connection.execute(
            delete(SignInAttemptRow).where(
                SignInAttemptRow.kind == "signin", SignInAttemptRow.at <= _naive(now) - FAILURE_WINDOW
            )
        )
        blocked_since = _recent_failures(connection, email, client_ip, now)
        attempt_id = 0
        if blocked_since is None:
            attempt_id = connection.execute(
                insert(SignInAttemptRow).returning(SignInAttemptRow.id),
                {"email": email, "client_ip": client_ip, "at": _naive(now), "kind": "signin"},
            ).scalar_one()
    if blocked_since is not None:
        wait = blocked_since + FAILURE_WINDOW - _naive(now)
        raise RateLimited(max(1, int(wait.total_seconds()) + 1))
    return int(attempt_id)


def _forgive_attempt(connection: Connection, attempt_id: int) -> None:
    """The password was right: this attempt was no failure."""
    connection.execute(delete(SignInAttemptRow).where(SignInAttemptRow.id == attempt_id))


def _matches(stored: str, password: str) -> bool:
    try:
        return bool(_hasher.verify(stored, password[:MAX_PASSWORD_CHARS]))
    except (VerificationError, InvalidHashError):
        return False


def authenticate(engine: Engine, email: str, password: str, client_ip: str, now: datetime) -> Account:
    """The account whose email and password these are; SignInRefused or RateLimited(retry_after_s) if not,
    InputError naming `email` for one with a control character.

    After 5 failures for one email from one client address, 50 for one email from anywhere, or 20 from one
    client address, in 15 minutes, every such attempt is refused (even with the right password) until the
    oldest of those failures is 15 minutes old. Each attempt is
    recorded as a failure before its password is checked, in one locked step with the count, and forgotten
    if the password was right: however many requests arrive at once, at most the limit's number of passwords
    are checked.
    """
    normal = normalise_email(email)[:320]
    if not normal.isprintable():  # NUL and the like: no account has it, and no query should carry it
        raise InputError([FieldProblem("email", "give an email address like name@example.org")], "sign-in")
    attempt_id = _begin_attempt(engine, normal, client_ip[:64], now)
    with engine.connect() as connection:
        row = connection.execute(
            select(*_ACCOUNT_COLUMNS, AccountRow.password_hash, AccountRow.disabled_at).where(
                AccountRow.email == normal
            )
        ).first()
    stored = row.password_hash if row is not None else _dummy_hash()
    if not _matches(stored, password) or row is None:
        raise SignInRefused
    with writing(engine) as connection:
        _forgive_attempt(connection, attempt_id)
        if row.disabled_at is None and _hasher.check_needs_rehash(row.password_hash):
            connection.execute(
                update(AccountRow).where(AccountRow.id == row.id).values(password_hash=_hasher.hash(password))
            )
    if row.disabled_at is not None:
        raise AccountDisabled
    return _account(row)


def confirm_password(engine: Engine, account: Account, password: str, client_ip: str, now: datetime) -> bool:
    """Whether `password` is this account's (to confirm a deletion or a new password); RateLimited when the
    account or the address is over the sign-in limit. A wrong one counts as a failed sign-in, so a stolen
    session cannot try passwords any faster than the sign-in form."""
    attempt_id = _begin_attempt(engine, account.email, client_ip[:64], now)
    with engine.connect() as connection:
        stored = connection.scalar(select(AccountRow.password_hash).where(AccountRow.id == account.id))
    if stored is None or not _matches(stored, password):
        return False
    with writing(engine) as connection:
        _forgive_attempt(connection, attempt_id)
    return True


def change_password(
    engine: Engine,
    account: Account,
    current: str,
    new: str,
    *,
    client_ip: str,
    now: datetime,
    keep_token: str | None,
) -> None:
    """Give the account a new password, once `current` confirms it is theirs, and end every session of the
    account but the one whose token is `keep_token` (the one making the change).

    InputError naming `new_password` when the new one is too short or too long, or `current_password`
    when the current one is wrong (which counts as a failed sign-in); RateLimited as `confirm_password`.
    """
    check_password(new, "new_password")
    if not confirm_password(engine, account, current, client_ip, now):
        raise InputError([FieldProblem("current_password", "the password is wrong")], "account")
    new_hash = _hasher.hash(new)
    with writing(engine) as connection:
        connection.execute(
            update(AccountRow).where(AccountRow.id == account.id).values(password_hash=new_hash)
        )
        end_sessions(connection, account.id, keep_token)


# -- sessions ---------------------------------------------------------------------------------------------


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(engine: Engine, account: Account, now: datetime, lifetime: timedelta) -> str:
    """A new session for the account lasting `lifetime` (the server's setting: no default here, so that no
    door forgets it): the opaque token to give the client (only its hash is stored)."""
    token = secrets.token_urlsafe(32)
    with writing(engine) as connection:
        connection.execute(delete(WebSessionRow).where(WebSessionRow.expires_at <= _naive(now)))
        connection.execute(
            insert(WebSessionRow),
            {
                "token_hash": _token_hash(token),
                "account_id": account.id,
                "created_at": _naive(now),
                "expires_at": _naive(now) + lifetime,
                "last_seen_at": _naive(now),
            },
        )
    return token


def account_for_session(engine: Engine, token: str, now: datetime, *, idle: timedelta) -> Account | None:
    """The account signed in with this token, if the session exists, has not expired and was used within
    `idle` (the server's idle timeout: no default here, so that no door forgets it). Using it keeps it
    alive; its last use is written at most once a minute, so that reading pages costs no write each."""
    if not token or len(token) > 200:
        return None
    moment = _naive(now)
    token_hash = _token_hash(token)
    with engine.connect() as connection:
        row = connection.execute(
            select(*_ACCOUNT_COLUMNS, WebSessionRow.created_at.label("started"), WebSessionRow.last_seen_at)
            .join(WebSessionRow, WebSessionRow.account_id == AccountRow.id)
            .where(
                WebSessionRow.token_hash == token_hash,
                WebSessionRow.expires_at > moment,
                AccountRow.disabled_at.is_(None),
            )
        ).first()
    if row is None:
        return None
    last_seen = row.last_seen_at or row.started
    if last_seen <= moment - idle:
        end_session(engine, token)
        return None
    if moment - last_seen >= _TOUCH_EVERY:
        with writing(engine) as connection:
            connection.execute(
                update(WebSessionRow)
                .where(WebSessionRow.token_hash == token_hash)
                .values(last_seen_at=moment)
            )
    return _account(row)


_TOUCH_EVERY = timedelta(minutes=1)


def end_sessions(connection: Connection, account_id: int, keep_token: str | None) -> int:
    query = delete(WebSessionRow).where(WebSessionRow.account_id == account_id)
    if keep_token is not None:
        query = query.where(WebSessionRow.token_hash != _token_hash(keep_token))
    return int(connection.execute(query).rowcount or 0)


def end_all_sessions(engine: Engine, account: Account, *, keep_token: str | None = None) -> int:
    """Sign out everywhere: every session of the account ends (but the one of `keep_token`, if given); how
    many ended."""
    with writing(engine) as connection:
        return end_sessions(connection, account.id, keep_token)


def end_session(engine: Engine, token: str) -> None:
    """Sign out: the session is forgotten (an unknown token is no error)."""
    with writing(engine) as connection:
        connection.execute(delete(WebSessionRow).where(WebSessionRow.token_hash == _token_hash(token)))


# -- shares -----------------------------------------------------------------------------------------------


def share(
    engine: Engine,
    owner: Account,
    coach_email: str,
    now: datetime,
    *,
    client_ip: str,
    verified_coaches_only: bool = False,
) -> Share:
    """Let the account with `coach_email` see the owner's level, red flags and trends.

    With `verified_coaches_only` (a server that sends email) a coach whose email is not confirmed yet is
    refused (InputError naming `coach_email`): no one's status goes to an address nobody has proved is theirs.

    InputError naming `coach_email` when no account has it, or it is the owner's own. Sharing again with the
    same coach changes nothing. Each "no account has this email" tells whether an email has an account, so
    those answers are limited: 10 an hour for one account, 30 from one client address (RateLimited, before
    the email is looked up).
    """
    normal = check_email(coach_email, "coach_email")
    moment = _naive(now)
    since = moment - SHARE_MISS_WINDOW
    with writing(engine) as connection:
        lock_attempts(connection)
        connection.execute(
            delete(SignInAttemptRow).where(
                SignInAttemptRow.kind == "share_miss", SignInAttemptRow.at <= since
            )
        )
        blocked_since = block_began(
            connection,
            "share_miss",
            since,
            [
                (SignInAttemptRow.email == owner.email, MAX_SHARE_MISSES_PER_ACCOUNT),
                (SignInAttemptRow.client_ip == client_ip[:64], MAX_SHARE_MISSES_PER_IP),
            ],
        )
        coach = None
        if blocked_since is None:
            coach = connection.execute(select(*_ACCOUNT_COLUMNS).where(AccountRow.email == normal)).first()
            if coach is None:  # recorded in this transaction, which commits: the answer below raises
                connection.execute(
                    insert(SignInAttemptRow),
                    {"email": owner.email, "client_ip": client_ip[:64], "at": moment, "kind": "share_miss"},
                )
    if blocked_since is not None:
        wait = blocked_since + SHARE_MISS_WINDOW - moment
        raise RateLimited(max(1, int(wait.total_seconds()) + 1), "shares with emails that have no account")
    if coach is None:
        problem = FieldProblem("coach_email", "no account has this email: ask your coach to register first")
        raise InputError([problem], "share")
    if coach.id == owner.id:
        raise InputError([FieldProblem("coach_email", "this is your own account")], "share")
    if verified_coaches_only and coach.email_unverified_since is not None:
        message = "this coach has not confirmed their email yet: ask them to, then share again"
        raise InputError([FieldProblem("coach_email", message)], "share")
    with writing(engine) as connection:
        existing = connection.execute(
            select(ShareRow.created_at, ShareRow.accepted_at).where(
                ShareRow.owner_id == owner.id, ShareRow.coach_id == coach.id
            )
        ).first()
        if existing is not None:
            return Share(coach.id, coach.email, existing.created_at, existing.accepted_at is not None)
        connection.execute(
            insert(ShareRow), {"owner_id": owner.id, "coach_id": coach.id, "created_at": moment}
        )
    return Share(coach.id, coach.email, moment)


def accept_share(engine: Engine, coach: Account, person_id: int, now: datetime) -> bool:
    """The coach accepts a person's share: from now on they see the person's level, red flags and trends.
    False when that person has not asked (or the share is already accepted)."""
    with writing(engine) as connection:
        result = connection.execute(
            update(ShareRow)
            .where(
                ShareRow.owner_id == person_id,
                ShareRow.coach_id == coach.id,
                ShareRow.accepted_at.is_(None),
            )
            .values(accepted_at=_naive(now))
        )
    return bool(result.rowcount)


def share_requests(engine: Engine, coach: Account) -> list[Share]:
    """The people who asked to share with the coach and are waiting for an answer, oldest first (as `Share`s
    whose `coach_id` and `coach_email` are the person's: who is asking)."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(ShareRow.owner_id, AccountRow.email, ShareRow.created_at)
            .join(AccountRow, AccountRow.id == ShareRow.owner_id)
            .where(ShareRow.coach_id == coach.id, ShareRow.accepted_at.is_(None))
            .order_by(ShareRow.created_at, ShareRow.owner_id)
        )
        return [Share(row.owner_id, row.email, row.created_at) for row in rows]


def unshare(engine: Engine, owner: Account, coach_id: int) -> bool:
    """Stop sharing with a coach; whether there was such a share."""
    with writing(engine) as connection:
        result = connection.execute(
            delete(ShareRow).where(ShareRow.owner_id == owner.id, ShareRow.coach_id == coach_id)
        )
    return bool(result.rowcount)


def stop_coaching(engine: Engine, coach: Account, person_id: int) -> bool:
    """End a share from the coach's side (a stranger's, or one no longer wanted): the person's status is no
    longer theirs to see. False when that person does not share with them."""
    with writing(engine) as connection:
        result = connection.execute(
            delete(ShareRow).where(ShareRow.owner_id == person_id, ShareRow.coach_id == coach.id)
        )
    return bool(result.rowcount)


def shares_of(engine: Engine, owner: Account) -> list[Share]:
    """The coaches the owner shares with, oldest share first."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(ShareRow.coach_id, AccountRow.email, ShareRow.created_at, ShareRow.accepted_at)
            .join(AccountRow, AccountRow.id == ShareRow.coach_id)
            .where(ShareRow.owner_id == owner.id)
            .order_by(ShareRow.created_at, ShareRow.coach_id)
        )
        return [Share(row.coach_id, row.email, row.created_at, row.accepted_at is not None) for row in rows]


def people_sharing_with(engine: Engine, coach: Account) -> list[Account]:
    """The accounts that share with this coach, by email."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(*_ACCOUNT_COLUMNS)
            .join(ShareRow, ShareRow.owner_id == AccountRow.id)
            .where(ShareRow.coach_id == coach.id, ShareRow.accepted_at.is_not(None))
            .order_by(AccountRow.email)
        )
        return [_account(row) for row in rows]


def can_coach(engine: Engine, coach: Account, person_id: int) -> bool:
    """Whether the person shares with this coach now."""
    with engine.connect() as connection:
        found = connection.scalar(
            select(ShareRow.owner_id).where(
                ShareRow.owner_id == person_id,
                ShareRow.coach_id == coach.id,
                ShareRow.accepted_at.is_not(None),
            )
        )
    return found is not None


# -- export and deletion ----------------------------------------------------------------------------------


def export_account(engine: Engine, account: Account) -> dict[str, Any]:
    """Everything stored about the account: the account (without the password hash; `email_confirmed` as in
    `GET /api/v1/account`: false until the verification link is followed), its journal's events
    (with their numbers, deleted ones too, as the journal keeps them for undo), its operations with what each
    keeps for undo (an edited event's earlier version), the source records folded into its events, settings,
    open sessions (when and until when, not the tokens), shares both ways, and the sign-in and registration
    records kept under its email, with their client addresses."""
    with engine.connect() as connection:
        events = connection.execute(
            select(EventRow.seq, EventRow.data, EventRow.deleted_by)
            .where(EventRow.journal == account.journal_name)
            .order_by(EventRow.at_utc, EventRow.seq)
        )
        event_list = [
            {"seq": row.seq, "deleted": row.deleted_by is not None, "event": _json(row.data)}
            for row in events
        ]
        operations = [
            {
                "seq": row.seq,
                "kind": row.kind,
                "created_at": row.created_at.isoformat() + "Z",
                "summary": row.summary,
                "undone": row.undone,
                "kept_for_undo": _json(row.undo_data) if row.undo_data else None,
            }
            for row in connection.execute(
                select(
                    OperationRow.seq,
                    OperationRow.kind,
                    OperationRow.created_at,
                    OperationRow.summary,
                    OperationRow.undone,
                    OperationRow.undo_data,
                )
                .where(OperationRow.journal == account.journal_name)
                .order_by(OperationRow.seq)
            )
        ]
        settings = {
            row.name: row.value
            for row in connection.execute(
                select(SettingRow.name, SettingRow.value).where(SettingRow.journal == account.journal_name)
            )
        }
        sessions = [
            {"created_at": row.created_at.isoformat() + "Z", "expires_at": row.expires_at.isoformat() + "Z"}
            for row in connection.execute(
                select(WebSessionRow.created_at, WebSessionRow.expires_at)
                .where(WebSessionRow.account_id == account.id)
                .order_by(WebSessionRow.created_at)
            )
        ]
        shared_by = [
            {"account_id": row.id, "email": row.email, "created_at": row.created_at.isoformat() + "Z"}
            for row in connection.execute(
                select(AccountRow.id, AccountRow.email, ShareRow.created_at)
                .join(ShareRow, ShareRow.owner_id == AccountRow.id)
                .where(ShareRow.coach_id == account.id)
            )
        ]
        attempts = [
            {"at": row.at.isoformat() + "Z", "kind": row.kind, "client_address": row.client_ip}
            for row in connection.execute(
                select(SignInAttemptRow.at, SignInAttemptRow.kind, SignInAttemptRow.client_ip)
                .where(SignInAttemptRow.email == account.email)
                .order_by(SignInAttemptRow.at)
            )
        ]
        failures = sum(1 for attempt in attempts if attempt["kind"] == "signin")
        folded = [
            {"key": row.key, "event_seq": row.seq, "added_by": row.added_by}
            for row in connection.execute(
                select(EventSourceRow.key, EventSourceRow.seq, EventSourceRow.added_by)
                .where(EventSourceRow.journal == account.journal_name)
                .order_by(EventSourceRow.id)
            )
        ]
    return {
        "account": {
            "id": account.id,
            "email": account.email,
            "email_confirmed": not account.unverified,
            "zone": account.zone,
            "created_at": account.created_at.isoformat() + "Z",
        },
        "journal": {
            "settings": settings,
            "events": event_list,
            "operations": operations,
            "source_records": folded,
        },
        "sessions": sessions,
        "shares": [
            {
                "coach_id": s.coach_id,
                "coach_email": s.coach_email,
                "created_at": s.created_at.isoformat() + "Z",
                "accepted": s.accepted,
            }
            for s in shares_of(engine, account)
        ],
        "shared_with_me": shared_by,
        "recent_failed_signins": failures,
        "signin_records": attempts,
        "api_tokens": [
            {
                "id": token.id,
                "name": token.name,
                "scope": token.scope,
                "created_at": token.created_at.isoformat() + "Z",
                "last_used_at": token.last_used_at.isoformat() + "Z" if token.last_used_at else None,
            }
            for token in tokens_of(engine, account)
        ],
    }


def _json(data: str) -> Any:
    import json

    return json.loads(data)


def delete_account(engine: Engine, account: Account) -> None:
    """Remove the account and everything of it, in one transaction: sessions, one-time codes, shares both
    ways, failed sign-ins and invitations for its email, and its whole journal (events, operations,
    settings)."""
    with writing(engine) as connection:
        connection.execute(delete(WebSessionRow).where(WebSessionRow.account_id == account.id))
        connection.execute(delete(PasswordResetRow).where(PasswordResetRow.account_id == account.id))
        connection.execute(delete(EmailLinkRow).where(EmailLinkRow.account_id == account.id))
        connection.execute(delete(AccountEmailRow).where(AccountEmailRow.email == account.email))
        connection.execute(delete(ApiTokenRow).where(ApiTokenRow.account_id == account.id))
        connection.execute(
            delete(ShareRow).where(or_(ShareRow.owner_id == account.id, ShareRow.coach_id == account.id))
        )
        connection.execute(delete(SignInAttemptRow).where(SignInAttemptRow.email == account.email))
        connection.execute(delete(InvitationRow).where(InvitationRow.email == account.email))
        connection.execute(delete(CoachEmailRow).where(CoachEmailRow.coach_id == account.id))
        purge_journal(connection, account.journal_name)
        connection.execute(delete(AccountRow).where(AccountRow.id == account.id))
    if engine.dialect.name == "sqlite":  # secure_delete zeroed the freed pages; the WAL still has copies
        raw = engine.raw_connection()
        try:
            raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)").close()
        finally:
            raw.close()


# -- one-time codes to set a password, and the administrator's directory ---------------------------------

_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud or typed from a message


def _new_code() -> str:
    """16 letters and digits (80 bits), in groups of four: XXXX-XXXX-XXXX-XXXX."""
    letters = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(16))
    return "-".join(letters[i : i + 4] for i in range(0, 16, 4))


def _code_hash(code: str) -> str:
    """The code as stored and compared: case, spaces and dashes do not matter."""
    plain = "".join(c for c in code.upper() if c.isalnum())
    return hashlib.sha256(plain.encode()).hexdigest()


def issue_reset_code(engine: Engine, account_id: int, now: datetime, valid: timedelta) -> str:
    """A new one-time code for the account, valid for `valid` (an earlier code no longer works)."""
    code = _new_code()
    with writing(engine) as connection:
        connection.execute(delete(PasswordResetRow).where(PasswordResetRow.account_id == account_id))
        connection.execute(
            insert(PasswordResetRow),
            {
                "code_hash": _code_hash(code),
                "account_id": account_id,
                "created_at": _naive(now),
                "expires_at": _naive(now) + valid,
            },
        )
    return code


def reset_password(
    engine: Engine, email: str, code: str, new_password: str, *, client_ip: str, now: datetime
) -> Account:
    """Set a new password with a one-time code from the administrator; the code is then used up and every
    session of the account ends.

    InputError naming `new_password` (too short or long), `email` (not an email) or `code` (wrong, used or
    expired: the same words for each, and for an email without an account). A wrong code counts as a failed
    sign-in for the email, toward the same limit (RateLimited).
    """
    check_password(new_password, "new_password")
    normal = check_email(email)
    attempt_id = _begin_attempt(engine, normal, client_ip[:64], now)
    moment = _naive(now)
    with engine.connect() as connection:
        row = connection.execute(
            select(*_ACCOUNT_COLUMNS)
            .join(PasswordResetRow, PasswordResetRow.account_id == AccountRow.id)
            .where(
                AccountRow.email == normal,
                PasswordResetRow.code_hash == _code_hash(code[:100]),
                PasswordResetRow.expires_at > moment,
            )
        ).first()
    if row is None:
        problem = FieldProblem("code", "the code is wrong or has expired: ask for a new one")
        raise InputError([problem], "password reset")
    new_hash = _hasher.hash(new_password)
    with writing(engine) as connection:
        used = connection.execute(
            delete(PasswordResetRow).where(
                PasswordResetRow.account_id == row.id, PasswordResetRow.code_hash == _code_hash(code[:100])
            )
        )
        if not used.rowcount:  # used at the same moment by another request
            problem = FieldProblem("code", "the code is wrong or has expired: ask for a new one")
            raise InputError([problem], "password reset")
        connection.execute(update(AccountRow).where(AccountRow.id == row.id).values(password_hash=new_hash))
        end_sessions(connection, row.id, None)
        _forgive_attempt(connection, attempt_id)
    return _account(row)


class Directory:
    """The accounts of one database, for `twitchcheck admin` (`services.accounts.AccountDirectory`)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def _entries(self, condition: Any | None) -> list[AccountEntry]:
        sessions = (
            select(
                WebSessionRow.account_id,
                func.count().label("sessions"),
                func.max(func.coalesce(WebSessionRow.last_seen_at, WebSessionRow.created_at)).label("seen"),
            )
            .group_by(WebSessionRow.account_id)
            .subquery()
        )
        query = (
            select(
                AccountRow.id,
                AccountRow.email,
                AccountRow.zone,
                AccountRow.created_at,
                AccountRow.disabled_at,
                AccountRow.email_unverified_since,
                sessions.c.sessions,
                sessions.c.seen,
            )
            .outerjoin(sessions, sessions.c.account_id == AccountRow.id)
            .order_by(AccountRow.email)
        )
        if condition is not None:
            query = query.where(condition)
        with self.engine.connect() as connection:
            return [
                AccountEntry(
                    row.id,
                    row.email,
                    row.zone,
                    row.created_at,
                    row.disabled_at,
                    int(row.sessions or 0),
                    row.seen,
                    row.email_unverified_since is None,
                )
                for row in connection.execute(query)
            ]

    def find(self, email: str) -> AccountEntry | None:
        normal = normalise_email(email)
        if not normal.isprintable() or len(normal) > 320:
            return None
        found = self._entries(AccountRow.email == normal)
        return found[0] if found else None

    def entries(self) -> list[AccountEntry]:
        return self._entries(None)

    def create(self, email: str, zone: str, now: datetime) -> AccountEntry:
        try:  # a password no one knows: the person sets theirs with a one-time code
            account = register(self.engine, email, secrets.token_urlsafe(32), zone, now)
        except AccountExists:
            problem = FieldProblem("email", "an account with this email exists already")
            raise InputError([problem], "admin") from None
        return AccountEntry(account.id, account.email, account.zone, account.created_at, None, 0, None)

    def set_disabled(self, account_id: int, disabled: bool, now: datetime) -> None:
        with writing(self.engine) as connection:
            connection.execute(
                update(AccountRow)
                .where(AccountRow.id == account_id)
                .values(disabled_at=_naive(now) if disabled else None)
            )
            if disabled:
                end_sessions(connection, account_id, None)

    def delete(self, account_id: int) -> None:
        account = get_account(self.engine, account_id)
        if account is not None:
            delete_account(self.engine, account)

    def issue_reset_code(self, account_id: int, now: datetime, valid: timedelta) -> str:
        return issue_reset_code(self.engine, account_id, now, valid)

    def issue_invitation(self, email: str, now: datetime, valid: timedelta) -> tuple[str, str]:
        return issue_invitation(self.engine, email, now, valid)

    def invitations(self) -> list[InvitationEntry]:
        with self.engine.connect() as connection:
            rows = connection.execute(
                select(
                    InvitationRow.email,
                    InvitationRow.created_at,
                    InvitationRow.expires_at,
                    InvitationRow.used_at,
                ).order_by(InvitationRow.email, InvitationRow.created_at)
            )
            return [InvitationEntry(r.email, r.created_at, r.expires_at, r.used_at) for r in rows]

    def withdraw_invitations(self, email: str) -> int:
        normal = normalise_email(email)
        if not normal.isprintable() or len(normal) > 320:
            return 0
        with writing(self.engine) as connection:
            gone = connection.execute(
                delete(InvitationRow).where(InvitationRow.email == normal, InvitationRow.used_at.is_(None))
            )
        return int(gone.rowcount or 0)


# -- personal API tokens (issue 17) ----------------------------------------------------------------------

TOKEN_SCOPES = ("read", "write")
"""`read`: GET requests only; `write`: everything a session may do in the journal and the status."""
MAX_TOKENS = 20
"""Tokens one account may hold at a time."""
TOKEN_PREFIX = "tct_"
"""Every token starts with it, so that a secret scanner can tell one in a leaked file."""


@dataclass(frozen=True)
class ApiToken:
    """A personal API token as its owner sees it afterwards: never the token itself."""

    id: int
    name: str
    scope: str
    created_at: datetime
    last_used_at: datetime | None


def create_token(
    engine: Engine, account: Account, name: str, scope: str, now: datetime
) -> tuple[ApiToken, str]:
    """A new token for the account: (its record, the token itself, shown this once and kept nowhere).
    InputError naming `name` or `scope` for a bad one, or `name` when the account holds `MAX_TOKENS`."""
    problems = []
    clean = name.strip()
    if not clean or len(clean) > 100 or not clean.isprintable():
        problems.append(
            FieldProblem("name", "give the token a name of 1 to 100 characters, e.g. 'my script'")
        )
    if scope not in TOKEN_SCOPES:
        problems.append(FieldProblem("scope", f"choose {' or '.join(TOKEN_SCOPES)}"))
    if problems:
        raise InputError(problems, "token")
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    moment = _naive(now)
    with writing(engine) as connection:
        held = connection.scalar(select(func.count()).where(ApiTokenRow.account_id == account.id)) or 0
        if held >= MAX_TOKENS:
            raise InputError(
                [FieldProblem("name", f"an account holds at most {MAX_TOKENS} tokens: revoke one first")],
                "token",
            )
        new_id = connection.execute(
            insert(ApiTokenRow).returning(ApiTokenRow.id),
            {
                "account_id": account.id,
                "name": clean,
                "token_hash": _token_hash(plain),
                "scope": scope,
                "created_at": moment,
            },
        ).scalar_one()
    return ApiToken(int(new_id), clean, scope, moment, None), plain


def tokens_of(engine: Engine, account: Account) -> list[ApiToken]:
    """The account's tokens, oldest first."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(
                ApiTokenRow.id,
                ApiTokenRow.name,
                ApiTokenRow.scope,
                ApiTokenRow.created_at,
                ApiTokenRow.last_used_at,
            )
            .where(ApiTokenRow.account_id == account.id)
            .order_by(ApiTokenRow.id)
        )
        return [ApiToken(row.id, row.name, row.scope, row.created_at, row.last_used_at) for row in rows]


def revoke_token(engine: Engine, account: Account, token_id: int) -> bool:
    """Revoke one of the account's tokens at once; False when it has no such token."""
    with writing(engine) as connection:
        result = connection.execute(
            delete(ApiTokenRow).where(ApiTokenRow.id == token_id, ApiTokenRow.account_id == account.id)
        )
    return bool(result.rowcount)


def account_for_token(engine: Engine, token: str, now: datetime) -> tuple[Account, str] | None:
    """The account and scope of a personal API token, if it exists and its account is not disabled. Its last
    use is written at most once a minute."""
    if not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        return None
    moment = _naive(now)
    token_hash = _token_hash(token)
    with engine.connect() as connection:
        row = connection.execute(
            select(*_ACCOUNT_COLUMNS, ApiTokenRow.scope, ApiTokenRow.last_used_at)
            .join(ApiTokenRow, ApiTokenRow.account_id == AccountRow.id)
            .where(ApiTokenRow.token_hash == token_hash, AccountRow.disabled_at.is_(None))
        ).first()
    if row is None:
        return None
    if row.last_used_at is None or moment - row.last_used_at >= _TOUCH_EVERY:
        with writing(engine) as connection:
            connection.execute(
                update(ApiTokenRow).where(ApiTokenRow.token_hash == token_hash).values(last_used_at=moment)
            )
    return _account(row), str(row.scope)
