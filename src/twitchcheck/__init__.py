"""twitchcheck: is this post-workout muscle twitch normal, what caused it, and does it need a doctor?

The public API::

    from twitchcheck import assess
    result = assess({"twitch": {"regions": ["calf"], "duration_days": 0.2}})
    result.triage.level          # "self_care"
    result.to_contract()         # the twitchcheck/assessment/1 JSON

    understood = parse_report("calves twitching since yesterday after leg day, no weakness")
    understood.report            # the Report; understood.notes: the words behind every field

    from twitchcheck import Journal
    with Journal.open() as journal:                     # the default journal, or a path or URL
        history = journal.history()
    assess(report, history=history)                     # the journal fills gaps and can only raise the level

Names are imported on first use (PEP 562), so `import twitchcheck` stays cheap for the CLI's cold start.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "Assessment": "twitchcheck.core.assessment",
    "FieldProblem": "twitchcheck.core.errors",
    "History": "twitchcheck.journal.events",
    "InputError": "twitchcheck.core.errors",
    "Journal": "twitchcheck.adapters.storage.journal",
    "JournalError": "twitchcheck.adapters.storage.journal",
    "KnowledgeBase": "twitchcheck.knowledge.loader",
    "KnowledgeError": "twitchcheck.knowledge.loader",
    "Report": "twitchcheck.core.report",
    "Understanding": "twitchcheck.text.model",
    "assess": "twitchcheck.services.checks",
    "journal_assessment": "twitchcheck.journal.link",
    "load_knowledge": "twitchcheck.knowledge.loader",
    "services": "twitchcheck.services",
    "parse_report": "twitchcheck.services.checks",
}

__all__ = [
    "Assessment",
    "FieldProblem",
    "History",
    "InputError",
    "Journal",
    "JournalError",
    "KnowledgeBase",
    "KnowledgeError",
    "Report",
    "Understanding",
    "__version__",
    "assess",
    "journal_assessment",
    "load_knowledge",
    "parse_report",
    "services",
]

if TYPE_CHECKING:
    from twitchcheck import services
    from twitchcheck.adapters.storage.journal import Journal, JournalError
    from twitchcheck.core.assessment import Assessment
    from twitchcheck.core.errors import FieldProblem, InputError
    from twitchcheck.core.report import Report
    from twitchcheck.journal.events import History
    from twitchcheck.journal.link import journal_assessment
    from twitchcheck.knowledge.loader import KnowledgeBase, KnowledgeError, load_knowledge
    from twitchcheck.services.checks import assess, parse_report
    from twitchcheck.text.model import Understanding


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'twitchcheck' has no attribute {name!r}")
    imported = importlib.import_module(module)
    value = imported if module == f"twitchcheck.{name}" else getattr(imported, name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})
