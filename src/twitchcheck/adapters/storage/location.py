"""Where the journal lives: a path or database URL, `$TWITCHCHECK_DB`, or the user's data directory.

Kept apart from `store` (and SQLAlchemy, a fifth of a second to import) so that `twitchcheck check` can ask
whether there is a journal at all without paying for the database layer when there is none.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

ENV_VAR = "TWITCHCHECK_DB"


def default_path() -> Path:
    """`journal.db` in the user's data directory (e.g. ~/.local/share/twitchcheck on Linux)."""
    from platformdirs import user_data_path

    return user_data_path("twitchcheck", appauthor=False) / "journal.db"


def resolve_url(location: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """The database URL: `location` (a path or a URL), else $TWITCHCHECK_DB, else the default file."""
    environ = os.environ if environ is None else environ
    chosen = location or environ.get(ENV_VAR) or ""
    if "://" in chosen:
        if chosen.startswith(("postgresql://", "postgres://")):  # the driver we ship
            chosen = "postgresql+psycopg://" + chosen.split("://", 1)[1]
        return chosen
    path = Path(chosen).expanduser() if chosen else default_path()
    return f"sqlite:///{path.resolve()}"


def may_exist(location: str | None = None, environ: Mapping[str, str] | None = None) -> bool:
    """False when the journal is a file that is not there yet (nothing to use); True for anything else.

    A database URL other than a file is taken to exist: only opening it can tell.
    """
    url = resolve_url(location, environ)
    if not url.startswith("sqlite:///"):
        return True
    database = url.removeprefix("sqlite:///")
    return database in ("", ":memory:") or Path(database).exists()
