"""Settings travel to worker processes through the environment and come back the same."""

from __future__ import annotations

import pytest

from twitchcheck.adapters.web.settings import Settings, SettingsError


def test_settings_survive_the_trip_through_the_environment() -> None:
    settings = Settings(
        database="postgresql://twitch@db/team",
        accounts=True,
        emergency_number="112",
        secure_cookies=True,
        zone="Europe/Berlin",
        max_body_bytes=1234,
        session_days=7,
        session_idle_minutes=90,
        sweep_every_s=300,
    )
    assert Settings.from_env(settings.to_env()) == settings
    assert Settings.from_env({}) == Settings()


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("TWITCHCHECK_ACCOUNTS", "maybe"),
        ("TWITCHCHECK_MAX_BODY_BYTES", "lots"),
        ("TWITCHCHECK_SESSION_DAYS", "0"),
        ("TWITCHCHECK_SESSION_IDLE_MINUTES", "soon"),
        ("TWITCHCHECK_SWEEP_SECONDS", "often"),
    ],
)
def test_a_bad_variable_is_named(name: str, value: str) -> None:
    with pytest.raises(SettingsError, match=name):
        Settings.from_env({name: value})


def test_settings_are_frozen() -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        Settings().accounts = True  # type: ignore[misc]  # the point: it cannot be changed


def test_the_emergency_number_is_checked_as_at_every_door() -> None:
    import pytest

    from twitchcheck.adapters.web.settings import ENV_EMERGENCY_NUMBER, Settings, SettingsError

    assert Settings.from_env({ENV_EMERGENCY_NUMBER: "+61 000"}).emergency_number == "+61000"
    for bad in ("call mum", "0900-ATTACKER", "000 (Australia)"):
        with pytest.raises(SettingsError, match=ENV_EMERGENCY_NUMBER):
            Settings.from_env({ENV_EMERGENCY_NUMBER: bad})
