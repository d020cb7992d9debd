"""Free text: per-field precision and recall over the corpus, and the time to parse a paragraph.

Run: `make bench-text` (or `.venv/bin/python bench/bench_text.py --write` to update bench/README.md).
With spaCy and negspacy installed (`pip install '.[compare]'`), it also scores NegEx (negspacy's clinical
termset, on `spacy.blank("en")`) against the project's own negation rules on the same phrase matches.

Precision and recall count one (case, field) pair at a time against `tests/text/corpus.yaml`: a field the
case lists and the parser gets right is a true positive; a wrong value is both a false positive and a false
negative; a listed field left unknown is a false negative. The corpus lists every symptom a text states, so a
symptom set that a case does not list is a false positive too; for the other fields the corpus does not
always list what a text implies (the kind of a named workout, the regions it works), so values for unlisted
fields are counted apart ("unlisted"). `known_miss` fields count like any other.
"""

from __future__ import annotations

import argparse
import importlib
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.text.support import RED_FLAG_FIELDS, Case, flatten, load_corpus, same  # noqa: E402

from readme_section import write_section  # noqa: E402
from twitchcheck.text import parse_text  # noqa: E402
from twitchcheck.text.lexicon import Lexicon, load_lexicon  # noqa: E402

GOAL_MS = 50.0


Counts = dict[str, Counter[str]]


def score(
    cases: Iterable[Case], parse: Callable[[str], dict[str, Any]], fields: Iterable[str] | None = None
) -> Counts:
    """Counts by field: tp, fp (wrong, or an unlisted symptom), fn, unlisted (other fields)."""
    counts: dict[str, Counter[str]] = {}
    wanted = set(fields) if fields is not None else None
    for case in cases:
        got = parse(case.text)
        expected = case.expect
        for path in set(got) | set(expected):
            if wanted is not None and path not in wanted:
                continue
            tally = counts.setdefault(path, Counter())
            if path in expected and path in got and same(expected[path], got[path]):
                tally["tp"] += 1
            elif path not in expected and not path.startswith("symptoms."):
                tally["unlisted"] += 1
            else:
                if path in got:
                    tally["fp"] += 1
                if path in expected:
                    tally["fn"] += 1
    return counts


def _ratio(num: int, den: int) -> str:
    return f"{num / den:.1%}" if den else "n/a"


def table(counts: Counts) -> list[str]:
    lines = ["| field | listed | precision | recall | unlisted values |", "|---|---:|---:|---:|---:|"]
    total: Counter[str] = Counter()
    for path in sorted(counts):
        tally = counts[path]
        total.update(tally)
        stated = tally["tp"] + tally["fn"]
        lines.append(
            f"| `{path}` | {stated} | {_ratio(tally['tp'], tally['tp'] + tally['fp'])} "
            f"| {_ratio(tally['tp'], stated)} | {tally['unlisted']} |"
        )
    precision = _ratio(total["tp"], total["tp"] + total["fp"])
    recall = _ratio(total["tp"], total["tp"] + total["fn"])
    lines.append(
        f"| **all fields** | {total['tp'] + total['fn']} | **{precision}** | **{recall}** "
        f"| {total['unlisted']} |"
    )
    return lines


def timings_ms(texts: list[str], rounds: int) -> list[float]:
    """Per-paragraph parse time (ms), the best of `rounds` for each text (the lexicon already loaded)."""
    parse_text(texts[0])
    best: list[float] = []
    for text in texts:
        runs = []
        for _ in range(rounds):
            start = time.perf_counter()
            parse_text(text)
            runs.append((time.perf_counter() - start) * 1000)
        best.append(min(runs))
    return best


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


# The comparison: negspacy's NegEx on the same phrase matches


def _literal(phrase: str) -> bool:
    return not re.search(r"\.\.\.|\*|\{|\?", phrase)


def negex_parser(lexicon: Lexicon) -> tuple[Callable[[str], dict[str, Any]], float] | None:
    """A parser for the symptom fields: an entity ruler with the lexicon's literal phrasings, then NegEx;
    and its set-up time (importing spaCy and negspacy, building the pipeline) in seconds."""
    start = time.perf_counter()
    try:
        spacy: Any = importlib.import_module("spacy")
        termsets: Any = importlib.import_module("negspacy.termsets")
        importlib.import_module("negspacy.negation")  # registers the "negex" factory
    except ImportError:
        return None
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    patterns = []
    labels: dict[str, tuple[str, Any]] = {}
    for index, entry in enumerate(lexicon.fields):
        if not entry.field.startswith("symptoms.") or not isinstance(entry.value, bool):
            continue
        label = f"F{index}"
        labels[label] = (entry.field, entry.value)
        for phrase in [*entry.phrases, *entry.uncertain_phrases, *entry.effort_phrases]:
            if _literal(phrase):
                patterns.append({"label": label, "pattern": [{"LOWER": word} for word in phrase.split()]})
    ruler.add_patterns(patterns)
    nlp.add_pipe("sentencizer", first=True)
    termset = termsets.termset("en_clinical").get_patterns()
    nlp.add_pipe("negex", config={"ent_types": list(labels), "neg_termset": termset})
    setup_s = time.perf_counter() - start

    def parse(text: str) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for entity in nlp(text.replace("\u2019", "'")).ents:
            path, value = labels[entity.label_]
            said = (not value) if entity._.negex else value
            found[path] = found.get(path, False) or said
        return found

    return parse, setup_s


