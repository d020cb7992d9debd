"""What the services need of storage, as protocols: the storage adapter's `Journal` provides them, and a test
can pass anything shaped the same (`twitchcheck.testing` has an in-memory journal)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from twitchcheck.journal.events import Event, History


class Added(Protocol):
    """What adding events did."""

    @property
    def read(self) -> int: ...
    @property
    def added(self) -> int: ...
    @property
    def already_there(self) -> int: ...
    @property
    def seqs(self) -> tuple[int, ...]: ...


class JournalPort(Protocol):
    """A person's journal, as the services read and write it."""

    @property
    def zone(self) -> tzinfo: ...

    @property
    def location(self) -> str: ...

    def history(self, until: datetime | None = None) -> History:
        """Every event up to `until`, in the journal's time zone."""
        ...

    def add(
        self,
        events: Sequence[Event],
        *,
        kind: str = "log",
        summary: str = "",
        labels: Sequence[str] | None = None,
        confirmed: bool = False,
    ) -> Added:
        """Add events in one transaction (InputError naming each bad one, and nothing written)."""
        ...
