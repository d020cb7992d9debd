"""twitchcheck: is this post-workout muscle twitch normal, what caused it, and does it need a doctor?

The public API::

    from twitchcheck import assess
    result = assess({"twitch": {"regions": ["calf"], "duration_days": 0.2}})
    result.triage.level          # "self_care"
    result.to_contract()         # the twitchcheck/assessment/1 JSON
"""

from twitchcheck.assessment import Assessment
from twitchcheck.engine import assess, parse_report
from twitchcheck.errors import FieldProblem, InputError
from twitchcheck.knowledge import KnowledgeBase, KnowledgeError, load_knowledge
from twitchcheck.report import Report

__version__ = "0.1.0"

__all__ = [
    "Assessment",
    "FieldProblem",
    "InputError",
    "KnowledgeBase",
    "KnowledgeError",
    "Report",
    "__version__",
    "assess",
    "load_knowledge",
    "parse_report",
]
