"""Free text to a report: a pipeline of small pure stages over the lexicon (`text/data/`).

1. `normalise`: lower-case (offsets kept) and cut into sentences, segments and clauses;
2. `fields`: field phrasings matched, the longest winning;
3. `context`: negation, uncertainty and effort context (ConText-style cues as data);
4. `workouts`, `regions`, `quantities`, `person`: what the phrasings left;
5. `times`: time expressions (the `temporal` grammar, resolved against `now`) attached to what they are about;
6. `result`: findings combined and validated into the report.

Pure: text in, `Understanding` out; no I/O beyond reading the packaged lexicon once, and no clock (`now` is
passed in).
"""

from __future__ import annotations

import re
from datetime import datetime

from twitchcheck.errors import FieldProblem, InputError
from twitchcheck.report import REQUIRED_FIELDS
from twitchcheck.text.fields import read_fields
from twitchcheck.text.lexicon import Lexicon, load_lexicon
from twitchcheck.text.meaning import read_meaning
from twitchcheck.text.model import MAX_TEXT_CHARS, Understanding
from twitchcheck.text.normalise import read_text
from twitchcheck.text.person import read_person
from twitchcheck.text.quantities import find_quantities, read_body_mass, read_drinks, read_fluid
from twitchcheck.text.regions import read_regions
from twitchcheck.text.result import Result, merge, validated, worked_spans
from twitchcheck.text.safety import read_safety_net
from twitchcheck.text.strength import weakness_felt_not_found
from twitchcheck.text.temporal import find_times
from twitchcheck.text.times import infer_duration, read_time
from twitchcheck.text.workouts import infer_event_length, read_workouts


def parse_text(text: str, lexicon: Lexicon | None = None, *, now: datetime | None = None) -> Understanding:
    """What a free-text description says, as a report with a note for every field understood.

    `now` (naive local time, or aware) resolves calendar words ("since Tuesday", "since the 3rd", "since June
    last year"); without it they are reported as not used. Text over `MAX_TEXT_CHARS` is refused (InputError)
    before any parsing, so the time taken stays bounded.
    """
    if not isinstance(text, str):
        raise InputError(
            [FieldProblem("(text)", f"a description is text, not {type(text).__name__}")], what="text"
        )
    if len(text) > MAX_TEXT_CHARS:
        raise InputError(
            [
                FieldProblem(
                    "(text)", f"longer than {MAX_TEXT_CHARS:,} characters; describe it in a paragraph"
                )
            ],
            what="text",
        )
    lexicon = lexicon or load_lexicon()
    result = Result()
    for offset, chunk in _chunks(text):
        merge(result, _read_chunk(chunk, lexicon, now), offset)
    fields, report = validated(result.values, result)
    missing = [path for path in REQUIRED_FIELDS if path not in result.values]
    warnings = list(result.warnings)
    if not text.strip():
        warnings.insert(0, "no text")
    elif not result.notes and not result.outside:
        warnings.insert(0, "could not understand any twitch description")
    else:
        if "twitch.regions" in missing:
            warnings.append("no twitch location understood (which muscle twitches?)")
        if "twitch.duration_days" in missing:
            warnings.append("how long the twitching has lasted was not understood")
    notes = sorted(result.notes, key=lambda note: (note.start, note.field))
    return Understanding(
        text=text, fields=fields, report=report, notes=notes,
        ignored=sorted(result.ignored, key=lambda item: item.start), missing=missing, warnings=warnings,
        outside=sorted(result.outside, key=lambda note: note.start),
    )  # fmt: skip


CHUNK_CHARS = 2_000
"""Longer text is read in pieces of whole sentences, each on its own (a paragraph is one piece), so that the
time grows in proportion to the length. Facts are combined as within one piece; only the links between
pieces (a workout in one, "still twitching" in the next) are lost."""


def _chunks(text: str) -> list[tuple[int, str]]:
    chunks: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > CHUNK_CHARS:
        window = text[start : start + CHUNK_CHARS]
        ends = [match.end() for match in re.finditer(r"[.!?\n]\s", window)]
        cut = ends[-1] if ends and ends[-1] > CHUNK_CHARS // 2 else window.rfind(" ") + 1 or CHUNK_CHARS
        chunks.append((start, text[start : start + cut]))
        start += cut
    chunks.append((start, text[start:]))
    return chunks


def _read_chunk(text: str, lexicon: Lexicon, now: datetime | None) -> Result:
    result = Result()
    read = read_text(text, lexicon)
    if not read.norm.strip():
        return result
    past = [
        (expr.span, expr.days)
        for expr in find_times(read.norm, now)
        if expr.kind in ("moment", "ago") and expr.days is not None
    ]
    taken = read_fields(read, lexicon, result, past)
    read_meaning(read, lexicon, result, taken, past)
    weakness_felt_not_found(read, lexicon, result)
    outside, not_counted = read_safety_net(read, lexicon, taken, past)
    result.outside += outside
    result.ignored += not_counted
    symptom_spans = [(n.start, n.end) for n in result.notes if n.field.startswith("symptoms.")]
    symptom_spans += [(i.start, i.end) for i in result.ignored]
    workouts = read_workouts(read, lexicon, symptom_spans, result)
    twitch_spans = read_regions(read, lexicon, taken, workouts, symptom_spans, result)
    quantities = find_quantities(read, lexicon)
    read_drinks(read, lexicon, symptom_spans, quantities, result)
    read_fluid(read, lexicon, quantities, result)
    read_body_mass(read, lexicon, result)
    today = read_time(
        read, lexicon, now, [*workouts, *worked_spans(result)], twitch_spans, taken, symptom_spans, result
    )
    infer_duration(read, lexicon, twitch_spans, result, today)
    infer_event_length(read, lexicon, result)
    read_person(read, result)
    return result
