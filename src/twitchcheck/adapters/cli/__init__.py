"""The `twitchcheck` command line: a thin adapter over the library (`assess`, `load_knowledge`, `kb check`).

Heavy modules (the Rich renderer, the interview) are imported inside the commands, so that
`twitchcheck check --format json` starts fast.
"""

from twitchcheck.adapters.cli.app import app, main

__all__ = ["app", "main"]
