"""The `twitchcheck` command line: a thin adapter over the library (`assess`, `load_knowledge`, `kb check`).

Heavy modules (the Rich renderer, the interview) are imported inside the commands, so that
`twitchcheck check --format json` starts fast; `main` answers `twitchcheck status` from a current stored
status before the command framework (Typer) is imported at all (`cli.entry`), and `app` (the Typer app) is
imported when first asked for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from twitchcheck.adapters.cli.entry import main

if TYPE_CHECKING:
    from twitchcheck.adapters.cli.commands import app


def __getattr__(name: str) -> Any:
    if name == "app":
        from twitchcheck.adapters.cli.commands import app

        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["app", "main"]
