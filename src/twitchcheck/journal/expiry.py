"""Until when a journal's status stays as it is with nothing new logged: time alone changes it (a warning
sign that came and went leaves the recent window; twitching that goes on crosses the persistence limit).

The analyses count days in the journal's time zone, so a status can change at the next local midnight; a few
windows are counted in hours from a logged event (the post-workout window, a weighing's window, the last
24 hours of sleep and caffeine, the caffeine trigger window), so it can change sooner, when one closes; and
an entry logged for a moment still to come (the journal takes up to an hour ahead) counts from its moment.
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import datetime, time, timedelta

from twitchcheck.core.constants import Constants
from twitchcheck.journal.analysis._time import between
from twitchcheck.journal.events import History

_DAY = timedelta(hours=24)


def status_valid_until(history: History, now: datetime, constants: Constants) -> datetime:
    """The first moment after `now` at which the journal's status could change with nothing new logged
    (`history` may hold entries after `now`: the first of them is such a moment)."""
    local = now.astimezone(history.zone)
    midnight = datetime.combine(local.date() + timedelta(days=1), time(), history.zone)
    candidates = [midnight]
    windows = {
        timedelta(hours=constants.post_workout_window_h),
        timedelta(hours=constants.weighing_window_h),
        timedelta(hours=constants.caffeine_trigger_window_h),
        _DAY,
    }
    longest = max(windows)
    for entry in between(history.entries, now - longest, now):
        for window in windows:
            closes = entry.when + window
            if closes > now:
                candidates.append(closes)
    later = bisect_right(history.entries, now, key=lambda entry: entry.when)
    if later < len(history.entries):
        candidates.append(history.entries[later].when)
    return min(candidates)


__all__ = ["status_valid_until"]
