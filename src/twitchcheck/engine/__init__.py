"""The assessment engine: pure functions from a report and the knowledge base to an assessment."""

from twitchcheck.engine.pipeline import assess
from twitchcheck.report import parse_report

__all__ = ["assess", "parse_report"]