def _ours(text: str) -> dict[str, Any]:
    return flatten(parse_text(text).fields)


def _red_flag_fields(parse: Callable[[str], dict[str, Any]], cases: list[Case]) -> dict[str, int]:
    parsed = {case.text: parse(case.text) for case in cases}
    missed = sum(
        1
        for case in cases
        for path in RED_FLAG_FIELDS
        if case.expect.get(path) is True and parsed[case.text].get(path) is not True
    )
    false_alarms = sum(
        1
        for case in cases
        if case.near_miss
        for path in RED_FLAG_FIELDS
        if parsed[case.text].get(path) is True
    )
    return {"missed": missed, "near_miss_false_alarms": false_alarms}


def report(rounds: int) -> str:
    cases = list(load_corpus())
    texts = [case.text for case in cases]
    import_start = time.perf_counter()  # the package is imported; this is the lexicon and its patterns
    lexicon = load_lexicon()
    parse_text("calves twitching since yesterday")
    first_ms = (time.perf_counter() - import_start) * 1000
    times = timings_ms(texts, rounds)
    median, worst95 = statistics.median(times), p95(times)
    ours = score(cases, _ours)
    stated_red = sum(1 for case in cases for path in RED_FLAG_FIELDS if case.expect.get(path) is True)
    mine = _red_flag_fields(_ours, cases)
    out = [
        f"Corpus: {len(cases)} phrasings ({sum(c.is_vignette for c in cases)} vignettes with both required "
        f"fields, {sum(bool(c.flags) for c in cases)} with warning signs, "
        f"{sum(c.near_miss for c in cases)} near misses), {stated_red} stated warning-sign fields.",
        "",
        "### Parse time per paragraph",
        "",
        "| measure | ms | goal |",
        "|---|---:|---|",
        f"| median over the corpus (best of {rounds} runs each) | {median:.2f} | < {GOAL_MS:.0f} ms |",
        f"| 95th percentile | {worst95:.2f} | < {GOAL_MS:.0f} ms |",
        f"| slowest phrasing | {max(times):.2f} | |",
        f"| first parse in a process (loading and compiling the lexicon) | {first_ms:.0f} | |",
        "",
        "### Per-field precision and recall (own rules)",
        "",
        *table(ours),
        "",
        f"Warning-sign fields: {mine['missed']} of {stated_red} missed; "
        f"{mine['near_miss_false_alarms']} set on a near miss.",
    ]
    compared = negex_parser(lexicon)
    symptoms = sorted(
        {
            path
            for case in cases
            for path in case.expect
            if path.startswith("symptoms.") and path != "symptoms.weakness"
        }
    )
    if compared is None:
        out += ["", "(negspacy not installed: `pip install '.[compare]'` for the comparison.)"]
    else:
        negex, setup_s = compared
        negex_times = []
        for text in texts:
            start = time.perf_counter()
            negex(text)
            negex_times.append((time.perf_counter() - start) * 1000)
        theirs = score(cases, negex, symptoms)
        mine_sym = score(cases, _ours, symptoms)

        def total(counts: Counts) -> tuple[str, str]:
            summed: Counter[str] = Counter()
            for tally in counts.values():
                summed.update(tally)
            tp, fp, fn = summed["tp"], summed["fp"], summed["fn"]
            return _ratio(tp, tp + fp), _ratio(tp, tp + fn)

        theirs_red = _red_flag_fields(negex, cases)
        out += [
            "",
            "### Own rules against negspacy (NegEx, clinical termset) on the yes/no symptom fields",
            "",
            "Both read the same literal phrasings of the lexicon (negspacy through spaCy's entity ruler on",
            '`spacy.blank("en")`; phrasings with gaps, wildcards or macros have no literal form there).',
            "",
            "| system | precision | recall | warning signs missed | near-miss false alarms | median ms "
            "| set-up ms (imports, lexicon or pipeline) |",
            "|---|---:|---:|---:|---:|---:|---:|",
            f"| own rules | {total(mine_sym)[0]} | {total(mine_sym)[1]} | {mine['missed']} | "
            f"{mine['near_miss_false_alarms']} | {median:.2f} | {first_ms:.0f} |",
            f"| negspacy | {total(theirs)[0]} | {total(theirs)[1]} | {theirs_red['missed']} | "
            f"{theirs_red['near_miss_false_alarms']} | {statistics.median(negex_times):.2f} "
            f"| {setup_s * 1000:.0f} |",
        ]
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rounds", type=int, default=20, help="runs per phrasing (default 20)")
    parser.add_argument("--write", action="store_true", help="replace its section of bench/README.md")
    args = parser.parse_args()
    text = report(args.rounds)
    print(text)
    if args.write:
        write_section("bench_text", text, title="### Free text (`bench_text.py`)")


if __name__ == "__main__":
    main()
