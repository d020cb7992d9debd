"""The status page's charts, kept per journal and the status they were drawn with (its revision and moment).

Drawing them needs the journal's events and analyses; a page served from a current stored status
(`services.watch`) needs neither, so the charts drawn the last time are kept in the process: a small
least-recently-used map, one per worker, lost on restart (the next page draws them again). The key holds
the journal's revision, so a change to the journal (log, import, edit, delete, undo) never shows old charts.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from datetime import datetime
from typing import Any

ChartKey = tuple[str, str, int, datetime]
"""(database, journal name, revision, as of): the stored status the charts belong to."""


class ChartCache:
    """At most `size` journals' charts, the least recently used dropped first; safe across threads."""

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._charts: OrderedDict[ChartKey, list[Any]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: ChartKey) -> list[Any] | None:
        with self._lock:
            charts = self._charts.get(key)
            if charts is not None:
                self._charts.move_to_end(key)
            return charts

    def put(self, key: ChartKey, charts: list[Any]) -> None:
        with self._lock:
            # One entry per journal: a newer revision replaces the old one at once.
            for old in [old for old in self._charts if old[:2] == key[:2] and old != key]:
                del self._charts[old]
            self._charts[key] = charts
            self._charts.move_to_end(key)
            while len(self._charts) > self.size:
                self._charts.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._charts.clear()


STATUS_CHARTS = ChartCache()
"""The status page's charts in this process."""
