"""The free-text reader's second opinion (`twitchcheck.text.resemblance`): train the shipped model; measure.

The model is one logistic regression per "needs at least this level" (see_doctor, urgent, emergency) over
TF-IDF features of the words (1-2 grams) and characters (3-5 grams inside words) of a description, trained
with scikit-learn on the outside corpus's **development part only** (`tests/text/outside/dev.yaml`): the final
part is never trained on, so it stays a measure of generalisation. Its weights are exported as plain JSON
(`src/twitchcheck/text/data/resemblance.json`), which twitchcheck reads with a few lines of pure Python, so
the product neither depends on scikit-learn nor loads NumPy and SciPy to read one description.

    .venv/bin/python bench/text_model.py train      # re-train and write the shipped model (deterministic)
    .venv/bin/python bench/text_model.py measure    # 5-fold CV on dev, then the final part's aggregate, once

`tests/text/test_resemblance.py` re-trains and checks the shipped file is what this script makes, and that the
pure-Python reading gives scikit-learn's probabilities. The settings below (and the threshold 0.7) were chosen
on 2026-12-04 by cross-validation on the development part (bench/README.md, "A second opinion"); changing them
means measuring again on the development part first.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "twitchcheck" / "text" / "data" / "resemblance.json"
DEV = ROOT / "tests" / "text" / "outside" / "dev.yaml"
LEVELS = ("self_care", "see_doctor", "urgent", "emergency")
RANK = {level: index for index, level in enumerate(LEVELS)}
THRESHOLD = 0.7
"""A classifier raises the rules' level only when at least this sure (chosen by CV on dev; see above)."""
WORDS = {"analyzer": "word", "ngram_range": (1, 2), "min_df": 2, "sublinear_tf": True}
CHARS = {"analyzer": "char_wb", "ngram_range": (3, 5), "min_df": 2, "sublinear_tf": True}
REGRESSION = {"C": 4.0, "max_iter": 5000, "class_weight": "balanced", "solver": "lbfgs"}
_WORD = re.compile(r"(?u)\b\w\w+\b")
DIGITS = 8
"""Significant digits kept of each weight: the exported model's probabilities are within 1e-6 of
scikit-learn's."""


def _cases(path: Path = DEV) -> list[dict[str, Any]]:
    import yaml

    cases: list[dict[str, Any]] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return cases


def _lowest(case: dict[str, Any]) -> int:
    return min(RANK[level] for level in case["accept"])


def _round(value: float) -> float:
    return float(f"{value:.{DIGITS}g}")


def fit(cases: list[dict[str, Any]]) -> tuple[Any, Any, list[Any]]:
    """The two vectorisers and the three regressions (k = 1, 2, 3), fitted on `cases`."""
    from scipy.sparse import hstack  # type: ignore[import-untyped]
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    texts = [case["text"] for case in cases]
    words = TfidfVectorizer(**WORDS).fit(texts)
    chars = TfidfVectorizer(**CHARS).fit(texts)
    features = hstack([words.transform(texts), chars.transform(texts)]).tocsr()
    models = []
    for k in (1, 2, 3):
        target = [_lowest(case) >= k for case in cases]
        models.append(LogisticRegression(**REGRESSION).fit(features, target))
    return words, chars, models


def probabilities(fitted: tuple[Any, Any, list[Any]], texts: list[str]) -> list[list[float]]:
    """scikit-learn's P(needs at least level k), k = 1..3, of each text."""
    from scipy.sparse import hstack

    words, chars, models = fitted
    features = hstack([words.transform(texts), chars.transform(texts)]).tocsr()
    columns = [model.predict_proba(features)[:, 1] for model in models]
    return [[float(column[index]) for column in columns] for index in range(len(texts))]


