"""The Rich console every command prints with (Rich itself is imported only when one is made)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console


def console(*, stderr: bool = False) -> Console:
    """A Rich console: colour only on a terminal, none with NO_COLOR (Rich reads both itself)."""
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, emoji=False)
