"""The web app's settings: a frozen value, read from environment variables by `Settings.from_env`.

`twitchcheck serve` builds one from its options and, for several workers, passes it to each worker process
through the same environment variables (`to_env`), so every worker runs with the same settings.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from twitchcheck.core.errors import InputError
from twitchcheck.core.limits import check_emergency_number

ENV_DB = "TWITCHCHECK_DB"
ENV_ACCOUNTS = "TWITCHCHECK_ACCOUNTS"
ENV_EMERGENCY_NUMBER = "TWITCHCHECK_EMERGENCY_NUMBER"
ENV_SECURE_COOKIES = "TWITCHCHECK_SECURE_COOKIES"
ENV_ZONE = "TWITCHCHECK_ZONE"
ENV_MAX_BODY_BYTES = "TWITCHCHECK_MAX_BODY_BYTES"
ENV_SESSION_DAYS = "TWITCHCHECK_SESSION_DAYS"
ENV_SESSION_IDLE_MINUTES = "TWITCHCHECK_SESSION_IDLE_MINUTES"
ENV_TRUST_PROXY = "TWITCHCHECK_TRUST_PROXY"
ENV_SWEEP_SECONDS = "TWITCHCHECK_SWEEP_SECONDS"
ENV_REGISTRATION = "TWITCHCHECK_REGISTRATION"

Registration = Literal["open", "invite", "closed"]
REGISTRATION_MODES: tuple[Registration, ...] = ("open", "invite", "closed")

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class SettingsError(ValueError):
    """An environment variable holds a value the web app cannot use; the message names it."""


class Settings(BaseModel):
    """How the web app runs. The defaults are the single-user app on this machine's default journal."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    database: str | None = None
    """A path or URL (see `journal.location.resolve_url`); None: $TWITCHCHECK_DB, else the default file."""
    accounts: bool = False
    """False: single-user mode, no sign-in; everything uses the journal named "default", as the CLI does."""
    emergency_number: str | None = None
    """The number named in emergency advice; None: the knowledge base's wording (as the CLI's default)."""
    secure_cookies: bool = False
    """Mark cookies Secure (browsers then send them over HTTPS only): on behind TLS."""
    zone: str | None = None
    """The time zone of new journals (and new accounts by default); None: this machine's."""
    max_body_bytes: int = Field(default=5_000_000, gt=0)
    """Requests with a larger body are refused with 413 before they are read."""
    session_days: int = Field(default=30, gt=0)
    """How long a sign-in lasts."""
    session_idle_minutes: int = Field(default=7 * 24 * 60, gt=0)
    """A session unused this long is over (default 7 days): a browser left signed in on a shared computer,
    or a stolen cookie no one uses, does not stay good for the whole `session_days`."""
    trust_proxy: bool = False
    """Believe a reverse proxy's X-Forwarded-Proto: https (then answers carry HSTS). On only when every
    request comes through that proxy, or anyone could claim HTTPS."""
    registration: Registration = "open"
    """Who may sign up (with accounts): "open" anyone; "invite" only with an invitation from
    `twitchcheck admin invite` for their email; "closed" no one (accounts come from `admin create`)."""
    sweep_every_s: int = Field(default=0, ge=0)
    """Sweep every journal's stored status (and email new alerts) this often, in a background thread; 0: not
    at all (`twitchcheck serve` sets 600; docs/keep-watch.md)."""

    @field_validator("emergency_number")
    @classmethod
    def _dialable(cls, value: str | None) -> str | None:
        # The one check every door uses (core.limits).
        try:
            return check_emergency_number(value, None)
        except InputError as error:
            raise ValueError(error.problems[0].message) from None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Settings from the TWITCHCHECK_* environment variables (SettingsError names a bad one)."""
        env = os.environ if environ is None else environ

        def flag(name: str, default: bool) -> bool:
            value = env.get(name)
            if value is None:
                return default
            if value.strip().lower() in _TRUE:
                return True
            if value.strip().lower() in _FALSE:
                return False
            raise SettingsError(f"{name}={value!r}: give 1 or 0")

        def number(name: str, default: int) -> int:
            value = env.get(name)
            if value is None or not value.strip():
                return default
            try:
                parsed = int(value)
            except ValueError:
                raise SettingsError(f"{name}={value!r}: give a whole number") from None
            if parsed <= 0:
                raise SettingsError(f"{name}={value!r}: give a number above 0")
            return parsed

        sweep = env.get(ENV_SWEEP_SECONDS, "").strip()
        if sweep and not sweep.isdigit():
            raise SettingsError(
                f"{ENV_SWEEP_SECONDS}={sweep!r}: give a whole number of seconds (0: no sweep)"
            )
        number_given = env.get(ENV_EMERGENCY_NUMBER) or None
        try:
            check_emergency_number(number_given)
        except InputError as error:
            raise SettingsError(
                f"{ENV_EMERGENCY_NUMBER}={number_given!r}: {error.problems[0].message}"
            ) from None
        registration = (env.get(ENV_REGISTRATION) or "open").strip().lower()
        if registration not in REGISTRATION_MODES:
            raise SettingsError(
                f"{ENV_REGISTRATION}={env.get(ENV_REGISTRATION)!r}: give open, invite or closed"
            )
        return cls(
            registration=registration,
            database=env.get(ENV_DB) or None,
            accounts=flag(ENV_ACCOUNTS, False),
            emergency_number=number_given,
            secure_cookies=flag(ENV_SECURE_COOKIES, False),
            zone=env.get(ENV_ZONE) or None,
            max_body_bytes=number(ENV_MAX_BODY_BYTES, 5_000_000),
            session_days=number(ENV_SESSION_DAYS, 30),
            session_idle_minutes=number(ENV_SESSION_IDLE_MINUTES, 7 * 24 * 60),
            trust_proxy=flag(ENV_TRUST_PROXY, False),
            sweep_every_s=int(sweep or 0),
        )

    def to_env(self) -> dict[str, str]:
        """The environment variables that `from_env` reads back as these settings."""
        env = {
            ENV_ACCOUNTS: "1" if self.accounts else "0",
            ENV_SECURE_COOKIES: "1" if self.secure_cookies else "0",
            ENV_MAX_BODY_BYTES: str(self.max_body_bytes),
            ENV_SESSION_DAYS: str(self.session_days),
            ENV_SESSION_IDLE_MINUTES: str(self.session_idle_minutes),
            ENV_TRUST_PROXY: "1" if self.trust_proxy else "0",
            ENV_SWEEP_SECONDS: str(self.sweep_every_s),
            ENV_REGISTRATION: self.registration,
        }
        if self.database is not None:
            env[ENV_DB] = self.database
        if self.emergency_number is not None:
            env[ENV_EMERGENCY_NUMBER] = self.emergency_number
        if self.zone is not None:
            env[ENV_ZONE] = self.zone
        return env
