"""The knowledge base: causes, red flags, advice and more, one YAML entry per file, each with its sources."""

from twitchcheck.knowledge.loader import (
    DATA_DIR,
    KnowledgeBase,
    KnowledgeError,
    Problem,
    load_knowledge,
)

__all__ = ["DATA_DIR", "KnowledgeBase", "KnowledgeError", "Problem", "load_knowledge"]
