"""What a description was understood as, shown so that a person can check and correct it."""

from __future__ import annotations

from collections import defaultdict

from rich.console import Console
from rich.text import Text

from twitchcheck.cli.render import format_value
from twitchcheck.text.assess import TextAssessment
from twitchcheck.text.model import Understanding


def understood_lines(understanding: Understanding) -> list[Text]:
    """One line per field understood (value, then the words behind it), then what was set aside."""
    words: dict[str, list[str]] = defaultdict(list)
    flags: dict[str, set[str]] = defaultdict(set)
    for note in understanding.notes:
        words[note.field].append(repr(note.words))
        if note.uncertain:
            flags[note.field].add("uncertain")
        if note.negated:
            flags[note.field].add("negated")
    lines: list[Text] = []
    for section, values in understanding.fields.items():
        for name, value in values.items():
            path = f"{section}.{name}"
            line = Text(f"{path} = ", style="bold")
            line.append(format_value(value))
            if words.get(path):
                line.append(f"  from {', '.join(dict.fromkeys(words[path]))}", style="dim")
            if path in understanding.uncertain_fields:
                line.append("  (uncertain)", style="yellow")
            lines.append(line)
    for item in understanding.ignored:
        lines.append(Text(f"not counted: {item.words!r} ({item.field}): {item.reason}", style="dim"))
    for warning in understanding.warnings:
        lines.append(Text(warning, style="yellow"))
    return lines


def print_understood(result: TextAssessment, console: Console) -> None:
    """The section after the card: what was understood, what was assumed, and uncertain escalations."""
    console.print()
    console.print(Text("What I understood from your words", style="bold underline"))
    for line in understood_lines(result.understanding):
        console.print(Text("  ").append(line))
    for path, value in result.assumed.items():
        console.print(
            Text(
                f"  assumed {path} = {format_value(value)} only to assess the warning sign you described "
                "(it was not in your words; it does not change the level)",
                style="yellow",
            )
        )
    if result.uncertain_escalations:
        console.print(
            Text(
                "  The level was raised because of an uncertain mention of "
                f"{', '.join(result.uncertain_escalations)}: when in doubt, a warning sign counts.",
                style="bold yellow",
            )
        )
    console.print(
        Text("  Not what you meant? Run it again with different words, or use --input.", style="dim")
    )


def not_understood_message(understanding: Understanding) -> str:
    """Why a description cannot be assessed: the missing fields, and what was understood."""
    if understanding.warnings and understanding.warnings[0] in (
        "no text",
        "could not understand any twitch description",
    ):
        head = understanding.warnings[0] + " (describe, in English, which muscle twitches and since when)"
    else:
        head = (
            f"cannot assess without {' and '.join(understanding.missing)}: say which muscle twitches and "
            "for how long, e.g. 'left calf twitching since yesterday'"
        )
    understood = [
        line.plain for line in understood_lines(understanding) if line.plain not in understanding.warnings
    ]
    if understood:
        head += "\nunderstood so far:\n" + "\n".join(f"  {line}" for line in understood)
    return head
