"""The service layer: every use case, once. Every adapter (the CLI, the API routes, the pages, FHIR, the
doctor's report) calls these; none composes a use case itself.

- checks (`checks`, `text_checks`): `assess_report`, `assess_text`, `assess_answers`, with the person's
  journal the same way from every door; and the public `assess` and `parse_report`;
- after a description (`followup`): the questions for what it left missing, and the confirming ones;
- the journal (`status`): `journal_status`, `coach_view`, `journal_triggers_json`;
- keeping watch (`watch`): `current_status` (the stored status when current), `refresh_status` after a
  change, `sweep`, `unseen_alerts`;
- the doctor's report (`doctor`): `doctor_report`;
- logging (`logging`): `log_events`, `save_check`, and the `consequence` of what was logged;
- values as people type them (`entries`): durations, amounts, caffeine, moments;
- what a description was understood as, laid out for any renderer (`understood`);
- `kb check` (`knowledge`): `check_knowledge`;
- administering accounts (`accounts`): create, list, disable, enable, delete, a code to set a password.

Storage comes in through `ports.JournalPort` (the storage adapter's `Journal` fits it). Names are imported
on first use (PEP 562), so that `check --input` never loads the free-text reader (the CLI's cold start).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "Check": "checks",
    "assess": "checks",
    "assess_answers": "checks",
    "assess_report": "checks",
    "parse_report": "checks",
    "NotUnderstood": "text_checks",
    "assess_text": "text_checks",
    "read_text": "text_checks",
    "DoctorReport": "doctor",
    "NothingToReport": "doctor",
    "doctor_report": "doctor",
    "follow_up_questions": "followup",
    "with_answers": "followup",
    "Logged": "logging",
    "consequence": "logging",
    "log_events": "logging",
    "save_check": "logging",
    "JournalPort": "ports",
    "CoachView": "status",
    "Status": "status",
    "coach_view": "status",
    "journal_status": "status",
    "journal_triggers_json": "status",
    "UnderstoodView": "understood",
    "Alert": "watch",
    "Current": "watch",
    "StoredStatus": "watch",
    "current_status": "watch",
    "coach_status": "watch",
    "refresh_status": "watch",
    "sweep": "watch",
    "unseen_alerts": "watch",
    "understood_view": "understood",
}

__all__ = [
    "Alert",
    "Check",
    "CoachView",
    "Current",
    "DoctorReport",
    "JournalPort",
    "Logged",
    "NotUnderstood",
    "NothingToReport",
    "Status",
    "StoredStatus",
    "UnderstoodView",
    "assess",
    "assess_answers",
    "assess_report",
    "assess_text",
    "coach_status",
    "coach_view",
    "consequence",
    "current_status",
    "doctor_report",
    "follow_up_questions",
    "journal_status",
    "journal_triggers_json",
    "log_events",
    "parse_report",
    "read_text",
    "refresh_status",
    "save_check",
    "sweep",
    "understood_view",
    "unseen_alerts",
    "with_answers",
]

if TYPE_CHECKING:
    from twitchcheck.services.checks import Check, assess, assess_answers, assess_report, parse_report
    from twitchcheck.services.doctor import DoctorReport, NothingToReport, doctor_report
    from twitchcheck.services.followup import follow_up_questions, with_answers
    from twitchcheck.services.logging import Logged, consequence, log_events, save_check
    from twitchcheck.services.ports import JournalPort
    from twitchcheck.services.status import (
        CoachView,
        Status,
        coach_view,
        journal_status,
        journal_triggers_json,
    )
    from twitchcheck.services.text_checks import NotUnderstood, assess_text, read_text
    from twitchcheck.services.understood import UnderstoodView, understood_view
    from twitchcheck.services.watch import (
        Alert,
        Current,
        StoredStatus,
        coach_status,
        current_status,
        refresh_status,
        sweep,
        unseen_alerts,
    )


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'twitchcheck.services' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"twitchcheck.services.{module}"), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})
