"""Compatibility: the CLI test helpers moved to `tests.adapters.cli.support` (the free-text corpus imports
them from here)."""

from tests.adapters.cli.support import *  # noqa: F403  # a re-export, by design
from tests.adapters.cli.support import run as run
