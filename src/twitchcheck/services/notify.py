"""Alerts by email, from the outbox: each alert once, with no health details (the advice's level and a link),
since email travels in the clear; a mail server that is down is tried again on the next pass. A coach is
emailed once per alert of each person who shares with them, with less still: no name, no level, a link."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime, timedelta

from twitchcheck.knowledge.loader import KnowledgeBase, load_knowledge
from twitchcheck.services.ports import AlertOutbox, CoachAlertEmail, CoachOutbox, Delivered, Mailer
from twitchcheck.services.watch import Alert

EMAIL_WITHIN = timedelta(days=2)
"""An alert older than this is not emailed (the server was down that long, or email was set up later): it is
still shown in the app, and a pile of old alerts never arrives at once."""

_IDS = uuid.UUID("6f1d1c3e-2b1a-4c5e-9a57-2d8f3c6b7a10")


def alert_email(alert: Alert, link: str, knowledge: KnowledgeBase | None = None) -> tuple[str, str]:
    """The subject and body of an alert's email: the level and a link, nothing else."""
    kb = knowledge if knowledge is not None else load_knowledge()
    level = kb.levels[alert.level].title if alert.level in kb.levels else ""  # type: ignore[index]
    return kb.message("alert_email_subject"), kb.message("alert_email_body").format(level=level, link=link)


def message_id(alert: Alert) -> str:
    """One Message-ID per alert, so a receiving server can recognise a copy."""
    key = f"{alert.journal}/{alert.id}/{alert.created_at.isoformat()}"
    return f"<{uuid.uuid5(_IDS, key)}@twitchcheck.alerts>"


def email_alerts(
    outbox: AlertOutbox,
    mailer: Mailer,
    recipient: Callable[[str], str | None],
    now: datetime,
    link: str,
    knowledge: KnowledgeBase | None = None,
) -> Delivered:
    """Email each alert not yet emailed to its journal's address (`recipient(journal)`; None: nobody)."""
    kb = knowledge if knowledge is not None else load_knowledge()

    def send(alert: Alert) -> bool:
        to = recipient(alert.journal)
        if to is None:
            return False
        subject, body = alert_email(alert, link, kb)
        mailer.send(to, subject, body, message_id(alert))
        return True

    return outbox.deliver(send, now, within=EMAIL_WITHIN)


def coach_alert_email(link: str, knowledge: KnowledgeBase | None = None) -> tuple[str, str]:
    """The subject and body of a coach's alert email: that someone who shares has a new alert, and a link.
    No name, no address, no level: the email travels in the clear, and who it is and why is in the app."""
    kb = knowledge if knowledge is not None else load_knowledge()
    return kb.message("coach_alert_email_subject"), kb.message("coach_alert_email_body").format(link=link)


def coach_message_id(email: CoachAlertEmail) -> str:
    """One Message-ID per coach and alert."""
    alert = email.alert
    key = f"coach/{email.coach_id}/{alert.journal}/{alert.id}/{alert.created_at.isoformat()}"
    return f"<{uuid.uuid5(_IDS, key)}@twitchcheck.alerts>"


def email_coach_alerts(
    outbox: CoachOutbox,
    mailer: Mailer,
    now: datetime,
    link: str,
    knowledge: KnowledgeBase | None = None,
) -> Delivered:
    """Email each coach, once per alert, when a person who shares with them has a new alert (the level rose,
    a new red flag or warning: a fall raises none); the email has no health details and names no one."""
    subject, body = coach_alert_email(link, knowledge)

    def send(email: CoachAlertEmail) -> None:
        mailer.send(email.to, subject, body, coach_message_id(email))

    return outbox.deliver(send, now, within=EMAIL_WITHIN)


__all__ = [
    "EMAIL_WITHIN",
    "alert_email",
    "coach_alert_email",
    "coach_message_id",
    "email_alerts",
    "email_coach_alerts",
    "message_id",
]
