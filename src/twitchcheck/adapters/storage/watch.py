"""Every journal in a database, for the sweep (`services.watch.sweep`)."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import Engine, select

from twitchcheck.adapters.storage.journal import Journal
from twitchcheck.adapters.storage.journal_tables import SettingRow


def journal_names(engine: Engine) -> list[str]:
    """The names of the journals a database holds (each has its time zone setting from its first open)."""
    with engine.connect() as connection:
        query = select(SettingRow.journal).where(SettingRow.name == "zone").order_by(SettingRow.journal)
        return list(connection.scalars(query))


def journals(engine: Engine) -> Iterator[Journal]:
    """Each journal of the database in turn, on the one engine (closing it is the caller's)."""
    for name in journal_names(engine):
        yield Journal(engine, name)
