"""Free text to a report: `parse_text(text) -> Understanding` (pure; the lexicon is data in `text/data/`)."""

from twitchcheck.text.model import MAX_TEXT_CHARS, Ignored, Note, Understanding
from twitchcheck.text.parse import parse_text

__all__ = ["MAX_TEXT_CHARS", "Ignored", "Note", "Understanding", "parse_text"]
