"""What a description was understood as, shown so that a person can check and correct it: the Rich rendering
of `services.understood` (the pages render the same view with Jinja)."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from twitchcheck.services.checks import Check
from twitchcheck.services.understood import UnderstoodView, missing_words, understood_view
from twitchcheck.text.model import Understanding


def view_lines(view: UnderstoodView) -> list[Text]:
    """One line per field understood (value, then the words behind it), then what was not counted."""
    lines: list[Text] = []
    for field in view.fields:
        line = Text(f"{field.label}: ", style="bold")
        line.append(field.value)
        if field.words:
            line.append(f"  from {', '.join(field.words)}", style="dim")
        if field.uncertain:
            line.append("  (uncertain)", style="yellow")
        lines.append(line)
    for item in view.not_used:
        lines.append(Text(item.text, style="dim"))
    for warning in view.warnings:
        lines.append(Text(warning, style="yellow"))
    return lines


def understood_lines(understanding: Understanding) -> list[Text]:
    """`view_lines` of what a description was understood as."""
    return view_lines(understood_view(understanding))


def print_understood(check: Check, console: Console) -> None:
    """The section after the card: what was understood, what was not, what was assumed, and uncertain
    escalations."""
    assert check.text is not None
    result = check.text
    view = understood_view(
        result.understanding,
        assumed=result.assumed,
        escalations=result.uncertain_escalations,
        second_opinion=result.second_opinion,
    )
    console.print()
    console.print(Text("What I understood from your words", style="bold underline"))
    for line in view_lines(view):
        console.print(Text("  ").append(line))
    for label, value in view.assumed:
        console.print(
            Text(
                f"  assumed {label}: {value} only to assess the warning sign you described "
                "(it was not in your words; it does not change the level)",
                style="yellow",
            )
        )
    if view.escalations:
        console.print(
            Text(
                "  The level was raised because of an uncertain mention of "
                f"{', '.join(view.escalations)}: when in doubt, a warning sign counts.",
                style="bold yellow",
            )
        )
    if view.second_opinion:
        console.print(Text(f"  {view.second_opinion}", style="bold yellow"))
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
            f"cannot assess without {' and '.join(map(missing_words, understanding.missing))}: say which "
            "muscle twitches and for how long, e.g. 'left calf twitching since yesterday'"
        )
    understood = [
        line.plain for line in understood_lines(understanding) if line.plain not in understanding.warnings
    ]
    if understood:
        head += "\nunderstood so far:\n" + "\n".join(f"  {line}" for line in understood)
    return head
