"""The administration's use cases over an in-memory directory: no database needed."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from twitchcheck.core.errors import InputError
from twitchcheck.services import accounts
from twitchcheck.services.accounts import AccountEntry, InvitationEntry

NOW = datetime(2026, 12, 3, 18, 0, tzinfo=UTC)


class MemoryDirectory:
    def __init__(self) -> None:
        self.by_id: dict[int, AccountEntry] = {}
        self.codes: dict[int, tuple[str, datetime]] = {}
        self.invited: list[InvitationEntry] = []

    def find(self, email: str) -> AccountEntry | None:
        return next((e for e in self.by_id.values() if e.email == email.strip().lower()), None)

    def entries(self) -> list[AccountEntry]:
        return sorted(self.by_id.values(), key=lambda entry: entry.email)

    def create(self, email: str, zone: str, now: datetime) -> AccountEntry:
        entry = AccountEntry(
            len(self.by_id) + 1, email.lower(), zone, now.replace(tzinfo=None), None, 0, None
        )
        self.by_id[entry.id] = entry
        return entry

    def set_disabled(self, account_id: int, disabled: bool, now: datetime) -> None:
        moment = now.replace(tzinfo=None) if disabled else None
        self.by_id[account_id] = replace(self.by_id[account_id], disabled_at=moment)

    def delete(self, account_id: int) -> None:
        del self.by_id[account_id]

    def issue_reset_code(self, account_id: int, now: datetime, valid: timedelta) -> str:
        self.codes[account_id] = (f"CODE-{account_id}", now + valid)
        return f"CODE-{account_id}"

    def issue_invitation(self, email: str, now: datetime, valid: timedelta) -> tuple[str, str]:
        email = email.strip().lower()
        self.withdraw_invitations(email)
        moment = now.replace(tzinfo=None)
        self.invited.append(InvitationEntry(email, moment, moment + valid, None))
        return email, f"INVITE-{len(self.invited)}"

    def invitations(self) -> list[InvitationEntry]:
        return sorted(self.invited, key=lambda entry: entry.email)

    def withdraw_invitations(self, email: str) -> int:
        unused = [e for e in self.invited if e.email == email.strip().lower() and e.used_at is None]
        self.invited = [e for e in self.invited if e not in unused]
        return len(unused)


def test_creating_an_account_gives_its_person_a_code_valid_for_the_time_asked() -> None:
    directory = MemoryDirectory()
    code = accounts.create_account(directory, "sam@example.org", "UTC", NOW, timedelta(hours=24))
    assert code.email == "sam@example.org"
    assert code.code == "CODE-1"
    assert code.expires_at == datetime(2026, 12, 4, 18, 0)


def test_a_reset_code_lasts_an_hour_unless_told() -> None:
    directory = MemoryDirectory()
    accounts.create_account(directory, "sam@example.org", "UTC", NOW)
    assert accounts.reset_password(directory, "sam@example.org", NOW).expires_at == datetime(
        2026, 12, 3, 19, 0
    )


def test_disable_enable_and_delete_act_on_the_account_named() -> None:
    directory = MemoryDirectory()
    accounts.create_account(directory, "sam@example.org", "UTC", NOW)
    accounts.create_account(directory, "ana@example.org", "UTC", NOW)
    accounts.disable_account(directory, "SAM@example.org", NOW)
    assert [(e.email, e.disabled_at is not None) for e in accounts.list_accounts(directory)] == [
        ("ana@example.org", False),
        ("sam@example.org", True),
    ]
    accounts.enable_account(directory, "sam@example.org", NOW)
    assert all(e.disabled_at is None for e in accounts.list_accounts(directory))
    accounts.delete_account(directory, "ana@example.org")
    assert [e.email for e in accounts.list_accounts(directory)] == ["sam@example.org"]


def test_an_unknown_email_is_an_input_error_naming_email() -> None:
    with pytest.raises(InputError) as raised:
        accounts.disable_account(MemoryDirectory(), "nobody@example.org", NOW)
    assert [problem.field for problem in raised.value.problems] == ["email"]


def test_an_invitation_lasts_as_long_as_asked_and_withdrawing_one_that_is_not_there_names_the_email() -> None:
    directory = MemoryDirectory()
    made = accounts.invite(directory, " Ann@Example.org ", NOW, timedelta(hours=2))
    assert made.expires_at == NOW.replace(tzinfo=None) + timedelta(hours=2)
    (listed,) = accounts.list_invitations(directory)
    assert listed.state(NOW) == "open"
    assert listed.state(NOW + timedelta(hours=3)) == "expired"
    assert accounts.uninvite(directory, "ann@example.org") == 1
    with pytest.raises(InputError) as raised:
        accounts.uninvite(directory, "ann@example.org")
    assert "email" in str(raised.value)
