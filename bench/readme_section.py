"""Replace one marked section of bench/README.md with a bench's output (for the benches that write one)."""

from __future__ import annotations

from pathlib import Path

README = Path(__file__).resolve().parent / "README.md"


def write_section(name: str, text: str, *, title: str) -> None:
    """Put `text` between `<!-- name: begin -->` and `<!-- name: end -->`, adding the section under `title` at
    the end of the README the first time."""
    begin, end = f"<!-- {name}: begin -->", f"<!-- {name}: end -->"
    readme = README.read_text(encoding="utf-8")
    if begin not in readme:
        readme += f"\n{title}\n\n{begin}\n{end}\n"
    head, _, rest = readme.partition(begin)
    _, _, tail = rest.partition(end)
    README.write_text(f"{head}{begin}\n{text}\n{end}{tail}", encoding="utf-8")
