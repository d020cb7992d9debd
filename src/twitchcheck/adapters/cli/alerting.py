"""Alerts in the terminal: shown once, after `log` and `journal import` and at the top of `status`."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from twitchcheck.services.ports import WatchedJournal
    from twitchcheck.services.watch import Alert


def say_alerts(journal: WatchedJournal, *, stderr: bool = False) -> list[Alert]:
    """Print the alerts not yet seen (and mark them seen); the alerts printed."""
    from twitchcheck.services.watch import unseen_alerts

    alerts = unseen_alerts(journal, datetime.now(UTC))
    if alerts:
        print_alerts(alerts, stderr=stderr)
    return alerts


def print_alerts(alerts: list[Alert], *, stderr: bool = False, heading: bool = True) -> None:
    """Alerts in the knowledge base's words, each with when it was raised."""
    from rich.text import Text

    from twitchcheck.adapters.cli.common import console
    from twitchcheck.knowledge import load_knowledge
    from twitchcheck.services.watch import alert_lines

    kb = load_knowledge()
    out = console(stderr=stderr)
    if heading:
        out.print(Text(kb.message("alert_heading"), style="bold yellow"))
    for alert in alerts:
        when = f"{alert.created_at:%Y-%m-%d %H:%M} UTC"
        for number, line in enumerate(alert_lines(alert, kb)):
            prefix = f"  #{alert.id} {when}: " if number == 0 else "    "
            out.print(Text.assemble((prefix, "dim"), (line, "bold" if number == 0 else "")))
