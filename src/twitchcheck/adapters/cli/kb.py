"""Output of the `kb` commands: problems as file:line, the entry table, and one entry in full."""

from __future__ import annotations

import difflib
import os
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from rich import box
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from twitchcheck.knowledge.loader import KnowledgeBase, Problem
from twitchcheck.knowledge.model import (
    ENTRY_KINDS,
    FOLDER_KINDS,
    Advice,
    Cases,
    Cause,
    Concept,
    Entry,
    LevelText,
    Question,
    RedFlag,
    Reference,
    Stretch,
)


def problem_line(problem: Problem, root: Path) -> str:
    """`file:line: message`, the file as a path that opens from the current directory."""
    location = Path(problem.file) if problem.file == str(root) else root / problem.file
    return f"{_display_path(location)}:{problem.line}: {problem.message}"


def _display_path(path: Path) -> str:
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        return str(path)
    return str(path) if relative.startswith("..") else relative


def counts_line(kb: KnowledgeBase, root: Path) -> str:
    """The one-line OK of `kb check`, with the number of entries of each kind."""
    counts = Counter(str(entry.kind) for entry in kb.entries())
    parts = [f"{counts[kind]} {kind}" for kind in ENTRY_KINDS if counts[kind]]
    parts.append(f"{len(kb.sources)} sources")
    return f"OK: knowledge base at {_display_path(root)}: {', '.join(parts)}"


def entry_kind_of(name: str) -> str | None:
    """The entry kind a user typed (`red_flag`, `red-flag` or the folder `red_flags`); None if unknown."""
    word = name.strip().lower().replace("-", "_")
    if word in ENTRY_KINDS:
        return word
    return FOLDER_KINDS.get(word)


def title_of(entry: Entry) -> str:
    """The entry's title; a question's is its prompt."""
    return entry.prompt if isinstance(entry, Question) else entry.title


