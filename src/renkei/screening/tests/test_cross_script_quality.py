"""The cross-script pairs under bench/data stay above the issue's floor for every script, in
each set (tuned, held out, fresh), at the threshold the product ships with
(bench/screening_quality.py prints the full table)."""

import csv
from collections import defaultdict
from pathlib import Path

import pytest
from django.conf import settings

from renkei.screening.names import name_keys
from renkei.screening.scoring import name_score

DATA = Path(__file__).resolve().parents[4] / "bench" / "data"


@pytest.mark.parametrize("name", ["cross_script", "cross_script_held_out", "cross_script_fresh"])
def test_every_script_keeps_recall_and_precision(name):
    outcomes: dict[str, list[tuple[bool, bool]]] = defaultdict(list)
    with (DATA / f"{name}.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            score = name_score(name_keys(row["name1"]), name_keys(row["name2"]), row["kind"])
            predicted = score.score >= settings.RENKEI_SCREENING_THRESHOLD
            outcomes[row["script"]].append((predicted, row["is_match"] == "true"))
    assert set(outcomes) == {"lao", "khmer", "kyrgyz", "tajik", "urdu", "katakana", "kanji"}
    for script, pairs in outcomes.items():
        assert sum(actual for _p, actual in pairs) >= 50, script
        assert sum(not actual for _p, actual in pairs) >= 50, script
        tp = sum(p and a for p, a in pairs)
        fp = sum(p and not a for p, a in pairs)
        fn = sum(a and not p for p, a in pairs)
        assert tp / (tp + fn) >= 0.85, (script, "recall")
        assert tp / (tp + fp) >= 0.76, (script, "precision")
