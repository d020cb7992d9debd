"""Exit codes, and the error every command turns into a message on stderr."""

from __future__ import annotations

EXIT_PROBLEMS = 1
"""`kb check` found problems, the knowledge base does not load, or an internal error."""
EXIT_USAGE = 2
"""Bad input: a report that is not JSON or breaks the report format, a missing file, an unknown id."""
EXIT_INTERRUPTED = 130


class CliError(Exception):
    """A problem the user can act on: shown as a message on stderr, never as a traceback."""

    def __init__(self, message: str, exit_code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code