def print_entry_table(kb: KnowledgeBase, kind: str | None, console: Console) -> None:
    """The entries (of one kind, if given): kind, id, status, title. One line each when piped, for grep."""
    rows = [
        (str(entry.kind), entry.id, entry.status, title_of(entry))
        for entry in kb.entries()
        if kind is None or entry.kind == kind
    ]
    header = ("kind", "id", "status", "title")
    if not console.is_terminal:
        widths = [max(len(row[column]) for row in [header, *rows]) for column in range(3)]
        for row in [header, *rows]:
            console.file.write("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False)))
            console.file.write(f"  {row[3]}\n")
        return
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column(header[0], no_wrap=True)
    table.add_column(header[1], style="bold", overflow="fold")
    table.add_column(header[2], no_wrap=True)
    table.add_column(header[3], overflow="fold", ratio=1)
    for row in rows:
        table.add_row(*row)
    console.print(table)


def suggestions(kb: KnowledgeBase, entry_id: str) -> list[str]:
    """Ids close to a mistyped one."""
    ids = sorted({entry.id for entry in kb.entries()})
    return difflib.get_close_matches(entry_id, ids, n=3, cutoff=0.6)


def print_entries(kb: KnowledgeBase, entries: Sequence[Entry], console: Console) -> None:
    """Every entry in full, one panel each."""
    for index, entry in enumerate(entries):
        if index:
            console.print()
        title = Text(f"{entry.kind} ", style="dim")
        title.append(entry.id, style="bold")
        title.append(f" ({entry.status})", style="dim")
        file = kb.locations.get((str(entry.kind), entry.id))
        subtitle = Text(_display_path(kb.root / file[0]), style="dim") if file else None
        console.print(
            Panel(
                Group(*entry_details(kb, entry)),
                title=title,
                title_align="left",
                subtitle=subtitle,
                subtitle_align="right",
                box=box.ROUNDED,
            )
        )


def entry_details(kb: KnowledgeBase, entry: Entry) -> list[RenderableType]:
    """The body of `kb show` for one entry."""
    parts: list[RenderableType] = [Text(title_of(entry), style="bold")]
    if isinstance(entry, Question):
        parts += _question(entry)
    else:
        parts.append(Text(entry.summary))
    if isinstance(entry, LevelText):
        parts += _field("headline", entry.headline) + _field("action", entry.action)
    elif isinstance(entry, Concept):
        parts += _field("body", entry.body)
        if entry.grade is not None:
            parts += _field("grade", f"{entry.grade.replace('_', ' ')}. {entry.grade_note or ''}".strip())
        if entry.when is not None:
            parts += _field("when", entry.when.render())
    elif isinstance(entry, RedFlag):
        parts += _heading("triggers")
        for trigger in entry.triggers:
            parts.append(_item(f"{trigger.id} -> {trigger.level}"))
            parts.append(_indent(Text(f"when {trigger.when.render()}", style="cyan")))
            parts.append(_indent(Text(trigger.reason)))
        parts += _field("what to do", entry.what_to_do)
    elif isinstance(entry, Cause):
        parts += _field("grade", f"{entry.grade.replace('_', ' ')}. {entry.grade_note}")
        parts += _heading("signals")
        for signal in entry.signals:
            parts.append(
                _item(f"{signal.id} (weight {signal.weight:g}; sources: {', '.join(signal.sources)})")
            )
            parts.append(_indent(Text(f"when {signal.when.render()}", style="cyan")))
            parts.append(_indent(Text(signal.evidence)))
    elif isinstance(entry, Advice):
        parts += _field("priority", str(entry.priority)) + _field("when", entry.when.render())
        parts += _heading("variants (the first that applies wins)")
        for variant in entry.variants:
            condition = f"when {variant.when.render()}" if variant.when is not None else "otherwise"
            parts.append(_item(condition, style="cyan"))
            parts.append(_indent(Text(variant.text)))
    elif isinstance(entry, Stretch):
        parts += _field("regions", ", ".join(entry.regions))
        parts += _field("how", entry.how) + _field("hold", f"{entry.hold_seconds} s")
    parts += _references(kb, entry.references)
    cases: Cases | None = getattr(entry, "cases", None)
    if cases is not None:
        parts += _field(
            "cases", f"{len(cases.must_fire)} must fire, {len(cases.must_not_fire)} must not fire"
        )
    return parts


def _question(question: Question) -> list[RenderableType]:
    parts = _field("help", question.help)
    answer = question.answer + (f" ({question.unit})" if question.unit else "")
    parts += _field("answer", answer) + _field("group", f"{question.group}, order {question.order}")
    if question.options:
        parts += _field(
            "options", "; ".join(f"{option.value}: {option.label}" for option in question.options)
        )
    if question.ask_when is not None:
        parts += _field("ask when", question.ask_when.render())
    return parts


def _references(kb: KnowledgeBase, references: Sequence[Reference]) -> list[RenderableType]:
    if not references:
        return []
    parts = _heading("references")
    for reference in references:
        source = kb.sources.get(reference.source)
        line = Text("- ")
        if source is None:
            line.append(reference.source, style="bold red")
        else:
            year = f", {source.year}" if source.year else ""
            line.append(f"{source.title} ({source.publisher}{year})", style="bold")
        line.append(f" [{reference.source}]", style="dim")
        if reference.secondary:
            line.append(" (read from a secondary copy)", style="dim")
        line.append(f": {reference.supports}")
        if source is not None and source.url:
            line.append(f"\n  {source.url}", style=f"dim link {source.url}")
        parts.append(line)
    return parts


def _heading(name: str) -> list[RenderableType]:
    return [Text(), Text(name, style="bold underline")]


def _field(name: str, value: str) -> list[RenderableType]:
    line = Text(f"{name}: ", style="bold")
    line.append(value, style="")
    return [Text(), line]


def _item(text: str, style: str = "bold") -> Text:
    return Text(f"- {text}", style=style)


def _indent(renderable: RenderableType) -> Padding:
    return Padding(renderable, (0, 0, 0, 2))
