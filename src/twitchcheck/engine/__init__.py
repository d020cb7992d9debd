"""The assessment engine: pure functions from a report and the knowledge base to an assessment."""

from twitchcheck.core.report import parse_report
from twitchcheck.engine.pipeline import assess

__all__ = ["assess", "parse_report"]