def export(cases: list[dict[str, Any]], source: str) -> dict[str, Any]:
    """The shipped model as data: per vocabulary, each term's idf and its three weights."""
    import sklearn
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    words, chars, models = fitted = fit(cases)
    offset = len(words.vocabulary_)

    def table(vectoriser: Any, start: int) -> dict[str, list[float]]:
        return {
            term: [
                _round(float(vectoriser.idf_[index])),
                *(_round(float(model.coef_[0][start + index])) for model in models),
            ]
            for term, index in sorted(vectoriser.vocabulary_.items())
        }

    checks = [case["text"] for case in cases[:: max(1, len(cases) // 25)]]
    # Below the 5th percentile of the training texts' length the model has seen too little like it: a
    # seven-word line ("had 4 coffees and a spin class") lands on a couple of heavy words. Such lines are the
    # rules' (and the team corpus's) ground.
    lengths = sorted(len(_WORD.findall(case["text"])) for case in cases)
    min_words = lengths[len(lengths) // 20]
    return {
        "about": (
            "twitchcheck.text.resemblance: P(needs at least see_doctor / urgent / emergency) by logistic "
            "regression over TF-IDF features, trained by bench/text_model.py; not a medical source"
        ),
        "trained_on": {
            "corpus": source,
            "cases": len(cases),
            "sha256": hashlib.sha256(DEV.read_bytes()).hexdigest() if source == "dev.yaml" else None,
        },
        "scikit_learn": sklearn.__version__,
        "threshold": THRESHOLD,
        "min_words": min_words,
        # Words that weigh but are never shown as the reason ("he", "and", "to": the names the product prints
        # beside a raised level must say something to the person reading).
        "unshown": sorted(ENGLISH_STOP_WORDS),
        "levels": list(LEVELS[1:]),
        "intercepts": [_round(float(model.intercept_[0])) for model in models],
        "words": {"ngram_range": list(WORDS["ngram_range"]), "terms": table(words, 0)},  # type: ignore[call-overload]
        "chars": {"ngram_range": list(CHARS["ngram_range"]), "terms": table(chars, offset)},  # type: ignore[call-overload]
        "checks": [
            {"text": text, "p": [_round(p) for p in chance]}
            for text, chance in zip(checks, probabilities(fitted, checks), strict=True)
        ],
    }


def dumps(model: dict[str, Any]) -> str:
    return json.dumps(model, ensure_ascii=False, separators=(",", ":"), sort_keys=False) + "\n"


def train() -> None:
    cases = _cases()
    OUT.write_text(dumps(export(cases, "dev.yaml")), encoding="utf-8")
    print(
        f"trained on {len(cases)} development cases; wrote {OUT.relative_to(ROOT)} ({OUT.stat().st_size:,} B)"
    )


def _score(rows: list[dict[str, Any]], chances: list[list[float]] | None, t: float) -> dict[str, Any]:
    """Rules alone (chances None) or rules raised by the classifiers, on outcomes from `_rules`."""
    acceptable = under = emergencies = caught = raised_n = over = 0
    for index, row in enumerate(rows):
        rules = RANK[row["level"]] if row["level"] is not None else None
        raised = None
        if chances is not None:
            raised = next((k for k in (3, 2, 1) if chances[index][k - 1] >= t), None)
        if raised is not None and (rules is None or raised > rules):
            level: int | None = raised
            ok, low = LEVELS[raised] in row["accept"], raised < _lowest(row)
            raised_n += 1
            over += raised > max(RANK[a] for a in row["accept"])
        else:
            level, ok, low = rules, bool(row["acceptable"]), bool(row["under"])
        acceptable += ok
        under += low
        if row["accept"] == ["emergency"]:
            emergencies += 1
            caught += level == RANK["emergency"]
    return {
        "acceptable": round(acceptable / len(rows), 4),
        "under": under,
        "emergencies": f"{caught}/{emergencies}",
        "raised": raised_n,
        "raised_too_high": over,
    }


def _rules(part: str) -> list[dict[str, Any]]:
    """Each case of a part with the rules' own reading (the product with its second opinion switched off)."""
    sys.path[:0] = [str(ROOT), str(ROOT / "src")]
    from tests.text.outside_eval import load_part, read_all

    from twitchcheck.knowledge import load_knowledge

    kb = load_knowledge()
    return [
        {
            "text": outcome.case.text,
            "accept": list(outcome.case.accept),
            "level": outcome.level,
            "acceptable": outcome.acceptable,
            "under": outcome.under_triaged,
        }
        for outcome in read_all(load_part(part), kb, second_opinion=False)
    ]


def measure() -> None:
    from sklearn.model_selection import StratifiedKFold

    dev_cases = _cases()
    dev = _rules("dev")
    chances: list[list[float]] = [[0.0] * 3 for _ in dev]
    folds = StratifiedKFold(5, shuffle=True, random_state=0)
    for train_index, test_index in folds.split(dev, [_lowest(case) for case in dev_cases]):
        fitted = fit([dev_cases[i] for i in train_index])
        for i, chance in zip(
            test_index, probabilities(fitted, [dev[i]["text"] for i in test_index]), strict=True
        ):
            chances[i] = chance
    print("development, rules alone:", _score(dev, None, 2.0))
    for t in (0.5, 0.6, 0.7, 0.8, 0.9):
        print(f"development, 5-fold CV, t={t}:", _score(dev, chances, t))
    final = _rules("final")
    fitted = fit(dev_cases)
    print("final, rules alone:", _score(final, None, 2.0))
    print(f"final, with the second opinion (t={THRESHOLD}):",
          _score(final, probabilities(fitted, [row["text"] for row in final]), THRESHOLD))  # fmt: skip


if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in {"train", "measure"}:
        raise SystemExit(__doc__)
    train() if sys.argv[1] == "train" else measure()
