"""Every command and option is documented, with an example."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import typer
from typer.core import TyperGroup

from tests.adapters.cli.support import run
from twitchcheck import __version__
from twitchcheck.adapters.cli import app


def _commands(command: Any, path: str = "twitchcheck") -> Iterator[tuple[str, Any]]:
    """Every command under `command`, with its full name (typer's Click classes are private)."""
    yield path, command
    if isinstance(command, TyperGroup):
        for name, sub in command.commands.items():
            yield from _commands(sub, f"{path} {name}")


def test_every_command_and_option_has_help_with_an_example() -> None:
    commands = list(_commands(typer.main.get_command(app)))
    assert {path for path, _ in commands} >= {
        "twitchcheck",
        "twitchcheck check",
        "twitchcheck kb",
        "twitchcheck kb check",
        "twitchcheck kb list",
        "twitchcheck kb show",
    }
    for path, command in commands:
        assert command.help, f"{path}: no help"
        assert "Example" in command.help, f"{path}: no example in the help"
        for param in command.params:
            if getattr(param, "hidden", False) or param.name == "help":
                continue
            text = getattr(param, "help", None)
            assert text, f"{path} {param.name}: no help"
            assert "Example" in text, f"{path} {param.name}: no example in the help"


def test_help_runs_for_every_command() -> None:
    for args in ([], ["check"], ["kb"], ["kb", "check"], ["kb", "list"], ["kb", "show"]):
        result = run(*args, "--help")
        assert result.exit_code == 0, (args, result.output)
        assert "Example" in result.stdout


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"twitchcheck {__version__}"
