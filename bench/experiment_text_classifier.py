"""An experiment, not part of the product: would a statistical reader beside the rules generalise better?

Trains, on the outside corpus's development part only, one small classifier per "at least this level"
(see_doctor, urgent, emergency): TF-IDF of words (1-2 grams) and characters (3-5 grams) with logistic
regression (scikit-learn). Each text's level is then the rules' level, raised (never lowered: recall first) to
the highest level whose classifier is at least `t` sure. `t` is chosen by 5-fold cross-validation on the
development part alone; the final part is read once, with the chosen `t`, and only its aggregate is printed.

Run by hand (scikit-learn is not a dependency of twitchcheck):

    python -m venv /tmp/ml && /tmp/ml/bin/pip install scikit-learn pyyaml
    .venv/bin/python bench/experiment_text_classifier.py dump /tmp/outcomes.json     # the rules' readings
    /tmp/ml/bin/python bench/experiment_text_classifier.py train /tmp/outcomes.json   # CV on dev, then final

Results (2026-12-04) are in bench/README.md ("Free text on outside descriptions").
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

LEVELS = ("self_care", "see_doctor", "urgent", "emergency")
RANK = {level: index for index, level in enumerate(LEVELS)}
THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.9)


def dump(out: Path) -> None:
    """Each outside case with the rules' reading (run with twitchcheck's own environment)."""
    root = Path(__file__).resolve().parents[1]
    sys.path[:0] = [str(root), str(root / "src")]
    from tests.text.outside_eval import load_part, read_all

    from twitchcheck.knowledge import load_knowledge

    kb = load_knowledge()
    rows = [
        {
            "part": part,
            "text": outcome.case.text,
            "accept": list(outcome.case.accept),
            "level": outcome.level,
            "acceptable": outcome.acceptable,
            "under": outcome.under_triaged,
            "emergency": outcome.case.is_emergency,
        }
        for part in ("dev", "final")
        for outcome in read_all(load_part(part), kb)
    ]
    out.write_text(json.dumps(rows), encoding="utf-8")
    print(f"{len(rows)} cases written to {out}")


def _lowest(row: dict[str, Any]) -> int:
    return min(RANK[level] for level in row["accept"])


def _model() -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline, make_union

    words = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), min_df=2, sublinear_tf=True)
    return make_pipeline(
        make_union(words, chars), LogisticRegression(C=4, max_iter=2000, class_weight="balanced")
    )


def _probabilities(train: list[dict[str, Any]], texts: list[str] | None) -> list[list[float]]:
    """P(at least level k) for k = 1..3 of each text (`texts`), or of `train` by 5-fold CV when None."""
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    found: list[list[float]] = [[0.0] * 4 for _ in (texts if texts is not None else train)]
    for k in (1, 2, 3):
        target = [_lowest(row) >= k for row in train]
        model = _model()
        if texts is None:
            folds = StratifiedKFold(5, shuffle=True, random_state=0)
            column = cross_val_predict(
                model, [row["text"] for row in train], target, cv=folds, method="predict_proba"
            )[:, 1]
        else:
            model.fit([row["text"] for row in train], target)
            column = model.predict_proba(texts)[:, 1]
        for index, value in enumerate(column):
            found[index][k] = float(value)
    return found


def _score(rows: list[dict[str, Any]], probabilities: list[list[float]], t: float) -> dict[str, Any]:
    acceptable = under = emergencies = caught = 0
    for row, chance in zip(rows, probabilities, strict=True):
        raised = next((k for k in (3, 2, 1) if chance[k] >= t), None)
        rules = RANK[row["level"]] if row["level"] is not None else None
        if raised is not None and (rules is None or raised > rules):
            level: int | None = raised
            ok, low = LEVELS[raised] in row["accept"], raised < _lowest(row)
        else:
            level, ok, low = rules, bool(row["acceptable"]), bool(row["under"])
        acceptable += ok
        under += low
        if row["emergency"]:
            emergencies += 1
            caught += level == RANK["emergency"]
    return {
        "acceptable": f"{acceptable / len(rows):.1%}",
        "under-triaged": under,
        "emergencies caught": f"{caught} of {emergencies}",
    }


def train(source: Path) -> None:
    rows = json.loads(source.read_text(encoding="utf-8"))
    dev = [row for row in rows if row["part"] == "dev"]
    final = [row for row in rows if row["part"] == "final"]
    none = [[0.0] * 4 for _ in dev]
    alone = _score(dev, none, 2.0)
    print("development, rules alone:", alone)
    cross = _probabilities(dev, None)
    results = {t: _score(dev, cross, t) for t in THRESHOLDS}
    for t, result in results.items():
        print(f"development, 5-fold CV, t={t}:", result)
    # The threshold, on dev alone: the lowest that keeps dev's acceptable share within half a point of the
    # rules alone (a lower threshold raises more, so catches more and over-triages more).
    floor = float(alone["acceptable"][:-1]) - 0.5
    chosen = next(t for t in THRESHOLDS if float(results[t]["acceptable"][:-1]) >= floor)
    print(f"chosen on development: t={chosen}")
    print("final, rules alone:", _score(final, [[0.0] * 4 for _ in final], 2.0))
    texts = [row["text"] for row in final]
    print(f"final, rules + classifiers (t={chosen}):", _score(final, _probabilities(dev, texts), chosen))


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in {"dump", "train"}:
        raise SystemExit(__doc__)
    (dump if sys.argv[1] == "dump" else train)(Path(sys.argv[2]))
